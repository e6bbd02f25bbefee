/* SPDX-License-Identifier: GPL-2.0 */
/* Program bodies shared by the engine's unit-test objects. */
#ifndef __BPF_REFS_UNIT_PROGS_H
#define __BPF_REFS_UNIT_PROGS_H

/* Rejected on every kernel with dynptrs: reads through an uninit dynptr. */
static __always_inline int read_uninit_dynptr(void)
{
	struct bpf_dynptr d;
	char buf[4];

	bpf_dynptr_read(buf, sizeof(buf), &d, 0, 0);
	return 0;
}

/*
 * Safe; the verifier walks each of the rounds: 1,000 give a level-2 log
 * of several MiB, 8,000 a level-1 log of several MiB.
 */
static __always_inline int walk_rounds(struct __sk_buff *skb, __u32 rounds)
{
	__u32 i, sum = skb->len;

	for (i = 0; i < rounds; i++) {
		asm volatile("" : "+r"(sum));
		sum ^= i;
	}
	return sum & 1;
}

#endif /* __BPF_REFS_UNIT_PROGS_H */
