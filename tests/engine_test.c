// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the bpf_refs engine: the pure parsers first, then the
 * engine itself on tests/progs/engine_cases.c, whose program names state
 * the verdict each must get.  Usage: engine_test UNIT_OBJ_DIR PACKAGE_DIR
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include "kselftest.h"
#include "engine.h"
#include "json_writer.h"
#include "loader.h"
#include "log_match.h"
#include "prog_tags.h"
#include "run.h"
#include "verifier_stats.h"

static struct run_ctx ctx;

#define CHECK(cond, name) ksft_test_result(cond, "%s\n", name)
#define PLAN 171
/* annotated programs of tests/progs/engine_cases.c */
#define ENGINE_CASES	38

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fputs(text, f);
	return fclose(f) ? -errno : 0;
}

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
	CHECK(spec.expect_failure && spec.has_failure && spec.has_retval &&
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

/* r0 is 32 bits: a wider __retval() is an error, never cut to fit. */
static bool retval_is(const char *val, int err, int want)
{
	struct test_spec spec = {};
	char tag[128];
	bool ok;

	snprintf(tag, sizeof(tag), "comment:test_retval=%s", val);
	ok = test_spec_add_tag(&spec, tag) == err &&
	     (err || spec.retval == want) &&
	     (!err || (spec.error && strstr(spec.error, "32-bit")));
	if (!ok)
		ksft_print_msg("__retval(%s): retval %d, error '%s'\n", val,
			       spec.retval, spec.error ?: "");
	test_spec_free(&spec);
	return ok;
}

static void test_spec_limits(void)
{
	struct test_spec spec = {};
	char tag[128];
	bool ok;
	int i;

	ok = retval_is("0x100000000", -ERANGE, 0) &&
	     retval_is("4294967296", -ERANGE, 0) &&
	     retval_is("-2147483649", -ERANGE, 0) &&
	     retval_is("0xffffffffffffffff", -ERANGE, 0) &&
	     retval_is("99999999999999999999", -ERANGE, 0) &&
	     retval_is("0xffffffff", 0, -1) &&
	     retval_is("4294967295", 0, -1) &&
	     retval_is("-2147483648", 0, INT_MIN) &&
	     retval_is("INT_MIN", 0, INT_MIN) &&
	     retval_is("010", 0, 10) && retval_is("-0x10", 0, -16);
	CHECK(ok, "spec_retval_full_range_no_truncation");

	ok = !test_spec_add_tag(&spec, "comment:test_expect_success") &&
	     test_spec_add_tag(&spec, "comment:test_expect_failure") ==
	     -EINVAL && strstr(spec.error, "__success and __failure");
	test_spec_free(&spec);
	ok &= !test_spec_add_tag(&spec, "comment:test_expect_failure") &&
	      test_spec_add_tag(&spec, "comment:test_expect_success") ==
	      -EINVAL;
	test_spec_free(&spec);
	CHECK(ok, "spec_success_and_failure_is_an_error");

	for (i = 0, ok = true; i < 100; i++) {
		snprintf(tag, sizeof(tag), "comment:test_expect_msg=%d=m%d", i,
			 i);
		ok &= !test_spec_add_tag(&spec, tag);
	}
	CHECK(ok && spec.msg_cnt == 100 && !strcmp(spec.msgs[99], "m99") &&
	      !spec.msg_is_regex[99], "spec_msgs_grow_past_16");
	test_spec_free(&spec);

	for (i = 0, ok = true; i < BPF_REFS_MAX_NEEDS; i++) {
		snprintf(tag, sizeof(tag), "comment:bpf_refs_needs_kfunc=k%d",
			 i);
		ok &= !test_spec_add_tag(&spec, tag);
	}
	ok &= test_spec_add_tag(&spec, "comment:bpf_refs_needs_kfunc=k8") ==
	      -E2BIG && strstr(spec.error, "more than 8 __needs_kfunc()");
	CHECK(ok && spec.kfunc_cnt == BPF_REFS_MAX_NEEDS,
	      "spec_needs_limit_fails_loudly");
	test_spec_free(&spec);
}

static bool matches(const char *log, const char *a, const char *b)
{
	char *const msgs[] = { (char *)a, (char *)b };
	bool regex[] = { false, false }, neg[] = { false, false };
	int idx;

	return !log_match(log, msgs, regex, neg, b ? 2 : 1, &idx);
}

/* msgs[i] is negative where neg[i]; the result of log_match(). */
static int match_neg(const char *log, const char *m0, const char *m1,
		     const char *m2, const bool *neg)
{
	char *const msgs[] = { (char *)m0, (char *)m1, (char *)m2 };
	bool regex[] = { false, false, false };
	int idx;

	return log_match(log, msgs, regex, neg, 3, &idx);
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
	CHECK(match_neg(log, "R1", "too complex", "processed",
			(bool []){ false, true, false }) == 0 &&
	      match_neg(log, "R1", "initialized", "processed",
			(bool []){ false, true, false }) == -EEXIST,
	      "not_msg_between_its_neighbours");
	CHECK(match_neg(log, "Expected", "R1", "processed",
			(bool []){ false, true, false }) == 0 &&
	      match_neg(log, "R1", "Expected", "insns",
			(bool []){ true, false, true }) == -EEXIST &&
	      match_neg(log, "Expected", "processed", "scalar",
			(bool []){ false, false, true }) == 0,
	      "not_msg_only_in_its_span");
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

#define LOG_ERROR	"R1 type=scalar expected=fp\n" \
			"Expected an initialized dynptr as arg #2\n"
#define LOG_PROCESSED	"processed 12 insns (limit 1000000) max_states_per_insn 0 " \
			"total_states 1 peak_states 1 mark_read 0\n"

/* Closing statistics up to Linux 7.1, and as 7.2 prints them. */
static const char log_71[] = LOG_ERROR "verification time 26 usec\n"
			     "stack depth 16+0\n" LOG_PROCESSED;
static const char log_72[] = LOG_ERROR "verification time 26 usec\n"
			     "stack depth 16+0 max 16\n" LOG_PROCESSED
			     "insns processed 2\n";
/* A message without its newline: the statistics are glued to it. */
static const char log_glued[] =
	"more than one arg with ref_obj_id R2 2 2verification time 26 usec\n"
	"stack depth 0\n" LOG_PROCESSED;

static bool reason_is(const char *log, const char *want)
{
	char reason[256];

	verifier_log_reason(log, reason, sizeof(reason));
	if (strcmp(reason, want))
		ksft_print_msg("reason '%s', want '%s'\n", reason, want);
	return !strcmp(reason, want);
}

static void test_log_formats(void)
{
	struct verifier_stats st;
	bool ok;

	CHECK(reason_is(log_71, "Expected an initialized dynptr as arg #2"),
	      "reason_skips_stats_71");
	CHECK(reason_is(log_72, "Expected an initialized dynptr as arg #2"),
	      "reason_skips_stats_72");
	CHECK(reason_is(log_glued, "more than one arg with ref_obj_id R2 2 2"),
	      "reason_cuts_glued_stats");
	CHECK(reason_is("verification time 1 usec\ninsns processed 2\n",
			"empty verifier log"), "reason_of_stats_only_log");
	ok = verifier_stats_parse(log_71, &st);
	CHECK(ok && st.insns == 12 && st.verification_time_us == 26 &&
	      !strcmp(st.stack_depth, "16+0") && st.stack_depth_max == -1,
	      "stats_format_71");
	ok = verifier_stats_parse(log_72, &st);
	CHECK(ok && st.insns == 12 && st.total_states == 1 &&
	      st.verification_time_us == 26 &&
	      !strcmp(st.stack_depth, "16+0") && st.stack_depth_max == 16,
	      "stats_format_72");
}

/* Kernel release as the test hook sets it: 0, or -errno. */
static int pretend_kernel(const char *release, struct kernel_version *kv)
{
	char buf[64];

	setenv("BPF_REFS_KERNEL_RELEASE", release, 1);
	return kernel_version(kv, buf, sizeof(buf));
}

static bool claim_is(const struct fix_list *fixes, const char *release,
		     const char *fix, enum fix_status status,
		     const char *want)
{
	struct kernel_version kv;
	struct fix_claim claim;

	if (pretend_kernel(release, &kv))
		return false;
	fix_claim(fixes, &kv, fix, &claim);
	if (claim.status != status || strcmp(claim.text, want))
		ksft_print_msg("on %s: %s '%s', want %s '%s'\n", release,
			       fix_status_str(claim.status), claim.text,
			       fix_status_str(status), want);
	return claim.status == status && !strcmp(claim.text, want);
}

static const char fixes_fixture[] =
	"# fixtures\n"
	"0123456789ab 6.3 bpf: A fix this kernel lacks\n"
	"aaaaaaaaaaaa 7.2 bpf: Released fix\n"
	"bbbbbbbbbbbb none selftests/bpf: Unreleased follow-up\n"
	"cccccccccccc 6.10 bpf: Two-digit minor\n"
	"bug-alias-ab none a bug with no upstream fix known\n";

static int load_fixture_fixes(struct fix_list *fixes, const char *text)
{
	char path[] = "/tmp/bpf_refs_fixes_XXXXXX";
	int fd = mkstemp(path), err;

	close(fd);
	write_file(path, text);
	err = fixes_load(fixes, path);
	unlink(path);
	return err;
}

static void test_fix_claims(void)
{
	struct fix_list fixes = {};
	struct kernel_version kv;
	char release[64];
	struct utsname u;
	bool ok;

	CHECK(!load_fixture_fixes(&fixes, fixes_fixture) && fixes.cnt == 5,
	      "fixes_parse");
	ok = claim_is(&fixes, "6.18.44-fc", "aaaaaaaaaaaa bpf: Released fix",
		      FIX_LACKS,
		      "kernel lacks upstream fix aaaaaaaaaaaa bpf: Released fix");
	CHECK(ok, "fix_claim_lacks");
	ok = claim_is(&fixes, "7.2.12+deb13-amd64", "aaaaaaaaaaaa", FIX_HAS,
		      "regression or gap: this kernel (7.2) has fix aaaaaaaaaaaa (since 7.2) and still fails");
	CHECK(ok, "fix_claim_has_from_its_release");
	ok = claim_is(&fixes, "6.9.1", "cccccccccccc x", FIX_LACKS,
		      "kernel lacks upstream fix cccccccccccc bpf: Two-digit minor");
	ok &= claim_is(&fixes, "6.10.0", "cccccccccccc x", FIX_HAS,
		       "regression or gap: this kernel (6.10) has fix cccccccccccc (since 6.10) and still fails");
	CHECK(ok, "fix_claim_compares_numerically");
	ok = claim_is(&fixes, "7.3.0-rc7-amd64",
		      "bbbbbbbbbbbb selftests/bpf: Unreleased follow-up",
		      FIX_UNRELEASED,
		      "no released kernel has the fix (upstream bbbbbbbbbbbb selftests/bpf: Unreleased follow-up)");
	CHECK(ok, "fix_claim_unreleased");
	ok = claim_is(&fixes, "6.18.0", "dddddddddddd bpf: Not listed",
		      FIX_UNKNOWN,
		      "test names fix dddddddddddd, not in FIXES: whether this kernel has it is unknown");
	CHECK(ok, "fix_claim_unknown");
	ok = claim_is(&fixes, "6.1.0", "0123456 short sha", FIX_LACKS,
		      "kernel lacks upstream fix 0123456789ab bpf: A fix this kernel lacks");
	CHECK(ok, "fix_claim_short_sha");
	ok = claim_is(&fixes, "7.3.4", "bug-alias-ab the slice outlives its buffer",
		      FIX_UNRELEASED,
		      "no released kernel has a fix (bug-alias-ab: a bug with no upstream fix known)");
	ok &= claim_is(&fixes, "7.3.4", "bug-alias-a x", FIX_UNKNOWN,
		       "test names fix bug-alias-a, not in FIXES: whether this kernel has it is unknown");
	ok &= claim_is(&fixes, "7.3.4", "bug-alias-abc", FIX_UNKNOWN,
		       "test names fix bug-alias-abc, not in FIXES: whether this kernel has it is unknown");
	CHECK(ok, "fix_claim_bug_label_whole");
	fixes_free(&fixes);
	ok = !load_fixture_fixes(&fixes, "bug-warn 6.16 a WARN\n");
	ok &= claim_is(&fixes, "6.12.117", "bug-warn", FIX_LACKS,
		       "kernel lacks the fix of bug-warn, fixed in 6.16 by a commit not identified (a WARN)");
	CHECK(ok, "fix_claim_bug_label_released");
	fixes_free(&fixes);
	CHECK(load_fixture_fixes(&fixes, "0123456789ab 6.3\n") == -EINVAL &&
	      load_fixture_fixes(&fixes, "0123456789 6.3 bpf: x\n") == -EINVAL &&
	      load_fixture_fixes(&fixes, "0123456789ab 6 bpf: x\n") == -EINVAL &&
	      load_fixture_fixes(&fixes, "bug- none no name\n") == -EINVAL &&
	      load_fixture_fixes(&fixes, "bug-X none upper case\n") == -EINVAL &&
	      load_fixture_fixes(&fixes, "0123456789ab 6.3 a\n"
				 "0123456789ab 6.4 b\n") == -EEXIST,
	      "fixes_reject_bad_lines");
	fixes_free(&fixes);
	CHECK(!pretend_kernel("6.12.117+deb12-amd64", &kv) && kv.major == 6 &&
	      kv.minor == 12 && pretend_kernel("rc1", &kv) == -EINVAL &&
	      pretend_kernel("7.", &kv) == -EINVAL, "kernel_release_hook");
	unsetenv("BPF_REFS_KERNEL_RELEASE");
	uname(&u);
	CHECK(!kernel_version(&kv, release, sizeof(release)) &&
	      !strcmp(release, u.release), "kernel_release_is_uname");
}

/* Every fix an xfail list of the package names is in its FIXES. */
static void test_package_fixes(const char *pkg)
{
	struct fix_list fixes = {};
	struct kernel_version kv = {};
	struct test_list list = {};
	struct fix_claim claim;
	char path[4096];
	struct dirent *d;
	int i, bad = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/FIXES", pkg);
	CHECK(!fixes_load(&fixes, path) && fixes.cnt >= 8, "package_fixes_parse");
	snprintf(path, sizeof(path), "%s/xfail", pkg);
	dir = opendir(path);
	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/xfail/%s", pkg, d->d_name);
		if (test_list_load(&list, path, true))
			bad++;
	}
	if (dir)
		closedir(dir);
	for (i = 0; i < list.cnt; i++)
		if (fix_claim(&fixes, &kv, list.entries[i].reason, &claim) ==
		    FIX_UNKNOWN) {
			ksft_print_msg("xfail entry %s: %s\n",
				       list.entries[i].pattern, claim.text);
			bad++;
		}
	CHECK(!bad, "package_xfail_fixes_in_fixes");
	test_list_free(&list);
	fixes_free(&fixes);
}

/* --xfail auto: the most specific list of the kernel wins. */
static void test_xfail_auto(void)
{
	static const char *const names[] = {
		"6.18", "6.18.x86_64", "6.18.44-fc",
	};
	char dir[] = "/tmp/bpf_refs_xfail_XXXXXX", path[4096], want[4096];
	struct kernel_version kv = { 6, 18 };
	bool ok = mkdtemp(dir);
	size_t i;

	ok &= xfail_list_for(dir, "6.18.44-fc", &kv, "x86_64", path,
			     sizeof(path)) == -ENOENT;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(want, sizeof(want), "%s/%s", dir, names[i]);
		write_file(want, "");
		ok &= !xfail_list_for(dir, "6.18.44-fc", &kv, "x86_64", path,
				      sizeof(path)) && !strcmp(path, want);
	}
	snprintf(want, sizeof(want), "%s/6.18", dir);
	ok &= !xfail_list_for(dir, "6.18.3", &kv, "aarch64", path,
			      sizeof(path)) && !strcmp(path, want);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	CHECK(ok, "xfail_auto_release_then_arch_then_series");
}

