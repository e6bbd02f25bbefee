// SPDX-License-Identifier: GPL-2.0
/*
 * Found by fuzz/fuzzgen (docs/fuzz.md), reduced.
 * Model: unsafe: clones a dead qskb dynptr (parent gone).
 * Shape: mk(qskb)@0 rel(qskb)@0 clone(qskb)@0 !
 * Fails on: 7.1.13+deb13-amd64
 * Verifier: accepted it
 * Reproduce: fuzz/fuzzgen show qdisc:62a3cc34cb8407fa32
 */
#include <linux/types.h>
#include "bpf_refs_qdisc.h"
#include "bpf_refs_misc.h"
#include "bpf_refs_dynptr.h"

#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

/* Plain memory for bpf_dynptr_from_mem; reads end up in sink. */
__u32 mem[4];
__u64 sink;

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

SEC("?struct_ops")
__description("unsafe_accept_71_04: clones a dead qskb dynptr (parent gone)")
__failure
__needs_struct_ops(Qdisc_ops) __needs_kfunc(bpf_qdisc_skb_drop)
__needs_kfunc(bpf_kfree_skb)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_slice_rdwr)
int BPF_PROG(unsafe_accept_71_04, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr d0;
	struct bpf_dynptr d1;
	__u32 t __maybe_unused = 0;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &d0);
	bpf_qdisc_skb_drop(skb, to_free);
	bpf_dynptr_clone(&d0, &d1);
	return NET_XMIT_DROP;
}

QDISC_OPS_MAP(unsafe_accept_71_04);
