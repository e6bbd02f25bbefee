// SPDX-License-Identifier: GPL-2.0
/*
 * What must not outlive a bpf_user_ringbuf_drain() callback: the sample
 * goes back to user space when the callback returns, and the dynptr the
 * callback got lives in the helper's own (kernel) stack frame.  So the
 * dynptr pointer, a bpf_dynptr_data() or bpf_dynptr_slice() slice, and a
 * clone made in the caller's memory are all dead after the callback.
 *
 * No released kernel tracks this.  Up to 7.1 the slice escapes are
 * refused only because the callback's verification does not converge (a
 * new dynptr id every round; "The sequence of 8193 jumps is too
 * complex", reached fast through one branch a round); from 7.2 it
 * converges and they are accepted: a refusal for that reason does not
 * pass them (__not_msg).  7.3 lets the dynptr pointer itself be
 * spilled to the caller's stack and accepts its use.  The clone escape is
 * accepted by 6.12 to 7.3 except 6.19 and 7.0.  The tests expect no
 * message for the slices and the pointer: no kernel words the reason.
 */
#include "parent_user_ringbuf.h"

#define ESCAPE_BUG "bug-user-ringbuf-escape (no fix known)"
/* a refusal that says nothing of the escape: the callback never converged */
#define NOT_CONVERGED "The sequence of {{[0-9]+}} jumps is too complex"

char _license[] SEC("license") = "GPL";

/* Backs the caller's own dynptr, so the path that drains nothing is valid. */
char spare[8];

static long park_dynptr(struct bpf_dynptr *d, void *arg)
{
	struct drain_ctx *c = arg;

	c->dynptr = d;
	return 0;
}

SEC("?raw_tp")
__description("user ringbuf: the callback's dynptr is dead after the callback")
__failure
__needs_helper(bpf_user_ringbuf_drain)
__fixed_by(ESCAPE_BUG)
int urb_dynptr_escapes(void *ctx)
{
	struct drain_ctx c = {};

	bpf_user_ringbuf_drain(&urb, park_dynptr, &c, 0);
	if (c.dynptr)
		bpf_dynptr_read(&c.val, sizeof(c.val), c.dynptr, 0, 0);
	return c.val;
}

static long park_data_slice(struct bpf_dynptr *d, void *arg)
{
	struct drain_ctx *c = arg;
	const __u32 *p;

	p = bpf_dynptr_data(d, 0, sizeof(*p));
	if (bpf_get_prandom_u32() & 1)
		c->slice = p;
	return 0;
}

SEC("?raw_tp")
__description("user ringbuf: a bpf_dynptr_data() slice is dead after the callback")
__failure
__not_msg(NOT_CONVERGED)
__needs_helper(bpf_user_ringbuf_drain)
__fixed_by(ESCAPE_BUG)
int urb_data_slice_escapes(void *ctx)
{
	struct drain_ctx c = {};
	const __u32 *p;

	bpf_user_ringbuf_drain(&urb, park_data_slice, &c, 0);
	p = c.slice;
	if (!p)
		return 0;
	return rel_read(p);
}

static long park_kfunc_slice(struct bpf_dynptr *d, void *arg)
{
	struct drain_ctx *c = arg;
	const __u32 *p;

	p = bpf_dynptr_slice(d, 0, NULL, sizeof(*p));
	if (bpf_get_prandom_u32() & 1)
		c->slice = p;
	return 0;
}

SEC("?raw_tp")
__description("user ringbuf: a bpf_dynptr_slice() slice is dead after the callback")
__failure
__not_msg(NOT_CONVERGED)
__needs_helper(bpf_user_ringbuf_drain) __needs_kfunc(bpf_dynptr_slice)
__fixed_by(ESCAPE_BUG)
int urb_kfunc_slice_escapes(void *ctx)
{
	struct drain_ctx c = {};
	const __u32 *p;

	bpf_user_ringbuf_drain(&urb, park_kfunc_slice, &c, 0);
	p = c.slice;
	if (!p)
		return 0;
	return rel_read(p);
}

static long clone_to_caller(struct bpf_dynptr *d, void *arg)
{
	struct drain_ctx *c = arg;

	bpf_dynptr_clone(d, &c->clone);
	return 0;
}

SEC("?raw_tp")
__description("user ringbuf: a clone made in the caller's memory is dead after the callback")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_helper(bpf_user_ringbuf_drain) __needs_kfunc(bpf_dynptr_clone)
__fixed_by(ESCAPE_BUG)
int urb_clone_escapes(void *ctx)
{
	struct drain_ctx c = {};

	bpf_dynptr_from_mem(spare, sizeof(spare), 0, &c.clone);
	bpf_user_ringbuf_drain(&urb, clone_to_caller, &c, 0);
	bpf_dynptr_read(&c.val, sizeof(c.val), &c.clone, 0, 0);
	return c.val;
}