/*
 * Each file is refused as a list and as FIXES, at once: in a child with
 * little memory and an alarm, so that a regression fails this test
 * instead of eating the machine (/dev/zero has no newline, no end).
 */
static bool refuses_bad_files(const char *const *files, size_t cnt)
{
	struct rlimit lim = { 256 << 20, 256 << 20 };
	struct fix_list fixes = {};
	struct test_list list = {};
	int status = -1;
	bool ok = true;
	size_t i;
	pid_t pid;

	pid = fork();
	if (!pid) {
		setrlimit(RLIMIT_AS, &lim);
		alarm(10);
		for (i = 0; i < cnt; i++) {
			ok &= test_list_load(&list, files[i], true) == -EINVAL &&
			      !list.cnt;
			ok &= fixes_load(&fixes, files[i]) == -EINVAL;
		}
		_exit(!ok);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && !WEXITSTATUS(status);
}

static void test_lists(void)
{
	static const char *const bad_files[] = { "/dev/zero", "/tmp" };
	struct test_list list = {};
	char path[] = "/tmp/bpf_refs_list_XXXXXX";
	int fd = mkstemp(path);
	size_t i;
	FILE *big;
	bool ok;

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
	ok = refuses_bad_files(bad_files, ARRAY_SIZE(bad_files));
	big = fopen(path, "w");
	for (i = 0; big && i < 2 * LIST_FILE_MAX / 64; i++)
		fprintf(big, "topic_%055zu  reason\n", i);
	if (big)
		fclose(big);
	ok &= test_list_load(&list, path, true) == -EINVAL;
	test_list_free(&list);
	big = fopen(path, "w");
	for (i = 0; big && i < LIST_LINE_MAX + 10; i++)
		fputc('x', big);
	if (big)
		fclose(big);
	ok &= test_list_load(&list, path, false) == -EINVAL && !list.cnt;
	unlink(path);
	CHECK(ok, "list_refuses_devices_dirs_and_oversize");
	/* a FIFO would wait for a writer, /proc/kmsg read the kernel's log */
	ok = !mkfifo(path, 0600) &&
	     test_list_load(&list, path, true) == -EINVAL &&
	     !strcmp(list_err_str(-EINVAL), "not a regular file: a FIFO");
	ok &= test_list_load(&list, "/proc/kmsg", true) == -EINVAL &&
	      strstr(list_err_str(-EINVAL), "a file of the kernel's");
	unlink(path);
	CHECK(ok && !list.cnt, "list_refuses_fifo_and_proc_kmsg_at_once");
	CHECK(name_matches("rel_*", "rel_skb", NULL) &&
	      name_matches("rel_*/clone*", "rel_xdp", "clone_x") &&
	      !name_matches("rel_*/clone*", "rel_xdp", "slice_x") &&
	      name_matches("rel_*/clone*", "rel_xdp", NULL), "name_globs");
}

/* s as json_str() writes it. */
static bool json_str_is(const char *s, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	bool ok;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return false;
	json_str(f, s);
	fclose(f);
	ok = !strcmp(buf, want);
	if (!ok)
		ksft_print_msg("json_str: %s, want %s\n", buf, want);
	free(buf);
	return ok;
}

static bool ktap_name_is(const char *src, const char *want)
{
	char name[16];

	ktap_name(name, sizeof(name), src);
	if (strcmp(name, want))
		ksft_print_msg("ktap_name('%s'): '%s', want '%s'\n", src, name,
			       want);
	return !strcmp(name, want);
}

static void test_text_escaping(void)
{
	char reason[] = "libbpf: elf: bad\nlibbpf: # second\r\n\n";
	char path[64];
	bool ok;

	ok = json_str_is("a\xff\xc3\xa9\xe2\x82\n\x7f\"",
			 "\"a\\ufffd\xc3\xa9\\ufffd\\ufffd\\n\\u007f\\\"\"") &&
	     json_str_is("\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80",
			 "\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"") &&
	     json_str_is("\xf0\x9f\x90\xa7 ok", "\"\xf0\x9f\x90\xa7 ok\"");
	CHECK(ok, "json_escapes_bytes_that_are_not_utf8");
	ok = ktap_name_is("x#y z", "x_y_z") && ktap_name_is(".hidden", "_hidden") &&
	     ktap_name_is("a\nb", "a_b") && ktap_name_is("", "_") &&
	     ktap_name_is("v1.2-rc_3", "v1.2-rc_3") &&
	     ktap_name_is("much_too_long_for_it", "much_too_long_f");
	CHECK(ok, "ktap_names_are_safe");
	ktap_path(path, sizeof(path), "/t/Kernel panic - not syncing: x\n.bpf.o");
	CHECK(!strcmp(path, "/t/Kernel_panic_-_not_syncing__x_.bpf.o"),
	      "ktap_paths_spell_no_kernel_message");
	ktap_text(reason);
	CHECK(!strcmp(reason, "libbpf: elf: bad libbpf:   second"),
	      "ktap_reason_one_line_no_hash_no_trailing_blank");
	CHECK(!strcmp(err_str(-4003), "Endian mismatch") &&
	      !strcmp(err_str(-ENOENT), strerror(ENOENT)),
	      "err_str_knows_libbpf_codes");
}

/* The latest result of sub in the current topic. */
static const struct test_result *find(const char *sub)
{
	char name[2 * BPF_REFS_NAME_LEN];
	int i;

	snprintf(name, sizeof(name), "%s/%s", ctx.topic, sub);
	for (i = ctx.rep.result_cnt - 1; i >= 0; i--)
		if (!strcmp(ctx.rep.results[i].name, name))
			return &ctx.rep.results[i];
	return NULL;
}

/* The engine's results are reported as those of topic. */
static void start_topic(const char *topic)
{
	ctx.topic = topic;
	ctx.topic_error[0] = '\0';
	report_topic_start(&ctx.rep, topic);
}

/* Run one object with the engine's KTAP going to /dev/null. */
static void run_quietly(const char *topic, const char *obj)
{
	int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);

	fflush(stdout);
	dup2(null, STDOUT_FILENO);
	start_topic(topic);
	engine_run_object(&ctx, obj);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
}

/* Run one object with its KTAP in file out. */
static void run_captured(const char *topic, const char *obj, const char *out)
{
	int saved = dup(STDOUT_FILENO);
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	fflush(stdout);
	dup2(fd, STDOUT_FILENO);
	start_topic(topic);
	engine_run_object(&ctx, obj);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fd);
}

