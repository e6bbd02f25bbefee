// SPDX-License-Identifier: GPL-2.0
/*
 * The upstream fixes that tests name (the FIXES file), and what a failing
 * test may claim about its fix on the kernel under test.
 *
 * FIXES has one change a line: "<id> <release> <subject>", release being
 * the first upstream release with it (major.minor) or "none".  The id is
 * an upstream commit (12 hex digits): a fix a test names (__fixed_by), or
 * the change that made its bug (__broken_by).  A change not identified
 * has a label: "bug-<name>" for a fix, its release the first of the line
 * where the tests pass, or "none"; "origin-<name>" for what made a bug,
 * its release the first of the line that has the bug.  Only major.minor
 * of the kernel is compared with it: a stable backport is seen only by
 * tests that pass (run.c, reporter.c).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixes.h"
#include "lists.h"
#include "reporter.h"

#define SHA_LEN		12
#define SHA_MIN_LEN	7
#define HEX_DIGITS	"0123456789abcdef"
#define BUG_PREFIX	"bug-"
#define ORIGIN_PREFIX	"origin-"
#define LABEL_CHARS	"abcdefghijklmnopqrstuvwxyz0123456789-"

static int parse_release(const char *s, struct fix_entry *e)
{
	char *end;

	e->major = -1;
	e->minor = -1;
	if (!strcmp(s, "none"))
		return 0;
	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	e->major = strtol(s, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return -EINVAL;
	e->minor = strtol(end + 1, &end, 10);
	return *end ? -EINVAL : 0;
}

/*
 * A label id, "bug-<name>" or "origin-<name>": its length, or 0 when id
 * does not start with one.
 */
static size_t bug_label_len(const char *id)
{
	size_t p = 0, n;

	if (!strncmp(id, BUG_PREFIX, strlen(BUG_PREFIX)))
		p = strlen(BUG_PREFIX);
	else if (!strncmp(id, ORIGIN_PREFIX, strlen(ORIGIN_PREFIX)))
		p = strlen(ORIGIN_PREFIX);
	if (!p)
		return 0;
	n = p + strspn(id + p, LABEL_CHARS);
	if (n == p || n >= FIX_ID_MAX)
		return 0;
	return n;
}

/*
 * The fix of the first n characters of id: a bug label as a whole, a sha
 * by its first n (at most 12) digits.
 */
static const struct fix_entry *fix_find(const struct fix_list *fixes,
					const char *id, size_t n)
{
	bool label = bug_label_len(id) == n;
	const char *e;
	int i;

	for (i = 0; i < fixes->cnt; i++) {
		e = fixes->entries[i].id;
		if (label ? strlen(e) == n && !strncmp(e, id, n) :
		    !strncmp(e, id, n < SHA_LEN ? n : SHA_LEN))
			return &fixes->entries[i];
	}
	return NULL;
}

