// SPDX-License-Identifier: GPL-2.0
/*
 * treegen: write BPF C programs that build trees of dynptrs for the verifier.
 *
 * A family is named SHAPE_KIND_fF_sS_RELEASE[_WRAP]:
 *   SHAPE    chain (clone of clone), star (clones of the root),
 *            treeK (complete K-ary tree, nodes numbered breadth first)
 *   KIND     skb (tc skb dynptr), ringbuf (ringbuf record), mem (map value),
 *            qdisc (struct_ops enqueue skb; only where bpf qdisc exists)
 *   F        call frames the nodes are spread over (contiguous ranges)
 *   S        slices taken of every node, kept in stack slots
 *   RELEASE  root (release the root in the deepest frame), callee (pass
 *            the root to a subprog that releases it), leaves (leaves first,
 *            root last), overwrite (overwrite every node's stack slot)
 *   WRAP     loopK: build and release the tree K times, in a bpf_loop
 *            callback (one frame more); iterK: the same in an open-coded
 *            bpf_for loop (bpf_iter_num) in the program itself
 * A point is family plus node count; its program is FAMILY__nN in the
 * object bench_FAMILY.bpf.o.  A sweep is a list of "FAMILY N,N,..." lines;
 * "lim" in a node list stands for the largest predicted to fit and one more.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STACK	512	/* MAX_BPF_STACK, shared by the call chain */
#define MAX_FRAMES	8	/* MAX_CALL_FRAMES */
#define DYNPTR_SIZE	16
#define SLOT_SIZE	8
#define MAX_NODES	64
#define MAX_POINTS	32
#define REC_SIZE	64	/* ringbuf record / map value / slice range */
#define SLICE_SIZE	4
/* clang refuses a function over 512 bytes and adds a few spills of its own */
#define CLANG_FRAME_MAX	(MAX_STACK - 16)
#define WHY_CLANG	"a frame over 496 bytes: clang cannot build it"
#define WHY_EXCLUDED	"clang could not build it (stack)"

enum kind { K_SKB, K_RINGBUF, K_MEM, K_QDISC };
enum shape { S_CHAIN, S_STAR, S_TREE };
enum release { R_ROOT, R_CALLEE, R_LEAVES, R_OVERWRITE };
enum wrap { W_NONE, W_LOOP, W_ITER };
#define MAX_REPS	64

static const char *const kind_names[] = { "skb", "ringbuf", "mem", "qdisc" };
static const char *const release_names[] = {
	"root", "callee", "leaves", "overwrite"
};

struct family {
	char name[64];
	enum shape shape;
	int fanout;
	enum kind kind;
	int frames;
	int slices;
	enum release release;
	enum wrap wrap;
	int reps;		/* iterations of the loop of WRAP */
};

struct tree {
	int n;
	int parent[MAX_NODES];
	int frame[MAX_NODES];
	int idx[MAX_NODES];	/* index in its frame's array */
	int lo[MAX_FRAMES + 1];	/* frame j holds nodes lo[j]..lo[j+1]-1 */
};

static const char *const default_sweep =
	"chain_skb_f1_s1_root 1,2,4,8,12,16,lim\n"
	"star_skb_f1_s1_root 1,2,4,8,12,16,lim\n"
	"star_ringbuf_f1_s1_root 1,2,4,8,12,16,lim\n"
	"star_mem_f1_s0_root 1,2,4,8,16,24,lim\n"
	"tree2_mem_f1_s0_leaves 1,3,7,15,24,28,lim\n"
	"chain_skb_f2_s0_root 1,2,4,8,16,24,lim\n"
	"tree3_skb_f1_s1_leaves 1,4,13,lim\n"
	"chain_ringbuf_f8_s1_root 1,2,4,8,12,lim\n"
	"star_skb_f4_s2_overwrite 1,2,4,8,lim\n"
	"star_ringbuf_f2_s1_callee 1,2,4,8,12,lim\n"
	"chain_ringbuf_f1_s0_overwrite 1,2,4\n"
	"chain_skb_f8_s0_callee 8\n"
	"chain_qdisc_f1_s1_root 1,2,4,8\n"
	/* aimed at the recursive release of 7.2 */
	"star_skb_f8_s4_root 1,2,4,8,lim\n"
	"chain_skb_f8_s2_root 1,2,4,8,12,lim\n"
	"chain_ringbuf_f1_s1_root_loop4 1,2,4,8,12,lim\n"
	"chain_ringbuf_f1_s1_root_iter4 1,2,3,4,6\n"
	"chain_skb_f4_s1_root_iter8 1,2,3,4,6\n"
	"tree2_ringbuf_f2_s1_leaves_loop4 1,3,7,15,lim\n";

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "treegen: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static int lookup(const char *s, size_t len, const char *const *names, int cnt)
{
	int i;

	for (i = 0; i < cnt; i++)
		if (strlen(names[i]) == len && !strncmp(s, names[i], len))
			return i;
	return -1;
}

