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

struct kmsg_watch {
	int fd;			/* /dev/kmsg; -1 before first use */
	bool off;		/* /dev/kmsg cannot be read */
	char *pending;		/* records since the last report */
	size_t pending_len;
	bool pending_splat;
	char first_splat[160];
};

/* Does the text of one kernel log record look like a splat? */
bool kmsg_is_splat(const char *msg);
void kmsg_watch_init(struct kmsg_watch *w);
/*
 * A subtest begins: open /dev/kmsg on first use (positioned at its end),
 * and keep whatever was logged since the last report for this subtest.
 * Returns, once, why the watcher is off (/dev/kmsg cannot be read).
 */
const char *kmsg_watch_begin(struct kmsg_watch *w);
/*
 * A subtest ends: read the records logged since the last report; when
 * one is a splat, fail res, attach the records to res->splats and return
 * true.
 */
bool kmsg_watch_check(struct kmsg_watch *w, struct test_result *res);
/*
 * Records taken out of the watcher while a batch of programs loads
 * (engine.c): those of each program's load are given back to the
 * watcher when its subtest is reported, before the subtest's own.
 */
struct kmsg_held {
	char *text;
	size_t len;
	bool splat;
	char first_splat[160];
};

/* Read the records logged since the last report, and move them to h. */
void kmsg_watch_hold(struct kmsg_watch *w, struct kmsg_held *h);
/* Put h's records back, before those gathered since; h is emptied. */
void kmsg_watch_release(struct kmsg_watch *w, struct kmsg_held *h);
/* Close /dev/kmsg and forget what was gathered. */
void kmsg_watch_free(struct kmsg_watch *w);

#endif /* __BPF_REFS_KMSG_WATCH_H */
