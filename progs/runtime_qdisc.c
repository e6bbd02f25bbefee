// SPDX-License-Identifier: GPL-2.0
/*
 * Programs of the runtime_qdisc probes (prog_tests/runtime_qdisc.c): the
 * bpf qdisc skb dynptr scenarios S1-S3 and S9 as qdiscs that really run.
 * Each enqueue program reads the frame through a slice after its skb was
 * released, counts the stale reads and those that still saw the frame's
 * mark, and drops the packet; dequeue has nothing to hand out.  Only a
 * kernel without 308c7a0ae885 accepts S1-S3; S9 (a slice returned by a
 * subprog whose dynptr died with its frame) also needs b65cc81792eb,
 * which no released kernel has.  Only a vmtest guest runs them.
 *
 * The stale read is done twice: loads by the program, which the JIT
 * emits without KASAN checks, and bpf_strtoul() on the same bytes, whose
 * byte loads (__bpf_strtoull()) are kernel C code that KASAN checks: on a
 * KASAN kernel a read of freed memory (S3, S9) is reported.  A copy such
 * as bpf_ringbuf_output() would not do: on x86 memcpy() is only checked
 * with CONFIG_CC_HAS_KASAN_MEMINTRINSIC_PREFIX, which bookworm's gcc 12
 * lacks (its bpf_ringbuf_output() calls __memcpy() unchecked).
 */
#include <linux/if_ether.h>
#include "bpf_refs_qdisc.h"
#include "bpf_refs_misc.h"

/* Bytes 14..17 of every frame the probe sends (QDISC_MARK there). */
#define RT_QDISC_MARK	0x5ca1ab1e

char _license[] SEC("license") = "GPL";

/* The probe's frame as a stale read sees it. */
struct rt_frame {
	struct ethhdr eth;
	__u32 mark;
} __attribute__((packed));

__u32 enqueued;		/* every enqueue */
__u32 stale_reads;	/* reads through a slice of a released skb */
__u32 stale_marked;	/* ... that still saw the probe's mark */

static __always_inline void rt_stale_read(const struct rt_frame *f)
{
	unsigned long val;

	__sync_fetch_and_add(&stale_reads, 1);
	if (f->mark == RT_QDISC_MARK)
		__sync_fetch_and_add(&stale_marked, 1);
	/* the kernel reads the frame's first bytes, KASAN checking */
	bpf_strtoul((const char *)f, sizeof(*f), 0, &val);
}

static __always_inline struct rt_frame *rt_slice(struct bpf_dynptr *ptr)
{
	return bpf_dynptr_slice(ptr, 0, NULL, sizeof(struct rt_frame));
}

/* S1: slice after bpf_qdisc_skb_drop() (skb freed after enqueue returns). */
SEC("struct_ops")
int BPF_PROG(rt_drop_then_slice, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct rt_frame *f;

	__sync_fetch_and_add(&enqueued, 1);
	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	bpf_qdisc_skb_drop(skb, to_free);
	f = rt_slice(&ptr);
	if (f)
		rt_stale_read(f);
	return NET_XMIT_DROP;
}

/* S2: read a slice taken before bpf_qdisc_skb_drop(). */
SEC("struct_ops")
int BPF_PROG(rt_drop_then_read_slice, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct rt_frame *f;

	__sync_fetch_and_add(&enqueued, 1);
	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	f = rt_slice(&ptr);
	if (!f) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_qdisc_skb_drop(skb, to_free);
	rt_stale_read(f);
	return NET_XMIT_DROP;
}

static __noinline int rt_free_skb(struct sk_buff *skb)
{
	bpf_kfree_skb(skb);
	return 0;
}

/* S3: a callee frees the skb at once; the caller reads its slice. */
SEC("struct_ops")
int BPF_PROG(rt_kfree_in_callee, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct rt_frame *f;

	__sync_fetch_and_add(&enqueued, 1);
	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	f = rt_slice(&ptr);
	if (!f) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	rt_free_skb(skb);
	rt_stale_read(f);
	return NET_XMIT_DROP;
}

/* S9's subprog: the dynptr lives, and dies, in its frame; the slice not. */
static __noinline struct rt_frame *rt_frame_of_skb(struct sk_buff *skb)
{
	struct bpf_dynptr ptr;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	return rt_slice(&ptr);
}

/* S9: free the skb at once, then read the slice a subprog returned. */
SEC("struct_ops")
int BPF_PROG(rt_kfree_returned_slice, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	struct rt_frame *f;

	__sync_fetch_and_add(&enqueued, 1);
	f = rt_frame_of_skb(skb);
	if (!f) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_kfree_skb(skb);
	rt_stale_read(f);
	return NET_XMIT_DROP;
}

SEC("struct_ops")
struct sk_buff *BPF_PROG(refs_dequeue, struct Qdisc *sch)
{
	return NULL;
}

SEC("struct_ops")
int BPF_PROG(refs_init, struct Qdisc *sch, struct nlattr *opt,
	     struct netlink_ext_ack *extack)
{
	return 0;
}

SEC("struct_ops")
void BPF_PROG(refs_reset, struct Qdisc *sch)
{
}

SEC("struct_ops")
void BPF_PROG(refs_destroy, struct Qdisc *sch)
{
}

QDISC_OPS_MAP(rt_drop_then_slice);
QDISC_OPS_MAP(rt_drop_then_read_slice);
QDISC_OPS_MAP(rt_kfree_in_callee);
QDISC_OPS_MAP(rt_kfree_returned_slice);
