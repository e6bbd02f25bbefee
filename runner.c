// SPDX-License-Identifier: GPL-2.0
/*
 * Reporting of one run: nested KTAP on stdout (topics at the top level,
 * their subtests indented below them), verdict lists, and the table of
 * results kept for the totals and the JSON file.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kmsg_watch.h"
#include "runner.h"

struct run_ctx *env;

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

bool test_selected(const char *topic, const char *subtest)
{
	int i;

	if (test_list_match(&env->deny, topic, subtest))
		return false;
	if (!env->allow.cnt)
		return true;
	for (i = 0; i < env->allow.cnt; i++) {
		const char *pat = env->allow.entries[i].pattern;

		if (!subtest || !strchr(pat, '/')) {
			if (name_matches(pat, topic, NULL))
				return true;
		} else if (name_matches(pat, topic, subtest)) {
			return true;
		}
	}
	return false;
}

const char *test_denied(const char *subtest)
{
	const struct test_list_entry *e;

	e = test_list_match(&env->denylist, env->topic, subtest);
	return e ? e->reason : NULL;
}

void print_diag(const char *text)
{
	const char *indent = env->topic ? "  " : "";
	const char *p = text, *nl;

	while (p && *p) {
		nl = strchr(p, '\n');
		printf("%s# %.*s\n", indent, (int)(nl ? nl - p : strlen(p)), p);
		p = nl ? nl + 1 : NULL;
	}
}

void subtests_plan(int cnt)
{
	printf("  KTAP version 1\n  1..%d\n", cnt);
}

/* KTAP descriptions may not hold '#'; reasons stay on one line. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (*s == '#' || *s == '\n')
			*s = ' ';
}

static void apply_xfail(struct test_result *res, const char *subtest)
{
	const struct test_list_entry *e;
	char why[BPF_REFS_REASON_LEN];

	e = test_list_match(&env->xfail, env->topic, subtest);
	if (!e)
		return;
	if (res->status == TEST_FAIL) {
		res->status = TEST_XFAIL;
		snprintf(why, sizeof(why), "known bug of this kernel (%.200s): %.280s",
			 e->reason, res->reason);
	} else if (res->status == TEST_PASS) {
		res->status = TEST_XPASS;
		snprintf(why, sizeof(why),
			 "listed as failing on this kernel (%.300s) but passed: update the xfail list",
			 e->reason);
	} else {
		return;
	}
	snprintf(res->reason, sizeof(res->reason), "%s", why);
}

void keep_result(const struct test_result *res)
{
	struct test_result *slot;

	env->cnt[res->status]++;
	slot = realloc(env->results, (env->result_cnt + 1) * sizeof(*slot));
	if (!slot) {
		fprintf(stderr, "bpf_refs: out of memory keeping results\n");
		free(res->splats);
		return;
	}
	env->results = slot;
	slot[env->result_cnt++] = *res;
}

void report_subtest(struct test_result *res)
{
	const char *sub = res->name;
	char name[sizeof(res->name)];
	int n;

	apply_xfail(res, sub);
	kmsg_watch_check(res);	/* a splat fails even a listed test */
	sanitize(res->reason);
	env->sub_num++;
	switch (res->status) {
	case TEST_PASS:
		printf("  ok %d %s\n", env->sub_num, sub);
		break;
	case TEST_FAIL:
		printf("  not ok %d %s # %s\n", env->sub_num, sub, res->reason);
		break;
	case TEST_SKIP:
		printf("  ok %d %s # SKIP %s\n", env->sub_num, sub, res->reason);
		break;
	case TEST_XFAIL:
		printf("  ok %d %s # XFAIL %s\n", env->sub_num, sub, res->reason);
		break;
	case TEST_XPASS:
		printf("  not ok %d %s # XPASS %s\n", env->sub_num, sub,
		       res->reason);
		break;
	}
	if (res->splats)
		print_diag(res->splats);
	fflush(stdout);
	env->sub_cnt[res->status]++;

	/* Kept under its full name, topic/subtest. */
	n = snprintf(name, sizeof(name), "%s/", env->topic);
	snprintf(name + n, sizeof(name) - n, "%.*s",
		 (int)(sizeof(name) - n - 1), sub);
	memcpy(res->name, name, sizeof(name));
	keep_result(res);
}

void topic_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(env->topic_reason, sizeof(env->topic_reason), fmt, ap);
	va_end(ap);
	fprintf(stderr, "bpf_refs: %s: %s\n", env->topic, env->topic_reason);
}
