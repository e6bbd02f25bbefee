// SPDX-License-Identifier: GPL-2.0
/*
 * The engine: run each program of a BPF object as a test, as upstream's
 * test_loader does (every program but an __auxiliary one).
 *
 * Every program is loaded on its own (with the __auxiliary ones), with its
 * own verifier log.  The verdict compares what the verifier did with what
 * the annotations ask for: accepted or rejected, the expected messages in
 * order, and r0 of a test run.  A load that fails before the verifier saw
 * the program (libbpf error), or after it accepted it (a companion
 * rejected), never counts as an expected rejection.  A tag the engine
 * cannot check skips the test, naming it.
 *
 * The tests of an object load in a batch, from one open of it
 * (loader_load_batch()), so that an object of n programs takes time n, not
 * n^2; a test that runs its program (__retval), a struct_ops or freplace
 * program, and a test whose batch load says less than a load of its own
 * would (libbpf failed the object, the kernel refused before verifying,
 * a log libbpf would have rewritten) load from a fresh open of their own.
 * Kernel log records written while the batch loaded belong to the test
 * whose program the kernel was loading.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "engine.h"
#include "kernel_features.h"
#include "loader.h"
#include "log_match.h"
#include "prog_tags.h"
#include "verifier_stats.h"

/* The kernel-internal ENOTSUPP that the bpf syscall lets out. */
#define ENOTSUPP_KERNEL	524

struct prog_case {
	char name[BPF_REFS_NAME_LEN];	/* the test's */
	char prog[BPF_REFS_NAME_LEN];	/* the program's */
	bool unpriv;			/* the run without privileges */
	struct test_spec spec;
	int spec_err;
	char bad_tag[BPF_REFS_NAME_LEN];
	enum bpf_prog_type type;
	char sec[BPF_REFS_NAME_LEN];
};

/* Every program of an object, however many. */
struct object_cases {
	struct prog_case *progs;	/* program i of the object, then */
	int cnt, cap;			/* the runs without privileges */
	bool has_kfunc_externs;
	/*
	 * No program names what it needs (__needs_*): an upstream object.
	 * A kfunc it calls that the kernel lacks skips its test instead of
	 * failing it.
	 */
	bool declares_no_needs;
	char missing_kfuncs[BPF_REFS_REASON_LEN / 4];	/* "a, b" or "" */
	char missing_struct_ops[BPF_REFS_NAME_LEN];	/* a type, or "" */
	/*
	 * Its test runs need setup code the runner lacks (--needs-setup): a
	 * __retval is not checked, the test skips after its load verdict.
	 */
	bool needs_setup;
};

/*
 * The decl tags of the object's functions, found in one pass over its BTF
 * (a pass per program made an object of n programs take time n^2): the
 * FUNC types by name, and for each type id the tags on it, in BTF order.
 */
struct func_ref {
	const char *name;
	__u32 id;
};

struct tag_index {
	struct func_ref *funcs;		/* sorted by name, then id */
	__u32 func_cnt;
	__u32 *first;			/* tags of type id: first[id].. */
	__u32 *tags;			/* ..first[id + 1] in tags[] */
};

