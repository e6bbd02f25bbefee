// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-log watcher around every subtest.
 *
 * /dev/kmsg is opened once, non-blocking, and positioned at the end of the
 * log (SEEK_END: the next record written), so nothing older than the run
 * is looked at.  Each read() returns one record ("prio,seq,usec,flags;text"
 * and continuation lines).  The records read between two reports belong to
 * the subtest reported second: nothing logged during a run escapes, at the
 * price of blaming a splat that another process caused at the same time.
 *
 * A record is a splat when its text holds one of the markers below at a
 * word start.  They cover what the kernel prints on a memory-safety or
 * consistency error: KASAN/KFENCE/UBSAN reports, BUG() and WARN(), Oopses
 * and their stack dumps, panics, RCU stalls, hung tasks and kmemleak.
 * Records written from user space count too (the watcher cannot tell a
 * forged splat from a real one; its self-test relies on that).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kmsg_watch.h"
#include "runner.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#define KMSG_RECORD_MAX	8192		/* larger than the kernel's record */
#define KMSG_KEEP_MAX	(32 * 1024)	/* context kept per subtest */
#define KMSG_SPLAT_MAX	(64 * 1024)	/* splat lines are kept up to here */

static const char *const splat_markers[] = {
	"BUG:",			/* BUG: KASAN:, BUG: unable to handle ... */
	"kernel BUG at",
	"WARNING:",		/* WARN(), lockdep, suspicious RCU usage */
	"KASAN:",
	"KFENCE:",
	"UBSAN:",
	"Oops",
	"general protection fault",
	"Call Trace:",
	"Kernel panic",
	"list_add corruption",
	"list_del corruption",
	"refcount_t:",
	"detected stall",	/* rcu: INFO: rcu_preempt detected stalls */
	"blocked for more than",
	"unreferenced object 0x",	/* kmemleak */
};

static int kmsg_fd = -1;
static bool kmsg_off;
static char *pending;		/* records since the last report */
static size_t pending_len;
static bool pending_splat;
static char first_splat[160];

static bool at_word_start(const char *msg, const char *p)
{
	return p == msg || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
}

bool kmsg_is_splat(const char *msg)
{
	const char *p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(splat_markers); i++)
		for (p = strstr(msg, splat_markers[i]); p;
		     p = strstr(p + 1, splat_markers[i]))
			if (at_word_start(msg, p))
				return true;
	return false;
}

static void diag(const char *text)
{
	if (env)
		print_diag(text);
	else
		printf("# %s\n", text);
	fflush(stdout);
}

static void kmsg_open(void)
{
	char msg[128];

	if (kmsg_fd >= 0 || kmsg_off)
		return;
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd >= 0 && lseek(kmsg_fd, 0, SEEK_END) < 0) {
		close(kmsg_fd);
		kmsg_fd = -1;
	}
	if (kmsg_fd < 0) {
		kmsg_off = true;
		snprintf(msg, sizeof(msg),
			 "kernel-log watcher off: cannot read /dev/kmsg: %s",
			 strerror(errno));
		diag(msg);
	}
}

static void keep(const char *line, size_t len, bool splat)
{
	size_t limit = splat ? KMSG_SPLAT_MAX : KMSG_KEEP_MAX;
	char *p;

	if (pending_len + len + 2 > limit)
		return;
	p = realloc(pending, pending_len + len + 2);
	if (!p)
		return;
	pending = p;
	memcpy(pending + pending_len, line, len);
	pending_len += len;
	pending[pending_len++] = '\n';
	pending[pending_len] = '\0';
}

/* One record: "prio,seq,usec,flags[,...];text\n" then " KEY=value" lines. */
static void take_record(char *rec, size_t n)
{
	char line[KMSG_RECORD_MAX + 32], *text, *end;
	unsigned long long usec = 0;
	bool splat;
	int len;

	rec[n] = '\0';
	text = strchr(rec, ';');
	if (!text)
		return;
	*text++ = '\0';
	end = strchr(text, '\n');
	if (end)
		*end = '\0';
	if (sscanf(rec, "%*u,%*u,%llu", &usec) != 1)
		usec = 0;
	splat = kmsg_is_splat(text);
	len = snprintf(line, sizeof(line), "[%5llu.%06llu] %s",
		       usec / 1000000, usec % 1000000, text);
	if (len > (int)sizeof(line) - 1)
		len = sizeof(line) - 1;
	keep(line, len, splat);
	if (splat && !pending_splat) {
		pending_splat = true;
		snprintf(first_splat, sizeof(first_splat), "%s", text);
	}
}

/* Read every record written since the last read. */
static void kmsg_drain(void)
{
	char rec[KMSG_RECORD_MAX + 1];
	ssize_t n;

	kmsg_open();
	if (kmsg_fd < 0)
		return;
	for (;;) {
		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n > 0) {
			take_record(rec, n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE) {
			/* records were overwritten before we read them */
			keep("[kernel log records lost]", 25, true);
			continue;
		}
		break;		/* EAGAIN: nothing more; or an error */
	}
}

void kmsg_watch_begin(void)
{
	kmsg_drain();
}

static void forget(void)
{
	free(pending);
	pending = NULL;
	pending_len = 0;
	pending_splat = false;
	first_splat[0] = '\0';
}

void kmsg_watch_check(struct test_result *res)
{
	size_t old, len;
	char *s;

	kmsg_drain();
	if (!pending_splat) {
		forget();
		return;
	}
	old = res->splats ? strlen(res->splats) : 0;
	s = realloc(res->splats, old + pending_len + 1);
	if (s) {
		memcpy(s + old, pending, pending_len + 1);
		res->splats = s;
	}
	len = strlen(res->reason);
	if (res->status == TEST_FAIL && len)
		snprintf(res->reason + len, sizeof(res->reason) - len,
			 "; kernel log splat: %s", first_splat);
	else
		snprintf(res->reason, sizeof(res->reason),
			 "kernel log splat while the test ran: %s",
			 first_splat);
	res->status = TEST_FAIL;
	forget();
}

void kmsg_watch_reset(void)
{
	if (kmsg_fd >= 0)
		close(kmsg_fd);
	kmsg_fd = -1;
	kmsg_off = false;
	forget();
}
