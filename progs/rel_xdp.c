// SPDX-License-Identifier: GPL-2.0
/*
 * Relationship matrix, parent = xdp buffer (xdp, bpf_dynptr_from_xdp).
 *
 * Like skb dynptrs, xdp dynptrs hold no reference: they die when their
 * stack slot is overwritten, and their slices die when a helper moves the
 * packet (bpf_xdp_adjust_head/tail/meta).  A write through an xdp dynptr
 * does not move the packet, so it must not invalidate slices.
 */
#include "rel_common.h"

char _license[] SEC("license") = "GPL";

__noinline int rel_xdp_adjust_global(struct xdp_md *xdp)
{
	return bpf_xdp_adjust_tail(xdp, 0);
}

static __noinline int adjust_head_static(struct xdp_md *xdp)
{
	return bpf_xdp_adjust_head(xdp, 0);
}

/* ---- what must stay valid ---- */

SEC("?xdp")
__description("xdp: slice of a clone survives overwrite of the original")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int clone_slice_after_overwrite_orig_read(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	pkt_set_proto_xdp(ctx);
	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice(&b, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	rel_clobber(&a);
	return rel_read(p);
}

SEC("?xdp")
__description("xdp: rdwr slice of the original survives overwrite of its clone")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int orig_rdwr_slice_after_overwrite_clone_write(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	rel_clobber(&b);
	rel_write(p, REL_PROTO_HI);
	return rel_read(p);
}

SEC("?xdp")
__description("xdp: clone of a clone survives overwrite of the clone in between")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_read)
int clone_of_clone_after_overwrite_clone_read(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 v = 0;

	pkt_set_proto_xdp(ctx);
	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	rel_clobber(&b);
	if (bpf_dynptr_read(&v, sizeof(v), &c, REL_PROTO_OFF, 0))
		return 1;
	return v;
}

SEC("?xdp")
__description("xdp: a write through a sibling clone keeps the original's slice valid")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice) __needs_helper(bpf_dynptr_write)
int slice_after_sibling_dynptr_write_read(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p, v = REL_PROTO_HI;

	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	bpf_dynptr_write(&b, REL_PROTO_OFF, &v, sizeof(v), 0);
	return rel_read(p);
}

