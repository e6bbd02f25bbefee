// SPDX-License-Identifier: GPL-2.0
/*
 * An skb dynptr in a bpf qdisc, where the program owns the skb and can
 * free it (bpf_qdisc_skb_drop, bpf_kfree_skb).  Freeing the skb must end
 * every dynptr made from it, every clone of those and every slice of any
 * of them, whichever frame the free happens in.  Before the fix the skb
 * dynptr had no link to the skb, so all of them outlived it (use after
 * free).  Overwriting one dynptr must not end its clone's slices, since a
 * clone's parent is the skb, not the dynptr it was cloned from.
 */
#include <linux/if_ether.h>
#include "bpf_refs_qdisc.h"
#include "bpf_refs_misc.h"
#include "bpf_refs_dynptr.h"

#define SERIES_FIX "308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"
/*
 * The series does not reach a slice whose parent dynptr died with its
 * callee's frame (7.2 and 7.3 accept S9); this later fix does.
 */
#define CALLEE_DYNPTRS "b65cc81792eb bpf: Destroy callee-local dynptrs on subprog return"

char _license[] SEC("license") = "GPL";

/* Where the tests store what they read, so that no read is optimised out. */
int seen_proto;

/* Slice of the skb's Ethernet header, or NULL. */
static __always_inline struct ethhdr *eth_slice(struct bpf_dynptr *ptr)
{
	return bpf_dynptr_slice(ptr, 0, NULL, sizeof(struct ethhdr));
}

SEC("?struct_ops")
__description("S1: slice a dynptr after bpf_qdisc_skb_drop() freed its skb")
__failure __msg("Expected an initialized dynptr as")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(SERIES_FIX)
int BPF_PROG(slice_dynptr_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct ethhdr *eth;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	bpf_qdisc_skb_drop(skb, to_free);
	eth = eth_slice(&ptr);
	if (eth)
		seen_proto = eth->h_proto;
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S2: read a slice after bpf_qdisc_skb_drop() freed its skb")
__failure __msg("invalid mem access 'scalar'")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(SERIES_FIX)
int BPF_PROG(read_slice_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct ethhdr *eth;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	eth = eth_slice(&ptr);
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_qdisc_skb_drop(skb, to_free);
	seen_proto = eth->h_proto;
	return NET_XMIT_DROP;
}

static __noinline int free_in_callee(struct sk_buff *skb)
{
	bpf_kfree_skb(skb);
	return 0;
}

SEC("?struct_ops")
__description("S3: read a slice after a callee freed its skb with bpf_kfree_skb()")
__failure __msg("invalid mem access 'scalar'")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop) __needs_kfunc(bpf_kfree_skb)
__fixed_by(SERIES_FIX)
int BPF_PROG(read_slice_after_kfree_skb_in_callee, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct ethhdr *eth;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	eth = eth_slice(&ptr);
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	free_in_callee(skb);
	seen_proto = eth->h_proto;
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S3 guard: a slice read before a callee frees the skb is fine")
__success
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop) __needs_kfunc(bpf_kfree_skb)
int BPF_PROG(read_slice_before_kfree_skb_in_callee, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct ethhdr *eth;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	eth = eth_slice(&ptr);
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	seen_proto = eth->h_proto;
	free_in_callee(skb);
	return NET_XMIT_DROP;
}

/* The dynptr lives, and dies, in this frame; only its slice is returned. */
static __noinline struct ethhdr *eth_of_skb(struct sk_buff *skb)
{
	struct bpf_dynptr ptr;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	return eth_slice(&ptr);
}

