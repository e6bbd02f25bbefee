// SPDX-License-Identifier: GPL-2.0
/*
 * Parse the statistics the verifier prints at the end of its log:
 *   verification time N usec               (BPF_LOG_STATS only)
 *   stack depth A+B+... [max N]            (BPF_LOG_STATS only; max: 7.2+)
 *   processed N insns (limit L) max_states_per_insn M total_states T
 *   peak_states P mark_read R              (fields may come and go)
 *   insns processed N                      (7.2+, not kept)
 * Unknown fields are ignored and missing ones stay -1, so logs of older
 * and newer kernels parse alike.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "verifier_stats.h"

static void verifier_stats_init(struct verifier_stats *st)
{
	st->insns = -1;
	st->insn_limit = -1;
	st->max_states_per_insn = -1;
	st->total_states = -1;
	st->peak_states = -1;
	st->mark_read = -1;
	st->verification_time_us = -1;
	st->stack_depth[0] = '\0';
	st->stack_depth_max = -1;
}

/* How statistics lines start; a number follows each. */
static const char *const stats_heads[] = {
	"verification time ", "stack depth ", "processed ", "insns processed ",
};

/* Length of the statistics head that p starts with, or 0. */
static size_t stats_head(const char *p)
{
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(stats_heads); i++) {
		n = strlen(stats_heads[i]);
		if (!strncmp(p, stats_heads[i], n) &&
		    isdigit((unsigned char)p[n]))
			return n;
	}
	return 0;
}

/*
 * The verifier's reason for a rejection: the last line of log that is not
 * statistics.  A message printed without its newline has the first
 * statistics line glued to it ("... R2 2 2verification time 26 usec"):
 * that tail is cut off.
 */
void verifier_log_reason(const char *log, char *out, size_t len)
{
	const char *p = log, *best = NULL, *nl;
	size_t i, n, best_len = 0;

	while (p && *p) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && !stats_head(p)) {
			best = p;
			best_len = n;
		}
		p = nl ? nl + 1 : NULL;
	}
	if (!best) {
		snprintf(out, len, "empty verifier log");
		return;
	}
	for (i = 1; i < best_len; i++)
		if (stats_head(best + i)) {
			best_len = i;
			break;
		}
	snprintf(out, len, "%.*s", (int)best_len, best);
}

/* The last line of log that starts with prefix, or NULL. */
static const char *last_line(const char *log, const char *prefix)
{
	const char *p = log, *found = NULL;
	size_t n = strlen(prefix);

	while (p && *p) {
		if (!strncmp(p, prefix, n))
			found = p + n;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return found;
}

static long long field(const char *line, const char *name)
{
	const char *end = strchr(line, '\n');
	size_t n = strlen(name);
	const char *p = line;

	while ((p = strstr(p, name)) && (!end || p < end)) {
		if ((p == line || p[-1] == ' ' || p[-1] == '(') && p[n] == ' ')
			return strtoll(p + n + 1, NULL, 10);
		p += n;
	}
	return -1;
}

/* Returns true when the "processed N insns" line was found. */
bool verifier_stats_parse(const char *log, struct verifier_stats *st)
{
	const char *line;
	size_t n;

	verifier_stats_init(st);
	if (!log)
		return false;
	line = last_line(log, "verification time ");
	if (line)
		st->verification_time_us = strtoll(line, NULL, 10);
	line = last_line(log, "stack depth ");
	if (line) {
		n = strspn(line, "0123456789+");
		if (n >= sizeof(st->stack_depth))
			n = sizeof(st->stack_depth) - 1;
		memcpy(st->stack_depth, line, n);
		st->stack_depth[n] = '\0';
		st->stack_depth_max = field(line, "max");
	}
	line = last_line(log, "processed ");
	if (!line)
		return false;
	st->insns = strtoll(line, NULL, 10);
	st->insn_limit = field(line, "limit");
	st->max_states_per_insn = field(line, "max_states_per_insn");
	st->total_states = field(line, "total_states");
	st->peak_states = field(line, "peak_states");
	st->mark_read = field(line, "mark_read");
	return true;
}
