// SPDX-License-Identifier: GPL-2.0
/*
 * Write the results of a run as JSON (schema "bpf_refs-results/1", see
 * docs/results.md): the kernel, the run, totals, and one record per test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <zlib.h>
#include <bpf/libbpf.h>
#include "fixes.h"
#include "json_writer.h"
#include "kernel_features.h"
#include "reporter.h"

/* A count of the verifier's statistics: null where the log has none. */
static void stat_num(struct json_writer *w, const char *key, long long v)
{
	if (v < 0)
		json_null(w, key);
	else
		json_int(w, key, v);
}

static void write_stats(struct json_writer *w, const struct verifier_stats *st)
{
	json_object(w, "verifier", JSON_INLINE);
	stat_num(w, "insns", st->insns);
	stat_num(w, "total_states", st->total_states);
	stat_num(w, "peak_states", st->peak_states);
	stat_num(w, "max_states_per_insn", st->max_states_per_insn);
	stat_num(w, "verification_time_us", st->verification_time_us);
	stat_num(w, "stack_depth_max", st->stack_depth_max);
	json_string(w, "stack_depth", st->stack_depth);
	json_close(w);
}

/* What the test was expected to do here, from where, and on which fix. */
static void write_expect(struct json_writer *w, const struct expectation *e)
{
	static const char *const sources[] = {
		[EXPECT_NONE] = "none", [EXPECT_DERIVED] = "derived",
		[EXPECT_LIST] = "list", [EXPECT_PROBE] = "probe",
	};

	json_object(w, "expect", JSON_INLINE);
	json_string(w, "verdict", e->source == EXPECT_PROBE ? "skip" :
		    e->fail ? "fail" : "pass");
	json_string(w, "source", sources[e->source]);
	json_string(w, "fix", e->fix);
	json_bool(w, "carried", e->carried);
	json_close(w);
}

static void write_test(struct json_writer *w, const struct test_result *r)
{
	json_object(w, NULL, JSON_INLINE);
	json_string(w, "name", r->name);
	json_string(w, "object", r->object);
	json_string(w, "status", test_status_str(r->status));
	json_string(w, "reason", r->reason);
	json_string(w, "description", r->description);
	json_string(w, "fixed_by", r->fixed_by);
	json_string(w, "fix_release", r->fix_release);
	json_string(w, "fix_status", fix_status_str(r->fix_status));
	json_string(w, "broken_by", r->broken_by);
	json_string(w, "broken_release", r->broken_release);
	write_expect(w, &r->expect);
	json_int(w, "duration_us", r->duration_us);
	if (r->has_stats)
		write_stats(w, &r->stats);
	else
		json_null(w, "verifier");
	json_string(w, "splats", r->splats);
	json_close(w);
}

/* Config symbols that explain a run's results; others are left out. */
static const char *const config_hints[] = {
	"CONFIG_DEBUG_INFO_BTF", "CONFIG_BPF_JIT", "CONFIG_BPF_JIT_ALWAYS_ON",
	"CONFIG_BPF_LSM", "CONFIG_NET_SCH_BPF", "CONFIG_KASAN",
	"CONFIG_PROVE_LOCKING", "CONFIG_PREEMPT",
};

/*
 * The hinted symbols that the kernel's config sets, from /proc/config.gz
 * or /boot/config-<release> (gzopen reads plain files too), as a JSON
 * object; {} when neither can be read.
 */
static void write_config(struct json_writer *w, const char *release)
{
	char path[300], line[256];
	size_t i, n;
	gzFile gz;

	gz = gzopen("/proc/config.gz", "r");
	if (!gz) {
		snprintf(path, sizeof(path), "/boot/config-%s", release);
		gz = gzopen(path, "r");
	}
	json_object(w, "config", JSON_INLINE);
	while (gz && gzgets(gz, line, sizeof(line))) {
		line[strcspn(line, "\n")] = '\0';
		for (i = 0; i < ARRAY_SIZE(config_hints); i++) {
			n = strlen(config_hints[i]);
			if (!strncmp(line, config_hints[i], n) && line[n] == '=')
				json_string(w, config_hints[i], line + n + 1);
		}
	}
	json_close(w);
	if (gz)
		gzclose(gz);
}

