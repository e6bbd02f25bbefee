// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier tests of parents the matrix does not cover (skb metadata, the
 * dynptr of a user ringbuf callback, bpf_dynptr_copy, queries on clones),
 * of dynptrs in loops, and of slices that alias their stack buffer.
 */
#include "runner.h"

void test_parent_skb_meta(void)
{
	RUN_TESTS(parent_skb_meta);
}

void test_parent_user_ringbuf(void)
{
	RUN_TESTS(parent_user_ringbuf);
}

void test_parent_dynptr_copy(void)
{
	RUN_TESTS(parent_dynptr_copy);
}

void test_parent_clone_queries(void)
{
	RUN_TESTS(parent_clone_queries);
}

void test_loop_dynptr(void)
{
	RUN_TESTS(loop_dynptr);
}

void test_parent_user_ringbuf_escapes(void)
{
	RUN_TESTS(parent_user_ringbuf_escapes);
}

void test_loop_release_in_callback(void)
{
	RUN_TESTS(loop_release_in_callback);
}

void test_slice_stack_buffer(void)
{
	RUN_TESTS(slice_stack_buffer);
}
