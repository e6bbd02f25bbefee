// SPDX-License-Identifier: GPL-2.0
/*
 * S11 variants (progs/ringbuf_shared_ref_arg.c has the syncookie case):
 * referenced memory in two arguments of one helper.  Up to 7.1 a helper
 * call takes one referenced argument at most: a second one, whether the
 * same record, another record or a slice of a ringbuf dynptr (which
 * carried its dynptr's ref_obj_id), is refused with "more than one arg
 * with ref_obj_id" ("verifier internal error: ..." before 6.17).  From
 * the series on (b7dd2b388657) a helper that releases nothing may take
 * any number of them; the program must still release each record, and a
 * record released in one frame is dead in every other.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

#define UNIFY_REFS "b7dd2b388657 bpf: Unify referenced object tracking in verifier"
#define UNRELEASED "Unreleased reference id={{[0-9]+}} alloc_insn={{[0-9]+}}"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

/* Room for an IPv6 header followed by a TCP header. */
#define REC_LEN		64
#define TCP_HDR_LEN	20

__s64 sum;

SEC("?xdp")
__description("S11: a ringbuf record as both headers of a syncookie check, then discarded")
__success
__needs_helper(bpf_tcp_raw_check_syncookie_ipv4)
__fixed_by(UNIFY_REFS)
int check_syncookie_same_record_discard(struct xdp_md *xdp)
{
	void *rec;

	rec = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!rec)
		return XDP_PASS;
	sum = bpf_tcp_raw_check_syncookie_ipv4(rec, rec);
	bpf_ringbuf_discard(rec, 0);
	return XDP_PASS;
}

SEC("?xdp")
__description("S11: a ringbuf record as both headers of an IPv6 syncookie, then submitted")
__success
__needs_helper(bpf_tcp_raw_gen_syncookie_ipv6)
__fixed_by(UNIFY_REFS)
int gen_syncookie_ipv6_same_record_submit(struct xdp_md *xdp)
{
	void *rec;

	rec = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!rec)
		return XDP_PASS;
	sum = bpf_tcp_raw_gen_syncookie_ipv6(rec, rec, TCP_HDR_LEN);
	bpf_ringbuf_submit(rec, 0);
	return XDP_PASS;
}

SEC("?tc")
__description("S11: a ringbuf record as both buffers of bpf_csum_diff(), then discarded")
__success
__needs_helper(bpf_csum_diff)
__fixed_by(UNIFY_REFS)
int csum_diff_same_record_discard(struct __sk_buff *skb)
{
	void *rec;

	rec = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!rec)
		return 0;
	sum = bpf_csum_diff(rec, 4, rec, 4, 0);
	bpf_ringbuf_discard(rec, 0);
	return 0;
}

SEC("?tc")
__description("S11: two ringbuf records as the buffers of bpf_csum_diff(), then both submitted")
__success
__needs_helper(bpf_csum_diff)
__fixed_by(UNIFY_REFS)
int csum_diff_two_records_submit(struct __sk_buff *skb)
{
	void *a, *b;

	a = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!a)
		return 0;
	b = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!b) {
		bpf_ringbuf_discard(a, 0);
		return 0;
	}
	sum = bpf_csum_diff(a, 4, b, 4, 0);
	bpf_ringbuf_submit(b, 0);
	bpf_ringbuf_submit(a, 0);
	return 0;
}

SEC("?tc")
__description("S11: a ringbuf record as both buffers of bpf_csum_diff(), then leaked")
__failure __msg(UNRELEASED)
__needs_helper(bpf_csum_diff)
__fixed_by(UNIFY_REFS)
int csum_diff_same_record_leak(struct __sk_buff *skb)
{
	void *rec;

	rec = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!rec)
		return 0;
	sum = bpf_csum_diff(rec, 4, rec, 4, 0);
	return 0;
}

