// SPDX-License-Identifier: GPL-2.0
/*
 * Found by fuzz/fuzzgen (docs/fuzz.md), reduced.
 * Model: safe: every access is to a live object.
 * Shape: mk(rb)@0 clone(rb):@0 clone(rb):@0 mk(rb)>@0
 * Fails on: 6.18.44-fc-v857
 * Verifier: rejected it: cannot overwrite referenced dynptr
 * Reproduce: fuzz/fuzzgen show xdp:a3030a87ad42a4c7444267a9
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

SEC("?xdp")
__description("false_reject_02: every access is to a live object")
__success
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_slice_rdwr)
int false_reject_02(struct xdp_md *ctx)
{
	struct bpf_dynptr d0;
	struct bpf_dynptr d1;
	struct bpf_dynptr d2;
	__u32 t __maybe_unused = 0;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &d0);
	bpf_dynptr_clone(&d0, &d1);
	bpf_dynptr_clone(&d1, &d2);
	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &d1);
	bpf_ringbuf_discard_dynptr(&d2, 0);
	bpf_ringbuf_discard_dynptr(&d1, 0);
	return XDP_PASS;
}

