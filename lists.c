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
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include "lists.h"
#include "reporter.h"

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

/* The last list file refused with -EINVAL: what is wrong, for its caller. */
static char list_why[LIST_LINE_MAX + 64];

const char *list_err_str(int err)
{
	if (err == -EINVAL && list_why[0])
		return list_why;
	return strerror(err < 0 ? -err : err);
}

/* Say on stderr, and keep for list_err_str(), why path is no list. */
static void refuse(const char *path, int lineno, const char *fmt, ...)
{
	char safe[PATH_MAX], what[LIST_LINE_MAX + 32];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (lineno)
		snprintf(list_why, sizeof(list_why), "line %d: %s", lineno,
			 what);
	else
		snprintf(list_why, sizeof(list_why), "%s", what);
	ktap_path(safe, sizeof(safe), path);
	if (lineno)
		fprintf(stderr, "bpf_refs: %s:%d: %s\n", safe, lineno, what);
	else
		fprintf(stderr, "bpf_refs: %s: %s\n", safe, what);
}

/* File systems of the kernel's own interfaces: no file there is a list. */
static bool kernel_interface_fs(long type)
{
	static const long types[] = {
		PROC_SUPER_MAGIC, SYSFS_MAGIC, DEBUGFS_MAGIC, TRACEFS_MAGIC,
		SECURITYFS_MAGIC, CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC,
		BPF_FS_MAGIC, EFIVARFS_MAGIC, PSTOREFS_MAGIC,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (type == types[i])
			return true;
	return false;
}

static const char *file_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a plain file";
}

int open_regular(const char *path)
{
	struct statfs sfs;
	struct stat st;
	int fd, err;

	list_why[0] = '\0';
	/* O_NONBLOCK: the open of a FIFO waits for no writer */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || fstatfs(fd, &sfs)) {
		err = -errno;
		close(fd);
		return err;
	}
	if (S_ISREG(st.st_mode) && !kernel_interface_fs(sfs.f_type))
		return fd;
	close(fd);
	if (S_ISREG(st.st_mode))
		refuse(path, 0, "not a regular file: a file of the kernel's (/proc, /sys)");
	else
		refuse(path, 0, "not a regular file: %s",
		       file_kind(st.st_mode));
	return -EINVAL;
}

/*
 * Open a list file for list_file_next().  Only a regular file of at most
 * LIST_FILE_MAX bytes is read (open_regular()): a FIFO, a device
 * (/dev/zero), /proc/kmsg would never end, and a directory would read as
 * an empty list.  Returns -errno of open(), or -EINVAL with a message
 * naming the file on stderr (list_err_str() says it too).
 */
int list_file_open(struct list_file *lf, const char *path)
{
	struct stat st;
	int fd, err;

	memset(lf, 0, sizeof(*lf));
	lf->path = path;
	fd = open_regular(path);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st)) {
		err = -errno;
		close(fd);
		return err;
	}
	if (st.st_size > LIST_FILE_MAX) {
		close(fd);
		refuse(path, 0, "larger than 1 MiB: not a list file");
		return -EINVAL;
	}
	lf->f = fdopen(fd, "r");
	if (!lf->f) {
		err = -errno;
		close(fd);
		return err;
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
		refuse(lf->path, 0, "read error: %s", strerror(errno));
		return -EIO;
	}
	lf->lineno++;
	n = strlen(lf->line);
	lf->bytes += n;
	if (n && lf->line[n - 1] == '\n') {
		lf->line[--n] = '\0';
	} else if (!feof(lf->f)) {
		refuse(lf->path, lf->lineno, "line longer than %d bytes",
		       LIST_LINE_MAX);
		return -EINVAL;
	}
	if (lf->bytes > LIST_FILE_MAX) {
		refuse(lf->path, 0, "larger than 1 MiB: not a list file");
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
			char safe[LIST_LINE_MAX + 1];

			ktap_path(safe, sizeof(safe), s);
			refuse(path, lf.lineno, "entry '%s' has no reason",
			       safe);
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
