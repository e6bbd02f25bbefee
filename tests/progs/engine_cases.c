// SPDX-License-Identifier: GPL-2.0
/*
 * Programs for the engine's unit tests.  The prefix of each name is the
 * verdict the engine must reach (pass__, fail__, skip__): most of these
 * annotations are deliberately wrong, to prove each failure path.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "unit_progs.h"

char _license[] SEC("license") = "GPL";

extern int bpf_refs_no_such_kfunc(void) __weak __ksym;

SEC("?tc") __success
int pass__success_accepted(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __success
int fail__success_but_rejected(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

SEC("?tc") __failure __msg("Expected an initialized dynptr")
int pass__failure_rejected_with_msg(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

SEC("?tc") __failure __msg("processed")
int fail__failure_but_accepted(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __failure __msg("no verifier prints this")
int fail__msg_missing(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

SEC("?tc") __failure __msg("processed") __msg("Expected an initialized dynptr")
int fail__msgs_out_of_order(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

SEC("?tc") __failure __msg("Expected an initialized dynptr")
__msg("processed {{[0-9]+}} insns")
int pass__msgs_in_order_with_regex(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

SEC("?tc") __failure
__regex("Expected an initialized dynptr as (arg #[0-9]+|R[0-9])")
int pass__whole_regex(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

/* Messages are matched in source order, whatever their kind. */
SEC("?tc") __failure
__regex("Expected an initialized dynptr as (arg #[0-9]+|R[0-9])")
__msg("processed {{[0-9]+}} insns")
int pass__regex_then_msg_in_log_order(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

SEC("?tc") __failure __regex("processed [0-9]+ insns")
__msg("Expected an initialized dynptr")
int fail__regex_then_msg_out_of_log_order(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

/*
 * The verifier walks every iteration of a bounded loop: its level-2 log
 * (register states at each instruction) is several MiB.
 */
SEC("?tc") __success __log_level(2)
int pass__log_larger_than_1mib(struct __sk_buff *skb)
{
	return walk_rounds(skb, 1000);
}

SEC("?tc") __failure __regex("(unclosed")
int fail__malformed_regex(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

SEC("?tc") __success __retval(7)
int pass__retval(struct __sk_buff *skb)
{
	return 7;
}

SEC("?tc") __success __retval(8)
int fail__retval_mismatch(struct __sk_buff *skb)
{
	return 7;
}

SEC("?tc") __success __needs_kfunc(bpf_refs_no_such_kfunc)
int skip__missing_kfunc(struct __sk_buff *skb)
{
	return bpf_refs_no_such_kfunc();
}

SEC("?tc") __failure __msg("invalid")
int fail__unannotated_missing_kfunc(struct __sk_buff *skb)
{
	bpf_refs_no_such_kfunc();
	return 0;
}

SEC("?tc") __success __needs_struct_ops(bpf_refs_no_such_ops)
int skip__missing_struct_ops(struct __sk_buff *skb)
{
	return 0;
}

SEC("?raw_tp") __success __needs_helper(bpf_skb_load_bytes)
int skip__helper_not_for_prog_type(void *ctx)
{
	return 0;
}

SEC("?tc") __success __needs_helper(bpf_no_such_helper)
int fail__unknown_helper_name(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __failure __msg("processed")
__fixed_by("0123456789ab bpf: A fix this kernel lacks")
int fail__regression_names_fix(struct __sk_buff *skb)
{
	return 0;
}

/* A 4-byte packet load at offset 1: only strict alignment rejects it. */
static __always_inline int load_unaligned(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;

	if (data + 8 > end)
		return 0;
	return *(__u32 *)(data + 1) ? 1 : 0;
}

SEC("?tc") __failure __flag(BPF_F_STRICT_ALIGNMENT) __msg("misaligned")
int pass__flag_applied(struct __sk_buff *skb)
{
	return load_unaligned(skb);
}

SEC("?tc") __success
int pass__flag_absent(struct __sk_buff *skb)
{
	return load_unaligned(skb);
}

SEC("?tc") __auxiliary
int auxiliary_not_a_test(struct __sk_buff *skb)
{
	return 0;
}

/* As upstream's test_loader: a program without tags is a __success test. */
SEC("?tc")
int pass__unannotated_is_a_success_test(struct __sk_buff *skb)
{
	return 0;
}

/*
 * As upstream's test_loader, a run gets 64 bytes of data, which raw_tp
 * refuses: the test fails in both runners.
 */
SEC("?raw_tp") __success __retval(3)
int fail__retval_raw_tp_refuses_data(void *ctx)
{
	return 3;
}

/* The data of a run is upstream's: 64 bytes, every one zero. */
SEC("?tc") __success __retval(64)
int pass__retval_run_gets_64_bytes(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("?tc") __success __retval(0)
int pass__retval_run_gets_zeros(struct __sk_buff *skb)
{
	__u64 w[8], any = 0;
	int i;

	if (bpf_skb_load_bytes(skb, 0, w, sizeof(w)))
		return -1;
	for (i = 0; i < 8; i++)
		any |= w[i];
	return any != 0;
}

SEC("?tc") __success __needs_struct_ops(bpf_refs_no_such_ops)
__needs_kfunc(bpf_refs_no_such_kfunc)
int skip__struct_ops_reason_first(struct __sk_buff *skb)
{
	return 0;
}

/*
 * Many tags on one program: 70 messages (the empty regex matches
 * anywhere), then the last message, then the verdict.  None may be lost:
 * the first program passes only if its verdict is seen, the second fails
 * only if its last message is checked.
 */
SEC("?tc")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("Expected an initialized dynptr") __failure
int pass__70_msgs_then_verdict(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

SEC("?tc")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}") __msg("{{}}")
__msg("no verifier prints this") __failure
int fail__70_msgs_last_one_missing(struct __sk_buff *skb)
{
	return read_uninit_dynptr();
}

/* One need too many: a loud failure naming the limit, verdict last. */
SEC("?tc")
__needs_helper(bpf_map_lookup_elem) __needs_helper(bpf_map_update_elem)
__needs_helper(bpf_map_delete_elem) __needs_helper(bpf_ktime_get_ns)
__needs_helper(bpf_get_prandom_u32) __needs_helper(bpf_skb_load_bytes)
__needs_helper(bpf_skb_store_bytes) __needs_helper(bpf_csum_diff)
__needs_helper(bpf_get_smp_processor_id) __success
int fail__nine_needs_helper(struct __sk_buff *skb)
{
	return 0;
}

/* r0 is 32 bits: 0x100000000 is no value it can have, not 0. */
SEC("?tc") __success __retval(0x100000000)
int fail__retval_over_32_bits(struct __sk_buff *skb)
{
	return 0;
}

SEC("?tc") __success __retval(0xffffffff)
int pass__retval_unsigned_32_bits(struct __sk_buff *skb)
{
	return -1;
}

/* Both verdicts: whichever comes last must not win. */
SEC("?tc") __failure __success
int fail__failure_and_success(struct __sk_buff *skb)
{
	return 0;
}

/* Test tags without a verdict: a success test, as upstream. */
SEC("?tc") __msg("processed")
int pass__msg_without_verdict(struct __sk_buff *skb)
{
	return 0;
}

/* Annotations are bytes: the JSON file must stay valid UTF-8. */
SEC("?tc") __success __description("bad byte \xff here")
int pass__description_not_utf8(struct __sk_buff *skb)
{
	return 0;
}

/* Passes, naming the fix that fail__regression_names_fix names too. */
SEC("?tc") __success
__fixed_by("0123456789ab bpf: A fix this kernel lacks")
int pass__names_fix(struct __sk_buff *skb)
{
	return 0;
}

/* Passes, naming a fix and the later change that made its bug. */
SEC("?tc") __success
__fixed_by("aaaaaaaaaaaa bpf: Released fix")
__broken_by("cccccccccccc bpf: Two-digit minor")
int pass__bug_made_later(struct __sk_buff *skb)
{
	return 0;
}

/*
 * Calls bpf_dynptr_from_skb() and then reads through an uninitialized
 * dynptr: rejected (EINVAL) on every kernel with the kfunc, so a probe
 * fixture can pretend the kernel refuses the kfunc with that error.
 */
SEC("?tc") __success __needs_kfunc(bpf_dynptr_from_skb)
int fail__calls_kfunc_then_rejected(struct __sk_buff *skb)
{
	struct bpf_dynptr d;

	bpf_dynptr_from_skb(skb, 0, &d);
	return read_uninit_dynptr();
}