static int fix_add(struct fix_list *fixes, char *line)
{
	char *id, *release, *subject, *save = NULL;
	struct fix_entry e, *slot;
	size_t n;

	id = strtok_r(line, " \t", &save);
	release = strtok_r(NULL, " \t", &save);
	subject = strtok_r(NULL, "\n", &save);
	if (!release || !subject || parse_release(release, &e))
		return -EINVAL;
	n = strlen(id);
	if (bug_label_len(id) != n &&
	    (n != SHA_LEN || strspn(id, HEX_DIGITS) != SHA_LEN))
		return -EINVAL;
	if (fix_find(fixes, id, n))
		return -EEXIST;
	slot = realloc(fixes->entries, (fixes->cnt + 1) * sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	fixes->entries = slot;
	snprintf(e.id, sizeof(e.id), "%s", id);
	e.subject = strdup(subject + strspn(subject, " \t"));
	if (!e.subject)
		return -ENOMEM;
	fixes->entries[fixes->cnt++] = e;
	return 0;
}

/*
 * Append the fixes of path.  Returns -errno when it cannot be read,
 * -EINVAL or -EEXIST (with file and line on stderr) for a malformed or
 * repeated entry, or a file that is not a list file (list_file_open()).
 */
int fixes_load(struct fix_list *fixes, const char *path)
{
	char safe[PATH_MAX];
	struct list_file lf;
	char *line;
	size_t n;
	int err;

	err = list_file_open(&lf, path);
	if (err)
		return err;
	while ((err = list_file_next(&lf, &line)) > 0) {
		n = strlen(line);
		while (n && isspace((unsigned char)line[n - 1]))
			line[--n] = '\0';
		if (!n || line[0] == '#')
			continue;
		err = fix_add(fixes, line);
		if (err == -EINVAL || err == -EEXIST)
			ktap_path(safe, sizeof(safe), path);
		if (err == -EINVAL)
			fprintf(stderr, "bpf_refs: %s:%d: %s\n", safe, lf.lineno,
				"want '<sha12|bug-NAME> <M.m|none> <subject>'");
		else if (err == -EEXIST)
			fprintf(stderr, "bpf_refs: %s:%d: fix listed twice\n",
				safe, lf.lineno);
		if (err)
			break;
	}
	list_file_close(&lf);
	return err;
}

void fixes_free(struct fix_list *fixes)
{
	int i;

	for (i = 0; i < fixes->cnt; i++)
		free(fixes->entries[i].subject);
	free(fixes->entries);
	fixes->entries = NULL;
	fixes->cnt = 0;
}

const char *fix_status_str(enum fix_status st)
{
	static const char *const names[] = {
		[FIX_NOT_NAMED] = "", [FIX_LACKS] = "lacks", [FIX_HAS] = "has",
		[FIX_UNRELEASED] = "unreleased", [FIX_UNKNOWN] = "unknown",
	};

	return names[st];
}

/*
 * What a failing test that names fix ("<sha> <subject>") may say about it
 * on kernel kv, from FIXES: the one place such a claim is worded.  Fills
 * claim and returns its status.
 */
enum fix_status fix_claim(const struct fix_list *fixes,
			  const struct kernel_version *kv, const char *fix,
			  struct fix_claim *claim)
{
	size_t label = bug_label_len(fix);
	size_t n = label ? label : strspn(fix, HEX_DIGITS);
	const struct fix_entry *e = NULL;

	if ((label || n >= SHA_MIN_LEN) &&
	    (!fix[n] || isspace((unsigned char)fix[n])))
		e = fix_find(fixes, fix, n);
	claim->release[0] = '\0';
	if (!e) {
		claim->status = FIX_UNKNOWN;
		snprintf(claim->text, sizeof(claim->text),
			 "test names fix %.*s, not in FIXES: whether this kernel has it is unknown",
			 (int)strcspn(fix, " \t"), fix);
		return claim->status;
	}
	if (e->major < 0) {
		claim->status = FIX_UNRELEASED;
		snprintf(claim->release, sizeof(claim->release), "none");
		if (bug_label_len(e->id))
			snprintf(claim->text, sizeof(claim->text),
				 "no released kernel has a fix (%s: %s)",
				 e->id, e->subject);
		else
			snprintf(claim->text, sizeof(claim->text),
				 "no released kernel has the fix (upstream %s %s)",
				 e->id, e->subject);
		return claim->status;
	}
	snprintf(claim->release, sizeof(claim->release), "%d.%d", e->major,
		 e->minor);
	if (kv->major < e->major ||
	    (kv->major == e->major && kv->minor < e->minor)) {
		claim->status = FIX_LACKS;
		if (bug_label_len(e->id))
			snprintf(claim->text, sizeof(claim->text),
				 "kernel lacks the fix of %s, fixed in %s by a commit not identified (%s)",
				 e->id, claim->release, e->subject);
		else
			snprintf(claim->text, sizeof(claim->text),
				 "kernel lacks upstream fix %s %s", e->id,
				 e->subject);
	} else {
		claim->status = FIX_HAS;
		snprintf(claim->text, sizeof(claim->text),
			 "regression or gap: this kernel (%d.%d) has fix %s (since %s) and still fails",
			 kv->major, kv->minor, e->id, claim->release);
	}
	return claim->status;
}
