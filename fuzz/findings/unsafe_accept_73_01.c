// SPDX-License-Identifier: GPL-2.0
/*
 * Found by fuzz/fuzzgen (docs/fuzz.md), reduced.
 * Model: unsafe: reads through a dead slice of qskb (parent gone).
 * Shape: call@1 mk(qskb)@1 adj(qskb)@1 slice(qskb)@1 retS@1 rel(qskb)@0 load(qskb)@0 !
 * Fails on: 7.2.13+deb14-amd64 7.3.4+deb13-amd64
 * Verifier: accepted it
 * Reproduce: fuzz/fuzzgen show qdisc:383f8d4040f6ded2de2a7d560874a7f3e3aef04e1b
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

static __noinline __u32 *unsafe_accept_73_01_f1(struct sk_buff *skb,
						struct bpf_sk_buff_ptr *to_free,
						struct bpf_dynptr *pa,
						struct bpf_dynptr *pb,
						__u32 *ps)
{
	struct bpf_dynptr d0;
	__u32 *s0 __maybe_unused = NULL;
	__u32 t __maybe_unused = 0;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &d0);
	bpf_dynptr_adjust(&d0, 0, 4);
	s0 = bpf_dynptr_slice(&d0, 0, NULL, 4);
	return s0;
}

SEC("?struct_ops")
__description("unsafe_accept_73_01: reads through a dead slice of qskb (parent gone)")
__failure
__needs_struct_ops(Qdisc_ops) __needs_kfunc(bpf_qdisc_skb_drop)
__needs_kfunc(bpf_kfree_skb)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_slice_rdwr)
int BPF_PROG(unsafe_accept_73_01, struct sk_buff *skb, struct Qdisc *sch,
	     struct bpf_sk_buff_ptr *to_free)
{
	__u32 *s0 __maybe_unused = NULL;
	__u32 t __maybe_unused = 0;

	s0 = unsafe_accept_73_01_f1(skb, to_free, NULL, NULL, NULL);
	bpf_qdisc_skb_drop(skb, to_free);
	if (s0)
		sink ^= *s0;
	return NET_XMIT_DROP;
}

QDISC_OPS_MAP(unsafe_accept_73_01);
