// SPDX-License-Identifier: GPL-2.0
/*
 * Positive runtime checks on packets (progs/runtime_packet.c): valid
 * programs use the children of an skb or xdp dynptr (clone, adjust,
 * slice, read, write) on a 64-byte packet of known bytes, and must read
 * and change exactly the bytes they are meant to.  netns_veth_egress
 * runs a tc program on a veth in a network namespace of the probe's own,
 * which also proves the namespace machinery of the qdisc probe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <net/if.h>
#include <bpf/bpf.h>
#include "runtime_util.h"

#define NETNS_PKTS	8
#define NETNS_MARK	0x0fe1f00d

struct pkt_bss {
	__u32 child_size;
	__u32 child_read;
	__u32 child_slice;
	__u32 kept_slice;
	__u32 seen;
};

static const char *const pkt_kfuncs[] = {
	"bpf_dynptr_from_skb", "bpf_dynptr_clone", "bpf_dynptr_adjust",
	"bpf_dynptr_slice", "bpf_dynptr_slice_rdwr", "bpf_dynptr_size", NULL
};

static const char *const xdp_kfuncs[] = {
	"bpf_dynptr_from_xdp", "bpf_dynptr_clone", "bpf_dynptr_adjust",
	"bpf_dynptr_slice", "bpf_dynptr_slice_rdwr", "bpf_dynptr_size", NULL
};

static struct bpf_object *load_valid(struct run_ctx *ctx, const char *prog,
				     struct test_result *res)
{
	struct bpf_object *obj;
	bool verifier_ran;
	int err;

	obj = rt_load(ctx, "runtime_packet", prog, &verifier_ran, &err, res);
	if (!err)
		return obj;
	if (err != -ENOENT)
		rt_set(res, TEST_FAIL, "%s: %s",
		       verifier_ran ? "verifier rejected a valid program" :
		       "load failed before verification", strerror(-err));
	bpf_object__close(obj);
	return NULL;
}

/* Clone, adjust to bytes 14..45, read, slice, write through the clone. */
static void children(struct run_ctx *ctx, const char *sub, const char *prog,
		     const char *const *kfuncs, enum bpf_prog_type type,
		     __u32 want_ret)
{
	unsigned char pkt[RT_PKT_LEN], out[RT_PKT_LEN], want[RT_PKT_LEN];
	/* What the program stores, in the byte order of this machine. */
	static const __u32 w1 = 0xa1b2c3d4, w2 = 0x44332211;
	struct test_result res;
	struct bpf_object *obj;
	struct pkt_bss bss;
	__u32 retval;
	int err;

	if (!rt_begin(ctx, &res, sub, NULL))
		return;
	if (rt_missing(ctx, kfuncs, NULL, type, &res))
		goto out;
	obj = load_valid(ctx, prog, &res);
	if (!obj)
		goto out;
	rt_fill_packet(pkt, sizeof(pkt));
	memcpy(want, pkt, sizeof(want));
	memcpy(want + 22, &w1, 4);
	memcpy(want + 26, &w2, 4);
	err = rt_test_run(rt_prog_fd(obj, prog), pkt, sizeof(pkt), out,
			  &retval);
	if (!err)
		err = rt_bss(obj, &bss, sizeof(bss));
	if (err)
		rt_set(&res, TEST_FAIL, "BPF_PROG_TEST_RUN: %s",
		       strerror(-err));
	else if (retval != want_ret)
		rt_set(&res, TEST_FAIL, "retval %u, want %u", retval,
		       want_ret);
	else if (bss.child_size != 32 || memcmp(&bss.child_read, pkt + 14, 4) ||
		 memcmp(&bss.child_slice, pkt + 18, 4))
		rt_set(&res, TEST_FAIL,
		       "clone of bytes 14..45: size %u, read 0x%08x, slice 0x%08x; want 32 and packet bytes 14..17, 18..21",
		       bss.child_size, bss.child_read, bss.child_slice);
	else if (memcmp(out, want, sizeof(want)))
		rt_set(&res, TEST_FAIL,
		       "packet out differs: writes through the clone must change bytes 22..29 and nothing else");
	bpf_object__close(obj);
out:
	rt_end(ctx, &res);
}

