#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# CI: the verifier cost of 7.1 against 7.2 in instruction-count guests
# (docs/perf.md, "Two kernels").  A short tools/perf/kernels.sh on x86_64: two
# boots each of Debian's 7.1 and 7.2, alternating, the star_skb families at
# R = 11.  Fails when
#  - a guest fails, or compare reads bad input (exit 2);
#  - the A/A comparison (boot 1 against boot 2) of either kernel flags a
#    family, or puts a family ratio outside 1 +- AA_MAX (0.5%);
#  - a 7.1/7.2 family interval is wider than +- CI_MAX (1%);
#  - compare does not find 7.2 slower (it is, by 4-10%, on every family).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${PERF_ICOUNT_OUT:-/tmp/bpf_refs-ci-perf-icount}
AA_MAX=0.005
CI_MAX=0.01
t0=$(date +%s)
fail() { echo "perf_icount: FAIL: $*" >&2; exit 1; }

rc=0
"$root/tools/perf/kernels.sh" -a x86_64 --icount --boots 2 -r 11 -f star_skb -o "$out" \
	debian:7.1 debian:7.2 || rc=$?
[ "$rc" = 1 ] || fail "kernels.sh exited $rc, expected 1 (7.2 slower)"
jq -e '.slower > 0' "$out/compare.json" >/dev/null || fail "no family slower on 7.2"
for which in old new; do
	jq -e --argjson m "$AA_MAX" '.families | length > 0 and
		all(.verdict == "same" and (.ratio - 1 | fabs) <= $m)' \
		"$out/aa-$which.json" >/dev/null ||
		fail "A/A of the $which kernel flags a difference (see $out/aa-$which.txt)"
	echo "  ok: A/A $which: no family flagged, all within +-$AA_MAX"
done
jq -e --argjson m "$CI_MAX" '.families | length > 0 and
	all((.ci_hi - .ci_lo) / 2 <= $m)' "$out/compare.json" >/dev/null ||
	fail "a 7.1/7.2 family interval is wider than +-$CI_MAX (see $out/compare.txt)"
echo "  ok: every 7.1/7.2 family interval within +-$CI_MAX"
echo "perf_icount: OK in $(($(date +%s) - t0)) s"
