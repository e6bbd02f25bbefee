// SPDX-License-Identifier: GPL-2.0
/*
 * Relationship matrix, parent = ring buffer record
 * (bpf_ringbuf_reserve_dynptr; tc so positive tests run).
 *
 * A ringbuf dynptr holds a reference on its record.  Clones share that
 * reference; submitting or discarding any of them releases the record, so
 * the dynptr, every clone (in every frame) and every slice of any of them
 * must die, while records reserved separately stay untouched.  Overwriting
 * the stack slot of a dynptr that holds the only reference is a leak and is
 * always rejected; once a clone holds the reference too, the overwrite is
 * safe (allowed from 017f5c4ef73c) and must kill only the overwritten dynptr
 * and its slices.
 */
#include "rel_common.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rel_rb SEC(".maps");

#define REC_SZ		16

#define FIX_UAF		"308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"
#define FIX_OVERWRITE	"017f5c4ef73c bpf: Allow overwriting referenced dynptr when refcnt > 1"
#define FIX_REFCNT	"2eee6fe8ac2c bpf: Fix dynptr ref counting to scan all call frames"

static __noinline int submit_in_callee(struct bpf_dynptr *d)
{
	bpf_ringbuf_submit_dynptr(d, 0);
	return 0;
}

static __noinline __u8 *slice_in_callee(struct bpf_dynptr *d)
{
	return bpf_dynptr_slice_rdwr(d, 0, NULL, 4);
}

/* The callee's own clone must die with the caller's record. */
static __noinline int clone_discard_read_in_callee(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;
	__u8 v = 0;

	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_discard_dynptr(a, 0);
	bpf_dynptr_read(&v, sizeof(v), &b, 0, 0);
	return v;
}

/* Releasing the callee's clone must kill the caller's original. */
static __noinline int clone_submit_in_callee(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;

	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

/* A slice of the callee's clone must die with the caller's record. */
static __noinline int clone_slice_submit_write_in_callee(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;
	__u8 *p;

	bpf_dynptr_clone(a, &b);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, 4);
	bpf_ringbuf_submit_dynptr(a, 0);
	if (p)
		rel_write(p, 1);
	return 0;
}

/* S10 variant B: the callee's clone keeps the reference. */
static __noinline int clone_overwrite_submit_in_callee(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;

	bpf_dynptr_clone(a, &b);
	rel_clobber(a);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

/* ---- what must stay valid ---- */

SEC("?tc")
__description("ringbuf: write through a slice of a clone, then submit the clone")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int clone_slice_write_then_submit_clone(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, 4);
	if (p)
		rel_write(p, 1);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: clone of a clone writes, then discards the record")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_write)
int clone_of_clone_write_then_discard_it(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 v = 1;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	bpf_dynptr_write(&c, 0, &v, sizeof(v), 0);
	bpf_ringbuf_discard_dynptr(&c, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: an adjusted clone writes, then the original submits")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_adjust) __needs_helper(bpf_dynptr_write)
int adjusted_clone_write_then_submit_orig(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 v = 1;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_adjust(&b, 4, 8);
	bpf_dynptr_write(&b, 0, &v, sizeof(v), 0);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: slice of another record survives submit of the first")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_slice_rdwr)
int unrelated_slice_after_submit_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a1, a2;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a1);
	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a2);
	p = bpf_dynptr_slice_rdwr(&a2, 0, NULL, 4);
	bpf_ringbuf_submit_dynptr(&a1, 0);
	if (p)
		rel_write(p, 1);
	bpf_ringbuf_submit_dynptr(&a2, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: bpf_dynptr_data of another record survives discard of the first")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_helper(bpf_dynptr_data)
int unrelated_data_after_discard_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a1, a2;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a1);
	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a2);
	p = bpf_dynptr_data(&a2, 0, 4);
	bpf_ringbuf_discard_dynptr(&a1, 0);
	if (p)
		rel_write(p, 1);
	bpf_ringbuf_submit_dynptr(&a2, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: clone of another record survives discard of the first")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_write)
int unrelated_clone_after_discard_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a1, a2, b2;
	__u8 v = 1;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a1);
	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a2);
	bpf_dynptr_clone(&a2, &b2);
	bpf_ringbuf_discard_dynptr(&a1, 0);
	bpf_dynptr_write(&b2, 0, &v, sizeof(v), 0);
	bpf_ringbuf_submit_dynptr(&b2, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: slice of another record survives submit of the first in a callee")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int unrelated_clone_slice_after_callee_submit_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a1, a2, b2;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a1);
	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a2);
	bpf_dynptr_clone(&a2, &b2);
	p = bpf_dynptr_slice_rdwr(&b2, 0, NULL, 4);
	submit_in_callee(&a1);
	if (p)
		rel_write(p, 1);
	bpf_ringbuf_submit_dynptr(&a2, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: clone made by a callee into the caller's frame submits the record")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int callee_clone_slice_write_then_submit_clone(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_into(&a, &b);
	p = slice_in_callee(&b);
	if (p)
		rel_write(p, 1);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: overwrite of the original while a clone holds the reference (P5)")
__success __retval(0)
__fixed_by(FIX_OVERWRITE)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
int overwrite_orig_while_clone_holds_ref_submit_clone(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&a);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: slice of a clone survives overwrite of the original")
__success __retval(0)
__fixed_by(FIX_OVERWRITE)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int clone_slice_after_overwrite_orig_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, 4);
	rel_clobber(&a);
	if (p)
		rel_write(p, 1);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: callee overwrites the original, the caller's clone holds the ref (S10 A)")
