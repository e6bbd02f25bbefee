// SPDX-License-Identifier: GPL-2.0
/*
 * fuzzgen: BPF C programs built from event sequences, each judged by a
 * model of object lifetimes (docs/fuzz.md has the rules).
 *
 * A program is a program type (tc, xdp, qdisc, file) and a list of raw events,
 * three bytes each: an operation and two operand choices.  The decoder
 * runs them through the model, which resolves operands against what is
 * visible in the current frame, skips events that cannot apply, and stops
 * after the first access to a dead object (the program is then unsafe).
 * The encoding "TYPE:hexbytes" reproduces a program exactly; dropping
 * events from it is how disagreements are reduced.
 *
 *   fuzzgen gen -s SEED -n N -o DIR [-b BATCH] [-x DEPTH]
 *   fuzzgen emit -o PREFIX ENC...          one object with these programs
 *   fuzzgen reduce ENC                     candidates: ENC minus 1-2 events
 *   fuzzgen show ENC                       verdict, reason and shape
 *   fuzzgen finding -o FILE.c -N NAME -k KERNELS -r REASON ENC
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_EVENTS	24
#define MAX_FRAMES	8	/* MAX_CALL_FRAMES */
#define MAX_FUNCS	32
#define MAX_SLOTS	64	/* dynptr stack slots, all functions */
#define MAX_DYNS	128	/* dynptr objects (a slot can hold several) */
#define MAX_SLICES	128
#define MAX_OBJS	32
#define LOCAL_DYNS	3	/* dynptr locals per function */
#define STACK_BUDGET	448	/* of MAX_BPF_STACK 512, margin for spills */
#define TEXT_MAX	(64 * 1024)
#define ANY_CHOICE	128	/* operand bytes below pick any object */
#define DEAD_CHOICE	240	/* below: a live one; from here: a dead one */

enum ptype { P_TC, P_XDP, P_QDISC, P_FILE, P_NR };
#define DEFAULT_TYPES	7	/* tc, xdp, qdisc: file only when asked for */

/*
 * Parent objects.  A file program has two files: its argument, alive for
 * the whole program, and the task's executable (O_EXEFILE), held from
 * bpf_get_task_exe_file() to bpf_put_file().  Each bpf_dynptr_from_file()
 * takes a reference of its own, like a ringbuf record: O_FILE on the
 * argument, O_EXE on the executable.
 */
enum okind { O_SKB, O_XDP, O_QSKB, O_RB, O_MEM, O_FILE, O_EXE, O_EXEFILE };
static const char *const okind_names[] = {
	"skb", "xdp", "qskb", "rb", "mem", "file", "exe", "exefile",
};

/*
 * What differs between program types: the main program's section,
 * declaration, return value and context; what a callee is given to reach
 * the context; how packet data changes, if it can.
 */
struct ptype_info {
	const char *name;	/* in encodings and -t */
	const char *sec;	/* the main program's section */
	const char *decl[2];	/* main's declaration, before and after its name */
	const char *needs;	/* annotations beyond the dynptr kfuncs */
	const char *entry;	/* main's first statements, or NULL */
	const char *ret;	/* main's return value */
	const char *ctx_params[2];	/* a callee's context parameters */
	const char *ctx_args;	/* what a caller passes for them */
	const char *skb;	/* the skb of bpf_dynptr_from_skb, or NULL */
	const char *pkt_change;	/* a call that changes packet data, or NULL */
	enum okind ctx_kind;	/* the context's parent object */
	bool ctx_release;	/* rel with operand >= 160 releases the context */
};

static const struct ptype_info ptypes[P_NR] = {
	[P_TC] = {
		.name = "tc", .sec = "?tc",
		.decl = { "int ", "(struct __sk_buff *ctx)" },
		.needs = "", .ret = "0",
		.ctx_params = { "struct __sk_buff *ctx" }, .ctx_args = "ctx",
		.skb = "ctx", .pkt_change = "bpf_skb_pull_data(ctx, 0)",
		.ctx_kind = O_SKB,
	},
	[P_XDP] = {
		.name = "xdp", .sec = "?xdp",
		.decl = { "int ", "(struct xdp_md *ctx)" },
		.needs = "", .ret = "XDP_PASS",
		.ctx_params = { "struct xdp_md *ctx" }, .ctx_args = "ctx",
		.pkt_change = "bpf_xdp_adjust_head(ctx, 0)",
		.ctx_kind = O_XDP,
	},
	[P_QDISC] = {
		.name = "qdisc", .sec = "?struct_ops",
		.decl = { "int BPF_PROG(",
			  ", struct sk_buff *skb, struct Qdisc *sch,\n"
			  "\t     struct bpf_sk_buff_ptr *to_free)" },
		.needs = "__needs_struct_ops(Qdisc_ops) __needs_kfunc(bpf_qdisc_skb_drop)\n"
			 "__needs_kfunc(bpf_kfree_skb)\n",
		.ret = "NET_XMIT_DROP",
		.ctx_params = { "struct sk_buff *skb",
				"struct bpf_sk_buff_ptr *to_free" },
		.ctx_args = "skb, to_free", .skb = "(struct __sk_buff *)skb",
		.ctx_kind = O_QSKB, .ctx_release = true,
	},
	[P_FILE] = {
		.name = "file", .sec = "?lsm/file_open",
		.decl = { "int BPF_PROG(", ", struct file *file)" },
		.needs =
			"__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)\n"
			"__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)\n",
		.entry = "\tstruct file *exe;\n\n"
			 "\texe = bpf_get_task_exe_file(bpf_get_current_task_btf());\n"
			 "\tif (!exe)\n\t\treturn 0;\n",
		.ret = "0",
		.ctx_params = { "struct file *file", "struct file *exe" },
		.ctx_args = "file, exe",
		.ctx_kind = O_EXEFILE, .ctx_release = true,
	},
};

enum op {
	OP_MK, OP_CLONE, OP_SLICE, OP_DATA, OP_READ, OP_WRITE, OP_USE,
	OP_REL, OP_OVW, OP_CALL, OP_RET, OP_PKT, OP_ADJ, OP_OUT, OP_NR
};

struct obj {
	enum okind kind;
	bool alive;
};

struct dyn {
	int obj;
	int slot;
	bool alive;
};

struct slice {
	int obj;
	int dyn;	/* the dynptr it was taken from */
	bool rdwr;
	bool alive;
};

struct slot {
	int func;	/* home function */
	int idx;	/* dK in it */
	int dyn;	/* last dynptr created here, -1 if never */
};

struct func {
	char *body;
	size_t len;
	int depth;
	int ndyn;	/* dynptr locals */
	int nslice;	/* slice locals */
	int param[2];	/* slots passed as pa, pb; -1 none */
	int pslice;	/* slice passed as ps, -1 none */
	int pvar;	/* the caller's variable passed as ps, -1 its ps */
	int po_fn;	/* function whose slice variable po points to, -1 none */
	int po_var;	/* that variable */
	int svar[16];	/* slice var K -> slice, -1 if unassigned */
	int nev;	/* events run in it */
	bool closed;
};

struct prog {
	enum ptype type;
	int nev;
	unsigned char ev[MAX_EVENTS][3];
	bool eff[MAX_EVENTS];	/* the event changed the model */
	/* model state */
	struct obj obj[MAX_OBJS];
	int nobj;
	struct dyn dyn[MAX_DYNS];
	int ndyn;
	struct slice sl[MAX_SLICES];
	int nsl;
	struct slot slot[MAX_SLOTS];
	int nslot;
	struct func fn[MAX_FUNCS];
	int nfn;
	int chain[MAX_FRAMES];	/* active functions, frame 0 first */
	int depth;
	int ctx_obj;		/* skb, xdp, qdisc skb or exe file */
	int mem_obj;
	/* verdict */
	bool unsafe;
	char reason[160];
	char refuse[160];	/* why the verifier may refuse a safe program */
	char shape[1024];
	char name[32];
	char *funcs;		/* closed functions, callees first */
	size_t funcs_len;
};

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzzgen: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void append(char **buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!*buf) {
		*buf = malloc(TEXT_MAX);
		if (!*buf)
			die("out of memory");
		*len = 0;
		(*buf)[0] = '\0';
	}
	va_start(ap, fmt);
	n = vsnprintf(*buf + *len, TEXT_MAX - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || *len + n >= TEXT_MAX)
		die("program text over %d bytes", TEXT_MAX);
	*len += n;
}

