// SPDX-License-Identifier: GPL-2.0
/*
 * The loader; see loader.h.
 *
 * Every load opens the object afresh (libbpf loads an object once), so a
 * repeated load after the log grew sees exactly what the first one saw.
 * libbpf's bpf_object__load() does not pass on the kernel's
 * log_true_size, so the log doubles on ENOSPC instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/btf.h>
#include "loader.h"
#include "verifier_stats.h"

unsigned long loader_opens;

/* libbpf's print hook has no argument: where its messages go now. */
static struct {
	bool echo;		/* -vv: they go to stderr too */
	char *buf;
	size_t len;
	const char *path;	/* the object they are about */
	FILE *echo_f;		/* what goes to stderr, once cleaned */
	char *echo_text;
	size_t echo_len;
} capture;

/* A string libbpf may print that no name may spell: a blank, ':', control. */
static bool risky(const char *s)
{
	for (; *s; s++)
		if (*s == ' ' || *s == ':' || (unsigned char)*s < 0x20 ||
		    *s == 0x7f)
			return true;
	return false;
}

static void clean_name(char *s, const char *name)
{
	size_t i, n = strlen(name);
	char *p;

	for (p = n ? strstr(s, name) : NULL; p; p = strstr(p + n, name))
		for (i = 0; i < n; i++)
			if (!bpf_refs_safe_char(p[i], true))
				p[i] = '_';
}

/*
 * libbpf's messages name the object's path and names from it (programs,
 * sections, maps, BTF types and strings; the object's own, from its file
 * name), and quote the kernel's BTF log: the path and every name of obj
 * that could spell a line break or a kernel message are printed as the
 * runner prints names, each byte outside bpf_refs_safe_char() turned
 * into '_'.  The text keeps its length.
 */
static void clean_msgs(char *s, const char *path,
		       const struct bpf_object *obj)
{
	const struct btf *btf = obj ? bpf_object__btf(obj) : NULL;
	struct bpf_program *prog;
	struct bpf_map *map;
	const char *str;
	__u32 off;

	if (!*s)
		return;
	if (path)
		clean_name(s, path);
	if (obj && risky(bpf_object__name(obj)))
		clean_name(s, bpf_object__name(obj));
	for (off = 1; btf && (str = btf__str_by_offset(btf, off));
	     off += strlen(str) + 1)
		if (risky(str))
			clean_name(s, str);
	for (prog = obj ? bpf_object__next_program(obj, NULL) : NULL; prog;
	     prog = bpf_object__next_program(obj, prog)) {
		if (risky(bpf_program__name(prog)))
			clean_name(s, bpf_program__name(prog));
		if (risky(bpf_program__section_name(prog)))
			clean_name(s, bpf_program__section_name(prog));
	}
	for (map = obj ? bpf_object__next_map(obj, NULL) : NULL; map;
	     map = bpf_object__next_map(obj, map))
		if (risky(bpf_map__name(map)))
			clean_name(s, bpf_map__name(map));
}

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	size_t n = capture.buf ? strlen(capture.buf) : 0;
	va_list copy;
	char *line;

	if (level == LIBBPF_DEBUG)
		return 0;
	if (capture.echo_f) {
		va_copy(copy, args);
		vfprintf(capture.echo_f, fmt, copy);
		va_end(copy);
	} else if (capture.echo) {
		/* not about an object: libbpf's probes, its setup */
		va_copy(copy, args);
		if (vasprintf(&line, fmt, copy) >= 0) {
			clean_msgs(line, NULL, NULL);
			fputs(line, stderr);
			free(line);
		}
		va_end(copy);
	}
	if (capture.buf && n < capture.len - 1)
		vsnprintf(capture.buf + n, capture.len - n, fmt, args);
	return 0;
}

void loader_libbpf_print(bool echo)
{
	capture.echo = echo;
	libbpf_set_print(print_libbpf);
}

/*
 * From here on, libbpf's messages about path go to buf too, and with
 * -vv to stderr once capture_stop() cleaned them.
 */
static libbpf_print_fn_t capture_start(char *buf, size_t len,
				       const char *path)
{
	buf[0] = '\0';
	capture.buf = buf;
	capture.len = len;
	capture.path = path;
	if (capture.echo)
		capture.echo_f = open_memstream(&capture.echo_text,
						&capture.echo_len);
	return libbpf_set_print(print_libbpf);
}

