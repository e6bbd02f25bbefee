// SPDX-License-Identifier: GPL-2.0
/*
 * Turn the BTF decl tags of one program into a struct test_spec.
 *
 * Three spellings of upstream's tags are accepted:
 *   "comment:test_expect_msg=text"        (before counters were added)
 *   "comment:test_expect_msg=12=text"     (__COUNTER__ after the '=')
 *   "comment:12:test_expect_msg=text"     (__COUNTER__ before the tag)
 * The caller adds tags in BTF order, which is source order; the counters
 * only keep two identical messages from becoming one BTF type.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include "prog_tags.h"

#define TAG_PREFIX "comment:"

static const char *skip_counter(const char *s, char sep)
{
	const char *p = s;

	while (isdigit((unsigned char)*p))
		p++;
	if (p != s && *p == sep)
		return p + 1;
	return s;
}

/* The first error of a spec is kept: what is wrong with its tag. */
static int spec_error(struct test_spec *spec, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int spec_error(struct test_spec *spec, int err, const char *fmt, ...)
{
	va_list ap;

	if (!spec->error) {
		va_start(ap, fmt);
		if (vasprintf(&spec->error, fmt, ap) < 0)
			spec->error = NULL;
		va_end(ap);
	}
	return err;
}

static int add_need(struct test_spec *spec, char **arr, int *cnt,
		    const char *tag, const char *val)
{
	spec->has_needs = true;
	if (*cnt >= BPF_REFS_MAX_NEEDS)
		return spec_error(spec, -E2BIG,
				  "more than %d %s() tags on one program (BPF_REFS_MAX_NEEDS)",
				  BPF_REFS_MAX_NEEDS, tag);
	arr[*cnt] = strdup(val);
	if (!arr[*cnt])
		return -ENOMEM;
	(*cnt)++;
	return 0;
}

/*
 * Messages grow as needed: upstream programs expect dozens of them.  An
 * empty one is found in any log: it would check nothing.
 */
static int add_msg(struct test_spec *spec, const char *val, bool regex,
		   bool negative)
{
	int cap = spec->msg_cap ? 2 * spec->msg_cap : 16;
	bool *is_regex, *neg;
	char **msgs;

	if (!*skip_counter(val, '='))
		return spec_error(spec, -EINVAL, "an empty message checks nothing");
	if (spec->msg_cnt == spec->msg_cap) {
		msgs = realloc(spec->msgs, cap * sizeof(*msgs));
		if (!msgs)
			return -ENOMEM;
		spec->msgs = msgs;
		is_regex = realloc(spec->msg_is_regex, cap * sizeof(*is_regex));
		if (!is_regex)
			return -ENOMEM;
		spec->msg_is_regex = is_regex;
		neg = realloc(spec->msg_negative, cap * sizeof(*neg));
		if (!neg)
			return -ENOMEM;
		spec->msg_negative = neg;
		spec->msg_cap = cap;
	}
	spec->msgs[spec->msg_cnt] = strdup(skip_counter(val, '='));
	if (!spec->msgs[spec->msg_cnt])
		return -ENOMEM;
	spec->msg_negative[spec->msg_cnt] = negative;
	spec->msg_is_regex[spec->msg_cnt++] = regex;
	return 0;
}

/*
 * A whole number, decimal or 0x hex, with its sign, over the full 64-bit
 * range: a value too large for its tag is refused by the caller, never
 * cut to fit.  Like upstream's test_loader, "0x" is hex and anything else
 * decimal (a leading 0 is not octal).
 */
static int parse_int(const char *s, long long *out)
{
	bool hex, neg = *s == '-';
	unsigned long long mag;
	char *end;

	if (*s == '-' || *s == '+')
		s++;
	hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	if (hex)
		s += 2;
	/* strtoull() would take a second sign or leading blanks */
	if (!isxdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	mag = strtoull(s, &end, hex ? 16 : 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end)
		return -EINVAL;
	if (mag > (neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX))
		return -ERANGE;
	*out = neg ? (long long)(0 - mag) : (long long)mag;
	return 0;
}

static const struct {
	const char *name;
	__u32 flag;
} prog_flags[] = {
	{ "BPF_F_STRICT_ALIGNMENT", BPF_F_STRICT_ALIGNMENT },
	{ "BPF_F_ANY_ALIGNMENT", BPF_F_ANY_ALIGNMENT },
	{ "BPF_F_TEST_RND_HI32", BPF_F_TEST_RND_HI32 },
	{ "BPF_F_TEST_STATE_FREQ", BPF_F_TEST_STATE_FREQ },
	{ "BPF_F_SLEEPABLE", BPF_F_SLEEPABLE },
	{ "BPF_F_XDP_HAS_FRAGS", BPF_F_XDP_HAS_FRAGS },
	{ "BPF_F_TEST_REG_INVARIANTS", BPF_F_TEST_REG_INVARIANTS },
};

static int parse_flag(struct test_spec *spec, const char *val)
{
	bool clear = *val == '!';
	long long num;
	__u32 flag = 0;
	size_t i;

	if (clear)
		val++;
	for (i = 0; i < ARRAY_SIZE(prog_flags); i++)
		if (!strcmp(val, prog_flags[i].name))
			flag = prog_flags[i].flag;
	if (!flag) {
		if (parse_int(val, &num) || num < 0 || num > 0xffffffffLL)
			return -EINVAL;
		flag = num;
	}
	if (clear) {
		spec->prog_flags &= ~flag;
		spec->prog_flags_clear |= flag;
	} else {
		spec->prog_flags |= flag;
		spec->prog_flags_clear &= ~flag;
	}
	return 0;
}

static int set_str(char **dst, const char *val)
{
	free(*dst);
	*dst = strdup(val);
	return *dst ? 0 : -ENOMEM;
}

static int set_log_level(struct test_spec *spec, const char *v)
{
	long long num;

	if (parse_int(v, &num) || num < 0 || num > 0xffff)
		return -EINVAL;
	spec->log_level = num;
	return 0;
}

/* Upstream's named values of __retval(), from its test_loader. */
#define RETVAL_POINTER_VALUE	0xbadcafe	/* any r0 */

/*
 * __retval(v): r0 of a test run, which is 32 bits.  Like upstream, v may
 * be written signed or unsigned (0xffffffff is -1); a value outside
 * [INT_MIN, UINT_MAX] cannot be a 32-bit r0 and is a spec error.
 */
static int set_retval(struct test_spec *spec, const char *v)
{
	long long num;
	int err;

	spec->has_retval = true;
	if (!strcmp(v, "POINTER_VALUE")) {
		spec->retval_any = true;
		return 0;
	}
	/* upstream spells it _INT_MIN: INT_MIN expands differently by compiler */
	if (!strcmp(v, "INT_MIN") || !strcmp(v, "_INT_MIN")) {
		spec->retval = INT_MIN;
		return 0;
	}
	if (!strcmp(v, "TEST_DATA_LEN")) {
		spec->retval = SPEC_TEST_DATA_LEN;
		return 0;
	}
	err = parse_int(v, &num);
	if (err == -ERANGE || (!err && (num < INT_MIN || num > UINT_MAX)))
		return spec_error(spec, -ERANGE,
				  "__retval(%s) does not fit the 32-bit return value",
				  v);
	if (err)
		return spec_error(spec, err, "__retval(%s) is not a number", v);
	spec->retval = (int)(unsigned int)num;
	/* upstream's macro POINTER_VALUE expands before it becomes a tag */
	spec->retval_any = num == RETVAL_POINTER_VALUE;
	return 0;
}

static int add_plain_msg(struct test_spec *spec, const char *v)
{
	return add_msg(spec, v, false, false);
}

static int add_not_msg(struct test_spec *spec, const char *v)
{
	return add_msg(spec, v, false, true);
}

static int add_regex(struct test_spec *spec, const char *v)
{
	return add_msg(spec, v, true, false);
}

static const struct {
	const char *name;	/* upstream's */
	__u32 mask;
} arches[] = {
	{ "X86_64", SPEC_ARCH_X86_64 },
	{ "ARM64", SPEC_ARCH_ARM64 },
	{ "RISCV64", SPEC_ARCH_RISCV64 },
	{ "s390x", SPEC_ARCH_S390X },
	{ "LOONGARCH", SPEC_ARCH_LOONGARCH },
};

__u32 spec_arch_current(void)
{
#if defined(__x86_64__)
	return SPEC_ARCH_X86_64;
#elif defined(__aarch64__)
	return SPEC_ARCH_ARM64;
#elif defined(__riscv) && __riscv_xlen == 64
	return SPEC_ARCH_RISCV64;
#elif defined(__s390x__)
	return SPEC_ARCH_S390X;
#elif defined(__loongarch64)
	return SPEC_ARCH_LOONGARCH;
#else
	return 0;
#endif
}

void spec_arch_names(__u32 mask, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(arches) && n < len; i++)
		if (mask & arches[i].mask)
			n += snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
				      arches[i].name);
}

