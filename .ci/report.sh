#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CI: results for dashboards (docs/results.md).
#
#   .ci/report.sh [HOST_JSON] [INPUT...]
#
# HOST_JSON is the host run's results file (.ci/run passes it); INPUTs are
# more result/perf JSON files or directories.  Without INPUTs: results/
# (host and vmtest runs) and tools/perf/out/ (bpf_refs_bench sweeps).
#
#  1. installs what it needs (tools/deps.sh report): jq, gnuplot,
#     Chromium, node + npm, and ajv-cli with ajv-formats into
#     $BPF_REFS_CACHE/npm-report (not the repo)
#  2. unit tests of report/ (tools/report/tests/run.sh), fixtures only
#  3. the dashboard of the real runs, rendered in headless Chromium with a
#     screenshot; the counts the browser shows must equal jq's counts of
#     the input files
#  4. the KCIDB export of the real runs validates against the schema
#  5. merged table (results/report/summary.md) and, when both exist, the
#     diff of the Debian 6.1 and 6.12 x86_64 guests (listed, not gated:
#     different kernels differ)
#  6. the host run is stored in results/history/ for the history view
#
# Outputs go to results/report/ (gitignored).  Exit non-zero if a step
# failed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
export BPF_REFS_CACHE=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
npmdir=$BPF_REFS_CACHE/npm-report
out=$root/results/report
report=$root/tools/report/report
t0=$(date +%s)
fails=()

step() { echo "=== report: $* ($(($(date +%s) - t0)) s)"; }
bad() {
	echo "report: FAIL: $*" >&2
	fails+=("$1")
}

step "dependencies"
"$root/tools/deps.sh" report >/dev/null
"$npmdir/node_modules/.bin/ajv" help >/dev/null

host=${1:-}
(($#)) && shift
inputs=("$@")
if ((${#inputs[@]} == 0)); then
	[[ -d $root/results ]] && inputs+=("$root/results")
	[[ -d $root/tools/perf/out ]] && inputs+=("$root/tools/perf/out")
fi
if [[ -n $host && -f $host ]]; then
	inputs+=("$host")
elif [[ -n $host ]]; then
	bad "no host results file $host"
fi
mkdir -p "$out"

step "unit tests (tools/report/tests/run.sh)"
"$root/tools/report/tests/run.sh" || bad "unit tests"

step "inputs"
runs=$("$report" merge -f json "${inputs[@]}" 2>"$out/load.log" |
	jq -r '.runs[] | "  \(.label): \(.counts.pass) pass, " +
		"\(.counts.fail) fail, \(.counts.skip) skip, " +
		"\(.counts.xfail) xfail, \(.counts.xpass) xpass (\(.file))"') ||
	bad "merge"
cat "$out/load.log"
if grep -q "results.json: not readable JSON" "$out/load.log"; then
	bad "unreadable results.json among the inputs (truncated run?)"
fi
echo "${runs:-  none}"
if [[ -z $runs ]]; then
	bad "no results among the inputs"
else
	step "dashboard, rendered by Chromium"
	"$root/tools/report/tests/browser.sh" "$out/dashboard" --history "$root/results/history" \
		"${inputs[@]}" || bad "dashboard"

	step "KCIDB export"
	if ! "$report" kcidb -o "$out/kcidb.json" "${inputs[@]}" ||
	   ! "$report" validate-kcidb "$out/kcidb.json"; then
		bad "kcidb"
	fi
	jq -r '"  \(.checkouts | length) checkouts, " +
		"\(.builds | length) builds, \(.tests | length) tests, " +
		"\(.issues | length) issues, \(.incidents | length) incidents"' \
		"$out/kcidb.json" || true

	step "merged table"
	"$report" merge -f md -o "$out/summary.md" "${inputs[@]}" || bad "merge md"
	"$report" merge "${inputs[@]}" 2>/dev/null | grep "^counts" || true
	if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
		cat "$out/summary.md" >>"$GITHUB_STEP_SUMMARY"
	fi

	# Debian 6.1 against 6.12: per arch that has both guest runs; if no
	# arch has both, the first 6.1 run against the first 6.12 run.
	pairs=()
	for archdir in "$root"/results/*/; do
		old=$(compgen -G "${archdir}6.1.*" | head -n 1 || true)
		new=$(compgen -G "${archdir}6.12.*" | head -n 1 || true)
		[[ -n $old && -n $new ]] && pairs+=("$old|$new")
	done
	if ((${#pairs[@]} == 0)); then
		old=$(compgen -G "$root/results/*/6.1.*" | head -n 1 || true)
		new=$(compgen -G "$root/results/*/6.12.*" | sort -r | head -n 1 || true)
		[[ -n $old && -n $new ]] && pairs+=("$old|$new")
	fi
	for p in "${pairs[@]}"; do
		old=${p%%|*}
		new=${p#*|}
		name="$(basename "$(dirname "$old")")-$(basename "$old")"
		name="$name--$(basename "$(dirname "$new")")-$(basename "$new")"
		step "diff $name"
		rc=0
		"$report" diff --no-perf-gate "$old" "$new" >"$out/diff-$name.txt" 2>&1 || rc=$?
		cat "$out/diff-$name.txt"
		echo "  (exit $rc: 1 = tests failing on 6.12 that did not fail on 6.1)"
		((rc == 0 || rc == 1)) || bad "diff $name"
	done
	((${#pairs[@]} > 0)) ||
		echo "  no Debian 6.1 and 6.12 guest runs in results/: no diff"
fi

if [[ -n $host && -f $host ]]; then
	mkdir -p "$root/results/history"
	stamp=$(jq -r '"\(.kernel.arch)-\(.kernel.release)-\(.run.started)"' "$host" |
		tr -c 'A-Za-z0-9_.+\n-' _)
	cp "$host" "$root/results/history/$stamp.json"
	echo "  stored $host as results/history/$stamp.json"
fi

step "done"
find "$out" -maxdepth 2 -type f -printf '  %p %s bytes\n' | sort
if ((${#fails[@]})); then
	echo "report: failed: ${fails[*]}"
	exit 1
fi
echo "report: ok"
