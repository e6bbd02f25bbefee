#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unit tests of report/: merge, diff (its exit code as a CI gate), kcidb
# (validated by ajv against report/kcidb-v05_03.schema.json), perf-import,
# and html rendered in headless Chromium.
#
# Options: --no-browser, --no-ajv.
#
# Ends with "N passed, N failed"; exits non-zero if any test failed.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
report=$top/report/report
browser=true
ajv=true
for a in "$@"; do
	case $a in
	--no-browser) browser=false ;;
	--no-ajv) ajv=false ;;
	*) echo "usage: $0 [--no-browser] [--no-ajv]" >&2; exit 2 ;;
	esac
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx=$tmp/fixtures
"$top/tests/fixtures/mkfixtures.sh" "$fx"
passed=0
failed=0

ok() {
	passed=$((passed + 1))
	echo "ok $((passed + failed)) $1"
}

not_ok() {
	failed=$((failed + 1))
	echo "not ok $((passed + failed)) $1${2:+ # $2}"
}

# check NAME CMD...: CMD must succeed.
check() {
	local name=$1

	shift
	if "$@" >"$tmp/out" 2>&1; then
		ok "$name"
	else
		not_ok "$name"
		sed 's/^/# /' "$tmp/out"
	fi
}

# rc_of CMD...: print the exit code of CMD; its output goes to $tmp/last.
rc_of() {
	local rc=0

	"$@" >"$tmp/last" 2>&1 || rc=$?
	echo "$rc"
}

# expect_rc NAME WANT CMD...
expect_rc() {
	local name=$1 want=$2 rc

	shift 2
	rc=$(rc_of "$@")
	if [[ $rc == "$want" ]]; then
		ok "$name (exit $rc)"
	else
		not_ok "$name" "exit $rc, want $want"
		sed 's/^/# /' "$tmp/last"
	fi
}

host=$fx/results/host/results.json
x61=$fx/results/x86_64/6.1.0-40-amd64/results.json
x612=$fx/results/x86_64/6.12.117+deb12-amd64/results.json
ok_t=rel_mem/clone_data_after_overwrite_orig_read
xfail_t=dynptr_ringbuf_clone/use_overwritten_clone
fail_t=runtime_ringbuf/stale_clone_submit
skip_t=runtime_file/put_file_then_read

# Variants of the host run for the diff tests.
mkvar() {
	jq "$2" "$host" >"$tmp/$1.json"
}
mkvar same '.'
mkvar newfail '(.tests[] | select(.name == "'"$ok_t"'"))
	|= (.status = "fail" | .reason = "verifier rejected a safe program")'
mkvar newxpass '(.tests[] | select(.name == "'"$xfail_t"'"))
	|= (.status = "xpass")'
mkvar fixed '(.tests[] | select(.name == "'"$fail_t"'"))
	|= (.status = "pass" | .reason = "")'
mkvar skipreason '(.tests[] | select(.name == "'"$skip_t"'"))
	|= (.reason = "no bpf_dynptr_from_file: kernel too old")'
mkvar states '(.tests[] | select(.name == "'"$ok_t"'")
	| .verifier.insns) |= . * 3'
mkvar perfbase '. + {perf: {points: [
	{family: "clone_chain", nodes: 8, median_us: 500, p10_us: 470,
	 p90_us: 540, states: 17, insns: 84},
	{family: "clone_chain", nodes: 16, median_us: 1000, p10_us: 950,
	 p90_us: 1080, states: 33, insns: 156}],
	fits: []}}'
jq '.perf.points[1] |= (.median_us = 2000 | .p10_us = 1900 | .p90_us = 2100)' \
	"$tmp/perfbase.json" >"$tmp/perfslow.json"
jq '.perf.points[1] |= (.median_us = 1400 | .p10_us = 900 | .p90_us = 2100)' \
	"$tmp/perfbase.json" >"$tmp/perfnoisy.json"
mkdir -p "$tmp/two"
cp "$host" "$tmp/two/a.json"
cp "$x61" "$tmp/two/b.json"

echo "TAP version 13"

