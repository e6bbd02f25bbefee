/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test annotations for bpf_refs programs.
 *
 * Each annotation becomes a BTF decl tag on the program's function.  The
 * upstream selftests/bpf tag strings are used unchanged, so the bpf_refs
 * engine runs upstream's annotated objects; the other way,
 * tools/upstream/upstream-patch.sh rewrites chosen tests onto upstream's headers
 * and tags (the bpf_refs additions below have no upstream meaning).
 *
 * Upstream vocabulary (selftests/bpf test_loader):
 *   __success, __failure      expected verdict of the privileged load
 *   __msg(m)                  substring expected in the verifier log, in
 *                             order; {{re}} embeds a POSIX extended regex
 *   __regex(re)               a whole POSIX extended regex, in order
 *   __not_msg(m)              not in the log between the messages around it
 *   __description(d)          display name of the test
 *   __log_level(n)            verifier log level (BPF_LOG_STATS is added)
 *   __flag(f)                 a BPF_F_* program flag, or a number
 *   __retval(v)               run with BPF_PROG_TEST_RUN, compare r0
 *   __auxiliary               always loaded, not a test of its own
 *
 * bpf_refs additions (tag prefix "comment:bpf_refs_"):
 *   __needs_kfunc(f)          kfunc f must be in the kernel's BTF
 *   __needs_helper(h)         helper h must be usable by the program type
 *   __needs_struct_ops(t)     struct_ops type t must be registered
 *   __fixed_by(c)             the fix ("sha subject", or a FIXES bug-<name>
 *                             label) whose absence makes this test fail
 *   __broken_by(c)            the change ("sha subject") that made the bug
 *                             __fixed_by names: kernels without it pass
 */
#ifndef __BPF_REFS_MISC_H
#define __BPF_REFS_MISC_H

#define __BPF_REFS_STR(x)	#x
#define __BPF_REFS_XSTR(x)	__BPF_REFS_STR(x)
#define __bpf_refs_tag(t)	__attribute__((btf_decl_tag("comment:" t)))
#define __bpf_refs_ctag(t, v)	\
	__bpf_refs_tag(t "=" __BPF_REFS_XSTR(__COUNTER__) "=" v)

#define __success		__bpf_refs_tag("test_expect_success")
#define __failure		__bpf_refs_tag("test_expect_failure")
#define __msg(m)		__bpf_refs_ctag("test_expect_msg", m)
#define __regex(re)		__bpf_refs_ctag("test_expect_regex", re)
#define __not_msg(m)		__bpf_refs_ctag("test_expect_not_msg", m)
#define __description(d)	__bpf_refs_tag("test_description=" d)
#define __log_level(n)		__bpf_refs_tag("test_log_level=" #n)
#define __flag(f)		__bpf_refs_tag("test_prog_flags=" #f)
#define __retval(v)		__bpf_refs_tag("test_retval=" #v)
#define __auxiliary		__bpf_refs_tag("test_auxiliary")

#define __needs_kfunc(f)	__bpf_refs_tag("bpf_refs_needs_kfunc=" #f)
#define __needs_helper(h)	__bpf_refs_tag("bpf_refs_needs_helper=" #h)
#define __needs_struct_ops(t)	__bpf_refs_tag("bpf_refs_needs_struct_ops=" #t)
#define __fixed_by(c)		__bpf_refs_tag("bpf_refs_fixed_by=" c)
#define __broken_by(c)		__bpf_refs_tag("bpf_refs_broken_by=" c)

/*
 * Not a tag: a helper of a shared header that some objects do not call.
 * The export keeps only what kept code calls, and drops this.
 */
#ifndef __maybe_unused
#define __maybe_unused		__attribute__((__unused__))
#endif

/*
 * A fix name that several objects use: the release of a ringbuf record
 * invalidates the clones of its dynptr in other call frames (and a slice
 * of a clone of a clone) from 7.2 on, by a commit of the series that is
 * not identified (FIXES).
 */
#define CLONE_RELEASE_BUG \
	"bug-ringbuf-clone-release (fixed in 7.2, commit not identified)"

#endif /* __BPF_REFS_MISC_H */