/* The messages, cleaned of the names of obj (NULL: not opened). */
static void capture_stop(libbpf_print_fn_t old, const struct bpf_object *obj)
{
	libbpf_set_print(old);
	if (capture.buf)
		clean_msgs(capture.buf, capture.path, obj);
	if (capture.echo_f && !fclose(capture.echo_f) && capture.echo_text) {
		clean_msgs(capture.echo_text, capture.path, obj);
		fputs(capture.echo_text, stderr);
	}
	free(capture.echo_text);
	capture.echo_f = NULL;
	capture.echo_text = NULL;
	capture.buf = NULL;
	capture.path = NULL;
}

struct bpf_object *loader_open(const char *path, int *err, char *msgs,
			       size_t len)
{
	libbpf_print_fn_t old = capture_start(msgs, len, path);
	struct bpf_object *obj;

	obj = bpf_object__open_file(path, NULL);
	*err = obj ? 0 : -errno;
	loader_opens++;
	capture_stop(old, obj);
	return obj;
}

/* Append to the string in dst (of size len) src as ktap_path() prints it. */
static void ktap_path_append(char *dst, size_t len, const char *src)
{
	size_t n = strlen(dst);

	ktap_path(dst + n, len - n, src);
}

static void say_log_grows(const char *prog, size_t size)
{
	char name[BPF_REFS_NAME_LEN];

	ktap_path(name, sizeof(name), prog);
	fprintf(stderr, "bpf_refs: %s: verifier log over %zu MiB, loading again\n",
		name, size >> 20);
}

/*
 * The load of the program under test, told from its companions' by its
 * log buffer (the --wrap=bpf_prog_load hook): libbpf's error for the
 * object is not its verdict when a companion was rejected after it.
 */
static struct {
	const char *log_buf;	/* the program's; NULL: no load going on */
	bool seen;		/* the kernel was asked to load it */
	int err;		/* and said: 0 accepted */
} one;

/*
 * Does struct_ops map hold prog in one of its slots?  libbpf keeps them
 * in the map's initial value as pointers to their programs (the
 * skeleton's shadow type; libbpf 1.4 and later), and loads a struct_ops
 * program whenever a map created holds it, whatever its autoload says.
 */
static bool struct_ops_holds(const struct bpf_map *map,
			     const struct bpf_program *prog)
{
	const struct bpf_program *slot;
	const char *data;
	size_t size, off;

	data = bpf_map__initial_value((struct bpf_map *)map, &size);
	for (off = 0; data && off + sizeof(slot) <= size; off += sizeof(slot)) {
		memcpy(&slot, data + off, sizeof(slot));
		if (slot == prog)
			return true;
	}
	return false;
}

/*
 * The struct_ops maps to create: the one the request names; for a
 * struct_ops program, those that hold it (all, if none is seen to: an
 * older libbpf), so that no other map loads its programs too.
 */
static void pick_struct_ops_maps(const struct load_req *req,
				 struct bpf_object *obj,
				 const struct bpf_program *prog)
{
	bool ops = bpf_program__type(prog) == BPF_PROG_TYPE_STRUCT_OPS;
	bool held = false, create;
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj) {
		if (bpf_map__type(map) != BPF_MAP_TYPE_STRUCT_OPS)
			continue;
		if (req->struct_ops_map)
			create = !strcmp(bpf_map__name(map), req->struct_ops_map);
		else
			create = ops && struct_ops_holds(map, prog);
		bpf_map__set_autocreate(map, create);
		held |= create;
	}
	if (req->struct_ops_map || !ops || held)
		return;
	bpf_object__for_each_map(map, obj)
		if (bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS)
			bpf_map__set_autocreate(map, true);
}

/* Open and load once into log->buf; ld->obj is NULL if not opened. */
static int load_once(const struct load_req *req, struct loader_log *log,
		     struct loaded *ld)
{
	struct bpf_program *p;
	libbpf_print_fn_t old;
	int i = 0, err;

