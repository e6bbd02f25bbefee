// SPDX-License-Identifier: GPL-2.0
/*
 * Parent = a user ringbuf sample, seen only through the dynptr that
 * bpf_user_ringbuf_drain() hands its callback (CONST_PTR_TO_DYNPTR).
 * Inside the callback the dynptr, its slices and its clones (also one in
 * the caller's memory) are all usable.  What must not outlive the
 * callback is in parent_user_ringbuf_escapes.c.
 */
#include "parent_user_ringbuf.h"

char _license[] SEC("license") = "GPL";

static long read_in_cb(struct bpf_dynptr *d, void *arg)
{
	struct drain_ctx *c = arg;

	bpf_dynptr_read(&c->val, sizeof(c->val), d, 0, 0);
	return 0;
}

SEC("?raw_tp")
__description("user ringbuf guard: bpf_dynptr_read() inside the callback")
__success
__needs_helper(bpf_user_ringbuf_drain)
int urb_read_inside_callback(void *ctx)
{
	struct drain_ctx c = {};

	bpf_user_ringbuf_drain(&urb, read_in_cb, &c, 0);
	return c.val;
}

static long slices_in_cb(struct bpf_dynptr *d, void *arg)
{
	struct drain_ctx *c = arg;
	struct bpf_dynptr local;
	__u32 buf, *p, *q;

	p = bpf_dynptr_slice(d, 0, &buf, sizeof(buf));
	if (p)
		c->val += *p;
	q = bpf_dynptr_data(d, 0, sizeof(*q));
	if (q)
		c->val += *q;
	bpf_dynptr_clone(d, &local);
	c->val += bpf_dynptr_size(&local);
	return 0;
}

SEC("?raw_tp")
__description("user ringbuf guard: slices and a clone used inside the callback")
__success
__needs_helper(bpf_user_ringbuf_drain) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_size)
int urb_children_inside_callback(void *ctx)
{
	struct drain_ctx c = {};

	bpf_user_ringbuf_drain(&urb, slices_in_cb, &c, 0);
	return c.val;
}

static long clone_to_caller_use(struct bpf_dynptr *d, void *arg)
{
	struct drain_ctx *c = arg;

	bpf_dynptr_clone(d, &c->clone);
	bpf_dynptr_read(&c->val, sizeof(c->val), &c->clone, 0, 0);
	return 0;
}

SEC("?raw_tp")
__description("user ringbuf guard: a clone in the caller's memory used inside the callback")
__success
__needs_helper(bpf_user_ringbuf_drain) __needs_kfunc(bpf_dynptr_clone)
int urb_clone_in_caller_used_inside(void *ctx)
{
	struct drain_ctx c = {};

	bpf_user_ringbuf_drain(&urb, clone_to_caller_use, &c, 0);
	return c.val;
}
