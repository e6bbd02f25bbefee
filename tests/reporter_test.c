// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the reporter (reporter.c): a synthetic stream of results
 * in, the exact KTAP, the JSON records and the exit status out.  Needs no
 * privileges.  Usage: reporter_test TMPDIR
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "kselftest.h"
#include "reporter.h"

#define CHECK(cond, name) ksft_test_result(cond, "%s\n", name)

static char json_path[4096];

static void result(struct reporter *r, const char *name,
		   enum test_status st, const char *reason)
{
	struct test_result res = { .status = st };

	snprintf(res.name, sizeof(res.name), "%s", name);
	snprintf(res.reason, sizeof(res.reason), "%s", reason);
	report_subtest(r, &res);
}

/* A reporter writing its KTAP into *buf, its JSON to json_path. */
static FILE *start(struct reporter *r, char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (!f)
		ksft_exit_fail_msg("open_memstream failed\n");
	reporter_init(r, f);
	r->json = json_path;
	r->where = "unit";
	return f;
}

static char *read_json(void)
{
	FILE *f = fopen(json_path, "r");
	char *buf = NULL;
	size_t len = 0;

	if (f && getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	return buf;
}

/* text as "# " lines, so that it cannot pass for a result line */
static void print_lines(const char *head, const char *text)
{
	const char *nl;

	ksft_print_msg("%s\n", head);
	for (; text && *text; text = nl ? nl + 1 : NULL) {
		nl = strchr(text, '\n');
		ksft_print_msg("  %.*s\n",
			       (int)(nl ? nl - text : strlen(text)), text);
	}
}

static bool same(const char *got, const char *want, const char *what)
{
	if (got && !strcmp(got, want))
		return true;
	print_lines(what, "");
	print_lines("got:", got ?: "(none)");
	print_lines("want:", want);
	return false;
}

static bool json_has(const char *json, const char *text)
{
	if (json && strstr(json, text))
		return true;
	ksft_print_msg("JSON lacks: %s\n", text);
	return false;
}

/* Every status, a topic error, reasons that would break a KTAP line. */
static void test_full_stream(void)
{
	static const char want[] =
		"TAP version 13\n"
		"1..3\n"
		"  KTAP version 1\n"
		"  1..4\n"
		"  ok 1 p1\n"
		"  not ok 2 f_1 # bad thing   x\n"
		"  ok 3 s # SKIP why\n"
		"  ok 4 xf # XFAIL known bug\n"
		"not ok 1 alpha\n"
		"  KTAP version 1\n"
		"  1..1\n"
		"  ok 1 xp # XPASS listed\n"
		"  # line one\n"
		"  # line two\n"
		"not ok 2 beta\n"
		"not ok 3 gamma # cannot open x.bpf.o: bad\n"
		"# after the topics\n"
		"# Totals: pass:1 fail:2 xfail:1 xpass:1 skip:1 error:0\n";
	/* what the JSON file must hold, each record as written */
	static const char *const records[] = {
		"\"where\": \"unit\"",
		"\"status\": \"complete\"",
		"\"summary\": {\"total\": 6, \"pass\": 1, \"fail\": 2,",
		"\"fail\": 2, \"skip\": 1, \"xfail\": 1, \"xpass\": 1, \"carried\": 0, \"error\": 0}",
		"{\"name\": \"alpha/p1\", \"object\": \"alpha.bpf.o\", \"status\": \"pass\", \"reason\": \"\",",
		"{\"name\": \"alpha/f_1\", \"object\": \"alpha.bpf.o\", \"status\": \"fail\", \"reason\": \"bad",
		"\"status\": \"fail\", \"reason\": \"bad thing   x\",",
		"{\"name\": \"alpha/xf\", \"object\": \"alpha.bpf.o\", \"status\": \"xfail\", \"reason\": \"k",
		"\"status\": \"xfail\", \"reason\": \"known bug\",",
		"{\"name\": \"beta/xp\", \"object\": \"\", \"status\": \"xpass\", \"reason\": \"listed\",",
		"{\"name\": \"gamma\", \"object\": \"/o/x.bpf.o\", \"status\": \"fail\", \"reason\": \"cannot",
		"\"fail\", \"reason\": \"cannot open x.bpf.o: bad\",",
	};
	struct reporter r;
	char *buf = NULL, *json;
	size_t len, i;
	FILE *f = start(&r, &buf, &len);
	bool ok = true;
	int code;

	report_plan(&r, 3);
	r.object = "alpha.bpf.o";	/* as bpf_refs.c sets it a topic */
	report_topic_start(&r, "alpha");
	report_subtests(&r, 4);
	result(&r, "p1", TEST_PASS, "");
	result(&r, "f#1", TEST_FAIL, "bad\nthing # x");
	result(&r, "s", TEST_SKIP, "why");
	result(&r, "xf", TEST_XFAIL, "known bug");
	report_topic_end(&r, "");
	r.object = "";
	report_topic_start(&r, "beta");
	report_subtests(&r, 1);
	result(&r, "xp", TEST_XPASS, "listed");
	report_diag(&r, "line one\nline two");
	report_topic_end(&r, NULL);
	r.object = "/o/x.bpf.o";
	report_topic_start(&r, "gamma");
	report_topic_end(&r, "cannot open x.bpf.o: bad\n");
	report_diag(&r, "after the topics");
	code = report_end(&r, RUN_COMPLETE, NULL);
	fclose(f);
	CHECK(same(buf, want, "KTAP"), "reporter_ktap_of_a_stream");
	CHECK(code == KSFT_FAIL, "reporter_fail_and_xpass_exit_1");
	json = read_json();
	for (i = 0; i < ARRAY_SIZE(records); i++)
		ok = json_has(json, records[i]) && ok;
	CHECK(ok,
	      "reporter_json_of_a_stream");
	free(json);
	free(buf);
	reporter_free(&r);
}

/* kselftest.h's exit status of a stream of these results. */
static int exit_code(enum test_status a, enum test_status b)
{
	struct reporter r;
	char *buf = NULL;
	size_t len;
	FILE *f = start(&r, &buf, &len);
	int code;

	r.json = NULL;
	report_plan(&r, 1);
	report_topic_start(&r, "t");
	report_subtests(&r, 2);
	result(&r, "a", a, "");
	result(&r, "b", b, "");
	report_topic_end(&r, "");
	code = report_end(&r, RUN_COMPLETE, NULL);
	fclose(f);
	free(buf);
	reporter_free(&r);
	return code;
}

static void test_exit_codes(void)
{
	CHECK(exit_code(TEST_PASS, TEST_SKIP) == KSFT_PASS &&
	      exit_code(TEST_XFAIL, TEST_SKIP) == KSFT_PASS,
	      "reporter_pass_and_xfail_exit_0");
	CHECK(exit_code(TEST_SKIP, TEST_SKIP) == KSFT_SKIP,
	      "reporter_all_skipped_exit_4");
	CHECK(exit_code(TEST_PASS, TEST_FAIL) == KSFT_FAIL &&
	      exit_code(TEST_PASS, TEST_XPASS) == KSFT_FAIL,
	      "reporter_fail_or_xpass_exit_1");
}

/* Bail out! after the version line; the JSON says why; a full stdout. */
static void test_stops(void)
{
	struct reporter r;
	char *buf = NULL, *json;
	size_t len;
	FILE *f = start(&r, &buf, &len);
	int code;

	code = report_stop(&r, RUN_BAILED, KSFT_FAIL, "no %s", "#list\n");
	fclose(f);
	CHECK(code == KSFT_FAIL &&
	      same(buf, "TAP version 13\nBail out! no  list\n", "bail out"),
	      "reporter_bail_out_after_version_line");
	json = read_json();
	CHECK(json_has(json, "\"status\": \"bailed\", \"status_reason\": \"no  list\""),
	      "reporter_json_says_bailed");
	free(json);
	free(buf);
	reporter_free(&r);

	f = fopen("/dev/full", "w");
	if (!f) {
		ksft_test_result_skip("reporter_full_output_fails: no /dev/full\n");
		return;
	}
	reporter_init(&r, f);
	report_plan(&r, 0);
	code = report_end(&r, RUN_COMPLETE, NULL);
	fclose(f);
	CHECK(code == KSFT_FAIL, "reporter_full_output_fails");
	reporter_free(&r);
}

/*
 * Expectations derived from FIXES: a pass where the release lacks the fix
 * is a carried fix (a diagnostic, counted apart, exit 0); a fix that one
 * test shows carried while another test of it fails as expected is a
 * disagreement (an error, exit 1).
 */
static void derived(struct reporter *r, const char *name, const char *fix,
		    enum test_status st)
{
	struct test_result res = { .status = st };

	snprintf(res.name, sizeof(res.name), "%s", name);
	snprintf(res.fix_release, sizeof(res.fix_release), "7.2");
	res.expect.source = EXPECT_DERIVED;
	res.expect.fail = true;
	res.expect.carried = st == TEST_PASS;
	snprintf(res.expect.fix, sizeof(res.expect.fix), "%s", fix);
	report_subtest(r, &res);
}

static void test_carried_fixes(void)
{
	static const char want[] =
		"TAP version 13\n"
		"1..1\n"
		"  KTAP version 1\n"
		"  1..3\n"
		"  ok 1 a\n"
		"  # a: carries fix aaaaaaaaaaaa (first in 7.2): a backport\n"
		"  ok 2 b # XFAIL known bug\n"
		"  ok 3 c\n"
		"  # c: carries fix bbbbbbbbbbbb (first in 7.2): a backport\n"
		"ok 1 t\n";
	const char *tail =
		"# fix aaaaaaaaaaaa: 1 tests pass (first t/a) and 1 fail (first t/b) on this kernel, whose release lacks it: a partial backport or a regression\n"
		"# Totals: pass:2 fail:0 xfail:1 xpass:0 skip:0 error:1\n"
		"# Carried: 2 of the passes show a fix this kernel's release lacks (backports)\n";
	struct reporter r;
	char *buf = NULL, *json;
	size_t len, n = strlen(want);
	FILE *f = start(&r, &buf, &len);
	struct test_result xf = { .status = TEST_XFAIL };
	int code;

	report_plan(&r, 1);
	report_topic_start(&r, "t");
	report_subtests(&r, 3);
	derived(&r, "a", "aaaaaaaaaaaa", TEST_PASS);
	snprintf(xf.name, sizeof(xf.name), "b");
	snprintf(xf.reason, sizeof(xf.reason), "known bug");
	xf.expect.source = EXPECT_DERIVED;
	xf.expect.fail = true;
	snprintf(xf.expect.fix, sizeof(xf.expect.fix), "aaaaaaaaaaaa");
	report_subtest(&r, &xf);
	derived(&r, "c", "bbbbbbbbbbbb", TEST_PASS);
	report_topic_end(&r, "");
	code = report_end(&r, RUN_COMPLETE, NULL);
	fclose(f);
	CHECK(buf && !strncmp(buf, want, n) && same(buf + n, tail, "tail") &&
	      code == KSFT_FAIL, "reporter_names_carried_fix_and_disagreement");
	json = read_json();
	CHECK(json_has(json, "\"carried\": 2, \"error\": 1}") &&
	      json_has(json, "\"fix\": \"aaaaaaaaaaaa\", \"carried\": true}"),
	      "reporter_json_has_expectations");
	free(json);
	free(buf);
	reporter_free(&r);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s TMPDIR\n", argv[0]);
		return KSFT_FAIL;
	}
	snprintf(json_path, sizeof(json_path), "%s/reporter_test.json",
		 argv[1]);
	ksft_print_header();
	ksft_set_plan(11);
	test_full_stream();
	test_exit_codes();
	test_stops();
	test_carried_fixes();
	ksft_finished();
}
