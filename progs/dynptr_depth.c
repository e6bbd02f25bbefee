// SPDX-License-Identifier: GPL-2.0
/*
 * Clone-of-clone chains over the 8 call frames a program may use on every
 * kernel of the line: frame n (main is 0) clones the dynptr of frame n-1
 * and takes a kfunc slice of its clone; frame 7 releases something, and
 * one frame uses its slice or its clone after the release.
 *
 * A release must reach every descendant of the released object, in
 * whichever frame it lives, and nothing else:
 *   ringbuf  submitting or discarding any dynptr of a reservation ends
 *            the record: every clone and slice in all 8 frames dies;
 *   skb      overwriting a dynptr's stack slot ends that dynptr and its
 *            slices only; its clones are children of the skb, not of it
 *            (before the series a kfunc slice outlived the overwrite: it
 *            stays a packet pointer of a live skb, a rule gap, not a use
 *            after free);
 *   qdisc    dropping the skb ends every dynptr, clone and slice of it
 *            (progs/dynptr_depth_qdisc.c).
 * An unrelated record, or a dynptr of another parent, stays usable.
 *
 * The frame that uses and the thing released are a constant "mode"
 * passed down the chain; the verifier knows its value in every frame.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "bpf_refs_dynptr.h"

#define SERIES_FIX "308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"
#define INVALID_DYNPTR "Expected an initialized dynptr as"
#define INVALID_MEM "invalid mem access"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

#define REC_LEN		64

/* mode: the frame that uses (bits 0-3), how, and what frame 7 releases. */
#define AT(mode)	((mode) & 0xf)
#define USE_SLICE	0x10	/* store through the frame's slice */
#define USE_CLONE	0x20	/* bpf_dynptr_write() to the frame's clone */
#define REL_ROOT	0x100	/* release frame 0's dynptr */
#define REL_PREV	0x200	/* release frame 6's dynptr */
#define REL_OWN		0x400	/* release frame 7's own clone */
#define REL_NONE	0x800	/* release nothing in frame 7 */

__u32 seen;

/* Use frame n's slice or clone if mode says so. */
static __always_inline void use_at(int mode, int n, __u32 *p,
				   struct bpf_dynptr *d)
{
	__u32 v = n;

	if (AT(mode) != n)
		return;
	if ((mode & USE_SLICE) && p)
		*p = v;
	if (mode & USE_CLONE)
		bpf_dynptr_write(d, 0, &v, sizeof(v), 0);
}

/*
 * Ringbuf chain.  Frame 7 submits (REL_ROOT, REL_OWN) or discards
 * (REL_PREV); every dynptr of the chain belongs to the one record.  Up to
 * 7.1 kfunc slices of a ringbuf dynptr carry no reference and outlive the
 * release in every frame, and clones outlive it outside the released
 * dynptr's frame.
 */
static __noinline int rb7(struct bpf_dynptr *root, struct bpf_dynptr *prev,
			  int mode)
{
	struct bpf_dynptr d;
	__u32 *p;

	bpf_dynptr_clone(prev, &d);
	p = bpf_dynptr_slice_rdwr(&d, 0, NULL, sizeof(*p));
	if (mode & REL_ROOT)
		bpf_ringbuf_submit_dynptr(root, 0);
	else if (mode & REL_PREV)
		bpf_ringbuf_discard_dynptr(prev, 0);
	else
		bpf_ringbuf_submit_dynptr(&d, 0);
	use_at(mode, 7, p, &d);
	return 0;
}

#define RB_LEVEL(n, next)						\
static __noinline int rb##n(struct bpf_dynptr *root,			\
			    struct bpf_dynptr *prev, int mode)		\
{									\
	struct bpf_dynptr d;						\
	__u32 *p;							\
									\
	bpf_dynptr_clone(prev, &d);					\
	p = bpf_dynptr_slice_rdwr(&d, 0, NULL, sizeof(*p));		\
	rb##next(root, &d, mode);					\
	use_at(mode, n, p, &d);						\
	return 0;							\
}