/* Parse SHAPE_KIND_fF_sS_RELEASE[_WRAP]; 0 or -EINVAL. */
static int family_parse(const char *name, struct family *f)
{
	char buf[64], *tok[6], *save = NULL, *p;
	int i = 0, v;

	if (strlen(name) >= sizeof(buf))
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(buf, sizeof(buf), "%s", name);
	for (p = strtok_r(buf, "_", &save); p; p = strtok_r(NULL, "_", &save)) {
		if (i == 6)
			return -EINVAL;
		tok[i++] = p;
	}
	if (i < 5)
		return -EINVAL;
	if (i == 6) {
		if (sscanf(tok[5], "loop%d", &f->reps) == 1)
			f->wrap = W_LOOP;
		else if (sscanf(tok[5], "iter%d", &f->reps) == 1)
			f->wrap = W_ITER;
		else
			return -EINVAL;
		if (f->reps < 1 || f->reps > MAX_REPS)
			return -EINVAL;
	}
	if (!strcmp(tok[0], "chain")) {
		f->shape = S_CHAIN;
	} else if (!strcmp(tok[0], "star")) {
		f->shape = S_STAR;
	} else if (!strncmp(tok[0], "tree", 4) && tok[0][4]) {
		f->shape = S_TREE;
		f->fanout = atoi(tok[0] + 4);
		if (f->fanout < 1 || f->fanout > 16)
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	v = lookup(tok[1], strlen(tok[1]), kind_names, 4);
	if (v < 0)
		return -EINVAL;
	f->kind = v;
	if (sscanf(tok[2], "f%d", &f->frames) != 1 || f->frames < 1 ||
	    f->frames > MAX_FRAMES + 1)
		return -EINVAL;
	if (sscanf(tok[3], "s%d", &f->slices) != 1 || f->slices < 0 ||
	    f->slices > REC_SIZE / SLICE_SIZE)
		return -EINVAL;
	v = lookup(tok[4], strlen(tok[4]), release_names, 4);
	if (v < 0)
		return -EINVAL;
	f->release = v;
	/* a bpf qdisc's enqueue has no loop variant */
	if (f->wrap != W_NONE && f->kind == K_QDISC)
		return -EINVAL;
	return 0;
}

static void tree_build(const struct family *f, int n, struct tree *t)
{
	int i, j;

	t->n = n;
	for (i = 0; i < n; i++) {
		if (i == 0)
			t->parent[i] = -1;
		else if (f->shape == S_CHAIN)
			t->parent[i] = i - 1;
		else if (f->shape == S_STAR)
			t->parent[i] = 0;
		else
			t->parent[i] = (i - 1) / f->fanout;
	}
	/* frame 0 always holds the root: ceil(j * n / F) */
	for (j = 0; j <= f->frames; j++)
		t->lo[j] = (j * n + f->frames - 1) / f->frames;
	for (j = 0; j < f->frames; j++)
		for (i = t->lo[j]; i < t->lo[j + 1]; i++) {
			t->frame[i] = j;
			t->idx[i] = i - t->lo[j];
		}
}

static int frame_cnt(const struct tree *t, int j)
{
	return t->lo[j + 1] - t->lo[j];
}

/* The nearest frame below j that holds nodes: what "prev" points to. */
static int prev_frame(const struct tree *t, int j)
{
	for (j--; j > 0; j--)
		if (frame_cnt(t, j))
			return j;
	return 0;
}

/* A frame's share of the 512 bytes: rounded up to 16 when JITed (6.9+). */
static int round_up16(int v)
{
	return (v + 15) / 16 * 16;
}

/* Stack of frame j as the generated C lays it out (before padding). */
static int frame_stack(const struct family *f, const struct tree *t, int j)
{
	int cnt = frame_cnt(t, j);
	int s = cnt * (DYNPTR_SIZE + SLOT_SIZE * f->slices);

	if (j == 0 && f->kind == K_MEM)
		s += SLOT_SIZE;		/* the map key */
	if (j == 0 && f->wrap == W_ITER)
		s += SLOT_SIZE;		/* the iterator (struct bpf_refs_iter_num) */
	return s;
}

/*
 * Check a point against the verifier's limits.  Returns the predicted stack
 * (sum over frames, each rounded up to 16 as the verifier does with a JIT),
 * and sets *why when the point cannot fit or cannot be placed.
 */
static int predict(const struct family *f, const struct tree *t,
		   const char **why)
{
	int j, i, p, total = 0, frames = f->frames;
	bool unbuildable = false;

	*why = NULL;
	for (j = 0; j < f->frames; j++) {
		total += round_up16(frame_stack(f, t, j));
		if (frame_stack(f, t, j) > CLANG_FRAME_MAX)
			unbuildable = true;
	}
	if (f->release == R_CALLEE)
		frames++;
	if (f->wrap == W_LOOP) {
		/* the program, holding the skb ctx for the callback */
		frames++;
		total += f->kind == K_SKB ? 16 : 0;
	}
	for (i = 1; i < t->n; i++) {
		p = t->parent[i];
		if (t->frame[p] != t->frame[i] && p != 0 &&
		    t->frame[p] != prev_frame(t, t->frame[i]))
			*why = "parent not reachable from the node's frame";
	}
	if (frames > MAX_FRAMES)
		*why = "more than 8 call frames";
	else if (total > MAX_STACK)
		*why = "combined stack over 512 bytes";
	if (unbuildable)
		*why = WHY_CLANG;
	return total;
}

/* The largest node count predicted to fit and to build, below MAX_NODES. */
static int predict_max(const struct family *f)
{
	struct tree t;
	const char *why;
	int n, best = 0;

	for (n = 1; n < MAX_NODES; n++) {
		tree_build(f, n, &t);
		predict(f, &t, &why);
		if (!why)
			best = n;
	}
	return best;
}

/* How frame j names node i. */
static void node_ref(char *buf, size_t sz, const struct tree *t, int j, int i)
{
	if (t->frame[i] == j)
		snprintf(buf, sz, "&d[%d]", t->idx[i]);
	else if (i == 0)
		snprintf(buf, sz, "root");
	else
		snprintf(buf, sz, "&prev[%d]", t->idx[i]);
}

static void emit_release(FILE *o, const struct family *f, const char *ref)
{
	if (f->kind == K_RINGBUF)
		fprintf(o, "\tbpf_ringbuf_discard_dynptr(%s, 0);\n", ref);
	else
		fprintf(o, "\t*(volatile __u64 *)(%s) = 0;\n", ref);
}

static void emit_overwrite(FILE *o, const char *ref)
{
	fprintf(o, "\t*(volatile __u64 *)(%s) = 0;\n", ref);
}

/* What the deepest frame does while every frame is live. */
static void emit_deepest(FILE *o, const struct family *f, const char *prog,
			 int j)
{
	const char *root = j ? "root" : "&d[0]";

	if (f->release == R_ROOT)
		emit_release(o, f, root);
	else if (f->release == R_CALLEE)
		fprintf(o, "\t%s_rel(%s);\n", prog, root);
}

/* What frame j does with its own nodes after the deeper frames returned. */
static void emit_post(FILE *o, const struct family *f, const struct tree *t,
		      int j)
{
	char ref[32];
	int i, last = t->n - 1;

	if (f->release == R_LEAVES) {
		if (f->kind == K_RINGBUF || f->kind == K_QDISC) {
			/* one release frees the record of every clone */
			if (t->frame[last] == j) {
				node_ref(ref, sizeof(ref), t, j, last);
				emit_release(o, f, ref);
			}
			return;
		}
		for (i = t->lo[j + 1] - 1; i >= t->lo[j]; i--) {
			node_ref(ref, sizeof(ref), t, j, i);
			emit_overwrite(o, ref);
		}
	} else if (f->release == R_OVERWRITE) {
		for (i = t->lo[j]; i < t->lo[j + 1]; i++) {
			if (i == 0 && f->kind == K_RINGBUF)
				continue;
			node_ref(ref, sizeof(ref), t, j, i);
			emit_overwrite(o, ref);
		}
		if (j == 0 && f->kind == K_RINGBUF)
			emit_release(o, f, "&d[0]");
	}
}

static void emit_nodes(FILE *o, const struct family *f, const struct tree *t,
		       int j)
{
	char ref[32];
	int i, k, s;

	for (i = t->lo[j]; i < t->lo[j + 1]; i++) {
		k = t->idx[i];
		if (i > 0) {
			node_ref(ref, sizeof(ref), t, j, t->parent[i]);
			fprintf(o, "\tbpf_dynptr_clone(%s, &d[%d]);\n", ref, k);
		}
		for (s = 0; s < f->slices; s++) {
			fprintf(o, "\tp = bpf_dynptr_slice(&d[%d], %d, NULL, %d);\n",
				k, s * SLICE_SIZE, SLICE_SIZE);
			fprintf(o, "\ts[%d] = p;\n", k * f->slices + s);
			fprintf(o, "\tif (p)\n\t\t(void)*(volatile __u8 *)p;\n");
		}
	}
}

static void emit_locals(FILE *o, const struct family *f, const struct tree *t,
			int j)
{
	int cnt = frame_cnt(t, j);

	if (!cnt)
		return;
	fprintf(o, "\tstruct bpf_dynptr d[%d];\n", cnt);
	if (f->slices) {
		fprintf(o, "\tvoid * volatile s[%d];\n", cnt * f->slices);
		fprintf(o, "\tvoid *p;\n");
	}
}

static void emit_call_down(FILE *o, const struct family *f,
			   const struct tree *t, const char *prog, int j)
{
	const char *prev;

	if (j == f->frames - 1) {
		emit_deepest(o, f, prog, j);
		return;
	}
	if (frame_cnt(t, j))
		prev = "d";
	else
		prev = "prev";
	fprintf(o, "\t%s_f%d(%s, %s);\n", prog, j + 1, j ? "root" : "&d[0]",
		prev);
}

static void emit_prog(FILE *o, const struct family *f, int n)
{
	char prog[96];
	struct tree t;
	const char *why;
	int j, stack;

	snprintf(prog, sizeof(prog), "%s__n%d", f->name, n);
	tree_build(f, n, &t);
	stack = predict(f, &t, &why);
	fprintf(o, "\n/* %s: %d nodes, predicted stack %d%s%s */\n", prog, n,
		stack, why ? ", expected to fail: " : "", why ? why : "");
	if (f->release == R_CALLEE) {
		fprintf(o, "static __noinline int %s_rel(struct bpf_dynptr *p)\n{\n",
			prog);
		emit_release(o, f, "p");
		fprintf(o, "\treturn 0;\n}\n\n");
	}
	for (j = f->frames - 1; j >= 1; j--) {
		fprintf(o,
			"static __noinline int\n%s_f%d(struct bpf_dynptr *root, struct bpf_dynptr *prev)\n{\n",
			prog, j);
		emit_locals(o, f, &t, j);
		emit_nodes(o, f, &t, j);
		emit_call_down(o, f, &t, prog, j);
		emit_post(o, f, &t, j);
		fprintf(o, "\treturn 0;\n}\n\n");
	}
	if (f->kind == K_QDISC) {
		fprintf(o, "SEC(\"struct_ops/%s\")\n", prog);
		fprintf(o,
			"int BPF_PROG(%s, struct sk_buff *skb, struct Qdisc *sch,\n\t     struct bpf_sk_buff_ptr *to_free)\n{\n",
			prog);
	} else if (f->wrap == W_LOOP) {
		/* frame 0 of the tree is the callback; the ctx comes through c */
		fprintf(o, "static int %s_cb(__u32 i, void *c)\n{\n", prog);
		if (f->kind == K_SKB)
			fprintf(o, "\tstruct __sk_buff *ctx = *(struct __sk_buff **)c;\n");
	} else {
		fprintf(o, "SEC(\"tc\")\nint %s(struct __sk_buff *ctx)\n{\n",
			prog);
	}
	emit_locals(o, f, &t, 0);
	if (f->kind == K_MEM)
		fprintf(o, "\t__u32 key = 0;\n\tvoid *v;\n");
	if (f->wrap == W_ITER) {
		fprintf(o, "\tstruct bpf_refs_iter_num it;\n\n");
		fprintf(o, "\tbpf_iter_num_new(&it, 0, %d);\n", f->reps);
		fprintf(o, "\twhile (bpf_iter_num_next(&it)) {\n");
	}
	switch (f->kind) {
	case K_SKB:
		fprintf(o, "\tbpf_dynptr_from_skb(ctx, 0, &d[0]);\n");
		break;
	case K_QDISC:
		fprintf(o, "\tbpf_dynptr_from_skb((struct __sk_buff *)skb, 0, &d[0]);\n");
		break;
	case K_RINGBUF:
		fprintf(o, "\tbpf_ringbuf_reserve_dynptr(&bench_rb, %d, 0, &d[0]);\n",
			REC_SIZE);
		break;
	case K_MEM:
		fprintf(o, "\tv = bpf_map_lookup_elem(&bench_arr, &key);\n");
		fprintf(o, "\tif (!v)\n\t\t%s;\n",
			f->wrap == W_ITER ? "continue" : "return 0");
		fprintf(o, "\tbpf_dynptr_from_mem(v, %d, 0, &d[0]);\n", REC_SIZE);
		break;
	}
	emit_nodes(o, f, &t, 0);
	emit_call_down(o, f, &t, prog, 0);
	emit_post(o, f, &t, 0);
	if (f->wrap == W_ITER) {
		/*
		 * Forget the released slices: an iteration whose kept slices
		 * differ from the last one's never converges (8193 jumps).
		 */
		for (j = 0; j < frame_cnt(&t, 0) * f->slices; j++)
			fprintf(o, "\ts[%d] = 0;\n", j);
		fprintf(o, "\t}\n\tbpf_iter_num_destroy(&it);\n");
	}
	if (f->kind == K_QDISC)
		fprintf(o, "\tbpf_qdisc_skb_drop(skb, to_free);\n");
	fprintf(o, "\treturn 0;\n}\n");
	if (f->wrap != W_LOOP)
		return;
	fprintf(o, "\nSEC(\"tc\")\nint %s(struct __sk_buff *ctx)\n{\n", prog);
	if (f->kind == K_SKB) {
		fprintf(o, "\tstruct __sk_buff *c = ctx;\n\n");
		fprintf(o, "\tbpf_loop(%d, %s_cb, &c, 0);\n", f->reps, prog);
	} else {
		fprintf(o, "\tbpf_loop(%d, %s_cb, NULL, 0);\n", f->reps, prog);
	}
	fprintf(o, "\treturn 0;\n}\n");
}

static void emit_header(FILE *o, const struct family *f)
{
	fprintf(o, "// SPDX-%s: GPL-2.0\n", "License-Identifier");
	fprintf(o, "/* Generated by tools/perf/treegen: family %s. */\n", f->name);
	fprintf(o, "#include \"bpf_refs_kfuncs.h\"\n");
	if (f->kind == K_QDISC) {
		fprintf(o, "#include <bpf/bpf_tracing.h>\n\n");
		fprintf(o,
			"struct Qdisc_ops {\n\tint (*enqueue)(struct sk_buff *skb, struct Qdisc *sch,\n\t\t       struct bpf_sk_buff_ptr *to_free);\n");
		fprintf(o,
			"\tstruct sk_buff *(*dequeue)(struct Qdisc *sch);\n\tvoid (*reset)(struct Qdisc *sch);\n\tchar id[16];\n};\n");
	}
	fprintf(o, "\nchar _license[] SEC(\"license\") = \"GPL\";\n");
	if (f->kind == K_RINGBUF)
		fprintf(o,
			"\nstruct {\n\t__uint(type, BPF_MAP_TYPE_RINGBUF);\n\t__uint(max_entries, 4096);\n} bench_rb SEC(\".maps\");\n");
	if (f->kind == K_MEM)
		fprintf(o,
			"\nstruct {\n\t__uint(type, BPF_MAP_TYPE_ARRAY);\n\t__uint(max_entries, 1);\n\t__type(key, __u32);\n\t__type(value, __u8[%d]);\n} bench_arr SEC(\".maps\");\n",
			REC_SIZE);
}

/* qdisc programs need a struct_ops map naming every enqueue program. */
static void emit_qdisc_ops(FILE *o, const struct family *f, const int *pts,
			   int cnt)
{
	int i;

	fprintf(o,
		"\nSEC(\"struct_ops\")\nvoid BPF_PROG(bench_reset, struct Qdisc *sch)\n{\n}\n");
	fprintf(o,
		"\nSEC(\"struct_ops\")\nstruct sk_buff *BPF_PROG(bench_dequeue, struct Qdisc *sch)\n{\n\treturn NULL;\n}\n");
	for (i = 0; i < cnt; i++)
		fprintf(o,
			"\nSEC(\".struct_ops\")\nstruct Qdisc_ops %s__ops%d = {\n\t.enqueue = (void *)%s__n%d,\n\t.dequeue = (void *)bench_dequeue,\n\t.reset = (void *)bench_reset,\n\t.id = \"bench%d\",\n};\n",
			f->name, pts[i], f->name, pts[i], i);
}

static int parse_points(const struct family *f, char *list, int *pts)
{
	char *save = NULL, *p;
	int cnt = 0, lim, i;

	for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (!strcmp(p, "lim")) {
			lim = predict_max(f);
			for (i = lim; i <= lim + 2 && cnt < MAX_POINTS; i++)
				pts[cnt++] = i;
			continue;
		}
		i = atoi(p);
		if (i < 1 || i >= MAX_NODES)
			die("%s: node count %s out of 1..%d", f->name, p,
			    MAX_NODES - 1);
		if (cnt < MAX_POINTS)
			pts[cnt++] = i;
	}
	return cnt;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Points clang cannot build or the generator cannot place are not written. */
static int emittable(const char *why)
{
	return !why || !strcmp(why, "combined stack over 512 bytes") ||
	       !strcmp(why, "more than 8 call frames");
}

/* Programs the build found clang cannot compile: -x NAME,NAME,... */
static const char *excluded = "";

static bool is_excluded(const struct family *f, int n)
{
	char name[96];
	const char *p = excluded;
	size_t len;

	len = snprintf(name, sizeof(name), "%s__n%d", f->name, n);
	while ((p = strstr(p, name))) {
		if ((p == excluded || p[-1] == ',') && (!p[len] || p[len] == ','))
			return true;
		p += len;
	}
	return false;
}

static bool point_emittable(const struct family *f, int n)
{
	struct tree t;
	const char *why;

	tree_build(f, n, &t);
	predict(f, &t, &why);
	return emittable(why) && !is_excluded(f, n);
}

static void manifest_row(FILE *m, const struct family *f, int n)
{
	struct tree t;
	const char *why;
	int stack, depth = 0, i, d, a;

	tree_build(f, n, &t);
	stack = predict(f, &t, &why);
	if (is_excluded(f, n))
		why = WHY_EXCLUDED;
	for (i = 0; i < n; i++) {
		for (d = 0, a = i; t.parent[a] >= 0; d++)
			a = t.parent[a];
		if (d > depth)
			depth = d;
	}
	fprintf(m, "%s__n%d,%s,%s,%d,%d,%d,%s,%d,%d,%d,%d,%d,%s\n", f->name, n,
		f->name, kind_names[f->kind], f->frames, f->slices,
		f->fanout, release_names[f->release], n, depth, stack,
		!why, point_emittable(f, n), why ? why : "");
}

static int gen_family(const char *dir, const char *name, char *list, FILE *m)
{
	struct family f;
	int pts[MAX_POINTS], cnt, i, uniq = 0;
	char path[512];
	FILE *o;

	if (family_parse(name, &f))
		die("bad family name '%s' (SHAPE_KIND_fF_sS_RELEASE[_WRAP])", name);
	cnt = parse_points(&f, list, pts);
	qsort(pts, cnt, sizeof(pts[0]), cmp_int);
	for (i = 0; i < cnt; i++)
		if (!uniq || pts[uniq - 1] != pts[i])
			pts[uniq++] = pts[i];
	snprintf(path, sizeof(path), "%s/bench_%s.bpf.c", dir, name);
	o = fopen(path, "w");
	if (!o)
		die("%s: %s", path, strerror(errno));
	emit_header(o, &f);
	for (i = 0; i < uniq; i++)
		manifest_row(m, &f, pts[i]);
	for (i = 0, cnt = 0; i < uniq; i++)
		if (point_emittable(&f, pts[i]))
			pts[cnt++] = pts[i];
	for (i = 0; i < cnt; i++)
		emit_prog(o, &f, pts[i]);
	if (f.kind == K_QDISC)
		emit_qdisc_ops(o, &f, pts, cnt);
	if (fclose(o))
		die("%s: %s", path, strerror(errno));
	printf("%s\n", path);
	return 0;
}

static void help(void)
{
	fprintf(stderr,
		"usage: treegen [-o DIR] [-x PROG,...] [-s SWEEPFILE | FAMILY N,N,...]\n"
		"       treegen -l FAMILY    print the largest node count predicted to fit\n"
		"Writes DIR/bench_FAMILY.bpf.c per family and DIR/manifest.csv.\n"
		"FAMILY is SHAPE_KIND_fF_sS_RELEASE[_WRAP]: SHAPE chain|star|treeK,\n"
		"KIND skb|ringbuf|mem|qdisc, RELEASE root|callee|leaves|overwrite,\n"
		"WRAP loopK (K times in a bpf_loop callback) | iterK (K times in an\n"
		"open-coded bpf_for loop).\n"
		"Without a sweep the built-in default sweep is written; -x leaves out\n"
		"programs (FAMILY__nN) that clang failed to build.\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *dir = ".", *sweep_file = NULL;
	char line[512], path[512], *name, *list, *save;
	struct family f;
	FILE *in, *m;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		bool known = i + 1 < argc && argv[i][1] &&
			     strchr("osx", argv[i][1]) && !argv[i][2];

		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			dir = argv[++i];
		} else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			sweep_file = argv[++i];
		} else if (!strcmp(argv[i], "-x") && i + 1 < argc) {
			excluded = argv[++i];
		} else if (!strcmp(argv[i], "-l") && i + 1 < argc) {
			if (family_parse(argv[++i], &f))
				die("bad family name '%s'", argv[i]);
			printf("%d\n", predict_max(&f));
			return 0;
		}
		if (!known)
			help();
	}
	if (sweep_file && !strcmp(sweep_file, "-"))
		in = stdin;
	else if (sweep_file)
		in = fopen(sweep_file, "r");
	else if (i + 2 == argc)
		in = NULL;
	else if (i == argc)
		in = fmemopen((void *)default_sweep, strlen(default_sweep), "r");
	else
		help();
	snprintf(path, sizeof(path), "%s/manifest.csv", dir);
	m = fopen(path, "w");
	if (!m)
		die("%s: %s", path, strerror(errno));
	fprintf(m,
		"prog,family,kind,frames,slices,fanout,release,nodes,depth,pred_stack,pred_ok,emitted,pred_why\n");
	if (!in && !sweep_file) {
		gen_family(dir, argv[i], argv[i + 1], m);
	} else {
		if (!in)
			die("%s: %s", sweep_file, strerror(errno));
		while (fgets(line, sizeof(line), in)) {
			save = NULL;
			name = strtok_r(line, " \t\n", &save);
			if (!name || name[0] == '#')
				continue;
			list = strtok_r(NULL, " \t\n", &save);
			if (!list)
				die("%s: no node list", name);
			gen_family(dir, name, list, m);
		}
		fclose(in);
	}
	if (fclose(m))
		die("%s: %s", path, strerror(errno));
	return 0;
}