/* The kfuncs the kernel's policy refuses, as its probes found them. */
static void write_refused(struct json_writer *w, const struct kfunc_policy *p)
{
	const struct kfunc_probe *pr;
	int i;

	json_array(w, "refused_kfuncs", JSON_INLINE);
	for (i = 0; p && i < p->cnt; i++) {
		pr = &p->probes[i];
		if (!pr->refused)
			continue;
		json_object(w, NULL, JSON_INLINE);
		json_string(w, "kfunc", pr->kfunc);
		json_string(w, "prog_type", libbpf_bpf_prog_type_str(pr->type));
		json_int(w, "errno", -pr->err);
		json_string(w, "log", pr->why);
		json_close(w);
	}
	json_close(w);
}

static void write_kernel(struct json_writer *w, const struct reporter *r)
{
	char jit[16];
	struct utsname u;

	uname(&u);
	json_object(w, "kernel", JSON_INLINE);
	json_string(w, "release", u.release);
	json_string(w, "version", u.version);
	json_string(w, "arch", u.machine);
	json_bool(w, "btf", r->btf);
	if (read_small_file("/proc/sys/net/core/bpf_jit_enable", jit,
			    sizeof(jit)))
		json_null(w, "jit");
	else
		json_bool(w, "jit", strcmp(jit, "0"));
	write_config(w, u.release);
	write_refused(w, r->policy);
	json_close(w);
}

static void write_run(struct json_writer *w, const struct reporter *r,
		      __u64 duration_us)
{
	char stamp[32], host[256] = "", libbpf[16];
	struct tm tm;

	gmtime_r(&r->started, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gethostname(host, sizeof(host) - 1);
	json_object(w, "run", JSON_INLINE);
	json_string(w, "started", stamp);
	json_string(w, "where", r->where);
	json_string(w, "host", host);
	snprintf(libbpf, sizeof(libbpf), "%u.%u", libbpf_major_version(),
		 libbpf_minor_version());
	json_string(w, "libbpf", libbpf);
	json_string(w, "xfail_file", r->xfail_file);
	json_string(w, "status", r->status);
	json_string(w, "status_reason", r->status_reason);
	json_int(w, "duration_us", duration_us);
	json_close(w);
}

static void write_summary(struct json_writer *w, const struct reporter *r)
{
	json_object(w, "summary", JSON_INLINE);
	json_int(w, "total", r->result_cnt);
	json_int(w, "pass", r->cnt[TEST_PASS]);
	json_int(w, "fail", r->cnt[TEST_FAIL]);
	json_int(w, "skip", r->cnt[TEST_SKIP]);
	json_int(w, "xfail", r->cnt[TEST_XFAIL]);
	json_int(w, "xpass", r->cnt[TEST_XPASS]);
	json_int(w, "carried", r->carried);
	json_int(w, "error", r->disagreements);
	json_close(w);
}

/* The whole document, in memory: nothing is written before it is whole. */
static char *render(const struct reporter *r, __u64 duration_us, size_t *len)
{
	struct json_writer w;
	char *doc = NULL;
	FILE *f;
	int i;

	f = open_memstream(&doc, len);
	if (!f)
		return NULL;
	json_writer_init(&w, f);
	json_object(&w, NULL, JSON_LINES);
	json_string(&w, "schema", "bpf_refs-results/1");
	write_kernel(&w, r);
	write_run(&w, r, duration_us);
	write_summary(&w, r);
	json_array(&w, "tests", JSON_LINES);
	for (i = 0; i < r->result_cnt; i++)
		write_test(&w, &r->results[i]);
	json_close(&w);
	json_close(&w);
	if (ferror(f) | fclose(f)) {
		free(doc);
		errno = ENOMEM;
		return NULL;
	}
	return doc;
}

/* All of buf at offset off (pwrite) or at the file's position (-1). */
static int write_all(int fd, const char *buf, size_t len, off_t off)
{
	ssize_t n;

	while (len) {
		n = off < 0 ? write(fd, buf, len) : pwrite(fd, buf, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;
			return -1;
		}
		buf += n;
		len -= n;
		if (off >= 0)
			off += n;
	}
	return 0;
}

/* Keep errno across cleanup that may change it. */
static int fail_keep_errno(int fd, const char *unlink_path)
{
	int err = errno;

	if (fd >= 0)
		close(fd);
	if (unlink_path)
		unlink(unlink_path);
	errno = err;
	return -1;
}

/*
 * Where the directory refuses a file of ours (a sticky /tmp, the file
 * another user's), the file is rewritten in place: its blocks reserved
 * first (fallocate), so that a full file system fails the write before
 * it touched the file, then written and cut to the document's length.
 */
static int write_in_place(const char *path, const char *doc, size_t len)
{
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fallocate(fd, 0, 0, len) && errno != EOPNOTSUPP &&
	    errno != ENOSYS)
		return fail_keep_errno(fd, NULL);
	if (write_all(fd, doc, len, 0) || ftruncate(fd, len) || fsync(fd))
		return fail_keep_errno(fd, NULL);
	return close(fd);
}

