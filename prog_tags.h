/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The annotation tags of a test program (__success, __failure, __msg(),
 * __retval(), __needs_kfunc(), __fixed_by(), ...), as BTF decl tags of
 * the program, read into the struct test_spec that the engine runs.
 */
#ifndef __BPF_REFS_PROG_TAGS_H
#define __BPF_REFS_PROG_TAGS_H

#include "bpf_refs.h"

/* The bytes a test run of __retval() gets in (upstream's TEST_DATA_LEN). */
#define SPEC_TEST_DATA_LEN	64

/* The arches of __arch_*() (upstream's names: X86_64, ARM64, ...). */
enum {
	SPEC_ARCH_X86_64	= 1 << 0,
	SPEC_ARCH_ARM64		= 1 << 1,
	SPEC_ARCH_RISCV64	= 1 << 2,
	SPEC_ARCH_S390X		= 1 << 3,
	SPEC_ARCH_LOONGARCH	= 1 << 4,
};

/* __load_if_JITed() and __load_if_no_JITed(). */
enum {
	SPEC_LOAD_ANY,
	SPEC_LOAD_JITED,
	SPEC_LOAD_NO_JITED,
};

/* The SPEC_ARCH_* the runner was built for (0: none of them). */
__u32 spec_arch_current(void);
/* The upstream names of the arches in mask: "X86_64, ARM64". */
void spec_arch_names(__u32 mask, char *buf, size_t len);

int test_spec_add_tag(struct test_spec *spec, const char *tag);
void test_spec_free(struct test_spec *spec);

#endif /* __BPF_REFS_PROG_TAGS_H */
