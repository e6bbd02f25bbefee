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
#include "engine.h"
#include "loader.h"
#include "log_match.h"
#include "prog_tags.h"
#include "verifier_stats.h"

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

/* Every program of an object, however many. */
struct object_cases {
	struct prog_case *progs;
	int cnt;
	bool has_kfunc_externs;
	/*
	 * No program names what it needs (__needs_*): an upstream object.
	 * A kfunc it calls that the kernel lacks skips its test instead of
	 * failing it.
	 */
	bool declares_no_needs;
	char missing_kfuncs[BPF_REFS_REASON_LEN / 4];	/* "a, b" or "" */
	char missing_struct_ops[BPF_REFS_NAME_LEN];	/* a type, or "" */
};

/*
 * Feed the decl tags of function name to spec in BTF order, which is
 * source order: __msg() and __regex() are matched in the order written,
 * as upstream's test_loader does.
 */
static int parse_spec(const struct btf *btf, const char *name,
		      struct test_spec *spec, char *bad_tag, size_t len)
{
	__u32 id, cnt = btf__type_cnt(btf);
	int func_id, err, first_err = 0;
	const char *tag;

	func_id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (func_id < 0)
		return 0;
	for (id = 1; id < cnt; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!btf_is_decl_tag(t) || t->type != (__u32)func_id ||
		    btf_decl_tag(t)->component_idx != -1)
			continue;
		tag = btf__str_by_offset(btf, t->name_off);
		err = test_spec_add_tag(spec, tag);
		/* the other tags still count: the verdict must not vanish */
		if (err && !first_err) {
			snprintf(bad_tag, len, "%s", tag);
			first_err = err;
		}
	}
	return first_err;
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

static void append_name(char *list, size_t len, const char *name)
{
	size_t n = strlen(list);

	snprintf(list + n, len - n, "%s%s", n ? ", " : "", name);
}

/*
 * The kfuncs the object declares that this kernel lacks: the extern
 * functions of its BTF as the file has it (a FUNC's vlen is its linkage,
 * which libbpf makes global at open).
 */
static void find_missing_kfuncs(const struct features *feat, const char *path,
				struct object_cases *oc)
{
	struct btf *btf = btf__parse_elf(path, NULL);
	__u32 id, cnt = btf ? btf__type_cnt(btf) : 0;
	const struct btf_type *t;
	const char *name;

	for (id = 1; id < cnt; id++) {
		t = btf__type_by_id(btf, id);
		if (!btf_is_func(t) || btf_vlen(t) != BTF_FUNC_EXTERN)
			continue;
		name = btf__str_by_offset(btf, t->name_off);
		if (!features_have_kfunc(feat, name))
			append_name(oc->missing_kfuncs,
				    sizeof(oc->missing_kfuncs), name);
	}
	btf__free(btf);
}

/*
 * The first struct_ops type of the object's struct_ops maps (variables
 * of its .struct_ops sections) that the kernel lacks.
 */
static void find_missing_struct_ops(const struct features *feat,
				    const struct btf *btf,
				    struct object_cases *oc)
{
	__u32 id, cnt = btf__type_cnt(btf);
	const struct btf_var_secinfo *vsi;
	const struct btf_type *t, *v;
	const char *name;
	int i;

	for (id = 1; id < cnt; id++) {
		t = btf__type_by_id(btf, id);
		if (!btf_is_datasec(t) ||
		    strncmp(btf__str_by_offset(btf, t->name_off), ".struct_ops",
			    strlen(".struct_ops")))
			continue;
		vsi = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++, vsi++) {
			v = btf__type_by_id(btf, vsi->type);
			if (!v || !btf_is_var(v))
				continue;
			v = btf__type_by_id(btf, v->type);
			while (v && (btf_is_mod(v) || btf_is_typedef(v)))
				v = btf__type_by_id(btf, v->type);
			if (!v || !btf_is_struct(v))
				continue;
			name = btf__str_by_offset(btf, v->name_off);
			if (features_have_struct_ops(feat, name))
				continue;
			snprintf(oc->missing_struct_ops,
				 sizeof(oc->missing_struct_ops), "%s", name);
			return;
		}
	}
}

