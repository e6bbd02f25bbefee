// SPDX-License-Identifier: GPL-2.0
/*
 * Found by fuzz/fuzzgen (docs/fuzz.md), reduced.
 * Model: unsafe: writes through a dead slice of skb (slice invalidated).
 * Shape: mk(skb)@0 slice_rw(skb)@0 mk(mem)>@0 store(skb)@0 !
 * Fails on: 6.18.44-fc-v857
 * Verifier: accepted it
 * Reproduce: fuzz/fuzzgen show tc:020df62978b501cc26ff5fcd
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

SEC("?tc")
__description("unsafe_accept_28: writes through a dead slice of skb (slice invalidated)")
__failure
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_slice_rdwr)
int unsafe_accept_28(struct __sk_buff *ctx)
{
	struct bpf_dynptr d0;
	__u32 *s0 __maybe_unused = NULL;
	__u32 t __maybe_unused = 0;

	bpf_dynptr_from_skb(ctx, 0, &d0);
	s0 = bpf_dynptr_slice_rdwr(&d0, 0, NULL, 4);
	bpf_dynptr_from_mem(&mem, sizeof(mem), 0, &d0);
	if (s0)
		*s0 = 1;
	return 0;
}