static bool file_has(const char *path, const char *text)
{
	char buf[1 << 16];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, text);
}

static bool jit_enabled(void)
{
	char val[16];

	return !read_small_file("/proc/sys/net/core/bpf_jit_enable", val,
				sizeof(val)) && strcmp(val, "0");
}

static enum test_status expected_status(const char *name)
{
	size_t n = strlen(name);

	/* the engine does not run without privileges */
	if (n > 7 && !strcmp(name + n - 7, ".unpriv"))
		return TEST_SKIP;
	/* __load_if_no_JITed() */
	if (!strncmp(name, "jit__", 5))
		return jit_enabled() ? TEST_SKIP : TEST_PASS;
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

/* What the JSON file says of the results, as written. */
static bool json_has(const char *dir, const char *text)
{
	char path[4096], *buf = NULL;
	size_t len = 0;
	bool found;
	FILE *f;

	snprintf(path, sizeof(path), "%s/results.json", dir);
	if (results_json_write(path, &ctx.rep, 0))
		return false;
	f = fopen(path, "r");
	if (!f || getdelim(&buf, &len, '\0', f) < 0) {
		if (f)
			fclose(f);
		free(buf);
		return false;
	}
	fclose(f);
	found = strstr(buf, text);
	free(buf);
	return found;
}

/* Each result since first has the verdict its name states. */
static void check_verdicts(int first)
{
	int i;

	for (i = first; i < ctx.rep.result_cnt; i++) {
		const char *sub = strchr(ctx.rep.results[i].name, '/') + 1;

		ksft_test_result(ctx.rep.results[i].status == expected_status(sub),
				 "engine_verdict_%s\n", sub);
		if (ctx.rep.results[i].status != expected_status(sub))
			ksft_print_msg("got %s: %s\n",
				       test_status_str(ctx.rep.results[i].status),
				       ctx.rep.results[i].reason);
	}
}

static void test_engine_verdicts(void)
{
	int first = ctx.rep.result_cnt;

	pretend_kernel("6.1.0", &ctx.kver);
	run_quietly("engine_cases", "engine_cases.bpf.o");
	CHECK(ctx.rep.result_cnt - first == ENGINE_CASES && !ctx.topic_error[0],
	      "engine_runs_every_annotated_program");
	check_verdicts(first);
	CHECK(reason_has("fail__nine_needs_helper",
			 "more than 8 __needs_helper() tags") &&
	      reason_has("fail__retval_over_32_bits",
			 "__retval(0x100000000) does not fit the 32-bit return value") &&
	      reason_has("fail__failure_and_success",
			 "__success and __failure on one program") &&
	      reason_has("fail__70_msgs_last_one_missing",
			 "'no verifier prints this'"),
	      "prog_tags_errors_say_what");
	CHECK(reason_has("fail__regression_names_fix",
			 "; kernel lacks upstream fix 0123456789ab bpf: A fix this kernel lacks") &&
	      find("fail__regression_names_fix")->fix_status == FIX_LACKS &&
	      !strcmp(find("fail__regression_names_fix")->fix_release, "6.3"),
	      "engine_names_missing_fix");
	CHECK(reason_has("skip__missing_kfunc", "bpf_refs_no_such_kfunc"),
	      "engine_skip_names_kfunc");
	CHECK(reason_has("skip__struct_ops_reason_first", "struct_ops"),
	      "engine_skip_names_struct_ops_first");
	CHECK(reason_has("fail__unannotated_missing_kfunc", "__needs_kfunc"),
	      "engine_catches_unannotated_kfunc");
	CHECK(reason_has("fail__retval_raw_tp_refuses_data",
			 "with 64 zero bytes in, as upstream's, failed: Invalid argument"),
	      "retval_run_says_its_input");
	CHECK(json_has(ctx.obj_dir, "\"description\": \"bad byte \\ufffd here\"") &&
	      !json_has(ctx.obj_dir, "\xff"), "json_of_annotation_bytes_is_utf8");
}

/* More programs than any fixed table held: the last one still runs. */
static void test_engine_many_programs(void)
{
	int first = ctx.rep.result_cnt;

	run_quietly("many_progs", "many_progs.bpf.o");
	CHECK(ctx.rep.result_cnt - first == 2 && !ctx.topic_error[0] &&
	      find("pass__last_program") &&
	      find("pass__last_program")->status == TEST_PASS,
	      "engine_runs_objects_of_300_programs");
	if (ctx.topic_error[0])
		ksft_print_msg("topic error: %s\n", ctx.topic_error);
}

/* The results of one run of engine_cases, as a line per test. */
static char *engine_cases_run(bool alone, unsigned long *opens)
{
	char *text = NULL, line[1024];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	unsigned long before = loader_opens;
	int i, first = ctx.rep.result_cnt;

	ctx.load_alone = alone;
	pretend_kernel("6.1.0", &ctx.kver);
	run_quietly("engine_cases", "engine_cases.bpf.o");
	ctx.load_alone = false;
	*opens = loader_opens - before;
	for (i = first; f && i < ctx.rep.result_cnt; i++) {
		const struct test_result *r = &ctx.rep.results[i];

		snprintf(line, sizeof(line), "%s %s %s insns %lld states %lld/%lld\n",
			 r->name, test_status_str(r->status), r->reason,
			 r->stats.insns, r->stats.total_states,
			 r->stats.peak_states);
		fputs(line, f);
	}
	if (f)
		fclose(f);
	return text;
}

/*
 * The tests of an object load in a batch, from one open of it: the same
 * verdicts, reasons and verifier counts as each from an open of its own,
 * and far fewer opens (an open per test made an object of n programs
 * take time n^2).
 */
static void test_engine_batch(void)
{
	unsigned long alone_opens, batch_opens;
	char *alone = engine_cases_run(true, &alone_opens);
	char *batch = engine_cases_run(false, &batch_opens);
	bool same = alone && batch && !strcmp(alone, batch);

	if (!same)
		ksft_print_msg("alone:\n%s\nbatch:\n%s\n", alone ?: "",
			       batch ?: "");
	CHECK(same, "batch_loads_give_what_loads_alone_give");
	ksft_print_msg("engine_cases: %lu opens alone, %lu in a batch\n",
		       alone_opens, batch_opens);
	CHECK(alone_opens > 20 && batch_opens < alone_opens / 2,
	      "batch_opens_the_object_once_for_its_tests");
	free(alone);
	free(batch);
}

/*
 * Objects as upstream writes them (no __needs_*()): what the kernel
 * lacks skips, naming it; a __failure test never passes for it.
 */
static void test_engine_upstream_objects(void)
{
	int first = ctx.rep.result_cnt;

	run_quietly("upstream_like", "upstream_like.bpf.o");
	run_quietly("upstream_strong", "upstream_strong.bpf.o");
	run_quietly("upstream_struct_ops", "upstream_struct_ops.bpf.o");
	CHECK(ctx.rep.result_cnt - first == 6, "upstream_objects_run");
	check_verdicts(first);
	ctx.topic = "upstream_like";
	CHECK(reason_has("skip__calls_missing_kfunc", "bpf_refs_no_such_kfunc") &&
	      reason_has("skip__missing_fentry_target",
			 "attach target fentry/bpf_refs_no_such_function") &&
	      reason_has("skip__missing_tp_btf_target",
			 "attach target tp_btf/bpf_refs_no_such_tracepoint"),
	      "upstream_skips_name_kfunc_and_attach_target");
	ctx.topic = "upstream_strong";
	CHECK(reason_has("skip__calls_missing_strong_kfunc",
			 "kernel lacks kfunc bpf_refs_no_such_strong_kfunc"),
	      "upstream_skip_names_strong_kfunc");
	ctx.topic = "upstream_struct_ops";
	CHECK(reason_has("skip__missing_struct_ops_type",
			 "kernel lacks struct_ops bpf_refs_no_such_ops"),
	      "upstream_skip_names_struct_ops_type");
}

/*
 * Upstream's test_loader semantics, and the bad input that gave a false
 * pass: a rejected __auxiliary program, a level-1 log the kernel ends
 * with ENOSPC, a name cut to fit, an empty __msg(), tags left unchecked.
 */
static void test_engine_upstream_peer(void)
{
	int first = ctx.rep.result_cnt;
	char tag[64];

	run_quietly("upstream_peer", "upstream_peer.bpf.o");
	CHECK(ctx.rep.result_cnt - first == 16 && !ctx.topic_error[0],
	      "upstream_peer_runs_every_program_and_unpriv_case");
	check_verdicts(first);
	CHECK(!find("skip__unpriv_only") && find("skip__unpriv_only.unpriv") &&
	      reason_has("skip__unpriv_only.unpriv", "without privileges") &&
	      find("pass__priv_and_unpriv.unpriv"),
	      "unpriv_only_program_never_runs_privileged");
	CHECK(reason_has("skip__xlated_is_not_checked",
			 "engine cannot check tag __xlated") &&
	      reason_has("skip__unknown_tag", "test_no_such_tag=1") &&
	      reason_has("skip__other_arch", "LOONGARCH"),
	      "skips_name_the_tag");
	snprintf(tag, sizeof(tag), "fail__a_name_longer_than");
	CHECK(ctx.rep.result_cnt > first &&
	      strstr(ctx.rep.results[first + 3].name, tag) &&
	      strstr(ctx.rep.results[first + 3].reason, "program name longer"),
	      "name_too_long_fails");
	CHECK(reason_has("fail__renamed_symbol", "no BTF FUNC of the program's name") &&
	      reason_has("fail__empty_msg", "an empty message checks nothing") &&
	      reason_has("fail__safe_failure_with_big_level1_log",
			 "verifier accepted a program it must reject"),
	      "empty_msg_and_enospc_fail_for_their_reason");
	first = ctx.rep.result_cnt;
	run_quietly("aux_rejected", "aux_rejected.bpf.o");
	CHECK(ctx.rep.result_cnt - first == 3 && !ctx.topic_error[0],
	      "aux_rejected_runs");
	check_verdicts(first);
	first = ctx.rep.result_cnt;
	run_quietly("aux_in_prog_array", "aux_in_prog_array.bpf.o");
	CHECK(ctx.rep.result_cnt - first == 1 && !ctx.topic_error[0],
	      "aux_of_both_runs_loads_with_privileged_tests");
	check_verdicts(first);
	ctx.topic = "aux_rejected";
	CHECK(reason_has("fail__safe_failure_second",
			 "verifier accepted the program, then the object failed to load"),
	      "rejected_auxiliary_named");
}

/*
 * A struct_ops program is tested with only the maps that hold it: the
 * other map's program, rejected, is not loaded with it.
 */
static void test_engine_struct_ops_maps(void)
{
	int first = ctx.rep.result_cnt;

	run_quietly("struct_ops_maps", "struct_ops_maps.bpf.o");
	CHECK(ctx.rep.result_cnt - first == 2 && !ctx.topic_error[0],
	      "struct_ops_maps_runs");
	check_verdicts(first);
}

/*
 * --needs-setup: a __retval that needs the test code's setup skips after
 * the load verdict, naming the option; without it the run is checked.
 */
static void test_engine_needs_setup(void)
{
	const struct test_result *r;
	int first;

	first = ctx.rep.result_cnt;
	run_quietly("needs_setup", "needs_setup.bpf.o");
	r = find("retval_needs_setup");
	CHECK(ctx.rep.result_cnt - first == 2 && r && r->status == TEST_FAIL &&
	      strstr(r->reason, "retval 0, expected 7"),
	      "retval_checked_without_needs_setup");
	CHECK(!test_list_add(&ctx.needs_setup, "needs_*", ""),
	      "needs_setup_pattern_added");
	first = ctx.rep.result_cnt;
	run_quietly("needs_setup", "needs_setup.bpf.o");
	r = find("retval_needs_setup");
	CHECK(ctx.rep.result_cnt - first == 2 && r && r->status == TEST_SKIP &&
	      strstr(r->reason, "--needs-setup") &&
	      find("pass__rejection_still_judged")->status == TEST_PASS,
	      "retval_skipped_with_needs_setup_load_verdict_kept");
	test_list_free(&ctx.needs_setup);
}

/* Without CAP_SYS_ADMIN (in a child that drops it) the probe skips. */
static void test_sys_admin_probe(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};
	struct test_result res = { .status = TEST_PASS };
	int status = -1;
	pid_t pid;

