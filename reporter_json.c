// SPDX-License-Identifier: GPL-2.0
/*
 * Write the results of a run as JSON (schema "bpf_refs-results/1", see
 * docs/results.md): the kernel, the run, totals, and one record per test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <zlib.h>
#include <bpf/libbpf.h>
#include "reporter.h"

/*
 * Length of the valid UTF-8 sequence at s (RFC 3629: shortest form, no
 * surrogates, at most U+10FFFF), or 0 when s does not start one.
 */
static int utf8_len(const unsigned char *s)
{
	int n, i;
	__u32 cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * s as a JSON string.  Text from annotations, logs and lists is not
 * always UTF-8: a byte that does not belong to a valid sequence becomes
 * U+FFFD, so the file stays valid JSON (RFC 8259 wants UTF-8).
 */
void json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	fputc('"', f);
	while (p && *p) {
		n = utf8_len(p);
		if (!n) {
			fputs("\\ufffd", f);
			p++;
		} else if (*p == '"' || *p == '\\') {
			fprintf(f, "\\%c", *p++);
		} else if (*p == '\n') {
			fputs("\\n", f);
			p++;
		} else if (*p == '\t') {
			fputs("\\t", f);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p++);
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
	fputc('"', f);
}

static void json_num(FILE *f, const char *key, long long v, bool comma)
{
	fprintf(f, "\"%s\": ", key);
	if (v < 0)
		fputs("null", f);
	else
		fprintf(f, "%lld", v);
	if (comma)
		fputs(", ", f);
}

static void write_stats(FILE *f, const struct verifier_stats *st)
{
	fputs("{", f);
	json_num(f, "insns", st->insns, true);
	json_num(f, "total_states", st->total_states, true);
	json_num(f, "peak_states", st->peak_states, true);
	json_num(f, "max_states_per_insn", st->max_states_per_insn, true);
	json_num(f, "verification_time_us", st->verification_time_us, true);
	json_num(f, "stack_depth_max", st->stack_depth_max, true);
	fputs("\"stack_depth\": ", f);
	json_str(f, st->stack_depth);
	fputs("}", f);
}

/* What the test was expected to do here, from where, and on which fix. */
static void write_expect(FILE *f, const struct expectation *e)
{
	static const char *const sources[] = {
		[EXPECT_NONE] = "none", [EXPECT_DERIVED] = "derived",
		[EXPECT_LIST] = "list", [EXPECT_PROBE] = "probe",
	};

	fputs("{\"verdict\": ", f);
	json_str(f, e->source == EXPECT_PROBE ? "skip" :
		 e->fail ? "fail" : "pass");
	fputs(", \"source\": ", f);
	json_str(f, sources[e->source]);
	fputs(", \"fix\": ", f);
	json_str(f, e->fix);
	fprintf(f, ", \"carried\": %s}", e->carried ? "true" : "false");
}

static void write_test(FILE *f, const struct test_result *r)
{
	fputs("    {\"name\": ", f);
	json_str(f, r->name);
	fputs(", \"status\": ", f);
	json_str(f, test_status_str(r->status));
	fputs(", \"reason\": ", f);
	json_str(f, r->reason);
	fputs(", \"description\": ", f);
	json_str(f, r->description);
	fputs(", \"fixed_by\": ", f);
	json_str(f, r->fixed_by);
	fputs(", \"fix_release\": ", f);
	json_str(f, r->fix_release);
	fputs(", \"fix_status\": ", f);
	json_str(f, fix_status_str(r->fix_status));
	fputs(", \"broken_by\": ", f);
	json_str(f, r->broken_by);
	fputs(", \"broken_release\": ", f);
	json_str(f, r->broken_release);
	fputs(", \"expect\": ", f);
	write_expect(f, &r->expect);
	fprintf(f, ", \"duration_us\": %llu, \"verifier\": ",
		(unsigned long long)r->duration_us);
	if (r->has_stats)
		write_stats(f, &r->stats);
	else
		fputs("null", f);
	fputs(", \"splats\": ", f);
	json_str(f, r->splats ? r->splats : "");
	fputs("}", f);
}

static int read_small_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	buf[0] = '\0';
	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Config symbols that explain a run's results; others are left out. */
static const char *const config_hints[] = {
	"CONFIG_DEBUG_INFO_BTF", "CONFIG_BPF_JIT", "CONFIG_BPF_JIT_ALWAYS_ON",
	"CONFIG_BPF_LSM", "CONFIG_NET_SCH_BPF", "CONFIG_KASAN",
	"CONFIG_PROVE_LOCKING", "CONFIG_PREEMPT",
};

/*
 * The hinted symbols that the kernel's config sets, from /proc/config.gz
 * or /boot/config-<release> (gzopen reads plain files too), as a JSON
 * object; {} when neither can be read.
 */
static void write_config(FILE *f, const char *release)
{
	char path[300], line[256];
	bool first = true;
	size_t i, n;
	gzFile gz;

	gz = gzopen("/proc/config.gz", "r");
	if (!gz) {
		snprintf(path, sizeof(path), "/boot/config-%s", release);
		gz = gzopen(path, "r");
	}
	fputs("{", f);
	while (gz && gzgets(gz, line, sizeof(line))) {
		line[strcspn(line, "\n")] = '\0';
		for (i = 0; i < ARRAY_SIZE(config_hints); i++) {
			n = strlen(config_hints[i]);
			if (strncmp(line, config_hints[i], n) || line[n] != '=')
				continue;
			fprintf(f, "%s\"%s\": ", first ? "" : ", ",
				config_hints[i]);
			json_str(f, line + n + 1);
			first = false;
		}
	}
	fputs("}", f);
	if (gz)
		gzclose(gz);
}

/* The kfuncs the kernel's policy refuses, as its probes found them. */
static void write_refused(FILE *f, const struct kfunc_policy *p)
{
	const struct kfunc_probe *pr;
	bool first = true;
	int i;

	fputs(", \"refused_kfuncs\": [", f);
	for (i = 0; p && i < p->cnt; i++) {
		pr = &p->probes[i];
		if (!pr->refused)
			continue;
		fputs(first ? "{\"kfunc\": " : ", {\"kfunc\": ", f);
		json_str(f, pr->kfunc);
		fputs(", \"prog_type\": ", f);
		json_str(f, libbpf_bpf_prog_type_str(pr->type));
		fprintf(f, ", \"errno\": %d, \"log\": ", -pr->err);
		json_str(f, pr->why);
		fputs("}", f);
		first = false;
	}
	fputs("]", f);
}

static void write_kernel(FILE *f, const struct reporter *r)
{
	char jit[16];
	struct utsname u;

	uname(&u);
	fputs("  \"kernel\": {\"release\": ", f);
	json_str(f, u.release);
	fputs(", \"version\": ", f);
	json_str(f, u.version);
	fputs(", \"arch\": ", f);
	json_str(f, u.machine);
	fprintf(f, ", \"btf\": %s, \"jit\": ", r->btf ? "true" : "false");
	if (read_small_file("/proc/sys/net/core/bpf_jit_enable", jit,
			    sizeof(jit)))
		fputs("null", f);
	else
		fputs(strcmp(jit, "0") ? "true" : "false", f);
	fputs(", \"config\": ", f);
	write_config(f, u.release);
	write_refused(f, r->policy);
	fputs("},\n", f);
}

static int write_results(const char *path, const struct reporter *r,
			 __u64 duration_us)
{
	char stamp[32], host[256] = "";
	struct tm tm;
	FILE *f;
	int i, err;

	f = fopen(path, "we");
	if (!f)
		return -1;
	gmtime_r(&r->started, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gethostname(host, sizeof(host) - 1);
	fputs("{\n  \"schema\": \"bpf_refs-results/1\",\n", f);
	write_kernel(f, r);
	fputs("  \"run\": {\"started\": ", f);
	json_str(f, stamp);
	fputs(", \"where\": ", f);
	json_str(f, r->where);
	fputs(", \"host\": ", f);
	json_str(f, host);
	fputs(", \"xfail_file\": ", f);
	json_str(f, r->xfail_file ? r->xfail_file : "");
	fputs(", \"status\": ", f);
	json_str(f, r->status);
	fputs(", \"status_reason\": ", f);
	json_str(f, r->status_reason);
	fprintf(f, ", \"duration_us\": %llu},\n",
		(unsigned long long)duration_us);
	fprintf(f,
		"  \"summary\": {\"total\": %d, \"pass\": %d, \"fail\": %d, \"skip\": %d, \"xfail\": %d, \"xpass\": %d, \"carried\": %d, \"error\": %d},\n",
		r->result_cnt, r->cnt[TEST_PASS], r->cnt[TEST_FAIL],
		r->cnt[TEST_SKIP], r->cnt[TEST_XFAIL], r->cnt[TEST_XPASS],
		r->carried, r->disagreements);
	fputs("  \"tests\": [\n", f);
	for (i = 0; i < r->result_cnt; i++) {
		write_test(f, &r->results[i]);
		fputs(i + 1 < r->result_cnt ? ",\n" : "\n", f);
	}
	fputs("  ]\n}\n", f);
	err = ferror(f);
	err |= fclose(f);
	return err ? -1 : 0;
}

/*
 * Write the results to path, with run.status saying how much of the run
 * they are (docs/results.md).  A regular file is written beside path and
 * renamed over it, so that a reader never sees half a file; where that is
 * not allowed (a sticky directory), and for a device, a FIFO or a symlink
 * (/dev/stdout), path is written in place.
 */
int results_json_write(const char *path, const struct reporter *r,
		       __u64 duration_us)
{
	struct stat st;
	char *tmp;
	int err;

	if (lstat(path, &st))
		st.st_mode = S_IFREG;	/* a new file */
	if (S_ISREG(st.st_mode) &&
	    asprintf(&tmp, "%s.tmp.%d", path, (int)getpid()) > 0) {
		err = write_results(tmp, r, duration_us);
		if (!err)
			err = rename(tmp, path);
		if (err)
			unlink(tmp);
		free(tmp);
		if (!err)
			return 0;
	}
	return write_results(path, r, duration_us);
}
