#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The report of a kernel line run in parts (tools/line/line.sh --shard I/N, or one
# job per kernel as .github/workflows/line.yml runs it): merges the result
# directories of all parts and makes what one unsharded tools/line/line.sh run
# makes, and more, in OUT:
#   line.txt        the verdict lines of every part
#   summary.md      report merge -f md (also to $GITHUB_STEP_SUMMARY)
#   merged.json     report merge -f json
#   fixmap.{txt,md,json}  report fixmap over all parts, with the backports
#                   the runs saw
#   dashboard/      report html
#   kcidb.json      report kcidb, validated against KCIDB's schema
#
#   line-report.sh -o OUT DIR...
#
# Needs tools/deps.sh report (jq, gnuplot, ajv).  Exit status: 0 every
# kernel passed and the fix map agrees; 1 a kernel failed, the fix map
# disagrees or the KCIDB export is invalid; 2 usage or input error.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
report=$here/tools/report/report

die() { echo "line_report: $*" >&2; exit 2; }
if [ "${1:-}" != -o ] || [ -z "${2:-}" ]; then
	die "usage: line_report.sh -o OUT DIR..."
fi
out=$2
shift 2
[ $# -gt 0 ] || die "no result directories to merge"
for d in "$@"; do
	[ -d "$d" ] || die "'$d' is not a directory"
	find "$d" -name results.json -print -quit | grep . >/dev/null ||
		die "no results.json under '$d'"
done
mkdir -p "$out"
rc=0

find "$@" -name line.txt -exec grep -h -v '^line' {} + | sort >"$out/line.txt" ||
	true
cat "$out/line.txt"
if grep -v ': PASS (' "$out/line.txt" >/dev/null; then
	echo "line_report: kernels that did not pass:" >&2
	grep -v ': PASS (' "$out/line.txt" >&2
	rc=1
fi

"$report" merge -f json -o "$out/merged.json" "$@" || die "report merge failed"
"$report" merge -f md -o "$out/summary.md" "$@" || die "report merge -f md failed"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	cat "$out/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
jq -r '.runs[] | "  \(.label): \(.counts.pass) pass, \(.counts.fail) fail, " +
	"\(.counts.xfail) xfail, \(.counts.skip) skip"' "$out/merged.json"

frc=0
"$report" fixmap -f json "$@" >"$out/fixmap.json" || frc=$?
[ "$frc" -le 1 ] || die "report fixmap failed ($frc)"
"$report" fixmap -f md "$@" >"$out/fixmap.md" || true
"$report" fixmap "$@" >"$out/fixmap.txt" || true
tail -n 3 "$out/fixmap.txt"
jq -r '"  backports (passes on a kernel whose release lacks the fix): \(.backports | length)"' \
	"$out/fixmap.json"
if [ "$frc" != 0 ]; then
	echo "line_report: the fix map disagrees (see $out/fixmap.txt)" >&2
	rc=1
fi

"$report" html -o "$out/dashboard" "$@" >"$out/html.log" 2>&1 ||
	{ cat "$out/html.log" >&2; die "report html failed"; }
[ -s "$out/dashboard/index.html" ] || die "report html left no $out/dashboard/index.html"
echo "  dashboard: $out/dashboard/index.html"

"$report" kcidb -o "$out/kcidb.json" "$@" || die "report kcidb failed"
if "$report" validate-kcidb "$out/kcidb.json" >"$out/kcidb.log" 2>&1; then
	echo "  KCIDB: $(jq -r '"\(.tests | length) tests of \(.builds | length) builds"' \
		"$out/kcidb.json"), valid"
else
	cat "$out/kcidb.log" >&2
	echo "line_report: $out/kcidb.json does not validate" >&2
	rc=1
fi
exit "$rc"
