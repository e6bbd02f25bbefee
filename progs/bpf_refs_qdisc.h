/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of the bpf qdisc struct_ops (6.16, CONFIG_NET_SCH_BPF) that
 * bpf_refs programs implement, declared without vmlinux.h.  libbpf matches
 * the members by name against the running kernel's struct Qdisc_ops.
 */
#ifndef __BPF_REFS_QDISC_H
#define __BPF_REFS_QDISC_H

#include <bpf/bpf_tracing.h>
#include "bpf_refs_kfuncs.h"

#define NET_XMIT_SUCCESS	0x00
#define NET_XMIT_DROP		0x01

struct nlattr;
struct netlink_ext_ack;

struct Qdisc_ops {
	int (*enqueue)(struct sk_buff *skb, struct Qdisc *sch,
		       struct sk_buff **to_free);
	struct sk_buff *(*dequeue)(struct Qdisc *sch);
	int (*init)(struct Qdisc *sch, struct nlattr *arg,
		    struct netlink_ext_ack *extack);
	void (*reset)(struct Qdisc *sch);
	void (*destroy)(struct Qdisc *sch);
	char id[16];
} __kernel_type;

/*
 * A Qdisc_ops map around one enqueue test program.  The kernel wants
 * enqueue, dequeue, init, reset and destroy; the last four are the
 * object's __auxiliary programs, shared by every map.
 */
#define QDISC_OPS_MAP(enq)						\
	SEC(".struct_ops")						\
	struct Qdisc_ops ops_##enq = {					\
		.enqueue = (void *)enq,					\
		.dequeue = (void *)refs_dequeue,			\
		.init = (void *)refs_init,				\
		.reset = (void *)refs_reset,				\
		.destroy = (void *)refs_destroy,			\
		.id = "bpf_refs",					\
	}

#endif /* __BPF_REFS_QDISC_H */
