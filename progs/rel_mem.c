// SPDX-License-Identifier: GPL-2.0
/*
 * Relationship matrix, parent = plain memory (a map value,
 * bpf_dynptr_from_mem; tc, so positive tests run and rdwr slices load).
 *
 * A memory dynptr holds no reference and its memory outlives it, so the
 * only way to destroy one is to overwrite (or re-initialize) its stack
 * slot.  That must end the dynptr and the slices bpf_dynptr_data() took
 * from it, in every frame, and nothing else: a clone is a sibling whose
 * parent is the memory, so clones, clones of clones and their slices stay
 * usable.
 *
 * Slices taken with bpf_dynptr_slice() are left out of the negative cells
 * here: up to 6.18 an overwrite ends only plain PTR_TO_MEM slices, and the
 * memory behind a kfunc slice stays valid, so accepting such a use is not
 * a safety bug, and what the series does with them is not settled here.
 */
#include "rel_common.h"

char _license[] SEC("license") = "GPL";

#define VAL_SZ		64
#define MARK		7

struct rel_val {
	__u8 bytes[VAL_SZ];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct rel_val);
} rel_arr SEC(".maps");

/* Put MARK in the first byte of map value key and make a dynptr of it. */
static __always_inline int mem_dynptr(__u32 key, struct bpf_dynptr *d)
{
	struct rel_val *v = bpf_map_lookup_elem(&rel_arr, &key);

	if (!v)
		return -1;
	v->bytes[0] = MARK;
	return bpf_dynptr_from_mem(v, sizeof(*v), 0, d);
}

static __noinline __u8 *data_in_callee(struct bpf_dynptr *d)
{
	return bpf_dynptr_data(d, 0, 4);
}

/* The callee takes a slice of the caller's dynptr, then destroys it. */
static __noinline int data_clobber_read_in_callee(struct bpf_dynptr *d)
{
	__u8 *p = bpf_dynptr_data(d, 0, 4);

	if (!p)
		return 1;
	rel_clobber(d);
	return rel_read(p);
}

/* ---- what must stay valid ---- */

SEC("?tc")
__description("mem: bpf_dynptr_data of a clone survives overwrite of the original (P2)")
__success __retval(7)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int clone_data_after_overwrite_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_data(&b, 0, 4);
	if (!p)
		return 1;
	rel_clobber(&a);
	return rel_read(p);
}

SEC("?tc")
__description("mem: rdwr kfunc slice of a clone survives overwrite of the original")
__success __retval(7)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
int clone_rdwr_slice_after_overwrite_orig_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, 4);
	if (!p)
		return 1;
	rel_clobber(&a);
	rel_write(p, MARK);
	return rel_read(p);
}

SEC("?tc")
__description("mem: bpf_dynptr_data of a sibling clone survives overwrite of another clone")
__success __retval(7)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int sibling_data_after_overwrite_clone_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&a, &c);
	p = bpf_dynptr_data(&c, 0, 4);
	if (!p)
		return 1;
	rel_clobber(&b);
	return rel_read(p);
}

SEC("?tc")
__description("mem: bpf_dynptr_data of the original survives overwrite of its clone")
__success __retval(7)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int orig_data_after_overwrite_clone_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_data(&a, 0, 4);
	if (!p)
		return 1;
	rel_clobber(&b);
	return rel_read(p);
}

SEC("?tc")
__description("mem: clone of a clone and its data survive overwrite of the original and the clone")
__success __retval(7)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int clone_of_clone_data_after_overwrite_orig_and_clone_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	p = bpf_dynptr_data(&c, 0, 4);
	if (!p)
		return 1;
	rel_clobber(&a);
	rel_clobber(&b);
	if (rel_read(p) != MARK)
		return 2;
	p = bpf_dynptr_data(&c, 0, 4);
	if (!p)
		return 3;
	return rel_read(p);
}

SEC("?tc")
__description("mem: an adjusted clone survives overwrite of the original")
__success __retval(7)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_helper(bpf_dynptr_data)
int adjusted_clone_data_after_overwrite_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	if (bpf_dynptr_adjust(&b, 0, 4))
		return 1;
	rel_clobber(&a);
	p = bpf_dynptr_data(&b, 0, 4);
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("mem: data of one dynptr survives re-initialization of an unrelated one")
__success __retval(7)
__needs_helper(bpf_dynptr_data)
__fixed_by("379d4ba831cf bpf: Allow reinitializing unreferenced dynptr stack slots")
int data_after_reinit_unrelated_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, d;
	__u8 *p;

	if (mem_dynptr(0, &a) || mem_dynptr(1, &d))
		return 1;
	p = bpf_dynptr_data(&a, 0, 4);
	if (!p)
		return 1;
	if (mem_dynptr(1, &d))
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("mem: data of one dynptr survives overwrite of an unrelated one")
__success __retval(7)
__needs_helper(bpf_dynptr_data)
int data_after_overwrite_unrelated_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, d;
	__u8 *p;

	if (mem_dynptr(0, &a) || mem_dynptr(1, &d))
		return 1;
	p = bpf_dynptr_data(&d, 0, 4);
	if (!p)
		return 1;
	rel_clobber(&a);
	return rel_read(p);
}