/*
 * A regular file (or none yet) is replaced: the document goes to a file
 * beside it, which is flushed to disk and renamed over it, so that a
 * reader sees the old file or the new one, whole.  Any error (a full
 * file system, a quota, an I/O error) leaves the old file as it was.
 */
static int replace_file(const char *path, const char *doc, size_t len)
{
	char *tmp = NULL, *dir, *slash;
	int fd = -1, dfd;

	if (asprintf(&tmp, "%s.tmp.%d", path, (int)getpid()) < 0)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0666);
	if (fd < 0 && (errno == EACCES || errno == EPERM)) {
		free(tmp);
		if (!write_in_place(path, doc, len))
			return 0;
		if (errno == ENOENT)	/* no file to write in place */
			errno = EACCES;
		return -1;
	}
	if (fd < 0 || write_all(fd, doc, len, -1) || fsync(fd)) {
		fail_keep_errno(fd, fd >= 0 ? tmp : NULL);
		goto fail;
	}
	if (close(fd)) {
		fail_keep_errno(-1, tmp);
		goto fail;
	}
	if (rename(tmp, path)) {
		fail_keep_errno(-1, tmp);
		free(tmp);
		if (errno == EACCES || errno == EPERM)
			return write_in_place(path, doc, len);
		return -1;
	}
	/* the rename itself on disk, as far as the directory allows */
	dir = strdup(path);
	slash = dir ? strrchr(dir, '/') : NULL;
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	dfd = dir ? open(slash ? dir : ".", O_RDONLY | O_DIRECTORY |
			 O_CLOEXEC) : -1;
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	free(tmp);
	return 0;
fail:
	free(tmp);
	return -1;
}

/*
 * A FIFO, a device, a socket, or the runner's own stdout or stderr: the
 * document is written to it once, as it is (json_target()).  SIGPIPE is
 * held while it is written: a reader that went away fails the write
 * (EPIPE), it does not kill the run.
 */
static int write_stream(const char *path, int std_fd, const char *doc,
			size_t len)
{
	struct timespec zero = {};
	sigset_t pipe_set, old;
	int fd, err = 0;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	if (std_fd >= 0) {
		fflush(std_fd == STDOUT_FILENO ? stdout : stderr);
		fd = std_fd;
	} else {
		fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	}
	if (fd < 0 || write_all(fd, doc, len, -1))
		err = errno;
	if (fd >= 0 && fd != std_fd && close(fd) && !err)
		err = errno;
	if (err == EPIPE)	/* the SIGPIPE of it, taken */
		sigtimedwait(&pipe_set, NULL, &zero);
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = err;
	return err ? -1 : 0;
}

enum json_target json_target(const char *path, int *std_fd)
{
	struct stat st, out;
	int fd;

	*std_fd = -1;
	if (stat(path, &st))
		return JSON_FILE;	/* a new file */
	for (fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++)
		if (!fstat(fd, &out) && out.st_dev == st.st_dev &&
		    out.st_ino == st.st_ino) {
			*std_fd = fd;
			return JSON_STREAM;
		}
	return S_ISREG(st.st_mode) ? JSON_FILE : JSON_STREAM;
}

/*
 * Write the results to path, with run.status saying how much of the run
 * they are (docs/results.md): a regular file is replaced whole, or kept
 * as it was when anything failed (replace_file()); a FIFO, a device or
 * the runner's stdout gets the document as it is (write_stream()).
 * -1 with errno when the document could not be written.
 */
int results_json_write(const char *path, const struct reporter *r,
		       __u64 duration_us)
{
	char *doc, *real = NULL;
	size_t len = 0;
	int std_fd, err;

	doc = render(r, duration_us, &len);
	if (!doc)
		return -1;
	if (json_target(path, &std_fd) == JSON_STREAM) {
		err = write_stream(path, std_fd, doc, len);
	} else {
		/* a symlink: the file it names is replaced, not the link */
		real = realpath(path, NULL);
		err = replace_file(real ?: path, doc, len);
	}
	free(real);
	free(doc);
	return err;
}
