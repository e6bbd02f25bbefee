/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel types and kfuncs used by bpf_refs programs, declared without a
 * generated vmlinux.h so the objects build from the UAPI headers alone.
 * Kernel structs are empty and relocatable (CO-RE); kfuncs are weak, so an
 * object opens on every kernel and the engine skips a program whose
 * __needs_kfunc() the running kernel lacks.
 */
#ifndef __BPF_REFS_KFUNCS_H
#define __BPF_REFS_KFUNCS_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>

#define __kernel_type __attribute__((preserve_access_index))

struct sk_buff {
	unsigned int len;
} __kernel_type;
struct Qdisc {
	unsigned int limit;
} __kernel_type;
struct bpf_sk_buff_ptr {
	struct sk_buff *skb;
} __kernel_type;
struct file {
	unsigned int f_flags;
} __kernel_type;
struct task_struct {
	int pid;
} __kernel_type;

/* Dynptr constructors (6.4: skb, xdp; 6.19: file). */
int bpf_dynptr_from_skb(struct __sk_buff *skb, __u64 flags,
			struct bpf_dynptr *ptr__uninit) __ksym __weak;
int bpf_dynptr_from_xdp(struct xdp_md *xdp, __u64 flags,
			struct bpf_dynptr *ptr__uninit) __ksym __weak;
int bpf_dynptr_from_file(struct file *file, __u32 flags,
			 struct bpf_dynptr *ptr__uninit) __ksym __weak;
int bpf_dynptr_file_discard(struct bpf_dynptr *dynptr) __ksym __weak;

/* Children of a dynptr (6.4: slices; 6.5: clone, adjust). */
void *bpf_dynptr_slice(const struct bpf_dynptr *ptr, __u32 offset,
		       void *buffer__opt, __u32 buffer__szk) __ksym __weak;
void *bpf_dynptr_slice_rdwr(const struct bpf_dynptr *ptr, __u32 offset,
			    void *buffer__opt,
			    __u32 buffer__szk) __ksym __weak;
int bpf_dynptr_clone(const struct bpf_dynptr *ptr,
		     struct bpf_dynptr *clone__uninit) __ksym __weak;
int bpf_dynptr_adjust(const struct bpf_dynptr *ptr, __u32 start,
		      __u32 end) __ksym __weak;
__u32 bpf_dynptr_size(const struct bpf_dynptr *ptr) __ksym __weak;

/* Releasing a referenced skb in a bpf qdisc (6.16). */
void bpf_qdisc_skb_drop(struct sk_buff *skb,
			struct bpf_sk_buff_ptr *to_free_list) __ksym __weak;
void bpf_kfree_skb(struct sk_buff *skb) __ksym __weak;

/* Referenced files (6.12). */
struct file *bpf_get_task_exe_file(struct task_struct *task) __ksym __weak;
void bpf_put_file(struct file *file) __ksym __weak;

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
 * Open-coded numeric iterator (6.4).  The UAPI headers this builds with
 * may predate struct bpf_iter_num; only its size matters to the verifier.
 * tools/upstream/upstream-patch.sh writes struct bpf_iter_num for it.
 */
struct bpf_refs_iter_num {
	__u64 opaque[1];
} __attribute__((aligned(8)));

int bpf_iter_num_new(struct bpf_refs_iter_num *it, int start, int end) __ksym __weak;
int *bpf_iter_num_next(struct bpf_refs_iter_num *it) __ksym __weak;
void bpf_iter_num_destroy(struct bpf_refs_iter_num *it) __ksym __weak;

#endif /* __BPF_REFS_KFUNCS_H */
