// SPDX-License-Identifier: GPL-2.0
/*
 * Test name patterns and the files made of them (DENYLIST, DENYLIST.<arch>,
 * xfail lists).  One entry a line: a glob over "topic" or "topic/subtest",
 * then its reason, optionally after a '#'.  Blank lines and lines starting
 * with '#' are comments.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpf_refs.h"

/*
 * A pattern without '/' names whole topics.  With '/', its first part
 * selects topics and the whole selects subtests; subtest NULL asks
 * whether the topic is selected at all.
 */
bool name_matches(const char *pattern, const char *topic, const char *subtest)
{
	const char *slash = strchr(pattern, '/');
	char full[2 * BPF_REFS_NAME_LEN + 1];
	char head[BPF_REFS_NAME_LEN];
	size_t n;

	if (!slash)
		return !fnmatch(pattern, topic, 0);
	if (!subtest) {
		n = slash - pattern;
		if (n >= sizeof(head))
			return false;
		memcpy(head, pattern, n);
		head[n] = '\0';
		return !fnmatch(head, topic, 0);
	}
	snprintf(full, sizeof(full), "%s/%s", topic, subtest);
	return !fnmatch(pattern, full, 0);
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int test_list_add(struct test_list *list, const char *pattern,
		  const char *reason)
{
	struct test_list_entry *e;

	e = realloc(list->entries, (list->cnt + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	list->entries = e;
	e = &list->entries[list->cnt];
	e->pattern = strdup(pattern);
	e->reason = strdup(reason);
	e->used = false;
	if (!e->pattern || !e->reason) {
		free(e->pattern);
		free(e->reason);
		return -ENOMEM;
	}
	list->cnt++;
	return 0;
}

/*
 * Append the entries of path to list.  Returns -errno when the file cannot
 * be read, -EINVAL (with a message on stderr naming file and line) when
 * need_reason is set and an entry has none.
 */
int test_list_load(struct test_list *list, const char *path, bool need_reason)
{
	char *line = NULL, *s, *reason;
	size_t cap = 0;
	int lineno = 0, err = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (!err && getline(&line, &cap, f) > 0) {
		lineno++;
		s = trim(line);
		if (!*s || *s == '#')
			continue;
		reason = s + strcspn(s, " \t#");
		if (*reason)
			*reason++ = '\0';
		reason = trim(reason);
		if (*reason == '#')
			reason = trim(reason + 1);
		if (need_reason && !*reason) {
			fprintf(stderr, "%s:%d: entry '%s' has no reason\n",
				path, lineno, s);
			err = -EINVAL;
			break;
		}
		err = test_list_add(list, s, reason);
	}
	free(line);
	fclose(f);
	return err;
}

/*
 * The first entry naming this test.  With subtest NULL only whole-topic
 * entries count, so one denied subtest does not deny its topic.
 */
const struct test_list_entry *test_list_match(struct test_list *list,
					      const char *topic,
					      const char *subtest)
{
	int i;

	for (i = 0; i < list->cnt; i++) {
		struct test_list_entry *e = &list->entries[i];
		bool per_subtest = strchr(e->pattern, '/');

		if (!subtest && per_subtest)
			continue;
		if (name_matches(e->pattern, topic,
				 per_subtest ? subtest : NULL)) {
			e->used = true;
			return e;
		}
	}
	return NULL;
}

void test_list_free(struct test_list *list)
{
	int i;

	for (i = 0; i < list->cnt; i++) {
		free(list->entries[i].pattern);
		free(list->entries[i].reason);
	}
	free(list->entries);
	list->entries = NULL;
	list->cnt = 0;
}
