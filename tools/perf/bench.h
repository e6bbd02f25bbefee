/* SPDX-License-Identifier: GPL-2.0 */
/* bpf_refs_bench: verifier load-time measurements of generated dynptr trees. */
#ifndef __BPF_REFS_BENCH_H
#define __BPF_REFS_BENCH_H

#include <stdbool.h>
#include <stdio.h>

#define BENCH_NAME_LEN	128
#define BENCH_ERR_LEN	160

/* One program of the sweep: a point of a family. */
struct bench_point {
	char prog[BENCH_NAME_LEN];
	char family[BENCH_NAME_LEN];
	char object[BENCH_NAME_LEN];
	int nodes;
	bool accepted;
	bool skipped;
	char error[BENCH_ERR_LEN];	/* reject or skip reason */
	long long insns, total_states, peak_states, max_states_per_insn;
	char stack_depth[64];
	int pred_stack;			/* from manifest.csv, or -1 */
	bool unstable;			/* a counter changed between loads */
	char clock[16];			/* realtime, icount; "" in old files */
	int runs;
	double *vt;			/* verification time samples, usec */
	double *wall;			/* wall time of BPF_PROG_LOAD, usec */
};

struct bench_summary {
	double med, p10, p90, mean, cov, med_rse;
	double rcov;		/* robust: (p90 - p10) / 2.563 / median */
};

struct bench_fit {
	double slope, r2;
	int points;
};

#define BENCH_MAX_BOOTS	64

/*
 * One program in every boot of one kernel: pt[k] holds the replays of
 * boot k.  Its estimate is the mean over boots of the replay medians.
 */
struct bench_series {
	int boots;
	const struct bench_point *pt[BENCH_MAX_BOOTS];
};

/* A ratio candidate/baseline and its 95% interval. */
struct bench_ratio {
	double r, lo, hi;
};

struct json_writer;

/* the libc syscall(), reached past the --wrap=syscall capture */
long __real_syscall(long nr, ...);

/* bench_stats.c */
void bench_summarize(const double *v, int n, struct bench_summary *s);
double bench_quantile(const double *sorted, int n, double q);
double bench_median(const double *v, int n);
void bench_resample(const double *v, int n, double *out, unsigned long long *seed);
int bench_fit_loglog(const double *x, const double *y, int n, struct bench_fit *fit);
void bench_family_fits(struct bench_point *pts, int cnt,
		       struct json_writer *json, FILE *txt);
const char *bench_verdict(const struct bench_point *p);
void bench_csv_field(FILE *f, const char *s);
int bench_read_csv(const char *path, struct bench_point **pts, int *cnt);
void bench_point_free(struct bench_point *pts, int cnt);
int bench_split_name(const char *prog, char *family, size_t sz);
double bench_series_estimate(const struct bench_series *s);
int bench_ratio_ci(const struct bench_series *base,
		   const struct bench_series *cand, int n, int iters,
		   unsigned long long seed, struct bench_ratio *out);

/* bench_report.c */
int bench_compare(int argc, char **argv);
int bench_vcheck(int argc, char **argv);
int bench_fit_cmd(int argc, char **argv);

#endif /* __BPF_REFS_BENCH_H */
