/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run: which tests are selected, how results are reported (KTAP on
 * stdout, JSON on request) and the lists that change a verdict (DENYLIST,
 * xfail).  prog_tests/ files see only this header.
 */
#ifndef __BPF_REFS_RUNNER_H
#define __BPF_REFS_RUNNER_H

#include <signal.h>
#include "bpf_refs.h"
#include "kernel_features.h"

struct run_ctx {
	struct features feat;
	struct test_list denylist;
	struct test_list xfail;
	struct test_list allow;		/* -t/-a patterns, reasons unused */
	struct test_list deny;		/* -d patterns */
	struct fix_list fixes;		/* FIXES beside the objects */
	struct kernel_version kver;	/* of the kernel under test */
	const char *obj_dir;		/* where NAME.bpf.o are looked up */
	const char *xfail_file;		/* --xfail list applied, or NULL */
	int verbose;
	bool list_only;
	/* the topic being run */
	const char *topic;
	int topic_num;
	int sub_num;
	int sub_cnt[TEST_XPASS + 1];
	char topic_reason[BPF_REFS_REASON_LEN];
	/* every subtest result, for the totals and the JSON file */
	struct test_result *results;
	int result_cnt;
	int cnt[TEST_XPASS + 1];
	/* how far the run got, for the JSON file: RUN_* */
	const char *run_status;
	char run_status_reason[BPF_REFS_REASON_LEN];
	/* -t/-a/-d patterns are being checked: select all, mark the used */
	bool enumerating;
	/* SIGINT or SIGTERM received: stop after the current subtest */
	sig_atomic_t interrupted;
};

/* run.status of the JSON file (docs/results.md) */
#define RUN_RUNNING	"running"	/* still running, or killed */
#define RUN_COMPLETE	"complete"
#define RUN_LISTED	"listed"	/* -l: nothing ran */
#define RUN_BAILED	"bailed"	/* stopped by an error: the reason */
#define RUN_INTERRUPTED	"interrupted"	/* stopped by a signal */
#define RUN_UNPRIVILEGED "unprivileged"	/* could not load: all skipped */

extern struct run_ctx *env;

/* Is topic/subtest selected by -t/-a/-d?  subtest NULL: any of the topic. */
bool test_selected(const char *topic, const char *subtest);
/* NULL when the subtest may run, else why it is skipped (DENYLIST). */
const char *test_denied(const char *subtest);
/* Print the subtest plan of the current topic. */
void subtests_plan(int cnt);
/* Count a result and keep it for the totals and the JSON file. */
void keep_result(const struct test_result *res);
/*
 * Report one subtest of the current topic: says what the kernel has of
 * the fix a failing test names (res->fixed_by), applies the xfail list.
 */
void report_subtest(struct test_result *res);
/* A problem of the whole topic (e.g. its object cannot be opened). */
void topic_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Indented diagnostic lines, one "# " line per line of text. */
void print_diag(const char *text);

__u64 now_us(void);

/* Run every annotated program of OBJ.bpf.o (engine.c). */
void run_object_tests(const char *obj_file);
#define RUN_TESTS(name) run_object_tests(#name ".bpf.o")

#endif /* __BPF_REFS_RUNNER_H */
