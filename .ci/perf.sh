#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# CI: verifier benchmarks on the running kernel (docs/perf.md).
#  0. make -C tools/perf check: unit tests of the statistics
#  1. make bench (default sweep, perf stat); outputs exist and parse
#  2. a second sweep (perf record, veristat side by side): veristat must
#     agree on verdict, insns and states of every program
#  3. compare run 1 vs run 2: same kernel, so no counter may change and no
#     family may be slower; compare must flag a doctored counter and a
#     doctored slowdown
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/tools/perf/out
bin=$out/bin
t0=$(date +%s)
step() { echo "=== perf: $* ($(($(date +%s) - t0)) s)"; }
fail() { echo "perf: FAIL: $*" >&2; exit 1; }

step "dependencies"
"$root/tools/deps.sh" perf >/dev/null

step "unit tests of the statistics"
make -C "$root/tools/perf" check

step "make bench (default sweep, perf stat)"
make -C "$root" bench BENCH_ARGS="--perf-stat --tag run1"
csv1=$out/run1.csv
for f in "$csv1" "$out/run1.json" "$out/run1.perf-stat.txt" \
	 "$out/plots/time_vs_nodes.svg" "$out/plots/time_vs_nodes.png"; do
	[ -s "$f" ] || fail "missing output $f"
done
jq -e '.points | length > 0' "$out/run1.json" >/dev/null || fail "run1.json does not parse"
jq -e '[.families[] | select(.time_exponent != null)] | length > 0' \
	"$out/run1.json" >/dev/null || fail "no growth exponent in run1.json"
"$bin/bpf_refs_bench" fit "$csv1" >/dev/null || fail "run1.csv does not parse"
unstable=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["unstable"] == 1' "$csv1" | wc -l)
[ "$unstable" = 0 ] || fail "$unstable programs changed insns/states between loads"

step "second sweep with perf record and veristat side by side"
make -C "$root/tools/perf" veristat
"$root/tools/perf/bench.sh" --bin "$bin" --out "$out" --tag run2 --no-plot \
	--perf-record --veristat 5 || fail "veristat disagrees or run2 failed"
[ -s "$out/run2.perf-report.txt" ] || echo "perf: warning: empty perf report"

step "compare run1 vs run2"
if ! "$bin/bpf_refs_bench" compare "$csv1" "$out/run2.csv" >"$out/compare.txt"; then
	cat "$out/compare.txt"
	grep -q CHANGED "$out/compare.txt" && fail "a counter changed between two runs"
	echo "perf: timing differs between runs (noisy machine?), measuring again"
	"$bin/bpf_refs_bench" run -q -r 51 -o "$out/run3.csv" 2>/dev/null
	"$bin/bpf_refs_bench" compare "$csv1" "$out/run3.csv" >"$out/compare.txt" ||
		{ cat "$out/compare.txt"; fail "compare of two runs of one kernel"; }
fi
sed -n '/^family/,$p' "$out/compare.txt"

step "compare flags a changed counter and a slowdown"
doctor() {	# file column expression -> stdout
	awk -F, -v OFS=, -v col="$2" -v expr="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
		$c["verdict"] == "accepted" && !done && col == "insns" {
			$c["insns"] += 1; done = 1 }
		$c["verdict"] == "accepted" && col == "vt" {
			n = split($c["vt_samples"], s, ";"); v = ""
			for (i = 1; i <= n; i++) v = v (i > 1 ? ";" : "") int(s[i] * expr)
			$c["vt_samples"] = v }
		{ print }' "$1"
}
doctor "$csv1" insns 0 >"$out/doctored_insns.csv"
if "$bin/bpf_refs_bench" compare "$csv1" "$out/doctored_insns.csv" \
	>"$out/compare_doctored.txt"; then
	fail "compare did not flag a changed insns count"
fi
grep -q CHANGED "$out/compare_doctored.txt" || fail "no CHANGED line for the insns change"
doctor "$csv1" vt 1.5 >"$out/doctored_slow.csv"
"$bin/bpf_refs_bench" compare "$csv1" "$out/doctored_slow.csv" >"$out/compare_doctored.txt" &&
	fail "compare did not flag a 1.5x slowdown"
grep -q ' slower$' "$out/compare_doctored.txt" || fail "no family called slower"

step "done"
grep '^R=' "$out/run1.log" 2>/dev/null || true
echo "perf: OK in $(($(date +%s) - t0)) s"
