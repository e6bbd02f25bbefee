// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier tests of issue 12's corpus groups: pruning that must tell
 * references apart by their parent, one referenced object passed as two
 * arguments, and release walks through chains of up to 8 call frames.
 */
#include "runner.h"

void test_dynptr_prune_parent(void)
{
	RUN_TESTS(dynptr_prune_parent);
}

void test_shared_ref_args(void)
{
	RUN_TESTS(shared_ref_args);
}

void test_dynptr_depth(void)
{
	RUN_TESTS(dynptr_depth);
}

void test_dynptr_depth_qdisc(void)
{
	RUN_TESTS(dynptr_depth_qdisc);
}

void test_call_depth(void)
{
	RUN_TESTS(call_depth);
}
