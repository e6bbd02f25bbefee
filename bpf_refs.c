// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_refs: run the verifier object-relationship tests and report KTAP.
 *
 * Topics (the RUN_TESTS() and RUN_PROBES() of prog_tests/, or one per
 * --object) are the top-level KTAP tests; the programs or probes they run
 * are their subtests.  main() reads the options and lists, runs each
 * topic and hands every result to the reporter (reporter.c), which writes
 * KTAP and JSON and gives kselftest's exit status.
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
#include "engine.h"
#include "loader.h"
#include "topic.h"
#include "topics_decl.h"

static const struct topic *const builtin[] = {
#include "topics.h"
};

/* The topics of this run: the built-in ones, or those of --object. */
struct topic_list {
	struct topic *t;
	int cnt;
	bool objects;		/* from --object */
};

/* The one run; only main() and the signal handler name it. */
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
"      --needs-setup GLOB topics whose test runs need setup code of their\n"
"                         own (upstream's pre_execution_cb): __retval is\n"
"                         not checked, the test skips after its load\n"
"                         verdict (repeatable)\n"
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
"uname -r wherever the kernel's release is used.  $BPF_REFS_LOAD_ALONE=1\n"
"loads each program from an open of its own, not an object's in a batch.\n";

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

static int add_object_topic(struct topic_list *tl, const char *file)
{
	char *base, *copy = strdup(file), name[BPF_REFS_NAME_LEN];
	char cwd[PATH_MAX];
	struct topic *t;

	if (!copy)
		return -ENOMEM;
	if (!tl->objects) {
		tl->cnt = 0;
		tl->objects = true;
	}
	t = realloc(tl->t, (tl->cnt + 1) * sizeof(*t));
	if (!t) {
		free(copy);
		return -ENOMEM;
	}
	tl->t = t;
	t += tl->cnt++;
	memset(t, 0, sizeof(*t));
	/* the file name without .bpf.o, as a KTAP-safe name */
	base = basename(copy);
	if (strlen(base) > 6 && !strcmp(base + strlen(base) - 6, ".bpf.o"))
		base[strlen(base) - 6] = '\0';
	else if (strlen(base) > 2 && !strcmp(base + strlen(base) - 2, ".o"))
		base[strlen(base) - 2] = '\0';
	ktap_name(name, sizeof(name), base);
	free(copy);
	t->name = strdup(name);
	/* Relative to where the user is, not to where the objects are. */
	if (file[0] == '/')
		t->object = strdup(file);
	else if (asprintf(&copy, "%s/%s", getcwd(cwd, sizeof(cwd)) ?: ".",
			  file) > 0)
		t->object = copy;
	t->given = strdup(file);
	return t->name && t->object && t->given ? 0 : -ENOMEM;
}

static int builtin_topics(struct topic_list *tl)
{
	size_t i;

	tl->t = calloc(ARRAY_SIZE(builtin), sizeof(*tl->t));
	if (!tl->t)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(builtin); i++)
		tl->t[i] = *builtin[i];
	tl->cnt = ARRAY_SIZE(builtin);
	return 0;
}

static void free_topics(struct topic_list *tl)
{
	int i;

	for (i = 0; tl->objects && i < tl->cnt; i++) {
		free((char *)tl->t[i].name);
		free((char *)tl->t[i].object);
		free((char *)tl->t[i].given);
	}
	free(tl->t);
}

/* The object file of topic t for the JSON file: as given, or "". */
static const char *topic_object(const struct topic *t)
{
	return t->given ?: t->object ?: "";
}

