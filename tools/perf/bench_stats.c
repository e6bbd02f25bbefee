// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics, growth fits and the result CSV (its fields written, its
 * records read) of bpf_refs_bench.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"
#include "json_writer.h"

#define BOOT_ITERS	500

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Linear interpolation between closest ranks. */
double bench_quantile(const double *sorted, int n, double q)
{
	double pos, frac;
	int i;

	if (n <= 0)
		return NAN;
	pos = q * (n - 1);
	i = (int)pos;
	frac = pos - i;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
}

double bench_median(const double *v, int n)
{
	double *s, m;

	if (n <= 0)
		return NAN;
	s = malloc(n * sizeof(*s));
	if (!s)
		return NAN;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	m = bench_quantile(s, n, 0.5);
	free(s);
	return m;
}

static unsigned long long xorshift(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

void bench_resample(const double *v, int n, double *out,
		    unsigned long long *seed)
{
	int i;

	for (i = 0; i < n; i++)
		out[i] = v[xorshift(seed) % n];
}

/*
 * Median, p10, p90, mean, sample CoV (sd / mean) and the relative standard
 * error of the median (bootstrap sd of the median / median).
 */
void bench_summarize(const double *v, int n, struct bench_summary *s)
{
	unsigned long long seed = 0x9e3779b97f4a7c15ULL;
	double *tmp, *meds, sum = 0, sq = 0, bm = 0, bsq = 0;
	int i;

	memset(s, 0, sizeof(*s));
	if (n <= 0) {
		s->med = NAN;
		s->p10 = NAN;
		s->p90 = NAN;
		s->mean = NAN;
		s->cov = NAN;
		s->rcov = NAN;
		s->med_rse = NAN;
		return;
	}
	tmp = malloc(n * sizeof(*tmp));
	meds = malloc(BOOT_ITERS * sizeof(*meds));
	if (!tmp || !meds) {
		free(tmp);
		free(meds);
		return;
	}
	memcpy(tmp, v, n * sizeof(*tmp));
	qsort(tmp, n, sizeof(*tmp), cmp_double);
	s->med = bench_quantile(tmp, n, 0.5);
	s->p10 = bench_quantile(tmp, n, 0.1);
	s->p90 = bench_quantile(tmp, n, 0.9);
	for (i = 0; i < n; i++) {
		sum += v[i];
		sq += v[i] * v[i];
	}
	s->mean = sum / n;
	s->rcov = (s->p90 - s->p10) / 2.563 / s->med;
	s->cov = n > 1 ? sqrt(fmax(0, (sq - sum * sum / n) / (n - 1))) / s->mean : 0;
	for (i = 0; i < BOOT_ITERS; i++) {
		bench_resample(v, n, tmp, &seed);
		meds[i] = bench_median(tmp, n);
		bm += meds[i];
		bsq += meds[i] * meds[i];
	}
	bm /= BOOT_ITERS;
	s->med_rse = sqrt(fmax(0, bsq / BOOT_ITERS - bm * bm)) / s->med;
	free(tmp);
	free(meds);
}

/* Least squares of ln y on ln x; 0 when at least 3 usable points. */
int bench_fit_loglog(const double *x, const double *y, int n,
		     struct bench_fit *fit)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, lx, ly, vx, vy, cxy;
	int i, k = 0;

	for (i = 0; i < n; i++) {
		if (!(x[i] > 0) || !(y[i] > 0))
			continue;
		lx = log(x[i]);
		ly = log(y[i]);
		sx += lx;
		sy += ly;
		sxx += lx * lx;
		sxy += lx * ly;
		syy += ly * ly;
		k++;
	}
	fit->points = k;
	fit->slope = NAN;
	fit->r2 = NAN;
	if (k < 3)
		return -1;
	vx = sxx - sx * sx / k;
	vy = syy - sy * sy / k;
	cxy = sxy - sx * sy / k;
	if (vx <= 0)
		return -1;
	fit->slope = cxy / vx;
	fit->r2 = vy > 0 ? cxy * cxy / (vx * vy) : 1;
	return 0;
}

