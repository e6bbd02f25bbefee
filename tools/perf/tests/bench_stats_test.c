// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of bpf_refs_bench's statistics: the estimate of a program over
 * several boots and the two-level bootstrap interval of compare; and of
 * its result files: the CSV's quoted fields, the JSON of the fits.
 * Run: make -C tools/perf check
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"
#include "json_writer.h"

#define RUNS	31
#define BOOTS	4

static int failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "FAIL %s:%d: ", __func__, __LINE__);	\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
		failures++;						\
	}								\
} while (0)

static unsigned long long rng = 88172645463325252ULL;

/* Uniform in [-1, 1). */
static double noise(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / (1ULL << 52) - 1;
}

/* A boot of one program: RUNS replays around level, spread +-rel. */
static void fill(struct bench_point *p, double level, double rel)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->accepted = true;
	p->runs = RUNS;
	p->vt = malloc(RUNS * sizeof(double));
	for (i = 0; i < RUNS; i++)
		p->vt[i] = level * (1 + rel * noise());
}

static void series(struct bench_series *s, struct bench_point *pts,
		   const double *levels, int boots, double rel)
{
	int k;

	s->boots = boots;
	for (k = 0; k < boots; k++) {
		fill(&pts[k], levels[k], rel);
		s->pt[k] = &pts[k];
	}
}

static void release(struct bench_point *pts, int n)
{
	int k;

	for (k = 0; k < n; k++)
		free(pts[k].vt);
}

/* Boots of one kernel that differ by up to 1%, replays within 0.1%. */
static const double lvl_a[BOOTS] = { 1000, 1010, 995, 1004 };
static const double lvl_b[BOOTS] = { 1006, 998, 1001, 1009 };

static void test_estimate(void)
{
	struct bench_point pts[BOOTS];
	struct bench_series s;

	series(&s, pts, lvl_a, BOOTS, 0);
	CHECK(fabs(bench_series_estimate(&s) - 1002.25) < 0.000001,
	      "mean of boot medians %f, want 1002.25",
	      bench_series_estimate(&s));
	release(pts, BOOTS);
}

/*
 * Same kernel, boots differing by up to 1.5%: the interval must hold 1 and
 * be wider than the replays alone make it (the old compare's interval).
 */
static void test_between_boots(void)
{
	struct bench_point pb[BOOTS], pc[BOOTS];
	struct bench_series sb, sc, one_b, one_c;
	struct bench_ratio r, r1;

	series(&sb, pb, lvl_a, BOOTS, 0.001);
	series(&sc, pc, lvl_b, BOOTS, 0.001);
	CHECK(!bench_ratio_ci(&sb, &sc, 1, 2000, 1, &r), "ratio_ci failed");
	CHECK(r.lo < 1 && r.hi > 1, "A/A interval [%f, %f] misses 1",
	      r.lo, r.hi);
	CHECK(r.hi - r.lo > 0.005,
	      "interval [%f, %f] narrower than the spread of the boots",
	      r.lo, r.hi);
	/* boot 0 against boot 0: replays only, a false difference */
	one_b = sb;
	one_b.boots = 1;
	one_c = sc;
	one_c.boots = 1;
	CHECK(!bench_ratio_ci(&one_b, &one_c, 1, 2000, 1, &r1), "ratio_ci failed");
	CHECK(r1.lo > 1.0, "one boot each: [%f, %f] was expected above 1",
	      r1.lo, r1.hi);
	CHECK(r1.hi - r1.lo < r.hi - r.lo,
	      "one boot each [%f, %f] not narrower than [%f, %f]",
	      r1.lo, r1.hi, r.lo, r.hi);
	release(pb, BOOTS);
	release(pc, BOOTS);
}

/* A 3% slowdown of every boot is found, and its size is right. */
static void test_shift(void)
{
	struct bench_point pb[BOOTS], pc[BOOTS];
	struct bench_series sb, sc;
	struct bench_ratio r;
	double lv[BOOTS];
	int k;

	for (k = 0; k < BOOTS; k++)
		lv[k] = lvl_b[k] * 1.03;
	series(&sb, pb, lvl_a, BOOTS, 0.001);
	series(&sc, pc, lv, BOOTS, 0.001);
	CHECK(!bench_ratio_ci(&sb, &sc, 1, 2000, 7, &r), "ratio_ci failed");
	CHECK(r.lo > 1.01 && r.hi < 1.05, "3%% slower: [%f, %f]", r.lo, r.hi);
	CHECK(fabs(r.r - 1.03 * 1003.5 / 1002.25) < 0.001, "ratio %f", r.r);
	release(pb, BOOTS);
	release(pc, BOOTS);
}

/*
 * A family: the geometric mean of its points, and one draw of boots for
 * all of them: a boot that is slow for every point widens the interval.
 */
