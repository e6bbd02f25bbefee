// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_refs: run the verifier object-relationship tests and report KTAP.
 *
 * Topics (one per test_*() function in prog_tests/, or one per --object)
 * are the top-level KTAP tests; the programs or probes they run are their
 * subtests.  Exit status follows kselftest: 0 pass, 1 fail, 4 all skipped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>
#include "results_json.h"
#include "runner.h"

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_SKIP	4

struct topic {
	char name[BPF_REFS_NAME_LEN];
	void (*run)(void);
	char *object;			/* --object file, or NULL */
};

#include "tests_decl.h"

static struct topic builtin[] = {
#define DEFINE_TEST(name) { #name, test_##name, NULL },
#include "tests.h"
#undef DEFINE_TEST
};

static struct topic *topics = builtin;
static int topic_cnt = ARRAY_SIZE(builtin);
static struct run_ctx ctx;

static const char usage[] =
"Usage: bpf_refs [options]\n"
"  -l, --list             list topics and subtests, run nothing\n"
"  -t, --name GLOBS       run only matching tests (comma separated,\n"
"  -a, --allow GLOBS        'topic' or 'topic/subtest', shell globs)\n"
"  -d, --deny GLOBS       do not run matching tests; every pattern of\n"
"                         -t/-a/-d must name a test, none may be empty\n"
"  -v, --verbose          print verifier logs of failures; -vv: of all\n"
"                         tests, with the instruction trace; -vvv: with\n"
"                         register states\n"
"      --json FILE        write results as JSON (docs/results.md), also\n"
"                         when the run bails out or is interrupted\n"
"      --object FILE      run the annotated programs of FILE (repeatable)\n"
"      --xfail FILE       tests expected to fail on this kernel; auto: the\n"
"                         first of xfail/<release>, xfail/<major.minor>.<arch>\n"
"                         and xfail/<major.minor> beside the runner\n"
"      --where WHERE      where this runs, for the JSON (default host)\n"
"      --allow-crash      run runtime probes whose unsafe access may crash\n"
"                         the kernel (implied by BPF_REFS_IN_VM=1)\n"
"  -h, --help             this text\n"
"Objects are looked up beside the runner, or in $BPF_REFS_OBJ_DIR.\n"
"DENYLIST and DENYLIST.<arch> beside the objects are applied; FIXES there\n"
"gives the first release of each fix a test names, which says whether this\n"
"kernel should have it.  Test hook: $BPF_REFS_KERNEL_RELEASE stands in for\n"
"uname -r wherever the kernel's release is used.\n";

/* -t/-a/-d GLOBS: comma separated, none of them empty. */
static int add_patterns(struct test_list *list, const char *arg, char opt)
{
	char *copy = strdup(arg), *tok, *next;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = copy; tok && !err; tok = next) {
		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		if (!*tok) {
			fprintf(stderr, "bpf_refs: -%c '%s': empty pattern\n",
				opt, arg);
			err = -EINVAL;
		} else {
			err = test_list_add(list, tok, "");
		}
	}
	free(copy);
	return err;
}

static void run_object_topic(void)
{
	run_object_tests(topics[ctx.topic_num - 1].object);
}

static int add_object_topic(const char *file)
{
	char *base, *copy = strdup(file);
	char cwd[PATH_MAX];
	struct topic *t;

	if (!copy)
		return -ENOMEM;
	if (topics == builtin) {
		topics = NULL;
		topic_cnt = 0;
	}
	t = realloc(topics, (topic_cnt + 1) * sizeof(*t));
	if (!t) {
		free(copy);
		return -ENOMEM;
	}
	topics = t;
	t += topic_cnt++;
	t->object = NULL;
	/* the file name without .bpf.o, as a KTAP-safe name */
	base = basename(copy);
	if (strlen(base) > 6 && !strcmp(base + strlen(base) - 6, ".bpf.o"))
		base[strlen(base) - 6] = '\0';
	else if (strlen(base) > 2 && !strcmp(base + strlen(base) - 2, ".o"))
		base[strlen(base) - 2] = '\0';
	ktap_name(t->name, sizeof(t->name), base);
	free(copy);
	t->run = run_object_topic;
	/* Relative to where the user is, not to where the objects are. */
	if (file[0] == '/')
		t->object = strdup(file);
	else if (asprintf(&copy, "%s/%s", getcwd(cwd, sizeof(cwd)) ?: ".",
			  file) > 0)
		t->object = copy;
	return t->object ? 0 : -ENOMEM;
}

