// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier tests: each topic loads the annotated programs of one object
 * in progs/ and checks the verdict and messages of each.
 */
#include "runner.h"

void test_dynptr_ringbuf_frames(void)
{
	RUN_TESTS(dynptr_ringbuf_frames);
}
