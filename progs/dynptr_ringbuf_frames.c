// SPDX-License-Identifier: GPL-2.0
/*
 * Referenced (ringbuf) dynptrs and clones spread over call frames.
 *
 * H1: up to 6.18, submitting a ringbuf dynptr invalidates its clones only
 * in the frame that holds the submitted dynptr.  A clone kept in another
 * frame stays usable, so the program writes into a record it already
 * submitted.  The series' release walks every frame.
 *
 * S10: overwriting a referenced dynptr is allowed while another dynptr of
 * the same reservation lives (017f5c4ef73c), but that count looked at the
 * current frame only and refused a safe overwrite when the other dynptr
 * was in a different frame (2eee6fe8ac2c).
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "bpf_refs_dynptr.h"

#define SERIES_FIX "308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"
#define REFCNT_FRAMES "2eee6fe8ac2c bpf: Fix dynptr ref counting to scan all call frames"
#define REFCNT_RELAX "017f5c4ef73c bpf: Allow overwriting referenced dynptr when refcnt > 1"
#define INVALID_DYNPTR "Expected an initialized dynptr as"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

static __noinline int clone_submit_write_slice(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;
	__u32 *p;

	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_submit_dynptr(a, 0);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, sizeof(*p));
	if (p)
		*p = 0xdead;
	return 0;
}

SEC("?tc")
__description("H1: clone made in a callee survives submitting the caller's original (slice)")
__failure __msg(INVALID_DYNPTR)
__needs_kfunc(bpf_dynptr_clone) __needs_kfunc(bpf_dynptr_slice_rdwr)
__fixed_by(CLONE_RELEASE_BUG)
int clone_in_callee_survives_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	clone_submit_write_slice(&a);
	return 0;
}

static __noinline int clone_submit_write(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;
	__u32 v = 0xdead;

	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_submit_dynptr(a, 0);
	bpf_dynptr_write(&b, 0, &v, sizeof(v), 0);
	return 0;
}

SEC("?tc")
__description("H1: clone made in a callee survives submitting the caller's original (write)")
__failure __msg(INVALID_DYNPTR)
__needs_kfunc(bpf_dynptr_clone)
__fixed_by(CLONE_RELEASE_BUG)
int clone_in_callee_write_after_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	clone_submit_write(&a);
	return 0;
}

static __noinline int submit_in_callee(struct bpf_dynptr *a)
{
	bpf_ringbuf_submit_dynptr(a, 0);
	return 0;
}

static __noinline int clone_call_submit_write(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;
	__u32 *p;

	bpf_dynptr_clone(a, &b);
	submit_in_callee(a);
	p = bpf_dynptr_data(&b, 0, sizeof(*p));
	if (p)
		*p = 0xdead;
	return 0;
}

SEC("?tc")
__description("H1: clone in the middle frame survives a submit from the innermost frame")
__failure __msg(INVALID_DYNPTR)
__needs_kfunc(bpf_dynptr_clone)
__fixed_by(CLONE_RELEASE_BUG)
int clone_in_callee_survives_submit_in_grandchild(struct __sk_buff *skb)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	clone_call_submit_write(&a);
	return 0;
}

static __noinline int clone_and_submit_clone(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;

	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

SEC("?tc")
__description("H1: caller's original survives a callee submitting its own clone")
__failure __msg(INVALID_DYNPTR)
__needs_kfunc(bpf_dynptr_clone)
__fixed_by(CLONE_RELEASE_BUG)
int original_survives_clone_submit_in_callee(struct __sk_buff *skb)
{
	struct bpf_dynptr a;
	__u32 v = 0xdead;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	clone_and_submit_clone(&a);
	bpf_dynptr_write(&a, 0, &v, sizeof(v), 0);
	return 0;
}

SEC("?tc")
__description("H1 guard: a callee submitting its clone releases the caller's reservation")
__success
__needs_kfunc(bpf_dynptr_clone)
int clone_submit_in_callee_releases(struct __sk_buff *skb)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	clone_and_submit_clone(&a);
	return 0;
}

static __noinline int write_dynptr(struct bpf_dynptr *b)
{
	__u32 v = 0xdead;

	bpf_dynptr_write(b, 0, &v, sizeof(v), 0);
	return 0;
}

SEC("?tc")
__description("H1 guard: a clone in the caller's frame dies with its original")
__failure __msg(INVALID_DYNPTR)
__needs_kfunc(bpf_dynptr_clone)
int clone_in_caller_dies_with_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_submit_dynptr(&a, 0);
	write_dynptr(&b);
	return 0;
}

static __noinline int clone_into(struct bpf_dynptr *a, struct bpf_dynptr *b)
{
	bpf_dynptr_clone(a, b);
	return 0;
}

SEC("?tc")
__description("H1 guard: a clone a callee wrote into the caller's frame dies with its original")
__failure __msg(INVALID_DYNPTR)
__needs_kfunc(bpf_dynptr_clone)
int callee_made_clone_in_caller_dies(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;
	__u32 v = 0xdead;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	clone_into(&a, &b);
	bpf_ringbuf_submit_dynptr(&a, 0);
	bpf_dynptr_write(&b, 0, &v, sizeof(v), 0);
	return 0;
}

SEC("?tc")
__description("H1 guard: caller's data slice dies when a callee submits")
__failure __msg("invalid mem access 'scalar'")
int data_in_caller_dies_with_submit_in_callee(struct __sk_buff *skb)
{
	struct bpf_dynptr a;
	__u32 *p;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	p = bpf_dynptr_data(&a, 0, sizeof(*p));
	submit_in_callee(&a);
	if (p)
		*p = 0xdead;
	return 0;
}

SEC("?tc")
__description("H1 guard: clones used across frames before the submit")
__success __retval(0xdead)
__needs_kfunc(bpf_dynptr_clone)
int clones_across_frames_before_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;
	__u32 out = 0;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	clone_into(&a, &b);
	write_dynptr(&b);
	bpf_dynptr_read(&out, sizeof(out), &a, 0, 0);
	submit_in_callee(&a);
	return out;
}

static __noinline int overwrite_in_callee(struct bpf_dynptr *a)
{
	clobber_dynptr(a);
	return 0;
}

SEC("?tc")
__description("S10 A: callee overwrites the original while the caller's clone lives")
__success
__needs_kfunc(bpf_dynptr_clone)
__fixed_by(REFCNT_RELAX)	/* both dynptrs live in the caller's frame */
int overwrite_original_in_callee(struct __sk_buff *skb)
{
	struct bpf_dynptr a, b;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	overwrite_in_callee(&a);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

static __noinline int clone_overwrite_submit(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;

	bpf_dynptr_clone(a, &b);
	clobber_dynptr(a);
	bpf_ringbuf_submit_dynptr(&b, 0);
	return 0;
}

SEC("?tc")
__description("S10 B: callee clones the caller's dynptr, overwrites it, submits the clone")
__success
__needs_kfunc(bpf_dynptr_clone)
__fixed_by(REFCNT_FRAMES)
int clone_overwrite_submit_in_callee(struct __sk_buff *skb)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	clone_overwrite_submit(&a);
	return 0;
}

SEC("?tc")
__description("S10 guard: callee overwrites the only dynptr of a reservation")
/* 6.1 does not check the overwrite and finds the leak at exit instead. */
__failure __msg("{{cannot overwrite referenced dynptr|Unreleased reference}}")
int overwrite_sole_dynptr_in_callee(struct __sk_buff *skb)
{
	struct bpf_dynptr a;

	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	overwrite_in_callee(&a);
	return 0;
}