static struct func *cur(struct prog *p)
{
	return &p->fn[p->chain[p->depth]];
}

static void emit(struct prog *p, const char *fmt, ...)
{
	struct func *f = cur(p);
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	append(&f->body, &f->len, "%s", line);
}

static void shape_add(struct prog *p, const char *fmt, ...)
{
	size_t n = strlen(p->shape);
	va_list ap;

	if (n + 2 >= sizeof(p->shape))
		return;
	if (n)
		p->shape[n++] = ' ';
	va_start(ap, fmt);
	vsnprintf(p->shape + n, sizeof(p->shape) - n, fmt, ap);
	va_end(ap);
}

static int new_obj(struct prog *p, enum okind k)
{
	if (p->nobj == MAX_OBJS)
		return -1;
	p->obj[p->nobj] = (struct obj){ .kind = k, .alive = true };
	return p->nobj++;
}

static bool is_pkt(enum okind k)
{
	return k == O_SKB || k == O_XDP || k == O_QSKB;
}

/* A referenced dynptr: its reference dies by submit/discard, never alone. */
static bool is_ref(enum okind k)
{
	return k == O_RB || k == O_FILE || k == O_EXE;
}

static bool is_file(enum okind k)
{
	return k == O_FILE || k == O_EXE;
}

/* Is this the model's stack estimate of the active chain plus extra? */
static int frame_bytes(const struct func *f)
{
	int b = 16 * f->ndyn + 8 + 8 * f->nslice + 16;

	return (b + 31) & ~31;
}

static bool stack_fits(struct prog *p, int extra)
{
	int i, sum = extra;

	for (i = 0; i <= p->depth; i++)
		sum += frame_bytes(&p->fn[p->chain[i]]);
	return sum <= STACK_BUDGET;
}

/* Slots the current function can name: its locals, then pa, pb. */
static int visible_slots(struct prog *p, int *out)
{
	struct func *f = cur(p);
	int i, n = 0;

	for (i = 0; i < p->nslot; i++)
		if (p->slot[i].func == p->chain[p->depth])
			out[n++] = i;
	for (i = 0; i < 2; i++)
		if (f->param[i] >= 0)
			out[n++] = f->param[i];
	return n;
}

static void slot_ref(struct prog *p, int s, char *buf, size_t sz)
{
	struct func *f = cur(p);

	if (p->slot[s].func == p->chain[p->depth])
		snprintf(buf, sz, "&d%d", p->slot[s].idx);
	else if (f->param[0] == s)
		snprintf(buf, sz, "pa");
	else
		snprintf(buf, sz, "pb");
}

static bool slot_is_param(struct prog *p, int s)
{
	return p->slot[s].func != p->chain[p->depth];
}

static bool dyn_alive(struct prog *p, int d)
{
	return d >= 0 && p->dyn[d].alive && p->obj[p->dyn[d].obj].alive;
}

static bool slice_alive(struct prog *p, int s)
{
	return p->sl[s].alive && p->obj[p->sl[s].obj].alive;
}

/*
 * Pick one of n candidates with operand byte b: below ANY_CHOICE among all,
 * below DEAD_CHOICE among those alive[] says are live, otherwise among the
 * dead ones.  -1 if the wanted group is empty.
 */
static int pick(unsigned char b, const int *cand, const bool *alive, int n)
{
	int i, k, cnt = 0;
	bool any = b < ANY_CHOICE, want = b < DEAD_CHOICE;

	for (i = 0; i < n; i++)
		cnt += any || alive[i] == want;
	if (!cnt)
		return -1;
	k = b % cnt;
	for (i = 0; i < n; i++)
		if ((any || alive[i] == want) && !k--)
			return cand[i];
	return -1;
}

/* A dynptr-holding slot chosen by b (live or dead, never uninitialised). */
static int pick_dyn_slot(struct prog *p, unsigned char b, bool (*ok)(struct prog *, int))
{
	int vis[MAX_SLOTS], cand[MAX_SLOTS], n, i, k = 0;
	bool alive[MAX_SLOTS];

	n = visible_slots(p, vis);
	for (i = 0; i < n; i++) {
		int d = p->slot[vis[i]].dyn;

		if (d < 0 || (ok && !ok(p, d)))
			continue;
		cand[k] = vis[i];
		alive[k++] = dyn_alive(p, d);
	}
	return pick(b, cand, alive, k);
}

static int live_dyns_of(struct prog *p, int o, int except)
{
	int i, n = 0;

	for (i = 0; i < p->ndyn; i++)
		if (i != except && p->dyn[i].alive && p->dyn[i].obj == o)
			n++;
	return n;
}

static void kill_dyn(struct prog *p, int d)
{
	int i;

	p->dyn[d].alive = false;
	for (i = 0; i < p->nsl; i++)
		if (p->sl[i].dyn == d)
			p->sl[i].alive = false;
}

static void kill_obj(struct prog *p, int o)
{
	int i;

	p->obj[o].alive = false;
	for (i = 0; i < p->ndyn; i++)
		if (p->dyn[i].obj == o)
			p->dyn[i].alive = false;
	for (i = 0; i < p->nsl; i++)
		if (p->sl[i].obj == o)
			p->sl[i].alive = false;
}

static void unsafe(struct prog *p, const char *fmt, ...)
{
	va_list ap;

	p->unsafe = true;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
	shape_add(p, "!");
}

/*
 * Make slot s free for a new dynptr, as the verifier does before writing
 * one: a live unreferenced dynptr dies with its slices; a live ringbuf or
 * file dynptr may go only while another dynptr of its reference lives.
 * Returns false (and marks the program unsafe) when that is refused.
 */
static bool clear_slot(struct prog *p, int s)
{
	int d = p->slot[s].dyn;

	if (!dyn_alive(p, d))
		return true;
	if (is_ref(p->obj[p->dyn[d].obj].kind) &&
	    live_dyns_of(p, p->dyn[d].obj, d) == 0) {
		unsafe(p, "overwrites the last dynptr of a %s",
		       p->obj[p->dyn[d].obj].kind == O_RB ? "ringbuf record" :
		       "file dynptr reference");
		return false;
	}
	kill_dyn(p, d);
	return true;
}

static int new_slot(struct prog *p)
{
	struct func *f = cur(p);

	if (f->ndyn == LOCAL_DYNS || p->nslot == MAX_SLOTS ||
	    !stack_fits(p, 16))
		return -1;
	p->slot[p->nslot] = (struct slot){
		.func = p->chain[p->depth], .idx = f->ndyn++, .dyn = -1,
	};
	return p->nslot++;
}

/* Destination slot: a new local for b < 128, else an existing visible one. */
static int pick_dst_slot(struct prog *p, unsigned char b, int avoid)
{
	int vis[MAX_SLOTS], n, i, k = 0, s;

	if (b < 128) {
		s = new_slot(p);
		if (s >= 0)
			return s;
	}
	n = visible_slots(p, vis);
	for (i = 0; i < n; i++)
		if (vis[i] != avoid)
			vis[k++] = vis[i];
	if (!k)
		return new_slot(p);
	return vis[b % k];
}

static int new_dyn(struct prog *p, int s, int o)
{
	if (p->ndyn == MAX_DYNS)
		return -1;
	p->dyn[p->ndyn] = (struct dyn){ .obj = o, .slot = s, .alive = true };
	p->slot[s].dyn = p->ndyn;
	return p->ndyn++;
}