static int add_arch(struct test_spec *spec, const char *v)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (!strcmp(v, arches[i].name)) {
			spec->arch_mask |= arches[i].mask;
			return 0;
		}
	return -EINVAL;
}

static int set_load_mode(struct test_spec *spec, const char *v)
{
	if (!strcmp(v, "jited"))
		spec->load_mode = SPEC_LOAD_JITED;
	else if (!strcmp(v, "no_jited"))
		spec->load_mode = SPEC_LOAD_NO_JITED;
	else
		return -EINVAL;
	return 0;
}

static int set_description(struct test_spec *spec, const char *v)
{
	return set_str(&spec->description, v);
}

static int set_fixed_by(struct test_spec *spec, const char *v)
{
	return set_str(&spec->fixed_by, v);
}

static int set_broken_by(struct test_spec *spec, const char *v)
{
	return set_str(&spec->broken_by, v);
}

static int add_kfunc(struct test_spec *spec, const char *v)
{
	return add_need(spec, spec->kfuncs, &spec->kfunc_cnt, "__needs_kfunc",
			v);
}

static int add_helper(struct test_spec *spec, const char *v)
{
	return add_need(spec, spec->helpers, &spec->helper_cnt,
			"__needs_helper", v);
}

static int add_struct_ops(struct test_spec *spec, const char *v)
{
	return add_need(spec, spec->struct_ops, &spec->struct_ops_cnt,
			"__needs_struct_ops", v);
}

