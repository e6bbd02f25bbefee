// SPDX-License-Identifier: GPL-2.0
/*
 * S12: state pruning must tell references apart by their parent.
 *
 * A file dynptr holds a reference of its own (REF_TYPE_PTR) whose parent
 * is the file it reads; putting the file while that reference lives is a
 * leak of the dynptr and a use after free of the file.  The file dynptr
 * is the one kind whose reference has a parent (ringbuf dynptrs have
 * none; a qdisc skb dynptr keeps its parent in the stack slot, which
 * stacksafe() compares).  Each test makes the dynptr from one of two
 * files on two branches that merge again before a file is put.  If the
 * verifier compares the two states' references without their parent_id,
 * the second branch is pruned as equal to the first, and when the first
 * was the safe one the unsafe branch is never checked (41025f441fe6).
 * BPF_F_TEST_STATE_FREQ keeps a state at every prune point, so that the
 * merge point holds the first branch's state whatever the heuristics.
 * Guards keep programs whose branches are both safe accepted.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include <bpf/bpf_tracing.h>

#define SERIES_FIX "308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"
#define REFSAFE_PARENT "41025f441fe6 bpf: Compare parent_id in refsafe() for REF_TYPE_PTR"
#define LEAKING "Leaking reference id={{[0-9]+}} alloc_insn={{[0-9]+}}. Release it first."

char _license[] SEC("license") = "GPL";

char seen;

/* An outcome the verifier cannot know, so that both branches are walked. */
static __always_inline int coin(void)
{
	return bpf_get_prandom_u32() & 1;
}

/* Two references on the current task's executable, or none (returns 0). */
static __always_inline int get_two_files(struct file **a, struct file **b)
{
	struct task_struct *task = bpf_get_current_task_btf();

	*a = bpf_get_task_exe_file(task);
	if (!*a)
		return 0;
	*b = bpf_get_task_exe_file(task);
	if (!*b) {
		bpf_put_file(*a);
		return 0;
	}
	return 1;
}

/*
 * Make ptr from f.  Not inlined into one call with a selected argument:
 * each branch keeps its own call, so the branches merge after the dynptr
 * exists, at a prune point.
 */
#define FROM_FILE(f, ptr) do {					\
	bpf_dynptr_from_file(f, 0, ptr);			\
	asm volatile("" ::: "memory");				\
} while (0)

SEC("?lsm/file_open")
__flag(BPF_F_TEST_STATE_FREQ)
__description("S12: dynptr of file b or of file a, merged, then file a put (safe branch first)")
__failure __msg(LEAKING)
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)
__fixed_by(REFSAFE_PARENT)
int BPF_PROG(put_parent_after_merge_safe_first, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *a, *b;
	char c = 0;

	if (!get_two_files(&a, &b))
		return 0;
	if (coin())
		FROM_FILE(b, &ptr);
	else
		FROM_FILE(a, &ptr);
	bpf_put_file(a);
	bpf_dynptr_read(&c, sizeof(c), &ptr, 0, 0);
	bpf_dynptr_file_discard(&ptr);
	bpf_put_file(b);
	seen = c;
	return 0;
}

SEC("?lsm/file_open")
__flag(BPF_F_TEST_STATE_FREQ)
__description("S12: dynptr of file a or of file b, merged, then file a put (unsafe branch first)")
/* The unsafe branch is walked first: refused even without 41025f441fe6. */
__failure __msg(LEAKING)
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)
__fixed_by(SERIES_FIX)
int BPF_PROG(put_parent_after_merge_unsafe_first, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *a, *b;
	char c = 0;

	if (!get_two_files(&a, &b))
		return 0;
	if (coin())
		FROM_FILE(a, &ptr);
	else
		FROM_FILE(b, &ptr);
	bpf_put_file(a);
	bpf_dynptr_read(&c, sizeof(c), &ptr, 0, 0);
	bpf_dynptr_file_discard(&ptr);
	bpf_put_file(b);
	seen = c;
	return 0;
}

SEC("?lsm/file_open")
__flag(BPF_F_TEST_STATE_FREQ)
__description("S12: dynptr of the hook's file or of a held file, merged, then the held file put")
__failure __msg(LEAKING)
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)
__fixed_by(REFSAFE_PARENT)
int BPF_PROG(put_parent_after_merge_unreferenced_first, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *a;
	char c = 0;

	a = bpf_get_task_exe_file(bpf_get_current_task_btf());
	if (!a)
		return 0;
	if (coin())
		FROM_FILE(file, &ptr);
	else
		FROM_FILE(a, &ptr);
	bpf_put_file(a);
	bpf_dynptr_read(&c, sizeof(c), &ptr, 0, 0);
	bpf_dynptr_file_discard(&ptr);
	seen = c;
	return 0;
}