SEC("?tc")
__description("mem: clone made by a callee survives the caller's overwrite of the original")
__success __retval(7)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int callee_clone_data_after_caller_overwrite_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	clone_into(&a, &b);
	rel_clobber(&a);
	p = bpf_dynptr_data(&b, 0, 4);
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("mem: data of a clone survives a callee's overwrite of the original")
__success __retval(7)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int clone_data_after_callee_overwrite_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_data(&b, 0, 4);
	if (!p)
		return 1;
	clobber_in_callee(&a);
	return rel_read(p);
}

SEC("?tc")
__description("mem: data returned by a callee from a clone survives overwrite of the original")
__success __retval(7)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int callee_data_of_clone_after_overwrite_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	p = data_in_callee(&b);
	if (!p)
		return 1;
	rel_clobber(&a);
	return rel_read(p);
}

/* ---- what must be invalidated ---- */

SEC("?tc")
__description("mem: bpf_dynptr_data of the original is dead after its overwrite")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int orig_data_after_overwrite_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_data(&a, 0, 4);
	if (!p)
		return 1;
	rel_clobber(&a);
	return rel_read(p);
}

SEC("?tc")
__description("mem: bpf_dynptr_data of a clone is dead after the clone's overwrite")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int clone_data_after_overwrite_clone_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_data(&b, 0, 4);
	if (!p)
		return 1;
	rel_clobber(&b);
	return rel_read(p);
}

SEC("?tc")
__description("mem: data of a clone of a clone is dead after its overwrite")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int clone_of_clone_data_after_overwrite_it_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	p = bpf_dynptr_data(&c, 0, 4);
	if (!p)
		return 1;
	rel_clobber(&c);
	rel_write(p, 0);
	return 0;
}

SEC("?tc")
__description("mem: data of the original is dead after re-initialization of its slot")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_helper(bpf_dynptr_data)
__fixed_by("379d4ba831cf bpf: Allow reinitializing unreferenced dynptr stack slots")
int orig_data_after_reinit_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	p = bpf_dynptr_data(&a, 0, 4);
	if (!p)
		return 1;
	if (mem_dynptr(1, &a))
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("mem: data of a clone is dead after the clone's slot is re-initialized by cloning")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int clone_data_after_reclone_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, d;
	__u8 *p;

	if (mem_dynptr(0, &a) || mem_dynptr(1, &d))
		return 1;
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_data(&b, 0, 4);
	if (!p)
		return 1;
	bpf_dynptr_clone(&d, &b);
	return rel_read(p);
}

SEC("?tc")
__description("mem: the caller's data is dead after a callee overwrites its dynptr")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_helper(bpf_dynptr_data)
__fixed_by("f8064ab90d66 bpf: Invalidate slices on destruction of dynptrs on stack")
int orig_data_after_callee_overwrite_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	p = bpf_dynptr_data(&a, 0, 4);
	if (!p)
		return 1;
	clobber_in_callee(&a);
	return rel_read(p);
}

SEC("?tc")
__description("mem: data made by a callee is dead after the caller overwrites the clone")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int callee_data_of_clone_after_overwrite_clone_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	p = data_in_callee(&b);
	if (!p)
		return 1;
	rel_clobber(&b);
	return rel_read(p);
}

SEC("?tc")
__description("mem: a callee's data of the caller's dynptr is dead after the callee overwrites it")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_helper(bpf_dynptr_data)
__fixed_by("f8064ab90d66 bpf: Invalidate slices on destruction of dynptrs on stack")
int callee_data_after_callee_overwrite_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;

	if (mem_dynptr(0, &a))
		return 1;
	return data_clobber_read_in_callee(&a);
}

SEC("?tc")
__description("mem: the original is dead after its overwrite although its clone lives")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_helper(bpf_dynptr_data)
int orig_after_overwrite_orig_data(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&a);
	p = bpf_dynptr_data(&a, 0, 4);
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("mem: an overwritten clone cannot be adjusted")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
int clone_after_overwrite_clone_adjust(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&b);
	return bpf_dynptr_adjust(&b, 0, 4);
}

SEC("?tc")
__description("mem: an overwritten clone of a clone cannot be cloned again")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_clone)
int clone_of_clone_after_callee_overwrite_clone(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c, d;

	if (mem_dynptr(0, &a))
		return 1;
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	clobber_in_callee(&c);
	bpf_dynptr_clone(&c, &d);
	return 0;
}
