/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the runtime probes (prog_tests/runtime_*.c): subtest
 * bookkeeping, loading one program of an object, BPF_PROG_TEST_RUN on a
 * packet, a raw ringbuf reader, and the cleanup registry that removes
 * what a probe made, also when the run is interrupted.
 */
#ifndef __BPF_REFS_RUNTIME_UTIL_H
#define __BPF_REFS_RUNTIME_UTIL_H

#include <sys/types.h>
#include <bpf/libbpf.h>
#include "topic.h"

#define RT_SERIES_FIX \
	"308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"
#define RT_NOT_IN_VM \
	"verifier accepted the unsafe program; runtime probe not run outside a VM"
#define RT_PKT_LEN	64

/* Number of subs selected; with -l lists them and returns 0. */
int rt_plan(struct run_ctx *ctx, const char *const *subs, int cnt);
/*
 * Start subtest sub, which shows the bug that fix (NULL: none) removes
 * (false: not selected, or denylisted and reported).
 */
bool rt_begin(struct run_ctx *ctx, struct test_result *res, const char *sub,
	      const char *fix);
/* Finish it: duration since rt_begin, report (kernel-log watcher too). */
void rt_end(struct run_ctx *ctx, struct test_result *res);
void rt_set(struct test_result *res, enum test_status st, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

/* True inside a vmtest guest (BPF_REFS_IN_VM=1) or with --allow-crash. */
bool rt_crash_allowed(void);
/* Missing kfunc or struct_ops (NULL-terminated lists): reason, true. */
bool rt_missing(struct run_ctx *ctx, const char *const *kfuncs,
		const char *const *st_ops, enum bpf_prog_type type,
		struct test_result *res);

/*
 * Open OBJ.bpf.o and load only program prog (struct_ops: with the
 * object's refs_* members and its ops_<prog> map).  Returns the object
 * and sets *err to 0 (accepted), the load error, or -ENOENT (no object,
 * or the kernel refuses a kfunc prog calls; res says why).  verifier_ran
 * tells a rejection from a libbpf error.
 */
struct bpf_object *rt_load(struct run_ctx *ctx, const char *obj_name,
			   const char *prog, bool *verifier_ran, int *err,
			   struct test_result *res);
int rt_prog_fd(struct bpf_object *obj, const char *prog);
/*
 * Load an unsafe program.  NULL when there is nothing to run, res says
 * why: rejected by the verifier (pass), a load error (fail), or accepted
 * outside a VM (skip, RT_NOT_IN_VM).  Otherwise the loaded object.
 */
struct bpf_object *rt_load_unsafe(struct run_ctx *ctx, const char *obj_name,
				  const char *prog, struct test_result *res);
/* Copy the first len bytes of a loaded object's .bss into buf. */
int rt_bss(struct bpf_object *obj, void *buf, size_t len);

/* Byte i of the test packet is i * 5 + 7 (bytes 12..13: IPv4). */
void rt_fill_packet(unsigned char *pkt, size_t len);
/* BPF_PROG_TEST_RUN on pkt; data_out (len bytes) into out if not NULL. */
int rt_test_run(int prog_fd, const unsigned char *pkt, size_t len,
		unsigned char *out, __u32 *retval);

/* One record of a BPF ringbuf as the consumer page pair shows it. */
struct rt_record {
	__u32 len;
	bool discarded;
	bool busy;
	const unsigned char *data;
};

struct rt_ring {
	void *cons, *prod;
	size_t size, page;
};

int rt_ring_map(struct rt_ring *r, int map_fd, size_t size);
/* Records from the consumer position on; returns how many (<= max). */
int rt_ring_records(const struct rt_ring *r, struct rt_record *recs,
		    int max);
void rt_ring_unmap(struct rt_ring *r);

/*
 * Run fn in a forked child in a network namespace of its own; the child
 * is killed after timeout_s and on SIGINT/SIGTERM of the runner, and the
 * namespace (with its veths and qdiscs) goes away with it.  fn writes
 * what it saw into msg; returns fn's result, or a negative errno.
 */
int rt_in_netns(int (*fn)(void *arg, char *msg, size_t len), void *arg,
		int timeout_s, char *msg, size_t len);
/*
 * In a probe's netns: veth pair RT_VETH/RT_VETH_PEER, both up.  -ENODEV
 * when the kernel has no veth driver (msg says why, with the guest's
 * BPF_REFS_NO_MODULES if set), -EIO on other errors.
 */
#define RT_VETH		"rt0"
#define RT_VETH_PEER	"rt1"
int rt_veth_pair(char *msg, size_t len);
/* Set IFF_UP on ifname (ioctl; no iproute2 needed). */
int rt_link_up(const char *ifname, char *msg, size_t len);
/*
 * Send cnt test packets out of ifname with an AF_PACKET socket, mark in
 * bytes 14..17.  A qdisc that drops a frame makes sendto() fail with
 * ENOBUFS: with refused, such frames are counted there and sending goes
 * on; without, the first one is an error.
 */
int rt_send_frames(const char *ifname, int cnt, __u32 mark, int *refused,
		   char *msg, size_t len);
/* Overwrite the first len bytes of a loaded object's .bss. */
int rt_bss_set(struct bpf_object *obj, const void *buf, size_t len);
/* Run a command (argv[0] looked up in PATH); its stderr into err. */
int rt_exec(const char *const *argv, char *err, size_t len);

#endif /* __BPF_REFS_RUNTIME_UTIL_H */