/* FAMILY__nN: family into buf, returns N or -1. */
int bench_split_name(const char *prog, char *family, size_t sz)
{
	const char *p = strstr(prog, "__n");
	size_t len;

	if (!p)
		return -1;
	len = p - prog;
	if (len >= sz)
		len = sz - 1;
	memcpy(family, prog, len);
	family[len] = '\0';
	return atoi(p + 3);
}

/* Mean over the boots of a series of the median of each boot's replays. */
double bench_series_estimate(const struct bench_series *s)
{
	double sum = 0;
	int k;

	for (k = 0; k < s->boots; k++)
		sum += bench_median(s->pt[k]->vt, s->pt[k]->runs);
	return s->boots ? sum / s->boots : NAN;
}

/*
 * One bootstrap replicate of a series: the boots drawn in pick[], each
 * boot's replays resampled, the mean of the resampled medians.
 */
static double series_replicate(const struct bench_series *s, const int *pick,
			       double *tmp, unsigned long long *seed)
{
	const struct bench_point *p;
	double sum = 0;
	int k;

	for (k = 0; k < s->boots; k++) {
		p = s->pt[pick[k]];
		bench_resample(p->vt, p->runs, tmp, seed);
		sum += bench_median(tmp, p->runs);
	}
	return sum / s->boots;
}

static int max_runs(const struct bench_series *s, int n)
{
	int i, k, m = 0;

	for (i = 0; i < n; i++)
		for (k = 0; k < s[i].boots; k++)
			if (s[i].pt[k]->runs > m)
				m = s[i].pt[k]->runs;
	return m;
}

/*
 * The geometric mean over n programs of estimate(cand) / estimate(base),
 * with a 95% interval from a two-level bootstrap: the boots of each kernel
 * are drawn with replacement, then the replays within every drawn boot.
 * One draw of boots serves all n programs of a replicate, since whatever
 * makes a boot slow or fast makes all of its programs so.  All series of
 * one side must have the same boots, every point at least one replay.
 * With a single boot per kernel the interval holds the replays' noise
 * only.  Returns 0, or -1 on bad input or no memory.
 */
int bench_ratio_ci(const struct bench_series *base,
		   const struct bench_series *cand, int n, int iters,
		   unsigned long long seed, struct bench_ratio *out)
{
	int pb[BENCH_MAX_BOOTS], pc[BENCH_MAX_BOOTS], nb, nc, i, k, it, m;
	double *tmp, *reps, g;

	out->r = NAN;
	out->lo = NAN;
	out->hi = NAN;
	if (n < 1 || iters < 1)
		return -1;
	nb = base[0].boots;
	nc = cand[0].boots;
	if (nb < 1 || nc < 1 || nb > BENCH_MAX_BOOTS || nc > BENCH_MAX_BOOTS)
		return -1;
	for (i = 0; i < n; i++) {
		if (base[i].boots != nb || cand[i].boots != nc)
			return -1;
		for (k = 0; k < nb; k++)
			if (base[i].pt[k]->runs < 1)
				return -1;
		for (k = 0; k < nc; k++)
			if (cand[i].pt[k]->runs < 1)
				return -1;
	}
	m = max_runs(base, n);
	if (max_runs(cand, n) > m)
		m = max_runs(cand, n);
	tmp = malloc(m * sizeof(*tmp));
	reps = malloc(iters * sizeof(*reps));
	if (!tmp || !reps) {
		free(tmp);
		free(reps);
		return -1;
	}
	for (i = 0, g = 0; i < n; i++)
		g += log(bench_series_estimate(&cand[i]) /
			 bench_series_estimate(&base[i]));
	out->r = exp(g / n);
	for (it = 0; it < iters; it++) {
		for (k = 0; k < nb; k++)
			pb[k] = xorshift(&seed) % nb;
		for (k = 0; k < nc; k++)
			pc[k] = xorshift(&seed) % nc;
		for (i = 0, g = 0; i < n; i++)
			g += log(series_replicate(&cand[i], pc, tmp, &seed) /
				 series_replicate(&base[i], pb, tmp, &seed));
		reps[it] = exp(g / n);
	}
	qsort(reps, iters, sizeof(*reps), cmp_double);
	out->lo = bench_quantile(reps, iters, 0.025);
	out->hi = bench_quantile(reps, iters, 0.975);
	free(tmp);
	free(reps);
	return 0;
}

