// SPDX-License-Identifier: GPL-2.0
/*
 * Reports on result files: compare (baseline vs candidate), fit, and vcheck
 * (agreement with veristat CSVs of the same objects).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"
#include "json_writer.h"

#define CI_ITERS	2000

static struct bench_point *find(struct bench_point *pts, int cnt,
				const char *prog)
{
	int i;

	for (i = 0; i < cnt; i++)
		if (!strcmp(pts[i].prog, prog))
			return &pts[i];
	return NULL;
}

/* The result files of one kernel: one per boot. */
struct side {
	const char *name;
	int boots;
	struct bench_point *pts[BENCH_MAX_BOOTS];
	int cnt[BENCH_MAX_BOOTS];
	char clock[16];
};

static void side_free(struct side *s)
{
	int k;

	for (k = 0; k < s->boots; k++)
		bench_point_free(s->pts[k], s->cnt[k]);
	s->boots = 0;
}

/* Read FILE[,FILE...]; every file must name one clock.  0 or -1. */
static int side_read(struct side *s, const char *name, char *list)
{
	char *save = NULL, *path;
	const char *clk;
	int i;

	s->name = name;
	s->boots = 0;
	s->clock[0] = '\0';
	for (path = strtok_r(list, ",", &save); path;
	     path = strtok_r(NULL, ",", &save)) {
		if (s->boots == BENCH_MAX_BOOTS) {
			fprintf(stderr, "compare: %s: more than %d boots\n",
				name, BENCH_MAX_BOOTS);
			return -1;
		}
		if (bench_read_csv(path, &s->pts[s->boots], &s->cnt[s->boots])) {
			fprintf(stderr, "compare: %s: cannot read result file %s\n",
				name, path);
			return -1;
		}
		s->boots++;
		for (i = 0; i < s->cnt[s->boots - 1]; i++) {
			/* files without a clock column were all real time */
			clk = s->pts[s->boots - 1][i].clock;
			if (!clk[0])
				clk = "realtime";
			if (!s->clock[0])
				snprintf(s->clock, sizeof(s->clock), "%s", clk);
			if (strcmp(clk, s->clock)) {
				fprintf(stderr,
					"compare: %s: %s measures %s, an earlier file %s\n",
					name, path, clk, s->clock);
				return -1;
			}
		}
	}
	if (!s->boots) {
		fprintf(stderr, "compare: no %s result file\n", name);
		return -1;
	}
	return 0;
}

/*
 * The series of prog in every boot of a side.  Returns 1 when all boots
 * have it accepted with samples, 0 when some boot lacks it or rejected
 * it; *unstable is set when the boots disagree on verdict or counters.
 */
static int side_series(const struct side *s, const char *prog,
		       struct bench_series *ser, bool *unstable)
{
	const struct bench_point *p, *p0 = NULL;
	int k, ok = 1;

	ser->boots = s->boots;
	*unstable = false;
	for (k = 0; k < s->boots; k++) {
		p = find(s->pts[k], s->cnt[k], prog);
		ser->pt[k] = p;
		if (!p) {
			ok = 0;
			continue;
		}
		if (!p0)
			p0 = p;
		if (p->accepted != p0->accepted || p->insns != p0->insns ||
		    p->total_states != p0->total_states ||
		    p->peak_states != p0->peak_states)
			*unstable = true;
		if (!p->accepted || !p->runs)
			ok = 0;
	}
	return ok && !*unstable;
}

struct fam {
	char name[BENCH_NAME_LEN];
	int n;
	struct bench_series *b, *c;
	struct bench_ratio ci;
	const char *verdict;
};

static void json_ratio(struct json_writer *j, const struct bench_ratio *r)
{
	json_fixed(j, "ratio", r->r, 5);
	json_fixed(j, "ci_lo", r->lo, 5);
	json_fixed(j, "ci_hi", r->hi, 5);
}

/* compare's JSON up to its points. */
static void json_compare_head(struct json_writer *j, const struct side *sb,
			      const struct side *sc, double tol)
{
	json_object(j, NULL, JSON_LINES);
	json_string(j, "tool", "bpf_refs_bench compare");
	json_string(j, "clock", sb->clock);
	json_int(j, "base_boots", sb->boots);
	json_int(j, "cand_boots", sc->boots);
	json_sig(j, "tolerance", tol, 6);
	json_array(j, "points", JSON_LINES);
}

