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
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "loader.h"
#include "verifier_stats.h"

/* libbpf's print hook has no argument: where its messages go now. */
static struct {
	bool echo;
	char *buf;
	size_t len;
} capture;

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	size_t n = capture.buf ? strlen(capture.buf) : 0;
	va_list copy;

	if (level == LIBBPF_DEBUG)
		return 0;
	if (capture.echo) {
		va_copy(copy, args);
		vfprintf(stderr, fmt, copy);
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

/* From here on, libbpf's messages go to buf too. */
static libbpf_print_fn_t capture_start(char *buf, size_t len)
{
	buf[0] = '\0';
	capture.buf = buf;
	capture.len = len;
	return libbpf_set_print(print_libbpf);
}

static void capture_stop(libbpf_print_fn_t old)
{
	libbpf_set_print(old);
	capture.buf = NULL;
}

struct bpf_object *loader_open(const char *path, int *err, char *msgs,
			       size_t len)
{
	libbpf_print_fn_t old = capture_start(msgs, len);
	struct bpf_object *obj;

	obj = bpf_object__open_file(path, NULL);
	*err = obj ? 0 : -errno;
	capture_stop(old);
	return obj;
}

/* Open and load once into log->buf; ld->obj is NULL if not opened. */
static int load_once(const struct load_req *req, struct loader_log *log,
		     struct loaded *ld)
{
	struct bpf_program *p;
	libbpf_print_fn_t old;
	struct bpf_map *map;
	bool create;
	int i = 0, err;

	ld->prog = NULL;
	ld->obj = loader_open(req->path, &err, ld->libbpf_msgs,
			      sizeof(ld->libbpf_msgs));
	if (!ld->obj) {
		snprintf(ld->error, sizeof(ld->error), "cannot open %s: %s",
			 req->path, err_str(err));
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
		snprintf(ld->error, sizeof(ld->error), "%s has no program %s",
			 req->path, req->prog);
		loader_close(ld);
		return -ENOENT;
	}
	bpf_object__for_each_map(map, ld->obj) {
		if (bpf_map__type(map) != BPF_MAP_TYPE_STRUCT_OPS)
			continue;
		create = req->struct_ops_map ?
			 !strcmp(bpf_map__name(map), req->struct_ops_map) :
			 bpf_program__type(ld->prog) == BPF_PROG_TYPE_STRUCT_OPS;
		bpf_map__set_autocreate(map, create);
	}
	log->buf[0] = '\0';
	bpf_program__set_log_buf(ld->prog, log->buf, log->size);
	bpf_program__set_log_level(ld->prog, req->log_level);
	bpf_program__set_flags(ld->prog, bpf_program__flags(ld->prog) |
					 req->prog_flags);
	old = capture_start(ld->libbpf_msgs, sizeof(ld->libbpf_msgs));
	ld->err = bpf_object__load(ld->obj);
	capture_stop(old);
	/* The kernel fails with -ENOSPC when the log filled the buffer. */
	ld->log_truncated = ld->err == -ENOSPC &&
			    strnlen(log->buf, log->size) >= log->size - 1;
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
			fprintf(stderr, "bpf_refs: %s: verifier log over %zu MiB, loading again\n",
				req->prog, log->size >> 20);
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