	pid = fork();
	if (!pid) {
		syscall(SYS_capget, &hdr, data);
		data[0].effective &= ~(1U << CAP_SYS_ADMIN);
		if (syscall(SYS_capset, &hdr, data))
			_exit(2);
		_exit(!features_skip_without_sys_admin(&res, "x") ||
		      res.status != TEST_SKIP ||
		      !strstr(res.reason, "CAP_SYS_ADMIN"));
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status) &&
	      !features_skip_without_sys_admin(&res, "x") &&
	      res.status == TEST_PASS, "sys_admin_probe_skips_without_it");
}

/* The same failing test on a kernel that has the fix it names. */
static void test_engine_fix_wording(const char *dir)
{
	const char *sub = "fail__regression_names_fix";
	char path[4096];
	bool ok;

	snprintf(path, sizeof(path), "%s/allow.list", dir);
	write_file(path, "engine_cases/fail__regression_names_fix\n");
	test_list_load(&ctx.allow, path, false);
	pretend_kernel("6.18.44", &ctx.kver);
	run_quietly("engine_cases", "engine_cases.bpf.o");
	ok = reason_has(sub,
			"; regression or gap: this kernel (6.18) has fix 0123456789ab (since 6.3) and still fails");
	CHECK(ok && find(sub)->fix_status == FIX_HAS,
	      "engine_names_fix_kernel_has");
	ok = json_has(dir,
		      "\"fix_release\": \"6.3\", \"fix_status\": \"has\"");
	CHECK(ok, "json_fix_release_and_status");
	test_list_free(&ctx.allow);
}

