// SPDX-License-Identifier: GPL-2.0
/*
 * The engine: run each annotated program of a BPF object as a test.
 *
 * Every program is loaded on its own (with the __auxiliary ones), from a
 * fresh open of the object, with its own verifier log.  The verdict
 * compares what the verifier did with what the annotations ask for:
 * accepted or rejected, the expected messages in order, and r0 of a test
 * run.  A load that fails before the verifier saw the program (libbpf
 * error) never counts as an expected rejection.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "kmsg_watch.h"
#include "runner.h"

#define LOG_SIZE	(1024 * 1024)
#define MAX_PROGS	256
/* BPF_LOG_STATS of the kernel's verifier log levels. */
#define BPF_LOG_STATS_LEVEL	4
/* The kernel-internal ENOTSUPP that the bpf syscall lets out. */
#define ENOTSUPP_KERNEL	524

struct prog_case {
	char name[BPF_REFS_NAME_LEN];
	struct test_spec spec;
	int spec_err;
	char bad_tag[BPF_REFS_NAME_LEN];
	enum bpf_prog_type type;
	char sec[BPF_REFS_NAME_LEN];
};

struct object_cases {
	struct prog_case progs[MAX_PROGS];
	int cnt;
	bool has_kfunc_externs;
};

static char libbpf_msgs[4096];

static int capture_libbpf(enum libbpf_print_level level, const char *fmt,
			  va_list args)
{
	size_t len = strlen(libbpf_msgs);
	va_list copy;

	if (level == LIBBPF_DEBUG)
		return 0;
	if (env->verbose > 1) {
		va_copy(copy, args);
		vfprintf(stderr, fmt, copy);
		va_end(copy);
	}
	if (len < sizeof(libbpf_msgs) - 1)
		vsnprintf(libbpf_msgs + len, sizeof(libbpf_msgs) - len, fmt,
			  args);
	return 0;
}

static int cmp_tags(const void *a, const void *b)
{
	return strverscmp(*(const char *const *)a, *(const char *const *)b);
}

/* Collect the decl tags of function name and feed them to spec. */
static int parse_spec(const struct btf *btf, const char *name,
		      struct test_spec *spec, char *bad_tag, size_t len)
{
	const char *tags[64];
	int func_id, i, n = 0, err = 0;
	__u32 id, cnt = btf__type_cnt(btf);

	func_id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (func_id < 0)
		return 0;
	for (id = 1; id < cnt; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!btf_is_decl_tag(t) || t->type != (__u32)func_id ||
		    btf_decl_tag(t)->component_idx != -1)
			continue;
		if (n == (int)ARRAY_SIZE(tags))
			return -E2BIG;
		tags[n++] = btf__str_by_offset(btf, t->name_off);
	}
	qsort(tags, n, sizeof(tags[0]), cmp_tags);
	for (i = 0; i < n; i++) {
		err = test_spec_add_tag(spec, tags[i]);
		if (err) {
			snprintf(bad_tag, len, "%s", tags[i]);
			return err;
		}
	}
	return 0;
}

static bool object_has_kfunc_externs(const struct btf *btf)
{
	__u32 id, cnt = btf__type_cnt(btf);

	for (id = 1; id < cnt; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_datasec(t) &&
		    !strcmp(btf__str_by_offset(btf, t->name_off), ".ksyms"))
			return true;
	}
	return false;
}

static int collect_cases(const char *path, struct object_cases *oc)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	const struct btf *btf;
	int err;

	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		return -errno;
	btf = bpf_object__btf(obj);
	if (!btf) {
		bpf_object__close(obj);
		return -ENODATA;
	}
	oc->has_kfunc_externs = object_has_kfunc_externs(btf);
	bpf_object__for_each_program(prog, obj) {
		struct prog_case *pc;

		if (oc->cnt == MAX_PROGS) {
			err = -E2BIG;
			goto out;
		}
		pc = &oc->progs[oc->cnt++];
		snprintf(pc->name, sizeof(pc->name), "%s",
			 bpf_program__name(prog));
		pc->type = bpf_program__type(prog);
		snprintf(pc->sec, sizeof(pc->sec), "%s",
			 bpf_program__section_name(prog));
		pc->spec_err = parse_spec(btf, pc->name, &pc->spec, pc->bad_tag,
					  sizeof(pc->bad_tag));
	}
	err = 0;
out:
	bpf_object__close(obj);
	return err;
}

static bool is_test(const struct prog_case *pc)
{
	return !pc->spec.auxiliary && pc->spec.has_verdict;
}

/* The last line of the log that is not statistics: the verifier's reason. */
static void last_error_line(const char *log, char *out, size_t len)
{
	const char *p = log, *best = NULL, *nl;
	size_t n;

	while (p && *p) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && strncmp(p, "processed ", 10) &&
		    strncmp(p, "verification time ", 18) &&
		    strncmp(p, "stack depth ", 12))
			best = p;
		p = nl ? nl + 1 : NULL;
	}
	if (!best) {
		snprintf(out, len, "empty verifier log");
		return;
	}
	n = strcspn(best, "\n");
	snprintf(out, len, "%.*s", (int)n, best);
}

