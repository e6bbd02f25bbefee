/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The loader: open a BPF object, load exactly one of its programs (and the
 * companions its caller names) with a verifier log that grows until the
 * whole log fits, and read the verifier's statistics from it.  Used by the
 * engine, the runtime probes and perf's bench alike.
 */
#ifndef __BPF_REFS_LOADER_H
#define __BPF_REFS_LOADER_H

#include <bpf/libbpf.h>
#include "bpf_refs.h"

/* The first size of a verifier log, and how far it may grow. */
#define LOADER_LOG_SIZE		(1024 * 1024U)
#define LOADER_LOG_MAX		(256 * LOADER_LOG_SIZE)
/* BPF_LOG_STATS of the kernel's verifier log levels. */
#define LOADER_LOG_STATS	4

/* A verifier log buffer, kept across loads; free(buf) when done. */
struct loader_log {
	char *buf;
	size_t size;		/* now; 0: LOADER_LOG_SIZE on first use */
	size_t max;		/* it doubles up to this; 0: LOADER_LOG_MAX */
};

struct load_req {
	const char *path;
	const char *prog;	/* the program to load */
	/* Another program of the object to load with it (i: its index). */
	bool (*with)(const struct bpf_program *p, int i, void *arg);
	void *arg;
	/*
	 * The one struct_ops map to create; NULL: all of them when prog is
	 * a struct_ops program, else none.
	 */
	const char *struct_ops_map;
	__u32 log_level;
	__u32 prog_flags;	/* added to the program's own */
	bool verbose;		/* say on stderr when the log grows */
};

struct loaded {
	struct bpf_object *obj;		/* NULL: nothing was opened */
	struct bpf_program *prog;
	int err;			/* of the load: 0 accepted */
	bool verifier_ran;		/* the log is not empty */
	bool log_truncated;		/* the log did not fit in max */
	bool has_stats;
	struct verifier_stats stats;
	char libbpf_msgs[4096];		/* what libbpf said */
	char error[BPF_REFS_REASON_LEN];	/* why nothing was loaded */
};

/*
 * libbpf's messages from now on: to stderr only with echo (-vv).  Those
 * of loader_open() and loader_load() are always kept for the caller.
 */
void loader_libbpf_print(bool echo);
/* Open path, keeping libbpf's messages in msgs. */
struct bpf_object *loader_open(const char *path, int *err, char *msgs,
			       size_t len);
/*
 * Open req->path and load req->prog into log.  A load the kernel stops
 * with ENOSPC because the log filled the buffer is repeated with twice
 * the buffer, up to log->max.  Returns 0 with ld->err the load's result,
 * or a negative error when nothing could be loaded (ld->error says why).
 */
int loader_load(const struct load_req *req, struct loader_log *log,
		struct loaded *ld);
void loader_close(struct loaded *ld);
/* strerror() that also knows libbpf's own codes (4000 and up). */
const char *err_str(int err);

#endif /* __BPF_REFS_LOADER_H */
