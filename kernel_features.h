/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel feature probes: what the running kernel offers, never guessed;
 * and its version.
 */
#ifndef __BPF_REFS_KERNEL_FEATURES_H
#define __BPF_REFS_KERNEL_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include "bpf_refs.h"

struct btf;
struct module_btfs;

struct features {
	struct btf *vmlinux_btf;	/* NULL: the kernel has no BTF */
	int vmlinux_btf_err;
	struct module_btfs *modules;	/* read on first need */
	/*
	 * What upstream's test_loader loads every test with: those of
	 * BPF_F_TEST_RND_HI32 and BPF_F_TEST_REG_INVARIANTS the kernel takes.
	 */
	__u32 test_prog_flags;
};

void features_init(struct features *f);
void features_free(struct features *f);
bool features_have_kfunc(const struct features *f, const char *name);
bool features_have_struct_ops(const struct features *f, const char *name);
int features_missing(const struct features *f, const struct test_spec *spec,
		     enum bpf_prog_type type, const char *sec, char *reason,
		     size_t len);
const char *privilege_problem(void);
bool features_skip_without_sys_admin(struct test_result *res, const char *what);
/* The first line of a small file (a sysctl), without its newline. */
int read_small_file(const char *path, char *buf, size_t len);
int kernel_version(struct kernel_version *kv, char *release, size_t len);

#endif /* __BPF_REFS_KERNEL_FEATURES_H */
