// SPDX-License-Identifier: GPL-2.0
/*
 * fn_insns: a QEMU TCG plugin for system emulation that counts the guest
 * instructions executed by each call of one kernel function (bpf_check()
 * by default) and its callees, from the function's first instruction to
 * the instruction its return lands on, in the calling task only and
 * without the interrupts, exceptions and scheduler runs taken meanwhile
 * (docs/perf.md, "Instruction counts of bpf_check()").
 *
 * QEMU 7.2's plugin API reads no registers, so everything is decided from
 * instruction addresses, instruction bytes (at translation) and the
 * addresses of memory accesses:
 *  - a call is a direct call instruction (x86-64 call rel32, arm64 bl,
 *    s390x brasl) whose target is the function's start (up to 64 bytes
 *    before it: x86 call-depth thunks); the address after it is its
 *    return site, and running the call arms the next entry;
 *  - the window opens when a call target runs with an entry armed, and
 *    closes when its return site runs in the same task;
 *  - the task: the context switch function stores the stack pointer of
 *    the task it leaves and loads that of the task it enters, from the
 *    same slot of each task_struct (x86-64 __switch_to_asm: mov %rsp to
 *    and from TASK_threadsp; arm64 cpu_switch_to: stp/ldp x19, x20 of
 *    thread.cpu_context; s390x __switch_to_asm: stg/lg %r15 of
 *    thread.ksp):
 *    the slot's address names the task, and nothing counts while
 *    another one runs;
 *  - interrupts and exceptions: a translation block that starts at an
 *    entry of the kernel's vectors (below) opens one, the architecture's
 *    return from exception (iretq, eret, lpswe/lpswey) closes the
 *    innermost; __schedule() called in the task (cond_resched()) is left
 *    out from its entry to its return site the same way as the function.
 *
 * Arguments (-plugin fn_insns.so,map=FILE[,fn=NAME][,out=FILE]):
 *   map=FILE   the kernel's symbols as System.map or /proc/kallsyms
 *              writes them ("ADDRESS TYPE NAME"); the guest must run
 *              the kernel at those addresses (nokaslr)
 *   fn=NAME    the function to count (default bpf_check)
 *   out=FILE   where the counts go (default stderr)
 * Output: "# " lines say what was found; then one line a call,
 *   "call SEQ INSNS EXCLUDED IRQS SCHEDS", and "error ..." lines for what
 *   cannot be counted (a window left open, an interrupt that never
 *   returned).  One vCPU only: a second one could run inside the window.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum target { T_X86_64, T_AARCH64, T_S390X };

/*
 * How far from a function's start a call may land: x86 call-depth thunks
 * in the padding before it, a call past its ENDBR.
 */
#define NEAR_ENTRY	16
#define MAX_VECS	64
#define MAX_CALLEES	64

/* the functions whose calls are followed: 0 the counted one, then skip= */
#define C_FN		0

/* Where a translation block starting there enters an interrupt. */
struct vec {
	unsigned long long lo, hi;	/* [lo, hi) */
	unsigned int stride;		/* 0: any start; else only lo + k * stride */
};

/* A call seen at translation: where it lands and where it returns. */
struct site {
	int callee;
	unsigned long long target, ret;
};

static struct {
	enum target target;
	const char *name[MAX_CALLEES];
	unsigned long long lo[MAX_CALLEES];
	int ncallees;
	unsigned long long switch_lo, switch_hi;
	struct vec vecs[MAX_VECS];
	int nvecs;
	unsigned long long text;	/* the lowest kernel text address */
	struct site **sites;		/* hash of the return sites */
	size_t nsites, cap;
	FILE *out;
	bool profile;			/* profile=on: symbols per call */
	bool trace;			/* trace=on: every event of a window */
} cfg;

/* Every guest instruction, by an inline add (one vCPU). */
static unsigned long long insns;

static struct {
	const struct site *armed[MAX_CALLEES];	/* the call just run */
	unsigned long long ret;		/* open window: its return site */
	unsigned long long skip_ret;	/* in a skipped call: its return site */
	unsigned long long me;		/* the window's task: its switch slot */
	bool away;			/* another task runs */
	unsigned int depth;		/* interrupts nested in the task */
	unsigned long long t0;		/* insns when the window opened */
	unsigned long long paused_at, excluded;
	unsigned long long irqs, skips;
	unsigned long long seq, errors;
} st;

/* --- the kernel's symbols ------------------------------------------------ */