RB_LEVEL(6, 7)
RB_LEVEL(5, 6)
RB_LEVEL(4, 5)
RB_LEVEL(3, 4)
RB_LEVEL(2, 3)
RB_LEVEL(1, 2)

static __always_inline int rb_chain(int mode)
{
	struct bpf_dynptr d;
	__u32 *p;

	bpf_ringbuf_reserve_dynptr(&rb, REC_LEN, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, 0, NULL, sizeof(*p));
	rb1(&d, &d, mode);
	use_at(mode, 0, p, &d);
	return 0;
}

SEC("?tc")
__description("depth ringbuf: frame 7 submits the root, frame 0 stores to its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_submit_root_slice_at_0(struct __sk_buff *skb)
{
	return rb_chain(REL_ROOT | USE_SLICE | 0);
}

SEC("?tc")
__description("depth ringbuf: frame 7 submits the root, frame 1 stores to its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_submit_root_slice_at_1(struct __sk_buff *skb)
{
	return rb_chain(REL_ROOT | USE_SLICE | 1);
}

SEC("?tc")
__description("depth ringbuf: frame 7 submits the root, frame 2 stores to its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_submit_root_slice_at_2(struct __sk_buff *skb)
{
	return rb_chain(REL_ROOT | USE_SLICE | 2);
}

SEC("?tc")
__description("depth ringbuf: frame 7 submits the root, frame 3 stores to its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_submit_root_slice_at_3(struct __sk_buff *skb)
{
	return rb_chain(REL_ROOT | USE_SLICE | 3);
}

SEC("?tc")
__description("depth ringbuf: frame 7 submits the root, frame 4 stores to its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_submit_root_slice_at_4(struct __sk_buff *skb)
{
	return rb_chain(REL_ROOT | USE_SLICE | 4);
}

SEC("?tc")
__description("depth ringbuf: frame 7 submits the root, frame 5 stores to its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_submit_root_slice_at_5(struct __sk_buff *skb)
{
	return rb_chain(REL_ROOT | USE_SLICE | 5);
}

SEC("?tc")
__description("depth ringbuf: frame 7 submits the root, frame 6 stores to its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_submit_root_slice_at_6(struct __sk_buff *skb)
{
	return rb_chain(REL_ROOT | USE_SLICE | 6);
}

SEC("?tc")
__description("depth ringbuf: frame 7 submits the root, then stores to its own slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_submit_root_slice_at_7(struct __sk_buff *skb)
{
	return rb_chain(REL_ROOT | USE_SLICE | 7);
}

SEC("?tc")
__description("depth ringbuf: frame 7 submits its own clone, frame 0 writes to the root")
__failure __msg(INVALID_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_submit_own_write_root(struct __sk_buff *skb)
{
	return rb_chain(REL_OWN | USE_CLONE | 0);
}

SEC("?tc")
__description("depth ringbuf: frame 7 submits its own clone, frame 3 writes to its clone")
__failure __msg(INVALID_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_submit_own_write_clone_at_3(struct __sk_buff *skb)
{
	return rb_chain(REL_OWN | USE_CLONE | 3);
}

SEC("?tc")
__description("depth ringbuf: frame 7 discards frame 6's clone, frame 6 stores to its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int rb_discard_prev_slice_at_6(struct __sk_buff *skb)
{
	return rb_chain(REL_PREV | USE_SLICE | 6);
}

SEC("?tc")
__description("depth ringbuf guard: frame 7 submits the root, no frame uses anything after")
__success
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
int rb_submit_root_no_use(struct __sk_buff *skb)
{
	return rb_chain(REL_ROOT);
}

/* Chain of record A; record B and its slice live in frame 0 throughout. */
SEC("?tc")
__description("depth ringbuf guard: another record's slice outlives the chain's release")
__success
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
int rb_unrelated_record_survives(struct __sk_buff *skb)
{
	struct bpf_dynptr b;
	__u32 *q;

	bpf_ringbuf_reserve_dynptr(&rb, REC_LEN, 0, &b);
	q = bpf_dynptr_slice_rdwr(&b, 0, NULL, sizeof(*q));
	rb_chain(REL_ROOT);
	if (q)
		*q = 1;
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

/*
 * skb chain (tc: the skb is the context, no reference).  Frame 7
 * overwrites frame 0's dynptr (REL_ROOT), frame 6's (REL_PREV) or its
 * own (REL_OWN) with a store to the slot.
 */
static __noinline int sk7(struct bpf_dynptr *root, struct bpf_dynptr *prev,
			  int mode)
{
	struct bpf_dynptr d;
	__u32 *p;

	bpf_dynptr_clone(prev, &d);
	p = bpf_dynptr_slice(&d, 0, NULL, sizeof(*p));
	if (mode & REL_ROOT)
		clobber_dynptr(root);
	else if (mode & REL_PREV)
		clobber_dynptr(prev);
	else if (mode & REL_OWN)
		clobber_dynptr(&d);
	if (AT(mode) == 7 && p)
		seen = *p;
	return 0;
}

#define SK_LEVEL(n, next)						\
static __noinline int sk##n(struct bpf_dynptr *root,			\
			    struct bpf_dynptr *prev, int mode)		\
{									\
	struct bpf_dynptr d;						\
	__u32 *p;							\
									\
	bpf_dynptr_clone(prev, &d);					\
	p = bpf_dynptr_slice(&d, 0, NULL, sizeof(*p));			\
	sk##next(root, &d, mode);					\
	if (AT(mode) == (n) && p)						\
		seen = *p;						\
	return 0;							\
}

SK_LEVEL(6, 7)
SK_LEVEL(5, 6)
SK_LEVEL(4, 5)
SK_LEVEL(3, 4)
SK_LEVEL(2, 3)
SK_LEVEL(1, 2)

static __always_inline int sk_chain(struct __sk_buff *skb, int mode)
{
	struct bpf_dynptr d;
	__u32 *p;

	bpf_dynptr_from_skb(skb, 0, &d);
	p = bpf_dynptr_slice(&d, 0, NULL, sizeof(*p));
	sk1(&d, &d, mode);
	if (AT(mode) == 0 && p)
		seen = *p;
	return 0;
}

SEC("?tc")
__description("depth skb: frame 7 overwrites frame 0's dynptr, frame 0 reads its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
__fixed_by(SERIES_FIX)
int sk_overwrite_root_slice_at_0(struct __sk_buff *skb)
{
	return sk_chain(skb, REL_ROOT | 0);
}

SEC("?tc")
__description("depth skb guard: frame 7 overwrites frame 0's dynptr, frame 4 reads its slice")
__success
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int sk_overwrite_root_slice_at_4(struct __sk_buff *skb)
{
	return sk_chain(skb, REL_ROOT | 4);
}

SEC("?tc")
__description("depth skb: frame 7 overwrites frame 6's clone, frame 6 reads its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
__fixed_by(SERIES_FIX)
int sk_overwrite_prev_slice_at_6(struct __sk_buff *skb)
{
	return sk_chain(skb, REL_PREV | 6);
}

SEC("?tc")
__description("depth skb guard: frame 7 overwrites frame 6's clone, then reads its own slice")
__success
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int sk_overwrite_prev_slice_at_7(struct __sk_buff *skb)
{
	return sk_chain(skb, REL_PREV | 7);
}

SEC("?tc")
__description("depth skb guard: frame 7 overwrites its own clone, frame 5 reads its slice")
__success
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int sk_overwrite_own_slice_at_5(struct __sk_buff *skb)
{
	return sk_chain(skb, REL_OWN | 5);
}

SEC("?tc")
__description("depth skb: frame 7 overwrites its own clone, then reads its slice")
__failure __msg(INVALID_MEM)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
__fixed_by(SERIES_FIX)
int sk_overwrite_own_slice_at_7(struct __sk_buff *skb)
{
	return sk_chain(skb, REL_OWN | 7);
}