/* Tags of the form "name=value". */
static const struct {
	const char *name;
	int (*set)(struct test_spec *spec, const char *value);
} valued_tags[] = {
	{ "test_expect_msg", add_plain_msg },
	{ "test_expect_not_msg", add_not_msg },
	{ "test_expect_regex", add_regex },
	{ "test_description", set_description },
	{ "test_log_level", set_log_level },
	{ "test_prog_flags", parse_flag },
	{ "test_retval", set_retval },
	{ "test_arch", add_arch },
	{ "load_mode", set_load_mode },
	{ "bpf_refs_needs_kfunc", add_kfunc },
	{ "bpf_refs_needs_helper", add_helper },
	{ "bpf_refs_needs_struct_ops", add_struct_ops },
	{ "bpf_refs_fixed_by", set_fixed_by },
	{ "bpf_refs_broken_by", set_broken_by },
};

/* __success and __failure: one verdict, never both. */
static int set_verdict(struct test_spec *spec, bool failure)
{
	if (failure)
		spec->has_failure = true;
	else
		spec->has_success = true;
	spec->expect_failure = failure;
	if (spec->has_success && spec->has_failure)
		return spec_error(spec, -EINVAL,
				  "__success and __failure on one program");
	return 0;
}

/*
 * Upstream's tags that this engine does not check, by the macro that
 * writes them: a test carrying one is skipped naming it, never run with
 * the check left out.  The *_unpriv tags ask for a run without
 * privileges, which is a test of its own (tag_is_unpriv()).
 */
