// SPDX-License-Identifier: GPL-2.0
/*
 * Found by fuzz/fuzzgen (docs/fuzz.md), reduced.
 * Model: unsafe: reads through a dead slice of skb (slice invalidated).
 * Shape: mk(skb)@0 slice(skb)@0 mk(rb)>@0 callAS@1 callAS@2 load(skb)P@2 ! ret@2 ret@1
 * Fails on: 6.18.44-fc-v857 7.1.13+deb13-amd64
 * Verifier: accepted it
 * Reproduce: fuzz/fuzzgen show tc:426a966ac8c8c1c4e898a83b1824b1d16341
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

static __noinline __u32 *unsafe_accept_71_08_f2(struct __sk_buff *ctx,
						struct bpf_dynptr *pa,
						struct bpf_dynptr *pb,
						__u32 *ps)
{
	__u32 t __maybe_unused = 0;

	if (ps)
		sink ^= *ps;
	return NULL;
}

static __noinline __u32 *unsafe_accept_71_08_f1(struct __sk_buff *ctx,
						struct bpf_dynptr *pa,
						struct bpf_dynptr *pb,
						__u32 *ps)
{
	__u32 t __maybe_unused = 0;

	unsafe_accept_71_08_f2(ctx, pa, NULL, ps);
	return NULL;
}

SEC("?tc")
__description("unsafe_accept_71_08: reads through a dead slice of skb (slice invalidated)")
__failure
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_slice_rdwr)
int unsafe_accept_71_08(struct __sk_buff *ctx)
{
	struct bpf_dynptr d0;
	__u32 *s0 __maybe_unused = NULL;
	__u32 t __maybe_unused = 0;

	bpf_dynptr_from_skb(ctx, 0, &d0);
	s0 = bpf_dynptr_slice(&d0, 0, NULL, 4);
	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &d0);
	unsafe_accept_71_08_f1(ctx, &d0, NULL, s0);
	bpf_ringbuf_discard_dynptr(&d0, 0);
	return 0;
}