/* A level-2 log over the first buffer size: same verdict at any -v. */
static void test_engine_large_log(const char *dir)
{
	const char *sub = "pass__log_larger_than_1mib";
	const struct test_result *r;
	char path[4096];
	int v;

	snprintf(path, sizeof(path), "%s/allow.list", dir);
	write_file(path, "engine_cases/pass__log_larger_than_1mib\n");
	test_list_load(&ctx.allow, path, false);
	for (v = 0; v <= 2; v += 2) {
		ctx.verbose = v;
		run_quietly("engine_cases", "engine_cases.bpf.o");
		r = find(sub);
		ksft_test_result(r && r->status == TEST_PASS,
				 "large_log_passes_at_verbose_%d\n", v);
		if (r && r->status != TEST_PASS)
			ksft_print_msg("got %s: %s\n",
				       test_status_str(r->status), r->reason);
	}
	ctx.verbose = 0;
	test_list_free(&ctx.allow);
}

static void test_engine_lists(const char *dir)
{
	char path[4096];
	int first;
	bool ok;

	pretend_kernel("6.18.44", &ctx.kver);
	snprintf(path, sizeof(path), "%s/xfail.list", dir);
	write_file(path, "engine_cases/fail__failure_but_accepted  abc fix\n"
		   "engine_cases/pass__retval  def fix\n"
		   "engine_cases/fail__msg_missing  0123456789ab bpf: A fix\n");
	test_list_load(&ctx.xfail, path, true);
	snprintf(path, sizeof(path), "%s/deny.list", dir);
	write_file(path, "engine_cases/pass__success_accepted  # flaky\n");
	test_list_load(&ctx.denylist, path, false);
	test_list_load(&ctx.allow, path, false);
	snprintf(path, sizeof(path), "%s/allow.list", dir);
	write_file(path, "engine_cases/fail__failure_but_accepted\n"
		   "engine_cases/pass__retval\n"
		   "engine_cases/fail__msg_missing\n");
	test_list_load(&ctx.allow, path, false);

	first = ctx.rep.result_cnt;
	snprintf(path, sizeof(path), "%s/lists.ktap", dir);
	run_captured("engine_cases", "engine_cases.bpf.o", path);
	CHECK(ctx.rep.result_cnt - first == 4, "lists_filter_selects_four");
	CHECK(file_has(path, "\n  ok 4 pass__retval # XPASS listed as failing"),
	      "xpass_line_is_ok_with_directive_as_kselftest_h");
	CHECK(find("fail__failure_but_accepted")->status == TEST_XFAIL &&
	      !reason_has("fail__failure_but_accepted", "has fix"),
	      "xfail_turns_failure_into_xfail");
	ok = reason_has("fail__msg_missing",
			"(0123456789ab bpf: A fix; regression or gap: this kernel (6.18) has fix 0123456789ab (since 6.3) and still fails)");
	CHECK(find("fail__msg_missing")->status == TEST_XFAIL && ok,
	      "xfail_says_kernel_has_the_fix");
	CHECK(find("pass__retval")->status == TEST_XPASS,
	      "xfail_reports_unexpected_pass");
	CHECK(find("pass__success_accepted")->status == TEST_SKIP &&
	      reason_has("pass__success_accepted", "denylisted: flaky"),
	      "denylist_skips_with_reason");
	test_list_free(&ctx.xfail);
	test_list_free(&ctx.denylist);
	test_list_free(&ctx.allow);
}

