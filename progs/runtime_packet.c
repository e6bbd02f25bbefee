// SPDX-License-Identifier: GPL-2.0
/*
 * Programs of the runtime_packet checks (prog_tests/runtime_packet.c):
 * valid programs whose dynptr children (clone, adjust, slice, read and
 * write) must see and change exactly the bytes user space expects.  Run
 * with BPF_PROG_TEST_RUN on a 64-byte packet whose byte i is i * 5 + 7.
 */
#include <linux/pkt_cls.h>
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

char _license[] SEC("license") = "GPL";

/* Filled by the programs, read by user space (.bss). */
struct {
	__u32 child_size;	/* of the clone adjusted to bytes 14..45 */
	__u32 child_read;	/* bytes 14..17, read through the clone */
	__u32 child_slice;	/* bytes 18..21, through its slice */
	__u32 kept_slice;	/* bytes 0..3, slice outliving its parent */
	__u32 seen;		/* netns check: packets with the marker */
} out;

/* Writes bytes 22..25 (slice_rdwr) and 26..29 (dynptr_write). */
static __always_inline int use_children(struct bpf_dynptr *pkt)
{
	struct bpf_dynptr child;
	__u32 buf, val = 0x44332211, *p;

	bpf_dynptr_clone(pkt, &child);
	if (bpf_dynptr_adjust(&child, 14, 46))
		return 2;
	out.child_size = bpf_dynptr_size(&child);
	if (bpf_dynptr_read(&out.child_read, 4, &child, 0, 0))
		return 3;
	p = bpf_dynptr_slice(&child, 4, &buf, 4);
	if (!p)
		return 4;
	out.child_slice = *p;
	p = bpf_dynptr_slice_rdwr(&child, 8, &buf, 4);
	if (!p)
		return 5;
	*p = 0xa1b2c3d4;
	if (bpf_dynptr_write(&child, 12, &val, 4, 0))
		return 6;
	return 0;
}

SEC("tc")
int skb_children(struct __sk_buff *skb)
{
	struct bpf_dynptr pkt;

	if (bpf_dynptr_from_skb(skb, 0, &pkt))
		return 1;
	return use_children(&pkt);
}

SEC("xdp")
int xdp_children(struct xdp_md *xdp)
{
	struct bpf_dynptr pkt;

	if (bpf_dynptr_from_xdp(xdp, 0, &pkt))
		return 1;
	return use_children(&pkt);
}

/*
 * P1: the slice of a clone stays valid after the stack slot of the
 * original skb dynptr is overwritten (the clone's parent is the skb).
 */
SEC("tc")
int skb_slice_outlives_parent(struct __sk_buff *skb)
{
	struct bpf_dynptr pkt, clone;
	__u32 buf, *p;

	if (bpf_dynptr_from_skb(skb, 0, &pkt))
		return 1;
	bpf_dynptr_clone(&pkt, &clone);
	p = bpf_dynptr_slice(&clone, 0, &buf, 4);
	if (!p)
		return 2;
	__builtin_memset(&pkt, 0, sizeof(__u64));	/* overwrite the slot */
	asm volatile("" : : "r"(&pkt) : "memory");	/* keep the store */
	out.kept_slice = *p;
	return 0;
}

/* The netns check: count egress packets whose bytes 14..17 hold the mark. */
SEC("tc")
int netns_count(struct __sk_buff *skb)
{
	struct bpf_dynptr pkt, clone;
	__u32 buf, *p;

	if (bpf_dynptr_from_skb(skb, 0, &pkt))
		return TC_ACT_OK;
	bpf_dynptr_clone(&pkt, &clone);
	p = bpf_dynptr_slice(&clone, 14, &buf, 4);
	if (p && *p == 0x0fe1f00d)
		__sync_fetch_and_add(&out.seen, 1);
	return TC_ACT_OK;
}