struct sym {
	unsigned long long addr;
	char name[128];
};

static struct sym *syms;
static size_t nsyms;

static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Text symbols of FILE, sorted by address.  0 or -errno. */
static int read_map(const char *path)
{
	char line[512], name[256], type;
	unsigned long long addr;
	size_t cap = 0;
	struct sym *s;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		if (strlen(name) >= sizeof(syms->name))
			continue;
		if (nsyms == cap) {
			cap = cap ? 2 * cap : 4096;
			s = realloc(syms, cap * sizeof(*syms));
			if (!s) {
				fclose(f);
				return -ENOMEM;
			}
			syms = s;
		}
		syms[nsyms].addr = addr;
		snprintf(syms[nsyms].name, sizeof(syms[nsyms].name), "%s", name);
		nsyms++;
	}
	fclose(f);
	qsort(syms, nsyms, sizeof(*syms), sym_cmp);
	return 0;
}

/* The address of NAME and where the next symbol starts; 0 when absent. */
static unsigned long long sym_range(const char *name, unsigned long long *end)
{
	size_t i, j;

	for (i = 0; i < nsyms; i++) {
		if (strcmp(syms[i].name, name))
			continue;
		for (j = i + 1; j < nsyms && syms[j].addr == syms[i].addr; j++)
			;
		if (end)
			*end = j < nsyms ? syms[j].addr : syms[i].addr + 1;
		return syms[i].addr;
	}
	return 0;
}

static void add_vec(unsigned long long lo, unsigned long long hi,
		    unsigned int stride)
{
	if (!lo || cfg.nvecs == MAX_VECS)
		return;
	cfg.vecs[cfg.nvecs].lo = lo;
	cfg.vecs[cfg.nvecs].hi = hi;
	cfg.vecs[cfg.nvecs].stride = stride;
	cfg.nvecs++;
}

/* Every symbol whose name starts with PREFIX enters an interrupt. */
static void add_vec_prefix(const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < nsyms; i++)
		if (!strncmp(syms[i].name, prefix, n))
			add_vec(syms[i].addr, syms[i].addr + 1, 0);
}

static void add_vec_range(const char *name, unsigned int stride)
{
	unsigned long long lo, hi;

	lo = sym_range(name, &hi);
	add_vec(lo, hi, stride);
}

/*
 * The interrupt entries of the target.  x86-64: the IDT's asm_exc_* and
 * asm_sysvec_* entries and the stubs of external vectors (each one
 * block that jumps to asm_common_interrupt).  arm64: the 16 slots of
 * each vector table (0x80 bytes each; the Spectre-BHB tables enter
 * vectors past a slot's first instruction).  s390x: the new PSWs'
 * handlers.  Returns the number found.
 */
static int find_vectors(void)
{
	switch (cfg.target) {
	case T_X86_64:
		add_vec_prefix("asm_exc_");
		add_vec_prefix("asm_sysvec_");
		add_vec_range("irq_entries_start", 0);
		add_vec_range("spurious_entries_start", 0);
		cfg.switch_lo = sym_range("__switch_to_asm", &cfg.switch_hi);
		break;
	case T_AARCH64:
		add_vec_range("vectors", 0x80);
		add_vec_range("__bp_harden_el1_vectors", 0x80);
		cfg.switch_lo = sym_range("cpu_switch_to", &cfg.switch_hi);
		break;
	case T_S390X:
		add_vec(sym_range("ext_int_handler", NULL),
			sym_range("ext_int_handler", NULL) + 1, 0);
		add_vec(sym_range("io_int_handler", NULL),
			sym_range("io_int_handler", NULL) + 1, 0);
		add_vec(sym_range("pgm_check_handler", NULL),
			sym_range("pgm_check_handler", NULL) + 1, 0);
		add_vec(sym_range("mcck_int_handler", NULL),
			sym_range("mcck_int_handler", NULL) + 1, 0);
		add_vec(sym_range("restart_int_handler", NULL),
			sym_range("restart_int_handler", NULL) + 1, 0);
		/* __switch_to_asm from 6.x on, before it __switch_to */
		cfg.switch_lo = sym_range("__switch_to_asm", &cfg.switch_hi);
		if (!cfg.switch_lo)
			cfg.switch_lo = sym_range("__switch_to", &cfg.switch_hi);
		break;
	}
	return cfg.nvecs;
}

