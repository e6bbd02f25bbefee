// SPDX-License-Identifier: GPL-2.0
/*
 * A file dynptr (6.19) reads a file the program holds a reference on.
 * Dropping that reference with bpf_put_file() while the dynptr, or a
 * slice of it, is alive is a use after free waiting to happen; the fixed
 * verifier refuses the bpf_put_file() itself.  Before the fix nothing tied
 * the dynptr to the file: such programs were refused only when they also
 * leaked the dynptr, and accepted when they discarded it after the use.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include <bpf/bpf_tracing.h>

#define SERIES_FIX "308c7a0ae885 bpf: Refactor object relationship tracking and fix dynptr UAF bug"
#define LEAKING "Leaking reference id={{[0-9]+}} alloc_insn={{[0-9]+}}. Release it first."

char _license[] SEC("license") = "GPL";

char seen;

SEC("?lsm/file_open")
__description("S7: read a file dynptr after bpf_put_file(), never discarding it")
__failure __msg(LEAKING)
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file)
__fixed_by(SERIES_FIX)
int BPF_PROG(read_file_dynptr_after_put_file, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *exe;
	char c = 0;

	exe = bpf_get_task_exe_file(bpf_get_current_task_btf());
	if (!exe)
		return 0;
	bpf_dynptr_from_file(exe, 0, &ptr);
	bpf_put_file(exe);
	bpf_dynptr_read(&c, sizeof(c), &ptr, 0, 0);
	seen = c;
	return 0;
}

SEC("?lsm/file_open")
__description("S8: read a file dynptr's slice after bpf_put_file()")
__failure __msg(LEAKING)
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_slice)
__fixed_by(SERIES_FIX)
int BPF_PROG(read_file_slice_after_put_file, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *exe;
	char buf[1], *p;

	exe = bpf_get_task_exe_file(bpf_get_current_task_btf());
	if (!exe)
		return 0;
	bpf_dynptr_from_file(exe, 0, &ptr);
	p = bpf_dynptr_slice(&ptr, 0, buf, sizeof(buf));
	bpf_put_file(exe);
	if (p)
		seen = *p;
	return 0;
}

SEC("?lsm/file_open")
__description("S7 pure use after free: put the file, read the dynptr, then discard it")
__failure __msg(LEAKING)
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)
__fixed_by(SERIES_FIX)
int BPF_PROG(read_discarded_file_dynptr_after_put_file, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *exe;
	char c = 0;

	exe = bpf_get_task_exe_file(bpf_get_current_task_btf());
	if (!exe)
		return 0;
	bpf_dynptr_from_file(exe, 0, &ptr);
	bpf_put_file(exe);
	bpf_dynptr_read(&c, sizeof(c), &ptr, 0, 0);
	bpf_dynptr_file_discard(&ptr);
	seen = c;
	return 0;
}

SEC("?lsm/file_open")
__description("S8 pure use after free: slice, put the file, discard, read the slice")
__failure __msg(LEAKING)
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_file_discard)
__fixed_by(SERIES_FIX)
int BPF_PROG(read_file_slice_after_put_and_discard, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *exe;
	char buf[1], *p;

	exe = bpf_get_task_exe_file(bpf_get_current_task_btf());
	if (!exe)
		return 0;
	bpf_dynptr_from_file(exe, 0, &ptr);
	p = bpf_dynptr_slice(&ptr, 0, buf, sizeof(buf));
	bpf_put_file(exe);
	bpf_dynptr_file_discard(&ptr);
	if (p)
		seen = *p;
	return 0;
}

SEC("?lsm/file_open")
__description("S7 guard: read, discard the dynptr, then put the file")
__success
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_file_discard)
int BPF_PROG(read_discard_then_put_file, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *exe;
	char c = 0;

	exe = bpf_get_task_exe_file(bpf_get_current_task_btf());
	if (!exe)
		return 0;
	bpf_dynptr_from_file(exe, 0, &ptr);
	bpf_dynptr_read(&c, sizeof(c), &ptr, 0, 0);
	bpf_dynptr_file_discard(&ptr);
	bpf_put_file(exe);
	seen = c;
	return 0;
}

SEC("?lsm/file_open")
__description("S8 guard: use a slice, discard the dynptr, then put the file")
__success
__needs_kfunc(bpf_get_task_exe_file) __needs_kfunc(bpf_put_file)
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_file_discard)
int BPF_PROG(slice_discard_then_put_file, struct file *file)
{
	struct bpf_dynptr ptr;
	struct file *exe;
	char buf[1], *p;

	exe = bpf_get_task_exe_file(bpf_get_current_task_btf());
	if (!exe)
		return 0;
	bpf_dynptr_from_file(exe, 0, &ptr);
	p = bpf_dynptr_slice(&ptr, 0, buf, sizeof(buf));
	if (p)
		seen = *p;
	bpf_dynptr_file_discard(&ptr);
	bpf_put_file(exe);
	return 0;
}

/*
 * Found by tools/fuzz/fuzzgen (docs/fuzz.md).  The slice is a copy in the
 * program's own buffer, so reading it frees nothing: this is the series'
 * rule that a slice dies with its dynptr, which 6.19 to 7.1 lack.
 */
SEC("?lsm/file_open")
__description("read a file dynptr's slice after bpf_dynptr_file_discard()")
__failure __msg("invalid mem access 'scalar'")
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_file_discard)
__fixed_by(SERIES_FIX)
int BPF_PROG(slice_after_file_discard, struct file *file)
{
	struct bpf_dynptr ptr;
	char buf[1], *p;

	bpf_dynptr_from_file(file, 0, &ptr);
	p = bpf_dynptr_slice(&ptr, 0, buf, sizeof(buf));
	bpf_dynptr_file_discard(&ptr);
	if (p)
		seen = *p;
	return 0;
}

SEC("?lsm/file_open")
__description("guard: read a file dynptr's slice, then discard the dynptr")
__success
__needs_kfunc(bpf_dynptr_from_file) __needs_kfunc(bpf_dynptr_slice)
__needs_kfunc(bpf_dynptr_file_discard)
int BPF_PROG(slice_before_file_discard, struct file *file)
{
	struct bpf_dynptr ptr;
	char buf[1], *p;

	bpf_dynptr_from_file(file, 0, &ptr);
	p = bpf_dynptr_slice(&ptr, 0, buf, sizeof(buf));
	if (p)
		seen = *p;
	bpf_dynptr_file_discard(&ptr);
	return 0;
}