/* One program on both sides; with the ratio of its estimates if any. */
static void json_compared(struct json_writer *j, const struct bench_point *b,
			  const struct bench_point *c,
			  const struct bench_series *ser_b,
			  const struct bench_series *ser_c,
			  const struct bench_ratio *ci)
{
	json_object(j, NULL, JSON_INLINE);
	json_string(j, "prog", b->prog);
	json_string(j, "family", b->family);
	json_int(j, "nodes", b->nodes);
	json_string(j, "base_verdict", bench_verdict(b));
	json_string(j, "cand_verdict", bench_verdict(c));
	json_int(j, "base_insns", b->insns);
	json_int(j, "cand_insns", c->insns);
	json_int(j, "base_states", b->total_states);
	json_int(j, "cand_states", c->total_states);
	json_int(j, "base_peak_states", b->peak_states);
	json_int(j, "cand_peak_states", c->peak_states);
	json_string(j, "base_error", b->error);
	json_string(j, "cand_error", c->error);
	if (isfinite(ci->r)) {
		json_fixed(j, "base", bench_series_estimate(ser_b), 1);
		json_fixed(j, "cand", bench_series_estimate(ser_c), 1);
		json_ratio(j, ci);
	}
	json_close(j);
}

static void json_family_ratio(struct json_writer *j, const struct fam *f)
{
	json_object(j, NULL, JSON_INLINE);
	json_string(j, "family", f->name);
	json_int(j, "points", f->n);
	json_ratio(j, &f->ci);
	json_string(j, "verdict", f->verdict);
	json_close(j);
}

/* The growth fits of one side, as the array key. */
static void json_fits(struct json_writer *j, const char *key,
		      const struct side *s)
{
	json_array(j, key, JSON_LINES);
	bench_family_fits(s->pts[0], s->cnt[0], j, NULL);
	json_close(j);
}

/*
 * compare BASE[,BASE...] CAND[,CAND...]: the result files of several boots
 * of each kernel.  Per point the ratio of estimates (mean over boots of
 * the median verification time) with a 95% interval that holds the
 * variance between boots and between replays (bench_ratio_ci); per family
 * the geometric mean of the ratios with its interval and a verdict.  Exit
 * 1 when a family is slower or a deterministic counter changed (unless
 * -a), 2 on bad input.
 */
