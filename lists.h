/* SPDX-License-Identifier: GPL-2.0 */
/*
 * List files (DENYLIST, xfail lists, FIXES), read a line at a time, and
 * the lists of test name patterns made of them.
 */
#ifndef __BPF_REFS_LISTS_H
#define __BPF_REFS_LISTS_H

#include <stdio.h>
#include "bpf_refs.h"

#define LIST_LINE_MAX	4096		/* bytes a line, newline excluded */
#define LIST_FILE_MAX	(1024 * 1024)	/* bytes a file */

struct list_file {
	FILE *f;
	const char *path;
	int lineno;
	size_t bytes;
	char line[LIST_LINE_MAX + 2];
};

/* A list of "pattern  reason" entries: DENYLIST and xfail files. */
struct test_list_entry {
	char *pattern;
	char *reason;
	bool used;
};

struct test_list {
	struct test_list_entry *entries;
	int cnt;
};

/*
 * Open path for reading, without waiting, if it is a regular file: a FIFO
 * opened O_RDONLY waits for a writer, and a device or a file of /proc or
 * /sys (/dev/zero, /proc/kmsg) reads without end or consumes what it
 * reads.  Returns the fd, -errno of open(), or -EINVAL when it is no
 * regular file (said on stderr and by list_err_str()).
 */
int open_regular(const char *path);
/* What an error of the functions below means: -EINVAL says what is wrong. */
const char *list_err_str(int err);
int list_file_open(struct list_file *lf, const char *path);
int list_file_next(struct list_file *lf, char **line);
void list_file_close(struct list_file *lf);
int test_list_load(struct test_list *list, const char *path, bool need_reason);
int test_list_add(struct test_list *list, const char *pattern,
		  const char *reason);
const struct test_list_entry *test_list_match(struct test_list *list,
					      const char *topic,
					      const char *subtest);
void test_list_free(struct test_list *list);
bool name_matches(const char *pattern, const char *topic, const char *subtest);
int xfail_list_for(const char *dir, const char *release,
		   const struct kernel_version *kv, const char *machine,
		   char *path, size_t len);

#endif /* __BPF_REFS_LISTS_H */