/* Run (or with -l list) the subtests of topic t. */
static void run_topic(struct run_ctx *ctx, const struct topic *t)
{
	ctx->topic = t->name;
	ctx->topic_error[0] = '\0';
	ctx->rep.object = topic_object(t);
	if (t->object)
		engine_run_object(ctx, t->object);
	else
		t->run(ctx);
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

/* The libbpf linked in (libbpf.mk: the one of the kernel tree built against). */
static const char *runner_libbpf(void)
{
	static char line[64];

	snprintf(line, sizeof(line), "runner: libbpf %u.%u",
		 libbpf_major_version(), libbpf_minor_version());
	return line;
}

static int read_kernel_version(struct run_ctx *ctx, char *release,
			       size_t len, char *why, size_t why_len)
{
	int err = kernel_version(&ctx->kver, release, len);

	if (err)
		snprintf(why, why_len,
			 "kernel release '%s' does not start with major.minor: %s",
			 release, strerror(-err));
	return err;
}

/*
 * DENYLIST, DENYLIST.<arch> and FIXES beside the objects.  Every DENYLIST
 * entry needs its reason; a list that is there but unusable stops the run
 * (why: the file, and file:line on stderr).
 */
static int load_lists(struct run_ctx *ctx, char *why, size_t len)
{
	char path[PATH_MAX], safe[PATH_MAX];
	struct utsname u;
	int i, err;

	uname(&u);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/DENYLIST%s%s", ctx->obj_dir,
			 i ? "." : "", i ? u.machine : "");
		err = test_list_load(&ctx->denylist, path, true);
		if (err && err != -ENOENT) {
			ktap_path(safe, sizeof(safe), path);
			snprintf(why, len, "cannot use %s: %s", safe,
				 list_err_str(err));
			return err;
		}
	}
	snprintf(path, sizeof(path), "%s/FIXES", ctx->obj_dir);
	ktap_path(safe, sizeof(safe), path);
	err = fixes_load(&ctx->fixes, path);
	if (err == -ENOENT)
		fprintf(stderr,
			"bpf_refs: no %s: which fixes this kernel has is unknown\n",
			safe);
	else if (err)
		snprintf(why, len, "cannot use %s: %s", safe,
			 list_err_str(err));
	return err == -ENOENT ? 0 : err;
}

/*
 * --xfail FILE, or with "auto" the list of this kernel from xfail/ beside
 * the runner.  note says which list auto picked, or that there is none.
 */
static int load_xfail(struct run_ctx *ctx, const char *xfail,
		      const char *release, char *path,
		      size_t len, char *note, size_t note_len, char *why,
		      size_t why_len)
{
	char dir[PATH_MAX], safe[PATH_MAX], safe_dir[PATH_MAX];
	struct utsname u;
	int err;

	if (strcmp(xfail, "auto")) {
		snprintf(path, len, "%s", xfail);
	} else {
		ctx->derive = true;
		uname(&u);
		snprintf(dir, sizeof(dir), "%s/xfail",
			 strcmp(runner_dir(), "/") ? runner_dir() : "");
		if (xfail_list_for(dir, release, &ctx->kver, u.machine, path,
				   len)) {
			ktap_path(safe_dir, sizeof(safe_dir), dir);
			snprintf(note, note_len,
				 "--xfail auto: expectations from FIXES and __fixed_by; no list for %s (%d.%d, %s) in %s",
				 release, ctx->kver.major, ctx->kver.minor,
				 u.machine, safe_dir);
			return 0;
		}
		ktap_path(safe, sizeof(safe), path);
		snprintf(note, note_len,
			 "--xfail auto: expectations from FIXES and __fixed_by, and the list %s",
			 safe);
	}
	ctx->rep.xfail_file = path;
	err = test_list_load(&ctx->xfail, path, true);
	ktap_path(safe, sizeof(safe), path);
	if (err)
		snprintf(why, why_len, "cannot use xfail list %s: %s", safe,
			 list_err_str(err));
	return err;
}

/*
 * Offer every topic/subtest name to the -t/-a/-d patterns (test_selected()
 * marks those that match), without running or printing anything.
 */
