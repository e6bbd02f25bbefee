// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier tests of the seed series' scenarios: each topic loads the
 * annotated programs of one object in progs/ and checks each verdict.
 */
#include "topic.h"

RUN_TESTS(dynptr_ringbuf_frames);
RUN_TESTS(dynptr_skb_qdisc);
RUN_TESTS(dynptr_from_child);
RUN_TESTS(dynptr_clone_overwrite);
RUN_TESTS(dynptr_ringbuf_clone);
RUN_TESTS(dynptr_file);
RUN_TESTS(ringbuf_shared_ref_arg);
