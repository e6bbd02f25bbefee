// SPDX-License-Identifier: GPL-2.0
/*
 * An upstream-style object (no __needs_*()) with a struct_ops map of a
 * type the kernel lacks.  libbpf 1.1 prepares every struct_ops map of an
 * object whatever program loads, so each test skips naming the type.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

char _license[] SEC("license") = "GPL";

struct bpf_refs_no_such_ops {
	int (*fn)(void);
};

SEC("?struct_ops/fn") __success
int skip__missing_struct_ops_type(void *ctx)
{
	return 0;
}

SEC(".struct_ops")
struct bpf_refs_no_such_ops bpf_refs_ops = {
	.fn = (void *)skip__missing_struct_ops_type,
};
