// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the bpf_refs engine: the pure parsers first, then the
 * engine itself on tests/progs/engine_cases.c, whose program names state
 * the verdict each must get.  Usage: engine_test UNIT_OBJ_DIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kselftest.h"
#include "runner.h"

static struct run_ctx ctx;

#define CHECK(cond, name) ksft_test_result(cond, "%s\n", name)

static void test_spec_spellings(void)
{
	static const char *const tags[] = {
		"comment:test_expect_msg=plain",
		"comment:test_expect_msg=12=counted after",
		"comment:13:test_expect_msg=counted before",
		"comment:test_expect_failure",
		"comment:test_retval=-5",
		"comment:test_prog_flags=BPF_F_TEST_STATE_FREQ",
		"comment:test_log_level=2",
		"comment:bpf_refs_needs_kfunc=bpf_dynptr_clone",
		"comment:bpf_refs_fixed_by=abc bpf: fix",
		"other:ignored",
	};
	struct test_spec spec = {};
	size_t i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(tags); i++)
		err |= test_spec_add_tag(&spec, tags[i]);
	CHECK(!err && spec.msg_cnt == 3 && !strcmp(spec.msgs[0], "plain") &&
	      !strcmp(spec.msgs[1], "counted after") &&
	      !strcmp(spec.msgs[2], "counted before"),
	      "spec_msg_spellings");
	CHECK(spec.expect_failure && spec.has_verdict && spec.has_retval &&
	      spec.retval == -5 && spec.log_level == 2 &&
	      spec.prog_flags == BPF_F_TEST_STATE_FREQ &&
	      spec.kfunc_cnt == 1 && !strcmp(spec.fixed_by, "abc bpf: fix"),
	      "spec_fields");
	test_spec_free(&spec);
	CHECK(test_spec_add_tag(&spec, "comment:test_retval=x") == -EINVAL &&
	      test_spec_add_tag(&spec, "comment:test_prog_flags=NOPE") ==
	      -EINVAL, "spec_rejects_bad_values");
	test_spec_free(&spec);
}

static bool matches(const char *log, const char *a, const char *b)
{
	char *const msgs[] = { (char *)a, (char *)b };
	bool regex[] = { false, false };
	int idx;

	return !log_match(log, msgs, regex, b ? 2 : 1, &idx);
}

static void test_log_matching(void)
{
	const char *log = "R1 type=scalar\n"
			  "Expected an initialized dynptr as arg #2\n"
			  "processed 12 insns (limit 1000000)\n";

	CHECK(matches(log, "Expected an initialized dynptr", "processed"),
	      "match_in_order");
	CHECK(!matches(log, "processed", "Expected"), "match_rejects_order");
	CHECK(matches(log, "as arg #{{[0-9]+}}", NULL), "match_embedded_regex");
	CHECK(!matches(log, "as arg #{{[a-z]+}}", NULL),
	      "match_embedded_regex_negative");
	CHECK(matches(log, "(limit 1000000)", NULL),
	      "match_literal_metachars");
	CHECK(!matches(log, "{{unclosed", NULL), "match_malformed");
}

/* A stats line as the verifier prints it: one line, fields in order. */
static void stats_line(char *buf, size_t len, const char *head,
		       const char *tail)
{
	snprintf(buf, len, "%sprocessed %s insns (limit 1000000) %s\n", head,
		 "20", tail);
}

static void test_stats_parsing(void)
{
	struct verifier_stats st;
	char log[512];
	bool ok;

	stats_line(log, sizeof(log),
		   "verification time 84 usec\nstack depth 16+0\n",
		   "max_states_per_insn 1 total_states 3 peak_states 2 mark_read 0");
	ok = verifier_stats_parse(log, &st);
	CHECK(ok && st.insns == 20 && st.insn_limit == 1000000 &&
	      st.total_states == 3 && st.peak_states == 2 &&
	      st.verification_time_us == 84 &&
	      !strcmp(st.stack_depth, "16+0"), "stats_full");
	stats_line(log, sizeof(log), "",
		   "max_states_per_insn 0 total_states 1 peak_states 1 jmp_total 9");
	ok = verifier_stats_parse(log, &st);
	CHECK(ok && st.insns == 20 && st.mark_read == -1 &&
	      st.verification_time_us == -1, "stats_tolerant");
	CHECK(!verifier_stats_parse("no stats here\n", &st), "stats_absent");
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fputs(text, f);
	return fclose(f) ? -errno : 0;
}

static void test_lists(void)
{
	struct test_list list = {};
	char path[] = "/tmp/bpf_refs_list_XXXXXX";
	int fd = mkstemp(path);

	close(fd);
	write_file(path, "# comment\n\ntopic_a  # reason a\ntopic_b/sub* fix 1234 subject\n");
	CHECK(!test_list_load(&list, path, true) && list.cnt == 2 &&
	      !strcmp(list.entries[0].reason, "reason a") &&
	      !strcmp(list.entries[1].reason, "fix 1234 subject"),
	      "list_parse");
	CHECK(test_list_match(&list, "topic_a", "x") &&
	      test_list_match(&list, "topic_b", "sub1") &&
	      !test_list_match(&list, "topic_b", "other") &&
	      !test_list_match(&list, "topic_b", NULL), "list_match");
	test_list_free(&list);
	write_file(path, "topic_c\n");
	CHECK(test_list_load(&list, path, true) == -EINVAL,
	      "list_requires_reason");
	test_list_free(&list);
	unlink(path);
	CHECK(name_matches("rel_*", "rel_skb", NULL) &&
	      name_matches("rel_*/clone*", "rel_xdp", "clone_x") &&
	      !name_matches("rel_*/clone*", "rel_xdp", "slice_x") &&
	      name_matches("rel_*/clone*", "rel_xdp", NULL), "name_globs");
}