__success __retval(0)
__fixed_by(FIX_OVERWRITE)	/* both dynptrs live in the caller's frame */
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
int callee_overwrite_orig_caller_clone_submits(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	clobber_in_callee(&a);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: callee clones, overwrites the caller's original, submits (S10 B)")
__success __retval(0)
__fixed_by(FIX_REFCNT)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
int callee_clone_overwrite_orig_submit_clone(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_overwrite_submit_in_callee(&a);
	return 0;
}

/* ---- what must be invalidated ---- */

SEC("?tc")
__description("ringbuf: the original is dead after submit")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_helper(bpf_dynptr_read)
int orig_after_submit_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 v = 0;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_ringbuf_submit_dynptr(&a, 0);
	bpf_dynptr_read(&v, sizeof(v), &a, 0, 0);
	return v;
}

SEC("?tc")
__description("ringbuf: a clone is dead after submit of the original (P4)")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_write)
int clone_after_submit_orig_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 v = 1;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_submit_dynptr(&a, 0);
	bpf_dynptr_write(&b, 0, &v, sizeof(v), 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: the original is dead after discard of its clone")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_write)
int orig_after_discard_clone_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 v = 1;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_discard_dynptr(&b, 0);
	bpf_dynptr_write(&a, 0, &v, sizeof(v), 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: a clone of a clone is dead after submit of the original")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int clone_of_clone_after_submit_orig_slice(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	bpf_ringbuf_submit_dynptr(&a, 0);
	p = bpf_dynptr_slice(&c, 0, NULL, 4);
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("ringbuf: an adjusted clone is dead after submit of the original")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_adjust)
int adjusted_clone_after_submit_orig_adjust(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_adjust(&b, 4, 8);
	bpf_ringbuf_submit_dynptr(&a, 0);
	bpf_dynptr_adjust(&b, 0, 2);
	return 0;
}

SEC("?tc")
__description("ringbuf: rdwr slice of a clone is dead after submit of the original")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(FIX_UAF)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int clone_slice_after_submit_orig_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, 4);
	if (!p) {
		bpf_ringbuf_discard_dynptr(&a, 0);
		return 1;
	}
	bpf_ringbuf_submit_dynptr(&a, 0);
	rel_write(p, 1);
	return 0;
}

SEC("?tc")
__description("ringbuf: bpf_dynptr_data of the original is dead after submit of a clone")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_data)
int orig_data_after_submit_clone_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_data(&a, 0, 4);
	if (!p) {
		bpf_ringbuf_discard_dynptr(&a, 0);
		return 1;
	}
	bpf_ringbuf_submit_dynptr(&b, 0);
	rel_write(p, 1);
	return 0;
}

SEC("?tc")
__description("ringbuf: slice of a clone of a clone is dead after discard of the original")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(CLONE_RELEASE_BUG)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int clone_of_clone_slice_after_discard_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	p = bpf_dynptr_slice(&c, 0, NULL, 4);
	if (!p) {
		bpf_ringbuf_discard_dynptr(&a, 0);
		return 1;
	}
	bpf_ringbuf_discard_dynptr(&a, 0);
	return rel_read(p);
}

SEC("?tc")
__description("ringbuf: slice of a clone is dead after a callee submits the original")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(FIX_UAF)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int clone_slice_after_callee_submit_orig_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, 4);
	if (!p) {
		bpf_ringbuf_discard_dynptr(&a, 0);
		return 1;
	}
	submit_in_callee(&a);
	rel_write(p, 1);
	return 0;
}

