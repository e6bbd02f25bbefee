// SPDX-License-Identifier: GPL-2.0
/*
 * An __auxiliary program the verifier rejects, loaded with every test of
 * the object: libbpf's error for the object is not the verdict on the
 * program under test, which the verifier accepted.  Every test fails.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "unit_progs.h"

char _license[] SEC("license") = "GPL";

SEC("?tc") __failure
int fail__safe_failure_first(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __failure
int fail__safe_failure_second(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __success
int fail__success_with_rejected_auxiliary(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __auxiliary
int rejected_auxiliary(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}