/* The growth of one family against its node count. */
struct family_fit {
	const char *name;
	struct bench_fit time, insns;
	int largest;		/* accepted */
	int rejected;		/* the smallest rejected, or 0 */
	const char *why;	/* its error */
};

static void json_family(struct json_writer *json, const struct family_fit *ff)
{
	json_object(json, NULL, JSON_INLINE);
	json_string(json, "family", ff->name);
	json_sig(json, "time_exponent", ff->time.slope, 4);
	json_sig(json, "time_r2", ff->time.r2, 4);
	json_sig(json, "insns_exponent", ff->insns.slope, 4);
	json_sig(json, "insns_r2", ff->insns.r2, 4);
	json_int(json, "fit_points", ff->time.points);
	json_int(json, "largest_accepted", ff->largest);
	json_int(json, "smallest_rejected", ff->rejected);
	json_string(json, "first_rejection", ff->why);
	json_close(json);
}

/*
 * Per family: growth exponents of the median verification time and of the
 * processed insns against node count, and the largest accepted tree; as
 * elements of the array json has open, and as a table on txt.
 */
void bench_family_fits(struct bench_point *pts, int cnt,
		       struct json_writer *json, FILE *txt)
{
	double *x = calloc(cnt, sizeof(*x)), *yt = calloc(cnt, sizeof(*yt));
	double *yi = calloc(cnt, sizeof(*yi));
	struct family_fit ff;
	int i, j, k;

	if (!x || !yt || !yi)
		goto out;
	if (txt)
		fprintf(txt, "%-34s %7s %5s %7s %5s %8s %8s  %s\n", "family",
			"time^k", "r2", "insns^k", "r2", "largest", "rejects",
			"first rejection");
	for (i = 0; i < cnt; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(pts[j].family, pts[i].family))
				break;
		if (j < i)
			continue;
		k = 0;
		ff.name = pts[i].family;
		ff.largest = 0;
		ff.rejected = 0;
		ff.why = "";
		for (j = i; j < cnt; j++) {
			if (strcmp(pts[j].family, pts[i].family) || pts[j].skipped)
				continue;
			if (!pts[j].accepted) {
				if (!ff.rejected || pts[j].nodes < ff.rejected) {
					ff.rejected = pts[j].nodes;
					ff.why = pts[j].error;
				}
				continue;
			}
			if (pts[j].nodes > ff.largest)
				ff.largest = pts[j].nodes;
			x[k] = pts[j].nodes;
			yt[k] = bench_median(pts[j].vt, pts[j].runs);
			yi[k] = pts[j].insns;
			k++;
		}
		bench_fit_loglog(x, yt, k, &ff.time);
		bench_fit_loglog(x, yi, k, &ff.insns);
		if (txt)
			fprintf(txt, "%-34s %7.2f %5.2f %7.2f %5.2f %8d %8d  %.60s\n",
				ff.name, ff.time.slope, ff.time.r2,
				ff.insns.slope, ff.insns.r2, ff.largest,
				ff.rejected, ff.why);
		if (json)
			json_family(json, &ff);
	}
out:
	free(x);
	free(yt);
	free(yi);
}

const char *bench_verdict(const struct bench_point *p)
{
	return p->skipped ? "skipped" : p->accepted ? "accepted" : "rejected";
}

/*
 * s as one field of a result CSV (RFC 4180): in double quotes, its own
 * doubled, when it holds a comma, a quote or a line break.
 */
