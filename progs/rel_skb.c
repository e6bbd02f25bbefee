// SPDX-License-Identifier: GPL-2.0
/*
 * Relationship matrix, parent = skb (tc, bpf_dynptr_from_skb).
 *
 * An skb dynptr holds no reference: the program cannot free the skb, so
 * its dynptrs die only when their stack slot is overwritten, and the
 * packet memory behind slices moves only when a helper changes packet
 * data.  Clones are siblings of the dynptr they were cloned from (their
 * parent is the skb), so destroying one dynptr must leave its clones and
 * their slices usable.
 */
#include "rel_common.h"

char _license[] SEC("license") = "GPL";

/* A global function: verified on its own, its caller only learns that it
 * changes packet data.
 */
__noinline int rel_skb_pull_global(struct __sk_buff *skb)
{
	return bpf_skb_pull_data(skb, 0);
}

static __noinline int pull_static(struct __sk_buff *skb)
{
	return bpf_skb_pull_data(skb, 0);
}

/* ---- what must stay valid ---- */

SEC("?tc")
__description("skb: slice of a clone survives overwrite of the original")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int clone_slice_after_overwrite_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice(&b, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	rel_clobber(&a);
	return rel_read(p);
}

SEC("?tc")
__description("skb: rdwr slice of a clone survives overwrite of the original")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int clone_rdwr_slice_after_overwrite_orig_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&b, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	rel_clobber(&a);
	rel_write(p, REL_PROTO_HI);
	return rel_read(p);
}

SEC("?tc")
__description("skb: a clone stays usable after a sibling clone is overwritten")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int sibling_clone_after_overwrite_clone_slice(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 buf[2], *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&a, &c);
	rel_clobber(&b);
	p = bpf_dynptr_slice(&c, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("skb: slice of a sibling clone survives overwrite of another clone")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int sibling_slice_after_overwrite_clone_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 buf[2], *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&a, &c);
	p = bpf_dynptr_slice(&c, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	rel_clobber(&b);
	return rel_read(p);
}

