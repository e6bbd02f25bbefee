// SPDX-License-Identifier: GPL-2.0
/*
 * An auxiliary program of both runs (__auxiliary __auxiliary_unpriv, as
 * upstream's verifier_unpriv.c) in a slot of a program array: libbpf
 * fills the slot with it, so it must load with every privileged test.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

#define __auxiliary_unpriv	__bpf_refs_tag("test_auxiliary_unpriv")

char _license[] SEC("license") = "GPL";

SEC("tc") __auxiliary __auxiliary_unpriv
int tail_target(struct __sk_buff *skb)
{
	return 42;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, int (struct __sk_buff *));
} jmp_table SEC(".maps") = {
	.values = { [0] = (void *)&tail_target },
};

SEC("?tc") __success __retval(42)
int pass__tail_call_into_auxiliary(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jmp_table, 0);
	return 0;
}
