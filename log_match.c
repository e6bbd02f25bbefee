// SPDX-License-Identifier: GPL-2.0
/*
 * Match expected messages against a verifier log, in order.
 *
 * A __msg() is a literal substring in which "{{re}}" embeds a POSIX
 * extended regex; a __regex() is one whole regex.  Each message must be
 * found after the end of the previous match, as upstream's test_loader
 * does, so "A then B" cannot be satisfied by a log that says "B then A".
 * A __not_msg() (same syntax as __msg()) must not occur between the
 * messages around it.
 */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include "log_match.h"

/* Append s[0..n) to buf, escaping regex metacharacters. */
static size_t quote(char *buf, const char *s, size_t n)
{
	size_t len = 0;

	while (n--) {
		if (strchr(".[]{}()\\*+?|^$", *s))
			buf[len++] = '\\';
		buf[len++] = *s++;
	}
	return len;
}

/* Build the regex for one message; NULL on a malformed {{ }} pair. */
static char *msg_to_regex(const char *msg, bool is_regex)
{
	size_t n = strlen(msg), len = 0;
	const char *open, *close;
	char *re;

	if (is_regex)
		return strdup(msg);
	re = malloc(2 * n + 1);
	if (!re)
		return NULL;
	while ((open = strstr(msg, "{{"))) {
		close = strstr(open + 2, "}}");
		if (!close) {
			free(re);
			return NULL;
		}
		len += quote(re + len, msg, open - msg);
		memcpy(re + len, open + 2, close - open - 2);
		len += close - open - 2;
		msg = close + 2;
	}
	len += quote(re + len, msg, strlen(msg));
	re[len] = '\0';
	return re;
}

/* Compile message i; -EINVAL on a malformed pattern. */
static int compile(regex_t *re, const char *msg, bool is_regex)
{
	char *src = msg_to_regex(msg, is_regex);
	int err;

	if (!src)
		return -EINVAL;
	err = regcomp(re, src, REG_EXTENDED | REG_NEWLINE);
	free(src);
	return err ? -EINVAL : 0;
}

/* Does message i occur in log[start, end)? */
static int found_in(const char *log, size_t start, size_t end,
		    const char *msg, bool is_regex)
{
	regmatch_t m = { .rm_so = start, .rm_eo = end };
	regex_t re;
	int err;

	err = compile(&re, msg, is_regex);
	if (err)
		return err;
	err = regexec(&re, log, 1, &m, REG_STARTEND);
	regfree(&re);
	return !err;
}

/*
 * Returns 0 if every positive message matches in order and no negative
 * one (__not_msg()) occurs between the positive ones around it, as
 * upstream's test_loader: from the end of the match before it (or the
 * start of the log) to the start of the match after it (or the end).
 * -ENOENT if message *failed_idx is missing, -EEXIST if it is a negative
 * one that occurs, -EINVAL if it is not a valid pattern.
 */
int log_match(const char *log, char *const *msgs, const bool *is_regex,
	      const bool *negative, int cnt, int *failed_idx)
{
	size_t len, *start, *end, from = 0;
	int i, j, err = 0;
	regmatch_t m;
	regex_t re;

	log = log ? log : "";
	len = strlen(log);
	start = calloc(cnt + 1, sizeof(*start));
	end = calloc(cnt + 1, sizeof(*end));
	if (!start || !end) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < cnt && !err; i++) {
		*failed_idx = i;
		if (negative[i])
			continue;
		err = compile(&re, msgs[i], is_regex[i]);
		if (err)
			break;
		m.rm_so = from;
		m.rm_eo = len;
		err = regexec(&re, log, 1, &m, REG_STARTEND) ? -ENOENT : 0;
		regfree(&re);
		start[i] = m.rm_so;
		end[i] = m.rm_eo;
		from = m.rm_eo;
	}
	for (i = 0; i < cnt && !err; i++) {
		if (!negative[i])
			continue;
		*failed_idx = i;
		for (from = 0, j = i - 1; j >= 0; j--)
			if (!negative[j]) {
				from = end[j];
				break;
			}
		for (len = strlen(log), j = i + 1; j < cnt; j++)
			if (!negative[j]) {
				len = start[j];
				break;
			}
		err = found_in(log, from, len, msgs[i], is_regex[i]);
		if (err > 0)
			err = -EEXIST;
	}
out:
	free(start);
	free(end);
	return err;
}
