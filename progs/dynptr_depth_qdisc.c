// SPDX-License-Identifier: GPL-2.0
/*
 * The qdisc part of progs/dynptr_depth.c (an object with struct_ops maps
 * loads only where the bpf qdisc exists): a clone-of-clone chain of the
 * skb's dynptr over 8 call frames in a bpf qdisc, which owns the skb.
 * Dropping the skb in frame 7 must end every dynptr, clone and slice of
 * it in all 8 frames.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_qdisc.h"
#include "bpf_refs_misc.h"

#define SERIES_FIX "308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"
#define INVALID_MEM "invalid mem access"

char _license[] SEC("license") = "GPL";

/* mode: the frame that reads its slice (bits 0-3); REL_NONE: frame 0 drops. */
#define AT(mode)	((mode) & 0xf)
#define REL_NONE	0x800

__u32 seen;

/* Frame 7 drops the skb, unless REL_NONE. */
static __noinline int qd7(struct bpf_dynptr *prev, struct sk_buff *skb,
			  struct bpf_sk_buff_ptr *to_free, int mode)
{
	struct bpf_dynptr d;
	__u32 *p;

	bpf_dynptr_clone(prev, &d);
	p = bpf_dynptr_slice(&d, 0, NULL, sizeof(*p));
	if (!(mode & REL_NONE))
		bpf_qdisc_skb_drop(skb, to_free);
	if (AT(mode) == 7 && p)
		seen = *p;
	return 0;
}

#define QD_LEVEL(n, next)						\
static __noinline int qd##n(struct bpf_dynptr *prev,			\
			    struct sk_buff *skb,			\
			    struct bpf_sk_buff_ptr *to_free, int mode)	\
{									\
	struct bpf_dynptr d;						\
	__u32 *p;							\
									\
	bpf_dynptr_clone(prev, &d);					\
	p = bpf_dynptr_slice(&d, 0, NULL, sizeof(*p));			\
	qd##next(&d, skb, to_free, mode);				\
	if (AT(mode) == (n) && p)						\
		seen = *p;						\
	return 0;							\
}

QD_LEVEL(6, 7)
QD_LEVEL(5, 6)
QD_LEVEL(4, 5)
QD_LEVEL(3, 4)
QD_LEVEL(2, 3)
QD_LEVEL(1, 2)

static __always_inline int qd_chain(struct sk_buff *skb,
				    struct bpf_sk_buff_ptr *to_free, int mode)
{
	struct bpf_dynptr d;
	__u32 *p;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &d);
	p = bpf_dynptr_slice(&d, 0, NULL, sizeof(*p));
	qd1(&d, skb, to_free, mode);
	if (AT(mode) == 0 && p)
		seen = *p;
	if (mode & REL_NONE)
		bpf_qdisc_skb_drop(skb, to_free);
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("depth qdisc: frame 7 drops the skb, frame 0 reads its slice")
__failure __msg(INVALID_MEM)
__needs_struct_ops(Qdisc_ops) __needs_kfunc(bpf_dynptr_from_skb)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(SERIES_FIX)
int BPF_PROG(qd_drop_slice_at_0, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	return qd_chain(skb, to_free, 0);
}

SEC("?struct_ops")
__description("depth qdisc: frame 7 drops the skb, frame 3 reads its clone's slice")
__failure __msg(INVALID_MEM)
__needs_struct_ops(Qdisc_ops) __needs_kfunc(bpf_dynptr_from_skb)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(SERIES_FIX)
int BPF_PROG(qd_drop_slice_at_3, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	return qd_chain(skb, to_free, 3);
}

SEC("?struct_ops")
__description("depth qdisc: frame 7 drops the skb, then reads its own clone's slice")
__failure __msg(INVALID_MEM)
__needs_struct_ops(Qdisc_ops) __needs_kfunc(bpf_dynptr_from_skb)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(SERIES_FIX)
int BPF_PROG(qd_drop_slice_at_7, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	return qd_chain(skb, to_free, 7);
}

SEC("?struct_ops")
__description("depth qdisc guard: frame 3 reads its slice, frame 0 drops the skb after the chain")
__success
__needs_struct_ops(Qdisc_ops) __needs_kfunc(bpf_dynptr_from_skb)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
int BPF_PROG(qd_drop_after_chain, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	return qd_chain(skb, to_free, REL_NONE | 3);
}

/* What the kernel needs besides enqueue; loaded with every test. */
SEC("?struct_ops")
__auxiliary
struct sk_buff *BPF_PROG(refs_dequeue, struct Qdisc *sch)
{
	return NULL;
}

SEC("?struct_ops")
__auxiliary
int BPF_PROG(refs_init, struct Qdisc *sch, struct nlattr *opt,
	     struct netlink_ext_ack *extack)
{
	return 0;
}

SEC("?struct_ops")
__auxiliary
void BPF_PROG(refs_reset, struct Qdisc *sch)
{
}

SEC("?struct_ops")
__auxiliary
void BPF_PROG(refs_destroy, struct Qdisc *sch)
{
}

QDISC_OPS_MAP(qd_drop_slice_at_0);
QDISC_OPS_MAP(qd_drop_slice_at_3);
QDISC_OPS_MAP(qd_drop_slice_at_7);
QDISC_OPS_MAP(qd_drop_after_chain);