# --- merge ---
check "merge: json model has one column per run" \
	test "$("$report" merge -f json "$fx/results" | jq '.runs | length')" = 5
want=$(jq -s -c '[.[] | .tests[].status] | group_by(.) | map({(.[0]): length}) | add' \
	"$fx"/results/*/*/results.json "$host")
got=$("$report" merge -f json "$fx/results" |
	jq -c '[.tests[].cells[].status] | group_by(.) | map({(.[0]): length}) | add')
check "merge: status counts equal those of the files ($want)" test "$got" = "$want"
check "merge: newest run of a key wins over the history" \
	test "$("$report" merge -f json "$fx/history" "$host" |
		jq -r '.runs[0].started')" = "$(jq -r .run.started "$host")"
check "merge: text table lists every test" \
	test "$("$report" merge "$fx/results" | grep -c '^[a-z_]*/')" = \
	"$(jq -r '.tests[].name' "$host" | sort -u | wc -l)"

check "merge: markdown table" \
	grep -q "^| \`$fail_t\` |" <("$report" merge -f md "$fx/results")
echo '{"schema": "other"}' >"$tmp/other.json"
echo '{ truncated' >"$tmp/broken.json"
check "merge: foreign and broken JSON files are skipped" \
	test "$("$report" merge -f json "$tmp/other.json" "$tmp/broken.json" "$host" 2>/dev/null |
		jq '.runs | length')" = 1

# --- diff: the exit code gates ---
expect_rc "diff: identical runs pass the gate" 0 "$report" diff "$host" "$tmp/same.json"
expect_rc "diff: a new failure fails the gate" 1 "$report" diff "$host" "$tmp/newfail.json"
check "diff: the new failure is listed" \
	grep -q "$ok_t: pass -> fail" "$tmp/last"
expect_rc "diff: a new xpass fails the gate" 1 "$report" diff "$host" "$tmp/newxpass.json"
expect_rc "diff: a fixed test passes the gate" 0 "$report" diff "$host" "$tmp/fixed.json"
check "diff: the fixed test is listed" test "$("$report" diff -f json "$host" "$tmp/fixed.json" |
	jq -r '.fixed[0].test')" = "$fail_t"
expect_rc "diff: a changed skip reason passes the gate" 0 \
	"$report" diff "$host" "$tmp/skipreason.json"
check "diff: the changed skip is listed" grep -q "$skip_t: skip -> skip" "$tmp/last"
expect_rc "diff: tripled verifier insns are a perf regression" 3 \
	"$report" diff "$host" "$tmp/states.json"
expect_rc "diff: --no-perf-gate reports it without gating" 0 \
	"$report" diff --no-perf-gate "$host" "$tmp/states.json"
expect_rc "diff: a perf point twice as slow is a regression" 3 \
	"$report" diff "$tmp/perfbase.json" "$tmp/perfslow.json"
expect_rc "diff: a slower median inside the spread is not" 0 \
	"$report" diff "$tmp/perfbase.json" "$tmp/perfnoisy.json"
expect_rc "diff: --time-threshold 150 tolerates twice as slow" 0 \
	"$report" diff --time-threshold 150 "$tmp/perfbase.json" "$tmp/perfslow.json"
expect_rc "diff: a directory of two runs is a usage error" 2 \
	"$report" diff "$tmp/two" "$host"
expect_rc "diff: Debian 6.1 -> 6.12 (x86_64): tests that skipped on 6.1 fail on 6.12" 1 \
	"$report" diff --no-perf-gate "$x61" "$x612"
