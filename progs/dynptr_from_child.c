// SPDX-License-Identifier: GPL-2.0
/*
 * A dynptr cannot be made from the memory of another dynptr: not from
 * bpf_dynptr_data() of a map-value dynptr, not from a slice of an skb
 * dynptr, not from the data of a clone.  bpf_dynptr_from_mem() takes map
 * values only, so the relationship tree stays at most three levels deep
 * (object, dynptrs, slices).  The positive tests keep the legal shapes
 * around them loading.
 */
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "bpf_refs_pkt.h"

#define FROM_MEM_MSG "Unsupported reg type mem for bpf_dynptr_from_mem data"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} vals SEC(".maps");

/* A dynptr over the map value; NULL when there is none. */
static __always_inline __u64 *val_dynptr(struct bpf_dynptr *ptr)
{
	__u32 key = 0;
	__u64 *val;

	val = bpf_map_lookup_elem(&vals, &key);
	if (!val)
		return NULL;
	bpf_dynptr_from_mem(val, 4 * sizeof(__u64), 0, ptr);
	return val;
}

SEC("?raw_tp")
__description("S5: dynptr from bpf_dynptr_data() of a map-value dynptr")
__failure __msg(FROM_MEM_MSG)
int dynptr_from_dynptr_data(void *ctx)
{
	struct bpf_dynptr ptr, inner;
	void *data;

	if (!val_dynptr(&ptr))
		return 0;
	data = bpf_dynptr_data(&ptr, 0, 8);
	if (!data)
		return 0;
	bpf_dynptr_from_mem(data, 8, 0, &inner);
	return 0;
}

SEC("?tc")
__description("S6: dynptr from a bpf_dynptr_slice_rdwr() slice of an skb dynptr")
__failure __msg(FROM_MEM_MSG)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int dynptr_from_skb_slice(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr, inner;
	struct ethhdr buf, *eth;

	bpf_dynptr_from_skb(skb, 0, &ptr);
	eth = bpf_dynptr_slice_rdwr(&ptr, 0, &buf, sizeof(buf));
	if (!eth)
		return 0;
	bpf_dynptr_from_mem(eth, sizeof(*eth), 0, &inner);
	return 0;
}

SEC("?raw_tp")
__description("S5 variant: dynptr from bpf_dynptr_data() of a clone")
__failure __msg(FROM_MEM_MSG)
__needs_kfunc(bpf_dynptr_clone)
int dynptr_from_clone_data(void *ctx)
{
	struct bpf_dynptr ptr, clone, inner;
	void *data;

	if (!val_dynptr(&ptr))
		return 0;
	bpf_dynptr_clone(&ptr, &clone);
	data = bpf_dynptr_data(&clone, 8, 8);
	if (!data)
		return 0;
	bpf_dynptr_from_mem(data, 8, 0, &inner);
	return 0;
}

SEC("?tc")
__description("S6 variant: dynptr from a read-only bpf_dynptr_slice() of a clone")
/* A read-only slice fails the helper's argument type check first. */
__failure __msg("R1 type=rdonly_mem expected=")
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_clone)
int dynptr_from_clone_slice(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr, clone, inner;
	struct ethhdr buf, *eth;

	bpf_dynptr_from_skb(skb, 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	eth = bpf_dynptr_slice(&clone, 0, &buf, sizeof(buf));
	if (!eth)
		return 0;
	bpf_dynptr_from_mem((void *)eth, sizeof(*eth), 0, &inner);
	return 0;
}

SEC("?socket")
__description("S5 guard: two dynptrs over the same map value, written and read")
__success __retval(0x5a)
int two_dynptrs_from_map_value(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;
	__u64 v = 0x5a, out = 0;
	__u64 *val;

	val = val_dynptr(&a);
	if (!val)
		return -1;
	bpf_dynptr_from_mem(val, 4 * sizeof(__u64), 0, &b);
	if (bpf_dynptr_write(&a, 8, &v, sizeof(v), 0))
		return -2;
	if (bpf_dynptr_read(&out, sizeof(out), &b, 8, 0))
		return -3;
	return out;
}

SEC("?tc")
__description("S6 guard: copy a slice into a map value and make a dynptr of that")
__success __retval(0x0800)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
int dynptr_from_copied_slice(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr, copy;
	struct ethhdr buf, *eth;
	__u16 proto = 0;
	__u64 *val;

	pkt_set_proto_skb(skb);
	bpf_dynptr_from_skb(skb, 0, &ptr);
	eth = bpf_dynptr_slice(&ptr, 0, &buf, sizeof(buf));
	if (!eth)
		return -1;
	val = val_dynptr(&copy);
	if (!val)
		return -2;
	__builtin_memcpy(val, eth, sizeof(*eth));
	if (bpf_dynptr_read(&proto, sizeof(proto), &copy,
			    __builtin_offsetof(struct ethhdr, h_proto), 0))
		return -3;
	return bpf_ntohs(proto);
}
