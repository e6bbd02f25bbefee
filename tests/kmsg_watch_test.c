// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the kernel-log watcher (kmsg_watch.c) through the
 * runner's report path: a line written into the kernel log through
 * /dev/kmsg while a subtest runs must fail that subtest, even a passing
 * or xfail-listed one, and be attached to its result and its JSON record.
 * Usage: kmsg_watch_test (as root: it writes to /dev/kmsg)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kselftest.h"
#include "run.h"

#define SELF_TEST_LINE \
	"WARNING: bpf_refs kmsg watcher self-test (written from user space, not a kernel problem)"

static struct run_ctx ctx;

#define CHECK(cond, name) ksft_test_result(cond, "%s\n", name)

static void test_markers(void)
{
	CHECK(kmsg_is_splat("BUG: KASAN: slab-use-after-free in skb_release_data") &&
	      kmsg_is_splat("WARNING: CPU: 1 PID: 7 at kernel/bpf/verifier.c:99 f") &&
	      kmsg_is_splat("Oops: general protection fault, probably for non-canonical address") &&
	      kmsg_is_splat(" Call Trace:") &&
	      kmsg_is_splat("UBSAN: array-index-out-of-bounds in kernel/bpf/x.c") &&
	      kmsg_is_splat("kernel BUG at mm/slub.c:42!") &&
	      kmsg_is_splat("unreferenced object 0xffff888 (size 64):"),
	      "markers_match_splats");
	CHECK(!kmsg_is_splat("DEBUG: not a bug") &&
	      !kmsg_is_splat("bpf: loaded program") &&
	      !kmsg_is_splat("veth0: renamed from eth1") &&
	      !kmsg_is_splat("NOWARNING: here"),
	      "markers_ignore_ordinary_lines");
}

static int inject(const char *text)
{
	char line[256];
	int fd, n, err = 0;

	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = snprintf(line, sizeof(line), "<4>%s\n", text);
	if (write(fd, line, n) != n)
		err = -errno;
	close(fd);
	return err;
}

/*
 * One subtest of status st that names fix (or none), with text injected
 * while it "runs".
 */
static struct test_result *run_subtest(const char *name, enum test_status st,
				       const char *fix, const char *text)
{
	int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);
	struct test_result res = { .status = st };

	subtest_begin(&ctx, &res, name);
	res.status = st;
	snprintf(res.fixed_by, sizeof(res.fixed_by), "%s", fix ? fix : "");
	if (text && inject(text))
		ksft_print_msg("cannot write /dev/kmsg: %s\n", strerror(errno));
	fflush(stdout);
	dup2(null, STDOUT_FILENO);
	subtest_end(&ctx, &res);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	return &ctx.rep.results[ctx.rep.result_cnt - 1];
}

static bool json_has_splat(void)
{
	char path[] = "/tmp/kmsg_watch_test.XXXXXX", buf[65536];
	ssize_t n;
	int fd;

	fd = mkstemp(path);
	if (fd < 0)
		return false;
	close(fd);
	if (results_json_write(path, &ctx.rep, 0)) {
		unlink(path);
		return false;
	}
	fd = open(path, O_RDONLY);
	n = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	unlink(path);
	buf[n > 0 ? n : 0] = '\0';
	return strstr(buf, "\"splats\": \"[") &&
	       strstr(buf, "bpf_refs kmsg watcher self-test");
}

static void test_watcher(void)
{
	static struct test_list_entry listed = {
		.pattern = "kmsg_selftest/listed", .reason = "bug-known a bug",
	};
	struct test_result *r;

	r = run_subtest("quiet", TEST_PASS, NULL, NULL);
	CHECK(r->status == TEST_PASS && !r->splats,
	      "quiet_subtest_passes_without_splats");

	r = run_subtest("injected", TEST_PASS, NULL, SELF_TEST_LINE);
	CHECK(r->status == TEST_FAIL && r->splats &&
	      strstr(r->splats, SELF_TEST_LINE) &&
	      strstr(r->reason, "kernel log splat while the test ran: WARNING: bpf_refs"),
	      "splat_fails_passing_subtest_and_is_attached");
	CHECK(json_has_splat(), "splat_is_in_json_record");

	r = run_subtest("after", TEST_PASS, NULL, NULL);
	CHECK(r->status == TEST_PASS && !r->splats,
	      "next_subtest_does_not_inherit_the_splat");

	ctx.xfail.entries = &listed;
	ctx.xfail.cnt = 1;
	r = run_subtest("listed", TEST_FAIL, "bug-other x", SELF_TEST_LINE);
	CHECK(r->status == TEST_FAIL && r->splats,
	      "splat_fails_subtest_listed_for_another_bug");
	listed.reason = "bug-splat the listed bug splats";
	r = run_subtest("listed", TEST_FAIL, "bug-splat x", SELF_TEST_LINE);
	CHECK(r->status == TEST_XFAIL && r->splats &&
	      strstr(r->reason, "kernel log splat: WARNING: bpf_refs"),
	      "splat_of_the_listed_bug_is_xfail");
	ctx.xfail.cnt = 0;
	ctx.xfail.entries = NULL;

	/* logged between two subtests: blamed on the next, never lost */
	if (inject(SELF_TEST_LINE))
		ksft_print_msg("cannot write /dev/kmsg\n");
	r = run_subtest("between", TEST_SKIP, NULL, NULL);
	CHECK(r->status == TEST_FAIL && r->splats,
	      "splat_between_subtests_is_not_lost");
}

int main(void)
{
	int fd;

	run_ctx_init(&ctx);
	ctx.topic = "kmsg_selftest";
	report_topic_start(&ctx.rep, ctx.topic);
	ksft_print_header();
	ksft_set_plan(9);
	test_markers();
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		ksft_print_msg("cannot write /dev/kmsg: %s\n", strerror(errno));
		ksft_exit_skip("needs root to inject kernel log lines\n");
	}
	close(fd);
	test_watcher();
	run_ctx_free(&ctx);
	ksft_finished();
}
