// SPDX-License-Identifier: GPL-2.0
/*
 * Probes of the kernel's kfunc policy, not tests (kfunc_policy.c of the
 * runner loads them before any test runs).  A kernel may refuse a kfunc
 * by a policy of its own ("bpf_dynptr_slice_rdwr() is not allowed", or
 * "calling kernel function ... is not allowed"); each program here makes
 * one valid call of one kfunc, named before the "__" of the program's
 * name, in one program type, so that a refusal is known from a program
 * that is otherwise accepted.  The verifier's log names the kfunc it
 * refuses; a refusal whose log names none is the probe's own kfunc.
 */
#include "rel_common.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} policy_rb SEC(".maps");

/*
 * Program <kfunc>__<suffix> of section sec: a dynptr d made by make, the
 * call in body (d2 and buf at hand), then release.
 */
#define PROBE(sec, name, suffix, ctx_t, make, body, release, ret)	\
SEC(sec)								\
int name##__##suffix(ctx_t ctx)						\
{									\
	struct bpf_dynptr d, d2;					\
	__u8 buf[4];							\
									\
	(void)d2;							\
	(void)buf;							\
	make;								\
	body;								\
	release;							\
	return ret;							\
}

#define SKB_PROBE(name, body)						\
	PROBE("?tc", name, tc, struct __sk_buff *,			\
	      bpf_dynptr_from_skb(ctx, 0, &d), body, (void)0, 0)

SKB_PROBE(bpf_dynptr_from_skb, (void)d)
SKB_PROBE(bpf_dynptr_slice, bpf_dynptr_slice(&d, 0, buf, sizeof(buf)))
SKB_PROBE(bpf_dynptr_slice_rdwr,
	  bpf_dynptr_slice_rdwr(&d, 0, buf, sizeof(buf)))
SKB_PROBE(bpf_dynptr_clone, bpf_dynptr_clone(&d, &d2))
SKB_PROBE(bpf_dynptr_adjust, bpf_dynptr_adjust(&d, 0, 4))
SKB_PROBE(bpf_dynptr_size, bpf_dynptr_size(&d))
SKB_PROBE(bpf_dynptr_is_null, bpf_dynptr_is_null(&d))
SKB_PROBE(bpf_dynptr_is_rdonly, bpf_dynptr_is_rdonly(&d))
SKB_PROBE(bpf_dynptr_copy,
	  bpf_dynptr_clone(&d, &d2); bpf_dynptr_copy(&d, 0, &d2, 4, 4))

SEC("?tc")
int bpf_dynptr_from_skb_meta__tc(struct __sk_buff *skb)
{
	struct bpf_dynptr d;

	bpf_dynptr_from_skb_meta(skb, 0, &d);
	return 0;
}

#define XDP_PROBE(name, body)						\
	PROBE("?xdp", name, xdp, struct xdp_md *,			\
	      bpf_dynptr_from_xdp(ctx, 0, &d), body, (void)0, XDP_PASS)

XDP_PROBE(bpf_dynptr_from_xdp, (void)d)
XDP_PROBE(bpf_dynptr_slice, bpf_dynptr_slice(&d, 0, buf, sizeof(buf)))
XDP_PROBE(bpf_dynptr_slice_rdwr,
	  bpf_dynptr_slice_rdwr(&d, 0, buf, sizeof(buf)))

/* A ringbuf record's dynptr, in a tracing program. */
#define RB_PROBE(name, body)						\
	PROBE("?raw_tp", name, raw_tp, void *,				\
	      bpf_ringbuf_reserve_dynptr(&policy_rb, 8, 0, &d), body,	\
	      bpf_ringbuf_discard_dynptr(&d, 0), 0)

RB_PROBE(bpf_dynptr_slice, bpf_dynptr_slice(&d, 0, buf, sizeof(buf)))
RB_PROBE(bpf_dynptr_slice_rdwr,
	 bpf_dynptr_slice_rdwr(&d, 0, buf, sizeof(buf)))
RB_PROBE(bpf_dynptr_clone, bpf_dynptr_clone(&d, &d2))
RB_PROBE(bpf_dynptr_adjust, bpf_dynptr_adjust(&d, 0, 4))
RB_PROBE(bpf_dynptr_size, bpf_dynptr_size(&d))

SEC("?raw_tp")
int bpf_iter_num_new__raw_tp(void *ctx)
{
	struct bpf_refs_iter_num it;

	bpf_iter_num_new(&it, 0, 2);
	bpf_iter_num_next(&it);
	bpf_iter_num_destroy(&it);
	return 0;
}

SEC("?lsm/file_open")
int bpf_dynptr_from_file__lsm(struct file *file)
{
	struct bpf_dynptr d;

	bpf_dynptr_from_file(file, 0, &d);
	bpf_dynptr_file_discard(&d);
	return 0;
}

SEC("?lsm/file_open")
int bpf_get_task_exe_file__lsm(struct file *file)
{
	struct file *exe;

	exe = bpf_get_task_exe_file(bpf_get_current_task_btf());
	if (exe)
		bpf_put_file(exe);
	return 0;
}