static int new_svar(struct prog *p, int sl)
{
	struct func *f = cur(p);

	if (f->nslice == 16 || !stack_fits(p, 8))
		return -1;
	f->svar[f->nslice] = sl;
	return f->nslice++;
}

static int new_slice(struct prog *p, int d, bool rdwr)
{
	if (p->nsl == MAX_SLICES)
		return -1;
	p->sl[p->nsl] = (struct slice){
		.obj = p->dyn[d].obj, .dyn = d, .rdwr = rdwr, .alive = true,
	};
	return p->nsl++;
}

static const char *tag(struct prog *p, int s)
{
	return slot_is_param(p, s) ? "P" : "";
}

static const char *okname(struct prog *p, int d)
{
	return okind_names[p->obj[p->dyn[d].obj].kind];
}

static void op_mk(struct prog *p, unsigned char a, unsigned char b)
{
	enum okind kinds[3] = { p->obj[p->ctx_obj].kind, O_RB, O_MEM };
	enum okind k = kinds[b % 3];
	char ref[16];
	bool over;
	int s, o;

	if (k == O_EXEFILE)	/* a file program: its argument or the exe */
		k = (b / 3) & 1 ? O_EXE : O_FILE;

	s = pick_dst_slot(p, a, -1);
	if (s < 0)
		return;
	slot_ref(p, s, ref, sizeof(ref));
	switch (k) {
	case O_SKB:
	case O_QSKB:
		emit(p, "\tbpf_dynptr_from_skb(%s, 0, %s);\n",
		     ptypes[p->type].skb, ref);
		break;
	case O_XDP:
		emit(p, "\tbpf_dynptr_from_xdp(ctx, 0, %s);\n", ref);
		break;
	case O_RB:
		emit(p, "\tbpf_ringbuf_reserve_dynptr(&rb, 16, 0, %s);\n", ref);
		break;
	case O_MEM:
		emit(p, "\tbpf_dynptr_from_mem(&mem, sizeof(mem), 0, %s);\n",
		     ref);
		break;
	case O_FILE:
	case O_EXE:
		emit(p, "\tbpf_dynptr_from_file(%s, 0, %s);\n",
		     k == O_FILE ? "file" : "exe", ref);
		break;
	default:
		break;
	}
	over = dyn_alive(p, p->slot[s].dyn);
	shape_add(p, "mk(%s)%s%s@%d", okind_names[k], over ? ">" : "",
		  tag(p, s), p->depth);
	if ((k == O_QSKB || k == O_EXE) && !p->obj[p->ctx_obj].alive) {
		unsafe(p, "makes a dynptr from a released %s",
		       k == O_EXE ? "file" : "skb");
		return;
	}
	if (!clear_slot(p, s))
		return;
	o = is_ref(k) ? new_obj(p, k) : k == O_MEM ? p->mem_obj : p->ctx_obj;
	if (o >= 0)
		new_dyn(p, s, o);
}

/* Using the dynptr in slot s: unsafe when it is dead. */
static bool use_dyn(struct prog *p, int s, const char *what)
{
	int d = p->slot[s].dyn;

	if (dyn_alive(p, d))
		return true;
	unsafe(p, "%s a dead %s dynptr (%s)", what, okname(p, d),
	       p->obj[p->dyn[d].obj].alive ? "dynptr gone" : "parent gone");
	return false;
}

static void op_clone(struct prog *p, unsigned char a, unsigned char b)
{
	char src[16], dst[16];
	int s, t, d;

	s = pick_dyn_slot(p, a, NULL);
	if (s < 0)
		return;
	d = p->slot[s].dyn;
	slot_ref(p, s, src, sizeof(src));
	if (!dyn_alive(p, d)) {
		t = pick_dst_slot(p, 0, s);
		if (t < 0)
			return;
		slot_ref(p, t, dst, sizeof(dst));
		shape_add(p, "clone(%s)%s@%d", okname(p, d), tag(p, s),
			  p->depth);
		use_dyn(p, s, "clones");
		emit(p, "\tbpf_dynptr_clone(%s, %s);\n", src, dst);
		return;
	}
	t = pick_dst_slot(p, b, s);
	if (t < 0)
		return;
	shape_add(p, "clone(%s)%s:%s%s@%d", okname(p, d), tag(p, s),
		  dyn_alive(p, p->slot[t].dyn) ? ">" : "", tag(p, t), p->depth);
	slot_ref(p, t, dst, sizeof(dst));
	emit(p, "\tbpf_dynptr_clone(%s, %s);\n", src, dst);
	if (clear_slot(p, t))
		new_dyn(p, t, p->dyn[d].obj);
}

static void op_slice(struct prog *p, unsigned char a, unsigned char b, bool data)
{
	bool rdwr;
	char src[16];
	int s, d, sl, v;

	s = pick_dyn_slot(p, a, NULL);
	if (s < 0)
		return;
	d = p->slot[s].dyn;
	if (data && is_pkt(p->obj[p->dyn[d].obj].kind))
		return;
	/*
	 * the qdisc skb dynptr is read-only; an LSM program is always refused
	 * bpf_dynptr_slice_rdwr (no packet write access), so it gets none
	 */
	rdwr = data || ((b & 1) && p->obj[p->dyn[d].obj].kind != O_QSKB &&
			p->type != P_FILE);
	if (rdwr && !data && p->type == P_QDISC)
		snprintf(p->refuse, sizeof(p->refuse), "%s",
			 "bpf_dynptr_slice_rdwr in a program without packet write access");
	slot_ref(p, s, src, sizeof(src));
	shape_add(p, "%s(%s)%s@%d", data ? "data" : rdwr ? "slice_rw" : "slice",
		  okname(p, d), tag(p, s), p->depth);
	if (!use_dyn(p, s, "slices")) {
		emit(p, "\tif (bpf_dynptr_%s(%s, 0%s, 4))\n\t\tsink++;\n",
		     data ? "data" : "slice", src, data ? "" : ", NULL");
		return;
	}
	sl = new_slice(p, d, rdwr);
	v = sl < 0 ? -1 : new_svar(p, sl);
	if (v < 0)
		return;
	if (data)
		emit(p, "\ts%d = bpf_dynptr_data(%s, 0, 4);\n", v, src);
	else
		emit(p, "\ts%d = bpf_dynptr_slice%s(%s, 0, NULL, 4);\n", v,
		     rdwr ? "_rdwr" : "", src);
}

static void op_rw(struct prog *p, unsigned char a, bool write)
{
	char src[16];
	int s, d;
	enum okind k;

	s = pick_dyn_slot(p, a, NULL);
	if (s < 0)
		return;
	d = p->slot[s].dyn;
	k = p->obj[p->dyn[d].obj].kind;
	if (write && k == O_QSKB)
		return;
	slot_ref(p, s, src, sizeof(src));
	shape_add(p, "%s(%s)%s@%d", write ? "write" : "read", okname(p, d),
		  tag(p, s), p->depth);
	if (write)
		emit(p, "\tbpf_dynptr_write(%s, 0, &t, 4, 0);\n", src);
	else
		emit(p, "\tbpf_dynptr_read(&t, 4, %s, 0, 0);\n\tsink ^= t;\n",
		     src);
	if (!use_dyn(p, s, write ? "writes" : "reads"))
		return;
	/* a write through an skb dynptr may move the packet data */
	if (write && k == O_SKB) {
		int i;

		for (i = 0; i < p->nsl; i++)
			if (is_pkt(p->obj[p->sl[i].obj].kind))
				p->sl[i].alive = false;
	}
}

static void op_adjust(struct prog *p, unsigned char a)
{
	char src[16];
	int s;

	s = pick_dyn_slot(p, a, NULL);
	if (s < 0)
		return;
	slot_ref(p, s, src, sizeof(src));
	shape_add(p, "adj(%s)%s@%d", okname(p, p->slot[s].dyn), tag(p, s),
		  p->depth);
	emit(p, "\tbpf_dynptr_adjust(%s, 0, 4);\n", src);
	use_dyn(p, s, "adjusts");
}

