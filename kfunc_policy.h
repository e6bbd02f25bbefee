/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kfuncs the running kernel refuses by a policy of its own (a local
 * patch, an LSM), found by loading the minimal programs of
 * progs/kfunc_policy.c before any test runs: never read from the log of
 * the test that failed.
 */
#ifndef __BPF_REFS_KFUNC_POLICY_H
#define __BPF_REFS_KFUNC_POLICY_H

#include <linux/bpf.h>
#include "bpf_refs.h"

struct btf;
struct bpf_program;

/* One probe: a kfunc called from one program type. */
struct kfunc_probe {
	char kfunc[BPF_REFS_NAME_LEN];
	enum bpf_prog_type type;
	bool refused;
	int err;			/* the refused load's error */
	char why[BPF_REFS_REASON_LEN / 4];	/* the log's words */
};

struct kfunc_policy {
	struct kfunc_probe *probes;
	int cnt;
};

/*
 * Load each program of the probe object at path.  Returns 0, or -errno
 * when the object cannot be used (why says so; nothing is then known
 * refused).
 */
int kfunc_policy_probe(struct kfunc_policy *p, const char *path, char *why,
		       size_t len);
void kfunc_policy_free(struct kfunc_policy *p);
/*
 * What one probe showed: prog (named "<kfunc>__<type>") loaded with
 * load_err (0: accepted) after the verifier ran or not, and its log.
 */
void kfunc_probe_read(struct kfunc_probe *pr, const char *prog, int load_err,
		      bool verifier_ran, const char *log);
/*
 * The refusal that explains why prog (of a program type, loaded and
 * failed with load_err) was not accepted: it calls a kfunc the probes
 * found refused for that type (or, with no probe of that type, for any),
 * and failed with the probe's error.  NULL when none does.
 */
const struct kfunc_probe *kfunc_policy_refusal(const struct kfunc_policy *p,
					       const struct btf *vmlinux,
					       const struct bpf_program *prog,
					       int load_err);
/* "kernel refuses kfunc K in T programs (probe: E, 'why')" */
void kfunc_refusal_text(const struct kfunc_probe *r, char *buf, size_t len);

#endif /* __BPF_REFS_KFUNC_POLICY_H */
