#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bpf_refs as a kselftest target in Debian's linux-source tree: run_tests,
# O= out-of-tree output, install + run_kselftest.sh, and the KTAP checked by
# the tree's own parser (kunit.py parse) and by Perl's prove.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"

K=$(ktree)
[ -n "$K" ] || fail "no kernel tree: run tools/deps.sh"
S=$K/tools/testing/selftests
work=$(mktemp -d /tmp/bpf_refs_ksft.XXXXXX)
trap 'rm -rf "$work" "$S/bpf_refs"' EXIT

rsync -a --delete --exclude .git --exclude '*.bpf.o' --exclude /bpf_refs \
	--exclude /topics.h --exclude /topics_decl.h --exclude /unit/ --exclude /results/ \
	--exclude /build/ --exclude /tools/perf/out/ "$here/" "$S/bpf_refs/"
# the runner picks the xfail list of this kernel beside itself
args="--xfail auto"

echo "== make -C tools/testing/selftests TARGETS=bpf_refs run_tests"
KSELFTEST_BPF_REFS_ARGS="$args" make -s -C "$S" TARGETS=bpf_refs run_tests \
	2>&1 | tee "$work/intree.log"
expect_grep '^ok 1 selftests: bpf_refs: bpf_refs$' "$work/intree.log" \
	"in-tree run_tests passes"
expect_grep '^#   ok [0-9]+ ' "$work/intree.log" "nested subtests reported"

echo "== O= out-of-tree output"
KSELFTEST_BPF_REFS_ARGS="$args" \
	make -s -C "$S" TARGETS=bpf_refs O="$work/o" run_tests 2>&1 |
	tee "$work/o.log"
[ -x "$work/o/kselftest/bpf_refs/bpf_refs" ] ||
	fail "O= build left no runner in $work/o/kselftest/bpf_refs"
echo "  ok: O= puts the runner in O/kselftest/bpf_refs"
expect_grep '^ok 1 selftests: bpf_refs: bpf_refs$' "$work/o.log" \
	"O= run_tests passes"

echo "== install + run_kselftest.sh"
make -s -C "$S" TARGETS=bpf_refs install INSTALL_PATH="$work/inst" >/dev/null
"$work/inst/run_kselftest.sh" -l | tee "$work/list.txt"
expect_grep '^bpf_refs:bpf_refs$' "$work/list.txt" "installed test list"
KSELFTEST_BPF_REFS_ARGS="$args" \
	"$work/inst/run_kselftest.sh" -t bpf_refs:bpf_refs | cat > "$work/inst.log"
expect_grep '^ok 1 selftests: bpf_refs: bpf_refs$' "$work/inst.log" \
	"installed run_kselftest.sh passes"

echo "== KTAP validators"
"$work/o/kselftest/bpf_refs/bpf_refs" --xfail auto \
	> "$work/direct.ktap" || true
python3 "$K/tools/testing/kunit/kunit.py" parse < "$work/direct.ktap" \
	> "$work/kunit.txt" 2>&1 ||
	{ cat "$work/kunit.txt"; fail "kunit.py parse rejected the KTAP"; }
tail -n 3 "$work/kunit.txt"
expect_no_grep 'ERROR|CRASHED|\[FAILED\]' "$work/kunit.txt" "kunit.py parse: no errors"
prove -v --exec cat "$work/direct.ktap" > "$work/prove.txt" 2>&1 ||
	{ cat "$work/prove.txt"; fail "prove rejected the KTAP"; }
expect_grep '^Result: PASS' "$work/prove.txt" "prove: PASS"