SEC("?tc")
__description("ringbuf: the caller's clone is dead after a callee submits the original")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_read)
int clone_after_callee_submit_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 v = 0;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	submit_in_callee(&a);
	bpf_dynptr_read(&v, sizeof(v), &b, 0, 0);
	return v;
}

SEC("?tc")
__description("ringbuf: slice returned by a callee is dead after the caller submits")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(FIX_UAF)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int callee_slice_of_clone_after_submit_orig_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = slice_in_callee(&b);
	if (!p) {
		bpf_ringbuf_discard_dynptr(&a, 0);
		return 1;
	}
	bpf_ringbuf_submit_dynptr(&a, 0);
	rel_write(p, 1);
	return 0;
}

SEC("?tc")
__description("ringbuf: original is dead after a callee submits the clone it made for the caller")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_write)
int orig_after_callee_clone_callee_submit_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 v = 1;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_into(&a, &b);
	submit_in_callee(&b);
	bpf_dynptr_write(&a, 0, &v, sizeof(v), 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: a callee's own clone is dead after the callee discards the caller's record")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__fixed_by(CLONE_RELEASE_BUG)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_read)
int callee_clone_after_callee_discard_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	return clone_discard_read_in_callee(&a);
}

SEC("?tc")
__description("ringbuf: the caller's original is dead after a callee submits its own clone")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__fixed_by(CLONE_RELEASE_BUG)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_write)
int orig_after_callee_submit_callee_clone_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 v = 1;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_submit_in_callee(&a);
	bpf_dynptr_write(&a, 0, &v, sizeof(v), 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: slice of a callee's own clone is dead after the callee submits")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(FIX_UAF)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int callee_clone_slice_after_callee_submit_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	return clone_slice_submit_write_in_callee(&a);
}

SEC("?tc")
__description("ringbuf: overwriting the only dynptr of a record is rejected")
__failure __msg(REL_MSG_OVERWRITE_REF)
__needs_helper(bpf_ringbuf_reserve_dynptr)
__fixed_by("ef8fc7a07c0e bpf: Fix partial dynptr stack slot reads/writes")
int overwrite_sole_ref_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	rel_clobber(&a);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: overwriting the last clone after the original was overwritten is rejected")
__failure __msg(REL_MSG_OVERWRITE_REF)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
int overwrite_orig_then_last_clone(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&a);
	rel_clobber(&b);
	return 0;
}

SEC("?tc")
__description("ringbuf: the overwritten original is dead although its clone holds the ref")
__failure
__msg("{{" REL_MSG_OVERWRITE_REF "|" REL_MSG_DEAD_DYNPTR "|" REL_MSG_UNACQUIRED "}}")
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
int orig_after_overwrite_orig_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&a);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: slice of the overwritten original is dead although its clone holds the ref")
__failure
__msg("{{" REL_MSG_OVERWRITE_REF "|" REL_MSG_DEAD_SLICE "}}")
/* 7.1 allows the overwrite but leaves the slice writable */
__fixed_by(FIX_UAF)
__broken_by(FIX_OVERWRITE)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int orig_slice_after_overwrite_orig_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&a, 0, NULL, 4);
	rel_clobber(&a);
	if (p)
		rel_write(p, 1);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: clone's slice is dead after the clone that outlived an overwrite submits")
__failure
__msg("{{" REL_MSG_OVERWRITE_REF "|" REL_MSG_DEAD_SLICE "}}")
/* 7.1 allows the overwrite but leaves the slice writable */
__fixed_by(FIX_UAF)
__broken_by(FIX_OVERWRITE)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int clone_slice_after_overwrite_orig_submit_clone_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, 4);
	rel_clobber(&a);
	bpf_ringbuf_submit_dynptr(&b, 0);
	if (p)
		rel_write(p, 1);
	return 0;
}

/*
 * A callee clones the caller's dynptr on its own stack and returns a slice
 * of the clone.  The clone dies with the callee's frame; the slice is still
 * memory of the record and must die when the caller submits or discards
 * it.  7.2 and 7.3 keep it usable (found by tools/fuzz/fuzzgen, docs/fuzz.md):
 * the link from the slice to the record goes with the clone.
 */
#define RETURNED_CLONE_BUG "bug-returned-clone-slice (no released fix)"

static __noinline __u8 *slice_of_callee_clone(struct bpf_dynptr *d)
{
	struct bpf_dynptr c;

	bpf_dynptr_clone(d, &c);
	return bpf_dynptr_slice_rdwr(&c, 0, NULL, 4);
}

