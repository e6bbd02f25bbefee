// SPDX-License-Identifier: GPL-2.0
/*
 * A slice that aliases its own stack buffer.  bpf_dynptr_slice_rdwr()
 * returns either a pointer into the packet or, when the bytes are not
 * linear (a paged skb, an xdp frame across fragments), the buffer it was
 * given, after copying the bytes there.  The verifier types the slice as
 * packet memory and keeps tracking the buffer as stack, so both views of
 * the same bytes coexist: a pointer spilled into the buffer can be
 * rewritten through the slice and filled back as a pointer, and a slice of
 * a callee's buffer outlives the callee's frame.
 *
 * Upstream's "bpf: Invalidate a dynptr slice when its stack buffer is
 * written" (bpf-next, 2026-11) makes a store to the buffer, and the
 * return of the frame that owns it, invalidate the slice.  Neither
 * linux-source 7.2.13 nor 7.3.4 has it (their slice carries only its
 * dynptr's id): no released kernel does, so every negative test here
 * fails on every kernel of the line; runtime_slice_buffer shows on them
 * that the accepted spill shape really forges a pointer.  The expected
 * message is the one every dead slice gives; the fix's own wording could
 * not be checked.  The guards must stay accepted.
 */
#include "rel_common.h"

#define SLICE_BUF_BUG "bug-slice-stack-buffer (no released fix)"

char _license[] SEC("license") = "GPL";

#define BUF_LEN 8

/* An 8-byte store to the buffer, kept in the order the source shows. */
static __always_inline void buf_store(void *b, __u64 v)
{
	asm volatile("*(u64 *)(%[b] + 0) = %[v]"
		     : : [b] "r"(b), [v] "r"(v) : "memory");
}

/* ---- a store to the buffer must invalidate the slice ---- */