/* Slice variables the current function can name: locals, then ps. */
static int visible_svars(struct prog *p, int *sl, int *var)
{
	struct func *f = cur(p);
	int i, n = 0;

	for (i = 0; i < f->nslice; i++) {
		sl[n] = f->svar[i];
		var[n++] = i;
	}
	if (f->pslice >= 0) {
		sl[n] = f->pslice;
		var[n++] = -1;
	}
	return n;
}

static void svar_name(int var, char *buf, size_t sz)
{
	if (var < 0)
		snprintf(buf, sz, "ps");
	else
		snprintf(buf, sz, "s%d", var);
}

static void op_use(struct prog *p, unsigned char a, unsigned char b)
{
	int sl[20], var[20], idx[20], n, i, k;
	bool alive[20];
	char name[16];

	n = visible_svars(p, sl, var);
	for (i = 0; i < n; i++) {
		idx[i] = i;
		alive[i] = slice_alive(p, sl[i]);
	}
	k = a < 64 ? n - 1 : pick(a, idx, alive, n);	/* often the newest */
	if (k < 0)
		return;
	svar_name(var[k], name, sizeof(name));
	b = (b & 1) && p->sl[sl[k]].rdwr;
	shape_add(p, "%s(%s)%s@%d", b ? "store" : "load",
		  okind_names[p->obj[p->sl[sl[k]].obj].kind],
		  var[k] < 0 ? "P" : "", p->depth);
	if (b)
		emit(p, "\tif (%s)\n\t\t*%s = 1;\n", name, name);
	else
		emit(p, "\tif (%s)\n\t\tsink ^= *%s;\n", name, name);
	if (!slice_alive(p, sl[k]))
		unsafe(p, "%s a dead slice of %s (%s)",
		       b ? "writes through" : "reads through",
		       okind_names[p->obj[p->sl[sl[k]].obj].kind],
		       p->obj[p->sl[sl[k]].obj].alive ? "slice invalidated" :
		       "parent gone");
}

/* Release the qdisc skb or the exe file. */
static void release_ctx(struct prog *p, bool kfree)
{
	if (p->type == P_FILE)
		emit(p, "\tbpf_put_file(exe);\n");
	else if (kfree)
		emit(p, "\tbpf_kfree_skb(skb);\n");
	else
		emit(p, "\tbpf_qdisc_skb_drop(skb, to_free);\n");
}

static void op_rel(struct prog *p, unsigned char a, unsigned char b)
{
	int s, d, i, held = 0;
	char src[16];

	if (ptypes[p->type].ctx_release && a >= 160) {
		const char *what = p->type == P_FILE ? "file" : "skb";

		shape_add(p, "rel(%s)@%d", okind_names[p->obj[p->ctx_obj].kind],
			  p->depth);
		release_ctx(p, b & 1);
		for (i = 0; i < p->nobj; i++)
			held += p->obj[i].kind == O_EXE && p->obj[i].alive;
		if (!p->obj[p->ctx_obj].alive) {
			unsafe(p, "releases a released %s", what);
		} else if (held) {
			/*
			 * its dynptrs are discarded later, reading the put
			 * file; the file is not put again
			 */
			unsafe(p, "releases a file a dynptr reference still holds");
			p->obj[p->ctx_obj].alive = false;
		} else {
			kill_obj(p, p->ctx_obj);
		}
		return;
	}
	s = pick_dyn_slot(p, a, NULL);
	if (s < 0)
		return;
	d = p->slot[s].dyn;
	if (!is_ref(p->obj[p->dyn[d].obj].kind))
		return;
	slot_ref(p, s, src, sizeof(src));
	shape_add(p, "rel(%s)%s@%d", okname(p, d), tag(p, s), p->depth);
	if (is_file(p->obj[p->dyn[d].obj].kind))
		emit(p, "\tbpf_dynptr_file_discard(%s);\n", src);
	else
		emit(p, "\tbpf_ringbuf_%s_dynptr(%s, 0);\n",
		     b & 1 ? "discard" : "submit", src);
	if (use_dyn(p, s, "releases"))
		kill_obj(p, p->dyn[d].obj);
}

static void op_ovw(struct prog *p, unsigned char a)
{
	char ref[16];
	int s, d;

	s = pick_dyn_slot(p, a, NULL);
	if (s < 0)
		return;
	d = p->slot[s].dyn;
	slot_ref(p, s, ref, sizeof(ref));
	shape_add(p, "ovw(%s)%s@%d", okname(p, d), tag(p, s), p->depth);
	emit(p, "\tclobber_dynptr(%s);\n", ref);
	/* the slot keeps naming the dead dynptr: later uses are unsafe */
	clear_slot(p, s);
}

static void op_pkt(struct prog *p)
{
	int i;

	if (!ptypes[p->type].pkt_change)
		return;
	shape_add(p, "pkt@%d", p->depth);
	emit(p, "\t%s;\n", ptypes[p->type].pkt_change);
	for (i = 0; i < p->nsl; i++)
		if (is_pkt(p->obj[p->sl[i].obj].kind))
			p->sl[i].alive = false;
}

static void op_call(struct prog *p, unsigned char a, unsigned char b)
{
	int vis[MAX_SLOTS], n, sl[20], var[20], ns, fi;
	struct func *f, *c;

	if (p->depth + 1 == MAX_FRAMES || p->nfn == MAX_FUNCS ||
	    !stack_fits(p, 32))
		return;
	f = cur(p);
	n = visible_slots(p, vis);
	ns = visible_svars(p, sl, var);
	fi = p->nfn++;
	c = &p->fn[fi];
	memset(c, 0, sizeof(*c));
	c->depth = p->depth + 1;
	c->param[0] = n && a < 224 ? vis[a % n] : -1;
	c->param[1] = n > 1 && b < 224 ? vis[b % n] : -1;
	if (c->param[1] == c->param[0])
		c->param[1] = -1;
	c->pslice = ns ? sl[ns - 1] : -1;
	c->pvar = ns ? var[ns - 1] : -1;
	c->po_fn = -1;
	(void)f;
	p->chain[++p->depth] = fi;
	shape_add(p, "call%s%s%s@%d", c->param[0] >= 0 ? "A" : "",
		  c->param[1] >= 0 ? "B" : "", c->pslice >= 0 ? "S" : "",
		  p->depth);
}

/*
 * Before a function returns, a ringbuf record or file reference whose
 * every live dynptr is in this function is discarded through one of them:
 * a reference is never leaked, so a program is unsafe only through a use
 * after death.
 */
static void close_records(struct prog *p, bool all)
{
	int i, j, fi = p->chain[p->depth];

	for (i = 0; i < p->nobj; i++) {
		int via = -1, outside = 0;

		if (!is_ref(p->obj[i].kind) || !p->obj[i].alive)
			continue;
		for (j = 0; j < p->ndyn; j++) {
			if (!p->dyn[j].alive || p->dyn[j].obj != i)
				continue;
			if (p->slot[p->dyn[j].slot].func == fi)
				via = j;
			else
				outside++;
		}
		if (via < 0 || (outside && !all))
			continue;
		if (is_file(p->obj[i].kind))
			emit(p, "\tbpf_dynptr_file_discard(&d%d);\n",
			     p->slot[p->dyn[via].slot].idx);
		else
			emit(p, "\tbpf_ringbuf_discard_dynptr(&d%d, 0);\n",
			     p->slot[p->dyn[via].slot].idx);
		kill_obj(p, i);
	}
}

/*
 * *po = sK: a callee stores one of its slices in a slice variable of the
 * caller or of a frame further up (b picks it; the frames between pass po
 * on).  The slice keeps its parent: its dynptr may die with this frame.
 */