SEC("?tc")
__description("ringbuf: a callee clone's returned slice is dead after the caller discards")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(RETURNED_CLONE_BUG)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int returned_clone_slice_read_after_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	p = slice_of_callee_clone(&a);
	bpf_ringbuf_discard_dynptr(&a, 0);
	if (p)
		return rel_read(p);
	return 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's returned slice is dead after the caller submits")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(RETURNED_CLONE_BUG)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int returned_clone_slice_write_after_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	p = slice_of_callee_clone(&a);
	bpf_ringbuf_submit_dynptr(&a, 0);
	if (p)
		rel_write(p, 1);
	return 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's returned slice is usable until the caller submits")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int returned_clone_slice_write_before_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	p = slice_of_callee_clone(&a);
	if (p)
		rel_write(p, 1);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return 0;
}

/*
 * The same gap, other ways out of the callee: a slice of a clone that
 * lived in a callee's (or a deeper callee's) frame reaches the caller
 * through an out-parameter, a field of the caller's struct, or two returns.
 * Read-only slices, so that a kernel refusing bpf_dynptr_slice_rdwr runs them.
 */
struct rel_slice_box {
	__u64 tag;
	__u8 *p;
};

static __noinline int clone_slice_to_out(struct bpf_dynptr *d, __u8 **out)
{
	struct bpf_dynptr c;

	bpf_dynptr_clone(d, &c);
	*out = bpf_dynptr_slice(&c, 0, NULL, 4);
	return 0;
}

static __noinline int clone_slice_to_box(struct bpf_dynptr *d,
					 struct rel_slice_box *box)
{
	struct bpf_dynptr c;

	bpf_dynptr_clone(d, &c);
	box->tag = 1;
	box->p = bpf_dynptr_slice(&c, 0, NULL, 4);
	return 0;
}

static __noinline __u8 *ro_slice_of_callee_clone(struct bpf_dynptr *d)
{
	struct bpf_dynptr c;

	bpf_dynptr_clone(d, &c);
	return bpf_dynptr_slice(&c, 0, NULL, 4);
}

/* Two frames deep: the clone dies in the grandchild. */
static __noinline __u8 *ro_slice_two_levels(struct bpf_dynptr *d)
{
	return ro_slice_of_callee_clone(d);
}

/* The grandchild stores its clone's slice in the caller's stack. */
static __noinline int clone_slice_to_out_two_levels(struct bpf_dynptr *d,
						    __u8 **out)
{
	return clone_slice_to_out(d, out);
}

SEC("?tc")
__description("ringbuf: a callee clone's slice put in an out-parameter is dead after discard")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(RETURNED_CLONE_BUG)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int out_clone_slice_read_after_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p = NULL;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_slice_to_out(&a, &p);
	bpf_ringbuf_discard_dynptr(&a, 0);
	if (p)
		return rel_read(p);
	return 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's slice put in an out-parameter is usable before discard")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int out_clone_slice_read_before_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p = NULL;
	__u8 v = 0;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_slice_to_out(&a, &p);
	if (p)
		v = rel_read(p);
	bpf_ringbuf_discard_dynptr(&a, 0);
	return v & 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's slice in the caller's struct is dead after discard")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(RETURNED_CLONE_BUG)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int box_clone_slice_read_after_discard(struct __sk_buff *ctx)
{
	struct rel_slice_box box = {};
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_slice_to_box(&a, &box);
	bpf_ringbuf_discard_dynptr(&a, 0);
	if (box.p)
		return rel_read(box.p);
	return 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's slice in the caller's struct is usable before discard")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int box_clone_slice_read_before_discard(struct __sk_buff *ctx)
{
	struct rel_slice_box box = {};
	struct bpf_dynptr a;
	__u8 v = 0;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_slice_to_box(&a, &box);
	if (box.p)
		v = rel_read(box.p);
	bpf_ringbuf_discard_dynptr(&a, 0);
	return v & 0;
}

SEC("?tc")
__description("ringbuf: a grandchild clone's slice, returned twice, is dead after submit")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(RETURNED_CLONE_BUG)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int two_level_clone_slice_read_after_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	p = ro_slice_two_levels(&a);
	bpf_ringbuf_submit_dynptr(&a, 0);
	if (p)
		return rel_read(p);
	return 0;
}

SEC("?tc")
__description("ringbuf: a grandchild clone's slice, returned twice, is usable before submit")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int two_level_clone_slice_read_before_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 v = 0;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	p = ro_slice_two_levels(&a);
	if (p)
		v = rel_read(p);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return v & 0;
}