/*
 * Logs of the kfunc policy probes, as kernels wrote them: a local policy
 * (a 6.18.44 build of 2026-12-06), upstream's wording for a kfunc not
 * allowed in a program type, and rejections that refuse nothing.
 */
static void test_policy_logs(void)
{
	static const char local[] =
		"; p = bpf_dynptr_slice_rdwr(&child, 4, NULL, 4); @ runtime_ringbuf.c:151\n"
		"bpf_dynptr_slice_rdwr() is not allowed\n"
		"verification time 334 usec\n";
	static const char upstream[] =
		"2: (85) call bpf_dynptr_from_skb#84412\n"
		"calling kernel function bpf_dynptr_from_skb is not allowed\n";
	static const char other[] =
		"Expected an initialized dynptr as arg #0\n";
	struct kfunc_probe pr = {};
	bool ok;

	kfunc_probe_read(&pr, "bpf_dynptr_slice_rdwr__tc", -EPERM, true, local);
	ok = pr.refused && pr.err == -EPERM &&
	     !strcmp(pr.kfunc, "bpf_dynptr_slice_rdwr") &&
	     !strcmp(pr.why, "bpf_dynptr_slice_rdwr() is not allowed");
	CHECK(ok, "policy_probe_reads_local_refusal");
	kfunc_probe_read(&pr, "bpf_dynptr_slice__tc", -EACCES, true, upstream);
	ok = pr.refused && !strcmp(pr.kfunc, "bpf_dynptr_from_skb");
	CHECK(ok, "policy_probe_names_the_kfunc_the_log_names");
	kfunc_probe_read(&pr, "bpf_dynptr_clone__tc", -EPERM, true, "");
	ok = pr.refused && !strcmp(pr.kfunc, "bpf_dynptr_clone");
	kfunc_probe_read(&pr, "bpf_dynptr_clone__tc", -EINVAL, true, other);
	ok &= !pr.refused;
	kfunc_probe_read(&pr, "bpf_dynptr_clone__tc", -EPERM, false, "");
	ok &= !pr.refused;
	kfunc_probe_read(&pr, "bpf_dynptr_clone__tc", 0, true, "");
	CHECK(ok && !pr.refused, "policy_probe_refuses_only_by_policy");
}

