/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run: what a topic needs to run its subtests, passed to it as
 * struct run_ctx: which tests are selected (-t/-a/-d), the lists that
 * change a verdict (DENYLIST, xfail, FIXES), the kernel's features and
 * log watcher, and the reporter the results go to.
 */
#ifndef __BPF_REFS_RUN_H
#define __BPF_REFS_RUN_H

#include <signal.h>
#include "bpf_refs.h"
#include "fixes.h"
#include "kernel_features.h"
#include "kfunc_policy.h"
#include "kmsg_watch.h"
#include "lists.h"
#include "reporter.h"

struct run_ctx {
	struct reporter rep;
	struct features feat;
	struct kfunc_policy policy;	/* kfuncs the kernel refuses */
	struct kmsg_watch kmsg;
	struct test_list denylist;
	struct test_list xfail;
	/* --xfail auto: tests expect what their __fixed_by and FIXES say */
	bool derive;
	struct test_list allow;		/* -t/-a patterns, reasons unused */
	struct test_list deny;		/* -d patterns */
	struct test_list needs_setup;	/* --needs-setup topic patterns */
	struct fix_list fixes;		/* FIXES beside the objects */
	struct kernel_version kver;	/* of the kernel under test */
	const char *obj_dir;		/* where NAME.bpf.o are looked up */
	int verbose;
	bool list_only;
	/* each program loads from an open of its own (no batch; engine.c) */
	bool load_alone;
	/* -t/-a/-d patterns are being checked: select all, mark the used */
	bool enumerating;
	/* the topic being run, and a problem of it as a whole */
	const char *topic;
	char topic_error[BPF_REFS_REASON_LEN];
	/* SIGINT or SIGTERM received: stop after the current subtest */
	sig_atomic_t interrupted;
};

void run_ctx_init(struct run_ctx *ctx);
void run_ctx_free(struct run_ctx *ctx);
/* Is topic/subtest selected by -t/-a/-d?  subtest NULL: any of the topic. */
bool run_selected(struct run_ctx *ctx, const char *topic,
		  const char *subtest);
/*
 * Subtest sub of the current topic begins: res named, passing, timed,
 * watched.  False when it does not run: not selected, or denylisted
 * (then reported as skipped).
 */
bool subtest_begin(struct run_ctx *ctx, struct test_result *res,
		   const char *sub);
/*
 * It ends: says what the kernel has of the fix a failing test names,
 * applies the xfail list and the kernel-log watcher, and reports it.
 */
void subtest_end(struct run_ctx *ctx, struct test_result *res);
/* A problem of the whole topic (e.g. its object cannot be opened). */
void topic_error(struct run_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* __BPF_REFS_RUN_H */
