// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime probe of a slice that aliases its stack buffer (no verifier
 * annotations: prog_tests/runtime_slice_buffer.c loads and runs it).
 *
 * An xdp.frags program slices 8 bytes across the end of the linear part,
 * so bpf_dynptr_slice_rdwr() copies them into the stack buffer and returns
 * the buffer.  It spills &probe (a map value pointer) into the buffer,
 * adds 8 to it through the slice, fills it back and stores a mark through
 * it.  The verifier checks that store against probe.target; where it
 * lands shows what the program really wrote to.
 */
#include "bpf_refs_kfuncs.h"

#define PROBE_MARK	0x5ca1ab1e

char _license[] SEC("license") = "GPL";

struct {
	__u64 target;
	__u64 neighbour;
	__u32 ran;
} probe;

SEC("?xdp.frags")
int rt_spill_rewritten_through_slice(struct xdp_md *ctx)
{
	struct bpf_dynptr d;
	__u64 buf = 0, lin;
	void *p;

	/* length of the linear part: data_end - data */
	asm volatile("%[l] = *(u32 *)(%[c] + 4);"
		     "r1 = *(u32 *)(%[c] + 0);"
		     "%[l] -= r1;"
		     : [l] "=r"(lin) : [c] "r"(ctx) : "r1");
	if (lin < 8 || lin > 65536)
		return XDP_ABORTED;
	bpf_dynptr_from_xdp(ctx, 0, &d);
	p = bpf_dynptr_slice_rdwr(&d, lin - 4, &buf, sizeof(buf));
	if (!p)
		return XDP_DROP;
	probe.ran = 1;
	asm volatile("*(u64 *)(%[b] + 0) = %[t];"
		     "r1 = *(u64 *)(%[p] + 0);"
		     "r1 += 8;"
		     "*(u64 *)(%[p] + 0) = r1;"
		     "r1 = *(u64 *)(%[b] + 0);"
		     "r2 = %[m];"
		     "*(u64 *)(r1 + 0) = r2;"
		     : : [b] "r"(&buf), [t] "r"(&probe), [p] "r"(p),
		       [m] "i"(PROBE_MARK)
		     : "r1", "r2", "memory");
	return XDP_PASS;
}