SEC("?lsm/file_open")
__flag(BPF_F_TEST_STATE_FREQ)
__description("S12: two dynptrs whose files swap between branches, one discarded, its file put")
__failure __msg(LEAKING)
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)
__fixed_by(REFSAFE_PARENT)
int BPF_PROG(put_parent_after_swapped_parents, struct file *file)
{
	struct bpf_dynptr x, y;
	struct file *a, *b;
	char c = 0;

	if (!get_two_files(&a, &b))
		return 0;
	if (coin()) {
		FROM_FILE(a, &x);
		FROM_FILE(b, &y);
	} else {
		FROM_FILE(b, &x);
		FROM_FILE(a, &y);
	}
	bpf_dynptr_file_discard(&x);
	bpf_put_file(a);
	bpf_dynptr_read(&c, sizeof(c), &y, 0, 0);
	bpf_dynptr_file_discard(&y);
	bpf_put_file(b);
	seen = c;
	return 0;
}

SEC("?lsm/file_open")
__flag(BPF_F_TEST_STATE_FREQ)
__description("S12: slice of a dynptr of file b or of file a, merged, read after file a is put")
__failure __msg(LEAKING)
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)
__needs_kfunc(bpf_dynptr_slice)
__fixed_by(REFSAFE_PARENT)
int BPF_PROG(slice_after_put_parent_after_merge, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *a, *b;
	char buf[1], *p;

	if (!get_two_files(&a, &b))
		return 0;
	if (coin())
		FROM_FILE(b, &ptr);
	else
		FROM_FILE(a, &ptr);
	p = bpf_dynptr_slice(&ptr, 0, buf, sizeof(buf));
	bpf_put_file(a);
	if (p)
		seen = *p;
	bpf_dynptr_file_discard(&ptr);
	bpf_put_file(b);
	return 0;
}

SEC("?lsm/file_open")
__flag(BPF_F_TEST_STATE_FREQ)
__description("S12 guard: dynptr of file b on both branches, file a put before the read")
__success
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)
int BPF_PROG(put_other_file_same_parent, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *a, *b;
	char c = 0;

	if (!get_two_files(&a, &b))
		return 0;
	if (coin())
		FROM_FILE(b, &ptr);
	else
		FROM_FILE(b, &ptr);
	bpf_put_file(a);
	bpf_dynptr_read(&c, sizeof(c), &ptr, 0, 0);
	bpf_dynptr_file_discard(&ptr);
	bpf_put_file(b);
	seen = c;
	return 0;
}

SEC("?lsm/file_open")
__flag(BPF_F_TEST_STATE_FREQ)
__description("S12 guard: dynptr of file b or of file a, discarded before either file is put")
__success
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)
int BPF_PROG(discard_before_put_after_merge, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *a, *b;
	char c = 0;

	if (!get_two_files(&a, &b))
		return 0;
	if (coin())
		FROM_FILE(b, &ptr);
	else
		FROM_FILE(a, &ptr);
	bpf_dynptr_read(&c, sizeof(c), &ptr, 0, 0);
	bpf_dynptr_file_discard(&ptr);
	bpf_put_file(a);
	bpf_put_file(b);
	seen = c;
	return 0;
}

SEC("?lsm/file_open")
__flag(BPF_F_TEST_STATE_FREQ)
__description("S12 guard: two dynptrs whose files swap between branches, both discarded first")
__success
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)
int BPF_PROG(discard_both_swapped_parents, struct file *file)
{
	struct bpf_dynptr x, y;
	struct file *a, *b;
	char c = 0;

	if (!get_two_files(&a, &b))
		return 0;
	if (coin()) {
		FROM_FILE(a, &x);
		FROM_FILE(b, &y);
	} else {
		FROM_FILE(b, &x);
		FROM_FILE(a, &y);
	}
	bpf_dynptr_read(&c, sizeof(c), &y, 0, 0);
	bpf_dynptr_file_discard(&x);
	bpf_dynptr_file_discard(&y);
	bpf_put_file(a);
	bpf_put_file(b);
	seen = c;
	return 0;
}