/* Where the runner binary is. */
static const char *runner_dir(void)
{
	static char dir[PATH_MAX];
	ssize_t n;

	n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	if (n <= 0)
		return ".";
	dir[n] = '\0';
	return dirname(dir);
}

static const char *default_obj_dir(void)
{
	return getenv("BPF_REFS_OBJ_DIR") ?: runner_dir();
}

/*
 * DENYLIST, DENYLIST.<arch> and FIXES beside the objects.  Every DENYLIST
 * entry needs its reason; a list that is there but unusable stops the run
 * (why: the file, and file:line on stderr).
 */
static int load_lists(char *why, size_t len)
{
	char path[PATH_MAX];
	struct utsname u;
	int i, err;

	uname(&u);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/DENYLIST%s%s", ctx.obj_dir,
			 i ? "." : "", i ? u.machine : "");
		err = test_list_load(&ctx.denylist, path, true);
		if (err && err != -ENOENT) {
			snprintf(why, len, "cannot use %s: %s", path,
				 err_str(err));
			return err;
		}
	}
	snprintf(path, sizeof(path), "%s/FIXES", ctx.obj_dir);
	err = fixes_load(&ctx.fixes, path);
	if (err == -ENOENT)
		fprintf(stderr,
			"bpf_refs: no %s: which fixes this kernel has is unknown\n",
			path);
	else if (err)
		snprintf(why, len, "cannot use %s: %s", path, err_str(err));
	return err == -ENOENT ? 0 : err;
}

/*
 * --xfail FILE, or with "auto" the list of this kernel from xfail/ beside
 * the runner.  note says which list auto picked, or that there is none.
 */
static int load_xfail(const char *xfail, const char *release, char *path,
		      size_t len, char *note, size_t note_len, char *why,
		      size_t why_len)
{
	char dir[PATH_MAX];
	struct utsname u;
	int err;

	if (strcmp(xfail, "auto")) {
		snprintf(path, len, "%s", xfail);
	} else {
		uname(&u);
		snprintf(dir, sizeof(dir), "%s/xfail", runner_dir());
		if (xfail_list_for(dir, release, &ctx.kver, u.machine, path,
				   len)) {
			snprintf(note, note_len,
				 "--xfail auto: no xfail list for %s (%d.%d, %s) in %s",
				 release, ctx.kver.major, ctx.kver.minor,
				 u.machine, dir);
			return 0;
		}
		snprintf(note, note_len, "--xfail auto: using %s", path);
	}
	ctx.xfail_file = path;
	err = test_list_load(&ctx.xfail, path, true);
	if (err)
		snprintf(why, why_len, "cannot use xfail list %s: %s", path,
			 err_str(err));
	return err;
}

/*
 * Offer every topic/subtest name to the -t/-a/-d patterns (test_selected()
 * marks those that match), without running or printing anything.
 */
static void enumerate_subtests(void)
{
	int i, out, err, null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	fflush(stdout);
	fflush(stderr);
	out = dup(STDOUT_FILENO);
	err = dup(STDERR_FILENO);
	if (null >= 0 && out >= 0 && err >= 0) {
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
	}
	ctx.enumerating = true;
	ctx.list_only = true;
	for (i = 0; i < topic_cnt; i++) {
		ctx.topic = topics[i].name;
		ctx.topic_num = i + 1;
		if (topics[i].object)
			run_object_tests(topics[i].object);
		else
			topics[i].run();
	}
	ctx.topic = NULL;
	ctx.topic_reason[0] = '\0';
	ctx.enumerating = false;
	ctx.list_only = false;
	fflush(stdout);
	fflush(stderr);
	if (out >= 0) {
		dup2(out, STDOUT_FILENO);
		close(out);
	}
	if (err >= 0) {
		dup2(err, STDERR_FILENO);
		close(err);
	}
	if (null >= 0)
		close(null);
}

