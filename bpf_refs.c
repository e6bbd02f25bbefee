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
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
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
"  -d, --deny GLOBS       do not run matching tests\n"
"  -v, --verbose          print verifier logs of failures; -vv: of all\n"
"                         tests, with the instruction trace; -vvv: with\n"
"                         register states\n"
"      --json FILE        write results as JSON (docs/results.md)\n"
"      --object FILE      run the annotated programs of FILE (repeatable)\n"
"      --xfail FILE       tests expected to fail on this kernel\n"
"      --where WHERE      where this runs, for the JSON (default host)\n"
"      --allow-crash      run runtime probes whose unsafe access may crash\n"
"                         the kernel (implied by BPF_REFS_IN_VM=1)\n"
"  -h, --help             this text\n"
"Objects are looked up beside the runner, or in $BPF_REFS_OBJ_DIR.\n"
"DENYLIST and DENYLIST.<arch> beside the objects are applied.\n";

static int add_patterns(struct test_list *list, const char *arg)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok && !err;
	     tok = strtok_r(NULL, ",", &save))
		err = test_list_add(list, tok, "");
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
	base = basename(copy);
	base[strcspn(base, ".")] = '\0';
	snprintf(t->name, sizeof(t->name), "%s", base);
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

static const char *default_obj_dir(void)
{
	static char dir[PATH_MAX];
	ssize_t n;

	if (getenv("BPF_REFS_OBJ_DIR"))
		return getenv("BPF_REFS_OBJ_DIR");
	n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	if (n <= 0)
		return ".";
	dir[n] = '\0';
	return dirname(dir);
}

static void load_denylists(void)
{
	char path[PATH_MAX];
	struct utsname u;

	snprintf(path, sizeof(path), "%s/DENYLIST", ctx.obj_dir);
	test_list_load(&ctx.denylist, path, false);
	uname(&u);
	snprintf(path, sizeof(path), "%s/DENYLIST.%s", ctx.obj_dir, u.machine);
	test_list_load(&ctx.denylist, path, false);
}

/* Every -t/-a pattern must name a topic; a typo must not pass silently. */
static int check_patterns_match(void)
{
	int i, j;

	for (i = 0; i < ctx.allow.cnt; i++) {
		for (j = 0; j < topic_cnt; j++)
			if (name_matches(ctx.allow.entries[i].pattern,
					 topics[j].name, NULL))
				break;
		if (j == topic_cnt) {
			printf("Bail out! no test matches '%s' (see bpf_refs -l)\n",
			       ctx.allow.entries[i].pattern);
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
			err = add_patterns(&ctx.allow, optarg);
			break;
		case 'd':
			err = add_patterns(&ctx.deny, optarg);
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

int main(int argc, char **argv)
{
	const char *json = NULL, *xfail = NULL, *where = "host";
	const char *why_not;
	__u64 start = now_us();
	time_t started = time(NULL);
	int i, n = 0, err;

	env = &ctx;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv, &json, &xfail, &where))
		return KSFT_FAIL;
	ctx.obj_dir = default_obj_dir();
	load_denylists();
	if (xfail) {
		ctx.xfail_file = xfail;
		err = test_list_load(&ctx.xfail, xfail, true);
		if (err) {
			fprintf(stderr, "bpf_refs: cannot use xfail list %s: %s\n",
				xfail, strerror(-err));
			return KSFT_FAIL;
		}
	}
	if (check_patterns_match())
		return KSFT_FAIL;
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
		return KSFT_PASS;
	}

	printf("TAP version 13\n1..%d\n", n);
	why_not = privilege_problem();
	if (why_not) {
		for (i = 0, n = 0; i < topic_cnt; i++)
			if (test_selected(topics[i].name, NULL))
				printf("ok %d %s # SKIP %s\n", ++n,
				       topics[i].name, why_not);
		fprintf(stderr, "bpf_refs: %s\n", why_not);
		return KSFT_SKIP;
	}
	features_init(&ctx.feat);
	n = 0;
	for (i = 0; i < topic_cnt; i++) {
		if (!test_selected(topics[i].name, NULL))
			continue;
		ctx.topic = topics[i].name;
		ctx.topic_num = i + 1;
		ctx.sub_num = 0;
		ctx.topic_reason[0] = '\0';
		memset(ctx.sub_cnt, 0, sizeof(ctx.sub_cnt));
		topics[i].run();
		print_topic_result(++n, topics[i].name);
	}
	ctx.topic = NULL;
	for (i = 0; i < ctx.xfail.cnt; i++)
		if (!ctx.xfail.entries[i].used)
			printf("# xfail entry '%s' matched no test that ran\n",
			       ctx.xfail.entries[i].pattern);
	printf("# Totals: pass:%d fail:%d xfail:%d xpass:%d skip:%d error:0\n",
	       ctx.cnt[TEST_PASS], ctx.cnt[TEST_FAIL], ctx.cnt[TEST_XFAIL],
	       ctx.cnt[TEST_XPASS], ctx.cnt[TEST_SKIP]);
	if (json && results_json_write(json, &ctx, where, started,
				       now_us() - start)) {
		fprintf(stderr, "bpf_refs: cannot write %s: %s\n", json,
			strerror(errno));
		return KSFT_FAIL;
	}
	features_free(&ctx.feat);
	if (ctx.cnt[TEST_FAIL] || ctx.cnt[TEST_XPASS])
		return KSFT_FAIL;
	if (!ctx.cnt[TEST_PASS] && !ctx.cnt[TEST_XFAIL])
		return KSFT_SKIP;
	return KSFT_PASS;
}
