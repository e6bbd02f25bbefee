// SPDX-License-Identifier: GPL-2.0
/*
 * Releases and state comparisons while the program holds references of
 * another kind than an object: a saved IRQ flag (bpf_local_irq_save) or a
 * spin lock.  The release walk and the reference lookup pass over those
 * references, and refsafe() compares them at a prune point, so a record
 * released beside them must still take its slices along and an equal
 * state must still prune.  Coverage of the series' functions found these
 * paths run by no other test (docs/coverage.md).
 */
#include "rel_common.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} held_rb SEC(".maps");

struct held_val {
	struct bpf_spin_lock lock;
	__u64 cnt;
	__u64 odd;
	__u64 even;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct held_val);
} held_map SEC(".maps");

void bpf_local_irq_save(unsigned long *flags__irq_flag) __ksym __weak;
void bpf_local_irq_restore(unsigned long *flags__irq_flag) __ksym __weak;

#define REC_SZ		16

/* A branch on a bit of the counter: two paths that meet again. */
static __always_inline void held_count_bit(struct held_val *v, __u64 bit)
{
	if (v->cnt & bit)
		v->odd++;
	else
		v->even++;
}

/* Two paths to one instruction that differ in nothing the verifier keeps. */
static __always_inline void held_fork(void)
{
	if (bpf_get_prandom_u32() & 1)
		bpf_get_smp_processor_id();
	else
		bpf_ktime_get_ns();
}

SEC("?tc")
__description("held: discard a ringbuf record while an IRQ flag is saved")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr)
__needs_kfunc(bpf_local_irq_save)
int discard_with_irq_saved(struct __sk_buff *ctx)
{
	unsigned long flags;
	struct bpf_dynptr d;

	bpf_local_irq_save(&flags);
	bpf_ringbuf_reserve_dynptr(&held_rb, REC_SZ, 0, &d);
	bpf_ringbuf_discard_dynptr(&d, 0);
	bpf_local_irq_restore(&flags);
	return 0;
}

SEC("?tc")
__description("held: a slice read after its record is discarded, an IRQ flag saved")
__failure __msg("invalid mem access 'scalar'")
__needs_helper(bpf_ringbuf_reserve_dynptr) __needs_helper(bpf_dynptr_data)
__needs_kfunc(bpf_local_irq_save)
int slice_after_discard_with_irq_saved(struct __sk_buff *ctx)
{
	unsigned long flags;
	struct bpf_dynptr d;
	__u8 *p;

	bpf_local_irq_save(&flags);
	bpf_ringbuf_reserve_dynptr(&held_rb, REC_SZ, 0, &d);
	p = bpf_dynptr_data(&d, 0, 4);
	if (!p) {
		bpf_ringbuf_discard_dynptr(&d, 0);
		bpf_local_irq_restore(&flags);
		return 0;
	}
	bpf_ringbuf_discard_dynptr(&d, 0);
	rel_read(p);
	bpf_local_irq_restore(&flags);
	return 0;
}

SEC("?tc")
__description("held: two paths join holding a record and a saved IRQ flag")
__success __retval(0)
__needs_helper(bpf_ringbuf_reserve_dynptr)
__needs_kfunc(bpf_local_irq_save)
int join_with_irq_saved_and_record(struct __sk_buff *ctx)
{
	unsigned long flags;
	struct bpf_dynptr d;

	bpf_local_irq_save(&flags);
	bpf_ringbuf_reserve_dynptr(&held_rb, REC_SZ, 0, &d);
	held_fork();
	bpf_ringbuf_submit_dynptr(&d, 0);
	bpf_local_irq_restore(&flags);
	return 0;
}

SEC("?tc")
__description("held: paths join inside a spin lock's critical section")
__success __retval(0)
__flag(BPF_F_TEST_STATE_FREQ)
int join_under_spin_lock(struct __sk_buff *ctx)
{
	struct held_val *v;
	__u32 key = 0;

	v = bpf_map_lookup_elem(&held_map, &key);
	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	held_count_bit(v, 1);
	held_count_bit(v, 2);
	held_count_bit(v, 4);
	held_count_bit(v, 8);
	bpf_spin_unlock(&v->lock);
	return 0;
}
