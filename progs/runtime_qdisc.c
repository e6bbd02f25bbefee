// SPDX-License-Identifier: GPL-2.0
/*
 * Programs of the runtime_qdisc probes (prog_tests/runtime_qdisc.c): the
 * bpf qdisc skb dynptr scenarios S1-S3 as qdiscs that really run.  Each
 * enqueue program reads packet bytes through an skb dynptr (or its slice)
 * after the skb was released, counts how often the stale read happened,
 * and drops the packet; dequeue has nothing to hand out.  Only a kernel
 * without 308c7a0ae885 accepts them, and only a vmtest guest runs them.
 */
#include <linux/if_ether.h>
#include "bpf_refs_qdisc.h"
#include "bpf_refs_misc.h"

char _license[] SEC("license") = "GPL";

__u32 enqueued;
__u32 stale_reads;
__u32 stale_sum;

/* S1: slice after bpf_qdisc_skb_drop() (skb freed after enqueue returns). */
SEC("struct_ops")
int BPF_PROG(rt_drop_then_slice, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct ethhdr *eth;

	__sync_fetch_and_add(&enqueued, 1);
	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	bpf_qdisc_skb_drop(skb, to_free);
	eth = bpf_dynptr_slice(&ptr, 0, NULL, sizeof(*eth));
	if (eth) {
		__sync_fetch_and_add(&stale_reads, 1);
		__sync_fetch_and_add(&stale_sum, eth->h_proto);
	}
	return NET_XMIT_DROP;
}

/* S2: read a slice taken before bpf_qdisc_skb_drop(). */
SEC("struct_ops")
int BPF_PROG(rt_drop_then_read_slice, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct ethhdr *eth;

	__sync_fetch_and_add(&enqueued, 1);
	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	eth = bpf_dynptr_slice(&ptr, 0, NULL, sizeof(*eth));
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_qdisc_skb_drop(skb, to_free);
	__sync_fetch_and_add(&stale_reads, 1);
	__sync_fetch_and_add(&stale_sum, eth->h_proto);
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
	struct ethhdr *eth;

	__sync_fetch_and_add(&enqueued, 1);
	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	eth = bpf_dynptr_slice(&ptr, 0, NULL, sizeof(*eth));
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	rt_free_skb(skb);
	__sync_fetch_and_add(&stale_reads, 1);
	__sync_fetch_and_add(&stale_sum, eth->h_proto);
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
