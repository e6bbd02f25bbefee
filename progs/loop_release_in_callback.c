// SPDX-License-Identifier: GPL-2.0
/*
 * A bpf_loop() body that submits the caller's ringbuf record: the body
 * may run again and release it twice.  Every kernel of the line refuses
 * the program, but Debian's 6.12.117 first hits WARN_ON_ONCE() on the
 * failed release_reference() in unmark_stack_slots_dynptr()
 * (verifier.c:853), a kernel warning any loader with CAP_BPF can trigger;
 * 6.16 and later refuse it without a warning.
 */
#include "rel_common.h"

/* a second release: a dead dynptr, or (up to 7.1) a reference already gone */
#define MSG_RELEASED_TWICE "(" REL_MSG_DEAD_DYNPTR "|" REL_MSG_UNACQUIRED ")"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

static int submit_caller_record(__u32 i, void *arg)
{
	bpf_ringbuf_submit_dynptr(arg, 0);
	return 0;
}

SEC("?tc")
__description("bpf_loop: a body that submits the caller's record runs more than once")
__failure __regex(MSG_RELEASED_TWICE)
__fixed_by("bug-loop-release-warn (fixing commit not identified)")
__broken_by("origin-loop-release-warn (not identified)")
__needs_helper(bpf_loop)
int loop_submit_outer_record(struct __sk_buff *ctx)
{
	struct bpf_dynptr rec;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &rec);
	bpf_loop(4, submit_caller_record, &rec, 0);
	bpf_ringbuf_discard_dynptr(&rec, 0);
	return 0;
}
