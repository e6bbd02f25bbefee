// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime probes of the bpf qdisc skb dynptr scenarios S1-S3
 * (progs/runtime_qdisc.c).  Each is feature-probed first (struct_ops
 * Qdisc_ops and the kfuncs, so a kernel without CONFIG_NET_SCH_BPF skips
 * with the exact reason), then loaded: a verifier that rejects it passes.
 * One that accepts it has the use after free; the qdisc is then run, but
 * only where a crash is acceptable (vmtest guest or --allow-crash): it is
 * registered, set as root qdisc of a veth in a network namespace of the
 * probe's own, and a bounded number of packets goes through it.  The
 * kernel-log watcher turns a KASAN report into a failure with the splat.
 *
 * S1 and S2 read after bpf_qdisc_skb_drop(), which only queues the skb on
 * the to_free list (freed after enqueue returns): the read is stale but
 * its memory still valid.  S3 frees with bpf_kfree_skb() in a callee: the
 * read touches freed memory, which KASAN reports.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include "runtime_util.h"

#define QDISC_PKTS	16

struct qdisc_bss {
	__u32 enqueued;
	__u32 stale_reads;
	__u32 stale_sum;
};

static const char *const qdisc_ops[] = { "Qdisc_ops", NULL };

static int qdisc_in_netns(void *arg, char *msg, size_t len)
{
	static const char *const add[] = {
		"tc", "qdisc", "add", "dev", RT_VETH, "root", "handle", "1:",
		"bpf_refs", NULL
	};
	int err;

	err = rt_veth_pair(msg, len);
	if (!err && rt_exec(add, msg, len))
		err = -EIO;
	if (!err)
		err = rt_send_frames(QDISC_PKTS, 0, msg, len);
	/* the qdisc drops every packet: sendto() may say so */
	if (err == -ENOBUFS)
		err = 0;
	return err;	/* namespace, veths and qdisc die with this child */
}

static const char *const drop_kfuncs[] = {
	"bpf_dynptr_from_skb", "bpf_dynptr_slice", "bpf_qdisc_skb_drop", NULL
};

static const char *const kfree_kfuncs[] = {
	"bpf_dynptr_from_skb", "bpf_dynptr_slice", "bpf_qdisc_skb_drop",
	"bpf_kfree_skb", NULL
};

static void probe(const char *sub, const char *prog,
		  const char *const *kfuncs)
{
	static const char *const tc_version[] = { "tc", "-V", NULL };
	char msg[BPF_REFS_REASON_LEN], ops[BPF_REFS_NAME_LEN + 8];
	struct test_result res;
	struct bpf_object *obj;
	struct bpf_link *link;
	struct qdisc_bss bss;
	int err;

	if (!rt_begin(&res, sub))
		return;
	if (rt_missing(NULL, qdisc_ops, BPF_PROG_TYPE_STRUCT_OPS, &res) ||
	    rt_missing(kfuncs, NULL, BPF_PROG_TYPE_STRUCT_OPS, &res))
		goto out;
	if (rt_exec(tc_version, msg, sizeof(msg)) == -ENOENT) {
		rt_set(&res, TEST_SKIP, "iproute2 'tc' not found");
		goto out;
	}
	obj = rt_load_unsafe("runtime_qdisc", prog, &res);
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
	else
		rt_set(&res, TEST_FAIL,
		       "verifier accepted the unsafe program; %u of %u enqueues read the skb after it was released; kernel lacks upstream fix %s",
		       bss.stale_reads, bss.enqueued, RT_SERIES_FIX);
close:
	bpf_object__close(obj);
out:
	rt_end(&res);
}

void test_runtime_qdisc(void)
{
	static const char *const subs[] = {
		"drop_then_slice", "drop_then_read_slice", "kfree_in_callee",
	};

	if (!rt_plan(subs, 3))
		return;
	probe("drop_then_slice", "rt_drop_then_slice", drop_kfuncs);
	probe("drop_then_read_slice", "rt_drop_then_read_slice", drop_kfuncs);
	probe("kfree_in_callee", "rt_kfree_in_callee", kfree_kfuncs);
}
