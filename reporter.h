/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reporter: the one place that writes results.  It is fed a stream
 * (plan, topic start, subtest results, topic end, run end) and writes
 * nested KTAP (topics at the top level, their subtests indented below
 * them), keeps every result for the JSON file (docs/results.md) and gives
 * the exit status, with kselftest.h's meaning: 0 pass, 1 fail, 4 skip;
 * XFAIL counts as a pass, XPASS as a failure.
 */
#ifndef __BPF_REFS_REPORTER_H
#define __BPF_REFS_REPORTER_H

#include <stdio.h>
#include <time.h>
#include "bpf_refs.h"
#include "kfunc_policy.h"

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_SKIP	4

/* run.status of the JSON file (docs/results.md) */
#define RUN_RUNNING	"running"	/* still running, or killed */
#define RUN_COMPLETE	"complete"
#define RUN_LISTED	"listed"	/* -l: nothing ran */
#define RUN_BAILED	"bailed"	/* stopped by an error: the reason */
#define RUN_INTERRUPTED	"interrupted"	/* stopped by a signal */
#define RUN_UNPRIVILEGED "unprivileged"	/* could not load: all skipped */

struct reporter {
	FILE *out;			/* the KTAP */
	bool out_closed;		/* it was closed when the run began */
	bool header;			/* "TAP version 13" is out */
	/* the topic being reported */
	const char *topic;
	int topic_num;
	int sub_num;
	int sub_cnt[TEST_XPASS + 1];
	/* every result, for the totals and the JSON file */
	struct test_result *results;
	int result_cnt, result_cap;
	int cnt[TEST_XPASS + 1];
	/* the JSON file: NULL for none */
	const char *json;
	int json_kind;			/* JSON_FILE, JSON_STREAM; 0: unknown */
	bool json_said;			/* a failed checkpoint was said */
	bool json_dead;			/* the first write failed: no more */
	__u64 json_at_us;		/* when the last checkpoint ended */
	__u64 json_cost_us;		/* how long it took */
	const char *object;		/* the object of the topic, or "" */
	const char *where;		/* "host", a vmtest guest, ... */
	const char *xfail_file;		/* the xfail list applied, or NULL */
	bool btf;			/* the kernel has BTF */
	const struct kfunc_policy *policy;	/* its probes, or NULL */
	int carried;			/* passes that show a backported fix */
	int disagreements;		/* fixes some tests show and some lack */
	__u64 start_us;
	time_t started;
	const char *status;		/* RUN_* */
	char status_reason[BPF_REFS_REASON_LEN];
};

void reporter_init(struct reporter *r, FILE *out);
void reporter_free(struct reporter *r);

/* "TAP version 13" and the plan of topics. */
void report_plan(struct reporter *r, int topics);
void report_topic_start(struct reporter *r, const char *topic);
/* The plan of the current topic's subtests. */
void report_subtests(struct reporter *r, int cnt);
/* One subtest of the current topic; kept as topic/subtest. */
void report_subtest(struct reporter *r, struct test_result *res);
/* "# " lines, indented inside a topic. */
void report_diag(struct reporter *r, const char *text);
/* The topic's line; error: a problem of the whole topic, or "". */
void report_topic_end(struct reporter *r, const char *error);
/* A topic not run at all (unprivileged run). */
void report_topic_skip(struct reporter *r, const char *topic,
		       const char *why);
/* -l: a topic (sub NULL) or one of its subtests. */
void report_listed(struct reporter *r, const char *topic, const char *sub);
/*
 * The end of the run with status RUN_*: the totals of a complete run,
 * the JSON file; returns the exit status.  Output that could not be
 * written (stdout closed, a full disk) fails the run.
 */
int report_end(struct reporter *r, const char *status, const char *reason);
/* The run stops early: "Bail out!" (after the version line), code. */
int report_stop(struct reporter *r, const char *status, int code,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * Write the JSON file as the run stands, now: at its end, or when it
 * stops; -1 when that failed (said on stderr).
 */
int report_json(struct reporter *r);
/*
 * A checkpoint of the JSON file while the run goes on (status running):
 * first at the start, then after a topic when JSON_CHECKPOINT_US have
 * passed since the last one, and ten times as long as that one took.  A
 * FIFO, a device or the runner's stdout gets no checkpoint, only the one
 * document of report_json().  -1 when the write failed.
 */
#define JSON_CHECKPOINT_US	1000000ULL
int report_json_checkpoint(struct reporter *r, bool first);

/* A test name as KTAP parsers take it. */
void ktap_name(char *dst, size_t len, const char *src);
/* A reason after " # ": one line, no '#'. */
void ktap_text(char *s);
const char *test_status_str(enum test_status st);
__u64 now_us(void);

/* reporter_json.c: the JSON file (docs/results.md) */
int results_json_write(const char *path, const struct reporter *r,
		       __u64 duration_us);
/*
 * What --json path is: a regular file (or none yet), replaced whole at
 * each write; or a stream (a FIFO, a device, a socket, the runner's own
 * stdout or stderr, then *std_fd), which gets one document, at the end.
 */
enum json_target {
	JSON_FILE = 1,
	JSON_STREAM,
};

enum json_target json_target(const char *path, int *std_fd);

#endif /* __BPF_REFS_REPORTER_H */
