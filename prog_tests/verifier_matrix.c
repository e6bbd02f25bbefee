// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier tests of the relationship matrix: parent kind x child kind x
 * release path x what is used afterwards.  One topic per parent kind.
 */
#include "runner.h"

void test_rel_skb(void)
{
	RUN_TESTS(rel_skb);
}

void test_rel_xdp(void)
{
	RUN_TESTS(rel_xdp);
}

void test_rel_ringbuf(void)
{
	RUN_TESTS(rel_ringbuf);
}

void test_rel_mem(void)
{
	RUN_TESTS(rel_mem);
}
