// SPDX-License-Identifier: GPL-2.0
/*
 * Found by fuzz/fuzzgen (docs/fuzz.md), reduced.
 * Model: unsafe: writes through a dead slice of rb (parent gone).
 * Shape: call@1 mk(rb)@1 slice_rw(rb)@1 clone(rb):@1 retS@1 store(rb)@0 !
 * Fails on: 6.18.44-fc-v857
 * Verifier: accepted it
 * Reproduce: fuzz/fuzzgen show tc:771e134316970ac1c5a49f378118c7b06a81
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

static __noinline __u32 *unsafe_accept_08_f1(struct __sk_buff *ctx,
					     struct bpf_dynptr *pa,
					     struct bpf_dynptr *pb,
					     __u32 *ps)
{
	struct bpf_dynptr d0;
	struct bpf_dynptr d1;
	__u32 *s0 __maybe_unused = NULL;
	__u32 t __maybe_unused = 0;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &d0);
	s0 = bpf_dynptr_slice_rdwr(&d0, 0, NULL, 4);
	bpf_dynptr_clone(&d0, &d1);
	bpf_ringbuf_discard_dynptr(&d1, 0);
	return s0;
}

SEC("?tc")
__description("unsafe_accept_08: writes through a dead slice of rb (parent gone)")
__failure
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_slice_rdwr)
int unsafe_accept_08(struct __sk_buff *ctx)
{
	__u32 *s0 __maybe_unused = NULL;
	__u32 t __maybe_unused = 0;

	s0 = unsafe_accept_08_f1(ctx, NULL, NULL, NULL);
	if (s0)
		*s0 = 1;
	return 0;
}