/* The latest result of sub in the current topic. */
static const struct test_result *find(const char *sub)
{
	char name[2 * BPF_REFS_NAME_LEN];
	int i;

	snprintf(name, sizeof(name), "%s/%s", ctx.topic, sub);
	for (i = ctx.result_cnt - 1; i >= 0; i--)
		if (!strcmp(ctx.results[i].name, name))
			return &ctx.results[i];
	return NULL;
}

/* Run one object with the engine's KTAP going to /dev/null. */
static void run_quietly(const char *topic, const char *obj)
{
	int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);

	fflush(stdout);
	dup2(null, STDOUT_FILENO);
	ctx.topic = topic;
	ctx.topic_reason[0] = '\0';
	run_object_tests(obj);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
}

static enum test_status expected_status(const char *name)
{
	if (!strncmp(name, "pass__", 6))
		return TEST_PASS;
	if (!strncmp(name, "skip__", 6))
		return TEST_SKIP;
	return TEST_FAIL;
}

static bool reason_has(const char *sub, const char *text)
{
	const struct test_result *r = find(sub);

	return r && strstr(r->reason, text);
}

static void test_engine_verdicts(void)
{
	int i, first = ctx.result_cnt;

	run_quietly("engine_cases", "engine_cases.bpf.o");
	CHECK(ctx.result_cnt - first == 21 && !ctx.topic_reason[0],
	      "engine_runs_every_annotated_program");
	for (i = first; i < ctx.result_cnt; i++) {
		const char *sub = strchr(ctx.results[i].name, '/') + 1;

		ksft_test_result(ctx.results[i].status == expected_status(sub),
				 "engine_verdict_%s\n", sub);
		if (ctx.results[i].status != expected_status(sub))
			ksft_print_msg("got %s: %s\n",
				       test_status_str(ctx.results[i].status),
				       ctx.results[i].reason);
	}
	CHECK(reason_has("fail__regression_names_fix",
			 "kernel lacks upstream fix 0123456789ab"),
	      "engine_names_missing_fix");
	CHECK(reason_has("skip__missing_kfunc", "bpf_refs_no_such_kfunc"),
	      "engine_skip_names_kfunc");
	CHECK(reason_has("skip__struct_ops_reason_first", "struct_ops"),
	      "engine_skip_names_struct_ops_first");
	CHECK(reason_has("fail__unannotated_missing_kfunc", "__needs_kfunc"),
	      "engine_catches_unannotated_kfunc");
}

static void test_engine_lists(const char *dir)
{
	char path[4096];
	int first;

	snprintf(path, sizeof(path), "%s/xfail.list", dir);
	write_file(path, "engine_cases/fail__failure_but_accepted  abc fix\n"
		   "engine_cases/pass__retval  def fix\n");
	test_list_load(&ctx.xfail, path, true);
	snprintf(path, sizeof(path), "%s/deny.list", dir);
	write_file(path, "engine_cases/pass__success_accepted  # flaky\n");
	test_list_load(&ctx.denylist, path, false);
	test_list_load(&ctx.allow, path, false);
	snprintf(path, sizeof(path), "%s/allow.list", dir);
	write_file(path, "engine_cases/fail__failure_but_accepted\n"
		   "engine_cases/pass__retval\n");
	test_list_load(&ctx.allow, path, false);

	first = ctx.result_cnt;
	run_quietly("engine_cases", "engine_cases.bpf.o");
	CHECK(ctx.result_cnt - first == 3, "lists_filter_selects_three");
	CHECK(find("fail__failure_but_accepted")->status == TEST_XFAIL,
	      "xfail_turns_failure_into_xfail");
	CHECK(find("pass__retval")->status == TEST_XPASS,
	      "xfail_reports_unexpected_pass");
	CHECK(find("pass__success_accepted")->status == TEST_SKIP &&
	      reason_has("pass__success_accepted", "denylisted: flaky"),
	      "denylist_skips_with_reason");
	test_list_free(&ctx.xfail);
	test_list_free(&ctx.denylist);
	test_list_free(&ctx.allow);
}

static void test_bad_objects(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/corrupt.bpf.o", dir);
	write_file(path, "\177ELF this is not an object file");
	run_quietly("corrupt", path);
	CHECK(strstr(ctx.topic_reason, "cannot open BPF object"),
	      "corrupt_object_is_topic_error");
	snprintf(path, sizeof(path), "%s/foreign_endian.bpf.o", dir);
	run_quietly("foreign_endian", path);
	CHECK(strstr(ctx.topic_reason, "cannot open BPF object"),
	      "foreign_endian_object_is_topic_error");
	run_quietly("missing", "/nonexistent/missing.bpf.o");
	CHECK(strstr(ctx.topic_reason, "No such file"),
	      "missing_object_is_topic_error");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s UNIT_OBJ_DIR\n", argv[0]);
		return KSFT_FAIL;
	}
	env = &ctx;
	ctx.obj_dir = argv[1];
	ksft_print_header();
	ksft_set_plan(49);
	test_spec_spellings();
	test_log_matching();
	test_stats_parsing();
	test_lists();
	if (privilege_problem()) {
		ksft_print_msg("engine tests need root: %s\n",
			       privilege_problem());
		ksft_exit_skip("not root\n");
	}
	features_init(&ctx.feat);
	test_engine_verdicts();
	test_engine_lists(argv[1]);
	test_bad_objects(argv[1]);
	features_free(&ctx.feat);
	ksft_finished();
}