int bench_compare(int argc, char **argv)
{
	struct side sb = { 0 }, sc = { 0 };
	struct bench_series ser_b, ser_c;
	struct bench_point *b, *c;
	struct bench_ratio ci;
	double tol = 0.10;
	int i, o, nfam = 0, slower = 0, faster = 0, changed = 0, ret = 2;
	bool allow_counters = false, ub, uc;
	const char *json_path = NULL, *md_path = NULL;
	FILE *json = NULL, *md = NULL;
	struct json_writer jw;
	struct fam *fams = NULL, *f;
	unsigned long long seed = 0x2545f4914f6cdd1dULL;

	optind = 1;
	while ((o = getopt(argc, argv, "t:aj:m:")) != -1) {
		if (o == 't')
			tol = atof(optarg);
		else if (o == 'a')
			allow_counters = true;
		else if (o == 'j')
			json_path = optarg;
		else if (o == 'm')
			md_path = optarg;
		else
			return 2;
	}
	if (argc - optind != 2) {
		fprintf(stderr,
			"usage: compare [-t TOL] [-a] [-j JSON] [-m MD] BASE[,BASE...] CAND[,CAND...]\n");
		return 2;
	}
	if (side_read(&sb, "baseline", argv[optind]) ||
	    side_read(&sc, "candidate", argv[optind + 1]))
		goto out;
	if (strcmp(sb.clock, sc.clock)) {
		fprintf(stderr,
			"compare: the baseline measures %s, the candidate %s: not comparable\n",
			sb.clock, sc.clock);
		goto out;
	}
	if (json_path)
		json = fopen(json_path, "w");
	if (json_path && !json) {
		fprintf(stderr, "compare: %s: %s\n", json_path, strerror(errno));
		goto out;
	}
	json_writer_init(&jw, json);
	if (md_path)
		md = fopen(md_path, "w");
	if (md_path && !md) {
		fprintf(stderr, "compare: %s: %s\n", md_path, strerror(errno));
		goto out;
	}
	fams = calloc(sb.cnt[0] + 1, sizeof(*fams));
	if (!fams)
		goto out;
	for (i = 0; i < sb.cnt[0]; i++) {
		fams[i].b = calloc(sb.cnt[0], sizeof(*fams[i].b));
		fams[i].c = calloc(sb.cnt[0], sizeof(*fams[i].c));
		if (!fams[i].b || !fams[i].c)
			goto out;
	}
	fprintf(stdout,
		"clock %s; baseline %d boot%s, candidate %d boot%s; 95%% interval: bootstrap over boots, then replays%s\n",
	       sb.clock, sb.boots, sb.boots == 1 ? "" : "s", sc.boots,
	       sc.boots == 1 ? "" : "s",
	       sb.boots < 2 || sc.boots < 2 ?
	       " (one boot: it misses the variance between boots)" : "");
	printf("%-44s %9s %9s %7s %17s  %s\n", "program", "base", "cand",
	       "ratio", "95% CI", "counters");
	if (json)
		json_compare_head(&jw, &sb, &sc, tol);
	for (i = 0; i < sb.cnt[0]; i++) {
		b = &sb.pts[0][i];
		c = find(sc.pts[0], sc.cnt[0], b->prog);
		if (!c) {
			printf("%-44s only in baseline\n", b->prog);
			continue;
		}
		side_series(&sb, b->prog, &ser_b, &ub);
		side_series(&sc, b->prog, &ser_c, &uc);
		if (ub || uc) {
			changed++;
			printf("%-44s CHANGED between boots of the %s\n", b->prog,
			       ub ? "baseline" : "candidate");
		}
		if (b->accepted != c->accepted || b->skipped != c->skipped ||
		    b->insns != c->insns || b->total_states != c->total_states ||
		    b->peak_states != c->peak_states) {
			changed++;
			fprintf(stdout,
				"%-44s CHANGED verdict %s->%s insns %lld->%lld states %lld->%lld peak %lld->%lld\n",
			       b->prog, bench_verdict(b), bench_verdict(c),
			       b->insns, c->insns, b->total_states,
			       c->total_states, b->peak_states, c->peak_states);
		}
		ci.r = NAN;
		ci.lo = NAN;
		ci.hi = NAN;
		if (!ub && !uc && b->accepted && c->accepted &&
		    side_series(&sb, b->prog, &ser_b, &ub) &&
		    side_series(&sc, b->prog, &ser_c, &uc) &&
		    !bench_ratio_ci(&ser_b, &ser_c, 1, CI_ITERS, seed++, &ci)) {
			printf("%-44s %9.0f %9.0f %7.4f [%6.4f, %6.4f]  %s\n",
			       b->prog, bench_series_estimate(&ser_b),
			       bench_series_estimate(&ser_c), ci.r, ci.lo, ci.hi,
			       b->insns == c->insns &&
			       b->total_states == c->total_states ?
			       "same" : "CHANGED");
			for (f = fams; f < fams + nfam; f++)
				if (!strcmp(f->name, b->family))
					break;
			if (f == fams + nfam) {
				snprintf(f->name, sizeof(f->name), "%s", b->family);
				nfam++;
			}
			f->b[f->n] = ser_b;
			f->c[f->n] = ser_c;
			f->n++;
		}
		if (json)
			json_compared(&jw, b, c, &ser_b, &ser_c, &ci);
	}
	for (i = 0; i < sc.cnt[0]; i++)
		if (!find(sb.pts[0], sb.cnt[0], sc.pts[0][i].prog))
			printf("%-44s only in candidate\n", sc.pts[0][i].prog);

	printf("\n%-34s %6s %7s %17s  %s\n", "family", "points", "ratio",
	       "95% CI", "verdict");
	if (json) {
		json_close(&jw);
		json_array(&jw, "families", JSON_LINES);
	}
	if (md)
		fprintf(md,
			"| family | points | ratio (%s) | 95%% interval | verdict |\n|---|---|---|---|---|\n",
			sb.clock);
	for (f = fams; f < fams + nfam; f++) {
		if (bench_ratio_ci(f->b, f->c, f->n, CI_ITERS, seed++, &f->ci))
			goto out;
		if (f->ci.lo > 1 + tol) {
			f->verdict = "slower";
			slower++;
		} else if (f->ci.hi < 1 - tol) {
			f->verdict = "faster";
			faster++;
		} else {
			f->verdict = "same";
		}
		printf("%-34s %6d %7.4f [%6.4f, %6.4f]  %s\n", f->name, f->n,
		       f->ci.r, f->ci.lo, f->ci.hi, f->verdict);
		if (md)
			fprintf(md, "| %s | %d | %.4f | [%.4f, %.4f] | %s |\n",
				f->name, f->n, f->ci.r, f->ci.lo, f->ci.hi,
				f->verdict);
		if (json)
			json_family_ratio(&jw, f);
	}
	fprintf(stdout,
		"\ntolerance %g%%: %d famil%s slower, %d faster, %d point%s with changed verdict/insns/states\n",
	       100 * tol, slower, slower == 1 ? "y" : "ies", faster, changed,
	       changed == 1 ? "" : "s");
	if (json) {
		json_close(&jw);
		json_fits(&jw, "base_fits", &sb);
		json_fits(&jw, "cand_fits", &sc);
		json_int(&jw, "slower", slower);
		json_int(&jw, "faster", faster);
		json_int(&jw, "changed", changed);
		json_close(&jw);
	}
	ret = slower || (changed && !allow_counters) ? 1 : 0;
out:
	if (json && fclose(json))
		ret = 2;
	if (md && fclose(md))
		ret = 2;
	for (i = 0; fams && i < sb.cnt[0]; i++) {
		free(fams[i].b);
		free(fams[i].c);
	}
	free(fams);
	side_free(&sb);
	side_free(&sc);
	return ret;
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