static int collect_cases(struct run_ctx *ctx, const char *path,
			 struct object_cases *oc, char *msgs, size_t len)
{
	struct prog_case *pc, *progs;
	struct bpf_program *prog;
	struct bpf_object *obj;
	const struct btf *btf;
	int err;

	obj = loader_open(path, &err, msgs, len);
	if (!obj)
		return err;
	btf = bpf_object__btf(obj);
	if (!btf) {
		bpf_object__close(obj);
		return -ENODATA;
	}
	oc->has_kfunc_externs = object_has_kfunc_externs(btf);
	oc->declares_no_needs = true;
	bpf_object__for_each_program(prog, obj) {
		progs = realloc(oc->progs, (oc->cnt + 1) * sizeof(*progs));
		if (!progs) {
			err = -ENOMEM;
			break;
		}
		oc->progs = progs;
		pc = &oc->progs[oc->cnt++];
		memset(pc, 0, sizeof(*pc));
		snprintf(pc->name, sizeof(pc->name), "%s",
			 bpf_program__name(prog));
		pc->type = bpf_program__type(prog);
		snprintf(pc->sec, sizeof(pc->sec), "%s",
			 bpf_program__section_name(prog));
		pc->spec_err = parse_spec(btf, pc->name, &pc->spec, pc->bad_tag,
					  sizeof(pc->bad_tag));
		if (pc->spec.has_needs)
			oc->declares_no_needs = false;
	}
	if (!err && !ctx->list_only) {
		find_missing_kfuncs(&ctx->feat, path, oc);
		find_missing_struct_ops(&ctx->feat, btf, oc);
	}
	bpf_object__close(obj);
	return err;
}

/*
 * A program with test tags is a test, as upstream: __msg() without a
 * verdict asks for success.  A bad tag makes a test that fails, never a
 * program that silently is not one.
 */
static bool is_test(const struct prog_case *pc)
{
	return pc->spec_err ||
	       (!pc->spec.auxiliary &&
		(pc->spec.has_verdict || pc->spec.has_test_tags));
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
	else if (!pc->spec.retval_any && (int)topts.retval != pc->spec.retval)
		fail(res, "retval %d, expected %d", (int)topts.retval,
		     pc->spec.retval);
}

static void check_messages(const char *log, const struct prog_case *pc,
			   struct test_result *res)
{
	int idx = 0, err;

