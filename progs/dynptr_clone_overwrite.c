// SPDX-License-Identifier: GPL-2.0
/*
 * Overwriting the stack slots of an unreferenced dynptr destroys that
 * dynptr and the slices taken from it, and nothing else: a clone's parent
 * is the underlying object (skb, map value), not the dynptr it was cloned
 * from, so the clone and its slices stay valid.  These are the bpf-qdisc
 * scenario S4 without a qdisc (P1, P2), with the mirror images that must
 * stay rejected.
 */
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "bpf_refs_pkt.h"
#include "bpf_refs_dynptr.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} vals SEC(".maps");

/* A dynptr over the map value, whose second word is set to 0x1234. */
static __always_inline int val_dynptr(struct bpf_dynptr *ptr)
{
	__u32 key = 0;
	__u64 *val;

	val = bpf_map_lookup_elem(&vals, &key);
	if (!val)
		return -1;
	val[1] = 0x1234;
	return bpf_dynptr_from_mem(val, 4 * sizeof(__u64), 0, ptr);
}

/*
 * Both kinds of kfunc slice are checked.  Up to 6.18 an overwrite of a
 * dynptr's slots ends only slices typed plain PTR_TO_MEM (those of the
 * bpf_dynptr_data() helper); kfunc slices carry a DYNPTR_TYPE_* flag and
 * outlive it, harmlessly for an skb, whose data stays.  So only the
 * helper's data is tested to die with its dynptr, below.
 */
