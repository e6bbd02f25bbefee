/* SPDX-License-Identifier: GPL-2.0 */
/* The user ringbuf and the callback context of progs/parent_user_ringbuf*.c. */
#ifndef __PARENT_USER_RINGBUF_H
#define __PARENT_USER_RINGBUF_H

#include "rel_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} urb SEC(".maps");

/* What a callback may leave in its caller's frame. */
struct drain_ctx {
	struct bpf_dynptr clone;
	const void *slice;
	struct bpf_dynptr *dynptr;
	__u32 val;
};

#endif /* __PARENT_USER_RINGBUF_H */