static void op_out(struct prog *p, unsigned char a, unsigned char b)
{
	int sl[20], var[20], n, k, t, i, fi;
	struct func *f = cur(p);
	char name[16];

	/* a qdisc subprog takes five arguments already: no register for po */
	if (!p->depth || ptypes[p->type].ctx_params[1])
		return;
	n = visible_svars(p, sl, var);
	if (!n)
		return;
	k = a < 128 ? n - 1 : a % n;	/* mostly the newest */
	if (f->po_fn < 0) {
		t = b % p->depth;
		for (i = t + 1; i < p->depth; i++)
			if (p->fn[p->chain[i]].po_fn >= 0)
				return;
		fi = p->chain[t];
		if (p->fn[fi].nslice == 16 || !stack_fits(p, 8))
			return;
		for (i = t + 1; i <= p->depth; i++) {
			p->fn[p->chain[i]].po_fn = fi;
			p->fn[p->chain[i]].po_var = p->fn[fi].nslice;
		}
		p->fn[fi].nslice++;
	}
	p->fn[f->po_fn].svar[f->po_var] = sl[k];
	svar_name(var[k], name, sizeof(name));
	emit(p, "\t*po = %s;\n", name);
	shape_add(p, "out(%s)%s@%d>%d",
		  okind_names[p->obj[p->sl[sl[k]].obj].kind],
		  var[k] < 0 ? "P" : "", p->depth, p->fn[f->po_fn].depth);
}

static void func_header(struct prog *p, int fi, char **buf, size_t *len)
{
	struct func *f = &p->fn[fi];
	const char *params[7];
	int i, j, np = 0, col;
	char head[64];

	if (fi == 0) {
		append(buf, len, "SEC(\"%s\")\n", ptypes[p->type].sec);
		return;
	}
	for (i = 0; i < 2 && ptypes[p->type].ctx_params[i]; i++)
		params[np++] = ptypes[p->type].ctx_params[i];
	params[np++] = "struct bpf_dynptr *pa";
	params[np++] = "struct bpf_dynptr *pb";
	params[np++] = "__u32 *ps";
	if (f->po_fn >= 0)
		params[np++] = "__u32 **po";
	/* one parameter a line, aligned with the open parenthesis */
	col = snprintf(head, sizeof(head), "static __noinline __u32 *%s_f%d(",
		       p->name, fi);
	append(buf, len, "%s", head);
	for (i = 0; i < np; i++) {
		if (i) {
			append(buf, len, ",\n");
			for (j = 0; j < col / 8; j++)
				append(buf, len, "\t");
			append(buf, len, "%*s", col % 8, "");
		}
		append(buf, len, "%s", params[i]);
	}
	append(buf, len, ")\n{\n");
	for (i = 0; i < f->ndyn; i++)
		append(buf, len, "\tstruct bpf_dynptr d%d;\n", i);
	for (i = 0; i < f->nslice; i++)
		append(buf, len, "\t__u32 *s%d __maybe_unused = NULL;\n", i);
	append(buf, len, "\t__u32 t __maybe_unused = 0;\n\n");
}

static void op_ret(struct prog *p, unsigned char a)
{
	int sl[20], var[20], n, fi = p->chain[p->depth], i, rv = -1, v = -1;
	struct func *f = cur(p);
	char name[16], args[96], ref[16];

	if (!p->depth)
		return;
	n = visible_svars(p, sl, var);
	if (n && a < 192)
		rv = a < 128 ? n - 1 : a % n;	/* mostly the newest */
	close_records(p, false);
	if (rv >= 0) {
		svar_name(var[rv], name, sizeof(name));
		emit(p, "\treturn %s;\n}\n\n", name);
	} else {
		emit(p, "\treturn NULL;\n}\n\n");
	}
	/* the frame's dynptrs die with it; slices keep their parent */
	for (i = 0; i < p->ndyn; i++)
		if (p->slot[p->dyn[i].slot].func == fi)
			p->dyn[i].alive = false;
	func_header(p, fi, &p->funcs, &p->funcs_len);
	append(&p->funcs, &p->funcs_len, "%s", f->body);
	free(f->body);
	f->body = NULL;
	f->closed = true;
	p->depth--;
	/* the call, in the caller */
	args[0] = '\0';
	for (i = 0; i < 2; i++) {
		if (f->param[i] < 0) {
			strcat(args, ", NULL");
			continue;
		}
		slot_ref(p, f->param[i], ref, sizeof(ref));
		strcat(args, ", ");
		strcat(args, ref);
	}
	if (f->pslice >= 0) {
		svar_name(f->pvar, name, sizeof(name));
		strcat(args, ", ");
		strcat(args, name);
	} else {
		strcat(args, ", NULL");
	}
	if (f->po_fn == p->chain[p->depth])
		snprintf(args + strlen(args), sizeof(args) - strlen(args),
			 ", &s%d", f->po_var);
	else if (f->po_fn >= 0)
		strcat(args, ", po");
	if (rv >= 0)
		v = new_svar(p, sl[rv]);
	if (v >= 0)
		emit(p, "\ts%d = ", v);
	else
		emit(p, "\t");
	emit(p, "%s_f%d(%s%s);\n", p->name, fi, ptypes[p->type].ctx_args,
	     args);
	shape_add(p, "ret%s@%d", v >= 0 ? "S" : "", p->depth + 1);
}

/*
 * Operations by raw byte: a table of 32 so that the operations that build
 * and end objects come up more often than the plain uses.
 */
static const unsigned char op_table[32] = {
	OP_MK, OP_MK, OP_MK, OP_MK, OP_CLONE, OP_CLONE, OP_CLONE, OP_CLONE,
	OP_SLICE, OP_SLICE, OP_SLICE, OP_DATA, OP_READ, OP_READ, OP_WRITE,
	OP_USE, OP_USE, OP_USE, OP_REL, OP_REL, OP_REL, OP_OVW, OP_OVW,
	OP_CALL, OP_CALL, OP_CALL, OP_RET, OP_RET, OP_RET, OP_PKT, OP_ADJ,
	OP_OUT,
};

static unsigned char op_byte(enum op op)
{
	unsigned char i;

	for (i = 0; op_table[i] != op; i++)
		;
	return i;
}

static bool allowed(struct prog *p, enum op op)
{
	return op != OP_PKT || ptypes[p->type].pkt_change;
}

static void step(struct prog *p, const unsigned char *e)
{
	enum op op = op_table[e[0] % 32];

	/* callees stay short: after three events a return is likely */
	if (p->depth && cur(p)->nev >= 3 && (e[2] & 3) == 3)
		op = OP_RET;
	if (!allowed(p, op))
		return;
	switch (op) {
	case OP_MK:
		op_mk(p, e[1], e[2]);
		break;
	case OP_CLONE:
		op_clone(p, e[1], e[2]);
		break;
	case OP_SLICE:
		op_slice(p, e[1], e[2], false);
		break;
	case OP_DATA:
		op_slice(p, e[1], e[2], true);
		break;
	case OP_READ:
		op_rw(p, e[1], false);
		break;
	case OP_WRITE:
		op_rw(p, e[1], true);
		break;
	case OP_USE:
		op_use(p, e[1], e[2]);
		break;
	case OP_REL:
		op_rel(p, e[1], e[2]);
		break;
	case OP_OVW:
		op_ovw(p, e[1]);
		break;
	case OP_CALL:
		op_call(p, e[1], e[2]);
		break;
	case OP_RET:
		op_ret(p, e[1]);
		break;
	case OP_PKT:
		op_pkt(p);
		break;
	case OP_ADJ:
		op_adjust(p, e[1]);
		break;
	case OP_OUT:
		op_out(p, e[1], e[2]);
		break;
	default:
		break;
	}
}

static void prog_free(struct prog *p)
{
	int i;

	for (i = 0; i < p->nfn; i++)
		free(p->fn[i].body);
	free(p->funcs);
	p->funcs = NULL;
}