SEC("?tc")
__description("P1: writable slice of an skb clone survives overwriting the original")
__success __retval(0x0800)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int skb_clone_slice_survives_overwrite(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr, clone;
	struct ethhdr buf, *eth;

	pkt_set_proto_skb(skb);
	bpf_dynptr_from_skb(skb, 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	eth = bpf_dynptr_slice_rdwr(&clone, 0, &buf, sizeof(buf));
	if (!eth)
		return -1;
	clobber_dynptr(&ptr);
	return bpf_ntohs(eth->h_proto);
}

SEC("?tc")
__description("P1: read-only slice of an skb clone survives overwriting the original")
__success __retval(0x0800)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int skb_clone_rdonly_slice_survives_overwrite(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr, clone;
	struct ethhdr buf, *eth;

	pkt_set_proto_skb(skb);
	bpf_dynptr_from_skb(skb, 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	eth = bpf_dynptr_slice(&clone, 0, &buf, sizeof(buf));
	if (!eth)
		return -1;
	clobber_dynptr(&ptr);
	return bpf_ntohs(eth->h_proto);
}

SEC("?tc")
__description("P1: an skb clone itself survives overwriting the original")
__success __retval(0x0800)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
int skb_clone_survives_overwrite(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr, clone;
	__u16 proto = 0;

	pkt_set_proto_skb(skb);
	bpf_dynptr_from_skb(skb, 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	clobber_dynptr(&ptr);
	if (bpf_dynptr_read(&proto, sizeof(proto), &clone,
			    __builtin_offsetof(struct ethhdr, h_proto), 0))
		return -1;
	return bpf_ntohs(proto);
}

SEC("?tc")
__description("P1 mirror: the overwritten original is no dynptr any more")
__failure __msg("Expected an initialized dynptr as")
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
int skb_original_dead_after_overwrite(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr, clone;
	__u16 proto = 0;

	bpf_dynptr_from_skb(skb, 0, &ptr);
	bpf_dynptr_clone(&ptr, &clone);
	clobber_dynptr(&ptr);
	bpf_dynptr_read(&proto, sizeof(proto), &ptr, 12, 0);
	return proto;
}

SEC("?tc")
__description("P1: overwriting the clone leaves the original's slice alone")
__success __retval(0x0800)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int skb_slice_survives_clone_overwrite(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr, clone;
	struct ethhdr buf, *eth;

	pkt_set_proto_skb(skb);
	bpf_dynptr_from_skb(skb, 0, &ptr);
	eth = bpf_dynptr_slice_rdwr(&ptr, 0, &buf, sizeof(buf));
	if (!eth)
		return -1;
	bpf_dynptr_clone(&ptr, &clone);
	clobber_dynptr(&clone);
	return bpf_ntohs(eth->h_proto);
}

SEC("?raw_tp")
__description("P2: data of a map-value clone survives overwriting the original")
__success
__needs_kfunc(bpf_dynptr_clone)
int map_clone_data_survives_overwrite(void *ctx)
{
	struct bpf_dynptr ptr, clone;
	__u64 *data;

	if (val_dynptr(&ptr))
		return 0;
	bpf_dynptr_clone(&ptr, &clone);
	data = bpf_dynptr_data(&clone, 8, sizeof(*data));
	if (!data)
		return 0;
	clobber_dynptr(&ptr);
	return *data;
}

/* raw_tp cannot be test-run with a repeat count: P2 again, run as a filter. */
SEC("?socket")
__description("P2, run: data of a map-value clone read after overwriting the original")
__success __retval(0x1234)
__needs_kfunc(bpf_dynptr_clone)
int map_clone_data_survives_overwrite_run(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr, clone;
	__u64 *data;

	if (val_dynptr(&ptr))
		return -1;
	bpf_dynptr_clone(&ptr, &clone);
	data = bpf_dynptr_data(&clone, 8, sizeof(*data));
	if (!data)
		return -2;
	clobber_dynptr(&ptr);
	return *data;
}

SEC("?raw_tp")
__description("P2 mirror: data of the original dies with the original")
__failure __msg("invalid mem access 'scalar'")
__needs_kfunc(bpf_dynptr_clone)
int map_data_dies_with_overwrite(void *ctx)
{
	struct bpf_dynptr ptr, clone;
	__u64 *data;

	if (val_dynptr(&ptr))
		return 0;
	bpf_dynptr_clone(&ptr, &clone);
	data = bpf_dynptr_data(&ptr, 8, sizeof(*data));
	if (!data)
		return 0;
	clobber_dynptr(&ptr);
	return *data;
}

SEC("?raw_tp")
__description("P2 without clone: data of a map-value dynptr dies with it")
__failure __msg("invalid mem access 'scalar'")
__fixed_by("f8064ab90d66 bpf: Invalidate slices on destruction of dynptrs on stack")
int map_data_dies_with_overwrite_noclone(void *ctx)
{
	struct bpf_dynptr ptr;
	__u64 *data;

	if (val_dynptr(&ptr))
		return 0;
	data = bpf_dynptr_data(&ptr, 8, sizeof(*data));
	if (!data)
		return 0;
	clobber_dynptr(&ptr);
	return *data;
}

/* A write into a dynptr's second stack slot destroys it as well. */
SEC("?raw_tp")
__description("second slot: data of a map-value dynptr dies with a write to its tail")
__failure __msg("invalid mem access 'scalar'")
__fixed_by("f8064ab90d66 bpf: Invalidate slices on destruction of dynptrs on stack")
int map_data_dies_with_tail_overwrite(void *ctx)
{
	struct bpf_dynptr ptr;
	__u64 *data;

	if (val_dynptr(&ptr))
		return 0;
	data = bpf_dynptr_data(&ptr, 8, sizeof(*data));
	if (!data)
		return 0;
	clobber_dynptr_tail(&ptr);
	return *data;
}

SEC("?raw_tp")
__description("second slot: data of a map-value clone survives a write to the original's tail")
__success
__needs_kfunc(bpf_dynptr_clone)
int map_clone_data_survives_tail_overwrite(void *ctx)
{
	struct bpf_dynptr ptr, clone;
	__u64 *data;

	if (val_dynptr(&ptr))
		return 0;
	bpf_dynptr_clone(&ptr, &clone);
	data = bpf_dynptr_data(&clone, 8, sizeof(*data));
	if (!data)
		return 0;
	clobber_dynptr_tail(&ptr);
	return *data;
}