static void fail(struct test_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct test_result *res, const char *fmt, ...)
{
	va_list ap;

	res->status = TEST_FAIL;
	va_start(ap, fmt);
	vsnprintf(res->reason, sizeof(res->reason), fmt, ap);
	va_end(ap);
}

static bool uses_packet(enum bpf_prog_type type)
{
	return type == BPF_PROG_TYPE_SCHED_CLS ||
	       type == BPF_PROG_TYPE_SCHED_ACT ||
	       type == BPF_PROG_TYPE_XDP ||
	       type == BPF_PROG_TYPE_SOCKET_FILTER;
}

/* Run the loaded program once and compare r0 with __retval(). */
static void check_retval(struct bpf_program *prog, const struct prog_case *pc,
			 struct test_result *res)
{
	/* repeat stays 0: one run, and raw_tp refuses any other value. */
	struct bpf_test_run_opts topts = {
		.sz = sizeof(topts),
	};
	unsigned char pkt[64] = {};
	int err;

	if (uses_packet(pc->type)) {
		struct ethhdr *eth = (struct ethhdr *)pkt;

		eth->h_proto = htons(ETH_P_IP);
		topts.data_in = pkt;
		topts.data_size_in = sizeof(pkt);
	}
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &topts);
	if (err)
		fail(res, "BPF_PROG_TEST_RUN failed: %s", strerror(errno));
	else if ((int)topts.retval != pc->spec.retval)
		fail(res, "retval %d, expected %d", (int)topts.retval,
		     pc->spec.retval);
}

static void check_messages(const char *log, const struct prog_case *pc,
			   struct test_result *res)
{
	int idx = 0, err;

	err = log_match(log, pc->spec.msgs, pc->spec.msg_is_regex,
			pc->spec.msg_cnt, &idx);
	if (err == -EINVAL)
		fail(res, "malformed expected message '%s'",
		     pc->spec.msgs[idx]);
	else if (err)
		fail(res, "expected message not found in order: '%s'",
		     pc->spec.msgs[idx]);
}

/*
 * Errors with which a kernel refuses a whole kind of program before its
 * verifier runs: a lockdown policy, or no support for the attach kind.
 * They say nothing of the program under test.
 */
static bool kernel_refused(int err)
{
	return err == -EPERM || err == -EOPNOTSUPP || err == -ENOTSUPP_KERNEL;
}

/*
 * libbpf turns a call of a weak kfunc the kernel lacks into a kfunc call
 * with btf id 0, which the verifier skips.  Such a program tests nothing:
 * it was meant to be skipped by __needs_kfunc().
 */
static bool calls_unresolved_kfunc(const struct bpf_program *prog)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, cnt = bpf_program__insn_cnt(prog);

	for (i = 0; insn && i < cnt; i++)
		if (insn[i].code == (BPF_JMP | BPF_CALL) &&
		    insn[i].src_reg == BPF_PSEUDO_KFUNC_CALL && !insn[i].imm)
			return true;
	return false;
}

static void judge(int load_err, const char *log, bool verifier_ran,
		  struct bpf_program *prog, const struct prog_case *pc,
		  struct test_result *res)
{
	char line[BPF_REFS_REASON_LEN / 2];

	res->status = TEST_PASS;
	if (load_err && !verifier_ran && kernel_refused(load_err)) {
		res->status = TEST_SKIP;
		snprintf(res->reason, sizeof(res->reason),
			 "kernel refused %s programs before verification: %s",
			 libbpf_bpf_prog_type_str(pc->type),
			 strerror(-load_err));
		return;
	}
	if (load_err && !verifier_ran) {
		fail(res, "load failed before verification (%s): %s",
		     strerror(-load_err), libbpf_msgs);
		return;
	}
	if (calls_unresolved_kfunc(prog)) {
		fail(res, "calls a kfunc missing from this kernel without __needs_kfunc()");
		return;
	}
	if (pc->spec.expect_failure && !load_err) {
		fail(res, "verifier accepted a program it must reject");
	} else if (!pc->spec.expect_failure && load_err) {
		last_error_line(log, line, sizeof(line));
		fail(res, "verifier rejected a program it must accept: %s",
		     line);
	} else {
		check_messages(log, pc, res);
		if (res->status == TEST_PASS && !load_err &&
		    pc->spec.has_retval)
			check_retval(prog, pc, res);
	}
}

/*
 * Statistics always; -vv adds the instruction trace (level 1), -vvv the
 * register states (level 2).  The verdict does not depend on the level.
 */
static __u32 log_level(const struct test_spec *spec)
{
	__u32 level = spec->log_level | BPF_LOG_STATS_LEVEL;

	if (env->verbose >= 2)
		level |= 1;
	if (env->verbose >= 3)
		level |= 2;
	return level;
}

