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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kmsg_watch.h"

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

void kmsg_watch_init(struct kmsg_watch *w)
{
	memset(w, 0, sizeof(*w));
	w->fd = -1;
}

/* Why the watcher is off, when it just turned off; else NULL. */
static const char *kmsg_open(struct kmsg_watch *w)
{
	static char msg[128];

	if (w->fd >= 0 || w->off)
		return NULL;
	w->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (w->fd >= 0 && lseek(w->fd, 0, SEEK_END) < 0) {
		close(w->fd);
		w->fd = -1;
	}
	if (w->fd >= 0)
		return NULL;
	w->off = true;
	snprintf(msg, sizeof(msg),
		 "kernel-log watcher off: cannot read /dev/kmsg: %s",
		 strerror(errno));
	return msg;
}

static void keep(struct kmsg_watch *w, const char *line, size_t len,
		 bool splat)
{
	size_t limit = splat ? KMSG_SPLAT_MAX : KMSG_KEEP_MAX;
	char *p;

	if (w->pending_len + len + 2 > limit)
		return;
	p = realloc(w->pending, w->pending_len + len + 2);
	if (!p)
		return;
	w->pending = p;
	memcpy(w->pending + w->pending_len, line, len);
	w->pending_len += len;
	w->pending[w->pending_len++] = '\n';
	w->pending[w->pending_len] = '\0';
}

/* One record: "prio,seq,usec,flags[,...];text\n" then " KEY=value" lines. */
static void take_record(struct kmsg_watch *w, char *rec, size_t n)
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
	keep(w, line, len, splat);
	if (splat && !w->pending_splat) {
		w->pending_splat = true;
		snprintf(w->first_splat, sizeof(w->first_splat), "%s", text);
	}
}

/* Read every record written since the last read. */
static const char *kmsg_drain(struct kmsg_watch *w)
{
	char rec[KMSG_RECORD_MAX + 1];
	const char *off = kmsg_open(w);
	ssize_t n;

	if (w->fd < 0)
		return off;
	for (;;) {
		n = read(w->fd, rec, sizeof(rec) - 1);
		if (n > 0) {
			take_record(w, rec, n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE) {
			/* records were overwritten before we read them */
			keep(w, "[kernel log records lost]", 25, true);
			continue;
		}
		break;		/* EAGAIN: nothing more; or an error */
	}
	return NULL;
}

const char *kmsg_watch_begin(struct kmsg_watch *w)
{
	return kmsg_drain(w);
}

static void forget(struct kmsg_watch *w)
{
	free(w->pending);
	w->pending = NULL;
	w->pending_len = 0;
	w->pending_splat = false;
	w->first_splat[0] = '\0';
}

bool kmsg_watch_check(struct kmsg_watch *w, struct test_result *res)
{
	size_t old, len;
	char *s;

	kmsg_drain(w);
	if (!w->pending_splat) {
		forget(w);
		return false;
	}
	old = res->splats ? strlen(res->splats) : 0;
	s = realloc(res->splats, old + w->pending_len + 1);
	if (s) {
		memcpy(s + old, w->pending, w->pending_len + 1);
		res->splats = s;
	}
	len = strlen(res->reason);
	if (res->status == TEST_FAIL && len)
		snprintf(res->reason + len, sizeof(res->reason) - len,
			 "; kernel log splat: %s", w->first_splat);
	else
		snprintf(res->reason, sizeof(res->reason),
			 "kernel log splat while the test ran: %s",
			 w->first_splat);
	res->status = TEST_FAIL;
	forget(w);
	return true;
}

void kmsg_watch_hold(struct kmsg_watch *w, struct kmsg_held *h)
{
	char *s;

	kmsg_drain(w);
	if (!w->pending_len)
		return;
	s = realloc(h->text, h->len + w->pending_len + 1);
	if (s) {
		memcpy(s + h->len, w->pending, w->pending_len + 1);
		h->text = s;
		h->len += w->pending_len;
	}
	if (w->pending_splat && !h->splat) {
		h->splat = true;
		snprintf(h->first_splat, sizeof(h->first_splat), "%s",
			 w->first_splat);
	}
	forget(w);
}

void kmsg_watch_release(struct kmsg_watch *w, struct kmsg_held *h)
{
	char *s;

	if (h->len) {
		s = realloc(h->text, h->len + w->pending_len + 1);
		if (s) {
			if (w->pending_len)
				memcpy(s + h->len, w->pending,
				       w->pending_len);
			s[h->len + w->pending_len] = '\0';
			free(w->pending);
			w->pending = s;
			w->pending_len += h->len;
			h->text = NULL;
		}
		if (h->splat) {
			w->pending_splat = true;
			snprintf(w->first_splat, sizeof(w->first_splat), "%s",
				 h->first_splat);
		}
	}
	free(h->text);
	memset(h, 0, sizeof(*h));
}

void kmsg_watch_free(struct kmsg_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	forget(w);
	kmsg_watch_init(w);
}
