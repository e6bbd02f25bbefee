// SPDX-License-Identifier: GPL-2.0
/*
 * An upstream-style object (no __needs_*()) with a strong extern kfunc
 * the kernel lacks: libbpf cannot load any program of it, and each test
 * skips naming the kfunc.  The __failure test must not pass.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

char _license[] SEC("license") = "GPL";

extern int bpf_refs_no_such_strong_kfunc(int arg) __ksym;

SEC("?tc") __failure __msg("invalid")
int skip__calls_missing_strong_kfunc(struct __sk_buff *skb)
{
	bpf_refs_no_such_strong_kfunc(0);
	return 0;
}
