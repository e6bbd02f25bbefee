// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream's test_loader semantics the engine follows, and the bad input
 * that once gave a false pass.  The prefix of each name is the verdict
 * the engine must reach (pass__, fail__, skip__); the programs named
 * otherwise are checked one by one in tests/engine_test.c.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "unit_progs.h"

char _license[] SEC("license") = "GPL";

/* upstream's tags that bpf_refs_misc.h does not write */
#define __failure_unpriv	__bpf_refs_tag("test_expect_failure_unpriv")
#define __xlated(m)		__bpf_refs_tag("test_expect_xlated=" m)
#define __arch(a)		__bpf_refs_tag("test_arch=" a)
#define __load_if_no_JITed()	__bpf_refs_tag("load_mode=no_jited")

/*
 * Safe, with a level-1 log of several MiB: the kernel ends the load with
 * ENOSPC however little of the log is left, which is no rejection.
 */
SEC("?tc") __failure __log_level(1)
int fail__safe_failure_with_big_level1_log(struct __sk_buff *skb)
{
	return walk_rounds(skb, 8000);
}

/* An empty message is in every log: it would check nothing. */
SEC("?tc") __failure __msg("")
int fail__empty_msg(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

/* The instruction is printed at level 1 only: libbpf's log of a rejection. */
SEC("?tc") __failure __msg("call bpf_dynptr_read")
int pass__msg_of_the_level1_trace(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

/* A name the runner cannot hold whole could take another's verdict. */
SEC("?tc") __failure
#define PASTE4(a, b, c, d)	a##b##c##d
int PASTE4(fail__a_name_longer_than_the_runner_holds_,
	   _0123456789abcdef0123456789abcdef0123456789abcdef,
	   _0123456789abcdef0123456789abcdef0123456789abcdef,
	   _0123456789)(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

SEC("?tc") __success __xlated("r0 = 0")
int skip__xlated_is_not_checked(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __success __bpf_refs_tag("test_no_such_tag=1")
int skip__unknown_tag(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __success __arch("LOONGARCH")
int skip__other_arch(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __success __arch("X86_64") __arch("ARM64") __arch("s390x")
int pass__one_of_these_arches(struct __sk_buff *skb)
{
	return 0;
}

/* the verdict depends on the JIT: tests/engine_test.c */
SEC("?tc") __success __load_if_no_JITed()
int jit__load_if_no_jited(struct __sk_buff *skb)
{
	return 0;
}

/* Only the run without privileges is asked for: never run privileged. */
SEC("?tc") __failure_unpriv
int skip__unpriv_only(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __success __failure_unpriv
int pass__priv_and_unpriv(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __success __retval(0xbadcafe)
int pass__retval_pointer_value_is_any(struct __sk_buff *skb)
{
	return 1;
}

SEC("?tc") __success __bpf_refs_tag("test_retval=_INT_MIN")
int pass__retval_int_min(struct __sk_buff *skb)
{
	return -__INT_MAX__ - 1;
}

/* A test run gets data for every type that takes it. */
SEC("?cgroup_skb/ingress") __success __retval(1)
int pass__retval_cgroup_skb(struct __sk_buff *skb)
{
	return 1;
}

/*
 * An ELF symbol that is not the BTF name of its function: the tags of the
 * BTF FUNC of that name (none, or another program's) are not its own.
 */
SEC("?tc") __failure
int btf_name_of_renamed(struct __sk_buff *skb) __asm__("fail__renamed_symbol");
int btf_name_of_renamed(struct __sk_buff *skb)
{
	return 0;
}