check "diff: 6.1 -> 6.12 lists the tests that differ" \
	test "$("$report" diff -f json "$x61" "$x612" |
		jq '[.skips_changed, .other_changes, .new_failures, .fixed] | add | length')" = \
	"$(jq -n --slurpfile a "$x61" --slurpfile b "$x612" \
		'[$a[0].tests, $b[0].tests] as [$x, $y]
		 | [range(0; $x | length) | select($x[.].status != $y[.].status
						    or $x[.].reason != $y[.].reason)]
		 | length')"
expect_rc "diff: 6.12 guest -> 6.18 host: no new failure (xfail list)" 0 \
	"$report" diff --no-perf-gate "$x612" "$host"

# --- kcidb ---
"$report" kcidb -o "$tmp/kcidb.json" "$fx/results" "$fx/perf"
check "kcidb: every id is origin-prefixed and origins agree" \
	jq -e '[.checkouts[], .builds[], .tests[], .issues[], .incidents[]]
	       | all(.origin == "bpf_refs" and (.id | startswith("bpf_refs:")))' "$tmp/kcidb.json"
check "kcidb: test ids are unique" \
	jq -e '[.tests[].id] | length == (unique | length)' "$tmp/kcidb.json"
check "kcidb: statuses map pass/fail/skip/xfail/xpass to PASS/FAIL/SKIP/FAIL/FAIL" \
	jq -e '[.tests[] | select(.misc.bpf_refs_status)
		| [.misc.bpf_refs_status, .status]] | unique
	       == [["fail","FAIL"],["pass","PASS"],["skip","SKIP"],
		   ["xfail","FAIL"],["xpass","FAIL"]]' "$tmp/kcidb.json"
check "kcidb: perf points are DONE numbers in seconds" \
	jq -e '[.tests[] | select(.path | test("^bpf_refs\\.perf\\..*nodes_"))]
	       | length == 28 and all(.status == "DONE" and .number.unit == "s"
				      and .number.prefix == "metric")' "$tmp/kcidb.json"
# shellcheck disable=SC2016 # jq variables
check "kcidb: one incident per failing regression test and per xfail" \
	jq -e --argjson n "$(jq -s '[.[].tests[] | select(.status == "xfail" or
		(.status == "fail" and .fixed_by != ""))] | length' \
		"$fx"/results/*/*/results.json "$host")" \
	'(.incidents | length) == $n and
	       ([.incidents[].test_id] - [.tests[].id] | length) == 0 and
	       ([.incidents[].issue_id] - [.issues[].id] | length) == 0' "$tmp/kcidb.json"
# shellcheck disable=SC2016 # a jq variable
check "kcidb: dot-separated paths" \
	jq -e --arg p bpf_refs.rel_mem.clone_data_after_overwrite_orig_read \
		'any(.tests[]; .path == $p)' "$tmp/kcidb.json"
if $ajv; then
	check "kcidb: the export validates against the KCIDB v5.3 schema (ajv)" \
		"$report" validate-kcidb "$tmp/kcidb.json"
	jq '.tests[0].status = "XFAIL" | .builds[0].checkout_id = null' \
		"$tmp/kcidb.json" >"$tmp/kcidb-bad.json"
	expect_rc "kcidb: the validator rejects a bad status and a null" 1 \
		"$report" validate-kcidb "$tmp/kcidb-bad.json"
	jq '.tests[0].colour = "red"' "$tmp/kcidb.json" >"$tmp/kcidb-bad2.json"
	expect_rc "kcidb: the validator rejects an unknown field" 1 \
		"$report" validate-kcidb "$tmp/kcidb-bad2.json"
fi

# --- perf-import ---
if [[ -d $fx/perf-out ]]; then
	if "$report" perf-import -o "$tmp/perf-imported" "$fx/perf-out" \
		>"$tmp/out" 2>&1; then
		check "perf-import: perf/ output becomes bpf_refs-perf/1 files" \
			jq -e '.schema == "bpf_refs-perf/1" and (.points | length) > 0
				   and all(.points[]; .family and .nodes and .median_us)' \
			"$tmp"/perf-imported/*.json
	else
		not_ok "perf-import: perf/ output becomes bpf_refs-perf/1 files"
		sed 's/^/# /' "$tmp/out"
	fi
fi

# --- html in a real browser ---
if $browser; then
	if "$top/tests/report/browser.sh" "$tmp/dash" >"$tmp/out" 2>&1; then
		ok "html: Chromium renders the dashboard with the expected counts"
		sed 's/^/# /' "$tmp/out"
	else
		not_ok "html: Chromium renders the dashboard with the expected counts"
		sed 's/^/# /' "$tmp/out"
	fi
fi

echo "1..$((passed + failed))"
echo "$passed passed, $failed failed"
((failed == 0))
