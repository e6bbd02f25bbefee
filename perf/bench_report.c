// SPDX-License-Identifier: GPL-2.0
/*
 * Reports on result files: compare (baseline vs candidate), fit, and vcheck
 * (agreement with veristat CSVs of the same objects).
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"

#define CI_ITERS	2000

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static struct bench_point *find(struct bench_point *pts, int cnt,
				const char *prog)
{
	int i;

	for (i = 0; i < cnt; i++)
		if (!strcmp(pts[i].prog, prog))
			return &pts[i];
	return NULL;
}

/* Ratio of medians cand/base of a resample of both. */
static double boot_ratio(const struct bench_point *b,
			 const struct bench_point *c, double *tb, double *tc,
			 unsigned long long *seed)
{
	bench_resample(b->vt, b->runs, tb, seed);
	bench_resample(c->vt, c->runs, tc, seed);
	return bench_median(tc, c->runs) / bench_median(tb, b->runs);
}

struct pair {
	struct bench_point *b, *c;
};

/*
 * compare BASE CAND: per point the ratio of median verification times with
 * a 95% bootstrap interval; per family the geometric mean of the ratios
 * with its bootstrap interval and a verdict.  Exit 1 when a family is
 * slower or a deterministic counter changed (unless -a), 2 on bad input.
 */
int bench_compare(int argc, char **argv)
{
	struct bench_point *bp = NULL, *cp = NULL, *b, *c;
	unsigned long long seed = 0x2545f4914f6cdd1dULL;
	double tol = 0.10, *tb, *tc, *ratios, *fam, lo, hi, r, g;
	int nb, nc, i, j, k, it, npairs, o, slower = 0, changed = 0;
	bool allow_counters = false;
	struct pair *pairs;
	const char *verdict;

	optind = 1;
	while ((o = getopt(argc, argv, "t:a")) != -1) {
		if (o == 't')
			tol = atof(optarg);
		else if (o == 'a')
			allow_counters = true;
		else
			return 2;
	}
	if (argc - optind != 2)
		return 2;
	if (bench_read_csv(argv[optind], &bp, &nb) ||
	    bench_read_csv(argv[optind + 1], &cp, &nc)) {
		fprintf(stderr, "compare: cannot read result files\n");
		return 2;
	}
	tb = calloc(4096, sizeof(double));
	tc = calloc(4096, sizeof(double));
	ratios = calloc(CI_ITERS, sizeof(double));
	fam = calloc(CI_ITERS, sizeof(double));
	pairs = calloc(nb + 1, sizeof(*pairs));
	if (!tb || !tc || !ratios || !fam || !pairs)
		return 2;
	printf("%-44s %9s %9s %7s %17s  %s\n", "program", "base_us", "cand_us",
	       "ratio", "95% CI", "counters");
	for (i = 0; i < nb; i++) {
		b = &bp[i];
		c = find(cp, nc, b->prog);
		if (!c) {
			printf("%-44s only in baseline\n", b->prog);
			continue;
		}
		if (b->accepted != c->accepted || b->skipped != c->skipped ||
		    b->insns != c->insns || b->total_states != c->total_states ||
		    b->peak_states != c->peak_states) {
			changed++;
			fprintf(stdout,
				"%-44s CHANGED verdict %s->%s insns %lld->%lld states %lld->%lld peak %lld->%lld\n",
			       b->prog, b->accepted ? "acc" : "rej",
			       c->accepted ? "acc" : "rej", b->insns, c->insns,
			       b->total_states, c->total_states,
			       b->peak_states, c->peak_states);
		}
		if (!b->accepted || !c->accepted || !b->runs || !c->runs ||
		    b->runs > 4096 || c->runs > 4096)
			continue;
		for (it = 0; it < CI_ITERS; it++)
			ratios[it] = boot_ratio(b, c, tb, tc, &seed);
		qsort(ratios, CI_ITERS, sizeof(double), cmp_double);
		r = bench_median(c->vt, c->runs) / bench_median(b->vt, b->runs);
		printf("%-44s %9.0f %9.0f %7.3f [%6.3f, %6.3f]  %s\n", b->prog,
		       bench_median(b->vt, b->runs), bench_median(c->vt, c->runs),
		       r, bench_quantile(ratios, CI_ITERS, 0.025),
		       bench_quantile(ratios, CI_ITERS, 0.975),
		       b->insns == c->insns && b->total_states == c->total_states ?
		       "same" : "CHANGED");
	}
	for (i = 0; i < nc; i++)
		if (!find(bp, nb, cp[i].prog))
			printf("%-44s only in candidate\n", cp[i].prog);

	printf("\n%-34s %6s %7s %17s  %s\n", "family", "points", "ratio",
	       "95% CI", "verdict");
	for (i = 0; i < nb; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(bp[j].family, bp[i].family))
				break;
		if (j < i)
			continue;
		npairs = 0;
		for (j = i; j < nb; j++) {
			if (strcmp(bp[j].family, bp[i].family))
				continue;
			c = find(cp, nc, bp[j].prog);
			if (!c || !bp[j].accepted || !c->accepted ||
			    !bp[j].runs || !c->runs || bp[j].runs > 4096 ||
			    c->runs > 4096)
				continue;
			pairs[npairs].b = &bp[j];
			pairs[npairs].c = c;
			npairs++;
		}
		if (!npairs) {
			printf("%-34s %6d %7s %17s  %s\n", bp[i].family, 0, "-",
			       "-", "n/a");
			continue;
		}
		for (it = 0; it < CI_ITERS; it++) {
			for (k = 0, g = 0; k < npairs; k++)
				g += log(boot_ratio(pairs[k].b, pairs[k].c,
						    tb, tc, &seed));
			fam[it] = exp(g / npairs);
		}
		for (k = 0, g = 0; k < npairs; k++)
			g += log(bench_median(pairs[k].c->vt, pairs[k].c->runs) /
				 bench_median(pairs[k].b->vt, pairs[k].b->runs));
		qsort(fam, CI_ITERS, sizeof(double), cmp_double);
		lo = bench_quantile(fam, CI_ITERS, 0.025);
		hi = bench_quantile(fam, CI_ITERS, 0.975);
		if (lo > 1 + tol) {
			verdict = "slower";
			slower++;
		} else if (hi < 1 - tol) {
			verdict = "faster";
		} else {
			verdict = "same";
		}
		printf("%-34s %6d %7.3f [%6.3f, %6.3f]  %s\n", bp[i].family,
		       npairs, exp(g / npairs), lo, hi, verdict);
	}
	fprintf(stdout,
		"\ntolerance %.0f%%: %d famil%s slower, %d point%s with changed verdict/insns/states\n",
	       100 * tol, slower, slower == 1 ? "y" : "ies", changed,
	       changed == 1 ? "" : "s");
	free(tb);
	free(tc);
	free(ratios);
	free(fam);
	free(pairs);
	bench_point_free(bp, nb);
	bench_point_free(cp, nc);
	return slower || (changed && !allow_counters) ? 1 : 0;
}

