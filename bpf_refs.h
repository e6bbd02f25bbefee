/* SPDX-License-Identifier: GPL-2.0 */
/* Types shared by the bpf_refs runner, its engine and its unit tests. */
#ifndef __BPF_REFS_H
#define __BPF_REFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

#define BPF_REFS_MAX_MSGS	16
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

/* What the annotations of one program ask for. */
struct test_spec {
	bool auxiliary;
	bool expect_failure;		/* __failure; __success or nothing: false */
	bool has_verdict;
	bool has_retval;
	int retval;
	int log_level;
	__u32 prog_flags;
	int msg_cnt;
	char *msgs[BPF_REFS_MAX_MSGS];	/* substrings with {{re}}, or a regex */
	bool msg_is_regex[BPF_REFS_MAX_MSGS];
	int kfunc_cnt, helper_cnt, struct_ops_cnt;
	char *kfuncs[BPF_REFS_MAX_NEEDS];
	char *helpers[BPF_REFS_MAX_NEEDS];
	char *struct_ops[BPF_REFS_MAX_NEEDS];
	char *description;
	char *fixed_by;
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
	char stack_depth[64];
};

struct test_result {
	char name[2 * BPF_REFS_NAME_LEN];	/* topic/subtest */
	enum test_status status;
	char reason[BPF_REFS_REASON_LEN];
	char fixed_by[BPF_REFS_REASON_LEN];
	char description[BPF_REFS_NAME_LEN];
	__u64 duration_us;
	bool has_stats;
	struct verifier_stats stats;
	char *splats;			/* kernel log lines seen, or NULL */
};

/* A list of "pattern  reason" entries: DENYLIST and xfail files. */
struct test_list_entry {
	char *pattern;
	char *reason;
	bool used;
};

struct test_list {
	struct test_list_entry *entries;
	int cnt;
};

/* test_spec.c */
int test_spec_add_tag(struct test_spec *spec, const char *tag);
void test_spec_free(struct test_spec *spec);

/* log_match.c: 0 when every expected message is found in order */
int log_match(const char *log, char *const *msgs, const bool *is_regex,
	      int cnt, int *failed_idx);

/* verifier_stats.c */
void verifier_stats_init(struct verifier_stats *st);
bool verifier_stats_parse(const char *log, struct verifier_stats *st);

/* test_lists.c */
int test_list_load(struct test_list *list, const char *path, bool need_reason);
int test_list_add(struct test_list *list, const char *pattern,
		  const char *reason);
const struct test_list_entry *test_list_match(struct test_list *list,
					      const char *topic,
					      const char *subtest);
void test_list_free(struct test_list *list);
bool name_matches(const char *pattern, const char *topic, const char *subtest);

/* ktap.c */
const char *test_status_str(enum test_status st);

#endif /* __BPF_REFS_H */