static void enumerate_subtests(struct run_ctx *ctx, struct topic_list *tl)
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
	ctx->enumerating = true;
	ctx->list_only = true;
	for (i = 0; i < tl->cnt; i++)
		run_topic(ctx, &tl->t[i]);
	ctx->topic = NULL;
	ctx->topic_error[0] = '\0';
	ctx->enumerating = false;
	ctx->list_only = false;
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
static int check_patterns_match(struct run_ctx *ctx, struct topic_list *tl,
				char *why, size_t len)
{
	struct test_list *lists[] = { &ctx->allow, &ctx->deny };
	struct test_list_entry *e;
	bool subtests = false;
	int i, j, k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < lists[k]->cnt; i++) {
			e = &lists[k]->entries[i];
			e->used = false;
			if (strchr(e->pattern, '/'))
				subtests = true;
			for (j = 0; j < tl->cnt && !e->used; j++)
				if (!strchr(e->pattern, '/') &&
				    name_matches(e->pattern, tl->t[j].name,
						 NULL))
					e->used = true;
		}
	}
	if (subtests)
		enumerate_subtests(ctx, tl);
	if (ctx->interrupted)	/* names were not all offered */
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

static const struct option opts[] = {
	{ "list", no_argument, NULL, 'l' },
	{ "name", required_argument, NULL, 't' },
	{ "allow", required_argument, NULL, 'a' },
	{ "deny", required_argument, NULL, 'd' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "json", required_argument, NULL, 'J' },
	{ "object", required_argument, NULL, 'O' },
	{ "needs-setup", required_argument, NULL, 'S' },
	{ "xfail", required_argument, NULL, 'X' },
	{ "where", required_argument, NULL, 'W' },
	{ "allow-crash", no_argument, NULL, 'C' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const char short_opts[] = "lt:a:d:vh";

/*
 * --json FILE, found before any other option is read: a bad option before
 * it must not leave an old FILE there to pass for this run's results.
 * getopt_long() reads argv as parse_args() will, saying nothing.
 */
static const char *find_json(int argc, char **argv)
{
	const char *json = NULL;
	int c, saved = opterr;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, short_opts, opts, NULL)) != -1)
		if (c == 'J')
			json = optarg;
	opterr = saved;
	optind = 0;
	return json;
}

/* What getopt_long() just refused, for the JSON file. */
static void bad_option(char **argv, char *why, size_t len)
{
	const struct option *o;

	for (o = opts; optopt && o->name; o++)
		if (o->val == optopt && !strchr(short_opts, optopt)) {
			snprintf(why, len, "--%s needs an argument", o->name);
			return;
		}
	if (optopt && strchr(short_opts, optopt))
		snprintf(why, len, "-%c needs an argument", optopt);
	else if (optopt)
		snprintf(why, len, "unknown option -%c", optopt);
	else
		snprintf(why, len, "unknown option '%s'", argv[optind - 1]);
}