SEC("?tc")
__description("skb: the original stays usable after its clone is overwritten")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int orig_after_overwrite_clone_slice(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&b);
	p = bpf_dynptr_slice(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("skb: clone of a clone survives overwrite of the original and the clone")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int clone_of_clone_after_overwrite_orig_and_clone_slice(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 buf[2], *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	p = bpf_dynptr_slice(&c, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	rel_clobber(&a);
	rel_clobber(&b);
	if (rel_read(p) != REL_PROTO_HI)
		return 2;
	p = bpf_dynptr_slice(&c, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 3;
	return rel_read(p);
}

SEC("?tc")
__description("skb: an adjusted clone survives overwrite of the original")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_adjust) __needs_kfunc(bpf_dynptr_slice)
int adjusted_clone_after_overwrite_orig_slice(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	if (bpf_dynptr_adjust(&b, REL_PROTO_OFF, REL_PROTO_OFF + 2))
		return 1;
	rel_clobber(&a);
	p = bpf_dynptr_slice(&b, 0, buf, sizeof(buf));
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("skb: slice taken before an unrelated skb dynptr is overwritten stays valid")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
int slice_after_overwrite_unrelated_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, d;
	__u8 buf[2], *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_from_skb(ctx, 0, &d);
	p = bpf_dynptr_slice(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	rel_clobber(&d);
	return rel_read(p);
}

SEC("?tc")
__description("skb: a new slice of the dynptr after bpf_skb_pull_data is valid")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_helper(bpf_skb_pull_data)
int reslice_after_pull_data_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 buf[2], *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	p = bpf_dynptr_slice(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	bpf_skb_pull_data(ctx, 0);
	p = bpf_dynptr_slice(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("skb: a clone stays usable after bpf_skb_pull_data")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_skb_pull_data) __needs_helper(bpf_dynptr_read)
int clone_after_pull_data_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 v = 0;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_skb_pull_data(ctx, 0);
	if (bpf_dynptr_read(&v, sizeof(v), &b, REL_PROTO_OFF, 0))
		return 1;
	return v;
}

SEC("?tc")
__description("skb: clone made by a callee survives the caller's overwrite of the original")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int callee_clone_after_caller_overwrite_orig_slice(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	clone_into(&a, &b);
	rel_clobber(&a);
	p = bpf_dynptr_slice(&b, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("skb: slice of a clone survives a callee's overwrite of the original")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int clone_slice_after_callee_overwrite_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice(&b, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	clobber_in_callee(&a);
	return rel_read(p);
}

SEC("?tc")
__description("skb: slice returned by a callee from a clone survives overwrite of the original")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int callee_slice_of_clone_after_overwrite_orig_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = proto_slice_in_callee(&b);
	if (!p)
		return 1;
	rel_clobber(&a);
	return rel_read(p);
}

/* ---- what must be invalidated ---- */

SEC("?tc")
__description("skb: the original is dead after its slot is overwritten")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int orig_after_overwrite_orig_slice(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&a);
	p = bpf_dynptr_slice(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("skb: an overwritten clone is dead although the original lives")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_read)
int clone_after_overwrite_clone_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 v = 0;

	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&b);
	bpf_dynptr_read(&v, sizeof(v), &b, REL_PROTO_OFF, 0);
	return v;
}

SEC("?tc")
__description("skb: an overwritten dynptr cannot be cloned")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
int clone_of_overwritten_orig(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;

	bpf_dynptr_from_skb(ctx, 0, &a);
	rel_clobber(&a);
	bpf_dynptr_clone(&a, &b);
	return 0;
}

SEC("?tc")
__description("skb: a callee's overwrite kills the caller's dynptr")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_from_skb) __needs_helper(bpf_dynptr_read)
int orig_after_callee_overwrite_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 v = 0;

	bpf_dynptr_from_skb(ctx, 0, &a);
	clobber_in_callee(&a);
	bpf_dynptr_read(&v, sizeof(v), &a, REL_PROTO_OFF, 0);
	return v;
}

SEC("?tc")
__description("skb: slice of the dynptr is dead after bpf_skb_pull_data")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_helper(bpf_skb_pull_data)
int slice_after_pull_data_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 buf[2], *p;

	bpf_dynptr_from_skb(ctx, 0, &a);
	p = bpf_dynptr_slice(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	bpf_skb_pull_data(ctx, 0);
	return rel_read(p);
}

SEC("?tc")
__description("skb: rdwr slice of a clone is dead after bpf_skb_pull_data")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr) __needs_helper(bpf_skb_pull_data)
int clone_rdwr_slice_after_pull_data_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&b, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	bpf_skb_pull_data(ctx, 0);
	rel_write(p, 0);
	return 0;
}

SEC("?tc")
__description("skb: slice of a clone of a clone is dead after bpf_skb_pull_data")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice) __needs_helper(bpf_skb_pull_data)
int clone_of_clone_slice_after_pull_data_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 buf[2], *p;

	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	p = bpf_dynptr_slice(&c, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	bpf_skb_pull_data(ctx, 0);
	return rel_read(p);
}

SEC("?tc")
__description("skb: slice of an adjusted clone is dead after bpf_skb_pull_data")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_adjust) __needs_kfunc(bpf_dynptr_slice)
__needs_helper(bpf_skb_pull_data)
int adjusted_clone_slice_after_pull_data_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	if (bpf_dynptr_adjust(&b, REL_PROTO_OFF, REL_PROTO_OFF + 2))
		return 1;
	p = bpf_dynptr_slice(&b, 0, buf, sizeof(buf));
	if (!p)
		return 1;
	bpf_skb_pull_data(ctx, 0);
	return rel_read(p);
}