	ld->prog = NULL;
	ld->obj = loader_open(req->path, &err, ld->libbpf_msgs,
			      sizeof(ld->libbpf_msgs));
	if (!ld->obj) {
		snprintf(ld->error, sizeof(ld->error), "cannot open ");
		ktap_path_append(ld->error, sizeof(ld->error), req->path);
		snprintf(ld->error + strlen(ld->error),
			 sizeof(ld->error) - strlen(ld->error), ": %s",
			 err_str(err));
		return err;
	}
	bpf_object__for_each_program(p, ld->obj) {
		bool want = !strcmp(bpf_program__name(p), req->prog);

		if (want)
			ld->prog = p;
		bpf_program__set_autoload(p, want ||
					  (req->with && req->with(p, i, req->arg)));
		i++;
	}
	if (!ld->prog) {
		ktap_path(ld->error, sizeof(ld->error), req->path);
		snprintf(ld->error + strlen(ld->error),
			 sizeof(ld->error) - strlen(ld->error), " has no program ");
		ktap_path_append(ld->error, sizeof(ld->error), req->prog);
		loader_close(ld);
		return -ENOENT;
	}
	pick_struct_ops_maps(req, ld->obj, ld->prog);
	log->buf[0] = '\0';
	bpf_program__set_log_buf(ld->prog, log->buf, log->size);
	bpf_program__set_log_level(ld->prog, req->log_level);
	bpf_program__set_flags(ld->prog, bpf_program__flags(ld->prog) |
					 req->prog_flags);
	old = capture_start(ld->libbpf_msgs, sizeof(ld->libbpf_msgs),
			    req->path);
	one.log_buf = log->buf;
	one.seen = false;
	err = bpf_object__load(ld->obj);
	one.log_buf = NULL;
	capture_stop(old, ld->obj);
	ld->err = one.seen ? one.err : err;
	/* accepted, then a companion or the object failed */
	ld->object_err = one.seen && !one.err ? err : 0;
	/*
	 * The kernel fails with -ENOSPC when the log did not fit, even when
	 * what is left of it is short (level 1 rewinds it on each branch
	 * it drops): only a larger buffer tells.
	 */
	ld->log_truncated = ld->err == -ENOSPC;
	return 0;
}

int loader_load(const struct load_req *req, struct loader_log *log,
		struct loaded *ld)
{
	char *buf;
	int err;

	memset(ld, 0, sizeof(*ld));
	if (!log->size)
		log->size = LOADER_LOG_SIZE;
	if (!log->max)
		log->max = LOADER_LOG_MAX;
	if (!log->buf) {
		log->buf = malloc(log->size);
		if (!log->buf) {
			snprintf(ld->error, sizeof(ld->error),
				 "out of memory for the verifier log");
			return -ENOMEM;
		}
	}
	/* The whole log at any level: a verdict must not depend on it. */
	while (!(err = load_once(req, log, ld)) && ld->log_truncated &&
	       log->size < log->max) {
		loader_close(ld);
		if (req->verbose)
			say_log_grows(req->prog, log->size);
		buf = realloc(log->buf, 2 * log->size);
		if (!buf) {
			snprintf(ld->error, sizeof(ld->error),
				 "cannot grow the verifier log beyond %zu MiB: %s",
				 log->size >> 20, err_str(-ENOMEM));
			return -ENOMEM;
		}
		log->buf = buf;
		log->size *= 2;
	}
	if (err)
		return err;
	ld->verifier_ran = log->buf[0] != '\0';
	ld->has_stats = verifier_stats_parse(log->buf, &ld->stats);
	return 0;
}

void loader_close(struct loaded *ld)
{
	bpf_object__close(ld->obj);
	ld->obj = NULL;
	ld->prog = NULL;
}

const char *err_str(int err)
{
	static char buf[128];

	if (err < 0)
		err = -err;
	if (err < __LIBBPF_ERRNO__START)
		return strerror(err);
	libbpf_strerror(err, buf, sizeof(buf));
	return buf;
}

static __u64 mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

/*
 * The batch libbpf is loading now.  Each program of it gets a log buffer
 * of one byte at tokens + i, which only tells the wrapper whose load
 * libbpf asks for; the kernel writes into log, which grows as needed.
 */
#define BATCH_LOG_BUDGET	(64UL << 20)	/* log bytes kept a batch */

static struct {
	struct load_batch *b;
	char *tokens;
	struct loader_log log;
	size_t kept;
	int null_fd;
} cur;

/* What libbpf is told of a program the kernel rejected: an fd to close. */
static int stand_in_fd(void)
{
	return fcntl(cur.null_fd, F_DUPFD_CLOEXEC, 3);
}

