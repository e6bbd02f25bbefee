/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by the dynptr programs of bpf_refs. */
#ifndef __BPF_REFS_DYNPTR_H
#define __BPF_REFS_DYNPTR_H

/*
 * Store 4 bytes over the start of a dynptr on the stack.  A write to part
 * of a dynptr's slots destroys the dynptr as far as the verifier goes.
 * The pointer is laundered so the compiler keeps the store.
 */
static __always_inline void clobber_dynptr(struct bpf_dynptr *ptr)
{
	__u32 *word = (__u32 *)ptr;

	asm volatile("" : "+r"(word));
	*word = 0;
}

/* The same, into its second stack slot (bytes 8 to 15). */
static __always_inline void clobber_dynptr_tail(struct bpf_dynptr *ptr)
{
	__u32 *word = (__u32 *)ptr + 2;

	asm volatile("" : "+r"(word));
	*word = 0;
}

#endif /* __BPF_REFS_DYNPTR_H */