static bool is_vector(unsigned long long va)
{
	const struct vec *v;
	int i;

	for (i = 0; i < cfg.nvecs; i++) {
		v = &cfg.vecs[i];
		if (va < v->lo || va >= v->hi)
			continue;
		if (!v->stride || (va - v->lo) % v->stride == 0)
			return true;
	}
	return false;
}

/* --- instruction bytes ----------------------------------------------------- */

static unsigned int le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned int)p[3] << 24;
}

static unsigned int be32(const unsigned char *p)
{
	return (unsigned int)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* The target of a direct call at VA, or 0 when the bytes are none. */
static unsigned long long call_target(const unsigned char *p, size_t len,
				      unsigned long long va)
{
	unsigned int w;

	switch (cfg.target) {
	case T_X86_64:		/* call rel32 */
		if (len == 5 && p[0] == 0xe8)
			return va + 5 + (long long)(int)le32(p + 1);
		break;
	case T_AARCH64:		/* bl imm26 */
		if (len != 4)
			break;
		w = le32(p);
		if ((w & 0xfc000000) == 0x94000000)
			return va + ((long long)((int)(w << 6) >> 6) << 2);
		break;
	case T_S390X:		/* brasl r, imm32 (halfwords) */
		if (len == 6 && p[0] == 0xc0 && (p[1] & 0x0f) == 5)
			return va + 2 * (long long)(int)be32(p + 2);
		break;
	}
	return 0;
}

/*
 * The context switch's store (1) of the stack pointer of the task it
 * leaves, or load (2) of that of the task it enters; 0 for others.
 */
static int switch_access(const unsigned char *p, size_t len)
{
	unsigned int w;

	switch (cfg.target) {
	case T_X86_64:		/* mov %rsp,d32(%rdi); mov d32(%rsi),%rsp */
		if (len == 7 && p[0] == 0x48 && p[1] == 0x89 && p[2] == 0xa7)
			return 1;
		if (len == 7 && p[0] == 0x48 && p[1] == 0x8b && p[2] == 0xa6)
			return 2;
		break;
	case T_AARCH64:		/* stp/ldp x19, x20, [x8], #16 */
		if (len != 4)
			break;
		w = le32(p);
		if (w == 0xa8815113)
			return 1;
		if (w == 0xa8c15113)
			return 2;
		break;
	case T_S390X:		/* stg/lg %r15, d(x, b) */
		if (len == 6 && p[0] == 0xe3 && (p[1] & 0xf0) == 0xf0)
			return p[5] == 0x24 ? 1 : p[5] == 0x04 ? 2 : 0;
		break;
	}
	return 0;
}

/* A return from an interrupt or exception. */
static bool is_irq_return(const unsigned char *p, size_t len)
{
	switch (cfg.target) {
	case T_X86_64:		/* iretq */
		return len == 2 && p[0] == 0x48 && p[1] == 0xcf;
	case T_AARCH64:		/* eret */
		return len == 4 && le32(p) == 0xd69f03e0;
	case T_S390X:		/* lpswe, lpswey */
		return (len == 4 && p[0] == 0xb2 && p[1] == 0xb2) ||
		       (len == 6 && p[0] == 0xeb && p[5] == 0x71);
	}
	return false;
}

/* --- call sites -------------------------------------------------------------- */

static size_t site_hash(unsigned long long ret)
{
	return (ret * 0x9e3779b97f4a7c15ULL) >> 20;
}

/* The call site returning to RET, or NULL. */
static struct site *site_at(unsigned long long ret)
{
	size_t i;

	if (!cfg.cap)
		return NULL;
	for (i = site_hash(ret) & (cfg.cap - 1); cfg.sites[i]; i = (i + 1) & (cfg.cap - 1))
		if (cfg.sites[i]->ret == ret)
			return cfg.sites[i];
	return NULL;
}

static int site_insert(struct site *s)
{
	struct site **old = cfg.sites;
	size_t i, oldcap = cfg.cap;

	if (2 * (cfg.nsites + 1) > cfg.cap) {
		cfg.cap = cfg.cap ? 2 * cfg.cap : 1024;
		cfg.sites = calloc(cfg.cap, sizeof(*cfg.sites));
		if (!cfg.sites) {
			cfg.sites = old;
			cfg.cap = oldcap;
			return -ENOMEM;
		}
		cfg.nsites = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i])
				site_insert(old[i]);
		free(old);
	}
	for (i = site_hash(s->ret) & (cfg.cap - 1); cfg.sites[i]; i = (i + 1) & (cfg.cap - 1))
		;
	cfg.sites[i] = s;
	cfg.nsites++;
	return 0;
}

