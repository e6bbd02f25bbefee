// SPDX-License-Identifier: GPL-2.0
/*
 * Found by fuzz/fuzzgen (docs/fuzz.md), reduced.
 * Model: unsafe: clones a dead rb dynptr (parent gone).
 * Shape: call@1 mk(rb)@1 callA@2 clone(rb)P:@2 clone(rb):@2 rel(rb)@2 clone(rb)P@2 ! ret@2 ret@1
 * Fails on: 6.18.44-fc-v857
 * Verifier: accepted it
 * Reproduce: fuzz/fuzzgen show xdp:19c1c6611c58b8aa4a6610eaa51c24b44253441a7d
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

static __noinline __u32 *unsafe_accept_05_f2(struct xdp_md *ctx,
					     struct bpf_dynptr *pa,
					     struct bpf_dynptr *pb,
					     __u32 *ps)
{
	struct bpf_dynptr d0;
	struct bpf_dynptr d1;
	struct bpf_dynptr d2;
	__u32 t __maybe_unused = 0;

	bpf_dynptr_clone(pa, &d0);
	bpf_dynptr_clone(&d0, &d1);
	bpf_ringbuf_discard_dynptr(&d0, 0);
	bpf_dynptr_clone(pa, &d2);
	return NULL;
}

static __noinline __u32 *unsafe_accept_05_f1(struct xdp_md *ctx,
					     struct bpf_dynptr *pa,
					     struct bpf_dynptr *pb,
					     __u32 *ps)
{
	struct bpf_dynptr d0;
	__u32 t __maybe_unused = 0;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &d0);
	unsafe_accept_05_f2(ctx, &d0, NULL, NULL);
	return NULL;
}

SEC("?xdp")
__description("unsafe_accept_05: clones a dead rb dynptr (parent gone)")
__failure
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_slice_rdwr)
int unsafe_accept_05(struct xdp_md *ctx)
{
	__u32 t __maybe_unused = 0;

	unsafe_accept_05_f1(ctx, NULL, NULL, NULL);
	return XDP_PASS;
}