int bench_fit_cmd(int argc, char **argv)
{
	struct bench_point *pts;
	int cnt;

	if (argc != 2 || bench_read_csv(argv[1], &pts, &cnt))
		return 2;
	bench_family_fits(pts, cnt, NULL, stdout);
	bench_point_free(pts, cnt);
	return 0;
}

/* veristat CSV rows: file_name,prog_name,verdict,duration,total_insns,... */
struct vrow {
	char prog[BENCH_NAME_LEN];
	bool success;
	double duration;
	long long insns, states, peak;
};

static int read_veristat(const char *path, struct vrow **rows, int *cnt)
{
	int c_prog = -1, c_ver = -1, c_dur = -1, c_ins = -1, c_st = -1, c_pk = -1;
	char line[1024], *cols[16], *p;
	struct vrow *v;
	int i, n;
	FILE *f = fopen(path, "r");

	if (!f || !fgets(line, sizeof(line), f))
		goto bad;
	line[strcspn(line, "\r\n")] = '\0';
	for (n = 0, p = strtok(line, ","); p && n < 16; p = strtok(NULL, ","), n++) {
		if (!strcmp(p, "prog_name"))
			c_prog = n;
		else if (!strcmp(p, "verdict"))
			c_ver = n;
		else if (!strcmp(p, "duration"))
			c_dur = n;
		else if (!strcmp(p, "total_insns"))
			c_ins = n;
		else if (!strcmp(p, "total_states"))
			c_st = n;
		else if (!strcmp(p, "peak_states"))
			c_pk = n;
	}
	if (c_prog < 0 || c_ver < 0 || c_dur < 0 || c_ins < 0 || c_st < 0 ||
	    c_pk < 0)
		goto bad;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		for (i = 0, p = line; i < 16; i++) {
			cols[i] = p;
			p = strchr(p, ',');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (i + 1 < 6)
			continue;
		v = realloc(*rows, (*cnt + 1) * sizeof(**rows));
		if (!v)
			goto bad;
		*rows = v;
		v = &(*rows)[(*cnt)++];
		snprintf(v->prog, sizeof(v->prog), "%s", cols[c_prog]);
		v->success = !strcmp(cols[c_ver], "success");
		v->duration = atof(cols[c_dur]);
		v->insns = atoll(cols[c_ins]);
		v->states = atoll(cols[c_st]);
		v->peak = atoll(cols[c_pk]);
	}
	fclose(f);
	return 0;
bad:
	if (f)
		fclose(f);
	return -1;
}