/* --- execution -------------------------------------------------------------- */

static bool paused(void)
{
	return st.away || st.depth || st.skip_ret;
}

/*
 * Account a change of state made by CHANGE: the instructions from the
 * pause to the resume are left out.  ADJ: this instruction (whose
 * inline add has not run yet in an execution callback) is part of the
 * pause.
 */
#define CHANGE(adj, stmt)						\
	do {								\
		bool was_ = paused();					\
		stmt;							\
		if (cfg.trace)						\
			fprintf(cfg.out, "# %s at %llu: away %d depth %u skip %d\n", \
				#stmt, insns - st.t0, st.away, st.depth,	\
				!!st.skip_ret);				\
		if (!was_ && paused())					\
			st.paused_at = insns;				\
		else if (was_ && !paused())				\
			st.excluded += insns + (adj) - st.paused_at;	\
	} while (0)

static void bad(const char *what)
{
	fprintf(cfg.out, "error %llu: %s\n", st.seq, what);
	fflush(cfg.out);
	st.errors++;
}

static void on_call(unsigned int vcpu, void *site)
{
	const struct site *s = site;

	if (s->callee == C_FN || (st.ret && !st.away))
		st.armed[s->callee] = s;
}

/*
 * profile=on: per call, the symbols whose blocks ran, counted (in) and
 * left out (out), by the instructions of their blocks (a block cut
 * short by an exception counts whole): what made two calls differ.
 */
struct block {
	unsigned long long va;
	unsigned int n;
	int sym;			/* index in syms[], -1 none */
};

static unsigned long long *prof_in, *prof_out;

static void prof_dump(const char *what, unsigned long long *cnt)
{
	size_t i;

	for (i = 0; i < nsyms; i++) {
		if (!cnt[i])
			continue;
		fprintf(cfg.out, "prof %llu %s %s %llu\n", st.seq, what,
			syms[i].name, cnt[i]);
		cnt[i] = 0;
	}
}

/* The symbol holding VA: the last one at or below it; -1 when none. */
static int sym_of(unsigned long long va)
{
	size_t lo = 0, hi = nsyms;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (syms[mid].addr <= va)
			lo = mid;
		else
			hi = mid;
	}
	return nsyms && syms[lo].addr <= va ? (int)lo : -1;
}

/* A call of the counted function or of a skipped one lands. */
static void enter(const struct site *s)
{
	st.armed[s->callee] = NULL;
	if (s->callee != C_FN) {
		if (st.ret && !st.away && !st.skip_ret) {
			CHANGE(0, st.skip_ret = s->ret);
			st.skips++;
		}
		return;
	}
	if (st.ret)
		bad("entered again before its return site ran");
	memset(&st.armed, 0, sizeof(st.armed));
	st.ret = s->ret;
	st.skip_ret = 0;
	st.away = false;
	st.depth = 0;
	st.t0 = insns;
	st.excluded = 0;
	st.irqs = 0;
	st.skips = 0;
}

/* Execution reaches a return site in the task. */
static void leave(const struct site *s)
{
	if (s->callee != C_FN) {
		if (st.skip_ret == s->ret)
			CHANGE(0, st.skip_ret = 0);
		return;
	}
	if (st.ret != s->ret)
		return;
	if (paused())
		bad("returned inside an interrupt or skipped call that never ended");
	else
		fprintf(cfg.out, "call %llu %llu %llu %llu %llu\n", st.seq,
			insns - st.t0 - st.excluded, st.excluded, st.irqs,
			st.skips);
	if (cfg.profile) {
		prof_dump("in", prof_in);
		prof_dump("out", prof_out);
	}
	fflush(cfg.out);
	st.seq++;
	st.ret = 0;
}

/*
 * A block of kernel code starts at VA.  Both ends of a call start one:
 * its target, and its return site (TCG ends a block at every call).
 * Looked up at execution, not at translation: a block may have been
 * translated before the call that makes it an entry or a return site
 * was first seen.
 */
static void on_block(unsigned int vcpu, void *data)
{
	const struct block *b = data;
	unsigned long long va = b->va;
	const struct site *s;
	int c;

	if (cfg.profile && st.ret && b->sym >= 0)
		(paused() ? prof_out : prof_in)[b->sym] += b->n;

	for (c = 0; c < cfg.ncallees; c++) {
		s = st.armed[c];
		if (s && s->target == va) {
			enter(s);
			return;
		}
	}
	if (!st.ret || st.away)
		return;
	s = site_at(va);
	if (s)
		leave(s);
}

