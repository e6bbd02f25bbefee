/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The annotation tags of a test program (__success, __failure, __msg(),
 * __retval(), __needs_kfunc(), __fixed_by(), ...), as BTF decl tags of
 * the program, read into the struct test_spec that the engine runs.
 */
#ifndef __BPF_REFS_PROG_TAGS_H
#define __BPF_REFS_PROG_TAGS_H

#include "bpf_refs.h"

int test_spec_add_tag(struct test_spec *spec, const char *tag);
void test_spec_free(struct test_spec *spec);

#endif /* __BPF_REFS_PROG_TAGS_H */
