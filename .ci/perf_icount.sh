#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# CI: the verifier cost of 7.1 against 7.2 counted in instructions, on a
# busy machine (docs/perf.md, "Instruction counts of bpf_check()").  A
# short tools/perf/kernels.sh --insn-count on x86_64 (two boots each of
# Debian's 7.1 and 7.2, alternating, the chain_ringbuf_f1_s0 family at
# R = 5) next to two CPU hogs this script starts and stops.  Fails when
#  - a guest fails, the plugin cannot count, or compare reads bad input
#    (exit 2);
#  - the A/A comparison (boot 1 against boot 2) of either kernel puts a
#    program's ratio outside 1 +- AA_MAX (0.05%) or flags its family;
#  - compare does not find 7.2 slower, or n1 and n2 are not both slower
#    (by more than AA_MAX).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${PERF_ICOUNT_OUT:-/tmp/bpf_refs-ci-perf-icount}
AA_MAX=0.0005
t0=$(date +%s)
fail() { echo "perf_icount: FAIL: $*" >&2; exit 1; }

# the deliberate load: two busy processes for the whole step
hogs=()
stop_hogs() {
	local p
	for p in "${hogs[@]}"; do
		kill "$p" 2>/dev/null || true
	done
}
trap stop_hogs EXIT
for _ in 1 2; do
	yes >/dev/null &
	hogs+=($!)
done
echo "  load: two busy processes (${hogs[*]}), load average $(cut -d' ' -f1-3 /proc/loadavg)"

rc=0
"$root/tools/perf/kernels.sh" -a x86_64 --insn-count --boots 2 -r 5 \
	-f chain_ringbuf_f1_s0 -o "$out" debian:7.1 debian:7.2 || rc=$?
[ "$rc" = 1 ] || fail "kernels.sh exited $rc, expected 1 (7.2 slower)"
jq -e '.slower > 0' "$out/compare.json" >/dev/null || fail "no family slower on 7.2"
for which in old new; do
	jq -e --argjson m "$AA_MAX" '(.points | length > 0) and
		all(.points[] | select(.ratio != null); (.ratio - 1 | fabs) <= $m) and
		all(.families[]; .verdict == "same")' "$out/aa-$which.json" >/dev/null ||
		fail "A/A of the $which kernel: a program outside 1 +-$AA_MAX" \
		     "(see $out/aa-$which.txt)"
	echo "  ok: A/A $which: every program within +-$AA_MAX, no family flagged"
done
for n in 1 2; do
	jq -e --argjson n "$n" --argjson m "$AA_MAX" 'any(.points[];
		.nodes == $n and .ratio != null and .ratio > 1 + $m)' \
		"$out/compare.json" >/dev/null ||
		fail "n$n is not slower on 7.2 (see $out/compare.txt)"
done
echo "  ok: 7.2 slower than 7.1, on n1 and n2"
echo "perf_icount: OK in $(($(date +%s) - t0)) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