static void test_family(void)
{
	struct bench_point pb[3][BOOTS], pc[3][BOOTS];
	struct bench_series sb[3], sc[3];
	const double f[3] = { 1, 2, 4 };
	double la[BOOTS], lb[BOOTS];
	struct bench_ratio r;
	int i, k;

	for (i = 0; i < 3; i++) {
		for (k = 0; k < BOOTS; k++) {
			la[k] = lvl_a[k] * f[i];
			lb[k] = lvl_a[k] * f[i] * (i == 2 ? 1.08 : 1.0);
		}
		series(&sb[i], pb[i], la, BOOTS, 0.001);
		series(&sc[i], pc[i], lb, BOOTS, 0.001);
	}
	CHECK(!bench_ratio_ci(sb, sc, 3, 2000, 3, &r), "ratio_ci failed");
	CHECK(fabs(r.r - cbrt(1.08)) < 0.002, "geometric mean %f, want %f",
	      r.r, cbrt(1.08));
	CHECK(r.hi - r.lo > 0.005, "family interval [%f, %f] ignores the boots",
	      r.lo, r.hi);
	for (i = 0; i < 3; i++) {
		release(pb[i], BOOTS);
		release(pc[i], BOOTS);
	}
}

static void test_bad_input(void)
{
	struct bench_point pb[BOOTS], pc[BOOTS];
	struct bench_series sb[2], sc[2];
	struct bench_ratio r;

	series(&sb[0], pb, lvl_a, 2, 0.001);
	series(&sb[1], pb + 2, lvl_a, 1, 0.001);	/* a boot missing */
	series(&sc[0], pc, lvl_b, 2, 0.001);
	series(&sc[1], pc + 2, lvl_b, 2, 0.001);
	CHECK(bench_ratio_ci(sb, sc, 2, 100, 1, &r) == -1,
	      "series with different boots accepted");
	CHECK(isnan(r.r), "a ratio from bad input");
	pb[0].runs = 0;
	CHECK(bench_ratio_ci(sb, sc, 1, 100, 1, &r) == -1,
	      "a boot without replays accepted");
	CHECK(bench_ratio_ci(sb, sc, 0, 100, 1, &r) == -1, "no points accepted");
	release(pb, 3);
	release(pc, 4);
}

/*
 * A verifier's complaint with commas, quotes and a backslash goes through
 * a result CSV as it is, and the fields after it stay in place.
 */
static void test_csv_field(void)
{
	static const char err[] = "R1 \"x\", y \\ z";
	char path[] = "/tmp/bench_stats_test.XXXXXX";
	struct bench_point *pts = NULL;
	int cnt = 0, fd = mkstemp(path);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	CHECK(f, "cannot create %s", path);
	if (!f)
		return;
	fputs("prog,verdict,insns,total_states,peak_states,error,clock,vt_samples,wall_samples\n",
	      f);
	fputs("f__n2,rejected,1,2,3,", f);
	bench_csv_field(f, err);
	fputs(",icount,5;7,9;11\n", f);
	fclose(f);
	CHECK(!bench_read_csv(path, &pts, &cnt) && cnt == 1, "CSV not read");
	if (cnt == 1) {
		CHECK(!strcmp(pts[0].error, err), "error '%s', want '%s'",
		      pts[0].error, err);
		CHECK(!strcmp(pts[0].clock, "icount") && pts[0].runs == 2 &&
		      pts[0].vt[1] == 7 && pts[0].wall[1] == 11,
		      "fields after the error moved: clock '%s'", pts[0].clock);
	}
	bench_point_free(pts, cnt);
	unlink(path);
}

/* A family's fits as JSON: null for a fit of too few points. */
static void test_family_json(void)
{
	static const char head[] =
		"[\n  {\"family\": \"f\", \"time_exponent\": null, ";
	struct bench_point p = { .family = "f", .nodes = 3 };
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK(f, "open_memstream failed");
	if (!f)
		return;
	snprintf(p.error, sizeof(p.error), "too \"big\"");
	json_writer_init(&w, f);
	json_array(&w, NULL, JSON_LINES);
	bench_family_fits(&p, 1, &w, NULL);
	json_close(&w);
	fclose(f);
	CHECK(!strncmp(buf, head, strlen(head)) &&
	      strstr(buf, ", \"insns_r2\": null, \"fit_points\": 0, ") &&
	      strstr(buf, ", \"smallest_rejected\": 3, ") &&
	      strstr(buf, ", \"first_rejection\": \"too \\\"big\\\"\"}\n]\n"),
	      "family JSON: %s", buf);
	free(buf);
}

int main(void)
{
	test_estimate();
	test_between_boots();
	test_shift();
	test_family();
	test_bad_input();
	test_csv_field();
	test_family_json();
	if (failures) {
		fprintf(stderr, "bench_stats_test: %d failure%s\n", failures,
			failures == 1 ? "" : "s");
		return 1;
	}
	printf("bench_stats_test: all passed\n");
	return 0;
}
