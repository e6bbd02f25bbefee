// SPDX-License-Identifier: GPL-2.0
/*
 * Parent = the skb's metadata area (tc, bpf_dynptr_from_skb_meta, 6.18).
 *
 * A metadata dynptr holds no reference.  Its slices point into the skb's
 * head, so like packet slices they must die when a helper may move packet
 * data (bpf_skb_pull_data, bpf_dynptr_write to an skb or metadata dynptr).
 * The dynptr itself and its clones survive that, a clone survives the
 * overwrite of its original, and the packet dynptr of the same skb is no
 * relative: overwriting it leaves the metadata slices alone.
 */
#include "rel_common.h"

char _license[] SEC("license") = "GPL";

static __noinline int meta_pull(struct __sk_buff *skb)
{
	return bpf_skb_pull_data(skb, 0);
}

SEC("?tc")
__description("skb meta: a slice dies when the skb's data is pulled")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb_meta) __needs_kfunc(bpf_dynptr_slice)
int meta_slice_after_pull_data(struct __sk_buff *ctx)
{
	struct bpf_dynptr m;
	__u8 buf[4], *p;

	bpf_dynptr_from_skb_meta(ctx, 0, &m);
	p = bpf_dynptr_slice(&m, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	bpf_skb_pull_data(ctx, 0);
	return rel_read(p);
}

SEC("?tc")
__description("skb meta: a slice dies when a callee pulls the skb's data")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb_meta) __needs_kfunc(bpf_dynptr_slice)
int meta_slice_after_pull_in_callee(struct __sk_buff *ctx)
{
	struct bpf_dynptr m;
	__u8 buf[4], *p;

	bpf_dynptr_from_skb_meta(ctx, 0, &m);
	p = bpf_dynptr_slice(&m, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	meta_pull(ctx);
	return rel_read(p);
}

SEC("?tc")
__description("skb meta: a clone's slice dies when the skb's data is pulled")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb_meta) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int meta_clone_slice_after_pull_data(struct __sk_buff *ctx)
{
	struct bpf_dynptr m, c;
	__u8 buf[4], *p;

	bpf_dynptr_from_skb_meta(ctx, 0, &m);
	bpf_dynptr_clone(&m, &c);
	p = bpf_dynptr_slice_rdwr(&c, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	bpf_skb_pull_data(ctx, 0);
	rel_write(p, 1);
	return 0;
}

SEC("?tc")
__description("skb meta: a slice dies on bpf_dynptr_write() to its dynptr")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb_meta) __needs_kfunc(bpf_dynptr_slice)
int meta_slice_after_meta_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr m;
	__u8 buf[4], *p;
	__u32 v = 0;

	bpf_dynptr_from_skb_meta(ctx, 0, &m);
	p = bpf_dynptr_slice(&m, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	bpf_dynptr_write(&m, 0, &v, sizeof(v), 0);
	return rel_read(p);
}

SEC("?tc")
__description("skb meta: a slice dies on bpf_dynptr_write() to a packet dynptr")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_dynptr_from_skb_meta) __needs_kfunc(bpf_dynptr_from_skb)
__needs_kfunc(bpf_dynptr_slice)
int meta_slice_after_skb_write(struct __sk_buff *ctx)
{
	struct bpf_dynptr m, d;
	__u8 buf[4], *p;
	__u32 v = 0;

	bpf_dynptr_from_skb_meta(ctx, 0, &m);
	bpf_dynptr_from_skb(ctx, 0, &d);
	p = bpf_dynptr_slice(&m, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	bpf_dynptr_write(&d, 0, &v, sizeof(v), 0);
	return rel_read(p);
}

SEC("?tc")
__description("skb meta guard: the dynptr and its clone outlive a pull; a new slice is usable")
__success
__needs_kfunc(bpf_dynptr_from_skb_meta) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_size)
int meta_dynptr_and_clone_after_pull_data(struct __sk_buff *ctx)
{
	struct bpf_dynptr m, c;
	__u8 buf[4], *p;

	bpf_dynptr_from_skb_meta(ctx, 0, &m);
	bpf_dynptr_clone(&m, &c);
	bpf_skb_pull_data(ctx, 0);
	if (bpf_dynptr_size(&c) < sizeof(buf))
		return 0;
	p = bpf_dynptr_slice(&m, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	return rel_read(p);
}

SEC("?tc")
__description("skb meta guard: a slice survives the overwrite of the skb's packet dynptr")
__success
__needs_kfunc(bpf_dynptr_from_skb_meta) __needs_kfunc(bpf_dynptr_from_skb)
__needs_kfunc(bpf_dynptr_slice)
int meta_slice_after_overwrite_skb_dynptr(struct __sk_buff *ctx)
{
	struct bpf_dynptr m, d;
	__u8 buf[4], *p;

	bpf_dynptr_from_skb_meta(ctx, 0, &m);
	bpf_dynptr_from_skb(ctx, 0, &d);
	p = bpf_dynptr_slice(&m, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	rel_clobber(&d);
	return rel_read(p);
}

SEC("?tc")
__description("skb meta: the overwritten dynptr itself is dead")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_dynptr_from_skb_meta) __needs_kfunc(bpf_dynptr_size)
int meta_dynptr_after_overwrite(struct __sk_buff *ctx)
{
	struct bpf_dynptr m;

	bpf_dynptr_from_skb_meta(ctx, 0, &m);
	rel_clobber(&m);
	return bpf_dynptr_size(&m);
}

SEC("?tc")
__description("skb meta guard: a clone and its slice survive the overwrite of the original")
__success
__needs_kfunc(bpf_dynptr_from_skb_meta) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int meta_clone_slice_after_overwrite_orig(struct __sk_buff *ctx)
{
	struct bpf_dynptr m, c;
	__u8 buf[4], *p;

	bpf_dynptr_from_skb_meta(ctx, 0, &m);
	bpf_dynptr_clone(&m, &c);
	p = bpf_dynptr_slice_rdwr(&c, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	rel_clobber(&m);
	rel_write(p, 1);
	return rel_read(p);
}

SEC("?tc")
__description("skb meta guard: the original and its slice survive the overwrite of a clone")
__success
__needs_kfunc(bpf_dynptr_from_skb_meta) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int meta_orig_slice_after_overwrite_clone(struct __sk_buff *ctx)
{
	struct bpf_dynptr m, c;
	__u8 buf[4], *p;

	bpf_dynptr_from_skb_meta(ctx, 0, &m);
	bpf_dynptr_clone(&m, &c);
	p = bpf_dynptr_slice(&m, 0, buf, sizeof(buf));
	if (!p)
		return 0;
	rel_clobber(&c);
	return rel_read(p);
}