/* One result of fail__calls_kfunc_then_rejected under a probe fixture. */
static const struct test_result *run_refused(const char *dir,
					     enum bpf_prog_type type, int err,
					     bool refused)
{
	struct kfunc_probe pr = {
		.kfunc = "bpf_dynptr_from_skb", .type = type,
		.refused = refused, .err = err, .why = "recorded",
	};
	char path[4096];

	ctx.policy.probes = &pr;
	ctx.policy.cnt = 1;
	snprintf(path, sizeof(path), "%s/allow.list", dir);
	write_file(path, "engine_cases/fail__calls_kfunc_then_rejected\n");
	test_list_load(&ctx.allow, path, false);
	run_quietly("engine_cases", "engine_cases.bpf.o");
	test_list_free(&ctx.allow);
	ctx.policy.probes = NULL;
	ctx.policy.cnt = 0;
	return find("fail__calls_kfunc_then_rejected");
}

/*
 * A test that calls a kfunc the probes found refused, and fails with the
 * probe's error, is skipped naming the refusal; with another error, or
 * a probe of its own program type that was accepted, it still fails.
 */
static void test_engine_refusal(const char *dir)
{
	static const char why[] = "no bpf_dynptr_from_skb";
	const struct test_result *r;

	if (!features_have_kfunc(&ctx.feat, "bpf_dynptr_from_skb")) {
		ksft_test_result_skip("engine_skips_refused_kfunc: %s\n", why);
		ksft_test_result_skip("engine_refusal_needs_the_probe_error: %s\n",
				      why);
		return;
	}
	r = run_refused(dir, BPF_PROG_TYPE_XDP, -EINVAL, true);
	CHECK(r && r->status == TEST_SKIP &&
	      r->expect.source == EXPECT_PROBE &&
	      strstr(r->reason, "kernel refuses kfunc bpf_dynptr_from_skb in xdp") &&
	      strstr(r->reason, "(probe: Invalid argument, 'recorded')"),
	      "engine_skips_refused_kfunc");
	r = run_refused(dir, BPF_PROG_TYPE_SCHED_CLS, -EPERM, true);
	CHECK(r && r->status == TEST_FAIL &&
	      (r = run_refused(dir, BPF_PROG_TYPE_SCHED_CLS, 0, false)) &&
	      r->status == TEST_FAIL,
	      "engine_refusal_needs_the_probe_error");
}

/* Results of the three programs that name fixes, on kernel release. */
static void run_derived(const char *dir, const char *release)
{
	char path[4096];

	pretend_kernel(release, &ctx.kver);
	ctx.derive = true;
	snprintf(path, sizeof(path), "%s/allow.list", dir);
	write_file(path, "engine_cases/fail__regression_names_fix\n"
		   "engine_cases/pass__names_fix\n"
		   "engine_cases/pass__bug_made_later\n");
	test_list_load(&ctx.allow, path, false);
	run_quietly("engine_cases", "engine_cases.bpf.o");
	test_list_free(&ctx.allow);
	ctx.derive = false;
}

