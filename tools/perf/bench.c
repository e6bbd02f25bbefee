// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_refs_bench: load every program of the generated objects R times and
 * record the verifier's own statistics (log level BPF_LOG_STATS) and the
 * wall time of BPF_PROG_LOAD.
 *
 * Each program is loaded once through the runner's loader (loader.c),
 * as veristat does (fresh object, only that program autoloaded).  The BPF_PROG_LOAD attr
 * libbpf builds is captured (the binary is linked with --wrap=syscall) and
 * replayed R more times: the kernel sees the same instructions, BTF, func
 * and line info every time, and the timed region is the syscall alone.
 * Replays run in rounds over all programs, so that a burst of noise from
 * other processes spreads over the points instead of hitting one.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include "bench.h"
#include "json_writer.h"
#include "loader.h"
#include "verifier_stats.h"

#define MAX_OBJS	64

/* --- capture of libbpf's BPF_PROG_LOAD ------------------------------- */

static struct {
	bool armed, got;
	union bpf_attr attr;
	unsigned int size;
	double wall_us;
	void *insns, *func_info, *line_info;
	char license[64];
} cap;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void *dup_mem(__u64 ptr, size_t len)
{
	void *p;

	if (!ptr || !len)
		return NULL;
	p = malloc(len);
	if (p)
		memcpy(p, (void *)(unsigned long)ptr, len);
	return p;
}

static void capture(const union bpf_attr *attr, unsigned int size)
{
	free(cap.insns);
	free(cap.func_info);
	free(cap.line_info);
	memset(&cap.attr, 0, sizeof(cap.attr));
	if (size > sizeof(cap.attr))
		size = sizeof(cap.attr);
	memcpy(&cap.attr, attr, size);
	cap.size = size;
	cap.insns = dup_mem(attr->insns, attr->insn_cnt * sizeof(struct bpf_insn));
	cap.func_info = dup_mem(attr->func_info,
				(size_t)attr->func_info_cnt * attr->func_info_rec_size);
	cap.line_info = dup_mem(attr->line_info,
				(size_t)attr->line_info_cnt * attr->line_info_rec_size);
	snprintf(cap.license, sizeof(cap.license), "%s",
		 (const char *)(unsigned long)attr->license);
	cap.attr.insns = (unsigned long)cap.insns;
	cap.attr.func_info = (unsigned long)cap.func_info;
	cap.attr.line_info = (unsigned long)cap.line_info;
	cap.attr.license = (unsigned long)cap.license;
	cap.got = true;
}

long __wrap_syscall(long nr, long a1, long a2, long a3, long a4, long a5)
{
	union bpf_attr *attr = (union bpf_attr *)a2;
	double t0;
	long ret;

	if (nr != __NR_bpf || a1 != BPF_PROG_LOAD || !cap.armed ||
	    !(attr->log_level & 4))
		return __real_syscall(nr, a1, a2, a3, a4, a5);
	capture(attr, a3);
	t0 = now_us();
	ret = __real_syscall(nr, a1, a2, a3, a4, a5);
	cap.wall_us = now_us() - t0;
	return ret;
}

/* --- programs ---------------------------------------------------------- */

struct prog_run {
	struct bench_point pt;
	struct bpf_object *obj;		/* kept open: maps and BTF of the attr */
	union bpf_attr attr;
	unsigned int attr_size;
	void *insns, *func_info, *line_info;
	char license[64];
	struct loader_log log;		/* of the first load, for the replays */
	int cap_runs;
};

static struct {
	int runs, warmup;
	const char *filter, *csv, *json;
	const char *clock;	/* what verification time counts (docs/perf.md) */
	bool quiet;
} opt = { .runs = 31, .warmup = 3, .clock = "realtime" };

