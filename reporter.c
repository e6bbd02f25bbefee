// SPDX-License-Identifier: GPL-2.0
/* The reporter; see reporter.h. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "reporter.h"

__u64 now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

const char *test_status_str(enum test_status st)
{
	static const char *const names[] = {
		[TEST_PASS] = "pass", [TEST_FAIL] = "fail",
		[TEST_SKIP] = "skip", [TEST_XFAIL] = "xfail",
		[TEST_XPASS] = "xpass",
	};

	return names[st];
}

/*
 * A test name as KTAP parsers take it: [A-Za-z0-9_.-] only, not starting
 * with '.' and not empty; anything else becomes '_'.  Object file names
 * (--object) can hold '#', blanks, newlines: the one place they are made
 * safe.
 */
void ktap_name(char *dst, size_t len, const char *src)
{
	size_t i;

	if (!len)
		return;
	for (i = 0; src[i] && i < len - 1; i++)
		dst[i] = isalnum((unsigned char)src[i]) || src[i] == '_' ||
			 src[i] == '-' || (src[i] == '.' && i) ? src[i] : '_';
	if (!i && len > 1)
		dst[i++] = '_';
	dst[i] = '\0';
}

/*
 * A reason after the " # " of a result line: one line (libbpf messages
 * end in a newline), no '#' or other control characters, no trailing
 * blanks.
 */
void ktap_text(char *s)
{
	char *end = s;

	for (; *s; s++) {
		if (*s == '#' || iscntrl((unsigned char)*s))
			*s = ' ';
		if (*s != ' ')
			end = s + 1;
	}
	*end = '\0';
}

void reporter_init(struct reporter *r, FILE *out)
{
	memset(r, 0, sizeof(*r));
	r->out = out;
	r->where = "host";
	r->start_us = now_us();
	r->started = time(NULL);
	r->status = RUN_RUNNING;
	r->object = "";
}

void reporter_free(struct reporter *r)
{
	int i;

	for (i = 0; i < r->result_cnt; i++)
		free(r->results[i].splats);
	free(r->results);
	r->results = NULL;
	r->result_cnt = 0;
	r->result_cap = 0;
}

static void header(struct reporter *r)
{
	if (!r->header)
		fprintf(r->out, "TAP version 13\n");
	r->header = true;
}

void report_plan(struct reporter *r, int topics)
{
	header(r);
	fprintf(r->out, "1..%d\n", topics);
}

void report_topic_start(struct reporter *r, const char *topic)
{
	r->topic = topic;
	r->topic_num++;
	r->sub_num = 0;
	memset(r->sub_cnt, 0, sizeof(r->sub_cnt));
}

void report_subtests(struct reporter *r, int cnt)
{
	fprintf(r->out, "  KTAP version 1\n  1..%d\n", cnt);
}

void report_diag(struct reporter *r, const char *text)
{
	const char *indent = r->topic ? "  " : "";
	const char *p = text, *nl;

	while (p && *p) {
		nl = strchr(p, '\n');
		fprintf(r->out, "%s# %.*s\n", indent,
			(int)(nl ? nl - p : strlen(p)), p);
		p = nl ? nl + 1 : NULL;
	}
	fflush(r->out);
}

/* Count a result and keep it for the totals and the JSON file. */
static void keep(struct reporter *r, const struct test_result *res)
{
	struct test_result *slot;

	r->cnt[res->status]++;
	if (r->result_cnt == r->result_cap) {
		/* doubling: n results cost time n, not n^2 */
		slot = realloc(r->results, (r->result_cap ? 2 * r->result_cap :
					    64) * sizeof(*slot));
		if (!slot) {
			fprintf(stderr, "bpf_refs: out of memory keeping results\n");
			free(res->splats);
			return;
		}
		r->results = slot;
		r->result_cap = r->result_cap ? 2 * r->result_cap : 64;
	}
	slot = &r->results[r->result_cnt++];
	*slot = *res;
	slot->object = r->object ?: "";
}

