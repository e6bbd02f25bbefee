// SPDX-License-Identifier: GPL-2.0
/*
 * Match expected messages against a verifier log, in order.
 *
 * A __msg() is a literal substring in which "{{re}}" embeds a POSIX
 * extended regex; a __regex() is one whole regex.  Each message must be
 * found after the end of the previous match, as upstream's test_loader
 * does, so "A then B" cannot be satisfied by a log that says "B then A".
 */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include "bpf_refs.h"

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

/*
 * Returns 0 if all messages match in order; -ENOENT if message
 * *failed_idx is missing; -EINVAL if it is not a valid pattern.
 */
int log_match(const char *log, char *const *msgs, const bool *is_regex,
	      int cnt, int *failed_idx)
{
	const char *pos = log ? log : "";
	regmatch_t m;
	regex_t re;
	char *src;
	int i, err;

	for (i = 0; i < cnt; i++) {
		*failed_idx = i;
		src = msg_to_regex(msgs[i], is_regex[i]);
		if (!src)
			return -EINVAL;
		err = regcomp(&re, src, REG_EXTENDED | REG_NEWLINE);
		free(src);
		if (err)
			return -EINVAL;
		err = regexec(&re, pos, 1, &m, 0);
		regfree(&re);
		if (err)
			return -ENOENT;
		pos += m.rm_eo;
	}
	return 0;
}
