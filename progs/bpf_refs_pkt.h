/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet of a test run.  A __retval test runs on 64 zero bytes, under
 * upstream's test_loader and the engine alike, so a test whose result
 * reads packet bytes writes them first: the ethertype of IPv4, 0x0800,
 * where an Ethernet header has it.
 */
#ifndef __BPF_REFS_PKT_H
#define __BPF_REFS_PKT_H

#include "bpf_refs_kfuncs.h"

/* Offset and first byte of the ethertype the tests write and read */
#define REL_PROTO_OFF		12
#define REL_PROTO_HI		8

static __always_inline void pkt_set_proto_skb(struct __sk_buff *skb)
{
	__u8 proto[2] = { REL_PROTO_HI, 0 };

	bpf_skb_store_bytes(skb, REL_PROTO_OFF, proto, sizeof(proto), 0);
}

static __always_inline void pkt_set_proto_xdp(struct xdp_md *xdp)
{
	__u8 proto[2] = { REL_PROTO_HI, 0 };

	bpf_xdp_store_bytes(xdp, REL_PROTO_OFF, proto, sizeof(proto));
}

#endif /* __BPF_REFS_PKT_H */
