#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# upstream-export.awk on a made-up topic whose call chains a macro writes
# (LEVEL(2, 1) defines lvl2, which calls lvl1; lvl0 names the leaf): a
# test keeps its chain and the leaf, drops the other test's, and is named
# as its program, not as a macro.  No kernel tree.  TAP output; exit 1 on
# a failed check.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/topic.c" <<'EOF'
#define FIX "123456789abc bpf: A fix"

static __noinline int leaf_a(__u32 *p)
{
	return *p;
}

static __noinline int leaf_b(__u32 *p)
{
	return *p + 1;
}

#define LEVEL(n, next)					\
static __noinline int lvl##n(__u32 *p)			\
{							\
	return lvl##next(p) + 1;			\
}

#define lvl0 leaf_a
LEVEL(1, 0)
LEVEL(2, 1)

#define CHAIN(n, leaf)					\
static __noinline int chain##n(__u32 *p)		\
{							\
	return leaf(p);					\
}

CHAIN(1, leaf_b)

SEC("?tc")
__success __fixed_by(FIX)
int test_a(struct __sk_buff *skb)
{
	__u32 v = 0;

	return lvl2(&v);
}

SEC("?tc")
__success
int test_b(struct __sk_buff *skb)
{
	__u32 v = 0;

	return chain1(&v);
}
EOF

# export WANT: the program text, and the meta file beside it
export_topic() {
	: >"$work/missing"
	awk -v want="$1" -v meta="$work/meta" -v missing="$work/missing" \
		-f "$top/tools/upstream/upstream-export.awk" "$work/topic.c" >"$work/out.c"
}
has() {
	grep -c -- "$1" "$work/out.c"
}

export_topic ""
check "whole: both tests, named as their programs" "$(cut -f1 "$work/meta" | paste -sd,)" \
	test_a,test_b
check "whole: the leaf that lvl0 names" "$(has '^static __noinline int leaf_a(')" 1
check "whole: the other leaf" "$(has '^static __noinline int leaf_b(')" 1
check "whole: every macro use" "$(has '^\(LEVEL\|CHAIN\)(')" 3
check "whole: the fix told in the meta file" "$(cut -f3 "$work/meta" | paste -sd,)" \
	"123456789abc bpf: A fix,"
check "whole: the section of each test" "$(cut -f5 "$work/meta" | paste -sd,)" "?tc,?tc"

export_topic test_a
check "test_a: only it" "$(cut -f1 "$work/meta")" test_a
check "test_a: its chain" "$(has '^LEVEL(')" 2
check "test_a: its leaf, through lvl0" "$(has '^static __noinline int leaf_a(')" 1
check "test_a: not the other chain" "$(has '^CHAIN(')" 0
check "test_a: not the other leaf" "$(has 'leaf_b(')" 0

export_topic test_b
check "test_b: its chain and leaf" "$(has '^CHAIN(\|^static __noinline int leaf_b(')" 2
check "test_b: not the other chain" "$(has '^LEVEL(\|^static __noinline int leaf_a(')" 0
check "test_b: no fix named" "$(cut -f3 "$work/meta")" ""

export_topic "test_a test_c"
check "a test the topic lacks is reported" "$(cat "$work/missing")" test_c
tap_done
