/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by the modules of the bpf_refs runner and its unit tests.
 * The functions of each module, and the types only it uses, are in the
 * module's own header.
 */
#ifndef __BPF_REFS_H
#define __BPF_REFS_H

#include <stdbool.h>
#include <string.h>
#include <linux/types.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

/*
 * __needs_kfunc(), __needs_helper() and __needs_struct_ops() each, per
 * program: a program that names more fails loudly ("bad annotation"),
 * it is never cut short.  __msg() and __regex() have no limit.
 */
#define BPF_REFS_MAX_NEEDS	8
#define BPF_REFS_NAME_LEN	128
#define BPF_REFS_REASON_LEN	512

enum test_status {
	TEST_PASS,
	TEST_FAIL,
	TEST_SKIP,
	TEST_XFAIL,
	TEST_XPASS,
};

/* What the kernel under test has of the upstream fix a test names. */
enum fix_status {
	FIX_NOT_NAMED,		/* the test names no fix */
	FIX_LACKS,		/* the kernel predates the fix's first release */
	FIX_HAS,		/* the kernel is at or past that release */
	FIX_UNRELEASED,		/* no upstream release has the fix */
	FIX_UNKNOWN,		/* the fix is not in FIXES */
};

/* From Linux 6.8's uapi, newer than Debian 12's headers (bit 7). */
#ifndef BPF_F_TEST_REG_INVARIANTS
#define BPF_F_TEST_REG_INVARIANTS	0x80U
#endif

/* What the annotations of one program ask for. */
struct test_spec {
	bool auxiliary;			/* __auxiliary or __auxiliary_unpriv */
	bool expect_failure;		/* __failure; __success or nothing: false */
	bool has_success, has_failure;	/* both: a spec error */
	bool priv;			/* a tag of the privileged run */
	bool unpriv;			/* a *_unpriv tag: an unprivileged run */
	bool aux_priv;			/* __auxiliary: loaded with the tests */
	bool has_needs;			/* any __needs_*() tag */
	bool has_retval;
	bool retval_any;		/* __retval(POINTER_VALUE): run, any r0 */
	int retval;
	int log_level;
	__u32 prog_flags;
	__u32 prog_flags_clear;		/* __flag(!F): not even by default */
	__u32 arch_mask;		/* __arch_*(): SPEC_ARCH_*, 0 any */
	int load_mode;			/* __load_if_*JITed(): SPEC_LOAD_* */
	char *unchecked;		/* the first tag the engine cannot check */
	int msg_cnt, msg_cap;
	char **msgs;			/* substrings with {{re}}, or a regex */
	bool *msg_is_regex;
	bool *msg_negative;		/* __not_msg(): must not be there */
	char *error;			/* the first bad tag: what is wrong */
	int kfunc_cnt, helper_cnt, struct_ops_cnt;
	char *kfuncs[BPF_REFS_MAX_NEEDS];
	char *helpers[BPF_REFS_MAX_NEEDS];
	char *struct_ops[BPF_REFS_MAX_NEEDS];
	char *description;
	char *fixed_by;
	char *broken_by;		/* the change that made the bug, or NULL */
};

/* Where what a test was expected to do on this kernel came from. */
enum expect_source {
	EXPECT_NONE,		/* nothing said: it must pass */
	EXPECT_DERIVED,		/* its __fixed_by and FIXES (--xfail auto) */
	EXPECT_LIST,		/* an entry of the xfail list */
	EXPECT_PROBE,		/* a probe of the kernel: it refuses a kfunc */
};

/* The FIXES id a fix name ("<sha|bug-label> <subject>") starts with. */
#define FIX_ID_MAX	48

struct expectation {
	enum expect_source source;
	bool fail;		/* expected to fail (XFAIL) */
	bool carried;		/* passed where the kernel's release lacks fix */
	char fix[FIX_ID_MAX];	/* the fix it hinges on, or "" */
};

/* Fields of the verifier's closing statistics; -1 where absent. */
struct verifier_stats {
	long long insns;
	long long insn_limit;
	long long max_states_per_insn;
	long long total_states;
	long long peak_states;
	long long mark_read;
	long long verification_time_us;
	char stack_depth[64];		/* per frame: "16+0" */
	long long stack_depth_max;	/* "max N" after it (7.2+) */
};

struct test_result {
	char name[2 * BPF_REFS_NAME_LEN];	/* topic/subtest */
	const char *object;		/* its BPF object file, or "" */
	enum test_status status;
	char reason[BPF_REFS_REASON_LEN];
	char fixed_by[BPF_REFS_REASON_LEN];
	enum fix_status fix_status;
	char fix_release[16];		/* "7.2", "none", "": not in FIXES */
	char broken_by[BPF_REFS_REASON_LEN / 2];
	char broken_release[16];		/* of broken_by, as fix_release */
	struct expectation expect;
	char description[BPF_REFS_NAME_LEN];
	__u64 duration_us;
	bool has_stats;
	struct verifier_stats stats;
	char *splats;			/* kernel log lines seen, or NULL */
};

/* The major.minor of a kernel release (kernel_version()). */
struct kernel_version {
	int major, minor;
};

/*
 * A byte of a name from a file or an object (a path, an object, program,
 * map or list entry name) that may be printed as it is: [A-Za-z0-9_.-],
 * and in a path or a pattern also any of "*?[]+,=@%~/".  Any other byte is
 * printed as '_', so that no name spells a line break, a '#' or a kernel
 * message ("Kernel panic - not syncing", "BUG: KASAN:", each with a blank
 * or a ':') on a console the runner shares with the kernel.
 */
static inline bool bpf_refs_safe_char(char c, bool path)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
	       (path && c && strchr("/*?[]+,=@%~", c));
}

/*
 * A path, a pattern or a name from a file or an object as the runner
 * prints it, on stdout or stderr: the bytes bpf_refs_safe_char() lets
 * through, anything else '_'.  The file itself is opened by its real
 * name; only what is printed changes.  Shared by the runner and the
 * loader (which tools/perf links without the reporter).
 */
static inline void ktap_path(char *dst, size_t len, const char *src)
{
	size_t i;

	if (!len)
		return;
	for (i = 0; src && src[i] && i < len - 1; i++)
		dst[i] = bpf_refs_safe_char(src[i], true) ? src[i] : '_';
	dst[i] = '\0';
}

#endif /* __BPF_REFS_H */
