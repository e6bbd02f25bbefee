// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime probe of the file dynptr after bpf_put_file() (S7, pure use
 * after free variant, progs/runtime_file.c).  Feature-probed first (file
 * dynptr kfuncs, 6.19), then loaded: a verifier that rejects it passes.
 * One that accepts it is run only where a crash is acceptable (vmtest
 * guest or --allow-crash): attached to lsm/file_open, filtered on the
 * probe's own process, triggered by a bounded number of opens.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "runtime_util.h"

#define FILE_OPENS	4

struct file_bss {
	__u32 target_tgid;
	__u32 stale_reads;
	__u32 stale_byte;
};

static void put_file_then_read(struct run_ctx *ctx)
{
	static const char *const kfuncs[] = {
		"bpf_dynptr_from_file", "bpf_dynptr_file_discard",
		"bpf_get_task_exe_file", "bpf_put_file", NULL
	};
	struct file_bss bss = { .target_tgid = getpid() };
	struct test_result res;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	int i, fd, err;

	if (!rt_begin(ctx, &res, "put_file_then_read", RT_SERIES_FIX))
		return;
	if (rt_missing(ctx, kfuncs, NULL, BPF_PROG_TYPE_LSM, &res))
		goto out;
	obj = rt_load_unsafe(ctx, "runtime_file", "rt_read_after_put_file", &res);
	if (!obj)
		goto out;
	err = rt_bss_set(obj, &bss, sizeof(bss));
	prog = bpf_object__find_program_by_name(obj, "rt_read_after_put_file");
	link = err ? NULL : bpf_program__attach_lsm(prog);
	if (!link) {
		rt_set(&res, TEST_SKIP,
		       "verifier accepted the unsafe program; cannot attach it to lsm/file_open (BPF LSM not active?): %s",
		       strerror(err ? -err : errno));
		goto close;
	}
	for (i = 0; i < FILE_OPENS; i++) {
		fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			close(fd);
	}
	bpf_link__destroy(link);
	err = rt_bss(obj, &bss, sizeof(bss));
	if (err)
		rt_set(&res, TEST_FAIL,
		       "verifier accepted the unsafe program; reading its results: %s",
		       strerror(-err));
	else
		rt_set(&res, TEST_FAIL,
		       "verifier accepted the unsafe program; %u of %d opens read the file dynptr after bpf_put_file",
		       bss.stale_reads, FILE_OPENS);
close:
	bpf_object__close(obj);
out:
	rt_end(ctx, &res);
}

static void test_runtime_file(struct run_ctx *ctx)
{
	static const char *const subs[] = { "put_file_then_read" };

	if (!rt_plan(ctx, subs, 1))
		return;
	put_file_then_read(ctx);
}

RUN_PROBES(runtime_file);