static void slice_outlives_parent(struct run_ctx *ctx)
{
	unsigned char pkt[RT_PKT_LEN];
	struct test_result res;
	struct bpf_object *obj;
	struct pkt_bss bss;
	__u32 retval;
	int err;

	if (!rt_begin(ctx, &res, "skb_slice_outlives_parent", NULL))
		return;
	if (rt_missing(ctx, pkt_kfuncs, NULL, BPF_PROG_TYPE_SCHED_CLS, &res))
		goto out;
	obj = load_valid(ctx, "skb_slice_outlives_parent", &res);
	if (!obj)
		goto out;
	rt_fill_packet(pkt, sizeof(pkt));
	err = rt_test_run(rt_prog_fd(obj, "skb_slice_outlives_parent"), pkt,
			  sizeof(pkt), NULL, &retval);
	if (!err)
		err = rt_bss(obj, &bss, sizeof(bss));
	if (err)
		rt_set(&res, TEST_FAIL, "BPF_PROG_TEST_RUN: %s",
		       strerror(-err));
	else if (retval || memcmp(&bss.kept_slice, pkt, 4))
		rt_set(&res, TEST_FAIL,
		       "retval %u, slice read 0x%08x; want 0 and packet bytes 0..3",
		       retval, bss.kept_slice);
	bpf_object__close(obj);
out:
	rt_end(ctx, &res);
}

struct egress_arg {
	int prog_fd;
};

/* In the child, in its own netns: veth pair, tc egress prog, N packets. */
static int egress_in_netns(void *arg, char *msg, size_t len)
{
	struct egress_arg *a = arg;
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_EGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = a->prog_fd);
	int err;

	err = rt_veth_pair(msg, len);
	if (err)
		return err;
	hook.ifindex = if_nametoindex(RT_VETH);
	err = bpf_tc_hook_create(&hook);
	if (!err)
		err = bpf_tc_attach(&hook, &opts);
	if (err) {
		snprintf(msg, len, "tc egress attach on %s: %s", RT_VETH,
			 strerror(-err));
		return err;
	}
	/* the namespace, the veths and the tc hook die with this child */
	return rt_send_frames(RT_VETH, NETNS_PKTS, NETNS_MARK, NULL, msg,
			      len);
}

static void netns_veth_egress(struct run_ctx *ctx)
{
	static const char *const ip_version[] = { "ip", "-V", NULL };
	char msg[BPF_REFS_REASON_LEN];
	struct egress_arg arg;
	struct test_result res;
	struct bpf_object *obj;
	struct pkt_bss bss;
	int err;

	if (!rt_begin(ctx, &res, "netns_veth_egress", NULL))
		return;
	if (rt_missing(ctx, pkt_kfuncs, NULL, BPF_PROG_TYPE_SCHED_CLS, &res) ||
	    features_skip_without_sys_admin(&res, "a network namespace"))
		goto out;
	if (rt_exec(ip_version, msg, sizeof(msg)) == -ENOENT) {
		rt_set(&res, TEST_SKIP, "iproute2 'ip' not found");
		goto out;
	}
	obj = load_valid(ctx, "netns_count", &res);
	if (!obj)
		goto out;
	arg.prog_fd = rt_prog_fd(obj, "netns_count");
	err = rt_in_netns(egress_in_netns, &arg, 30, msg, sizeof(msg));
	if (!err)
		err = rt_bss(obj, &bss, sizeof(bss));
	if (err == -ENODEV && msg[0])
		rt_set(&res, TEST_SKIP, "%s", msg);	/* no veth */
	else if (err)
		rt_set(&res, TEST_FAIL, "netns probe: %s%s%s", strerror(-err),
		       msg[0] ? ": " : "", msg);
	else if (bss.seen != NETNS_PKTS)
		rt_set(&res, TEST_FAIL,
		       "tc program saw %u marked packets, want %d", bss.seen,
		       NETNS_PKTS);
	bpf_object__close(obj);
out:
	rt_end(ctx, &res);
}

static void test_runtime_packet(struct run_ctx *ctx)
{
	static const char *const subs[] = {
		"skb_children", "xdp_children", "skb_slice_outlives_parent",
		"netns_veth_egress",
	};

	if (!rt_plan(ctx, subs, 4))
		return;
	children(ctx, "skb_children", "skb_children", pkt_kfuncs,
		 BPF_PROG_TYPE_SCHED_CLS, 0);
	children(ctx, "xdp_children", "xdp_children", xdp_kfuncs,
		 BPF_PROG_TYPE_XDP, 0);
	slice_outlives_parent(ctx);
	netns_veth_egress(ctx);
}

RUN_PROBES(runtime_packet);
