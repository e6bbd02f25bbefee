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

/* Messages grow as needed: upstream programs expect dozens of them. */
static int add_msg(struct test_spec *spec, const char *val, bool regex,
		   bool negative)
{
	int cap = spec->msg_cap ? 2 * spec->msg_cap : 16;
	bool *is_regex, *neg;
	char **msgs;

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
	if (clear)
		spec->prog_flags &= ~flag;
	else
		spec->prog_flags |= flag;
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
#define RETVAL_TEST_DATA_LEN	64	/* the packet check_retval() runs on */

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
	if (!strcmp(v, "INT_MIN")) {
		spec->retval = INT_MIN;
		return 0;
	}
	if (!strcmp(v, "TEST_DATA_LEN")) {
		spec->retval = RETVAL_TEST_DATA_LEN;
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
	spec->has_verdict = true;
	if (spec->has_success && spec->has_failure)
		return spec_error(spec, -EINVAL,
				  "__success and __failure on one program");
	return 0;
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
	if (!strcmp(tag, "test_expect_failure") ||
	    !strcmp(tag, "test_expect_success"))
		return set_verdict(spec, !strcmp(tag, "test_expect_failure"));
	if (!strcmp(tag, "test_auxiliary")) {
		spec->auxiliary = true;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(valued_tags); i++) {
		n = strlen(valued_tags[i].name);
		if (strncmp(tag, valued_tags[i].name, n) || tag[n] != '=')
			continue;
		/* as upstream, a program with test tags is a test */
		spec->has_test_tags = true;
		err = valued_tags[i].set(spec, tag + n + 1);
		if (err && err != -ENOMEM)
			spec_error(spec, err, "%s", err == -ERANGE ?
				   "value out of range" : "value not understood");
		return err;
	}
	return 0;
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
	memset(spec, 0, sizeof(*spec));
}