	err = log_match(log, pc->spec.msgs, pc->spec.msg_is_regex,
			pc->spec.msg_negative, pc->spec.msg_cnt, &idx);
	if (err == -EINVAL)
		fail(res, "malformed expected message '%s'",
		     pc->spec.msgs[idx]);
	else if (err == -EEXIST)
		fail(res, "unexpected message found: '%s'",
		     pc->spec.msgs[idx]);
	else if (err == -ENOMEM)
		fail(res, "out of memory matching the log");
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
 * it was meant to be skipped by __needs_kfunc() (our objects), or is
 * skipped naming the kfuncs the kernel lacks (upstream objects, which
 * declare no needs).  Either way its verdict never counts.
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

/*
 * A libbpf error about a kfunc or struct_ops type of the object that the
 * kernel lacks (libbpf 1.1 resolves them for the whole object, whichever
 * programs load): what is missing, or NULL.  Our own objects declare
 * their kfuncs weak and in __needs_kfunc(): a strong one that is missing
 * stays a failure there.
 */
static const char *missing_in_kernel(const struct loaded *ld,
				     const struct object_cases *oc)
{
	static char what[BPF_REFS_REASON_LEN / 2];

	if (oc->declares_no_needs && oc->missing_kfuncs[0] &&
	    (ld->err == -ESRCH ||
	     strstr(ld->libbpf_msgs, "not found in kernel or module BTFs"))) {
		snprintf(what, sizeof(what), "kfunc %s (an extern of this object)",
			 oc->missing_kfuncs);
		return what;
	}
	if (oc->missing_struct_ops[0] &&
	    strstr(ld->libbpf_msgs, oc->missing_struct_ops)) {
		snprintf(what, sizeof(what),
			 "struct_ops %s (a map of this object)",
			 oc->missing_struct_ops);
		return what;
	}
	return NULL;
}

static void judge(const struct loaded *ld, const char *log,
		  const struct object_cases *oc, const struct prog_case *pc,
		  const struct kfunc_probe *refusal, struct test_result *res)
{
	char line[BPF_REFS_REASON_LEN / 2];
	struct bpf_program *prog = ld->prog;
	bool verifier_ran = ld->verifier_ran;
	int load_err = ld->err;
	const char *missing;

	res->status = TEST_PASS;
	if (load_err && !verifier_ran && kernel_refused(load_err)) {
		res->status = TEST_SKIP;
		snprintf(res->reason, sizeof(res->reason),
			 "kernel refused %s programs before verification: %s",
			 libbpf_bpf_prog_type_str(pc->type),
			 err_str(load_err));
		return;
	}
	if (refusal) {
		res->status = TEST_SKIP;
		res->expect.source = EXPECT_PROBE;
		kfunc_refusal_text(refusal, res->reason, sizeof(res->reason));
		return;
	}
	missing = load_err && !verifier_ran ?
		  missing_in_kernel(ld, oc) : NULL;
	if (missing) {
		res->status = TEST_SKIP;
		snprintf(res->reason, sizeof(res->reason), "kernel lacks %s",
			 missing);
		return;
	}
	if (load_err && !verifier_ran) {
		fail(res, "load failed before verification (%s): %s",
		     err_str(load_err), ld->libbpf_msgs);
		return;
	}
	if (calls_unresolved_kfunc(prog) && oc->declares_no_needs) {
		res->status = TEST_SKIP;
		snprintf(res->reason, sizeof(res->reason),
			 "calls a kfunc this kernel lacks (%s)",
			 oc->missing_kfuncs[0] ? oc->missing_kfuncs :
			 "unresolved by libbpf");
		return;
	}
	if (calls_unresolved_kfunc(prog)) {
		fail(res, "calls a kfunc missing from this kernel without __needs_kfunc()");
		return;
	}
	if (pc->spec.expect_failure && !load_err) {
		fail(res, "verifier accepted a program it must reject");
	} else if (!pc->spec.expect_failure && load_err) {
		verifier_log_reason(log, line, sizeof(line));
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
static __u32 log_level(int verbose, const struct test_spec *spec)
{
	__u32 level = spec->log_level | LOADER_LOG_STATS;

	if (verbose >= 2)
		level |= 1;
	if (verbose >= 3)
		level |= 2;
	return level;
}

/* The __auxiliary programs load with the one under test. */
static bool with_auxiliary(const struct bpf_program *p, int i, void *arg)
{
	const struct object_cases *oc = arg;

	return oc->progs[i].spec.auxiliary;
}

static void run_case(struct run_ctx *ctx, const char *path,
		     struct object_cases *oc, const struct prog_case *pc,
		     struct loader_log *log)
{
	struct load_req req = {
		.path = path,
		.prog = pc->name,
		.with = with_auxiliary,
		.arg = oc,
		.log_level = log_level(ctx->verbose, &pc->spec),
		.prog_flags = pc->spec.prog_flags,
		.verbose = ctx->verbose > 1,
	};
	struct test_result res = {};
	struct loaded ld;
	int err;

	if (pc->spec.description)
		snprintf(res.description, sizeof(res.description), "%s",
			 pc->spec.description);
	if (pc->spec.fixed_by)
		snprintf(res.fixed_by, sizeof(res.fixed_by), "%s",
			 pc->spec.fixed_by);
	if (pc->spec.broken_by)
		snprintf(res.broken_by, sizeof(res.broken_by), "%s",
			 pc->spec.broken_by);
	if (!subtest_begin(ctx, &res, pc->name))
		return;
	res.status = TEST_SKIP;
	if (pc->spec_err) {
		fail(&res, "bad annotation '%s': %s", pc->bad_tag,
		     pc->spec.error ?: err_str(pc->spec_err));
		goto report;
	}
	err = features_missing(&ctx->feat, &pc->spec, pc->type, pc->sec,
			       res.reason, sizeof(res.reason));
	if (err < 0)
		res.status = TEST_FAIL;
	if (err)
		goto report;
	if (pc->type == BPF_PROG_TYPE_STRUCT_OPS && oc->missing_struct_ops[0]) {
		snprintf(res.reason, sizeof(res.reason),
			 "kernel lacks struct_ops %s (a map of this object)",
			 oc->missing_struct_ops);
		goto report;
	}
	if (oc->has_kfunc_externs && !ctx->feat.vmlinux_btf) {
		snprintf(res.reason, sizeof(res.reason),
			 "object calls kfuncs and the kernel has no BTF to resolve them");
		goto report;
	}

	if (loader_load(&req, log, &ld)) {
		fail(&res, "%s", ld.error);
		goto report;
	}
	res.has_stats = ld.has_stats;
	res.stats = ld.stats;
	if (ld.log_truncated)
		fail(&res, "verifier log at level %u exceeds %u MiB: cannot judge",
		     req.log_level, LOADER_LOG_MAX >> 20);
	else
		judge(&ld, log->buf, oc, pc,
		      kfunc_policy_refusal(&ctx->policy, ctx->feat.vmlinux_btf,
					   ld.prog, ld.err), &res);
	if ((res.status == TEST_FAIL && ctx->verbose) || ctx->verbose > 1)
		report_diag(&ctx->rep, log->buf);
	loader_close(&ld);
report:
	subtest_end(ctx, &res);
}

void engine_run_object(struct run_ctx *ctx, const char *obj_file)
{
	struct loader_log log = {};
	struct object_cases *oc;
	char path[4096], msgs[4096];
	int i, cnt = 0, err;

	if (obj_file[0] == '/' || !ctx->obj_dir)
		snprintf(path, sizeof(path), "%s", obj_file);
	else
		snprintf(path, sizeof(path), "%s/%s", ctx->obj_dir, obj_file);

	oc = calloc(1, sizeof(*oc));
	if (!oc) {
		topic_error(ctx, "out of memory");
		return;
	}
	err = collect_cases(ctx, path, oc, msgs, sizeof(msgs));
	if (err) {
		topic_error(ctx, "cannot open BPF object %s: %s%s%s", path,
			    err == -ENODATA ? "object has no BTF" :
			    err_str(err),
			    msgs[0] ? ": " : "", msgs);
		goto out;
	}
	for (i = 0; i < oc->cnt; i++) {
		if (!is_test(&oc->progs[i]) ||
		    !run_selected(ctx, ctx->topic, oc->progs[i].name))
			continue;
		cnt++;
		if (ctx->list_only)
			report_listed(&ctx->rep, ctx->topic,
				      oc->progs[i].name);
	}
	if (ctx->list_only || !cnt)
		goto out;
	report_subtests(&ctx->rep, cnt);
	for (i = 0; i < oc->cnt && !ctx->interrupted; i++)
		if (is_test(&oc->progs[i]))
			run_case(ctx, path, oc, &oc->progs[i], &log);
out:
	for (i = 0; i < oc->cnt; i++)
		test_spec_free(&oc->progs[i].spec);
	free(oc->progs);
	free(oc);
	free(log.buf);
}
