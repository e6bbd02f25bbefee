// SPDX-License-Identifier: GPL-2.0
/*
 * An object as upstream writes them: no __needs_*() anywhere.  What the
 * kernel lacks (a kfunc, an attach target, a struct_ops type) skips the
 * tests that need it, naming it; a missing kfunc never lets a __failure
 * test pass.  A missing struct_ops type: upstream_struct_ops.c.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

char _license[] SEC("license") = "GPL";

extern int bpf_refs_no_such_kfunc(void) __weak __ksym;

SEC("?tc") __failure __msg("invalid")
int skip__calls_missing_kfunc(struct __sk_buff *skb)
{
	bpf_refs_no_such_kfunc();
	return 0;
}

SEC("?tc") __success
int pass__calls_no_kfunc(struct __sk_buff *skb)
{
	return 0;
}

SEC("?fentry/bpf_refs_no_such_function") __success
int skip__missing_fentry_target(void *ctx)
{
	return 0;
}

SEC("?tp_btf/bpf_refs_no_such_tracepoint") __success
int skip__missing_tp_btf_target(void *ctx)
{
	return 0;
}
