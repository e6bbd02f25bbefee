// SPDX-License-Identifier: GPL-2.0
/*
 * Found by fuzz/fuzzgen (docs/fuzz.md), reduced.
 * Model: safe: every access is to a live object.
 * Shape: mk(rb)@0 callA@1 clone(rb)P:@1 ovw(rb)@1 ret@1
 * Fails on: 6.18.44-fc-v857 7.1.13+deb13-amd64
 * Verifier: rejected it: cannot overwrite referenced dynptr
 * Reproduce: fuzz/fuzzgen show tc:420c31d76f3d4478d0b51093
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

static __noinline __u32 *false_reject_71_01_f1(struct __sk_buff *ctx,
					       struct bpf_dynptr *pa,
					       struct bpf_dynptr *pb,
					       __u32 *ps)
{
	struct bpf_dynptr d0;
	__u32 t __maybe_unused = 0;

	bpf_dynptr_clone(pa, &d0);
	clobber_dynptr(&d0);
	return NULL;
}

SEC("?tc")
__description("false_reject_71_01: every access is to a live object")
__success
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)
__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_slice_rdwr)
int false_reject_71_01(struct __sk_buff *ctx)
{
	struct bpf_dynptr d0;
	__u32 t __maybe_unused = 0;

	bpf_ringbuf_reserve_dynptr(&rb, 16, 0, &d0);
	false_reject_71_01_f1(ctx, &d0, NULL, NULL);
	bpf_ringbuf_discard_dynptr(&d0, 0);
	return 0;
}

