/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The loader: open a BPF object, load exactly one of its programs (and the
 * companions its caller names) with a verifier log that grows until the
 * whole log fits, and read the verifier's statistics from it.  Used by the
 * engine, the runtime probes and perf's bench alike.  A batch loads many
 * programs of one object from one open, each as the kernel would load it
 * alone (loader_load_batch()).
 */
#ifndef __BPF_REFS_LOADER_H
#define __BPF_REFS_LOADER_H

#include <bpf/bpf.h>
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
	/*
	 * libbpf's error for the object when the program was accepted and
	 * a companion (or what libbpf does after loading) failed, else 0;
	 * always 0 in a binary without the --wrap=bpf_prog_load hook.
	 */
	int object_err;
	bool verifier_ran;		/* the log is not empty */
	bool log_truncated;		/* ENOSPC: did not fit in max */
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

/* How many objects loader_open() opened (a unit test counts them). */
extern unsigned long loader_opens;

/*
 * A batch: programs of one object loaded from one open.  Loading each
 * program from an open of its own costs a parse of the whole object, and
 * the load of its whole BTF into the kernel, per program: an object of n
 * programs took time n^2.  A batch opens the object once and lets libbpf
 * load the programs in one bpf_object__load(); each BPF_PROG_LOAD libbpf
 * makes comes to the loader (the runner is linked with
 * -Wl,--wrap=bpf_prog_load), which loads it as loader_load() would: its
 * own log, grown until the whole log fits, the kernel's verdict kept,
 * and a rejection that does not stop the programs after it.  What the
 * kernel sees of each program (instructions, BTF, func and line info,
 * flags, log level) is what it sees when the program is loaded alone;
 * the maps are the object's, shared by the batch.
 */
struct batch_prog {
	int index;		/* the program's place in the object */
	__u32 log_level;
	__u32 prog_flags;	/* added to the program's own */
	/* what the load gave */
	bool loaded;		/* the kernel saw it; else load it alone */
	bool cut;		/* not tried: the batch stopped before it */
	int err;		/* of the load: 0 accepted */
	bool log_truncated;	/* the log did not fit in LOADER_LOG_MAX */
	char *log;		/* the verifier log (malloc'd), or NULL */
	__u64 load_us;		/* wall time of its BPF_PROG_LOAD */
	struct bpf_program *prog;
};

struct load_batch {
	const char *path;
	struct batch_prog *progs;	/* in object order */
	int cnt;
	/* Another program of the object to load with them (i: its index). */
	bool (*with)(const struct bpf_program *p, int i, void *arg);
	void *with_arg;
	/* Called right after the kernel loaded progs[i] (i < cnt). */
	void (*loaded)(void *arg, int i);
	/* True: load no more (progs left are cut). */
	bool (*stop)(void *arg);
	void *arg;
	bool verbose;		/* say on stderr when a log grows */
	/* the open object, until loader_batch_close() */
	struct bpf_object *obj;
	char libbpf_msgs[4096];
};

/*
 * Load b->progs from one open of b->path.  Returns 0 with each program's
 * result (progs[i].loaded; a program the kernel did not see, because
 * libbpf failed the object or the batch stopped, is left to be loaded
 * alone), -EOPNOTSUPP when the binary is not linked for batches, or the
 * error of opening the object.
 */
int loader_load_batch(struct load_batch *b);
void loader_batch_close(struct load_batch *b);

/* The --wrap=bpf_prog_load pair (weak: a binary without it has no batch). */
int __real_bpf_prog_load(enum bpf_prog_type type, const char *name,
			 const char *license, const struct bpf_insn *insns,
			 size_t insn_cnt, const struct bpf_prog_load_opts *opts)
	__attribute__((weak));
int __wrap_bpf_prog_load(enum bpf_prog_type type, const char *name,
			 const char *license, const struct bpf_insn *insns,
			 size_t insn_cnt, const struct bpf_prog_load_opts *opts);

#endif /* __BPF_REFS_LOADER_H */