/*
 * vcheck OURS VERISTAT...: every program must have the same verdict,
 * processed insns, total and peak states in our result and in every
 * veristat run; and compares the p10-p90 spread (relative to the median)
 * of the verification time over the same number of runs.
 * Exit 1 on any counter disagreement.
 */
int bench_vcheck(int argc, char **argv)
{
	struct bench_point *pts;
	struct bench_summary so, sv;
	struct vrow *rows = NULL;
	int cnt, nrows = 0, i, j, k, bad = 0, cmp = 0, narrower = 0, missing = 0;
	double *dur, so_rel, sv_rel, *rel;

	if (argc < 3 || bench_read_csv(argv[1], &pts, &cnt))
		return 2;
	for (i = 2; i < argc; i++)
		if (read_veristat(argv[i], &rows, &nrows)) {
			fprintf(stderr, "vcheck: cannot read %s\n", argv[i]);
			return 2;
		}
	dur = calloc(nrows + 1, sizeof(double));
	rel = calloc(cnt + 1, sizeof(double));
	if (!dur || !rel)
		return 2;
	printf("%-44s %6s %6s %6s %4s | %8s %8s | %8s %8s\n", "program",
	       "insns", "states", "peak", "runs", "our_med", "our_sprd",
	       "vs_med", "vs_sprd");
	for (i = 0; i < cnt; i++) {
		if (pts[i].skipped)
			continue;
		for (j = 0, k = 0; j < nrows; j++) {
			if (strcmp(rows[j].prog, pts[i].prog))
				continue;
			if (rows[j].success != pts[i].accepted ||
			    rows[j].insns != pts[i].insns ||
			    rows[j].states != pts[i].total_states ||
			    rows[j].peak != pts[i].peak_states) {
				fprintf(stdout,
					"%-44s DISAGREE: ours %s %lld/%lld/%lld veristat %s %lld/%lld/%lld\n",
				       pts[i].prog,
				       pts[i].accepted ? "success" : "failure",
				       pts[i].insns, pts[i].total_states,
				       pts[i].peak_states,
				       rows[j].success ? "success" : "failure",
				       rows[j].insns, rows[j].states,
				       rows[j].peak);
				bad++;
			}
			dur[k++] = rows[j].duration;
		}
		if (!k) {
			printf("%-44s not in the veristat output\n", pts[i].prog);
			missing++;
			continue;
		}
		if (!pts[i].accepted || !pts[i].runs)
			continue;
		/* the same number of runs on both sides */
		bench_summarize(pts[i].vt, pts[i].runs < k ? pts[i].runs : k, &so);
		bench_summarize(dur, k, &sv);
		so_rel = (so.p90 - so.p10) / so.med;
		sv_rel = (sv.p90 - sv.p10) / sv.med;
		rel[cmp++] = sv_rel > 0 ? so_rel / sv_rel : (so_rel > 0 ? INFINITY : 1);
		narrower += so_rel <= sv_rel;
		printf("%-44s %6lld %6lld %6lld %4d | %8.0f %7.1f%% | %8.0f %7.1f%%\n",
		       pts[i].prog, pts[i].insns, pts[i].total_states,
		       pts[i].peak_states, k, so.med, 100 * so_rel, sv.med,
		       100 * sv_rel);
	}
	printf("\ncounters: %d disagreement%s, %d program%s missing from veristat\n",
	       bad, bad == 1 ? "" : "s", missing, missing == 1 ? "" : "s");
	if (cmp)
		fprintf(stdout,
			"spread (p90-p10)/median: ours <= veristat's for %d of %d programs; median ratio ours/veristat %.2f\n",
		       narrower, cmp, bench_median(rel, cmp));
	free(dur);
	free(rel);
	free(rows);
	bench_point_free(pts, cnt);
	return bad || missing ? 1 : 0;
}
