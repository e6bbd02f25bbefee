// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier tests of the seed series' scenarios: each topic loads the
 * annotated programs of one object in progs/ and checks each verdict.
 */
#include "runner.h"

void test_dynptr_ringbuf_frames(void)
{
	RUN_TESTS(dynptr_ringbuf_frames);
}

void test_dynptr_skb_qdisc(void)
{
	RUN_TESTS(dynptr_skb_qdisc);
}

void test_dynptr_from_child(void)
{
	RUN_TESTS(dynptr_from_child);
}

void test_dynptr_clone_overwrite(void)
{
	RUN_TESTS(dynptr_clone_overwrite);
}

void test_dynptr_ringbuf_clone(void)
{
	RUN_TESTS(dynptr_ringbuf_clone);
}

void test_dynptr_file(void)
{
	RUN_TESTS(dynptr_file);
}

void test_ringbuf_shared_ref_arg(void)
{
	RUN_TESTS(ringbuf_shared_ref_arg);
}