void report_subtest(struct reporter *r, struct test_result *res)
{
	static const char *const directive[] = {
		[TEST_SKIP] = "SKIP ", [TEST_XFAIL] = "XFAIL ",
		[TEST_XPASS] = "XPASS ",
	};
	char name[sizeof(res->name)], sub[sizeof(res->name)];
	int n;

	ktap_name(sub, sizeof(sub), res->name);
	ktap_text(res->reason);
	r->sub_num++;
	/* XPASS is "ok" as kselftest.h's ksft_test_result_code(); exit 1 */
	if (res->status == TEST_PASS)
		fprintf(r->out, "  ok %d %s\n", r->sub_num, sub);
	else
		fprintf(r->out, "  %s %d %s # %s%s\n",
			res->status == TEST_FAIL ? "not ok" : "ok", r->sub_num,
			sub, directive[res->status] ?: "", res->reason);
	if (res->expect.carried) {
		r->carried++;
		fprintf(r->out, "  # %s: carries fix %s (%s%s): a backport\n",
			sub, res->expect.fix,
			strcmp(res->fix_release, "none") ? "first in " : "",
			strcmp(res->fix_release, "none") ? res->fix_release :
			"in no release");
	}
	if (res->splats)
		report_diag(r, res->splats);
	fflush(r->out);
	r->sub_cnt[res->status]++;

	/* Kept under its full name, topic/subtest. */
	n = snprintf(name, sizeof(name), "%s/", r->topic);
	snprintf(name + n, sizeof(name) - n, "%.*s",
		 (int)(sizeof(name) - n - 1), sub);
	memcpy(res->name, name, sizeof(name));
	keep(r, res);
}

void report_topic_end(struct reporter *r, const char *error)
{
	int *c = r->sub_cnt;
	int ran = c[TEST_PASS] + c[TEST_FAIL] + c[TEST_XFAIL] + c[TEST_XPASS];
	struct test_result res = { .status = TEST_FAIL };

	if (error && error[0]) {
		snprintf(res.name, sizeof(res.name), "%s", r->topic);
		snprintf(res.reason, sizeof(res.reason), "%s", error);
		ktap_text(res.reason);
		fprintf(r->out, "not ok %d %s # %s\n", r->topic_num, r->topic,
			res.reason);
		keep(r, &res);
	} else if (c[TEST_FAIL] || c[TEST_XPASS]) {
		fprintf(r->out, "not ok %d %s\n", r->topic_num, r->topic);
	} else if (!ran) {
		fprintf(r->out, "ok %d %s # SKIP %s\n", r->topic_num, r->topic,
			c[TEST_SKIP] ? "all subtests skipped" :
			"no subtest selected");
	} else {
		fprintf(r->out, "ok %d %s\n", r->topic_num, r->topic);
	}
	fflush(r->out);
	r->topic = NULL;
}

void report_topic_skip(struct reporter *r, const char *topic,
		       const char *why)
{
	struct test_result res = { .status = TEST_SKIP };

	fprintf(r->out, "ok %d %s # SKIP %s\n", ++r->topic_num, topic, why);
	snprintf(res.name, sizeof(res.name), "%s", topic);
	snprintf(res.reason, sizeof(res.reason), "%s", why);
	keep(r, &res);
}

/* Names as the run reports them: a program's name is the object's. */
void report_listed(struct reporter *r, const char *topic, const char *sub)
{
	char t[2 * BPF_REFS_NAME_LEN], s[2 * BPF_REFS_NAME_LEN];

	ktap_name(t, sizeof(t), topic);
	if (sub) {
		ktap_name(s, sizeof(s), sub);
		fprintf(r->out, "%s/%s\n", t, s);
	} else {
		fprintf(r->out, "%s\n", t);
	}
}

static void say_json_failed(const struct reporter *r, int err)
{
	char safe[4096];

	ktap_path(safe, sizeof(safe), r->json);
	fprintf(stderr, "bpf_refs: cannot write --json %s: %s%s\n", safe,
		strerror(err), r->json_kind == JSON_STREAM ? "" :
		"; the file there is left as it was");
}

int report_json(struct reporter *r)
{
	int std_fd;

	if (!r->json || r->json_dead)
		return r->json_dead ? -1 : 0;
	if (!r->json_kind)
		r->json_kind = json_target(r->json, &std_fd);
	if (!results_json_write(r->json, r, now_us() - r->start_us))
		return 0;
	say_json_failed(r, errno);
	return -1;
}