SEC("?xdp")
__description("xdp: a clone stays usable after bpf_xdp_adjust_head")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice) __needs_helper(bpf_xdp_adjust_head)
int clone_after_adjust_head_reslice_read(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	pkt_set_proto_xdp(ctx);
	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_xdp_adjust_head(ctx, 0);
	p = bpf_dynptr_slice(&b, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?xdp")
__description("xdp: an adjusted clone survives a callee's overwrite of the original")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_adjust) __needs_kfunc(bpf_dynptr_slice)
int adjusted_clone_after_callee_overwrite_orig_slice(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	pkt_set_proto_xdp(ctx);
	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	if (bpf_dynptr_adjust(&b, REL_PROTO_OFF, REL_PROTO_OFF + 2))
		return 1;
	clobber_in_callee(&a);
	p = bpf_dynptr_slice(&b, 0, buf, sizeof(buf));
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?xdp")
__description("xdp: slice returned by a callee survives overwrite of a sibling clone")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int callee_slice_after_overwrite_sibling_read(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b;
	__u8 *p;

	pkt_set_proto_xdp(ctx);
	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = proto_slice_in_callee(&a);
	if (!p)
		return 1;
	rel_clobber(&b);
	return rel_read(p);
}

/* ---- what must be invalidated ---- */

SEC("?xdp")
__description("xdp: an overwritten original is dead although its clone lives")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_helper(bpf_dynptr_read)
int orig_after_overwrite_orig_read(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b;
	__u8 v = 0;

	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	rel_clobber(&a);
	bpf_dynptr_read(&v, sizeof(v), &a, REL_PROTO_OFF, 0);
	return v;
}

SEC("?xdp")
__description("xdp: a clone of a clone overwritten in a callee is dead")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int clone_of_clone_after_callee_overwrite_slice(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 buf[2], *p;

	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	clobber_in_callee(&c);
	p = bpf_dynptr_slice(&c, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?xdp")
__description("xdp: slice of a clone is dead after bpf_xdp_adjust_head")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice) __needs_helper(bpf_xdp_adjust_head)
int clone_slice_after_adjust_head_read(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b;
	__u8 buf[2], *p;

	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice(&b, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	bpf_xdp_adjust_head(ctx, 0);
	return rel_read(p);
}

SEC("?xdp")
__description("xdp: rdwr slice is dead after bpf_xdp_adjust_meta")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_slice_rdwr)
__needs_helper(bpf_xdp_adjust_meta)
int rdwr_slice_after_adjust_meta_write(struct xdp_md *ctx)
{
	struct bpf_dynptr a;
	__u8 buf[2], *p;

	bpf_dynptr_from_xdp(ctx, 0, &a);
	p = bpf_dynptr_slice_rdwr(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	bpf_xdp_adjust_meta(ctx, 0);
	rel_write(p, 0);
	return 0;
}

SEC("?xdp")
__description("xdp: bpf_xdp_adjust_head in a static callee kills the caller's slice")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_slice)
__needs_helper(bpf_xdp_adjust_head)
int slice_after_adjust_head_in_static_callee_read(struct xdp_md *ctx)
{
	struct bpf_dynptr a;
	__u8 buf[2], *p;

	bpf_dynptr_from_xdp(ctx, 0, &a);
	p = bpf_dynptr_slice(&a, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	adjust_head_static(ctx);
	return rel_read(p);
}

SEC("?xdp")
__description("xdp: a global callee that moves the packet kills the caller's clone-of-clone slice")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(FIX_GLOBAL_PKT_DATA)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice) __needs_helper(bpf_xdp_adjust_tail)
int clone_of_clone_slice_after_global_callee_read(struct xdp_md *ctx)
{
	struct bpf_dynptr a, b, c;
	__u8 buf[2], *p;

	bpf_dynptr_from_xdp(ctx, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_clone(&b, &c);
	p = bpf_dynptr_slice(&c, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	rel_xdp_adjust_global(ctx);
	return rel_read(p);
}

SEC("?xdp")
__description("xdp: slice made by a callee is dead after the caller's bpf_xdp_adjust_tail")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_slice)
__needs_helper(bpf_xdp_adjust_tail)
int callee_slice_after_caller_adjust_tail_read(struct xdp_md *ctx)
{
	struct bpf_dynptr a;
	__u8 *p;

	bpf_dynptr_from_xdp(ctx, 0, &a);
	p = proto_slice_in_callee(&a);
	if (!p)
		return 1;
	bpf_xdp_adjust_tail(ctx, 0);
	return rel_read(p);
}

/*
 * A slice of a dynptr that lived in a callee's frame, stored in the
 * caller's stack: moving the packet must still end it.
 */
static __noinline int callee_proto_slice_to_out(struct xdp_md *xdp, __u8 **out)
{
	struct bpf_dynptr d;

	bpf_dynptr_from_xdp(xdp, 0, &d);
	*out = bpf_dynptr_slice(&d, REL_PROTO_OFF, NULL, 2);
	return 0;
}

SEC("?xdp")
__description("xdp: a callee-local dynptr's slice in an out-parameter is usable")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_slice)
int out_local_slice_read(struct xdp_md *ctx)
{
	__u8 *p = NULL;

	pkt_set_proto_xdp(ctx);
	callee_proto_slice_to_out(ctx, &p);
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?xdp")
__description("xdp: a callee-local dynptr's out-parameter slice dies with bpf_xdp_adjust_head")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_slice)
__needs_helper(bpf_xdp_adjust_head)
int out_local_slice_after_adjust_head_read(struct xdp_md *ctx)
{
	__u8 *p = NULL;

	callee_proto_slice_to_out(ctx, &p);
	if (!p)
		return 1;
	bpf_xdp_adjust_head(ctx, 0);
	return rel_read(p);
}