/* Run the events through the model; the program text is then in p. */
static void decode(struct prog *p, const char *name)
{
	int i;

	p->nobj = 0;
	p->ndyn = 0;
	p->nsl = 0;
	p->nslot = 0;
	p->unsafe = false;
	p->reason[0] = '\0';
	p->shape[0] = '\0';
	p->refuse[0] = '\0';
	p->funcs = NULL;
	p->funcs_len = 0;
	snprintf(p->name, sizeof(p->name), "%s", name);
	memset(&p->fn[0], 0, sizeof(p->fn[0]));
	p->fn[0].param[0] = -1;
	p->fn[0].param[1] = -1;
	p->fn[0].pslice = -1;
	p->fn[0].po_fn = -1;
	p->nfn = 1;
	p->depth = 0;
	p->chain[0] = 0;
	p->ctx_obj = new_obj(p, ptypes[p->type].ctx_kind);
	p->mem_obj = new_obj(p, O_MEM);
	emit(p, "");
	memset(p->eff, 0, sizeof(p->eff));
	for (i = 0; i < p->nev && !p->unsafe; i++) {
		size_t n = strlen(p->shape);
		int depth = p->depth;

		step(p, p->ev[i]);
		p->eff[i] = strlen(p->shape) != n;
		/* counted in the frame it ran in, unless it returned */
		if (p->eff[i] && depth == p->depth)
			cur(p)->nev++;
	}
	while (p->depth)
		op_ret(p, 255);
	close_records(p, true);
	if (ptypes[p->type].ctx_release && p->obj[p->ctx_obj].alive)
		release_ctx(p, false);
	if (!p->reason[0])
		snprintf(p->reason, sizeof(p->reason),
			 "every access is to a live object");
}

/* Keep only the events that changed the model: the same program. */
static void canonical(struct prog *p)
{
	char name[sizeof(p->name)];
	int i, m = 0;

	for (i = 0; i < p->nev; i++)
		if (p->eff[i])
			memmove(p->ev[m++], p->ev[i], 3);
	p->nev = m;
	snprintf(name, sizeof(name), "%s", p->name);
	prog_free(p);
	decode(p, name);
}

static const char *event_hex(const struct prog *p, char *buf, size_t sz)
{
	int i;

	snprintf(buf, sz, "%s:", ptypes[p->type].name);
	for (i = 0; i < p->nev; i++)
		snprintf(buf + strlen(buf), sz - strlen(buf), "%02x%02x%02x",
			 p->ev[i][0], p->ev[i][1], p->ev[i][2]);
	return buf;
}

static int parse_enc(const char *enc, struct prog *p)
{
	const char *colon = strchr(enc, ':'), *h;
	int t, i;

	memset(p, 0, sizeof(*p));
	if (!colon)
		return -EINVAL;
	for (t = 0; t < P_NR; t++)
		if (strlen(ptypes[t].name) == (size_t)(colon - enc) &&
		    !strncmp(enc, ptypes[t].name, colon - enc))
			break;
	if (t == P_NR)
		return -EINVAL;
	p->type = t;
	h = colon + 1;
	if (strlen(h) % 6 || strlen(h) / 6 > MAX_EVENTS)
		return -EINVAL;
	for (i = 0; h[i * 2]; i++) {
		unsigned int v;

		if (sscanf(h + i * 2, "%2x", &v) != 1)
			return -EINVAL;
		p->ev[i / 3][i % 3] = v;
	}
	p->nev = i / 3;
	return 0;
}

/* The program's main function, with its annotations. */
static void emit_main(FILE *o, struct prog *p, const char *desc)
{
	const struct ptype_info *t = &ptypes[p->type];
	struct func *f = &p->fn[0];
	int i;

	if (p->funcs)
		fputs(p->funcs, o);
	fprintf(o, "SEC(\"%s\")\n", t->sec);
	fprintf(o, "__description(\"%s\")\n", desc);
	fprintf(o, "%s\n", p->unsafe ? "__failure" : "__success");
	fputs(t->needs, o);
	fputs("__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_adjust)\n"
	      "__needs_kfunc(bpf_dynptr_slice) __needs_kfunc(bpf_dynptr_slice_rdwr)\n",
	      o);
	fprintf(o, "%s%s%s\n{\n", t->decl[0], p->name, t->decl[1]);
	for (i = 0; i < f->ndyn; i++)
		fprintf(o, "\tstruct bpf_dynptr d%d;\n", i);
	for (i = 0; i < f->nslice; i++)
		fprintf(o, "\t__u32 *s%d __maybe_unused = NULL;\n", i);
	fprintf(o, "\t__u32 t __maybe_unused = 0;\n");
	if (t->entry)
		fputs(t->entry, o);
	fprintf(o, "\n%s", f->body ? f->body : "");
	fprintf(o, "\treturn %s;\n}\n\n", t->ret);
}

static void emit_prelude(FILE *o, enum ptype t, const char *comment)
{
	bool qdisc = t == P_QDISC;

	fprintf(o, "// %s-License-Identifier: GPL-2.0\n/*\n%s */\n", "SPDX",
		comment);
	fputs("#include <linux/types.h>\n", o);
	fputs(qdisc ? "#include \"bpf_refs_qdisc.h\"\n" :
	      "#include \"bpf_refs_kfuncs.h\"\n", o);
	if (t == P_FILE)
		fputs("#include <bpf/bpf_tracing.h>\n", o);
	fputs("#include \"bpf_refs_misc.h\"\n#include \"bpf_refs_dynptr.h\"\n\n"
	      "#ifndef __maybe_unused\n#define __maybe_unused __attribute__((unused))\n#endif\n\n"
	      "char _license[] SEC(\"license\") = \"GPL\";\n\n"
	      "struct {\n\t__uint(type, BPF_MAP_TYPE_RINGBUF);\n"
	      "\t__uint(max_entries, 4096);\n} rb SEC(\".maps\");\n\n"
	      "/* Plain memory for bpf_dynptr_from_mem; reads end up in sink. */\n"
	      "__u32 mem[4];\n__u64 sink;\n\n", o);
	if (!qdisc)
		return;
	fputs("SEC(\"?struct_ops\")\n__auxiliary\n"
	      "struct sk_buff *BPF_PROG(refs_dequeue, struct Qdisc *sch)\n"
	      "{\n\treturn NULL;\n}\n\n"
	      "SEC(\"?struct_ops\")\n__auxiliary\n"
	      "int BPF_PROG(refs_init, struct Qdisc *sch, struct nlattr *opt,\n"
	      "\t     struct netlink_ext_ack *extack)\n{\n\treturn 0;\n}\n\n"
	      "SEC(\"?struct_ops\")\n__auxiliary\n"
	      "void BPF_PROG(refs_reset, struct Qdisc *sch)\n{\n}\n\n"
	      "SEC(\"?struct_ops\")\n__auxiliary\n"
	      "void BPF_PROG(refs_destroy, struct Qdisc *sch)\n{\n}\n\n", o);
}

/* A program; its description is title, or encoding, shape and verdict. */
static void emit_one(FILE *o, struct prog *p, const char *title)
{
	char enc[MAX_EVENTS * 6 + 16], desc[sizeof(enc) + 1400];

	if (title) {
		emit_main(o, p, title);
		return;
	}
	snprintf(desc, sizeof(desc), "fuzz %s [%s] %s%s%s",
		 event_hex(p, enc, sizeof(enc)), p->shape, p->reason,
		 p->refuse[0] ? "; may be refused: " : "", p->refuse);
	emit_main(o, p, desc);
}

static void random_prog(struct prog *p, enum ptype t, unsigned int *seed)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->type = t;
	p->nev = 6 + rand_r(seed) % (MAX_EVENTS - 6);
	for (i = 0; i < p->nev; i++) {
		p->ev[i][0] = rand_r(seed);
		p->ev[i][1] = rand_r(seed);
		p->ev[i][2] = rand_r(seed);
	}
}