/*
 * Every -t/-a/-d pattern must name a test: a topic, or with '/' at least
 * one subtest.  A typo must not pass silently, select nothing (exit 4), or
 * deselect nothing.
 */
static int check_patterns_match(char *why, size_t len)
{
	struct test_list *lists[] = { &ctx.allow, &ctx.deny };
	struct test_list_entry *e;
	bool subtests = false;
	int i, j, k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < lists[k]->cnt; i++) {
			e = &lists[k]->entries[i];
			e->used = false;
			if (strchr(e->pattern, '/'))
				subtests = true;
			for (j = 0; j < topic_cnt && !e->used; j++)
				if (!strchr(e->pattern, '/') &&
				    name_matches(e->pattern, topics[j].name,
						 NULL))
					e->used = true;
		}
	}
	if (subtests)
		enumerate_subtests();
	if (ctx.interrupted)	/* names were not all offered */
		return 0;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < lists[k]->cnt; i++) {
			e = &lists[k]->entries[i];
			if (e->used)
				continue;
			snprintf(why, len,
				 "no test matches %s'%s' (see bpf_refs -l)",
				 k ? "-d " : "", e->pattern);
			return -ENOENT;
		}
	}
	return 0;
}

static int parse_args(int argc, char **argv, const char **json,
		      const char **xfail, const char **where)
{
	static const struct option opts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "name", required_argument, NULL, 't' },
		{ "allow", required_argument, NULL, 'a' },
		{ "deny", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", required_argument, NULL, 'J' },
		{ "object", required_argument, NULL, 'O' },
		{ "xfail", required_argument, NULL, 'X' },
		{ "where", required_argument, NULL, 'W' },
		{ "allow-crash", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c, err = 0;

	while (!err && (c = getopt_long(argc, argv, "lt:a:d:vh", opts,
					NULL)) != -1) {
		switch (c) {
		case 'l':
			ctx.list_only = true;
			break;
		case 't':
		case 'a':
			err = add_patterns(&ctx.allow, optarg, c);
			break;
		case 'd':
			err = add_patterns(&ctx.deny, optarg, c);
			break;
		case 'v':
			ctx.verbose++;
			break;
		case 'J':
			*json = optarg;
			break;
		case 'O':
			err = add_object_topic(optarg);
			break;
		case 'X':
			*xfail = optarg;
			break;
		case 'W':
			*where = optarg;
			break;
		case 'C':	/* read by the runtime probes */
			setenv("BPF_REFS_ALLOW_CRASH", "1", 1);
			break;
		case 'h':
			fputs(usage, stdout);
			exit(KSFT_PASS);
		default:
			fputs(usage, stderr);
			return -EINVAL;
		}
	}
	if (!err && optind < argc) {
		fprintf(stderr, "bpf_refs: unexpected argument '%s'\n",
			argv[optind]);
		return -EINVAL;
	}
	return err;
}

static void print_topic_result(int num, const char *name)
{
	int *c = ctx.sub_cnt;
	int ran = c[TEST_PASS] + c[TEST_FAIL] + c[TEST_XFAIL] + c[TEST_XPASS];
	struct test_result res = { .status = TEST_FAIL };

	if (ctx.topic_reason[0]) {
		printf("not ok %d %s # %s\n", num, name, ctx.topic_reason);
		snprintf(res.name, sizeof(res.name), "%s", name);
		snprintf(res.reason, sizeof(res.reason), "%s",
			 ctx.topic_reason);
		keep_result(&res);
	} else if (c[TEST_FAIL] || c[TEST_XPASS]) {
		printf("not ok %d %s\n", num, name);
	} else if (!ran) {
		printf("ok %d %s # SKIP %s\n", num, name,
		       c[TEST_SKIP] ? "all subtests skipped" :
		       "no subtest selected");
	} else {
		printf("ok %d %s\n", num, name);
	}
	fflush(stdout);
}

static void list_topic(struct topic *t)
{
	printf("%s\n", t->name);
	if (t->object)
		run_object_tests(t->object);
	else
		t->run();
}

/* What main() needs at every exit: where the JSON goes, what was said. */
static struct {
	const char *json, *where;
	__u64 start;
	time_t started;
	bool header;		/* "TAP version 13" is out */
	bool stdout_closed;	/* started with fd 1 closed */
	bool json_failed;	/* said once on stderr */
} run;

/* The JSON file as the run stands, with run.status (docs/results.md). */
static int write_json(void)
{
	if (!run.json || run.json_failed)
		return run.json_failed ? -1 : 0;
	if (!results_json_write(run.json, &ctx, run.where, run.started,
				now_us() - run.start))
		return 0;
	fprintf(stderr, "bpf_refs: cannot write %s: %s\n", run.json,
		strerror(errno));
	run.json_failed = true;
	return -1;
}

/*
 * Every exit after the options were read: the JSON file is written (also
 * when the run bailed out or was interrupted), and output that could not
 * be written (stdout closed, a full disk) fails the run.
 */
static int finish(int code, const char *status)
{
	bool ok = true;

	ctx.run_status = status;
	if (write_json())
		ok = false;
	features_free(&ctx.feat);
	if (run.stdout_closed) {	/* bail_out() said so */
		ok = false;
	} else if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "bpf_refs: cannot write the results to standard output: %s\n",
			strerror(errno));
		ok = false;
	}
	if (!ok && (code == KSFT_PASS || code == KSFT_SKIP))
		code = KSFT_FAIL;
	return code;
}

