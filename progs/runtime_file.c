// SPDX-License-Identifier: GPL-2.0
/*
 * Program of the runtime_file probe (prog_tests/runtime_file.c): the pure
 * use-after-free variant of S7.  On a file_open of the probe's own
 * process it makes a file dynptr of the task's executable, drops the file
 * reference with bpf_put_file(), then reads through the dynptr and only
 * then discards it, so no reference leaks and only the stale read is
 * wrong.  Only a kernel without 308c7a0ae885 accepts it.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "GPL";

__u32 target_tgid;
__u32 stale_reads;
__u32 stale_byte;

SEC("lsm/file_open")
int BPF_PROG(rt_read_after_put_file, struct file *opened)
{
	struct task_struct *task;
	struct bpf_dynptr dptr;
	struct file *exe;
	__u8 byte;

	if ((bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	task = bpf_get_current_task_btf();
	exe = bpf_get_task_exe_file(task);
	if (!exe)
		return 0;
	if (bpf_dynptr_from_file(exe, 0, &dptr)) {
		bpf_dynptr_file_discard(&dptr);
		bpf_put_file(exe);
		return 0;
	}
	bpf_put_file(exe);
	if (!bpf_dynptr_read(&byte, 1, &dptr, 0, 0)) {
		stale_reads++;
		stale_byte = byte;
	}
	bpf_dynptr_file_discard(&dptr);
	return 0;
}