static void help(void)
{
	fputs("usage: fuzzgen gen -s SEED -n N -o DIR [-b BATCH] [-t TYPES] [-x DEPTH]\n"
	      "       fuzzgen emit -o FILE.c ENC...\n"
	      "       fuzzgen reduce ENC\n"
	      "       fuzzgen show ENC\n"
	      "       fuzzgen finding -o FILE.c -N NAME -k KERNELS -r REASON ENC\n"
	      "       fuzzgen check [N]    canonical forms keep their programs\n"
	      "TYPES: comma list of tc,xdp,qdisc,file (default tc,xdp,qdisc);\n"
	      "ENC: TYPE:hex;\n"
	      "-x: every sequence of up to DEPTH events instead of random ones\n",
	      stderr);
	exit(2);
}

/* FNV-1a over a string: programs are deduplicated by shape. */
static unsigned long long hash_str(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

struct seen {
	unsigned long long *h;
	size_t n, cap;
};

static bool seen_add(struct seen *s, unsigned long long h)
{
	size_t i;

	if (!s->cap) {
		s->cap = 1 << 22;
		s->h = calloc(s->cap, sizeof(*s->h));
		if (!s->h)
			die("out of memory");
	}
	if (s->n * 2 > s->cap)
		die("too many distinct programs");
	for (i = h & (s->cap - 1); s->h[i]; i = (i + 1) & (s->cap - 1))
		if (s->h[i] == (h | 1))
			return false;
	s->h[i] = h | 1;
	s->n++;
	return true;
}

/*
 * Programs per object.  libbpf looks up the kernel types of every
 * struct_ops map of an object each time it loads one of its programs: a
 * qdisc program loads in 0.13 s from an object of 10 and in 0.46 s from one
 * of 200 (libbpf 1.1, 7.3.4 guest under TCG).
 */
#define MAX_PER_OBJ	512
#define QDISC_PER_OBJ	10

static int per_object(enum ptype t, int per)
{
	return t == P_QDISC && per > QDISC_PER_OBJ ? QDISC_PER_OBJ : per;
}

struct batch {
	FILE *f;
	char path[512];
	char names[MAX_PER_OBJ][32];
	int n;
};

static void batch_close(struct batch *b, enum ptype t)
{
	int i;

	if (!b->f)
		return;
	for (i = 0; t == P_QDISC && i < b->n; i++)
		fprintf(b->f, "QDISC_OPS_MAP(%s);\n", b->names[i]);
	if (fclose(b->f))
		die("%s: %s", b->path, strerror(errno));
	b->f = NULL;
	b->n = 0;
}

static FILE *open_out(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die("%s: %s", path, strerror(errno));
	return f;
}

/* What gen writes: objects of up to per programs, and a manifest. */
struct gen {
	const char *dir;
	int per, n, made;
	struct batch b[P_NR];
	int fileno[P_NR];
	FILE *man;
	struct seen seen;
};

/* Add decoded program p unless its shape was seen; false if it was. */
static bool gen_add(struct gen *g, struct prog *p)
{
	char enc[MAX_EVENTS * 6 + 16];
	struct batch *bt = &g->b[p->type];

	if (!p->shape[0] ||
	    !seen_add(&g->seen, hash_str(p->shape) ^
		      (p->type + 1) * 0x9e3779b97f4a7c15ULL))
		return false;
	if (bt->n == per_object(p->type, g->per))
		batch_close(bt, p->type);
	if (!bt->f) {
		snprintf(bt->path, sizeof(bt->path), "%s/fuzz_%s_%03d.c",
			 g->dir, ptypes[p->type].name, g->fileno[p->type]++);
		bt->f = open_out(bt->path);
		emit_prelude(bt->f, p->type,
			     " * Generated by tools/fuzz/fuzzgen; see docs/fuzz.md.\n");
	}
	emit_one(bt->f, p, NULL);
	snprintf(bt->names[bt->n++], sizeof(bt->names[0]), "%s", p->name);
	fprintf(g->man, "%s\t%s\t%s\t%s\t%s\t%s\n", p->name,
		p->unsafe ? "unsafe" : "safe", event_hex(p, enc, sizeof(enc)),
		p->shape, p->reason, p->refuse[0] ? p->refuse : "-");
	g->made++;
	return true;
}

/*
 * Exhaustive enumeration, depth first: every sequence of up to depth
 * events over the alphabet "every operation, operand 0, 1, a live one
 * (230), a dead one (255); second operand 0, 1, 129".  A prefix whose last
 * event changed nothing, or whose shape was seen, is not extended (its
 * extensions are those of a shorter prefix); an unsafe one ends there.
 */
static const unsigned char ex_a[] = { 0, 1, 255, 230 };
static const unsigned char ex_b[] = { 0, 1, 129 };
#define EX_ALPHA	(OP_NR * 4 * 3)

static void ex_walk(struct gen *g, const struct prog *base, int depth)
{
	int c, len = base->nev;

	for (c = 0; c < EX_ALPHA && g->made < g->n; c++) {
		struct prog *q = malloc(sizeof(*q));
		char name[24];

		if (!q)
			die("out of memory");
		memcpy(q, base, sizeof(*q));
		q->ev[len][0] = op_byte(c % OP_NR);
		q->ev[len][1] = ex_a[(c / OP_NR) % 4];
		q->ev[len][2] = ex_b[c / OP_NR / 4];
		q->nev = len + 1;
		snprintf(name, sizeof(name), "fx_%d", g->made);
		decode(q, name);
		if (q->eff[len] && gen_add(g, q) && !q->unsafe &&
		    q->nev < depth)
			ex_walk(g, q, depth);
		prog_free(q);
		free(q);
	}
}

static int cmd_gen(int argc, char **argv)
{
	unsigned int seed = 1, seed0, types = DEFAULT_TYPES;
	int depth = 0, opt, i, t, nt = 0, tlist[P_NR];
	struct gen g = { .n = 100, .per = 100 };
	char path[512];

	while ((opt = getopt(argc, argv, "s:n:o:b:t:x:")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			g.n = atoi(optarg);
			break;
		case 'o':
			g.dir = optarg;
			break;
		case 'b':
			g.per = atoi(optarg);
			break;
		case 'x':
			depth = atoi(optarg);
			break;
		case 't':
			types = 0;
			for (t = 0; t < P_NR; t++)
				if (strstr(optarg, ptypes[t].name))
					types |= 1 << t;
			break;
		default:
			help();
		}
	}
	if (!g.dir || g.n <= 0 || g.per <= 0 || g.per > MAX_PER_OBJ || !types ||
	    depth < 0 || depth > MAX_EVENTS)
		help();
	for (t = 0; t < P_NR; t++)
		if (types & 1 << t)
			tlist[nt++] = t;
	seed0 = seed;
	snprintf(path, sizeof(path), "%s/manifest.tsv", g.dir);
	g.man = open_out(path);
	for (i = 0; depth && i < nt; i++) {
		struct prog *p = calloc(1, sizeof(*p));

		if (!p)
			die("out of memory");
		p->type = tlist[i];
		ex_walk(&g, p, depth);
		free(p);
	}
	for (i = 0; !depth && g.made < g.n; i++) {
		struct prog *p = calloc(1, sizeof(*p));
		char name[24];

		if (!p)
			die("out of memory");
		random_prog(p, tlist[i % nt], &seed);
		snprintf(name, sizeof(name), "fz_%u_%d", seed0, g.made);
		decode(p, name);
		gen_add(&g, p);
		prog_free(p);
		free(p);
	}
	for (t = 0; t < P_NR; t++)
		batch_close(&g.b[t], t);
	fclose(g.man);
	free(g.seen.h);
	fprintf(stderr, "fuzzgen: %d programs in %s\n", g.made, g.dir);
	return 0;
}

static struct prog *decode_enc(const char *enc, const char *name)
{
	struct prog *p = calloc(1, sizeof(*p));

	if (!p)
		die("out of memory");
	if (parse_enc(enc, p))
		die("bad encoding '%s' (want TYPE:hex, TYPE tc, xdp, qdisc or file)",
		    enc);
	decode(p, name);
	return p;
}

/*
 * Objects of PREFIX_K.c, one program type, at most per_object() programs
 * each; prints "PREFIX_K/name verdict encoding shape" for every program.
 */
static int cmd_emit(int argc, char **argv)
{
	const char *out = NULL, *base;
	struct batch b = {};
	int opt, i, t = -1, k = 0;

	while ((opt = getopt(argc, argv, "o:")) != -1) {
		if (opt != 'o')
			help();
		out = optarg;
	}
	if (!out || optind == argc)
		help();
	base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	for (i = optind; i < argc; i++) {
		char name[24];
		struct prog *p;

		snprintf(name, sizeof(name), "fr_%d", i - optind);
		p = decode_enc(argv[i], name);
		if (t >= 0 && t != (int)p->type)
			die("%s: one program type per object", argv[i]);
		t = p->type;
		if (b.n == per_object(t, MAX_PER_OBJ))
			batch_close(&b, t);
		if (!b.f) {
			snprintf(b.path, sizeof(b.path), "%s_%d.c", out, k++);
			b.f = open_out(b.path);
			emit_prelude(b.f, p->type,
				     " * Generated by tools/fuzz/fuzzgen; see docs/fuzz.md.\n");
		}
		emit_one(b.f, p, NULL);
		snprintf(b.names[b.n++], sizeof(b.names[0]), "%s", name);
		printf("%s_%d/%s\t%s\t%s\t%s\n", base, k - 1, name,
		       p->unsafe ? "unsafe" : "safe", argv[i], p->shape);
		prog_free(p);
		free(p);
	}
	batch_close(&b, t);
	return 0;
}

/* Print p without events i and j if its verdict stays and its shape is new. */
static void try_drop(const struct prog *p, int i, int j, struct seen *seen)
{
	char enc[MAX_EVENTS * 6 + 16];
	struct prog *q = calloc(1, sizeof(*q));
	int k, m;

	if (!q)
		die("out of memory");
	q->type = p->type;
	for (k = 0, m = 0; k < p->nev; k++)
		if (k != i && k != j)
			memcpy(q->ev[m++], p->ev[k], 3);
	q->nev = m;
	decode(q, "r");
	if (q->unsafe == p->unsafe && seen_add(seen, hash_str(q->shape)))
		printf("%s\t%s\t%s\n", event_hex(q, enc, sizeof(enc)),
		       q->unsafe ? "unsafe" : "safe", q->shape);
	prog_free(q);
	free(q);
}

/*
 * Reduction candidates of ENC, "ENC verdict shape" lines: first ENC's
 * canonical form, then it without one event, then without two; only those
 * with ENC's verdict and a shape not seen before.
 */
static int cmd_reduce(int argc, char **argv)
{
	char enc[MAX_EVENTS * 6 + 16];
	struct seen seen = {};
	struct prog *p;
	int i, j;

	if (argc != 2)
		help();
	p = decode_enc(argv[1], "r");
	canonical(p);
	printf("%s\t%s\t%s\n", event_hex(p, enc, sizeof(enc)),
	       p->unsafe ? "unsafe" : "safe", p->shape);
	seen_add(&seen, hash_str(p->shape));
	for (i = 0; i < p->nev; i++)
		try_drop(p, i, i, &seen);
	for (i = 0; i < p->nev; i++)
		for (j = i + 1; j < p->nev; j++)
			try_drop(p, i, j, &seen);
	prog_free(p);
	free(p);
	free(seen.h);
	return 0;
}

static int cmd_show(int argc, char **argv)
{
	char enc[MAX_EVENTS * 6 + 16];
	struct prog *p;

	if (argc != 2)
		help();
	p = decode_enc(argv[1], "show");
	canonical(p);
	printf("%s\t%s\t%s\t%s\t%s\n", p->unsafe ? "unsafe" : "safe", p->shape,
	       p->reason, event_hex(p, enc, sizeof(enc)),
	       p->refuse[0] ? p->refuse : "-");
	prog_free(p);
	free(p);
	return 0;
}

/* A finding as a ready progs-style test. */
static int cmd_finding(int argc, char **argv)
{
	const char *out = NULL, *kernels = "", *reason = "", *name = "finding";
	char comment[2048], enc[MAX_EVENTS * 6 + 16], title[256];
	struct batch b = {};
	struct prog *p;
	int opt;

	while ((opt = getopt(argc, argv, "o:k:r:N:")) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'k':
			kernels = optarg;
			break;
		case 'r':
			reason = optarg;
			break;
		case 'N':
			name = optarg;
			break;
		default:
			help();
		}
	}
	if (!out || optind != argc - 1)
		help();
	p = decode_enc(argv[optind], name);
	canonical(p);
	snprintf(comment, sizeof(comment),
		 " * Found by tools/fuzz/fuzzgen (docs/fuzz.md), reduced.\n"
		 " * Model: %s: %s.\n"
		 " * Shape: %s\n"
		 " * Fails on: %s\n"
		 " * Verifier: %s\n"
		 " * Reproduce: tools/fuzz/fuzzgen show %s\n",
		 p->unsafe ? "unsafe" : "safe", p->reason, p->shape, kernels,
		 reason, event_hex(p, enc, sizeof(enc)));
	snprintf(b.path, sizeof(b.path), "%s", out);
	b.f = open_out(out);
	emit_prelude(b.f, p->type, comment);
	snprintf(title, sizeof(title), "%s: %s", name, p->reason);
	emit_one(b.f, p, title);
	snprintf(b.names[b.n++], sizeof(b.names[0]), "%s", name);
	batch_close(&b, p->type);
	prog_free(p);
	free(p);
	return 0;
}

