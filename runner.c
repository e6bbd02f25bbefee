// SPDX-License-Identifier: GPL-2.0
/*
 * Reporting of one run: nested KTAP on stdout (topics at the top level,
 * their subtests indented below them), verdict lists, and the table of
 * results kept for the totals and the JSON file.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>
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

/*
 * Which -t/-a/-d patterns name topic/subtest: a pattern with '/' names
 * subtests only, one without names the topic.
 */
static void mark_used(struct test_list *list, const char *topic,
		      const char *subtest)
{
	int i;

	for (i = 0; i < list->cnt; i++) {
		struct test_list_entry *e = &list->entries[i];

		if (strchr(e->pattern, '/') ?
		    subtest && name_matches(e->pattern, topic, subtest) :
		    name_matches(e->pattern, topic, NULL))
			e->used = true;
	}
}

bool test_selected(const char *topic, const char *subtest)
{
	int i;

	if (env->interrupted)
		return false;
	if (env->enumerating) {
		mark_used(&env->allow, topic, subtest);
		mark_used(&env->deny, topic, subtest);
		return true;
	}
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

/* strerror() that also knows libbpf's own codes (4000 and up). */
const char *err_str(int err)
{
	static char buf[128];

	if (err < 0)
		err = -err;
	if (err < __LIBBPF_ERRNO__START)
		return strerror(err);
	libbpf_strerror(err, buf, sizeof(buf));
	return buf;
}

/* A test that names a fix: what this kernel has of it; why it fails. */
static void explain_fix(struct test_result *res)
{
	struct fix_claim claim;
	size_t n = strlen(res->reason);

	if (!res->fixed_by[0])
		return;
	res->fix_status = fix_claim(&env->fixes, &env->kver, res->fixed_by,
				    &claim);
	snprintf(res->fix_release, sizeof(res->fix_release), "%s",
		 claim.release);
	if (res->status == TEST_FAIL)
		snprintf(res->reason + n, sizeof(res->reason) - n, "; %s",
			 claim.text);
}

static void apply_xfail(struct test_result *res, const char *subtest)
{
	const struct test_list_entry *e;
	char why[BPF_REFS_REASON_LEN];
	struct fix_claim claim;
	bool has_fix;

	e = test_list_match(&env->xfail, env->topic, subtest);
	if (!e)
		return;
	if (res->status == TEST_FAIL) {
		res->status = TEST_XFAIL;
		/* an entry whose fix this kernel carries is stale or a gap */
		has_fix = fix_claim(&env->fixes, &env->kver, e->reason,
				    &claim) == FIX_HAS &&
			  !strstr(res->reason, claim.text);
		if (has_fix)
			snprintf(why, sizeof(why),
				 "known bug of this kernel (%.150s; %.100s): %.230s",
				 e->reason, claim.text, res->reason);
		else
			snprintf(why, sizeof(why),
				 "known bug of this kernel (%.200s): %.280s",
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
	char name[sizeof(res->name)], sub[sizeof(res->name)];
	int n;

	ktap_name(sub, sizeof(sub), res->name);
	if (env->interrupted) {
		res->status = TEST_SKIP;
		snprintf(res->reason, sizeof(res->reason),
			 "run interrupted by signal %d before this test finished",
			 (int)env->interrupted);
	}
	explain_fix(res);
	apply_xfail(res, sub);
	kmsg_watch_check(res);	/* a splat fails even a listed test */
	ktap_text(res->reason);
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
		/* as kselftest.h's ksft_test_result_code(); the exit is 1 */
		printf("  ok %d %s # XPASS %s\n", env->sub_num, sub,
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
	ktap_text(env->topic_reason);
	fprintf(stderr, "bpf_refs: %s: %s\n", env->topic, env->topic_reason);
}