static void on_vector(unsigned int vcpu, void *unused)
{
	if (!st.ret || st.away)
		return;
	CHANGE(0, st.depth++);
	st.irqs++;
}

static void on_irq_return(unsigned int vcpu, void *unused)
{
	if (!st.ret || st.away || !st.depth)
		return;
	/* the return instruction is the interrupt's too */
	CHANGE(1, st.depth--);
}

static void on_switch(unsigned int vcpu, qemu_plugin_meminfo_t info,
		      uint64_t vaddr, void *kind)
{
	if (cfg.trace && st.ret)
		fprintf(cfg.out, "# switch %s %#llx (task %#llx)\n",
			kind == (void *)1 ? "out" : "in", (unsigned long long)vaddr, st.me);
	if (!st.ret)
		return;
	if (kind == (void *)1 && !st.away) {
		/* the task of the window leaves: its slot names it */
		if (!st.me)
			st.me = vaddr;
		if (vaddr != st.me)
			bad("left by a task that is not the caller");
		CHANGE(0, st.away = true);
	} else if (kind == (void *)2 && st.away && vaddr == st.me) {
		CHANGE(0, st.away = false);
	}
}

/* --- translation ------------------------------------------------------------ */

/* A call of callee C landing on TARGET, returning to RET; NULL: no room. */
static const struct site *learn_call(int c, unsigned long long target,
				     unsigned long long va, size_t len)
{
	struct site *s = site_at(va + len);

	if (s && s->callee == c && s->target == target)
		return s;
	s = calloc(1, sizeof(*s));
	if (s) {
		s->callee = c;
		s->target = target;
		s->ret = va + len;
	}
	if (!s || site_insert(s)) {
		free(s);
		bad("no memory for a call site");
		return NULL;
	}
	if (c == C_FN) {
		fprintf(cfg.out, "# call site %#llx -> %#llx (%s), returns to %#llx\n",
			va, target, cfg.name[c], s->ret);
		fflush(cfg.out);
	}
	return s;
}

#define EXEC_CB(insn, cb, data) \
	qemu_plugin_register_vcpu_insn_exec_cb(insn, cb, QEMU_PLUGIN_CB_NO_REGS, \
					       (void *)(data))

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	struct qemu_plugin_insn *insn;
	unsigned long long va, t;
	const struct site *s;
	const unsigned char *p;
	struct block *b;
	size_t len;
	int c, k;

	for (i = 0; i < n; i++) {
		insn = qemu_plugin_tb_get_insn(tb, i);
		va = qemu_plugin_insn_vaddr(insn);
		p = qemu_plugin_insn_data(insn);
		len = qemu_plugin_insn_size(insn);
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
							   &insns, 1);
		if (i == 0 && is_vector(va))
			EXEC_CB(insn, on_vector, NULL);
		if (i == 0 && va >= cfg.text) {
			b = malloc(sizeof(*b));
			if (b) {
				b->va = va;
				b->n = n;
				b->sym = cfg.profile ? sym_of(va) : -1;
				EXEC_CB(insn, on_block, b);
			} else {
				bad("no memory for a block");
			}
		}
		t = call_target(p, len, va);
		for (c = 0; t && c < cfg.ncallees; c++) {
			if (t + NEAR_ENTRY < cfg.lo[c] || t > cfg.lo[c] + NEAR_ENTRY)
				continue;
			s = learn_call(c, t, va, len);
			if (s)
				EXEC_CB(insn, on_call, s);
		}
		if (is_irq_return(p, len))
			EXEC_CB(insn, on_irq_return, NULL);
		/* QEMU 7.2 calls a callback of MEM_R or MEM_W for neither */
		k = va >= cfg.switch_lo && va < cfg.switch_hi ? switch_access(p, len) : 0;
		if (k)
			qemu_plugin_register_vcpu_mem_cb(insn, on_switch, QEMU_PLUGIN_CB_NO_REGS,
							 QEMU_PLUGIN_MEM_RW,
							 (void *)(unsigned long)k);
	}
}

