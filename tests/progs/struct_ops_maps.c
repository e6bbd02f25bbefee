// SPDX-License-Identifier: GPL-2.0
/*
 * Two struct_ops maps, each holding one program; the first program is
 * rejected.  libbpf (1.4 and later) loads every program that a created
 * map holds, whatever its autoload: the test of the second program must
 * create only its own map, or the first one's rejection fails it.
 * bpf_dummy_ops is the kernel's struct_ops type for tests.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "unit_progs.h"

char _license[] SEC("license") = "GPL";

struct bpf_dummy_ops_state {
	int val;
};

struct bpf_dummy_ops {
	int (*test_1)(struct bpf_dummy_ops_state *cb);
};

SEC("struct_ops/test_1") __failure
__needs_struct_ops(bpf_dummy_ops)
int pass__rejected_in_the_first_map(unsigned long long *ctx)
{
	return read_uninit_dynptr();
}

SEC("struct_ops/test_1") __success __needs_struct_ops(bpf_dummy_ops)
int pass__accepted_in_the_second_map(unsigned long long *ctx)
{
	return 0;
}

SEC(".struct_ops")
struct bpf_dummy_ops first = {
	.test_1 = (void *)pass__rejected_in_the_first_map,
};

SEC(".struct_ops")
struct bpf_dummy_ops second = {
	.test_1 = (void *)pass__accepted_in_the_second_map,
};
