/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kfuncs that the programs of prog_tests/verifier_parents.c use beyond
 * bpf_refs_kfuncs.h, declared weak like those: an object opens on every
 * kernel and a program whose __needs_kfunc() the kernel lacks is skipped.
 */
#ifndef __BPF_REFS_PARENTS_H
#define __BPF_REFS_PARENTS_H

#include <stdbool.h>
#include "rel_common.h"

/* skb metadata area (6.18), copy between dynptrs (6.15) */
int bpf_dynptr_from_skb_meta(struct __sk_buff *skb, __u64 flags,
			     struct bpf_dynptr *ptr__uninit) __ksym __weak;
int bpf_dynptr_copy(struct bpf_dynptr *dst_ptr, __u32 dst_off,
		    struct bpf_dynptr *src_ptr, __u32 src_off,
		    __u32 size) __ksym __weak;

/* queries on a dynptr (6.5) */
bool bpf_dynptr_is_null(const struct bpf_dynptr *ptr) __ksym __weak;
bool bpf_dynptr_is_rdonly(const struct bpf_dynptr *ptr) __ksym __weak;

/*
 * open-coded numeric iterator (6.4); the UAPI headers this builds with may
 * predate struct bpf_iter_num, and only its size matters to the verifier
 */
struct bpf_refs_iter_num {
	__u64 opaque[1];
} __attribute__((aligned(8)));

int bpf_iter_num_new(struct bpf_refs_iter_num *it, int start, int end) __ksym __weak;
int *bpf_iter_num_next(struct bpf_refs_iter_num *it) __ksym __weak;
void bpf_iter_num_destroy(struct bpf_refs_iter_num *it) __ksym __weak;

#endif /* __BPF_REFS_PARENTS_H */