static void at_exit(qemu_plugin_id_t id, void *unused)
{
	if (st.ret)
		bad("still running at exit");
	fprintf(cfg.out, "# end: %llu calls, %llu errors, %zu call sites\n",
		st.seq, st.errors, cfg.nsites);
	fflush(cfg.out);
	if (cfg.out != stderr)
		fclose(cfg.out);
	free(syms);
}

/* --- installation ----------------------------------------------------------- */

__attribute__((format(printf, 1, 2)))
static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fn_insns: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return -1;
}

/*
 * The functions of skip=NAME+NAME...: calls of them inside a window are
 * left out like interrupts.  A name the map lacks is reported, not an
 * error (names change between kernels).  -1 when there are too many.
 */
static int add_skips(char *list)
{
	char *name, *save = NULL;

	for (name = strtok_r(list, "+", &save); name; name = strtok_r(NULL, "+", &save)) {
		if (cfg.ncallees == MAX_CALLEES)
			return -1;
		cfg.lo[cfg.ncallees] = sym_range(name, NULL);
		if (!cfg.lo[cfg.ncallees]) {
			fprintf(cfg.out, "# skip: no %s in the map\n", name);
			continue;
		}
		fprintf(cfg.out, "# skip: %s %#llx\n", name, cfg.lo[cfg.ncallees]);
		cfg.name[cfg.ncallees++] = name;
	}
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *map = NULL, *out = NULL;
	static char skip[4096] = "__schedule";
	int i, err;

	cfg.name[C_FN] = "bpf_check";
	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "map=", 4))
			map = argv[i] + 4;
		else if (!strncmp(argv[i], "fn=", 3))
			cfg.name[C_FN] = argv[i] + 3;
		else if (!strncmp(argv[i], "skip=", 5))
			snprintf(skip, sizeof(skip), "__schedule+%s", argv[i] + 5);
		else if (!strncmp(argv[i], "out=", 4))
			out = argv[i] + 4;
		else if (!strncmp(argv[i], "profile=", 8))
			qemu_plugin_bool_parse("profile", argv[i] + 8, &cfg.profile);
		else if (!strncmp(argv[i], "trace=", 6))
			qemu_plugin_bool_parse("trace", argv[i] + 6, &cfg.trace);
		else
			return fail("unknown argument '%s' (%s)", argv[i],
				    "map=, fn=, skip=, out=, profile=, trace=");
	}
	if (!info->system_emulation)
		return fail("counts kernel functions: system emulation only");
	if (info->system.max_vcpus != 1)
		return fail("needs exactly one vCPU (-smp 1)");
	if (!strcmp(info->target_name, "x86_64"))
		cfg.target = T_X86_64;
	else if (!strcmp(info->target_name, "aarch64"))
		cfg.target = T_AARCH64;
	else if (!strcmp(info->target_name, "s390x"))
		cfg.target = T_S390X;
	else
		return fail("no support for target '%s' (x86_64, aarch64, s390x)",
			    info->target_name);
	if (!map)
		return fail("needs map=FILE, the kernel's System.map");
	err = read_map(map);
	if (err)
		return fail("cannot read the map '%s': %s", map, strerror(-err));
	cfg.lo[C_FN] = sym_range(cfg.name[C_FN], NULL);
	if (!cfg.lo[C_FN])
		return fail("the map has no text symbol '%s'", cfg.name[C_FN]);
	cfg.ncallees = 1;
	cfg.text = syms[0].addr;
	if (cfg.profile) {
		prof_in = calloc(nsyms, sizeof(*prof_in));
		prof_out = calloc(nsyms, sizeof(*prof_out));
		if (!prof_in || !prof_out)
			return fail("no memory for profile=on");
	}
	if (!find_vectors())
		return fail("the map has no interrupt vectors of %s", info->target_name);
	cfg.out = stderr;
	if (out) {
		cfg.out = fopen(out, "w");
		if (!cfg.out)
			return fail("cannot write '%s'", out);
	}
	fprintf(cfg.out, "# fn_insns: %s %s %#llx, %d vector entries, switch %#llx\n",
		info->target_name, cfg.name[C_FN], cfg.lo[C_FN], cfg.nvecs,
		cfg.switch_lo);
	if (add_skips(skip))
		return fail("more than %d functions in skip=", MAX_CALLEES - 1);
	if (!cfg.switch_lo || cfg.lo[1] != sym_range("__schedule", NULL))
		fprintf(cfg.out, "# warning: %s\n",
			"no __schedule or switch function in the map: what another task runs inside a call is counted");
	fflush(cfg.out);
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