static int cmp_func_ref(const void *a, const void *b)
{
	const struct func_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static bool is_func_tag(const struct btf *btf, const struct btf_type *t)
{
	const struct btf_type *target;

	if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
		return false;
	target = btf__type_by_id(btf, t->type);
	return target && btf_is_func(target);
}

static void tag_index_free(struct tag_index *ix)
{
	free(ix->funcs);
	free(ix->first);
	free(ix->tags);
	memset(ix, 0, sizeof(*ix));
}

static int tag_index_build(const struct btf *btf, struct tag_index *ix)
{
	__u32 id, cnt = btf__type_cnt(btf), n = 0, *fill;
	const struct btf_type *t;

	memset(ix, 0, sizeof(*ix));
	ix->first = calloc(cnt + 1, sizeof(*ix->first));
	ix->funcs = calloc(cnt, sizeof(*ix->funcs));
	fill = calloc(cnt + 1, sizeof(*fill));
	if (!ix->first || !ix->funcs || !fill)
		goto nomem;
	for (id = 1; id < cnt; id++) {
		t = btf__type_by_id(btf, id);
		if (btf_is_func(t)) {
			ix->funcs[ix->func_cnt].name =
				btf__str_by_offset(btf, t->name_off);
			ix->funcs[ix->func_cnt++].id = id;
		} else if (is_func_tag(btf, t)) {
			ix->first[t->type + 1]++;
			n++;
		}
	}
	qsort(ix->funcs, ix->func_cnt, sizeof(*ix->funcs), cmp_func_ref);
	for (id = 1; id <= cnt; id++)
		ix->first[id] += ix->first[id - 1];
	ix->tags = calloc(n + 1, sizeof(*ix->tags));
	if (!ix->tags)
		goto nomem;
	memcpy(fill, ix->first, (cnt + 1) * sizeof(*fill));
	for (id = 1; id < cnt; id++) {
		t = btf__type_by_id(btf, id);
		if (is_func_tag(btf, t))
			ix->tags[fill[t->type]++] = id;
	}
	free(fill);
	return 0;
nomem:
	free(fill);
	tag_index_free(ix);
	return -ENOMEM;
}

/* The first FUNC type named name, as btf__find_by_name_kind(), or 0. */
static __u32 tag_index_func(const struct tag_index *ix, const char *name)
{
	struct func_ref key = { .name = name, .id = 0 };
	const struct func_ref *f;
	__u32 lo = 0, hi = ix->func_cnt;

	/* the first entry not below (name, 0) */
	while (lo < hi) {
		__u32 mid = lo + (hi - lo) / 2;

		if (cmp_func_ref(&ix->funcs[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	f = lo < ix->func_cnt ? &ix->funcs[lo] : NULL;
	return f && !strcmp(f->name, name) ? f->id : 0;
}

/*
 * Feed the decl tags of function name to spec in BTF order, which is
 * source order: __msg() and __regex() are matched in the order written,
 * as upstream's test_loader does.
 */
static int parse_spec(const struct btf *btf, const struct tag_index *ix,
		      const char *name, struct test_spec *spec, char *bad_tag,
		      size_t len)
{
	__u32 func_id = tag_index_func(ix, name), i;
	int err, first_err = 0;
	const char *tag;

	if (!func_id) {
		spec->error = strdup("no BTF FUNC of the program's name: its tags cannot be read");
		return -ENOENT;
	}
	for (i = ix->first[func_id]; i < ix->first[func_id + 1]; i++) {
		const struct btf_type *t = btf__type_by_id(btf, ix->tags[i]);

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

/* name, as the runner prints names from an object (ktap_path()). */
static void append_name(char *list, size_t len, const char *name)
{
	char safe[BPF_REFS_NAME_LEN];
	size_t n = strlen(list);

	ktap_path(safe, sizeof(safe), name);
	snprintf(list + n, len - n, "%s%s", n ? ", " : "", safe);
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
			/* libbpf's messages name it so too (loader.c) */
			ktap_path(oc->missing_struct_ops,
				  sizeof(oc->missing_struct_ops), name);
			return;
		}
	}
}

/* Room for one more case; false: out of memory. */
static bool grow_cases(struct object_cases *oc)
{
	struct prog_case *progs;

	if (oc->cnt < oc->cap)
		return true;
	oc->cap = oc->cap ? 2 * oc->cap : 64;
	progs = realloc(oc->progs, oc->cap * sizeof(*progs));
	if (!progs)
		return false;
	oc->progs = progs;
	return true;
}

/*
 * The run without privileges that the *_unpriv tags of pc ask for: a test
 * of its own, "<prog>.unpriv" (no C name holds a '.').
 */
static int add_unpriv_case(struct object_cases *oc, int i)
{
	const struct prog_case *pc;
	struct prog_case *u;

	if (!grow_cases(oc))
		return -ENOMEM;
	u = &oc->progs[oc->cnt++];
	memset(u, 0, sizeof(*u));
	pc = &oc->progs[i];
	snprintf(u->prog, sizeof(u->prog), "%s", pc->prog);
	snprintf(u->name, sizeof(u->name), "%.*s.unpriv",
		 (int)sizeof(u->name) - 8, pc->prog);
	u->type = pc->type;
	snprintf(u->sec, sizeof(u->sec), "%s", pc->sec);
	u->unpriv = true;
	u->spec.unpriv = true;
	return 0;
}

static int collect_cases(struct run_ctx *ctx, const char *path,
			 struct object_cases *oc, char *msgs, size_t len)
{
	struct prog_case *pc;
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct tag_index ix;
	const struct btf *btf;
	const char *name;
	int i, n, err, fd;

	/* a FIFO, a device or /proc/kmsg is refused, without waiting */
	msgs[0] = '\0';
	fd = open_regular(path);
	if (fd < 0) {
		if (fd == -EINVAL)
			snprintf(msgs, len, "%s", list_err_str(fd));
		return fd;
	}
	close(fd);
	obj = loader_open(path, &err, msgs, len);
	if (!obj)
		return err;
	btf = bpf_object__btf(obj);
	if (!btf) {
		bpf_object__close(obj);
		return -ENODATA;
	}
	err = tag_index_build(btf, &ix);
	if (err) {
		bpf_object__close(obj);
		return err;
	}
	oc->has_kfunc_externs = object_has_kfunc_externs(btf);
	oc->declares_no_needs = true;
	oc->needs_setup = test_list_match(&ctx->needs_setup, ctx->topic, NULL);
	bpf_object__for_each_program(prog, obj) {
		if (!grow_cases(oc)) {
			err = -ENOMEM;
			break;
		}
		pc = &oc->progs[oc->cnt++];
		memset(pc, 0, sizeof(*pc));
		name = bpf_program__name(prog);
		snprintf(pc->prog, sizeof(pc->prog), "%s", name);
		snprintf(pc->name, sizeof(pc->name), "%s", name);
		pc->type = bpf_program__type(prog);
		snprintf(pc->sec, sizeof(pc->sec), "%s",
			 bpf_program__section_name(prog));
		if (strlen(name) >= sizeof(pc->prog)) {
			/* cut, it could take another program's place */
			pc->spec.error = strdup("program name longer than the runner's names");
			pc->spec_err = -ENAMETOOLONG;
			continue;
		}
		pc->spec_err = parse_spec(btf, &ix, name, &pc->spec,
					  pc->bad_tag, sizeof(pc->bad_tag));
		if (pc->spec.has_needs)
			oc->declares_no_needs = false;
	}
	/* case i is program i of the object; these come after them all */
	n = oc->cnt;
	for (i = 0; !err && i < n; i++)
		if (oc->progs[i].spec.unpriv && !oc->progs[i].spec.auxiliary &&
		    !oc->progs[i].spec_err)
			err = add_unpriv_case(oc, i);
	tag_index_free(&ix);
	if (!err && !ctx->list_only) {
		find_missing_kfuncs(&ctx->feat, path, oc);
		find_missing_struct_ops(&ctx->feat, btf, oc);
	}
	bpf_object__close(obj);
	return err;
}

/*
 * As upstream's test_loader, every program but an __auxiliary one is a
 * test, one without tags a __success test, unless its only tags are of
 * the run without privileges (a case of its own).  A bad tag makes a
 * test that fails, never a program that silently is not one.
 */
static bool is_test(const struct prog_case *pc)
{
	return pc->spec_err ||
	       (!pc->spec.auxiliary &&
		(pc->unpriv || pc->spec.priv || !pc->spec.unpriv));
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

/*
 * Run the loaded program once and compare r0 with __retval(), on the
 * input upstream's test_loader gives it, so that a test means the same
 * in both runners: 64 zero bytes of data in, room for 256 out and one
 * repeat; a syscall program's run gets none of them.  Types whose run
 * takes no data (raw_tp, sk_lookup) refuse it there as here.  A test
 * that reads packet bytes writes them first.
 */
static void check_retval(struct bpf_program *prog, const struct prog_case *pc,
			 struct test_result *res)
{
	unsigned char in[SPEC_TEST_DATA_LEN] = {}, out[4 * SPEC_TEST_DATA_LEN];
	struct bpf_test_run_opts topts = {
		.sz = sizeof(topts),
	};
	bool syscall = pc->type == BPF_PROG_TYPE_SYSCALL;
	int err;

	if (!syscall) {
		topts.data_in = in;
		topts.data_size_in = sizeof(in);
		topts.data_out = out;
		topts.data_size_out = sizeof(out);
		topts.repeat = 1;
	}
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &topts);
	if (err && syscall)
		fail(res, "BPF_PROG_TEST_RUN without data failed: %s",
		     strerror(errno));
	else if (err)
		fail(res, "BPF_PROG_TEST_RUN with %zu zero bytes in, as upstream's, failed: %s",
		     sizeof(in), strerror(errno));
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
 * libbpf turns a call of a weak kfunc the kernel lacks into a call the
 * verifier refuses only where it is reachable: libbpf 1.1 into a kfunc
 * call with btf id 0, newer libbpf into a helper call whose id counts up
 * from 2002000000 (its "poisoned" kfunc call).  Such a program tests
 * nothing: it was meant to be skipped by __needs_kfunc() (our objects),
 * or is skipped naming the kfuncs the kernel lacks (upstream objects,
 * which declare no needs).  Either way its verdict never counts.
 */
#define POISONED_KFUNC_CALL	2002000000

static bool calls_unresolved_kfunc(const struct bpf_program *prog)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, cnt = bpf_program__insn_cnt(prog);

	for (i = 0; insn && i < cnt; i++) {
		if (insn[i].code != (BPF_JMP | BPF_CALL))
			continue;
		if (insn[i].src_reg == BPF_PSEUDO_KFUNC_CALL && !insn[i].imm)
			return true;
		if (!insn[i].src_reg && insn[i].imm >= POISONED_KFUNC_CALL)
			return true;
	}
	return false;
}

/*
 * A libbpf error about a kfunc or struct_ops type of the object that the
 * kernel lacks (libbpf resolves them for the whole object, whichever
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
	if (ld->object_err) {
		fail(res, "verifier accepted the program, then the object failed to load (%s): %s",
		     err_str(ld->object_err), ld->libbpf_msgs);
		return;
	}
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
		if (res->status != TEST_PASS || load_err || !pc->spec.has_retval)
			return;
		if (!oc->needs_setup) {
			check_retval(prog, pc, res);
			return;
		}
		res->status = TEST_SKIP;
		snprintf(res->reason, sizeof(res->reason),
			 "__retval not checked: its test run needs setup code the runner lacks (--needs-setup)");
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

/* Upstream's default flags the kernel takes, then the test's own. */
static __u32 prog_flags(const struct run_ctx *ctx, const struct test_spec *spec)
{
	return (ctx->feat.test_prog_flags & ~spec->prog_flags_clear) |
	       spec->prog_flags;
}

/* The __auxiliary programs load with the one under test. */
static bool with_auxiliary(const struct bpf_program *p, int i, void *arg)
{
	const struct object_cases *oc = arg;

	return oc->progs[i].spec.aux_priv;
}

/*
 * What of pc's tags keeps it from running here, as upstream's test_loader
 * decides (another arch, a JIT mode), or because this engine cannot check
 * it: res says which, and true.
 */
static bool upstream_mode_skip(const struct prog_case *pc,
			       struct test_result *res)
{
	char arches[64], val[16];
	bool jited, wants_jit;

	if (pc->unpriv) {
		/* upstream skips it too where the kernel allows none */
		if (!read_small_file("/proc/sys/kernel/unprivileged_bpf_disabled",
				     val, sizeof(val)) && strcmp(val, "0"))
			snprintf(res->reason, sizeof(res->reason),
				 "kernel.unprivileged_bpf_disabled=%s: no run without privileges",
				 val);
		else
			snprintf(res->reason, sizeof(res->reason),
				 "the run without privileges (*_unpriv tags) is not done by this engine");
		return true;
	}
	if (pc->spec.arch_mask && !(pc->spec.arch_mask & spec_arch_current())) {
		spec_arch_names(pc->spec.arch_mask, arches, sizeof(arches));
		snprintf(res->reason, sizeof(res->reason),
			 "test is for %s (__arch_*)", arches);
		return true;
	}
	if (pc->spec.load_mode != SPEC_LOAD_ANY) {
		jited = !read_small_file("/proc/sys/net/core/bpf_jit_enable",
					 val, sizeof(val)) && strcmp(val, "0");
		wants_jit = pc->spec.load_mode == SPEC_LOAD_JITED;
		if (jited != wants_jit) {
			snprintf(res->reason, sizeof(res->reason),
				 "test loads only %s the JIT (__load_if_%sJITed)",
				 jited ? "without" : "with",
				 jited ? "no_" : "");
			return true;
		}
	}
	if (pc->spec.unchecked) {
		ktap_path(arches, sizeof(arches), pc->spec.unchecked);
		snprintf(res->reason, sizeof(res->reason),
			 "engine cannot check tag %s", arches);
		return true;
	}
	return false;
}

/*
 * 1 when pc does not load (res says why: its annotations, what the kernel
 * lacks, what the object needs), 0 when it does.
 */
static int not_loadable(struct run_ctx *ctx, const struct object_cases *oc,
			const struct prog_case *pc, struct test_result *res)
{
	int err;

	/* no tag to name: a program whose tags cannot be read */
	if (pc->spec_err && !pc->bad_tag[0]) {
		fail(res, "%s", pc->spec.error ?: err_str(pc->spec_err));
		return 1;
	}
	if (pc->spec_err) {
		fail(res, "bad annotation '%s': %s", pc->bad_tag,
		     pc->spec.error ?: err_str(pc->spec_err));
		return 1;
	}
	if (upstream_mode_skip(pc, res))
		return 1;
	err = features_missing(&ctx->feat, &pc->spec, pc->type, pc->sec,
			       res->reason, sizeof(res->reason));
	if (err < 0)
		res->status = TEST_FAIL;
	if (err)
		return 1;
	if (pc->type == BPF_PROG_TYPE_STRUCT_OPS && oc->missing_struct_ops[0]) {
		snprintf(res->reason, sizeof(res->reason),
			 "kernel lacks struct_ops %s (a map of this object)",
			 oc->missing_struct_ops);
		return 1;
	}
	if (oc->has_kfunc_externs && !ctx->feat.vmlinux_btf) {
		snprintf(res->reason, sizeof(res->reason),
			 "object calls kfuncs and the kernel has no BTF to resolve them");
		return 1;
	}
	return 0;
}

/* The tests of an object loaded in a batch. */
struct engine_batch {
	struct load_batch lb;
	int *slot;			/* by case: its place in lb.progs, or -1 */
	struct kmsg_held *held;		/* by place: kernel log of its load */
	struct run_ctx *ctx;
	bool off;			/* BPF_REFS_LOAD_ALONE, or no batch */
};

/*
 * A test loads in a batch when it is selected and loads (not_loadable())
 * and its load says all a load of its own would: not a test run of its
 * program (__retval: the maps are the batch's), not struct_ops or
 * freplace (their maps and targets are set up for one program).
 */
static bool batchable(struct run_ctx *ctx, const struct object_cases *oc,
		      const struct prog_case *pc)
{
	struct test_result scratch = {};

	return is_test(pc) && !pc->spec.has_retval &&
	       pc->type != BPF_PROG_TYPE_STRUCT_OPS &&
	       pc->type != BPF_PROG_TYPE_EXT &&
	       run_selected(ctx, ctx->topic, pc->name) &&
	       !test_list_match(&ctx->denylist, ctx->topic, pc->name) &&
	       !not_loadable(ctx, oc, pc, &scratch);
}

/* The kernel log since the last hold is that of batch program i's load. */
static void batch_loaded(void *arg, int i)
{
	struct engine_batch *eb = arg;

	kmsg_watch_hold(&eb->ctx->kmsg, &eb->held[i]);
}

static bool batch_stop(void *arg)
{
	struct engine_batch *eb = arg;

	return eb->ctx->interrupted;
}

/* Done with the batch: what its kernel log holds goes to the next test. */
static void batch_end(struct engine_batch *eb, int cases)
{
	int i;

	for (i = 0; eb->held && i < eb->lb.cnt; i++)
		kmsg_watch_release(&eb->ctx->kmsg, &eb->held[i]);
	if (eb->lb.obj)
		loader_batch_close(&eb->lb);
	free(eb->lb.progs);
	free(eb->held);
	eb->lb.progs = NULL;
	eb->held = NULL;
	eb->lb.cnt = 0;
	for (i = 0; eb->slot && i < cases; i++)
		eb->slot[i] = -1;
}

/* A batch of the batchable tests from case first on; false: none. */
static bool batch_start(struct engine_batch *eb, const char *path,
			struct object_cases *oc, int first)
{
	struct run_ctx *ctx = eb->ctx;
	int i, n = 0;

	batch_end(eb, oc->cnt);
	if (!eb->slot) {
		eb->slot = malloc(oc->cnt * sizeof(*eb->slot));
		if (!eb->slot)
			return false;
		for (i = 0; i < oc->cnt; i++)
			eb->slot[i] = -1;
	}
	for (i = first; i < oc->cnt; i++)
		n += batchable(ctx, oc, &oc->progs[i]);
	if (n < 2)	/* one alone costs what its batch would */
		return false;
	eb->lb.progs = calloc(n, sizeof(*eb->lb.progs));
	eb->held = calloc(n, sizeof(*eb->held));
	if (!eb->lb.progs || !eb->held) {
		batch_end(eb, oc->cnt);
		return false;
	}
	for (i = first; i < oc->cnt; i++) {
		struct batch_prog *bp = &eb->lb.progs[eb->lb.cnt];

		if (!batchable(ctx, oc, &oc->progs[i]))
			continue;
		eb->slot[i] = eb->lb.cnt++;
		bp->index = i;
		bp->log_level = log_level(ctx->verbose, &oc->progs[i].spec);
		bp->prog_flags = prog_flags(ctx, &oc->progs[i].spec);
	}
	eb->lb.path = path;
	eb->lb.with = with_auxiliary;
	eb->lb.with_arg = oc;
	eb->lb.loaded = batch_loaded;
	eb->lb.stop = batch_stop;
	eb->lb.arg = eb;
	eb->lb.verbose = ctx->verbose > 1;
	/* what the kernel logged since the last test is the first one's */
	kmsg_watch_hold(&ctx->kmsg, &eb->held[0]);
	if (loader_load_batch(&eb->lb) == -EOPNOTSUPP)
		eb->off = true;
	return true;
}

/*
 * What the kernel said of case i in a batch, or NULL: it loads alone.
 * A kernel refusal before verifying says all (kernel_refused()); any
 * other failure before verifying is loaded alone for libbpf's words, and
 * so is a rejection whose log libbpf rewrites ("unknown#": a CO-RE
 * relocation, map or kfunc libbpf could not resolve).
 */
static struct batch_prog *batch_result(struct engine_batch *eb,
				       const char *path,
				       struct object_cases *oc, int i)
{
	struct batch_prog *bp;

	if (eb->off)
		return NULL;
	if (eb->slot && eb->slot[i] >= 0 &&
	    eb->lb.progs[eb->slot[i]].cut && !eb->ctx->interrupted)
		batch_start(eb, path, oc, i);
	else if ((!eb->slot || eb->slot[i] < 0) &&
		 batchable(eb->ctx, oc, &oc->progs[i]))
		batch_start(eb, path, oc, i);
	if (!eb->slot || eb->slot[i] < 0)
		return NULL;
	bp = &eb->lb.progs[eb->slot[i]];
	if (!bp->loaded)
		return NULL;
	if (bp->err && !bp->log[0] && !kernel_refused(bp->err))
		return NULL;
	if (bp->err && strstr(bp->log, "invalid func unknown#"))
		return NULL;
	return bp;
}

/* The log upstream's test_loader matches messages in (its log_buf_sz). */
#define TRACE_LOG_SIZE	(2U << 20)

/*
 * libbpf logs a rejection at level 1 when the program asked for no log,
 * and upstream's __msg() are written against that log: a rejected test
 * with messages and neither level 1 nor 2 asked for is loaded again at
 * level 1 to match them (its verdict and counts stay the first load's),
 * unless the first log has them all and the test asks for no absence
 * (level 1 adds lines, in order).  As upstream's, that log is 2 MiB: a
 * longer one keeps its end (its start before Linux 6.4), and is not
 * loaded again larger (that costs minutes under TCG).  The suite's own
 * objects (those with __needs_*()) match the log of the level they ask
 * for: their rejections on kernels with a bug would cost a reload each.
 */
static bool wants_trace(const struct loaded *ld, const char *log,
			const struct object_cases *oc,
			const struct prog_case *pc, __u32 level)
{
	const struct test_spec *spec = &pc->spec;
	int i, idx = 0;

	if (!oc->declares_no_needs || !ld->err || !ld->verifier_ran || ld->log_truncated ||
	    ld->object_err || !spec->msg_cnt || (level & 3))
		return false;
	for (i = 0; i < spec->msg_cnt; i++)
		if (spec->msg_negative[i])
			return true;
	return log_match(log, spec->msgs, spec->msg_is_regex,
			 spec->msg_negative, spec->msg_cnt, &idx) != 0;
}

static void run_case(struct run_ctx *ctx, const char *path,
		     struct object_cases *oc, const struct prog_case *pc,
		     struct loader_log *log, struct batch_prog *bp,
		     struct kmsg_held *held)
{
	struct load_req req = {
		.path = path,
		.prog = pc->prog,
		.with = with_auxiliary,
		.arg = oc,
		.log_level = log_level(ctx->verbose, &pc->spec),
		.prog_flags = prog_flags(ctx, &pc->spec),
		.verbose = ctx->verbose > 1,
	};
	struct test_result res = {};
	struct loader_log tlog = {
		.size = TRACE_LOG_SIZE,
		.max = TRACE_LOG_SIZE,
	};
	struct loaded ld = {}, trace = {};
	const char *text;

	if (pc->spec.description)
		snprintf(res.description, sizeof(res.description), "%s",
			 pc->spec.description);
	if (pc->spec.fixed_by)
		snprintf(res.fixed_by, sizeof(res.fixed_by), "%s",
			 pc->spec.fixed_by);
	if (pc->spec.broken_by)
		snprintf(res.broken_by, sizeof(res.broken_by), "%s",
			 pc->spec.broken_by);
	if (!subtest_begin(ctx, &res, pc->name)) {
		if (held)
			kmsg_watch_release(&ctx->kmsg, held);
		return;
	}
	res.status = TEST_SKIP;
	if (not_loadable(ctx, oc, pc, &res))
		goto report;

	if (bp) {
		/* loaded with the batch: its load time counts as its own */
		res.duration_us -= bp->load_us;
		ld.prog = bp->prog;
		ld.err = bp->err;
		ld.log_truncated = bp->log_truncated;
		ld.verifier_ran = bp->log[0] != '\0';
		ld.has_stats = verifier_stats_parse(bp->log, &ld.stats);
		text = bp->log;
	} else if (loader_load(&req, log, &ld)) {
		fail(&res, "%s", ld.error);
		goto report;
	} else {
		text = log->buf;
	}
	res.has_stats = ld.has_stats;
	res.stats = ld.stats;
	if (wants_trace(&ld, text, oc, pc, req.log_level)) {
		/* upstream's buffer: what does not fit is cut, not grown */
		req.log_level |= 1;
		if (loader_load(&req, &tlog, &trace)) {
			fail(&res, "%s", trace.error);
			goto close;
		}
		text = tlog.buf;
	}
	if (ld.log_truncated)
		fail(&res, "verifier log at level %u exceeds %u MiB: cannot judge",
		     req.log_level, LOADER_LOG_MAX >> 20);
	else
		judge(&ld, text, oc, pc,
		      kfunc_policy_refusal(&ctx->policy, ctx->feat.vmlinux_btf,
					   ld.prog, ld.err), &res);
	if ((res.status == TEST_FAIL && ctx->verbose) || ctx->verbose > 1)
		report_diag(&ctx->rep, text);
close:
	loader_close(&trace);
	free(tlog.buf);
	if (!bp)
		loader_close(&ld);
report:
	if (held)
		kmsg_watch_release(&ctx->kmsg, held);
	subtest_end(ctx, &res);
}

void engine_run_object(struct run_ctx *ctx, const char *obj_file)
{
	struct engine_batch eb = { .ctx = ctx };
	struct loader_log log = {};
	struct object_cases *oc;
	struct batch_prog *bp;
	char path[4096], msgs[4096], safe[4096];
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
		ktap_path(safe, sizeof(safe), path);
		topic_error(ctx, "cannot open BPF object %s: %s%s%s", safe,
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
	eb.off = ctx->load_alone || getenv("BPF_REFS_LOAD_ALONE");
	for (i = 0; i < oc->cnt && !ctx->interrupted; i++) {
		if (!is_test(&oc->progs[i]))
			continue;
		bp = batch_result(&eb, path, oc, i);
		run_case(ctx, path, oc, &oc->progs[i], &log, bp,
			 eb.slot && eb.slot[i] >= 0 ?
			 &eb.held[eb.slot[i]] : NULL);
	}
	batch_end(&eb, oc->cnt);
out:
	free(eb.slot);
	for (i = 0; i < oc->cnt; i++)
		test_spec_free(&oc->progs[i].spec);
	free(oc->progs);
	free(oc);
	free(log.buf);
}
