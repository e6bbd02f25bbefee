// SPDX-License-Identifier: GPL-2.0
/*
 * Test name patterns and the files made of them (DENYLIST, DENYLIST.<arch>,
 * xfail lists), and which xfail list is a kernel's.  One entry a line: a
 * glob over "topic" or "topic/subtest", then its reason, optionally after
 * a '#'.  Blank lines and lines starting with '#' are comments.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lists.h"

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
 * Open a list file for list_file_next().  Only a regular file of at most
 * LIST_FILE_MAX bytes is read: a device (/dev/zero) or a FIFO would never
 * end, and a directory would read as an empty list.  Returns -errno of
 * open(), or -EINVAL with a message naming the file on stderr.
 */
int list_file_open(struct list_file *lf, const char *path)
{
	struct stat st;
	int err;

	memset(lf, 0, sizeof(*lf));
	lf->path = path;
	lf->f = fopen(path, "re");
	if (!lf->f)
		return -errno;
	if (fstat(fileno(lf->f), &st)) {
		err = -errno;
		list_file_close(lf);
		return err;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > LIST_FILE_MAX) {
		fprintf(stderr, "%s: %s\n", path, !S_ISREG(st.st_mode) ?
			"not a regular file" :
			"larger than 1 MiB: not a list file");
		list_file_close(lf);
		return -EINVAL;
	}
	return 0;
}

/*
 * The next line, without its newline: 1, or 0 at the end of the file,
 * or -EINVAL (file and line on stderr) for a line over LIST_LINE_MAX
 * bytes or a file grown past LIST_FILE_MAX, -EIO for a read error.
 */
int list_file_next(struct list_file *lf, char **line)
{
	size_t n;

	if (!fgets(lf->line, sizeof(lf->line), lf->f)) {
		if (!ferror(lf->f))
			return 0;
		fprintf(stderr, "%s: read error\n", lf->path);
		return -EIO;
	}
	lf->lineno++;
	n = strlen(lf->line);
	lf->bytes += n;
	if (n && lf->line[n - 1] == '\n') {
		lf->line[--n] = '\0';
	} else if (!feof(lf->f)) {
		fprintf(stderr, "%s:%d: line longer than %d bytes\n",
			lf->path, lf->lineno, LIST_LINE_MAX);
		return -EINVAL;
	}
	if (lf->bytes > LIST_FILE_MAX) {
		fprintf(stderr, "%s: larger than 1 MiB: not a list file\n",
			lf->path);
		return -EINVAL;
	}
	*line = lf->line;
	return 1;
}

void list_file_close(struct list_file *lf)
{
	if (lf->f)
		fclose(lf->f);
	lf->f = NULL;
}

/*
 * Append the entries of path to list.  Returns -errno when the file cannot
 * be read, -EINVAL (with a message on stderr naming file and line) when
 * it is not a list file (list_file_open()) or need_reason is set and an
 * entry has none.
 */
int test_list_load(struct test_list *list, const char *path, bool need_reason)
{
	struct list_file lf;
	char *line, *s, *reason;
	int err;

	err = list_file_open(&lf, path);
	if (err)
		return err;
	while ((err = list_file_next(&lf, &line)) > 0) {
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
				path, lf.lineno, s);
			err = -EINVAL;
			break;
		}
		err = test_list_add(list, s, reason);
		if (err)
			break;
	}
	list_file_close(&lf);
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

/*
 * The xfail list of a kernel in dir: <release>, else <major.minor>.<machine>,
 * else <major.minor>.  Returns 0 with its path, or -ENOENT.
 */
int xfail_list_for(const char *dir, const char *release,
		   const struct kernel_version *kv, const char *machine,
		   char *path, size_t len)
{
	snprintf(path, len, "%s/%s", dir, release);
	if (!access(path, R_OK))
		return 0;
	snprintf(path, len, "%s/%d.%d.%s", dir, kv->major, kv->minor, machine);
	if (!access(path, R_OK))
		return 0;
	snprintf(path, len, "%s/%d.%d", dir, kv->major, kv->minor);
	return access(path, R_OK) ? -ENOENT : 0;
}
