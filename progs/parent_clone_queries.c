// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_dynptr_adjust(), bpf_dynptr_size(), bpf_dynptr_is_null() and
 * bpf_dynptr_is_rdonly() on clones.  They read or change only the dynptr,
 * yet a clone of a released ringbuf record is dead for them too, in any
 * frame.  A clone whose sibling was merely overwritten lives: always for
 * an skb, for a record from the kernel that allows overwriting a
 * referenced dynptr while a clone holds the reference (7.1).
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
__description("queries: adjust of a clone after its original was submitted")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
int adjust_clone_after_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_submit_dynptr(&a, 0);
	bpf_dynptr_adjust(&b, 0, 8);
	return 0;
}

SEC("?tc")
__description("queries: size of a clone after its original was discarded")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_size)
int size_clone_after_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_discard_dynptr(&a, 0);
	return bpf_dynptr_size(&b);
}

SEC("?tc")
__description("queries: is_null of the original after its clone was submitted")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_is_null)
int is_null_orig_after_clone_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return bpf_dynptr_is_null(&a);
}

static __noinline int clone_submit_size(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;

	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_submit_dynptr(a, 0);
	return bpf_dynptr_size(&b);
}

SEC("?tc")
__description("queries: size of a callee's clone after the callee submits the original")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_size)
__fixed_by(CLONE_RELEASE_BUG)
int size_callee_clone_after_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &a);
	return clone_submit_size(&a);
}

static __noinline int clone_discard_adjust(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;

	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_discard_dynptr(a, 0);
	return bpf_dynptr_adjust(&b, 4, 8);
}

SEC("?tc")
__description("queries: adjust of a callee's clone after the callee discards the original")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__fixed_by(CLONE_RELEASE_BUG)
int adjust_callee_clone_after_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &a);
	return clone_discard_adjust(&a);
}

static __noinline int clone_submit_rdonly(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;

	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_submit_dynptr(a, 0);
	return bpf_dynptr_is_rdonly(&b);
}

SEC("?tc")
__description("queries: is_rdonly of a callee's clone after the callee submits the original")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_is_rdonly)
__fixed_by(CLONE_RELEASE_BUG)
int is_rdonly_callee_clone_after_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &a);
	return clone_submit_rdonly(&a);
}

SEC("?tc")
__description("queries guard: all four on an skb clone whose original was overwritten")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_adjust) __needs_kfunc(bpf_dynptr_size)
__needs_kfunc(bpf_dynptr_is_null) __needs_kfunc(bpf_dynptr_is_rdonly)
int skb_clone_queries_after_overwrite_orig(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&a);
	if (bpf_dynptr_adjust(&b, 8, 16))
		return 1;
	if (bpf_dynptr_is_null(&b) || bpf_dynptr_is_rdonly(&b))
		return 2;
	return bpf_dynptr_size(&b);
}

SEC("?tc")
__description("queries guard: adjust, size of a record's clone after its original is overwritten")
__success
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_kfunc(bpf_dynptr_size)
__fixed_by(REFCNT_RELAX)
int record_clone_queries_after_overwrite_orig(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	int ret;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &a);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&a);
	bpf_dynptr_adjust(&b, 0, 8);
	ret = bpf_dynptr_size(&b);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return ret;
}

SEC("?tc")
__description("queries guard: is_null, size of a record after its clone is overwritten")
__success
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_is_null)
__needs_kfunc(bpf_dynptr_size)
__fixed_by(REFCNT_RELAX)
int record_orig_queries_after_overwrite_clone(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	int ret;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &a);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&b);
	ret = bpf_dynptr_is_null(&a) + bpf_dynptr_size(&a);
	bpf_ringbuf_discard_dynptr(&a, 0);
	return ret;
}