static void ktap_header(void)
{
	if (!run.header)
		printf("TAP version 13\n");
	run.header = true;
}

/* Stop the run: KTAP's Bail out! (after the version line), and why. */
static int bail_out(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int bail_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx.run_status_reason, sizeof(ctx.run_status_reason), fmt,
		  ap);
	va_end(ap);
	ktap_text(ctx.run_status_reason);
	ktap_header();
	printf("Bail out! %s\n", ctx.run_status_reason);
	fprintf(stderr, "bpf_refs: %s\n", ctx.run_status_reason);
	return finish(KSFT_FAIL, RUN_BAILED);
}

/*
 * SIGINT/SIGTERM while tests run: the run stops after the subtest in
 * flight and says so (Bail out!, the JSON file).  A second signal, or the
 * subtest not ending within STOP_GRACE_S, ends it at once (the JSON file
 * then holds the topics before).
 */
#define STOP_GRACE_S	10

static void on_signal(int sig)
{
	if (ctx.interrupted) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	ctx.interrupted = sig;
	alarm(STOP_GRACE_S);
}

/* (Again) ours: a probe may have put its own handler in. */
static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa = { .sa_handler = on_signal }, old;
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		if (!sigaction(sigs[i], NULL, &old) &&
		    old.sa_handler != on_signal)
			sigaction(sigs[i], &sa, NULL);
}

/*
 * A closed stdin, stdout or stderr would be reused by the next open():
 * BPF objects or the JSON file would get the KTAP.  They get /dev/null,
 * and a closed stdout fails the run.
 */
static void guard_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (fd == STDOUT_FILENO)
			run.stdout_closed = true;
		if (open("/dev/null", fd ? O_WRONLY : O_RDONLY) != fd)
			exit(KSFT_FAIL);
	}
}

static int run_unprivileged(const char *why_not)
{
	struct test_result res = { .status = TEST_SKIP };
	int i, n = 0;

	for (i = 0; i < topic_cnt; i++) {
		if (!test_selected(topics[i].name, NULL))
			continue;
		printf("ok %d %s # SKIP %s\n", ++n, topics[i].name, why_not);
		snprintf(res.name, sizeof(res.name), "%s", topics[i].name);
		snprintf(res.reason, sizeof(res.reason), "%s", why_not);
		keep_result(&res);
	}
	fprintf(stderr, "bpf_refs: %s\n", why_not);
	snprintf(ctx.run_status_reason, sizeof(ctx.run_status_reason), "%s",
		 why_not);
	return finish(KSFT_SKIP, RUN_UNPRIVILEGED);
}

static int stop_interrupted(const char *topic)
{
	int sig = ctx.interrupted;

	snprintf(ctx.run_status_reason, sizeof(ctx.run_status_reason),
		 "interrupted by signal %d (%s) in %s", sig, strsignal(sig),
		 topic);
	ktap_text(ctx.run_status_reason);
	ktap_header();
	printf("Bail out! %s\n", ctx.run_status_reason);
	fprintf(stderr, "bpf_refs: %s\n", ctx.run_status_reason);
	return finish(128 + sig, RUN_INTERRUPTED);
}

