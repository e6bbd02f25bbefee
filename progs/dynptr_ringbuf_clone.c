// SPDX-License-Identifier: GPL-2.0
/*
 * Referenced (ringbuf) dynptrs and their clones in one frame.  A clone
 * shares the reservation: submitting or discarding any one of them ends
 * all of them and every slice of any of them (P4).  Overwriting the slots
 * of one of them is safe while another still holds the reservation; the
 * verifier allows that since 017f5c4ef73c (P5), and before it rejects
 * every overwrite of a referenced dynptr.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "bpf_refs_dynptr.h"

#define SERIES_FIX "308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"
#define REFCNT_RELAX "017f5c4ef73c bpf: Allow overwriting referenced dynptr when refcnt > 1"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

SEC("?tc")
__description("P4 guard: write through a clone, read through the original, submit")
__success __retval(0x77)
__needs_kfunc(bpf_dynptr_clone)
int clone_shares_reservation(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;
	__u32 in = 0x77, out = 0;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_dynptr_write(&b, 0, &in, sizeof(in), 0);
	bpf_dynptr_read(&out, sizeof(out), &a, 0, 0);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return out;
}

SEC("?tc")
__description("P4: read through a clone after the original was submitted")
__failure __msg("Expected an initialized dynptr as")
__needs_kfunc(bpf_dynptr_clone)
int read_clone_after_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;
	__u32 out = 0;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_submit_dynptr(&a, 0);
	bpf_dynptr_read(&out, sizeof(out), &b, 0, 0);
	return out;
}

SEC("?tc")
__description("P4: read through the original after its clone was discarded")
__failure __msg("Expected an initialized dynptr as")
__needs_kfunc(bpf_dynptr_clone)
int read_original_after_clone_discard(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;
	__u32 out = 0;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_discard_dynptr(&b, 0);
	bpf_dynptr_read(&out, sizeof(out), &a, 0, 0);
	return out;
}

SEC("?tc")
__description("P4: write through a clone's data after the original was submitted")
__failure __msg("invalid mem access 'scalar'")
__needs_kfunc(bpf_dynptr_clone)
int write_clone_data_after_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;
	__u32 *p;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_data(&b, 0, sizeof(*p));
	bpf_ringbuf_submit_dynptr(&a, 0);
	if (p)
		*p = 1;
	return 0;
}

/*
 * Up to 6.18 a kfunc slice (bpf_dynptr_slice(_rdwr)) of a ringbuf dynptr
 * gets no ref_obj_id, unlike bpf_dynptr_data(), so submitting or
 * discarding the reservation leaves the slice writable: a write into a
 * record the program no longer owns.
 */
SEC("?tc")
__description("P4: write through a kfunc slice after its ringbuf dynptr was submitted")
__failure __msg("invalid mem access 'scalar'")
__needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int write_slice_after_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr a;
	__u32 *p;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	p = bpf_dynptr_slice_rdwr(&a, 0, NULL, sizeof(*p));
	if (!p) {
		bpf_ringbuf_discard_dynptr(&a, 0);
		return 0;
	}
	bpf_ringbuf_submit_dynptr(&a, 0);
	*p = 1;
	return 0;
}

SEC("?tc")
__description("P4: write through a clone's kfunc slice after the original was discarded")
__failure __msg("invalid mem access 'scalar'")
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(SERIES_FIX)
int write_clone_slice_after_discard(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;
	__u32 *p;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, sizeof(*p));
	if (!p) {
		bpf_ringbuf_discard_dynptr(&a, 0);
		return 0;
	}
	bpf_ringbuf_discard_dynptr(&a, 0);
	*p = 1;
	return 0;
}

SEC("?tc")
__description("P4 guard: write through a kfunc slice, then submit")
__success __retval(0x99)
__needs_kfunc(bpf_dynptr_slice_rdwr)
int write_slice_then_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr a;
	__u32 out = 0;
	__u32 *p;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	p = bpf_dynptr_slice_rdwr(&a, 0, NULL, sizeof(*p));
	if (p)
		*p = 0x99;
	bpf_dynptr_read(&out, sizeof(out), &a, 0, 0);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return out;
}

SEC("?tc")
__description("P4: write through the original's data after the clone was submitted")
__failure __msg("invalid mem access 'scalar'")
__needs_kfunc(bpf_dynptr_clone)
int write_original_data_after_clone_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;
	__u32 *p;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	p = bpf_dynptr_data(&a, 0, sizeof(*p));
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_submit_dynptr(&b, 0);
	if (p)
		*p = 1;
	return 0;
}

SEC("?tc")
__description("P5 guard: overwriting the only dynptr of a reservation leaks it")
/* 6.1 does not check the overwrite and finds the leak at exit instead. */
__failure __msg("{{cannot overwrite referenced dynptr|Unreleased reference}}")
int overwrite_sole_ringbuf_dynptr(struct __sk_buff *skb)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	clobber_dynptr(&a);
	return 0;
}

SEC("?tc")
__description("P5 guard: overwriting the original once a clone was submitted")
__success
__needs_kfunc(bpf_dynptr_clone)
int overwrite_original_after_clone_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_submit_dynptr(&b, 0);
	clobber_dynptr(&a);
	return 0;
}

SEC("?tc")
__description("P5: overwrite the original while a clone holds the reservation")
__success
__needs_kfunc(bpf_dynptr_clone)
__fixed_by(REFCNT_RELAX)
int overwrite_original_with_live_clone(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	clobber_dynptr(&a);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

SEC("?tc")
__description("P5: overwrite a clone while the original holds the reservation")
__success
__needs_kfunc(bpf_dynptr_clone)
__fixed_by(REFCNT_RELAX)
int overwrite_clone_with_live_original(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	clobber_dynptr(&b);
	bpf_ringbuf_submit_dynptr(&a, 0);
	return 0;
}

SEC("?tc")
__description("P5 mirror: a relaxed overwrite still ends the overwritten dynptr")
/* 7.1 says "arg 1 is an unacquired reference" for the same rejection */
__failure __msg("{{Expected an initialized dynptr as|arg [0-9]+ is an unacquired reference}}")
__needs_kfunc(bpf_dynptr_clone)
__fixed_by(REFCNT_RELAX)
int use_overwritten_clone(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	clobber_dynptr(&b);
	bpf_ringbuf_submit_dynptr(&b, 0);
	bpf_ringbuf_discard_dynptr(&a, 0);
	return 0;
}
