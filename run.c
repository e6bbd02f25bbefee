// SPDX-License-Identifier: GPL-2.0
/*
 * The run; see run.h.  A subtest's result goes one way: its topic's code
 * fills it, subtest_end() applies the lists of the run to it, the
 * reporter writes it.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "run.h"

void run_ctx_init(struct run_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	reporter_init(&ctx->rep, stdout);
	kmsg_watch_init(&ctx->kmsg);
}

void run_ctx_free(struct run_ctx *ctx)
{
	test_list_free(&ctx->denylist);
	test_list_free(&ctx->xfail);
	test_list_free(&ctx->allow);
	test_list_free(&ctx->deny);
	test_list_free(&ctx->needs_setup);
	fixes_free(&ctx->fixes);
	features_free(&ctx->feat);
	kfunc_policy_free(&ctx->policy);
	kmsg_watch_free(&ctx->kmsg);
	reporter_free(&ctx->rep);
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

bool run_selected(struct run_ctx *ctx, const char *topic,
		  const char *subtest)
{
	int i;

	if (ctx->interrupted)
		return false;
	if (ctx->enumerating) {
		mark_used(&ctx->allow, topic, subtest);
		mark_used(&ctx->deny, topic, subtest);
		return true;
	}
	if (test_list_match(&ctx->deny, topic, subtest))
		return false;
	if (!ctx->allow.cnt)
		return true;
	for (i = 0; i < ctx->allow.cnt; i++) {
		const char *pat = ctx->allow.entries[i].pattern;

		if (!subtest || !strchr(pat, '/')) {
			if (name_matches(pat, topic, NULL))
				return true;
		} else if (name_matches(pat, topic, subtest)) {
			return true;
		}
	}
	return false;
}

bool subtest_begin(struct run_ctx *ctx, struct test_result *res,
		   const char *sub)
{
	const struct test_list_entry *e;
	const char *off;

	if (ctx->list_only || !run_selected(ctx, ctx->topic, sub))
		return false;
	res->duration_us = now_us();	/* the start, until subtest_end() */
	off = kmsg_watch_begin(&ctx->kmsg);
	if (off)
		report_diag(&ctx->rep, off);
	snprintf(res->name, sizeof(res->name), "%s", sub);
	res->status = TEST_PASS;
	e = test_list_match(&ctx->denylist, ctx->topic, sub);
	if (!e)
		return true;
	res->status = TEST_SKIP;
	snprintf(res->reason, sizeof(res->reason), "denylisted: %s",
		 e->reason);
	subtest_end(ctx, res);
	return false;
}

/* A test that names a fix: what this kernel has of it; why it fails. */
static void explain_fix(struct run_ctx *ctx, struct test_result *res)
{
	struct fix_claim claim;
	size_t n = strlen(res->reason);

	if (res->broken_by[0]) {
		fix_claim(&ctx->fixes, &ctx->kver, res->broken_by, &claim);
		snprintf(res->broken_release, sizeof(res->broken_release), "%s",
			 claim.release);
	}
	if (!res->fixed_by[0])
		return;
	res->fix_status = fix_claim(&ctx->fixes, &ctx->kver, res->fixed_by,
				    &claim);
	snprintf(res->fix_release, sizeof(res->fix_release), "%s",
		 claim.release);
	if (res->status == TEST_FAIL)
		snprintf(res->reason + n, sizeof(res->reason) - n, "; %s",
			 claim.text);
}

/* The FIXES id a fix name ("<id> <subject>") starts with. */
static void fix_id(char *dst, size_t len, const char *fix)
{
	snprintf(dst, len, "%.*s", (int)strcspn(fix, " \t"), fix);
}

/*
 * A test listed in the xfail list fails as XFAIL and passes as XPASS
 * (kselftest's meaning: the list is stale).  A kernel splat while it ran
 * is known only when the entry names the test's own fix: the listed bug
 * is what splats; any other splat stays a failure.
 */
static void expect_listed(struct run_ctx *ctx, struct test_result *res,
			  const struct test_list_entry *e, bool splat)
{
	char why[BPF_REFS_REASON_LEN], own[FIX_ID_MAX];
	struct fix_claim claim;
	bool has_fix;

	res->expect.source = EXPECT_LIST;
	res->expect.fail = true;
	fix_id(res->expect.fix, sizeof(res->expect.fix), e->reason);
	fix_id(own, sizeof(own), res->fixed_by);
	if (splat && strcmp(own, res->expect.fix))
		return;
	if (res->status == TEST_FAIL) {
		res->status = TEST_XFAIL;
		/* an entry whose fix this kernel carries is stale or a gap */
		has_fix = fix_claim(&ctx->fixes, &ctx->kver, e->reason,
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

/*
 * With --xfail auto, a test whose fix (__fixed_by) this kernel's release
 * predates, or that no release has, is expected to fail, unless it names
 * the change that made the bug (__broken_by) and the release predates
 * that too.  Failing, it is XFAIL; a splat then is the bug it names.
 * Passing where a release has the fix, it shows the kernel carries it: a
 * backport, which the reporter counts and holds against the other tests
 * that name the fix.
 */
static void expect_derived(struct run_ctx *ctx, struct test_result *res)
{
	char why[BPF_REFS_REASON_LEN];
	struct fix_claim claim;

	if (res->fix_status != FIX_LACKS && res->fix_status != FIX_UNRELEASED)
		return;
	if (res->broken_by[0] &&
	    fix_claim(&ctx->fixes, &ctx->kver, res->broken_by,
		      &claim) != FIX_HAS)
		return;	/* the bug came later, or its origin is unknown */

	res->expect.source = EXPECT_DERIVED;
	res->expect.fail = true;
	fix_id(res->expect.fix, sizeof(res->expect.fix), res->fixed_by);
	if (res->status == TEST_FAIL) {
		res->status = TEST_XFAIL;
		snprintf(why, sizeof(why), "known bug of this kernel: %s",
			 res->reason);
		snprintf(res->reason, sizeof(res->reason), "%s", why);
	} else if (res->status == TEST_PASS &&
		   res->fix_status == FIX_LACKS) {
		/* (with a fix no release has, the bug may just not show) */
		res->expect.carried = true;
	}
}

void subtest_end(struct run_ctx *ctx, struct test_result *res)
{
	const struct test_list_entry *e;
	char sub[sizeof(res->name)];
	bool splat, refused;

	res->duration_us = now_us() - res->duration_us;
	ktap_name(sub, sizeof(sub), res->name);
	if (ctx->interrupted) {
		res->status = TEST_SKIP;
		snprintf(res->reason, sizeof(res->reason),
			 "run interrupted by signal %d before this test finished",
			 (int)ctx->interrupted);
	}
	explain_fix(ctx, res);
	splat = kmsg_watch_check(&ctx->kmsg, res);
	/* a test skipped for a refused kfunc keeps what the probes said */
	refused = res->expect.source == EXPECT_PROBE;
	e = refused ? NULL : test_list_match(&ctx->xfail, ctx->topic, sub);
	if (e)
		expect_listed(ctx, res, e, splat);
	else if (ctx->derive && !refused)
		expect_derived(ctx, res);
	report_subtest(&ctx->rep, res);
}

void topic_error(struct run_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->topic_error, sizeof(ctx->topic_error), fmt, ap);
	va_end(ap);
	ktap_text(ctx->topic_error);
	fprintf(stderr, "bpf_refs: %s: %s\n", ctx->topic, ctx->topic_error);
}