static int parse_args(struct run_ctx *ctx, struct topic_list *tl, int argc,
		      char **argv, const char **xfail, char *why, size_t len)
{
	int c, err = 0;

	optind = 0;
	while (!err && (c = getopt_long(argc, argv, short_opts, opts,
					NULL)) != -1) {
		switch (c) {
		case 'l':
			ctx->list_only = true;
			break;
		case 't':
		case 'a':
			err = add_patterns(&ctx->allow, optarg, c);
			if (err == -EINVAL)
				snprintf(why, len, "-%c '%s': empty pattern",
					 c, optarg);
			break;
		case 'd':
			err = add_patterns(&ctx->deny, optarg, c);
			if (err == -EINVAL)
				snprintf(why, len, "-d '%s': empty pattern",
					 optarg);
			break;
		case 'v':
			ctx->verbose++;
			break;
		case 'J':
			ctx->rep.json = optarg;
			break;
		case 'O':
			err = add_object_topic(tl, optarg);
			break;
		case 'S':
			err = test_list_add(&ctx->needs_setup, optarg, "");
			break;
		case 'X':
			*xfail = optarg;
			break;
		case 'W':
			ctx->rep.where = optarg;
			break;
		case 'C':	/* read by the runtime probes */
			setenv("BPF_REFS_ALLOW_CRASH", "1", 1);
			break;
		case 'h':
			fputs(usage, stdout);
			exit(KSFT_PASS);
		default:
			fputs(usage, stderr);
			bad_option(argv, why, len);
			return -EINVAL;
		}
	}
	if (err == -ENOMEM)
		snprintf(why, len, "out of memory");
	if (!err && optind < argc) {
		fprintf(stderr, "bpf_refs: unexpected argument '%s'\n",
			argv[optind]);
		snprintf(why, len, "unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	return err;
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
static void guard_std_fds(struct reporter *r)
{
	int fd;

	for (fd = 0; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (fd == STDOUT_FILENO)
			r->out_closed = true;
		if (open("/dev/null", fd ? O_WRONLY : O_RDONLY) != fd)
			exit(KSFT_FAIL);
	}
}

static int run_unprivileged(struct run_ctx *ctx, struct topic_list *tl,
			    const char *why_not)
{
	int i;

	for (i = 0; i < tl->cnt; i++) {
		if (!run_selected(ctx, tl->t[i].name, NULL))
			continue;
		ctx->rep.object = topic_object(&tl->t[i]);
		report_topic_skip(&ctx->rep, tl->t[i].name, why_not);
	}
	ctx->rep.object = "";
	fprintf(stderr, "bpf_refs: %s\n", why_not);
	return report_end(&ctx->rep, RUN_UNPRIVILEGED, why_not);
}

static int stop_interrupted(struct run_ctx *ctx, const char *topic)
{
	int sig = ctx->interrupted;

	return report_stop(&ctx->rep, RUN_INTERRUPTED, 128 + sig,
			   "interrupted by signal %d (%s) in %s", sig,
			   strsignal(sig), topic);
}

/*
 * The kfuncs this kernel refuses by a policy of its own, from the probes
 * of kfunc_policy.bpf.o beside the objects; each refusal is said once.
 * Without the probes a refused kfunc fails the tests that call it.
 */
static void probe_policy(struct run_ctx *ctx)
{
	char path[PATH_MAX], why[PATH_MAX + 256];
	int i;

	snprintf(path, sizeof(path), "%s/kfunc_policy.bpf.o", ctx->obj_dir);
	if (kfunc_policy_probe(&ctx->policy, path, why, sizeof(why))) {
		snprintf(path, sizeof(path),
			 "kfunc policy not probed (%.*s): a kfunc this kernel refuses fails the tests that call it",
			 (int)(sizeof(path) - 128), why);
		report_diag(&ctx->rep, path);
	}
	ctx->rep.policy = &ctx->policy;
	for (i = 0; i < ctx->policy.cnt; i++) {
		if (!ctx->policy.probes[i].refused)
			continue;
		kfunc_refusal_text(&ctx->policy.probes[i], why, sizeof(why));
		report_diag(&ctx->rep, why);
	}
}

/* The run of the selected topics, after the lists were read. */
static int run(struct run_ctx *ctx, struct topic_list *tl,
	       const char *xfail_note)
{
	const char *why_not, *last = "startup";
	int i, n = 0;

	for (i = 0; i < tl->cnt; i++)
		if (run_selected(ctx, tl->t[i].name, NULL))
			n++;
	if (ctx->list_only) {
		for (i = 0; i < tl->cnt; i++) {
			if (!run_selected(ctx, tl->t[i].name, NULL))
				continue;
			report_listed(&ctx->rep, tl->t[i].name, NULL);
			run_topic(ctx, &tl->t[i]);
		}
		return report_end(&ctx->rep, RUN_LISTED, NULL);
	}

	report_plan(&ctx->rep, n);
	report_diag(&ctx->rep, runner_libbpf());
	if (xfail_note[0])
		report_diag(&ctx->rep, xfail_note);
	why_not = privilege_problem();
	if (why_not)
		return run_unprivileged(ctx, tl, why_not);
	probe_policy(ctx);
	for (i = 0; i < tl->cnt; i++) {
		if (!run_selected(ctx, tl->t[i].name, NULL))
			continue;
		catch_signals();
		report_topic_start(&ctx->rep, tl->t[i].name);
		run_topic(ctx, &tl->t[i]);
		report_topic_end(&ctx->rep, ctx->topic_error);
		ctx->rep.object = "";
		last = tl->t[i].name;
		if (ctx->interrupted)
			break;
		/* should the run be killed: what it did so far */
		report_json_checkpoint(&ctx->rep, false);
	}
	/* also a signal between topics, which deselects the rest */
	if (ctx->interrupted)
		return stop_interrupted(ctx, last);
	ctx->topic = NULL;
	for (i = 0; i < ctx->xfail.cnt; i++) {
		char note[LIST_LINE_MAX + 64], safe[LIST_LINE_MAX + 1];

		if (ctx->xfail.entries[i].used)
			continue;
		ktap_path(safe, sizeof(safe), ctx->xfail.entries[i].pattern);
		snprintf(note, sizeof(note),
			 "xfail entry '%s' matched no test that ran", safe);
		report_diag(&ctx->rep, note);
	}
	return report_end(&ctx->rep, RUN_COMPLETE, NULL);
}

int main(int argc, char **argv)
{
	char release[256] = "", xfail_path[PATH_MAX], xfail_note[2 * PATH_MAX];
	char why[PATH_MAX + 256] = "", json_safe[PATH_MAX];
	struct topic_list tl = {};
	const char *xfail = NULL;
	int code;

	run_ctx_init(&ctx);
	guard_std_fds(&ctx.rep);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (builtin_topics(&tl))
		return report_stop(&ctx.rep, RUN_BAILED, KSFT_FAIL,
				   "out of memory");
	/* first: whatever is wrong with the rest, no stale file passes */
	ctx.rep.json = find_json(argc, argv);
	if (parse_args(&ctx, &tl, argc, argv, &xfail, why, sizeof(why))) {
		snprintf(ctx.rep.status_reason,
			 sizeof(ctx.rep.status_reason), "bad command line: %s",
			 why);
		ktap_text(ctx.rep.status_reason);
		ctx.rep.status = RUN_BAILED;
		report_json(&ctx.rep);
		return KSFT_FAIL;
	}
	loader_libbpf_print(ctx.verbose > 1);
	catch_signals();
	ctx.obj_dir = default_obj_dir();
	features_init(&ctx.feat);
	ctx.rep.btf = ctx.feat.vmlinux_btf;
	xfail_note[0] = '\0';
	ktap_path(json_safe, sizeof(json_safe), ctx.rep.json);
	/* at once: an old file there must not pass for this run */
	if (report_json_checkpoint(&ctx.rep, true))
		code = report_stop(&ctx.rep, RUN_BAILED, KSFT_FAIL,
				   "cannot write --json %s", json_safe);
	else if (ctx.rep.out_closed)
		code = report_stop(&ctx.rep, RUN_BAILED, KSFT_FAIL,
				   "standard output is closed");
	else if (read_kernel_version(&ctx, release, sizeof(release), why,
				     sizeof(why)) ||
		 load_lists(&ctx, why, sizeof(why)) ||
		 (xfail && load_xfail(&ctx, xfail, release, xfail_path,
				      sizeof(xfail_path), xfail_note,
				      sizeof(xfail_note), why, sizeof(why))) ||
		 check_patterns_match(&ctx, &tl, why, sizeof(why)))
		code = report_stop(&ctx.rep, RUN_BAILED, KSFT_FAIL, "%s", why);
	else if (ctx.interrupted)
		code = stop_interrupted(&ctx, "startup");
	else
		code = run(&ctx, &tl, xfail_note);
	free_topics(&tl);
	run_ctx_free(&ctx);
	return code;
}
