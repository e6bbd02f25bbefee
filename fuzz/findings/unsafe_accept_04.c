// SPDX-License-Identifier: GPL-2.0
/*
 * Found by fuzz/fuzzgen (docs/fuzz.md), reduced.
 * Model: unsafe: reads through a dead slice of rb (parent gone).
 * Shape: call@1 call@2 mk(rb)@2 slice(rb)@2 retS@2 load(rb)@1 ! ret@1
 * Fails on: 6.18.44-fc-v857
 * Verifier: accepted it
 * Reproduce: fuzz/fuzzgen show xdp:173fc67795e143d3d6aa743a1a65ec6f13ed
 */
#include <linux/types.h>
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "bpf_refs_dynptr.h"

#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

/* Plain memory for bpf_dynptr_from_mem; reads end up in sink. */
__u32 mem[4];
__u64 sink;

static __noinline __u32 *unsafe_accept_04_f2(struct xdp_md *ctx,
					     struct bpf_dynptr *pa,
					     struct bpf_dynptr *pb,
					     __u32 *ps)
{
	struct bpf_dynptr d0;
	__u32 *s0 __maybe_unused = NULL;
	__u32 t __maybe_unused = 0;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &d0);
	s0 = bpf_dynptr_slice(&d0, 0, NULL, 4);
	bpf_ringbuf_discard_dynptr(&d0, 0);
	return s0;
}

static __noinline __u32 *unsafe_accept_04_f1(struct xdp_md *ctx,
					     struct bpf_dynptr *pa,
					     struct bpf_dynptr *pb,
					     __u32 *ps)
{
	__u32 *s0 __maybe_unused = NULL;
	__u32 t __maybe_unused = 0;

	s0 = unsafe_accept_04_f2(ctx, NULL, NULL, NULL);
	if (s0)
		sink ^= *s0;
	return NULL;
}

SEC("?xdp")
__description("unsafe_accept_04: reads through a dead slice of rb (parent gone)")
__failure
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_slice_rdwr)
int unsafe_accept_04(struct xdp_md *ctx)
{
	__u32 t __maybe_unused = 0;

	unsafe_accept_04_f1(ctx, NULL, NULL, NULL);
	return XDP_PASS;
}

