/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The upstream fixes tests name (the FIXES file), and what a failing test
 * may claim about its fix on the kernel under test.
 */
#ifndef __BPF_REFS_FIXES_H
#define __BPF_REFS_FIXES_H

#include "bpf_refs.h"

/* One line of FIXES: an upstream fix and its first release. */
struct fix_entry {
	char id[FIX_ID_MAX];		/* sha12, or bug-<name> */
	int major, minor;		/* -1: in no release */
	char *subject;
};

struct fix_list {
	struct fix_entry *entries;
	int cnt;
};

/* What a failing test may say about the fix it names (fix_claim()). */
struct fix_claim {
	enum fix_status status;
	char release[16];
	char text[BPF_REFS_REASON_LEN / 2];
};

int fixes_load(struct fix_list *fixes, const char *path);
void fixes_free(struct fix_list *fixes);
enum fix_status fix_claim(const struct fix_list *fixes,
			  const struct kernel_version *kv, const char *fix,
			  struct fix_claim *claim);
const char *fix_status_str(enum fix_status st);

#endif /* __BPF_REFS_FIXES_H */
