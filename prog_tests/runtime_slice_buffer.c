// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime probe of a slice that aliases its stack buffer
 * (progs/runtime_slice_buffer.c), run on the host: the stray store stays
 * in the probe's own .bss.
 *
 * spill_rewritten_through_slice: BPF_PROG_TEST_RUN of an xdp.frags
 * program on a packet longer than the linear part, so its 8-byte slice
 * across the end of the linear part is the stack buffer.  A pointer
 * spilled into the buffer and rewritten through the slice fills back as
 * the pointer the verifier spilled.  A kernel with "bpf: Invalidate a
 * dynptr slice when its stack buffer is written" (bpf-next, 2026-11; no
 * released kernel) rejects the program: pass.  One without it accepts
 * it; the probe fails, saying where the store landed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "runtime_util.h"

#define PKT_LEN		5000
#define PROBE_MARK	0x5ca1ab1e
#define ACCEPTED	"verifier accepted the unsafe program; "
#define SLICE_BUF_FIX	"bug-slice-stack-buffer"
#define STRAY_STORE	"stale pointer observed: probe.target's store landed in probe.neighbour"

struct probe_bss {
	__u64 target;
	__u64 neighbour;
	__u32 ran;
};

static const char *const xdp_kfuncs[] = {
	"bpf_dynptr_from_xdp", "bpf_dynptr_slice_rdwr", NULL
};

static void spill_rewritten_through_slice(struct run_ctx *ctx)
{
	static const char *const sub = "spill_rewritten_through_slice";
	struct probe_bss bss = {};
	struct test_result res;
	struct bpf_object *obj;
	unsigned char *pkt;
	bool verifier_ran;
	__u32 retval;
	int err;

	if (!rt_begin(ctx, &res, sub, SLICE_BUF_FIX))
		return;
	if (rt_missing(ctx, xdp_kfuncs, NULL, BPF_PROG_TYPE_XDP, &res))
		goto out;
	obj = rt_load(ctx, "runtime_slice_buffer",
		      "rt_spill_rewritten_through_slice", &verifier_ran, &err,
		      &res);
	if (err == -ENOENT)
		goto out;
	if (err) {
		if (!verifier_ran)
			rt_set(&res, TEST_FAIL, "load failed before verification: %s",
			       strerror(-err));
		goto close;	/* rejected: the kernel has the fix */
	}
	pkt = malloc(PKT_LEN);
	if (!pkt) {
		rt_set(&res, TEST_FAIL, ACCEPTED "cannot allocate the packet");
		goto close;
	}
	rt_fill_packet(pkt, PKT_LEN);
	err = rt_test_run(rt_prog_fd(obj, "rt_spill_rewritten_through_slice"),
			  pkt, PKT_LEN, NULL, &retval);
	free(pkt);
	if (!err)
		err = rt_bss(obj, &bss, sizeof(bss));
	if (err)
		rt_set(&res, TEST_FAIL, ACCEPTED "running it failed: %s",
		       strerror(-err));
	else if (!bss.ran)
		rt_set(&res, TEST_FAIL, ACCEPTED "its slice was NULL (retval %u)",
		       retval);
	else if (bss.neighbour == PROBE_MARK && !bss.target)
		rt_set(&res, TEST_FAIL, "%s", STRAY_STORE);
	else
		rt_set(&res, TEST_FAIL, ACCEPTED "no alias (target 0x%llx, neighbour 0x%llx)",
		       (unsigned long long)bss.target,
		       (unsigned long long)bss.neighbour);
close:
	bpf_object__close(obj);
out:
	rt_end(ctx, &res);
}

static void test_runtime_slice_buffer(struct run_ctx *ctx)
{
	static const char *const subs[] = { "spill_rewritten_through_slice" };

	if (!rt_plan(ctx, subs, 1))
		return;
	spill_rewritten_through_slice(ctx);
}

RUN_PROBES(runtime_slice_buffer);
