// SPDX-License-Identifier: GPL-2.0
/*
 * A call chain that passes a pointer to the main frame's stack down to
 * its deepest frame.  7.1 added a static pass over subprogram arguments
 * that point to the stack (bpf_compute_subprog_arg_access()); it runs
 * before the main verification and refuses a chain deeper than
 * MAX_CALL_FRAMES itself, with -EINVAL and an empty log.  8 frames are
 * within the limit of every kernel and must load.  (MAX_CALL_FRAMES is 8
 * up to 7.1 and 16 from 7.2 on, so 9 frames load from 7.2 on; 7.1, and
 * 7.2/7.3 at 17 frames, refuse without a reason.)
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

char _license[] SEC("license") = "GPL";

static __noinline int leaf(__u32 *p)
{
	*p += 1;
	return 0;
}

#define LEVEL(n, next)						\
static __noinline int lvl##n(__u32 *p)				\
{								\
	return lvl##next(p) + 1;				\
}

#define lvl0 leaf
LEVEL(1, 0)
LEVEL(2, 1)
LEVEL(3, 2)
LEVEL(4, 3)
LEVEL(5, 4)
LEVEL(6, 5)

SEC("?tc")
__description("depth: 8 frames, a pointer to the main frame's stack passed to the deepest")
__success __retval(7)
int stack_arg_8_frames(struct __sk_buff *skb)
{
	__u32 v = 0;

	return lvl6(&v) + v;
}