static void note(const char *fmt, ...)
{
	va_list ap;

	if (opt.quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static bool kernel_has_func(const char *name)
{
	static struct btf *vmlinux;
	static bool tried;

	if (!tried) {
		tried = true;
		vmlinux = btf__load_vmlinux_btf();
		if (libbpf_get_error(vmlinux))
			vmlinux = NULL;
	}
	return vmlinux && btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC) > 0;
}

static void read_manifest(const char *dir, struct prog_run *runs, int cnt)
{
	char path[PATH_MAX], line[512], *c;
	int i, stack;
	FILE *f;

	snprintf(path, sizeof(path), "%s/manifest.csv", dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		c = strchr(line, ',');
		if (!c)
			continue;
		*c = '\0';
		/* prog,family,kind,frames,slices,fanout,release,nodes,depth,pred_stack */
		if (sscanf(c + 1, "%*[^,],%*[^,],%*[^,],%*[^,],%*[^,],%*[^,],%*[^,],%*[^,],%d",
			   &stack) != 1)
			continue;
		for (i = 0; i < cnt; i++)
			if (!strcmp(runs[i].pt.prog, line))
				runs[i].pt.pred_stack = stack;
	}
	fclose(f);
}

static void record(struct prog_run *r, double vt, double wall)
{
	struct bench_point *p = &r->pt;

	if (p->runs == r->cap_runs) {
		r->cap_runs = r->cap_runs ? 2 * r->cap_runs : 64;
		p->vt = realloc(p->vt, r->cap_runs * sizeof(double));
		p->wall = realloc(p->wall, r->cap_runs * sizeof(double));
		if (!p->vt || !p->wall) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
	}
	p->vt[p->runs] = vt;
	p->wall[p->runs] = wall;
	p->runs++;
}

/* First load, through the loader; captures the attr for the replays. */
static int first_load(const char *path, const char *name, struct prog_run *r)
{
	struct load_req req = {
		.path = path,
		.prog = name,
		.log_level = LOADER_LOG_STATS,
	};
	struct loaded ld;
	int err;

	r->log.size = LOADER_LOG_SIZE;
	r->log.max = LOADER_LOG_SIZE;
	cap.armed = true;
	cap.got = false;
	err = loader_load(&req, &r->log, &ld);
	cap.armed = false;
	if (err)
		return err;
	r->pt.insns = ld.stats.insns;
	r->pt.total_states = ld.stats.total_states;
	r->pt.peak_states = ld.stats.peak_states;
	r->pt.max_states_per_insn = ld.stats.max_states_per_insn;
	snprintf(r->pt.stack_depth, sizeof(r->pt.stack_depth), "%s",
		 ld.stats.stack_depth);
	if (ld.err || !cap.got) {
		r->pt.accepted = false;
		/* the verifier's complaint, read as the engine reads it */
		if (ld.verifier_ran)
			verifier_log_reason(r->log.buf, r->pt.error,
					    sizeof(r->pt.error));
		else
			snprintf(r->pt.error, sizeof(r->pt.error),
				 "libbpf load error %d", ld.err);
		/* only statistics, or nothing: say how the load failed */
		if (!strcmp(r->pt.error, "empty verifier log"))
			snprintf(r->pt.error, sizeof(r->pt.error),
				 "no reason in the verifier log; libbpf load error %d",
				 ld.err);
		if (cap.got && ld.stats.verification_time_us >= 0)
			record(r, ld.stats.verification_time_us, cap.wall_us);
		loader_close(&ld);
		return 0;
	}
	r->pt.accepted = true;
	r->obj = ld.obj;
	r->attr = cap.attr;
	r->attr_size = cap.size;
	r->insns = cap.insns;
	r->func_info = cap.func_info;
	r->line_info = cap.line_info;
	memcpy(r->license, cap.license, sizeof(r->license));
	r->attr.license = (unsigned long)r->license;
	cap.insns = NULL;
	cap.func_info = NULL;
	cap.line_info = NULL;
	return 0;
}

/* One replay of the captured load: returns 0 and the two times. */
static int replay(struct prog_run *r, double *vt, double *wall)
{
	struct verifier_stats st;
	union bpf_attr attr = r->attr;
	double t0;
	int fd;

	r->log.buf[0] = '\0';
	attr.log_buf = (unsigned long)r->log.buf;
	attr.log_size = r->log.size;
	attr.log_level = LOADER_LOG_STATS;
	t0 = now_us();
	fd = __real_syscall(__NR_bpf, BPF_PROG_LOAD, &attr, r->attr_size, 0, 0);
	*wall = now_us() - t0;
	if (fd < 0)
		return -errno;
	close(fd);
	verifier_stats_parse(r->log.buf, &st);
	if (st.insns != r->pt.insns || st.total_states != r->pt.total_states ||
	    st.peak_states != r->pt.peak_states)
		r->pt.unstable = true;
	*vt = st.verification_time_us;
	return 0;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcmp(s + a - b, suf);
}

/* Default objects: bench_*.bpf.o beside the binary, else in the cwd. */
static int find_objects(const char *dir, char **objs, int max)
{
	struct dirent *de;
	int n = 0;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		if (strncmp(de->d_name, "bench_", 6) ||
		    !has_suffix(de->d_name, ".bpf.o"))
			continue;
		if (asprintf(&objs[n], "%s/%s", dir, de->d_name) > 0)
			n++;
	}
	closedir(d);
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_run(const void *a, const void *b)
{
	const struct prog_run *x = a, *y = b;
	int c = strcmp(x->pt.family, y->pt.family);

	return c ? c : x->pt.nodes - y->pt.nodes;
}

static int list_programs(char **objs, int nobj, struct prog_run **out)
{
	struct prog_run *runs = NULL, *r;
	struct bpf_program *prog;
	struct bpf_object *obj;
	const char *name;
	int i, n = 0;

	for (i = 0; i < nobj; i++) {
		obj = bpf_object__open_file(objs[i], NULL);
		if (libbpf_get_error(obj)) {
			fprintf(stderr, "%s: cannot open\n", objs[i]);
			continue;
		}
		bpf_object__for_each_program(prog, obj) {
			name = bpf_program__name(prog);
			if (!strstr(name, "__n"))
				continue;
			if (opt.filter && !strstr(name, opt.filter))
				continue;
			r = realloc(runs, (n + 1) * sizeof(*runs));
			if (!r)
				return -ENOMEM;
			runs = r;
			r = &runs[n++];
			memset(r, 0, sizeof(*r));
			snprintf(r->pt.prog, sizeof(r->pt.prog), "%s", name);
			snprintf(r->pt.object, sizeof(r->pt.object), "%s",
				 objs[i]);
			r->pt.nodes = bench_split_name(name, r->pt.family,
						       sizeof(r->pt.family));
			r->pt.pred_stack = -1;
		}
		bpf_object__close(obj);
	}
	qsort(runs, n, sizeof(*runs), cmp_run);
	*out = runs;
	return n;
}

static void join_samples(FILE *f, const double *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s%.0f", i ? ";" : "", v[i]);
}

/*
 * The result CSV: names and numbers, which never hold a comma, and the
 * error, quoted when it does (bench_csv_field()).
 */
static void write_csv(FILE *f, struct prog_run *runs, int cnt)
{
	struct bench_summary vt, wall;
	struct bench_point *p;
	double *ovh;
	int i, j;

	fprintf(f,
		"prog,family,nodes,verdict,insns,total_states,peak_states,max_states_per_insn,stack_depth,pred_stack,runs,vt_med_us,vt_p10_us,vt_p90_us,vt_cov,vt_med_rse,vt_rcov,wall_med_us,wall_p10_us,wall_p90_us,wall_cov,overhead_med_us,unstable,error,clock,vt_samples,wall_samples\n");
	for (i = 0; i < cnt; i++) {
		p = &runs[i].pt;
		bench_summarize(p->vt, p->runs, &vt);
		bench_summarize(p->wall, p->runs, &wall);
		ovh = calloc(p->runs + 1, sizeof(*ovh));
		for (j = 0; ovh && j < p->runs; j++)
			ovh[j] = p->wall[j] - p->vt[j];
		fprintf(f,
			"%s,%s,%d,%s,%lld,%lld,%lld,%lld,%s,%d,%d,%.1f,%.1f,%.1f,%.4f,%.4f,%.4f,%.1f,%.1f,%.1f,%.4f,%.1f,%d,",
			p->prog, p->family, p->nodes, bench_verdict(p),
			p->insns, p->total_states, p->peak_states,
			p->max_states_per_insn, p->stack_depth, p->pred_stack,
			p->runs, vt.med, vt.p10, vt.p90, vt.cov, vt.med_rse, vt.rcov,
			wall.med, wall.p10, wall.p90, wall.cov,
			ovh ? bench_median(ovh, p->runs) : NAN, p->unstable);
		bench_csv_field(f, p->error);
		fprintf(f, ",%s,", opt.clock);
		join_samples(f, p->vt, p->runs);
		fputc(',', f);
		join_samples(f, p->wall, p->runs);
		fputc('\n', f);
		free(ovh);
	}
}

static void json_point(struct json_writer *w, const struct bench_point *p)
{
	struct bench_summary vt, wall;

	bench_summarize(p->vt, p->runs, &vt);
	bench_summarize(p->wall, p->runs, &wall);
	json_object(w, NULL, JSON_INLINE);
	json_string(w, "prog", p->prog);
	json_string(w, "family", p->family);
	json_int(w, "nodes", p->nodes);
	json_string(w, "verdict", bench_verdict(p));
	json_int(w, "insns", p->insns);
	json_int(w, "total_states", p->total_states);
	json_int(w, "peak_states", p->peak_states);
	json_string(w, "stack_depth", p->stack_depth);
	json_int(w, "runs", p->runs);
	if (p->runs) {
		json_fixed(w, "vt_med_us", vt.med, 1);
		json_fixed(w, "vt_p10_us", vt.p10, 1);
		json_fixed(w, "vt_p90_us", vt.p90, 1);
		json_fixed(w, "vt_cov", vt.cov, 4);
		json_fixed(w, "vt_rcov", vt.rcov, 4);
		json_fixed(w, "vt_med_rse", vt.med_rse, 4);
		json_fixed(w, "wall_med_us", wall.med, 1);
		json_fixed(w, "overhead_med_us", wall.med - vt.med, 1);
	}
	json_string(w, "error", p->error);
	json_close(w);
}

static void write_json(FILE *f, struct prog_run *runs, int cnt,
		       double elapsed_s)
{
	struct bench_point *pts = calloc(cnt, sizeof(*pts));
	struct json_writer w;
	struct utsname u;
	int i;

	uname(&u);
	json_writer_init(&w, f);
	json_object(&w, NULL, JSON_LINES);
	json_string(&w, "tool", "bpf_refs_bench");
	json_string(&w, "kernel", u.release);
	json_string(&w, "machine", u.machine);
	json_string(&w, "clock", opt.clock);
	json_int(&w, "runs", opt.runs);
	json_int(&w, "warmup", opt.warmup);
	json_fixed(&w, "elapsed_s", elapsed_s, 2);
	json_array(&w, "points", JSON_LINES);
	for (i = 0; i < cnt; i++) {
		if (pts)
			pts[i] = runs[i].pt;
		json_point(&w, &runs[i].pt);
	}
	json_close(&w);
	json_array(&w, "families", JSON_LINES);
	if (pts)
		bench_family_fits(pts, cnt, &w, NULL);
	json_close(&w);
	json_close(&w);
	free(pts);
}

static void print_summary(struct prog_run *runs, int cnt)
{
	struct bench_point *pts = calloc(cnt, sizeof(*pts));
	struct bench_summary vt, wall;
	struct bench_point *p;
	int i, big = 0, rse_ok = 0, rcov_ok = 0;
	double worst_rse = 0, worst_rcov = 0;

	if (opt.quiet || !pts)
		goto out;
	fprintf(stderr, "%-40s %-8s %6s %6s %8s %8s %8s %7s %7s %7s\n",
		"program", "verdict", "insns", "states", "vt_med", "wall_med",
		"overhead", "cov", "rcov", "med_rse");
	for (i = 0; i < cnt; i++) {
		p = &runs[i].pt;
		pts[i] = *p;
		bench_summarize(p->vt, p->runs, &vt);
		bench_summarize(p->wall, p->runs, &wall);
		fprintf(stderr,
			"%-40s %-8s %6lld %6lld %8.0f %8.0f %8.0f %6.1f%% %6.1f%% %6.2f%%\n",
			p->prog, bench_verdict(p), p->insns, p->total_states,
			vt.med, wall.med, wall.med - vt.med, 100 * vt.cov,
			100 * vt.rcov, 100 * vt.med_rse);
		if (p->accepted && vt.med >= 100) {
			big++;
			rse_ok += vt.med_rse < 0.05;
			rcov_ok += vt.rcov < 0.05;
			worst_rse = fmax(worst_rse, vt.med_rse);
			worst_rcov = fmax(worst_rcov, vt.rcov);
		}
	}
	fprintf(stderr, "\n");
	bench_family_fits(pts, cnt, NULL, stderr);
	fprintf(stderr,
		"\nR=%d, clock %s: %d points with median >= 100 us; CoV of the median (bootstrap) < 5%% for %d (worst %.2f%%); robust sample CoV < 5%% for %d (worst %.2f%%)\n",
		opt.runs, opt.clock, big, rse_ok, 100 * worst_rse, rcov_ok, 100 * worst_rcov);
out:
	free(pts);
}

static int run_cmd(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "runs", required_argument, NULL, 'r' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "filter", required_argument, NULL, 'f' },
		{ "csv", required_argument, NULL, 'o' },
		{ "json", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "clock", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	char *objs[MAX_OBJS], exe[PATH_MAX], dir[PATH_MAX];
	struct prog_run *runs = NULL;
	int c, i, round, nobj = 0, cnt, err;
	double vt = 0, wall = 0, t0;
	FILE *f;

	while ((c = getopt_long(argc, argv, "r:w:f:o:j:qc:", lopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			opt.runs = atoi(optarg);
			break;
		case 'w':
			opt.warmup = atoi(optarg);
			break;
		case 'f':
			opt.filter = optarg;
			break;
		case 'o':
			opt.csv = optarg;
			break;
		case 'j':
			opt.json = optarg;
			break;
		case 'q':
			opt.quiet = true;
			break;
		case 'c':
			opt.clock = optarg;
			break;
		default:
			return 2;
		}
	}
	if (opt.runs < 1 || opt.warmup < 0)
		return 2;
	if (strcmp(opt.clock, "realtime") && strcmp(opt.clock, "icount")) {
		fprintf(stderr, "--clock takes realtime or icount, not '%s'\n",
			opt.clock);
		return 2;
	}
	for (i = optind; i < argc && nobj < MAX_OBJS; i++)
		objs[nobj++] = strdup(argv[i]);
	dir[0] = '\0';
	if (!nobj) {
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

		if (n > 0) {
			exe[n] = '\0';
			snprintf(dir, sizeof(dir), "%s", dirname(exe));
			nobj = find_objects(dir, objs, MAX_OBJS);
		}
		if (!nobj) {
			snprintf(dir, sizeof(dir), ".");
			nobj = find_objects(dir, objs, MAX_OBJS);
		}
	} else {
		snprintf(exe, sizeof(exe), "%s", objs[0]);
		snprintf(dir, sizeof(dir), "%s", dirname(exe));
	}
	if (!nobj) {
		fprintf(stderr, "no bench_*.bpf.o objects given or found\n");
		return 2;
	}
	qsort(objs, nobj, sizeof(objs[0]), cmp_str);
	loader_libbpf_print(false);
	cnt = list_programs(objs, nobj, &runs);
	if (cnt <= 0) {
		fprintf(stderr, "no programs to measure\n");
		return 2;
	}
	read_manifest(dir, runs, cnt);
	t0 = now_us();
	for (i = 0; i < cnt; i++) {
		struct prog_run *r = &runs[i];

		if (strstr(r->pt.family, "_qdisc_") &&
		    !kernel_has_func("bpf_qdisc_skb_drop")) {
			r->pt.skipped = true;
			snprintf(r->pt.error, sizeof(r->pt.error),
				 "no bpf qdisc (bpf_qdisc_skb_drop) in this kernel");
			continue;
		}
		err = first_load(r->pt.object, r->pt.prog, r);
		if (err) {
			r->pt.skipped = true;
			snprintf(r->pt.error, sizeof(r->pt.error),
				 "cannot open: %s", err_str(err));
		}
	}
	for (round = 0; round < opt.warmup + opt.runs; round++) {
		for (i = 0; i < cnt; i++) {
			if (!runs[i].pt.accepted)
				continue;
			err = replay(&runs[i], &vt, &wall);
			if (err) {
				fprintf(stderr, "%s: replay failed: %s\n",
					runs[i].pt.prog, strerror(-err));
				return 1;
			}
			if (round >= opt.warmup)
				record(&runs[i], vt, wall);
		}
		note("\rround %d/%d", round + 1, opt.warmup + opt.runs);
	}
	note("\n");
	if (opt.csv || !opt.json) {
		f = opt.csv && strcmp(opt.csv, "-") ? fopen(opt.csv, "w") : stdout;
		if (!f) {
			fprintf(stderr, "%s: %s\n", opt.csv, strerror(errno));
			return 2;
		}
		write_csv(f, runs, cnt);
		if (f != stdout)
			fclose(f);
	}
	if (opt.json) {
		f = strcmp(opt.json, "-") ? fopen(opt.json, "w") : stdout;
		if (!f) {
			fprintf(stderr, "%s: %s\n", opt.json, strerror(errno));
			return 2;
		}
		write_json(f, runs, cnt, (now_us() - t0) / 1e6);
		if (f != stdout)
			fclose(f);
	}
	print_summary(runs, cnt);
	for (i = 0; i < cnt; i++) {
		if (runs[i].obj)
			bpf_object__close(runs[i].obj);
		free(runs[i].log.buf);
		free(runs[i].insns);
		free(runs[i].func_info);
		free(runs[i].line_info);
		free(runs[i].pt.vt);
		free(runs[i].pt.wall);
		if (runs[i].pt.unstable)
			fprintf(stderr, "%s: insns or states changed between loads\n",
				runs[i].pt.prog);
	}
	for (i = 0; i < nobj; i++)
		free(objs[i]);
	free(runs);
	return 0;
}

static void help(void)
{
	fprintf(stderr,
		"usage: bpf_refs_bench [run] [-r RUNS] [-w WARMUP] [-f SUBSTR] [-o CSV] [-j JSON] [-q]\n"
		"                      [-c realtime|icount] [OBJ...]\n"
		"       bpf_refs_bench compare [-t TOL] [-a] [-j JSON] [-m MD] BASE[,BASE...] CAND[,CAND...]\n"
		"       bpf_refs_bench fit RESULT.csv\n"
		"       bpf_refs_bench vcheck OURS.csv VERISTAT.csv...\n"
		"Without OBJ, run loads bench_*.bpf.o beside the binary (else in the\n"
		"current directory).  Without -o and -j the CSV goes to stdout.  -c names\n"
		"what the kernel's verification time counts: realtime (default) or\n"
		"icount (guest instructions, QEMU -icount); compare takes the boots of\n"
		"each kernel as comma-separated lists.\n"
		"See docs/perf.md.\n");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "compare"))
		return bench_compare(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "vcheck"))
		return bench_vcheck(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "fit"))
		return bench_fit_cmd(argc - 1, argv + 1);
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		help();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "run"))
		return run_cmd(argc - 1, argv + 1);
	return run_cmd(argc, argv);
}
