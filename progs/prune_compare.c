// SPDX-License-Identifier: GPL-2.0
/*
 * State comparisons at a prune point that must not prune: two paths meet
 * with dynptrs of two types in one stack slot, or with a packet pointer
 * known to lie past the packet's end on only one of them.  stacksafe() and
 * regsafe() must tell such states apart; the programs are safe and must be
 * accepted.  The coverage of the series' functions found these
 * comparisons run by no other test (docs/coverage.md).
 * BPF_F_TEST_STATE_FREQ keeps a state at every prune point, so the two
 * paths are compared.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} val_map SEC(".maps");

SEC("?tc")
__description("prune: paths meet with a packet pointer past the end on one of them")
__success
__flag(BPF_F_TEST_STATE_FREQ)
int join_pkt_ptr_past_end(struct __sk_buff *skb)
{
	void *end = (void *)(long)skb->data_end;
	__u8 *p = (void *)(long)skb->data + 8;

	if ((void *)p > end)
		bpf_get_smp_processor_id();
	else
		bpf_ktime_get_ns();
	/* hide that p was compared: the check below stays after the join */
	asm volatile("" : "+r"(p));
	if ((void *)p > end)
		return 0;
	return p[-1];
}

SEC("?tc")
__description("prune: paths meet with dynptrs of two types in one stack slot")
__success __retval(0)
__flag(BPF_F_TEST_STATE_FREQ)
__needs_kfunc(bpf_dynptr_from_skb)
int join_dynptr_types(struct __sk_buff *skb)
{
	struct bpf_dynptr d;
	__u64 *val, v = 0;
	__u32 key = 0;

	val = bpf_map_lookup_elem(&val_map, &key);
	if (!val)
		return 0;
	if (bpf_get_prandom_u32() & 1)
		bpf_dynptr_from_mem(val, sizeof(*val), 0, &d);
	else
		bpf_dynptr_from_skb(skb, 0, &d);
	bpf_dynptr_read(&v, 1, &d, 0, 0);
	return 0;
}
