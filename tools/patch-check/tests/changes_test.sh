#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# changes.jq, the row patch-check prints for a part: from a real results
# file and a copy with some statuses changed, a test that goes from fail
# to pass starts to pass, one from pass to fail or xfail starts to fail,
# a skip that starts to run is another change, and a grown counter is
# counted as grown.  No guest.  TAP output; exit 1 on a failed check.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
a=$top/tools/report/tests/fixtures/real/vm-x86_64-6.12.json
b=$work/b.json

# the first two passes fail, the first failure passes, the first skip
# passes, and one pass's instruction count doubles
jq '([.tests[] | .status] | indices("pass")) as $p
    | ([.tests[] | .status] | indices("fail")) as $f
    | ([.tests[] | .status] | indices("skip")) as $s
    | .tests[$p[0]].status = "fail" | .tests[$p[1]].status = "xfail"
    | .tests[$f[0]].status = "pass" | .tests[$s[0]].status = "pass"
    | ([$p[2:][] as $k | select(.tests[$k].verifier.insns? | type == "number") | $k][0]) as $v
    | .tests[$v].verifier.insns = (.tests[$v].verifier.insns * 2 + 100)
    | .summary.xfail += 1 | .summary.skip -= 1' \
	"$a" >"$b"
"$top/tools/report/report" diff -f json --no-perf-gate "$a" "$b" >"$work/d.json" 2>/dev/null
check "report diff takes the pair" "$(jq -r .schema "$work/d.json")" bpf_refs-diff/1
IFS=$'\t' read -r -a row < <(jq -r -f "$top/tools/patch-check/changes.jq" \
	--arg part suite --slurpfile a "$a" --slurpfile b "$b" "$work/d.json")
pass0=$(jq -r '[.tests[] | select(.status == "pass")][0].name' "$a")
fail0=$(jq -r '[.tests[] | select(.status == "fail")][0].name' "$a")
check "the part" "${row[0]}" suite
check "base verdict" "${row[1]}" "pass 117 fail 26 xfail 0 skip 21"
check "patched verdict" "${row[2]}" "pass 117 fail 26 xfail 1 skip 20"
check "starts to pass: the failure that passes" "${row[3]}" "1: $fail0"
check "starts to fail: a fail and an xfail" "${row[4]%%:*}" 2
check "starts to fail names the first pass" "$(grep -c "$pass0" <<<"${row[4]}")" 1
check "the skip that runs is another change" "${row[5]}" 1
check "one counter grown" "${row[6]}" "1 / 0"
check "the count that fails the check" "${row[7]}" 2
tap_done
