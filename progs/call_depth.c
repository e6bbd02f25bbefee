// SPDX-License-Identifier: GPL-2.0
/*
 * A call chain that passes a pointer to the main frame's stack down to
 * its deepest frame.  Since 7.1 a static pass over arguments that point
 * to the stack (liveness.c, bpf_compute_subprog_arg_access()) runs before
 * the main verification; it follows such a pointer into every callee and
 * gives up with -EINVAL, logging nothing, past MAX_CALL_FRAMES frames.
 * MAX_CALL_FRAMES is 8 up to 7.1 and 16 from 7.2 on (2148794eeaf2 "bpf:
 * Raise maximum call chain depth to 16 frames"), so a 9-frame chain is
 * refused by 6.18 ("the call stack of 9 frames is too deep"), by 7.1 with
 * an empty log, and loads on 7.2 and 7.3.  8 frames are within every
 * kernel's limit and must load.
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