SEC("?tc")
__description("S11: two ringbuf records as the buffers of bpf_csum_diff(), one leaked")
__failure __msg(UNRELEASED)
__needs_helper(bpf_csum_diff)
__fixed_by(UNIFY_REFS)
int csum_diff_two_records_leak_one(struct __sk_buff *skb)
{
	void *a, *b;

	a = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!a)
		return 0;
	b = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!b) {
		bpf_ringbuf_discard(a, 0);
		return 0;
	}
	sum = bpf_csum_diff(a, 4, b, 4, 0);
	bpf_ringbuf_submit(a, 0);
	return 0;
}

SEC("?tc")
__description("S11: a ringbuf dynptr's data slice as both buffers of bpf_csum_diff()")
__success
__needs_helper(bpf_csum_diff) __needs_helper(bpf_dynptr_data)
__fixed_by(UNIFY_REFS)
int csum_diff_same_dynptr_slice(struct __sk_buff *skb)
{
	struct bpf_dynptr d;
	void *p;

	bpf_ringbuf_reserve_dynptr(&rb, REC_LEN, 0, &d);
	p = bpf_dynptr_data(&d, 0, 8);
	if (p)
		sum = bpf_csum_diff(p, 4, p, 4, 0);
	bpf_ringbuf_submit_dynptr(&d, 0);
	return 0;
}

SEC("?tc")
__description("S11: a ringbuf dynptr's slice and a record as the buffers of bpf_csum_diff()")
__success
__needs_helper(bpf_csum_diff) __needs_helper(bpf_dynptr_data)
__fixed_by(UNIFY_REFS)
int csum_diff_dynptr_slice_and_record(struct __sk_buff *skb)
{
	struct bpf_dynptr d;
	void *p, *rec;

	bpf_ringbuf_reserve_dynptr(&rb, REC_LEN, 0, &d);
	rec = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!rec) {
		bpf_ringbuf_discard_dynptr(&d, 0);
		return 0;
	}
	p = bpf_dynptr_data(&d, 0, 8);
	if (p)
		sum = bpf_csum_diff(p, 4, rec, 4, 0);
	bpf_ringbuf_submit(rec, 0);
	bpf_ringbuf_submit_dynptr(&d, 0);
	return 0;
}

static __noinline int csum_of(void *from, void *to)
{
	if (!from || !to)
		return 0;
	return bpf_csum_diff(from, 4, to, 4, 0);
}

SEC("?tc")
__description("S11: a callee passes the caller's record as both buffers, the caller discards it")
__success
__needs_helper(bpf_csum_diff)
__fixed_by(UNIFY_REFS)
int csum_diff_same_record_in_callee(struct __sk_buff *skb)
{
	void *rec;

	rec = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!rec)
		return 0;
	sum = csum_of(rec, rec);
	bpf_ringbuf_discard(rec, 0);
	return 0;
}

static __noinline int csum_then_discard(void *rec)
{
	int s;

	if (!rec)
		return 0;
	s = bpf_csum_diff(rec, 4, rec, 4, 0);
	bpf_ringbuf_discard(rec, 0);
	return s;
}

SEC("?tc")
__description("S11: a callee uses the record as both buffers and discards it, the caller reads it")
__failure __msg("invalid mem access")
__needs_helper(bpf_csum_diff)
__fixed_by(UNIFY_REFS)
int csum_diff_in_callee_then_use_after_discard(struct __sk_buff *skb)
{
	__u32 *rec;

	rec = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!rec)
		return 0;
	sum = csum_then_discard(rec);
	sum += *rec;
	return 0;
}

SEC("?tc")
__description("S11: a callee uses the record as both buffers and discards it")
__success
__needs_helper(bpf_csum_diff)
__fixed_by(UNIFY_REFS)
int csum_diff_in_callee_then_discard(struct __sk_buff *skb)
{
	void *rec;

	rec = bpf_ringbuf_reserve(&rb, REC_LEN, 0);
	if (!rec)
		return 0;
	sum = csum_then_discard(rec);
	return 0;
}