SEC("?tc")
__description("skb: bpf_dynptr_write through a sibling clone kills the original's slice")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice) __needs_helper(bpf_dynptr_write)
int slice_after_sibling_dynptr_write_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p, v = 0;

	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	bpf_dynptr_write(&b, 0, &v, sizeof(v), 0);
	return rel_read(p);
}

SEC("?tc")
__description("skb: bpf_skb_pull_data in a static callee kills the caller's slice")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_helper(bpf_skb_pull_data)
int slice_after_pull_in_static_callee_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 buf[2], *p;

	bpf_dynptr_from_skb(ctx, 0, &a);
	p = bpf_dynptr_slice(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	pull_static(ctx);
	return rel_read(p);
}

SEC("?tc")
__description("skb: a global callee that changes packet data kills the caller's clone slice")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(FIX_GLOBAL_PKT_DATA)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice) __needs_helper(bpf_skb_pull_data)
int clone_slice_after_pull_in_global_callee_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	bpf_dynptr_from_skb(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice(&b, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	rel_skb_pull_global(ctx);
	return rel_read(p);
}

SEC("?tc")
__description("skb: slice made by a callee is dead after the caller's bpf_skb_pull_data")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_helper(bpf_skb_pull_data)
int callee_slice_after_caller_pull_data_read(struct __sk_buff *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	bpf_dynptr_from_skb(ctx, 0, &a);
	p = proto_slice_in_callee(&a);
	if (!p)
		return 1;
	bpf_skb_pull_data(ctx, 0);
	return rel_read(p);
}

/*
 * A slice of a dynptr that lived in a callee's frame, reaching the caller
 * through an out-parameter or two returns: moving the packet must still
 * end it (pkt slices die by type in every frame, not by their dynptr).
 */
static __noinline int callee_proto_slice_to_out(struct __sk_buff *skb, __u8 **out)
{
	struct bpf_dynptr d;

	bpf_dynptr_from_skb(skb, 0, &d);
	*out = bpf_dynptr_slice(&d, REL_PROTO_OFF, NULL, 2);
	return 0;
}

static __noinline __u8 *callee_proto_slice(struct __sk_buff *skb)
{
	struct bpf_dynptr d;

	bpf_dynptr_from_skb(skb, 0, &d);
	return bpf_dynptr_slice(&d, REL_PROTO_OFF, NULL, 2);
}

static __noinline __u8 *callee_proto_slice_two_levels(struct __sk_buff *skb)
{
	return callee_proto_slice(skb);
}

SEC("?tc")
__description("skb: a callee-local dynptr's slice in an out-parameter is usable")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
int out_local_slice_read(struct __sk_buff *ctx)
{
	__u8 *p = NULL;

	pkt_set_proto_skb(ctx);
	callee_proto_slice_to_out(ctx, &p);
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("skb: a callee-local dynptr's slice in an out-parameter dies with bpf_skb_pull_data")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_helper(bpf_skb_pull_data)
int out_local_slice_after_pull_data_read(struct __sk_buff *ctx)
{
	__u8 *p = NULL;

	callee_proto_slice_to_out(ctx, &p);
	if (!p)
		return 1;
	bpf_skb_pull_data(ctx, 0);
	return rel_read(p);
}

SEC("?tc")
__description("skb: a grandchild-local dynptr's slice, returned twice, is usable")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
int two_level_local_slice_read(struct __sk_buff *ctx)
{
	__u8 *p;

	pkt_set_proto_skb(ctx);
	p = callee_proto_slice_two_levels(ctx);
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("skb: a grandchild-local dynptr's slice, returned twice, dies with bpf_skb_pull_data")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice)
__needs_helper(bpf_skb_pull_data)
int two_level_local_slice_after_pull_data_read(struct __sk_buff *ctx)
{
	__u8 *p;

	p = callee_proto_slice_two_levels(ctx);
	if (!p)
		return 1;
	bpf_skb_pull_data(ctx, 0);
	return rel_read(p);
}