SEC("?tc")
__description("ringbuf: a grandchild clone's slice stored two frames up is dead after discard")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(RETURNED_CLONE_BUG)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int deep_out_clone_slice_read_after_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p = NULL;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_slice_to_out_two_levels(&a, &p);
	bpf_ringbuf_discard_dynptr(&a, 0);
	if (p)
		return rel_read(p);
	return 0;
}

SEC("?tc")
__description("ringbuf: a grandchild clone's slice stored two frames up is usable before discard")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int deep_out_clone_slice_read_before_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p = NULL;
	__u8 v = 0;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_slice_to_out_two_levels(&a, &p);
	if (p)
		v = rel_read(p);
	bpf_ringbuf_discard_dynptr(&a, 0);
	return v & 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's returned slice is dead after another callee submits")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(RETURNED_CLONE_BUG)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int returned_clone_slice_read_after_callee_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	p = ro_slice_of_callee_clone(&a);
	submit_in_callee(&a);
	if (p)
		return rel_read(p);
	return 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's returned slice is usable until another callee submits")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int returned_clone_slice_read_before_callee_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 v = 0;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	p = ro_slice_of_callee_clone(&a);
	if (p)
		v = rel_read(p);
	submit_in_callee(&a);
	return v & 0;
}

/*
 * The helper's slice, bpf_dynptr_data(), of a callee's clone: up to 7.1 it
 * carries the record's reference and dies with it in every frame; from
 * 7.2 it is tied to the clone only, which the callee's return ends.
 */
static __noinline __u8 *data_of_callee_clone(struct bpf_dynptr *d)
{
	struct bpf_dynptr c;

	bpf_dynptr_clone(d, &c);
	return bpf_dynptr_data(&c, 0, 4);
}

static __noinline int clone_data_to_out(struct bpf_dynptr *d, __u8 **out)
{
	struct bpf_dynptr c;

	bpf_dynptr_clone(d, &c);
	*out = bpf_dynptr_data(&c, 0, 4);
	return 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's returned bpf_dynptr_data is dead after submit")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(RETURNED_CLONE_BUG)
__broken_by(FIX_UAF)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_helper(bpf_dynptr_data)
__needs_kfunc(bpf_dynptr_clone)
int returned_clone_data_write_after_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	p = data_of_callee_clone(&a);
	bpf_ringbuf_submit_dynptr(&a, 0);
	if (p)
		rel_write(p, 1);
	return 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's returned bpf_dynptr_data is writable before submit")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_helper(bpf_dynptr_data)
__needs_kfunc(bpf_dynptr_clone)
int returned_clone_data_write_before_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	p = data_of_callee_clone(&a);
	if (p)
		rel_write(p, 1);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's bpf_dynptr_data in an out-parameter is dead after discard")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(RETURNED_CLONE_BUG)
__broken_by(FIX_UAF)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_helper(bpf_dynptr_data)
__needs_kfunc(bpf_dynptr_clone)
int out_clone_data_read_after_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p = NULL;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_data_to_out(&a, &p);
	bpf_ringbuf_discard_dynptr(&a, 0);
	if (p)
		return rel_read(p);
	return 0;
}

SEC("?tc")
__description("ringbuf: a callee clone's bpf_dynptr_data in an out-parameter is usable first")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_helper(bpf_dynptr_data)
__needs_kfunc(bpf_dynptr_clone)
int out_clone_data_read_before_discard(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p = NULL;
	__u8 v = 0;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	clone_data_to_out(&a, &p);
	if (p)
		v = rel_read(p);
	bpf_ringbuf_discard_dynptr(&a, 0);
	return v & 0;
}

/*
 * Not of the class: the slice stored through the out-parameter is of the
 * caller's own dynptr, which lives on; 7.2 ends it with the record.
 */
static __noinline int slice_to_out(struct bpf_dynptr *d, __u8 **out)
{
	*out = bpf_dynptr_slice_rdwr(d, 0, NULL, 4);
	return 0;
}

SEC("?tc")
__description("ringbuf: a slice of the caller's dynptr in an out-parameter is dead after submit")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(FIX_UAF)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_slice_rdwr)
int out_slice_write_after_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p = NULL;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	slice_to_out(&a, &p);
	bpf_ringbuf_submit_dynptr(&a, 0);
	if (p)
		rel_write(p, 1);
	return 0;
}

SEC("?tc")
__description("ringbuf: a slice of the caller's dynptr in an out-parameter is writable first")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_kfunc(bpf_dynptr_slice_rdwr)
int out_slice_write_before_submit(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p = NULL;

	bpf_ringbuf_reserve_dynptr(&rel_rb, REC_SZ, 0, &a);
	slice_to_out(&a, &p);
	if (p)
		rel_write(p, 1);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return 0;
}