void bench_csv_field(FILE *f, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int parse_samples(char *s, double **out)
{
	int n = 1, i = 0;
	char *p, *save = NULL;

	for (p = s; *p; p++)
		n += *p == ';';
	*out = calloc(n, sizeof(double));
	if (!*out)
		return 0;
	for (p = strtok_r(s, ";", &save); p; p = strtok_r(NULL, ";", &save))
		(*out)[i++] = strtod(p, NULL);
	return i;
}

static int col_index(char **cols, int ncols, const char *name)
{
	int i;

	for (i = 0; i < ncols; i++)
		if (!strcmp(cols[i], name))
			return i;
	return -1;
}

#define MAX_COLS 48

/*
 * The end of the field at s: the ',' after it, or the end of the line.
 * A quoted field (bench_csv_field()) is unquoted in place.
 */
static char *csv_field_end(char *s)
{
	char *in = s + 1, *out = s;

	if (*s != '"')
		return s + strcspn(s, ",");
	for (; *in; in++) {
		if (*in == '"' && in[1] != '"')
			break;
		if (*in == '"')
			in++;
		*out++ = *in;
	}
	*out = '\0';
	if (*in)
		in++;
	return in + strcspn(in, ",");
}

/* One record a line: no field of a result CSV holds a line break. */
static int split_csv(char *line, char **cols)
{
	int n = 0;
	char *p = line, *end;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < MAX_COLS) {
		cols[n++] = p;
		end = csv_field_end(p);
		if (!*end)
			break;
		*end = '\0';
		p = end + 1;
	}
	return n;
}

/* Read a result CSV written by "bpf_refs_bench run". */
int bench_read_csv(const char *path, struct bench_point **out, int *cnt)
{
	char *hdr[MAX_COLS], *cols[MAX_COLS], *line = NULL, *hline = NULL;
	int nh, nc, c_prog, c_ver, c_ins, c_ts, c_ps, c_vt, c_wall, c_err, c_clk;
	struct bench_point *pts = NULL, *p;
	size_t cap = 0;
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f)
		return -1;
	if (getline(&hline, &cap, f) < 0)
		goto bad;
	nh = split_csv(hline, hdr);
	c_prog = col_index(hdr, nh, "prog");
	c_ver = col_index(hdr, nh, "verdict");
	c_ins = col_index(hdr, nh, "insns");
	c_ts = col_index(hdr, nh, "total_states");
	c_ps = col_index(hdr, nh, "peak_states");
	c_vt = col_index(hdr, nh, "vt_samples");
	c_wall = col_index(hdr, nh, "wall_samples");
	c_err = col_index(hdr, nh, "error");
	c_clk = col_index(hdr, nh, "clock");
	if (c_prog < 0 || c_ver < 0 || c_ins < 0 || c_vt < 0 || c_ts < 0 ||
	    c_ps < 0 || c_wall < 0)
		goto bad;
	cap = 0;
	while (getline(&line, &cap, f) > 0) {
		nc = split_csv(line, cols);
		if (nc < nh)
			continue;
		p = realloc(pts, (n + 1) * sizeof(*pts));
		if (!p)
			goto bad;
		pts = p;
		p = &pts[n++];
		memset(p, 0, sizeof(*p));
		snprintf(p->prog, sizeof(p->prog), "%s", cols[c_prog]);
		p->nodes = bench_split_name(p->prog, p->family, sizeof(p->family));
		p->accepted = !strcmp(cols[c_ver], "accepted");
		p->skipped = !strcmp(cols[c_ver], "skipped");
		p->insns = atoll(cols[c_ins]);
		p->total_states = atoll(cols[c_ts]);
		p->peak_states = atoll(cols[c_ps]);
		if (c_err >= 0)
			snprintf(p->error, sizeof(p->error), "%s", cols[c_err]);
		if (c_clk >= 0)
			snprintf(p->clock, sizeof(p->clock), "%s", cols[c_clk]);
		p->runs = parse_samples(cols[c_vt], &p->vt);
		parse_samples(cols[c_wall], &p->wall);
	}
	free(line);
	free(hline);
	fclose(f);
	*out = pts;
	*cnt = n;
	return 0;
bad:
	free(line);
	free(hline);
	fclose(f);
	bench_point_free(pts, n);
	return -1;
}

void bench_point_free(struct bench_point *pts, int cnt)
{
	int i;

	for (i = 0; i < cnt; i++) {
		free(pts[i].vt);
		free(pts[i].wall);
	}
	free(pts);
}
