/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-log watcher: every subtest owns the kernel log records written
 * between the report of the subtest before it and its own report.  A
 * record that looks like a splat (KASAN, BUG, WARNING, Oops, ...) fails
 * the subtest and is attached to its result.
 */
#ifndef __BPF_REFS_KMSG_WATCH_H
#define __BPF_REFS_KMSG_WATCH_H

#include <stdbool.h>
#include "bpf_refs.h"

/* Does the text of one kernel log record look like a splat? */
bool kmsg_is_splat(const char *msg);
/*
 * A subtest begins: open /dev/kmsg on first use (positioned at its end),
 * and keep whatever was logged since the last report for this subtest.
 */
void kmsg_watch_begin(void);
/*
 * A subtest ends: read the records logged since the last report; when
 * one is a splat, fail res and attach the records to res->splats.
 */
void kmsg_watch_check(struct test_result *res);
/* Close /dev/kmsg and forget what was gathered (unit tests). */
void kmsg_watch_reset(void);

#endif /* __BPF_REFS_KMSG_WATCH_H */
