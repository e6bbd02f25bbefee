// SPDX-License-Identifier: GPL-2.0
/*
 * Programs of the runtime_ringbuf probes (prog_tests/runtime_ringbuf.c).
 * They are run with BPF_PROG_TEST_RUN, not judged as verifier tests: no
 * __success/__failure annotation here.
 *
 * records_roundtrip is valid and writes known bytes through a ringbuf
 * dynptr and its adjusted clone.  stale_clone_submit/_discard are the
 * unsafe cross-frame shape 6.18 accepts: a subprog clones the caller's
 * ringbuf dynptr, submits (or discards) the original, then writes through
 * a slice of the clone into a record already handed over.
 * stale_returned_clone_submit: the subprog returns a slice of its own clone;
 * the caller submits the record, then writes through the slice (7.2 and 7.3
 * accept it: bug-returned-clone-slice in FIXES).
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

#define MARK_SUBMITTED	0x5ab0b175
#define MARK_STALE	0xdeadf00d
#define RT_REC_SIZE	16

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

/* What the programs did, read by user space after the run (.bss). */
struct {
	__u32 stale_written;
	__u32 child_size;
	__u32 child_read;
} out;

static __noinline int stale_submit(struct bpf_dynptr *rec)
{
	struct bpf_dynptr clone;
	__u32 *p;

	bpf_dynptr_clone(rec, &clone);
	bpf_ringbuf_submit_dynptr(rec, 0);
	p = bpf_dynptr_slice_rdwr(&clone, 0, NULL, 4);
	if (!p)
		return 0;
	*p = MARK_STALE;
	out.stale_written = 1;
	return 0;
}

static __noinline int stale_discard(struct bpf_dynptr *rec)
{
	struct bpf_dynptr clone;
	__u32 *p;

	bpf_dynptr_clone(rec, &clone);
	bpf_ringbuf_discard_dynptr(rec, 0);
	p = bpf_dynptr_slice_rdwr(&clone, 0, NULL, 4);
	if (!p)
		return 0;
	*p = MARK_STALE;
	out.stale_written = 1;
	return 0;
}

SEC("tc")
int stale_clone_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr rec;
	__u32 mark = MARK_SUBMITTED;

	if (bpf_ringbuf_reserve_dynptr(&rb, RT_REC_SIZE, 0, &rec)) {
		bpf_ringbuf_discard_dynptr(&rec, 0);
		return 1;
	}
	bpf_dynptr_write(&rec, 0, &mark, sizeof(mark), 0);
	stale_submit(&rec);
	return 0;
}

SEC("tc")
int stale_clone_discard(struct __sk_buff *skb)
{
	struct bpf_dynptr rec;
	__u32 mark = MARK_SUBMITTED;

	if (bpf_ringbuf_reserve_dynptr(&rb, RT_REC_SIZE, 0, &rec)) {
		bpf_ringbuf_discard_dynptr(&rec, 0);
		return 1;
	}
	bpf_dynptr_write(&rec, 0, &mark, sizeof(mark), 0);
	stale_discard(&rec);
	return 0;
}

/* A slice of a clone the subprog made on its own stack, returned. */
static __noinline __u32 *returned_clone_slice(struct bpf_dynptr *rec)
{
	struct bpf_dynptr clone;

	bpf_dynptr_clone(rec, &clone);
	return bpf_dynptr_slice_rdwr(&clone, 0, NULL, 4);
}

SEC("tc")
int stale_returned_clone_submit(struct __sk_buff *skb)
{
	struct bpf_dynptr rec;
	__u32 mark = MARK_SUBMITTED;
	__u32 *p;

	if (bpf_ringbuf_reserve_dynptr(&rb, RT_REC_SIZE, 0, &rec)) {
		bpf_ringbuf_discard_dynptr(&rec, 0);
		return 1;
	}
	bpf_dynptr_write(&rec, 0, &mark, sizeof(mark), 0);
	p = returned_clone_slice(&rec);
	bpf_ringbuf_submit_dynptr(&rec, 0);
	if (!p)
		return 0;
	*p = MARK_STALE;
	out.stale_written = 1;
	return 0;
}

/*
 * Record 0 (submitted): bytes i*3+1, except bytes 12..15, written as
 * 0xa5a5a5a5 through a slice of a clone adjusted to bytes 8..15.
 * Record 1: reserved, written, discarded: no consumer may see it.
 */
SEC("tc")
int records_roundtrip(struct __sk_buff *skb)
{
	struct bpf_dynptr rec, child, gone;
	__u8 buf[RT_REC_SIZE];
	__u32 *p;
	int i;

	for (i = 0; i < RT_REC_SIZE; i++)
		buf[i] = i * 3 + 1;
	if (bpf_ringbuf_reserve_dynptr(&rb, RT_REC_SIZE, 0, &rec)) {
		bpf_ringbuf_discard_dynptr(&rec, 0);
		return 1;
	}
	bpf_dynptr_write(&rec, 0, buf, sizeof(buf), 0);
	bpf_dynptr_clone(&rec, &child);
	bpf_dynptr_adjust(&child, 8, RT_REC_SIZE);
	out.child_size = bpf_dynptr_size(&child);
	bpf_dynptr_read(&out.child_read, sizeof(out.child_read), &child, 0, 0);
	p = bpf_dynptr_slice_rdwr(&child, 4, NULL, 4);
	if (p)
		*p = 0xa5a5a5a5;
	bpf_ringbuf_submit_dynptr(&rec, 0);

	if (bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &gone)) {
		bpf_ringbuf_discard_dynptr(&gone, 0);
		return 2;
	}
	bpf_dynptr_write(&gone, 0, buf, 8, 0);
	bpf_ringbuf_discard_dynptr(&gone, 0);
	return 0;
}
