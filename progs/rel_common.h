/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared pieces of the relationship matrix objects (progs/rel_*.c).
 *
 * Every access that the verifier must or must not allow after an object was
 * destroyed is written in inline assembly, so the compiler keeps it after
 * the destruction and the verifier sees the order the source shows.
 */
#ifndef __REL_COMMON_H
#define __REL_COMMON_H

#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
#include "bpf_refs_pkt.h"

/* Destroy the dynptr at d by a 4-byte store into its first stack slot. */
static __always_inline void rel_clobber(void *d)
{
	asm volatile("*(u32 *)(%[d] + 0) = %[z]"
		     : : [d] "r"(d), [z] "r"((__u64)0) : "memory");
}

/* Write one byte through a slice. */
static __always_inline void rel_write(void *p, __u8 v)
{
	asm volatile("*(u8 *)(%[p] + 0) = %[x]"
		     : : [p] "r"(p), [x] "r"((__u64)v) : "memory");
}

/* Read one byte through a slice. */
static __always_inline __u8 rel_read(const void *p)
{
	__u64 v;

	asm volatile("%[x] = *(u8 *)(%[p] + 0)"
		     : [x] "=r"(v) : [p] "r"(p) : "memory");
	return v;
}

/* The messages of rejected programs, stable across kernel versions. */
#define REL_MSG_DEAD_DYNPTR	"Expected an initialized dynptr as"
#define REL_MSG_DEAD_SLICE	"invalid mem access 'scalar'"

/* Global subprogs that change packet data invalidate the caller's slices. */
#define FIX_GLOBAL_PKT_DATA \
	"51081a3f25c7 bpf: track changes_pkt_data property for global functions"
#define REL_MSG_OVERWRITE_REF	"cannot overwrite referenced dynptr"
/* 7.1's word for a release of a dynptr that an allowed overwrite ended */
#define REL_MSG_UNACQUIRED	"arg [0-9]+ is an unacquired reference"

/*
 * Subprograms the matrix calls to make or destroy a child in another
 * frame; an object that does not call one still compiles.
 */
static __noinline __maybe_unused
int clone_into(struct bpf_dynptr *src, struct bpf_dynptr *dst)
{
	return bpf_dynptr_clone(src, dst);
}

static __noinline __maybe_unused
int clobber_in_callee(struct bpf_dynptr *d)
{
	rel_clobber(d);
	return 0;
}

static __noinline __maybe_unused
__u8 *proto_slice_in_callee(struct bpf_dynptr *d)
{
	return bpf_dynptr_slice(d, REL_PROTO_OFF, NULL, 2);
}

#endif /* __REL_COMMON_H */
