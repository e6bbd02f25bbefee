// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier tests of pruning that must tell references apart by their
 * parent or must not prune at all, one referenced object passed as two
 * arguments, release walks through chains of up to 8 call frames, and
 * releases and pruning beside references of other kinds (IRQ flags,
 * locks).
 */
#include "topic.h"

RUN_TESTS(dynptr_prune_parent);

RUN_TESTS(prune_compare);

RUN_TESTS(shared_ref_args);

RUN_TESTS(dynptr_depth);

RUN_TESTS(dynptr_depth_qdisc);

RUN_TESTS(call_depth);

RUN_TESTS(held_refs);
