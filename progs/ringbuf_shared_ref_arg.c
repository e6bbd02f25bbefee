// SPDX-License-Identifier: GPL-2.0
/*
 * S11: one referenced object passed as two arguments of one helper.  Old
 * verifiers refuse any such call ("more than one arg with ref_obj_id"),
 * since they track a single ref_obj_id per call.  The series tracks the
 * reference per argument and only minds an ambiguous one when the helper
 * releases it, so the call is fine as long as the program still releases
 * the object itself.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

#define UNIFY_REFS "b7dd2b388657 bpf: Unify referenced object tracking in verifier"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

/* A TCP/IP header-sized record, used as both the IP and the TCP header. */
#define HDR_LEN	20

SEC("?xdp")
__description("S11: a ringbuf record as both headers of a syncookie, then discarded")
__success
__needs_helper(bpf_tcp_raw_gen_syncookie_ipv4)
__fixed_by(UNIFY_REFS)
int record_as_two_args_then_discard(struct xdp_md *xdp)
{
	void *rec;

	rec = bpf_ringbuf_reserve(&rb, 64, 0);
	if (!rec)
		return XDP_PASS;
	bpf_tcp_raw_gen_syncookie_ipv4(rec, rec, HDR_LEN);
	bpf_ringbuf_discard(rec, 0);
	return XDP_PASS;
}

SEC("?xdp")
__description("S11: a ringbuf record as both headers of a syncookie, then leaked")
/* Refused by every version: for the ambiguity before the series, the leak after. */
__failure
__msg("{{more than one arg with ref_obj_id|Unreleased reference|reference leak}}")
__needs_helper(bpf_tcp_raw_gen_syncookie_ipv4)
int record_as_two_args_then_leak(struct xdp_md *xdp)
{
	void *rec;

	rec = bpf_ringbuf_reserve(&rb, 64, 0);
	if (!rec)
		return XDP_PASS;
	bpf_tcp_raw_gen_syncookie_ipv4(rec, rec, HDR_LEN);
	return XDP_PASS;
}

SEC("?xdp")
__description("S11 guard: a ringbuf record as one header of a syncookie")
__success
__needs_helper(bpf_tcp_raw_gen_syncookie_ipv4)
int record_as_one_arg(struct xdp_md *xdp)
{
	__u8 tcp[HDR_LEN] = {};
	void *rec;

	rec = bpf_ringbuf_reserve(&rb, 64, 0);
	if (!rec)
		return XDP_PASS;
	bpf_tcp_raw_gen_syncookie_ipv4(rec, (void *)tcp, HDR_LEN);
	bpf_ringbuf_discard(rec, 0);
	return XDP_PASS;
}