/*
 * Self-test: the canonical form of N random programs (and of every program
 * of up to three events) decodes to the same shape, verdict and C text.
 */
static int check_one(struct prog *p)
{
	struct prog *q = malloc(sizeof(*q));
	char enc[MAX_EVENTS * 6 + 16];
	int bad;

	if (!q)
		die("out of memory");
	decode(p, "c");
	memcpy(q, p, sizeof(*q));
	q->funcs = NULL;
	q->nfn = 0;
	canonical(q);
	bad = strcmp(p->shape, q->shape) || p->unsafe != q->unsafe ||
	      strcmp(p->fn[0].body ? p->fn[0].body : "",
		     q->fn[0].body ? q->fn[0].body : "") ||
	      strcmp(p->funcs ? p->funcs : "", q->funcs ? q->funcs : "");
	if (bad)
		fprintf(stderr, "fuzzgen check: %s changes under canonical(): [%s] -> [%s]\n",
			event_hex(p, enc, sizeof(enc)), p->shape, q->shape);
	prog_free(q);
	free(q);
	prog_free(p);
	return bad;
}

static int cmd_check(int argc, char **argv)
{
	unsigned int seed = 1;
	int i, n = argc > 1 ? atoi(argv[1]) : 20000, bad = 0;
	struct prog *p = malloc(sizeof(*p));

	if (!p)
		die("out of memory");
	for (i = 0; i < n; i++) {
		random_prog(p, i % P_NR, &seed);
		bad += check_one(p);
	}
	free(p);
	printf("fuzzgen check: %d of %d programs change under canonical()\n",
	       bad, n);
	return !!bad;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		help();
	if (!strcmp(argv[1], "gen"))
		return cmd_gen(argc - 1, argv + 1);
	if (!strcmp(argv[1], "emit"))
		return cmd_emit(argc - 1, argv + 1);
	if (!strcmp(argv[1], "reduce"))
		return cmd_reduce(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return cmd_show(argc - 1, argv + 1);
	if (!strcmp(argv[1], "finding"))
		return cmd_finding(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	help();
	return 2;
}