int report_json_checkpoint(struct reporter *r, bool first)
{
	__u64 t0 = now_us(), gap;
	int std_fd;

	if (!r->json || r->json_dead)
		return r->json_dead ? -1 : 0;
	if (!r->json_kind)
		r->json_kind = json_target(r->json, &std_fd);
	if (r->json_kind == JSON_STREAM)
		return 0;
	gap = 10 * r->json_cost_us;
	if (gap < JSON_CHECKPOINT_US)
		gap = JSON_CHECKPOINT_US;
	if (!first && t0 - r->json_at_us < gap)
		return 0;
	if (results_json_write(r->json, r, t0 - r->start_us)) {
		if (first || !r->json_said)
			say_json_failed(r, errno);
		r->json_said = true;
		r->json_dead = first;
		return -1;
	}
	r->json_at_us = now_us();
	r->json_cost_us = r->json_at_us - t0;
	return 0;
}

/* Every end: the JSON file, and output that could not be written. */
static int finish(struct reporter *r, int code, const char *status)
{
	bool ok = true;

	r->status = status;
	if (report_json(r))
		ok = false;
	if (r->out_closed) {	/* report_stop() said so */
		ok = false;
	} else if (fflush(r->out) || ferror(r->out)) {
		fprintf(stderr, "bpf_refs: cannot write the results to standard output: %s\n",
			strerror(errno));
		ok = false;
	}
	if (!ok && (code == KSFT_PASS || code == KSFT_SKIP))
		code = KSFT_FAIL;
	return code;
}

/*
 * Fixes that some tests show this kernel carries (a pass where the fix
 * was expected missing) while other tests that name the same fix fail
 * as expected: a partial backport or a regression.  Each is said and
 * counted as an error of the run.
 */
static int disagreements(struct reporter *r)
{
	const struct test_result *a, *b;
	char line[BPF_REFS_REASON_LEN];
	int i, j, k, pass, fail, cnt = 0;
	bool seen;

	for (i = 0; i < r->result_cnt; i++) {
		a = &r->results[i];
		if (!a->expect.carried)
			continue;
		for (seen = false, k = 0; k < i && !seen; k++)
			seen = r->results[k].expect.carried &&
			       !strcmp(r->results[k].expect.fix, a->expect.fix);
		pass = 0;
		fail = 0;
		for (j = 0; j < r->result_cnt && !seen; j++) {
			b = &r->results[j];
			if (strcmp(b->expect.fix, a->expect.fix))
				continue;
			if (b->expect.carried) {
				pass++;
			} else if (b->status == TEST_XFAIL &&
				   b->expect.source == EXPECT_DERIVED) {
				if (!fail++)
					snprintf(line, sizeof(line), "%s", b->name);
			}
		}
		if (seen || !fail)
			continue;
		fprintf(r->out,
			"# fix %s: %d tests pass (first %s) and %d fail (first %s) on this kernel, whose release lacks it: a partial backport or a regression\n",
			a->expect.fix, pass, a->name, fail, line);
		cnt++;
	}
	return cnt;
}

int report_end(struct reporter *r, const char *status, const char *reason)
{
	int *c = r->cnt;
	int code = KSFT_PASS;

	snprintf(r->status_reason, sizeof(r->status_reason), "%s",
		 reason ?: "");
	if (!strcmp(status, RUN_UNPRIVILEGED))
		return finish(r, KSFT_SKIP, status);
	if (strcmp(status, RUN_COMPLETE))
		return finish(r, KSFT_PASS, status);
	r->disagreements = disagreements(r);
	fprintf(r->out,
		"# Totals: pass:%d fail:%d xfail:%d xpass:%d skip:%d error:%d\n",
		c[TEST_PASS], c[TEST_FAIL], c[TEST_XFAIL], c[TEST_XPASS],
		c[TEST_SKIP], r->disagreements);
	if (r->carried)
		fprintf(r->out,
			"# Carried: %d of the passes show a fix this kernel's release lacks (backports)\n",
			r->carried);
	if (c[TEST_FAIL] || c[TEST_XPASS] || r->disagreements)
		code = KSFT_FAIL;
	else if (!c[TEST_PASS] && !c[TEST_XFAIL])
		code = KSFT_SKIP;
	return finish(r, code, status);
}

int report_stop(struct reporter *r, const char *status, int code,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->status_reason, sizeof(r->status_reason), fmt, ap);
	va_end(ap);
	ktap_text(r->status_reason);
	header(r);
	fprintf(r->out, "Bail out! %s\n", r->status_reason);
	fprintf(stderr, "bpf_refs: %s\n", r->status_reason);
	return finish(r, code, status);
}