/*
 * --xfail auto: what a test expects follows from its fix and FIXES.  On
 * 6.1 (before the fix's 6.3) the failing test is XFAIL and the passing
 * one shows the fix carried; on 6.18 the failure is a regression and
 * the pass an ordinary one; a bug made later (6.10) is not expected on
 * 6.1, and on 6.12 a pass shows its fix (7.2) carried.
 */
static void test_engine_derived(const char *dir)
{
	const struct test_result *f, *p, *l;

	run_derived(dir, "6.1.0");
	f = find("fail__regression_names_fix");
	p = find("pass__names_fix");
	l = find("pass__bug_made_later");
	CHECK(f && f->status == TEST_XFAIL &&
	      f->expect.source == EXPECT_DERIVED &&
	      !strcmp(f->expect.fix, "0123456789ab") &&
	      strstr(f->reason, "known bug of this kernel: ") &&
	      p && p->status == TEST_PASS && p->expect.carried,
	      "derived_xfail_and_carried_fix_before_release");
	CHECK(l && l->status == TEST_PASS && !l->expect.carried &&
	      l->expect.source == EXPECT_NONE &&
	      !strcmp(l->broken_release, "6.10"),
	      "derived_bug_made_later_not_expected");
	run_derived(dir, "6.18.44");
	f = find("fail__regression_names_fix");
	p = find("pass__names_fix");
	CHECK(f && f->status == TEST_FAIL && f->expect.source == EXPECT_NONE &&
	      p && p->status == TEST_PASS && !p->expect.carried,
	      "derived_nothing_expected_after_release");
	run_derived(dir, "6.12.118");
	l = find("pass__bug_made_later");
	CHECK(l && l->expect.carried && !strcmp(l->expect.fix, "aaaaaaaaaaaa"),
	      "derived_carried_once_bug_was_made");
}

/* Programs of obj that the kernel loaded. */
static int loaded_programs(struct bpf_object *obj)
{
	struct bpf_program *p;
	int n = 0;

	bpf_object__for_each_program(p, obj)
		n += bpf_program__fd(p) >= 0;
	return n;
}

/*
 * The loader on a log far smaller than the verifier's: it grows until
 * the whole log fits, or says that it did not fit in the maximum.
 */
static void test_loader(const char *dir)
{
	struct loader_log log = { .size = 64, .max = 64 };
	struct load_req req = {
		.prog = "pass__success_accepted",
		.log_level = 1 | 2 | LOADER_LOG_STATS,
	};
	char path[4096];
	struct loaded ld;
	int err;

	snprintf(path, sizeof(path), "%s/engine_cases.bpf.o", dir);
	req.path = path;
	err = loader_load(&req, &log, &ld);
	CHECK(!err && ld.err == -ENOSPC && ld.log_truncated && log.size == 64,
	      "loader_log_over_its_maximum_is_truncated");
	loader_close(&ld);
	log.max = LOADER_LOG_MAX;
	err = loader_load(&req, &log, &ld);
	CHECK(!err && !ld.err && !ld.log_truncated && log.size > 64 &&
	      ld.has_stats && ld.stats.insns > 0 &&
	      strlen(log.buf) < log.size && strstr(log.buf, "processed "),
	      "loader_log_grows_until_it_fits");
	CHECK(!err && ld.obj && loaded_programs(ld.obj) == 1 &&
	      ld.prog && bpf_program__fd(ld.prog) >= 0,
	      "loader_loads_exactly_one_program");
	loader_close(&ld);
	req.prog = "no_such_program";
	err = loader_load(&req, &log, &ld);
	CHECK(err == -ENOENT && !ld.obj &&
	      strstr(ld.error, "has no program no_such_program"),
	      "loader_names_a_missing_program");
	free(log.buf);
}

static void test_bad_objects(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/corrupt.bpf.o", dir);
	write_file(path, "\177ELF this is not an object file");
	run_quietly("corrupt", path);
	CHECK(strstr(ctx.topic_error, "cannot open BPF object"),
	      "corrupt_object_is_topic_error");
	snprintf(path, sizeof(path), "%s/foreign_endian.bpf.o", dir);
	run_quietly("foreign_endian", path);
	CHECK(strstr(ctx.topic_error, "cannot open BPF object"),
	      "foreign_endian_object_is_topic_error");
	CHECK(strstr(ctx.topic_error, ": Endian mismatch: libbpf: ") &&
	      !strchr(ctx.topic_error, '\n') &&
	      ctx.topic_error[strlen(ctx.topic_error) - 1] != ' ',
	      "libbpf_error_named_on_one_line");
	run_quietly("missing", "/nonexistent/missing.bpf.o");
	CHECK(strstr(ctx.topic_error, "No such file"),
	      "missing_object_is_topic_error");
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s UNIT_OBJ_DIR PACKAGE_DIR\n", argv[0]);
		return KSFT_FAIL;
	}
	run_ctx_init(&ctx);
	ctx.obj_dir = argv[1];
	ksft_print_header();
	ksft_set_plan(PLAN);
	test_spec_spellings();
	test_log_matching();
	test_stats_parsing();
	test_log_formats();
	test_fix_claims();
	test_package_fixes(argv[2]);
	test_xfail_auto();
	test_lists();
	test_policy_logs();
	test_spec_limits();
	test_text_escaping();
	if (privilege_problem()) {
		ksft_print_msg("engine tests need root: %s\n",
			       privilege_problem());
		ksft_exit_skip("not root\n");
	}
	features_init(&ctx.feat);
	if (load_fixture_fixes(&ctx.fixes, fixes_fixture))
		ksft_exit_fail_msg("cannot load the FIXES fixture\n");
	test_engine_verdicts();
	test_engine_many_programs();
	test_engine_batch();
	test_engine_upstream_objects();
	test_engine_upstream_peer();
	test_engine_needs_setup();
	test_engine_struct_ops_maps();
	test_sys_admin_probe();
	test_engine_fix_wording(argv[1]);
	test_engine_large_log(argv[1]);
	test_engine_lists(argv[1]);
	test_engine_refusal(argv[1]);
	test_engine_derived(argv[1]);
	test_bad_objects(argv[1]);
	test_loader(argv[1]);
	run_ctx_free(&ctx);
	ksft_finished();
}