SEC("?struct_ops")
__description("S9: read a slice returned by a subprog after its skb was dropped")
__failure __msg("invalid mem access 'scalar'")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(CALLEE_DYNPTRS)
int BPF_PROG(read_returned_slice_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct ethhdr *eth;

	eth = eth_of_skb(skb);
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_qdisc_skb_drop(skb, to_free);
	seen_proto = eth->h_proto;
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S9 guard: a slice returned by a subprog is usable while the skb lives")
__success
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
int BPF_PROG(read_returned_slice_before_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct ethhdr *eth;

	eth = eth_of_skb(skb);
	if (eth)
		seen_proto = eth->h_proto;
	bpf_qdisc_skb_drop(skb, to_free);
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S4: a clone's slice survives overwriting the original dynptr")
__success
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_qdisc_skb_drop)
int BPF_PROG(clone_slice_survives_overwrite, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr, clone;
	struct ethhdr *eth;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	eth = eth_slice(&clone);
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	clobber_dynptr(&ptr);
	seen_proto = eth->h_proto;
	bpf_qdisc_skb_drop(skb, to_free);
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S4 mirror: a clone's slice dies with the skb")
__failure __msg("invalid mem access 'scalar'")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(SERIES_FIX)
int BPF_PROG(clone_slice_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr, clone;
	struct ethhdr *eth;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	eth = eth_slice(&clone);
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_qdisc_skb_drop(skb, to_free);
	seen_proto = eth->h_proto;
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S1 variant: clone a dynptr after its skb was dropped")
__failure __msg("Expected an initialized dynptr as")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(SERIES_FIX)
int BPF_PROG(clone_dynptr_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr, clone;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	bpf_qdisc_skb_drop(skb, to_free);
	bpf_dynptr_clone(&ptr, &clone);
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S1 variant: read through a clone after the skb was dropped")
__failure __msg("Expected an initialized dynptr as")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(SERIES_FIX)
int BPF_PROG(read_clone_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr, clone;
	__u16 proto = 0;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	bpf_qdisc_skb_drop(skb, to_free);
	bpf_dynptr_read(&proto, sizeof(proto), &clone, 12, 0);
	seen_proto = proto;
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S1 guard: dynptr, clone and slice used before the skb is dropped")
__success
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_qdisc_skb_drop)
int BPF_PROG(use_children_before_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr, clone;
	struct ethhdr *eth;
	__u16 proto = 0;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	bpf_dynptr_read(&proto, sizeof(proto), &clone, 12, 0);
	eth = eth_slice(&ptr);
	if (eth)
		proto ^= eth->h_proto;
	seen_proto = proto;
	bpf_qdisc_skb_drop(skb, to_free);
	return NET_XMIT_DROP;
}

/*
 * More ways out of a callee for a slice whose dynptr lived on the
 * callee's stack: an out-parameter, a field of the caller's struct, two
 * returns, or a slice of the callee's clone of the caller's dynptr.  The
 * dynptr dies with the frame; the slice must still die with the skb.
 */
struct eth_box {
	__u64 tag;
	struct ethhdr *eth;
};

static __noinline int eth_of_skb_to_out(struct sk_buff *skb,
					struct ethhdr **out)
{
	struct bpf_dynptr ptr;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	*out = eth_slice(&ptr);
	return 0;
}

static __noinline int eth_of_skb_to_box(struct sk_buff *skb,
					struct eth_box *box)
{
	struct bpf_dynptr ptr;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	box->tag = 1;
	box->eth = eth_slice(&ptr);
	return 0;
}

static __noinline struct ethhdr *eth_of_skb_two_levels(struct sk_buff *skb)
{
	return eth_of_skb(skb);
}

static __noinline struct ethhdr *eth_of_callee_clone(struct bpf_dynptr *ptr)
{
	struct bpf_dynptr clone;

	bpf_dynptr_clone(ptr, &clone);
	return eth_slice(&clone);
}

static __noinline int eth_of_callee_clone_to_out(struct bpf_dynptr *ptr,
						 struct ethhdr **out)
{
	struct bpf_dynptr clone;

	bpf_dynptr_clone(ptr, &clone);
	*out = eth_slice(&clone);
	return 0;
}

SEC("?struct_ops")
__description("S9 out-parameter: read a callee-local dynptr's slice after the skb drop")
__failure __msg("invalid mem access 'scalar'")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(CALLEE_DYNPTRS)
int BPF_PROG(read_out_slice_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct ethhdr *eth = NULL;

	eth_of_skb_to_out(skb, &eth);
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_qdisc_skb_drop(skb, to_free);
	seen_proto = eth->h_proto;
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S9 out-parameter guard: the slice is usable while the skb lives")
__success
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
int BPF_PROG(read_out_slice_before_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct ethhdr *eth = NULL;

	eth_of_skb_to_out(skb, &eth);
	if (eth)
		seen_proto = eth->h_proto;
	bpf_qdisc_skb_drop(skb, to_free);
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S9 struct: read a slice kept in the caller's struct after the skb drop")
__failure __msg("invalid mem access 'scalar'")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(CALLEE_DYNPTRS)
int BPF_PROG(read_box_slice_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct eth_box box = {};

	eth_of_skb_to_box(skb, &box);
	if (!box.eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_qdisc_skb_drop(skb, to_free);
	seen_proto = box.eth->h_proto;
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S9 struct guard: the slice in the caller's struct is usable while the skb lives")
__success
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
int BPF_PROG(read_box_slice_before_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct eth_box box = {};

	eth_of_skb_to_box(skb, &box);
	if (box.eth)
		seen_proto = box.eth->h_proto;
	bpf_qdisc_skb_drop(skb, to_free);
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S9 two levels: read a grandchild-local dynptr's slice after the skb drop")
__failure __msg("invalid mem access 'scalar'")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(CALLEE_DYNPTRS)
int BPF_PROG(read_two_level_slice_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct ethhdr *eth;

	eth = eth_of_skb_two_levels(skb);
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_qdisc_skb_drop(skb, to_free);
	seen_proto = eth->h_proto;
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S9 two levels guard: the slice is usable while the skb lives")
__success
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_qdisc_skb_drop)
int BPF_PROG(read_two_level_slice_before_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct ethhdr *eth;

	eth = eth_of_skb_two_levels(skb);
	if (eth)
		seen_proto = eth->h_proto;
	bpf_qdisc_skb_drop(skb, to_free);
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S9 clone: read the slice of a callee's clone after the skb drop")
__failure __msg("invalid mem access 'scalar'")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(CALLEE_DYNPTRS)
int BPF_PROG(read_callee_clone_slice_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct ethhdr *eth;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	eth = eth_of_callee_clone(&ptr);
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_qdisc_skb_drop(skb, to_free);
	seen_proto = eth->h_proto;
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S9 clone guard: the slice is usable while the skb lives")
__success
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_qdisc_skb_drop)
int BPF_PROG(read_callee_clone_slice_before_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct bpf_dynptr ptr;
	struct ethhdr *eth;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	eth = eth_of_callee_clone(&ptr);
	if (eth)
		seen_proto = eth->h_proto;
	bpf_qdisc_skb_drop(skb, to_free);
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S9 clone out-parameter: read the clone's slice after the skb drop")
__failure __msg("invalid mem access 'scalar'")
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_qdisc_skb_drop)
__fixed_by(CALLEE_DYNPTRS)
int BPF_PROG(read_out_clone_slice_after_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct ethhdr *eth = NULL;
	struct bpf_dynptr ptr;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	eth_of_callee_clone_to_out(&ptr, &eth);
	if (!eth) {
		bpf_qdisc_skb_drop(skb, to_free);
		return NET_XMIT_DROP;
	}
	bpf_qdisc_skb_drop(skb, to_free);
	seen_proto = eth->h_proto;
	return NET_XMIT_DROP;
}

SEC("?struct_ops")
__description("S9 clone out-parameter guard: the slice is usable while the skb lives")
__success
__needs_struct_ops(Qdisc_ops)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_qdisc_skb_drop)
int BPF_PROG(read_out_clone_slice_before_skb_drop, struct sk_buff *skb,
	     struct Qdisc *sch, struct bpf_sk_buff_ptr *to_free)
{
	struct ethhdr *eth = NULL;
	struct bpf_dynptr ptr;

	bpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &ptr);
	eth_of_callee_clone_to_out(&ptr, &eth);
	if (eth)
		seen_proto = eth->h_proto;
	bpf_qdisc_skb_drop(skb, to_free);
	return NET_XMIT_DROP;
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

/* One Qdisc_ops map per test, so that each test program has a slot. */
QDISC_OPS_MAP(slice_dynptr_after_skb_drop);
QDISC_OPS_MAP(read_slice_after_skb_drop);
QDISC_OPS_MAP(read_slice_after_kfree_skb_in_callee);
QDISC_OPS_MAP(read_slice_before_kfree_skb_in_callee);
QDISC_OPS_MAP(read_returned_slice_after_skb_drop);
QDISC_OPS_MAP(read_returned_slice_before_skb_drop);
QDISC_OPS_MAP(clone_slice_survives_overwrite);
QDISC_OPS_MAP(clone_slice_after_skb_drop);
QDISC_OPS_MAP(clone_dynptr_after_skb_drop);
QDISC_OPS_MAP(read_clone_after_skb_drop);
QDISC_OPS_MAP(use_children_before_skb_drop);
QDISC_OPS_MAP(read_out_slice_after_skb_drop);
QDISC_OPS_MAP(read_out_slice_before_skb_drop);
QDISC_OPS_MAP(read_box_slice_after_skb_drop);
QDISC_OPS_MAP(read_box_slice_before_skb_drop);
QDISC_OPS_MAP(read_two_level_slice_after_skb_drop);
QDISC_OPS_MAP(read_two_level_slice_before_skb_drop);
QDISC_OPS_MAP(read_callee_clone_slice_after_skb_drop);
QDISC_OPS_MAP(read_callee_clone_slice_before_skb_drop);
QDISC_OPS_MAP(read_out_clone_slice_after_skb_drop);
QDISC_OPS_MAP(read_out_clone_slice_before_skb_drop);
