// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier tests of the relationship matrix: parent kind x child kind x
 * release path x what is used afterwards.  One topic per parent kind.
 */
#include "topic.h"

RUN_TESTS(rel_skb);
RUN_TESTS(rel_xdp);
RUN_TESTS(rel_ringbuf);
RUN_TESTS(rel_mem);