SEC("?tc")
__description("slice buffer: a store to the buffer kills the slice")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(SLICE_BUF_BUG)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int store_to_buffer_then_read_slice(struct __sk_buff *ctx)
{
	__u8 buf[BUF_LEN], *p;
	struct bpf_dynptr d;

	bpf_dynptr_from_skb(ctx, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	buf_store(buf, 0x1111);
	return rel_read(p);
}

SEC("?tc")
__description("slice buffer: a pointer spilled to the buffer, rewritten through the slice, filled")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(SLICE_BUF_BUG)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int spill_to_buffer_rewrite_through_slice(struct __sk_buff *ctx)
{
	__u8 buf[BUF_LEN], *p;
	struct bpf_dynptr d;
	__u64 v;

	bpf_dynptr_from_skb(ctx, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	/* buf holds ctx as a spilled pointer; p may be buf itself */
	asm volatile("*(u64 *)(%[b] + 0) = %[c];"
		     "*(u8 *)(%[p] + 0) = %[x];"
		     "%[v] = *(u64 *)(%[b] + 0);"
		     "%[v] = *(u32 *)(%[v] + 0);"
		     : [v] "=r"(v)
		     : [b] "r"(buf), [c] "r"(ctx), [p] "r"(p), [x] "r"((__u64)0x40)
		     : "memory");
	return v;
}

SEC("?tc")
__description("slice buffer: a store to the buffer of a clone's slice kills that slice")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(SLICE_BUF_BUG)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int store_to_buffer_then_write_clone_slice(struct __sk_buff *ctx)
{
	struct bpf_dynptr d, c;
	__u8 buf[BUF_LEN], *p;

	bpf_dynptr_from_skb(ctx, 0, &d);
	bpf_dynptr_clone(&d, &c);
	p = bpf_dynptr_slice_rdwr(&c, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	buf_store(buf, 0);
	rel_write(p, 1);
	return 0;
}

SEC("?xdp")
__description("slice buffer: xdp, a store to the buffer kills the slice")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(SLICE_BUF_BUG)
__needs_kfunc(bpf_dynptr_from_xdp) __needs_kfunc(bpf_dynptr_slice_rdwr)
int xdp_store_to_buffer_then_read_slice(struct xdp_md *ctx)
{
	__u8 buf[BUF_LEN], *p;
	struct bpf_dynptr d;

	bpf_dynptr_from_xdp(ctx, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, 0, buf, sizeof(buf));
	if (!p)
		return XDP_PASS;
	buf_store(buf, 0x2222);
	return rel_read(p) ? XDP_PASS : XDP_DROP;
}

static __noinline int store_in_callee(__u8 *b)
{
	buf_store(b, 0x3333);
	return 0;
}

SEC("?tc")
__description("slice buffer: a callee's store to the caller's buffer kills the caller's slice")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(SLICE_BUF_BUG)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int callee_stores_to_buffer(struct __sk_buff *ctx)
{
	__u8 buf[BUF_LEN], *p;
	struct bpf_dynptr d;

	bpf_dynptr_from_skb(ctx, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	store_in_callee(buf);
	return rel_read(p);
}

static __noinline __u8 *slice_into(struct bpf_dynptr *d, __u8 *b)
{
	return bpf_dynptr_slice_rdwr(d, REL_PROTO_OFF, b, BUF_LEN);
}

SEC("?tc")
__description("slice buffer: a callee's slice of the caller's buffer dies on the caller's store")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(SLICE_BUF_BUG)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int callee_slice_then_caller_store(struct __sk_buff *ctx)
{
	__u8 buf[BUF_LEN], *p;
	struct bpf_dynptr d;

	bpf_dynptr_from_skb(ctx, 0, &d);
	p = slice_into(&d, buf);
	if (!p)
		return 0;
	buf_store(buf, 0x4444);
	rel_write(p, 1);
	return 0;
}

/* ---- the return of the frame that owns the buffer must, too ---- */

static __noinline __u8 *slice_into_own_buffer(struct bpf_dynptr *d)
{
	__u8 buf[BUF_LEN];

	return bpf_dynptr_slice_rdwr(d, 0, buf, sizeof(buf));
}

SEC("?tc")
__description("slice buffer: a slice of a callee's own buffer dies when the callee returns")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(SLICE_BUF_BUG)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int slice_of_returned_frame(struct __sk_buff *ctx)
{
	struct bpf_dynptr d;
	__u8 *p;

	bpf_dynptr_from_skb(ctx, 0, &d);
	p = slice_into_own_buffer(&d);
	if (!p)
		return 0;
	rel_write(p, 1);
	return 0;
}

static __noinline int spill_in_callee(struct __sk_buff *skb)
{
	__u64 slot[2];

	asm volatile("*(u64 *)(%[s] + 0) = %[c];"
		     "*(u64 *)(%[s] + 8) = %[c];"
		     : : [s] "r"(slot), [c] "r"(skb) : "memory");
	return 0;
}

SEC("?tc")
__description("slice buffer: a returned callee's buffer slice, written after a call reused it")
__failure __msg(REL_MSG_DEAD_SLICE)
__fixed_by(SLICE_BUF_BUG)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int slice_of_returned_frame_after_reuse(struct __sk_buff *ctx)
{
	struct bpf_dynptr d;
	__u8 *p;

	bpf_dynptr_from_skb(ctx, 0, &d);
	p = slice_into_own_buffer(&d);
	if (!p)
		return 0;
	spill_in_callee(ctx);
	rel_write(p, 1);
	return 0;
}

/* ---- what must stay valid ---- */

SEC("?tc")
__description("slice buffer guard: a store to another stack slot keeps the slice")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int store_elsewhere_keeps_slice(struct __sk_buff *ctx)
{
	__u8 buf[BUF_LEN], *p;
	struct bpf_dynptr d;
	__u64 other;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	buf_store(&other, 0x5555);
	return rel_read(p);
}

SEC("?tc")
__description("slice buffer guard: a slice without a buffer survives stores to the stack")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int no_buffer_slice_survives_stores(struct __sk_buff *ctx)
{
	struct bpf_dynptr d;
	__u64 other;
	__u8 *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, REL_PROTO_OFF, NULL, BUF_LEN);
	if (!p)
		return 1;
	buf_store(&other, 0x6666);
	return rel_read(p);
}

SEC("?tc")
__description("slice buffer guard: the slice used before the store, a new slice after it")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int new_slice_after_buffer_store(struct __sk_buff *ctx)
{
	__u8 buf[BUF_LEN], *p;
	struct bpf_dynptr d;

	bpf_dynptr_from_skb(ctx, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	rel_write(p, REL_PROTO_HI);
	buf_store(buf, 0x7777);
	p = bpf_dynptr_slice_rdwr(&d, REL_PROTO_OFF, buf, sizeof(buf));
	if (!p)
		return 1;
	return rel_read(p);
}

SEC("?tc")
__description("slice buffer guard: a callee's slice of the caller's buffer, used by the caller")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int callee_slice_of_caller_buffer(struct __sk_buff *ctx)
{
	__u8 buf[BUF_LEN], *p;
	struct bpf_dynptr d;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &d);
	p = slice_into(&d, buf);
	if (!p)
		return 1;
	return rel_read(p);
}

static __noinline int read_in_callee(__u8 *p)
{
	return p ? rel_read(p) : 1;
}

SEC("?tc")
__description("slice buffer guard: a slice of the caller's buffer, used by a callee")
__success __retval(8)
__needs_kfunc(bpf_dynptr_from_skb) __needs_kfunc(bpf_dynptr_slice_rdwr)
int caller_slice_used_in_callee(struct __sk_buff *ctx)
{
	__u8 buf[BUF_LEN], *p;
	struct bpf_dynptr d;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, REL_PROTO_OFF, buf, sizeof(buf));
	return read_in_callee(p);
}
