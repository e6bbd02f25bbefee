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
