// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier tests of parents the matrix does not cover (skb metadata, the
 * dynptr of a user ringbuf callback, bpf_dynptr_copy, queries on clones),
 * of dynptrs in loops, and of slices that alias their stack buffer.
 */
#include "topic.h"

RUN_TESTS(parent_skb_meta);

RUN_TESTS(parent_user_ringbuf);

RUN_TESTS(parent_dynptr_copy);

RUN_TESTS(parent_clone_queries);

RUN_TESTS(loop_dynptr);

RUN_TESTS(parent_user_ringbuf_escapes);

RUN_TESTS(loop_release_in_callback);

RUN_TESTS(slice_stack_buffer);
