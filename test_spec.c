// SPDX-License-Identifier: GPL-2.0
/*
 * Turn the BTF decl tags of one program into a struct test_spec.
 *
 * Three spellings of upstream's tags are accepted:
 *   "comment:test_expect_msg=text"        (before counters were added)
 *   "comment:test_expect_msg=12=text"     (__COUNTER__ after the '=')
 *   "comment:12:test_expect_msg=text"     (__COUNTER__ before the tag)
 * The caller sorts tags by version order (strverscmp) before adding them,
 * which restores source order for both counted spellings.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include "bpf_refs.h"

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

static int add_str(char **arr, int *cnt, int max, const char *val)
{
	if (*cnt >= max)
		return -E2BIG;
	arr[*cnt] = strdup(val);
	if (!arr[*cnt])
		return -ENOMEM;
	(*cnt)++;
	return 0;
}

static int add_msg(struct test_spec *spec, const char *val, bool regex)
{
	int idx = spec->msg_cnt;
	int err;

	err = add_str(spec->msgs, &spec->msg_cnt, BPF_REFS_MAX_MSGS,
		      skip_counter(val, '='));
	if (!err)
		spec->msg_is_regex[idx] = regex;
	return err;
}

static int parse_int(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 0);
	if (errno || end == s || *end)
		return -EINVAL;
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

static int set_retval(struct test_spec *spec, const char *v)
{
	long long num;

	if (parse_int(v, &num))
		return -EINVAL;
	spec->retval = (int)num;
	spec->has_retval = true;
	return 0;
}

static int add_plain_msg(struct test_spec *spec, const char *v)
{
	return add_msg(spec, v, false);
}

static int add_regex(struct test_spec *spec, const char *v)
{
	return add_msg(spec, v, true);
}

static int set_description(struct test_spec *spec, const char *v)
{
	return set_str(&spec->description, v);
}

static int set_fixed_by(struct test_spec *spec, const char *v)
{
	return set_str(&spec->fixed_by, v);
}

static int add_kfunc(struct test_spec *spec, const char *v)
{
	return add_str(spec->kfuncs, &spec->kfunc_cnt, BPF_REFS_MAX_NEEDS, v);
}

static int add_helper(struct test_spec *spec, const char *v)
{
	return add_str(spec->helpers, &spec->helper_cnt, BPF_REFS_MAX_NEEDS,
		       v);
}

static int add_struct_ops(struct test_spec *spec, const char *v)
{
	return add_str(spec->struct_ops, &spec->struct_ops_cnt,
		       BPF_REFS_MAX_NEEDS, v);
}

/* Tags of the form "name=value". */
static const struct {
	const char *name;
	int (*set)(struct test_spec *spec, const char *value);
} valued_tags[] = {
	{ "test_expect_msg", add_plain_msg },
	{ "test_expect_regex", add_regex },
	{ "test_description", set_description },
	{ "test_log_level", set_log_level },
	{ "test_prog_flags", parse_flag },
	{ "test_retval", set_retval },
	{ "bpf_refs_needs_kfunc", add_kfunc },
	{ "bpf_refs_needs_helper", add_helper },
	{ "bpf_refs_needs_struct_ops", add_struct_ops },
	{ "bpf_refs_fixed_by", set_fixed_by },
};

/*
 * Add one tag.  Returns 0 when the tag was used or is not a test tag
 * (other decl tags may sit on the same function), -EINVAL for a test tag
 * whose value cannot be parsed, -E2BIG when a list is full.
 */
int test_spec_add_tag(struct test_spec *spec, const char *tag)
{
	size_t i, n;

	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)))
		return 0;
	tag = skip_counter(tag + strlen(TAG_PREFIX), ':');
	if (!strcmp(tag, "test_expect_failure") ||
	    !strcmp(tag, "test_expect_success")) {
		spec->expect_failure = !strcmp(tag, "test_expect_failure");
		spec->has_verdict = true;
		return 0;
	}
	if (!strcmp(tag, "test_auxiliary")) {
		spec->auxiliary = true;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(valued_tags); i++) {
		n = strlen(valued_tags[i].name);
		if (!strncmp(tag, valued_tags[i].name, n) && tag[n] == '=')
			return valued_tags[i].set(spec, tag + n + 1);
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
	free_all(spec->kfuncs, spec->kfunc_cnt);
	free_all(spec->helpers, spec->helper_cnt);
	free_all(spec->struct_ops, spec->struct_ops_cnt);
	free(spec->description);
	free(spec->fixed_by);
	memset(spec, 0, sizeof(*spec));
}