int __wrap_bpf_prog_load(enum bpf_prog_type type, const char *name,
			 const char *license, const struct bpf_insn *insns,
			 size_t insn_cnt, const struct bpf_prog_load_opts *opts)
{
	struct load_batch *b = cur.b;
	struct bpf_prog_load_opts o;
	struct batch_prog *bp;
	__u64 t0;
	char *buf;
	int fd;

	if (one.log_buf && opts && opts->log_buf == one.log_buf) {
		fd = __real_bpf_prog_load(type, name, license, insns, insn_cnt,
					  opts);
		one.seen = true;
		one.err = fd < 0 ? -errno : 0;
		return fd;
	}
	if (!b || !opts || !opts->log_buf || opts->log_buf < cur.tokens ||
	    opts->log_buf >= cur.tokens + b->cnt)
		return __real_bpf_prog_load(type, name, license, insns,
					    insn_cnt, opts);
	bp = &b->progs[opts->log_buf - cur.tokens];
	if ((b->stop && b->stop(b->arg)) ||
	    (cur.kept > BATCH_LOG_BUDGET && bp != b->progs)) {
		bp->cut = true;
		return stand_in_fd();
	}
	memset(&o, 0, sizeof(o));
	memcpy(&o, opts, sizeof(o) < opts->sz ? sizeof(o) : opts->sz);
	o.sz = sizeof(o);
	t0 = mono_us();
	/* the whole log at any level, as loader_load() */
	for (;;) {
		cur.log.buf[0] = '\0';
		o.log_buf = cur.log.buf;
		o.log_size = cur.log.size;
		fd = __real_bpf_prog_load(type, name, license, insns, insn_cnt,
					  &o);
		bp->err = fd < 0 ? -errno : 0;
		bp->log_truncated = bp->err == -ENOSPC;	/* as load_once() */
		if (!bp->log_truncated || cur.log.size >= cur.log.max)
			break;
		if (b->verbose)
			say_log_grows(name ?: "", cur.log.size);
		buf = realloc(cur.log.buf, 2 * cur.log.size);
		if (!buf)
			break;
		cur.log.buf = buf;
		cur.log.size *= 2;
	}
	bp->load_us = mono_us() - t0;
	bp->log = strdup(cur.log.buf);
	bp->loaded = !!bp->log;
	cur.kept += strlen(cur.log.buf);
	if (b->loaded)
		b->loaded(b->arg, bp - b->progs);
	if (fd >= 0)
		return fd;
	/* libbpf goes on with the next program: the rejection is kept */
	return stand_in_fd();
}

/* Mark each program of the object that is in the batch; false: none. */
static bool batch_setup(struct load_batch *b)
{
	struct bpf_program *p;
	struct bpf_map *map;
	int i = 0, j = 0;

	bpf_object__for_each_program(p, b->obj) {
		bool want = j < b->cnt && b->progs[j].index == i;

		if (want) {
			b->progs[j].prog = p;
			if (bpf_program__set_log_buf(p, cur.tokens + j, 1) ||
			    bpf_program__set_log_level(p, b->progs[j].log_level) ||
			    bpf_program__set_flags(p, bpf_program__flags(p) |
						      b->progs[j].prog_flags))
				return false;
			j++;
		}
		bpf_program__set_autoload(p, want ||
					  (b->with && b->with(p, i, b->with_arg)));
		i++;
	}
	bpf_object__for_each_map(map, b->obj)
		if (bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS)
			bpf_map__set_autocreate(map, false);
	return j == b->cnt;
}

int loader_load_batch(struct load_batch *b)
{
	libbpf_print_fn_t old;
	int i, err;

	for (i = 0; i < b->cnt; i++) {
		b->progs[i].loaded = false;
		b->progs[i].cut = false;
		b->progs[i].log = NULL;
		b->progs[i].prog = NULL;
	}
	if (!__real_bpf_prog_load)
		return -EOPNOTSUPP;
	b->obj = loader_open(b->path, &err, b->libbpf_msgs,
			     sizeof(b->libbpf_msgs));
	if (!b->obj)
		return err;
	cur.tokens = calloc(b->cnt, 1);
	cur.log.size = LOADER_LOG_SIZE;
	cur.log.max = LOADER_LOG_MAX;
	cur.log.buf = malloc(cur.log.size);
	cur.null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	cur.kept = 0;
	err = -ENOMEM;
	if (cur.tokens && cur.log.buf && cur.null_fd >= 0 && batch_setup(b)) {
		cur.b = b;
		old = capture_start(b->libbpf_msgs, sizeof(b->libbpf_msgs),
				    b->path);
		err = bpf_object__load(b->obj);
		capture_stop(old, b->obj);
		cur.b = NULL;
	}
	/*
	 * libbpf failed the object: a program it loaded may have been
	 * loaded alone just as well, but what failed may have been the
	 * object's (its maps, externs, relocations): each is loaded alone.
	 */
	for (i = 0; err && i < b->cnt; i++) {
		free(b->progs[i].log);
		b->progs[i].log = NULL;
		b->progs[i].loaded = false;
		b->progs[i].cut = false;
	}
	free(cur.tokens);
	free(cur.log.buf);
	if (cur.null_fd >= 0)
		close(cur.null_fd);
	memset(&cur, 0, sizeof(cur));
	return 0;
}

void loader_batch_close(struct load_batch *b)
{
	int i;

	for (i = 0; i < b->cnt; i++) {
		free(b->progs[i].log);
		b->progs[i].log = NULL;
		b->progs[i].prog = NULL;
	}
	bpf_object__close(b->obj);
	b->obj = NULL;
}
