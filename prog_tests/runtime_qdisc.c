// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime probes of the bpf qdisc skb dynptr scenarios S1-S3 and S9
 * (progs/runtime_qdisc.c).  Each is feature-probed first (struct_ops
 * Qdisc_ops and the kfuncs, so a kernel without CONFIG_NET_SCH_BPF skips
 * with the exact reason), then loaded: a verifier that rejects it passes.
 * One that accepts it has the use after free; the qdisc is then run, but
 * only where a crash is acceptable (vmtest guest or --allow-crash): it is
 * registered, set as root qdisc of the loopback device of a network
 * namespace of the probe's own (always there, unlike veth, which Debian's
 * 6.19-7.1 guests cannot load), and QDISC_PKTS frames are sent through it
 * with an AF_PACKET socket.  The kernel-log watcher turns a KASAN report
 * into a failure with the splat.
 *
 * Every enqueue drops its frame (NET_XMIT_DROP), which sendto() answers
 * with ENOBUFS.  The probe goes on sending after that answer: stopping at
 * the first one is why earlier versions saw "1 of 1 enqueues".  The run
 * counts only when the qdisc saw exactly the QDISC_PKTS frames sent.
 *
 * S1 and S2 read after bpf_qdisc_skb_drop(), which only queues the skb on
 * the to_free list (freed after enqueue returns): the read is stale but
 * its memory still valid.  S3 frees with bpf_kfree_skb() in a callee, S9
 * in the caller after a subprog returned a slice of its own skb dynptr:
 * their read touches freed memory, which a KASAN kernel reports (through
 * the program's bpf_strtoul() on the slice; the JIT's own loads are not
 * checked).  S9 is accepted by 7.2 and 7.3 too: its fix is b65cc81792eb.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include "runtime_util.h"

#define QDISC_PKTS	16
#define QDISC_MARK	0x5ca1ab1e	/* RT_QDISC_MARK of the programs */
#define QDISC_DEV	"lo"
#define CALLEE_DYNPTRS \
	"b65cc81792eb bpf: Destroy callee-local dynptrs on subprog return"

struct qdisc_bss {
	__u32 enqueued;
	__u32 stale_reads;
	__u32 stale_marked;
};

static const char *const qdisc_ops[] = { "Qdisc_ops", NULL };

/* In the child, in its own netns: lo up, the qdisc, QDISC_PKTS frames. */
static int qdisc_in_netns(void *arg, char *msg, size_t len)
{
	static const char *const add[] = {
		"tc", "qdisc", "add", "dev", QDISC_DEV, "root", "handle", "1:",
		"bpf_refs", NULL
	};
	int err, refused;

	err = rt_link_up(QDISC_DEV, msg, len);
	if (!err && rt_exec(add, msg, len))
		err = -EIO;
	if (!err)
		err = rt_send_frames(QDISC_DEV, QDISC_PKTS, QDISC_MARK,
				     &refused, msg, len);
	if (!err)
		snprintf(msg, len, "sendto() refused %d of %d frames with ENOBUFS",
			 refused, QDISC_PKTS);
	return err;	/* namespace and qdisc die with this child */
}

static const char *const drop_kfuncs[] = {
	"bpf_dynptr_from_skb", "bpf_dynptr_slice", "bpf_qdisc_skb_drop", NULL
};

static const char *const kfree_kfuncs[] = {
	"bpf_dynptr_from_skb", "bpf_dynptr_slice", "bpf_qdisc_skb_drop",
	"bpf_kfree_skb", NULL
};

/* fix: the upstream fix a kernel that accepts prog lacks. */
static void probe(struct run_ctx *ctx, const char *sub, const char *prog,
		  const char *const *kfuncs, const char *fix)
{
	static const char *const tc_version[] = { "tc", "-V", NULL };
	char msg[BPF_REFS_REASON_LEN], ops[BPF_REFS_NAME_LEN + 8];
	struct test_result res;
	struct bpf_object *obj;
	struct bpf_link *link;
	struct qdisc_bss bss;
	int err;

	if (!rt_begin(ctx, &res, sub, fix))
		return;
	if (rt_missing(ctx, NULL, qdisc_ops, BPF_PROG_TYPE_STRUCT_OPS, &res) ||
	    rt_missing(ctx, kfuncs, NULL, BPF_PROG_TYPE_STRUCT_OPS, &res))
		goto out;
	if (rt_exec(tc_version, msg, sizeof(msg)) == -ENOENT) {
		rt_set(&res, TEST_SKIP, "iproute2 'tc' not found");
		goto out;
	}
	obj = rt_load_unsafe(ctx, "runtime_qdisc", prog, &res);
	if (!obj)
		goto out;
	snprintf(ops, sizeof(ops), "ops_%s", prog);
	link = bpf_map__attach_struct_ops(bpf_object__find_map_by_name(obj,
								       ops));
	if (!link) {
		rt_set(&res, TEST_FAIL, "cannot register the qdisc: %s",
		       strerror(errno));
		goto close;
	}
	err = rt_in_netns(qdisc_in_netns, NULL, 30, msg, sizeof(msg));
	bpf_link__destroy(link);
	if (!err)
		err = rt_bss(obj, &bss, sizeof(bss));
	if (err)
		rt_set(&res, TEST_FAIL,
		       "verifier accepted the unsafe program; running it failed: %s%s%s",
		       strerror(-err), msg[0] ? ": " : "", msg);
	else if (bss.enqueued != QDISC_PKTS)
		rt_set(&res, TEST_FAIL,
		       "verifier accepted the unsafe program; running it failed: the qdisc saw %u enqueues for %d frames sent (%u stale reads; %s)",
		       bss.enqueued, QDISC_PKTS, bss.stale_reads, msg);
	else
		rt_set(&res, TEST_FAIL,
		       "verifier accepted the unsafe program; %u of %u enqueues read the skb after it was released (%u saw the frame's mark)",
		       bss.stale_reads, bss.enqueued, bss.stale_marked);
close:
	bpf_object__close(obj);
out:
	rt_end(ctx, &res);
}

static void test_runtime_qdisc(struct run_ctx *ctx)
{
	static const char *const subs[] = {
		"drop_then_slice", "drop_then_read_slice", "kfree_in_callee",
		"kfree_returned_slice",
	};

	if (!rt_plan(ctx, subs, 4))
		return;
	probe(ctx, "drop_then_slice", "rt_drop_then_slice", drop_kfuncs,
	      RT_SERIES_FIX);
	probe(ctx, "drop_then_read_slice", "rt_drop_then_read_slice", drop_kfuncs,
	      RT_SERIES_FIX);
	probe(ctx, "kfree_in_callee", "rt_kfree_in_callee", kfree_kfuncs,
	      RT_SERIES_FIX);
	probe(ctx, "kfree_returned_slice", "rt_kfree_returned_slice", kfree_kfuncs,
	      CALLEE_DYNPTRS);
}

RUN_PROBES(runtime_qdisc);
