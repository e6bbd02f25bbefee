// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_dynptr_copy() (6.15) between dynptrs of one ringbuf record (an
 * original and its clones) and of unrelated parents.  Either side must be
 * a live dynptr: once the record is submitted or discarded, a clone of it
 * is neither a source nor a destination, in whichever frame it lives.
 */
#include "rel_common.h"

#define SERIES_FIX "308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"
#define REFCNT_RELAX "017f5c4ef73c bpf: Allow overwriting referenced dynptr when refcnt > 1"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

SEC("?tc")
__description("copy guard: between an original and its clone, then submit")
__success
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_copy)
int copy_between_clones(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_copy(&b, 8, &a, 0, 8);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return 0;
}

SEC("?tc")
__description("copy guard: from an skb dynptr into an unrelated record")
__success
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_copy)
int copy_skb_into_record(struct __sk_buff *ctx)
{
	struct bpf_dynptr s, r;

	bpf_dynptr_from_skb(ctx, 0, &s);
	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &r);
	bpf_dynptr_copy(&r, 0, &s, 0, 16);
	bpf_ringbuf_submit_dynptr(&r, 0);
	return 0;
}

SEC("?tc")
__description("copy guard: a clone copied into another record outlives that record's submit")
__success
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_copy)
int copy_clone_outlives_unrelated_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &c);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_copy(&c, 0, &b, 0, 8);
	bpf_ringbuf_submit_dynptr(&c, 0);
	bpf_dynptr_copy(&b, 0, &a, 0, 4);
	bpf_ringbuf_discard_dynptr(&a, 0);
	return 0;
}

SEC("?tc")
__description("copy: from a clone after its original was submitted")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_copy)
int copy_from_clone_after_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &c);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_submit_dynptr(&a, 0);
	bpf_dynptr_copy(&c, 0, &b, 0, 8);
	bpf_ringbuf_submit_dynptr(&c, 0);
	return 0;
}

SEC("?tc")
__description("copy: into the original after its clone was discarded")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_copy)
int copy_into_orig_after_clone_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &c);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_discard_dynptr(&b, 0);
	bpf_dynptr_copy(&a, 0, &c, 0, 8);
	bpf_ringbuf_submit_dynptr(&c, 0);
	return 0;
}

static __noinline int clone_submit_copy_from(struct bpf_dynptr *a,
					     struct bpf_dynptr *c)
{
	struct bpf_dynptr b;

	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_submit_dynptr(a, 0);
	bpf_dynptr_copy(c, 0, &b, 0, 8);
	return 0;
}

SEC("?tc")
__description("copy: from a callee's clone after the callee submitted the caller's original")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_copy)
__fixed_by(CLONE_RELEASE_BUG)
int copy_from_callee_clone_after_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, c;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &c);
	clone_submit_copy_from(&a, &c);
	bpf_ringbuf_submit_dynptr(&c, 0);
	return 0;
}

static __noinline int clone_discard_copy_into(struct bpf_dynptr *a,
					      struct bpf_dynptr *c)
{
	struct bpf_dynptr b;

	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_discard_dynptr(a, 0);
	bpf_dynptr_copy(&b, 0, c, 0, 8);
	return 0;
}

SEC("?tc")
__description("copy: into a callee's clone after the callee discarded the caller's original")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_copy)
__fixed_by(CLONE_RELEASE_BUG)
int copy_into_callee_clone_after_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, c;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &c);
	clone_discard_copy_into(&a, &c);
	bpf_ringbuf_submit_dynptr(&c, 0);
	return 0;
}

SEC("?tc")
__description("copy guard: from a clone whose original was overwritten, then submit the clone")
__success
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_copy)
__fixed_by(REFCNT_RELAX)
int copy_from_clone_after_overwrite_orig(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &c);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&a);
	bpf_dynptr_copy(&c, 0, &b, 0, 8);
	bpf_ringbuf_submit_dynptr(&b, 0);
	bpf_ringbuf_submit_dynptr(&c, 0);
	return 0;
}
