// SPDX-License-Identifier: GPL-2.0
/*
 * Dynptrs across loop bodies: bpf_loop() callbacks and open-coded
 * iterators (bpf_iter_num_*).  A body runs any number of times, so a
 * record reserved outside and released inside is released twice, and a
 * child made inside a body is dead after the body released its parent.
 * Creating and releasing a record within one round is fine, as is using
 * outside the loop what the loop left alive.
 */
#include "rel_common.h"

#define SERIES_FIX "308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"

/* a second release: a dead dynptr, or (up to 7.1) a reference already gone */
#define MSG_RELEASED_TWICE "(" REL_MSG_DEAD_DYNPTR "|" REL_MSG_UNACQUIRED ")"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

struct loop_ctx {
	struct bpf_dynptr pkt;
	__u8 *slice;
};

static int reserve_submit(__u32 i, void *arg)
{
	struct bpf_dynptr d;
	__u32 v = i;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &d);
	bpf_dynptr_write(&d, 0, &v, sizeof(v), 0);
	bpf_ringbuf_submit_dynptr(&d, 0);
	return 0;
}

SEC("?tc")
__description("bpf_loop guard: a record reserved and submitted in each round")
__success
__needs_helper(bpf_loop)
int loop_reserve_submit_each_round(struct __sk_buff *ctx)
{
	struct loop_ctx c = {};

	bpf_loop(4, reserve_submit, &c, 0);
	return 0;
}

static int slice_caller_pkt(__u32 i, void *arg)
{
	struct loop_ctx *c = arg;

	c->slice = bpf_dynptr_slice_rdwr(&c->pkt, REL_PROTO_OFF, NULL, 2);
	return 1;
}

SEC("?tc")
__description("bpf_loop guard: a slice of the caller's skb dynptr made in the body, used after")
__success __retval(8)
__needs_helper(bpf_loop) __needs_kfunc(bpf_dynptr_from_skb)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int loop_slice_of_outer_skb_used_after(struct __sk_buff *ctx)
{
	struct loop_ctx c = {};
	__u8 *p;

	pkt_set_proto_skb(ctx);
	bpf_dynptr_from_skb(ctx, 0, &c.pkt);
	bpf_loop(1, slice_caller_pkt, &c, 0);
	p = c.slice;
	if (!p)
		return 1;
	return rel_read(p);
}

static int overwrite_caller_pkt(__u32 i, void *arg)
{
	struct loop_ctx *c = arg;

	rel_clobber(&c->pkt);
	return 0;
}

SEC("?tc")
__description("bpf_loop: the caller's skb dynptr is dead after the body overwrote it")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_helper(bpf_loop) __needs_kfunc(bpf_dynptr_from_skb)
__needs_kfunc(bpf_dynptr_size)
int loop_overwrite_outer_skb_dynptr(struct __sk_buff *ctx)
{
	struct loop_ctx c = {};

	bpf_dynptr_from_skb(ctx, 0, &c.pkt);
	bpf_loop(1, overwrite_caller_pkt, &c, 0);
	return bpf_dynptr_size(&c.pkt);
}

SEC("?tc")
__description("iterator: a body that discards the outer record runs more than once")
__failure __regex(MSG_RELEASED_TWICE)
__needs_kfunc(bpf_iter_num_new) __needs_kfunc(bpf_iter_num_next)
__needs_kfunc(bpf_iter_num_destroy)
int iter_discard_outer_record(struct __sk_buff *ctx)
{
	struct bpf_refs_iter_num it;
	struct bpf_dynptr d;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &d);
	bpf_iter_num_new(&it, 0, 4);
	while (bpf_iter_num_next(&it))
		bpf_ringbuf_discard_dynptr(&d, 0);
	bpf_iter_num_destroy(&it);
	bpf_ringbuf_discard_dynptr(&d, 0);
	return 0;
}

SEC("?tc")
__description("iterator guard: a record reserved and submitted in each round")
__success
__needs_kfunc(bpf_iter_num_new) __needs_kfunc(bpf_iter_num_next)
__needs_kfunc(bpf_iter_num_destroy)
int iter_reserve_submit_each_round(struct __sk_buff *ctx)
{
	struct bpf_refs_iter_num it;
	struct bpf_dynptr d;
	int *i;

	bpf_iter_num_new(&it, 0, 4);
	while ((i = bpf_iter_num_next(&it))) {
		bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &d);
		bpf_dynptr_write(&d, 0, i, sizeof(*i), 0);
		bpf_ringbuf_submit_dynptr(&d, 0);
	}
	bpf_iter_num_destroy(&it);
	return 0;
}

SEC("?tc")
__description("iterator guard: a clone's slice read in each round, the original submitted after")
__success
__needs_kfunc(bpf_iter_num_new) __needs_kfunc(bpf_iter_num_next)
__needs_kfunc(bpf_iter_num_destroy) __needs_kfunc(bpf_dynptr_clone)
__needs_kfunc(bpf_dynptr_slice)
int iter_clone_slice_then_submit(struct __sk_buff *ctx)
{
	struct bpf_refs_iter_num it;
	struct bpf_dynptr a, b;
	__u32 sum = 0;
	__u8 *p;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_iter_num_new(&it, 0, 4);
	while (bpf_iter_num_next(&it)) {
		p = bpf_dynptr_slice(&b, 0, NULL, 1);
		if (p)
			sum += rel_read(p);
	}
	bpf_iter_num_destroy(&it);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return sum;
}

SEC("?tc")
__description("iterator: a slice made in a round is dead after the round submitted its record")
__failure __msg(REL_MSG_DEAD_SLICE)
__needs_kfunc(bpf_iter_num_new) __needs_kfunc(bpf_iter_num_next)
__needs_kfunc(bpf_iter_num_destroy) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int iter_slice_after_submit_in_round(struct __sk_buff *ctx)
{
	struct bpf_refs_iter_num it;
	struct bpf_dynptr d;
	__u8 *p;

	bpf_iter_num_new(&it, 0, 4);
	while (bpf_iter_num_next(&it)) {
		bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &d);
		p = bpf_dynptr_slice_rdwr(&d, 0, NULL, 1);
		bpf_ringbuf_submit_dynptr(&d, 0);
		if (p)
			rel_write(p, 1);
	}
	bpf_iter_num_destroy(&it);
	return 0;
}

SEC("?tc")
__description("iterator: a clone kept across a loop is dead after the original is discarded")
__failure __msg(REL_MSG_DEAD_DYNPTR)
__needs_kfunc(bpf_iter_num_new) __needs_kfunc(bpf_iter_num_next)
__needs_kfunc(bpf_iter_num_destroy) __needs_kfunc(bpf_dynptr_clone)
int iter_clone_after_loop_discard(struct __sk_buff *ctx)
{
	struct bpf_refs_iter_num it;
	struct bpf_dynptr a, b;
	__u32 v = 1;
	int n = 0;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_iter_num_new(&it, 0, 4);
	while (bpf_iter_num_next(&it))
		n++;
	bpf_iter_num_destroy(&it);
	bpf_ringbuf_discard_dynptr(&a, 0);
	bpf_dynptr_write(&b, 0, &v, sizeof(v), 0);
	return n;
}