static void run_case(const char *path, const struct object_cases *oc,
		     const struct prog_case *pc, char *log)
{
	struct test_result res = { .status = TEST_SKIP };
	struct bpf_program *prog, *target = NULL;
	struct bpf_object *obj;
	struct bpf_map *map;
	__u64 start = now_us();
	const char *denied;
	int i, err;

	kmsg_watch_begin();
	snprintf(res.name, sizeof(res.name), "%s", pc->name);
	if (pc->spec.description)
		snprintf(res.description, sizeof(res.description), "%s",
			 pc->spec.description);
	if (pc->spec.fixed_by)
		snprintf(res.fixed_by, sizeof(res.fixed_by), "%s",
			 pc->spec.fixed_by);
	denied = test_denied(pc->name);
	if (denied) {
		snprintf(res.reason, sizeof(res.reason), "denylisted: %s",
			 denied);
		goto report;
	}
	if (pc->spec_err) {
		fail(&res, "bad annotation '%s': %s", pc->bad_tag,
		     strerror(-pc->spec_err));
		goto report;
	}
	err = features_missing(&env->feat, &pc->spec, pc->type, pc->sec,
			       res.reason, sizeof(res.reason));
	if (err < 0)
		res.status = TEST_FAIL;
	if (err)
		goto report;
	if (oc->has_kfunc_externs && !env->feat.vmlinux_btf) {
		snprintf(res.reason, sizeof(res.reason),
			 "object calls kfuncs and the kernel has no BTF to resolve them");
		goto report;
	}

	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		fail(&res, "cannot open %s: %s", path, strerror(errno));
		goto report;
	}
	i = 0;
	bpf_object__for_each_program(prog, obj) {
		bool want = !strcmp(bpf_program__name(prog), pc->name);

		if (want)
			target = prog;
		bpf_program__set_autoload(prog, want ||
					  oc->progs[i].spec.auxiliary);
		i++;
	}
	if (bpf_program__type(target) != BPF_PROG_TYPE_STRUCT_OPS) {
		bpf_object__for_each_map(map, obj)
			if (bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS)
				bpf_map__set_autocreate(map, false);
	}
	log[0] = '\0';
	bpf_program__set_log_buf(target, log, LOG_SIZE);
	bpf_program__set_log_level(target, log_level(&pc->spec));
	bpf_program__set_flags(target, bpf_program__flags(target) |
				       pc->spec.prog_flags);
	libbpf_msgs[0] = '\0';
	err = bpf_object__load(obj);
	res.has_stats = verifier_stats_parse(log, &res.stats);
	judge(err, log, log[0] != '\0', target, pc, &res);
	if (res.status == TEST_FAIL && pc->spec.fixed_by)
		snprintf(res.reason + strlen(res.reason),
			 sizeof(res.reason) - strlen(res.reason),
			 "; kernel lacks upstream fix %s", pc->spec.fixed_by);
	if ((res.status == TEST_FAIL && env->verbose) || env->verbose > 1)
		print_diag(log);
	bpf_object__close(obj);
report:
	res.duration_us = now_us() - start;
	report_subtest(&res);
}

void run_object_tests(const char *obj_file)
{
	struct object_cases *oc;
	char path[4096];
	char *log = NULL;
	int i, cnt = 0, err;

	if (obj_file[0] == '/' || !env->obj_dir)
		snprintf(path, sizeof(path), "%s", obj_file);
	else
		snprintf(path, sizeof(path), "%s/%s", env->obj_dir, obj_file);

	oc = calloc(1, sizeof(*oc));
	if (!oc) {
		topic_error("out of memory");
		return;
	}
	libbpf_set_print(capture_libbpf);
	libbpf_msgs[0] = '\0';
	err = collect_cases(path, oc);
	if (err) {
		topic_error("cannot open BPF object %s: %s%s%s", path,
			    err == -ENODATA ? "object has no BTF" :
			    strerror(-err),
			    libbpf_msgs[0] ? ": " : "", libbpf_msgs);
		goto out;
	}
	for (i = 0; i < oc->cnt; i++)
		if (is_test(&oc->progs[i]) &&
		    test_selected(env->topic, oc->progs[i].name))
			cnt++;
	if (env->list_only) {
		for (i = 0; i < oc->cnt; i++)
			if (is_test(&oc->progs[i]) &&
			    test_selected(env->topic, oc->progs[i].name))
				printf("%s/%s\n", env->topic,
				       oc->progs[i].name);
		goto out;
	}
	if (!cnt)
		goto out;
	log = malloc(LOG_SIZE);
	if (!log) {
		topic_error("out of memory for the verifier log");
		goto out;
	}
	subtests_plan(cnt);
	for (i = 0; i < oc->cnt; i++)
		if (is_test(&oc->progs[i]) &&
		    test_selected(env->topic, oc->progs[i].name))
			run_case(path, oc, &oc->progs[i], log);
out:
	for (i = 0; i < oc->cnt; i++)
		test_spec_free(&oc->progs[i].spec);
	free(oc);
	free(log);
}
