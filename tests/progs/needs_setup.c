// SPDX-License-Identifier: GPL-2.0
/*
 * A test whose run needs setup code the runner lacks (upstream's
 * pre_execution_cb writes map values first): run with --needs-setup it
 * skips after its load verdict; without, its __retval is checked and
 * fails.  tests/engine_test.c runs it both ways.
 */
#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, int);
} set_up_by_test_code SEC(".maps");

/* 7 once the test code has written it; 0 as loaded */
SEC("?tc") __success __retval(7)
int retval_needs_setup(struct __sk_buff *skb)
{
	int key = 0, *v = bpf_map_lookup_elem(&set_up_by_test_code, &key);

	return v ? *v : -1;
}

/* A rejection is still judged. */
SEC("?tc") __failure __msg("invalid mem access")
int pass__rejection_still_judged(struct __sk_buff *skb)
{
	int key = skb->len, *v = bpf_map_lookup_elem(&set_up_by_test_code, &key);

	return *v;
}