static const struct {
	const char *tag;
	const char *macro;
} unchecked_tags[] = {
	{ "test_expect_xlated=", "__xlated" },
	{ "test_jited=", "__jited" },
	{ "test_btf_path=", "__btf_path" },
	{ "test_btf_func_path=", "__btf_func_path" },
	{ "test_linear_size=", "__linear_size" },
	{ "test_expect_stderr=", "__stderr" },
	{ "test_expect_stdout=", "__stdout" },
};

static bool tag_is_unpriv(const char *tag)
{
	const char *eq = strchr(tag, '=');
	size_t n = eq ? (size_t)(eq - tag) : strlen(tag);

	/* test_caps_unpriv= too */
	return !strncmp(tag, "test_", 5) && n > 7 &&
	       !strncmp(tag + n - 7, "_unpriv", 7);
}

static int add_unchecked(struct test_spec *spec, const char *what)
{
	if (!spec->unchecked)
		spec->unchecked = strdup(what);
	return spec->unchecked ? 0 : -ENOMEM;
}

/*
 * Add one tag.  Returns 0 when the tag was used or is not a test tag
 * (other decl tags may sit on the same function), else -errno with
 * spec->error saying what is wrong: -EINVAL for a value that cannot be
 * parsed or a contradiction, -ERANGE for a value too large for its tag,
 * -E2BIG when a program names more needs than BPF_REFS_MAX_NEEDS.  The
 * caller keeps adding the other tags: an error must not hide the verdict.
 */
int test_spec_add_tag(struct test_spec *spec, const char *tag)
{
	size_t i, n;
	int err;

	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)))
		return 0;
	tag = skip_counter(tag + strlen(TAG_PREFIX), ':');
	if (!strcmp(tag, "test_auxiliary_unpriv")) {
		spec->auxiliary = true;
		return 0;
	}
	if (tag_is_unpriv(tag)) {
		spec->unpriv = true;
		return 0;
	}
	if (!strcmp(tag, "test_auxiliary")) {
		spec->auxiliary = true;
		spec->aux_priv = true;
		return 0;
	}
	/* as upstream, these ask for the privileged run */
	if (!strncmp(tag, "test_expect_", 12) || !strncmp(tag, "test_retval=", 12) ||
	    !strncmp(tag, "test_jited=", 11))
		spec->priv = true;
	if (!strcmp(tag, "test_expect_failure") ||
	    !strcmp(tag, "test_expect_success"))
		return set_verdict(spec, !strcmp(tag, "test_expect_failure"));
	for (i = 0; i < ARRAY_SIZE(valued_tags); i++) {
		n = strlen(valued_tags[i].name);
		if (strncmp(tag, valued_tags[i].name, n) || tag[n] != '=')
			continue;
		err = valued_tags[i].set(spec, tag + n + 1);
		if (err && err != -ENOMEM)
			spec_error(spec, err, "%s", err == -ERANGE ?
				   "value out of range" : "value not understood");
		return err;
	}
	for (i = 0; i < ARRAY_SIZE(unchecked_tags); i++)
		if (!strncmp(tag, unchecked_tags[i].tag,
			     strlen(unchecked_tags[i].tag)))
			return add_unchecked(spec, unchecked_tags[i].macro);
	/* a tag of a newer test_loader, or a misspelt one */
	return add_unchecked(spec, tag);
}

static void free_all(char **arr, int cnt)
{
	while (cnt-- > 0)
		free(arr[cnt]);
}

void test_spec_free(struct test_spec *spec)
{
	free_all(spec->msgs, spec->msg_cnt);
	free(spec->msgs);
	free(spec->msg_is_regex);
	free(spec->msg_negative);
	free(spec->error);
	free_all(spec->kfuncs, spec->kfunc_cnt);
	free_all(spec->helpers, spec->helper_cnt);
	free_all(spec->struct_ops, spec->struct_ops_cnt);
	free(spec->description);
	free(spec->fixed_by);
	free(spec->broken_by);
	free(spec->unchecked);
	memset(spec, 0, sizeof(*spec));
}