int main(int argc, char **argv)
{
	const char *json = NULL, *xfail = NULL, *where = "host";
	char release[256] = "", xfail_path[PATH_MAX], xfail_note[2 * PATH_MAX];
	char why[PATH_MAX + 256] = "";
	const char *why_not;
	int i, n = 0, err;

	env = &ctx;
	run.start = now_us();
	run.started = time(NULL);
	guard_std_fds();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv, &json, &xfail, &where)) {
		if (json) {	/* no stale file may pass for this run */
			run.json = json;
			run.where = where;
			snprintf(ctx.run_status_reason,
				 sizeof(ctx.run_status_reason),
				 "bad command line");
			ctx.run_status = RUN_BAILED;
			write_json();
		}
		return KSFT_FAIL;
	}
	run.json = json;
	run.where = where;
	catch_signals();
	ctx.obj_dir = default_obj_dir();
	features_init(&ctx.feat);
	/* at once: an old file there must not pass for this run */
	ctx.run_status = RUN_RUNNING;
	if (write_json())
		return bail_out("cannot write --json %s", json);
	if (run.stdout_closed)
		return bail_out("standard output is closed");
	err = kernel_version(&ctx.kver, release, sizeof(release));
	if (err)
		return bail_out("kernel release '%s' does not start with major.minor: %s",
				release, strerror(-err));
	xfail_note[0] = '\0';
	if (load_lists(why, sizeof(why)) ||
	    (xfail && load_xfail(xfail, release, xfail_path,
				 sizeof(xfail_path), xfail_note,
				 sizeof(xfail_note), why, sizeof(why))))
		return bail_out("%s", why);
	if (check_patterns_match(why, sizeof(why)))
		return bail_out("%s", why);
	if (ctx.interrupted)
		return stop_interrupted("startup");
	for (i = 0; i < topic_cnt; i++)
		if (test_selected(topics[i].name, NULL))
			n++;
	if (ctx.list_only) {
		for (i = 0; i < topic_cnt; i++)
			if (test_selected(topics[i].name, NULL)) {
				ctx.topic = topics[i].name;
				ctx.topic_num = i + 1;
				list_topic(&topics[i]);
			}
		return finish(KSFT_PASS, RUN_LISTED);
	}

	ktap_header();
	printf("1..%d\n", n);
	if (xfail_note[0])
		print_diag(xfail_note);
	why_not = privilege_problem();
	if (why_not)
		return run_unprivileged(why_not);
	n = 0;
	for (i = 0; i < topic_cnt; i++) {
		if (!test_selected(topics[i].name, NULL))
			continue;
		catch_signals();
		ctx.topic = topics[i].name;
		ctx.topic_num = i + 1;
		ctx.sub_num = 0;
		ctx.topic_reason[0] = '\0';
		memset(ctx.sub_cnt, 0, sizeof(ctx.sub_cnt));
		topics[i].run();
		print_topic_result(++n, topics[i].name);
		if (ctx.interrupted)
			return stop_interrupted(topics[i].name);
		write_json();	/* what ran so far, should the run be killed */
	}
	ctx.topic = NULL;
	for (i = 0; i < ctx.xfail.cnt; i++)
		if (!ctx.xfail.entries[i].used)
			printf("# xfail entry '%s' matched no test that ran\n",
			       ctx.xfail.entries[i].pattern);
	printf("# Totals: pass:%d fail:%d xfail:%d xpass:%d skip:%d error:0\n",
	       ctx.cnt[TEST_PASS], ctx.cnt[TEST_FAIL], ctx.cnt[TEST_XFAIL],
	       ctx.cnt[TEST_XPASS], ctx.cnt[TEST_SKIP]);
	if (ctx.cnt[TEST_FAIL] || ctx.cnt[TEST_XPASS])
		return finish(KSFT_FAIL, RUN_COMPLETE);
	if (!ctx.cnt[TEST_PASS] && !ctx.cnt[TEST_XFAIL])
		return finish(KSFT_SKIP, RUN_COMPLETE);
	return finish(KSFT_PASS, RUN_COMPLETE);
}
