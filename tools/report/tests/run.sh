#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unit tests of report/: merge, diff (its exit code as a CI gate), fixmap
# (the kernel line's fix map from the tests' records alone, with its
# backports; its exit code as a CI gate), kcidb
# (validated by ajv against the official KCIDB v5.3 schema), perf-import,
# and html rendered in headless Chromium.
#
# Options: --no-browser, --no-ajv.
#
# Ends with "N passed, N failed"; exits non-zero if any test failed.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
report=$top/tools/report/report
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
"$top/tools/report/tests/fixtures/mkfixtures.sh" "$fx"
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

# --- one name, two records: two objects of one file name from two
# directories (--object a/x.bpf.o --object b/x.bpf.o) make two topics x.
# The records are told apart by tests[].object; without it (runners
# before it), both are kept, marked DUP and counted as bad.  Hand-written
# fixtures (fixtures/hand/): x/p1 of a/x.bpf.o fails, that of b/x.bpf.o,
# after it, passes.
hand=$top/tools/report/tests/fixtures/hand
check "one name, two objects: merge keeps both records, told apart by object" \
	test "$("$report" merge -f json "$hand/objects-new.json" |
		jq -c '[.tests[] | select(.name == "x/p1") | [.id, .cells[].status]]')" = \
	'[["x/p1 [a/x.bpf.o]","fail"],["x/p1 [b/x.bpf.o]","pass"]]'
check "one name, two objects: the text table shows the failing one" \
	grep -q '^x/p1 \[a/x.bpf.o\]  *FAIL$' <("$report" merge "$hand/objects-new.json")
expect_rc "one name, two objects: diff finds the new failure" 1 \
	"$report" diff "$hand/objects-base.json" "$hand/objects-new.json"
check "one name, two objects: ... of the object that failed" \
	grep -q '^  x/p1 \[a/x.bpf.o\]: pass -> fail' "$tmp/last"
expect_rc "one name, two objects: against a base before tests[].object, still a failure" 1 \
	"$report" diff "$hand/noobject-base.json" "$hand/objects-new.json"
check "one name, no object: merge keeps both records, marked DUP" \
	test "$("$report" merge -f json "$hand/noobject-new.json" |
		jq -c '[[.tests[] | select(.name == "x/p1") | [.id, (.cells[] | .status, .dup)]],
			.runs[0].counts.duplicate]')" = \
	'[[["x/p1","fail",2],["x/p1 #2","pass",2]],2]'
"$report" merge "$hand/noobject-new.json" >"$tmp/dup.txt"
check "one name, no object: the text table marks both DUP and counts them" \
	test "$(grep -c -e '^x/p1  *FAIL DUP$' -e '^x/p1 #2  *pass DUP$' -e ' D2$' \
		"$tmp/dup.txt")" = 3
expect_rc "one name, no object: diff counts the hidden failure" 1 \
	"$report" diff "$hand/noobject-base.json" "$hand/noobject-new.json"
check "one name, no object: ... and lists both records" \
	test "$(jq -c '[.new_failures[].test, .duplicates[].test, .duplicates[].b_dup]' \
		<("$report" diff -f json "$hand/noobject-base.json" "$hand/noobject-new.json" ||
		  true))" = '["x/p1","x/p1","x/p1 #2",2,2]'
expect_rc "one name, no object: records that nothing tells apart fail the gate" 1 \
	"$report" diff "$hand/noobject-new.json" "$hand/noobject-new.json"
"$report" kcidb -o "$tmp/kcidb-dup.json" "$hand/noobject-new.json"
check "one name, no object: kcidb keeps both records under unique ids, the suite fails" \
	jq -e '([.tests[].id] | length == (unique | length))
	       and ([.tests[] | select(.path == "bpf_refs.x.p1") | .status] | sort
		    == ["FAIL", "PASS"])
	       and ([.tests[] | select(.path == "bpf_refs") | .status] == ["FAIL"])' \
	"$tmp/kcidb-dup.json"
if $ajv; then
	check "one name, no object: the kcidb export validates" \
		"$report" validate-kcidb "$tmp/kcidb-dup.json"
fi
expect_rc "one name, no object: the fix map counts it as a disagreement" 1 \
	"$report" fixmap "$hand/noobject-new.json"
check "one name, no object: ... and says why" \
	grep -q 'x86_64 x/p1: the run holds 2 records of x/p1 that nothing tells apart' "$tmp/last"
"$report" html -o "$tmp/html-dup" "$hand/noobject-new.json" >/dev/null 2>&1
want='<td class="cell st-fail dup",>FAIL DUP</td>,'
want+='<td class="cell st-pass dup",>pass DUP</td>/1'
check "one name, no object: the dashboard shows both records, marked DUP" \
	test "$(grep -o -e '<td class="cell st-[a-z]* dup"' -e '>[A-Za-z]* DUP</td>' \
		"$tmp/html-dup/index.html" | paste -sd,)/$(grep -c \
		'<p class="warn" id="duplicates">' "$tmp/html-dup/index.html")" = "$want"

# --- diff: an incomplete run is no baseline and no candidate ---
for st in bailed interrupted running unprivileged; do
	jq --arg s "$st" '.run.status = $s | .run.status_reason = "stopped early"
			  | .tests = [.tests[] | select(.name | startswith("rel_mem/"))]' \
		"$host" >"$tmp/run-$st.json"
	expect_rc "diff: a candidate whose run.status is $st is refused" 2 \
		"$report" diff "$host" "$tmp/run-$st.json"
	pat="report: $tmp/run-$st.json: not a complete run (run.status $st: stopped early)"
	check "diff: ... saying so" grep -qF "$pat" "$tmp/last"
done
jq '.run.status = "bailed" | .run.status_reason = "bad -t pattern" | .tests = []' \
	"$host" >"$tmp/run-bailed-empty.json"
expect_rc "diff: a candidate that bailed out with no test is refused" 2 \
	"$report" diff "$host" "$tmp/run-bailed-empty.json"
expect_rc "diff: a baseline that was interrupted is refused" 2 \
	"$report" diff "$tmp/run-interrupted.json" "$host"
jq '.run.status = "complete"' "$host" >"$tmp/run-complete.json"
expect_rc "diff: run.status complete is compared" 0 \
	"$report" diff "$host" "$tmp/run-complete.json"

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
# kcidb: valid by construction (official schema: ../shared/kcidb, or
# KCIDB_SCHEMA): an object named "x#y z.bpf.o", an arch with blanks, a
# release with '#', NULs, a start time that is no date.
jq '.kernel.arch = "My Arch 9" | .kernel.release = "6.18 odd#rel"
    | .run.where = "v m" | .run.started = "yesterday"
    | .tests[0].name = "x#y z/prog.1" | .tests[0].reason = "a\u0000b"
    | .tests[0].description = "d\u0000e" | .tests[0].status = "xfail"
    | .tests[0].fixed_by = "abc\u0000 x"' "$host" >"$tmp/odd.json"
"$report" kcidb -o "$tmp/kcidb-odd.json" "$tmp/odd.json"
check "kcidb: odd input gives schema-shaped arch, paths, ids, times" \
	jq -e '(.builds | all(.architecture | test("^[a-z0-9_]*$")))
	       and ([.tests[].path, .issues[].categories[]?]
		    | all(test("^([a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*)?$")))
	       and ([.checkouts[], .builds[], .tests[], .issues[],
		     .incidents[]] | all(.id | test("^[a-z0-9_]+:")))
	       and ([.. | strings | select(explode | any(. == 0))] | length == 0)
	       and (.builds[0] | has("start_time") | not)' \
	"$tmp/kcidb-odd.json"
check "kcidb: object 'x#y z.bpf.o' -> path bpf_refs.x_y_z.prog_1, arch my_arch_9" \
	jq -e 'any(.tests[]; .path == "bpf_refs.x_y_z.prog_1")
	       and .builds[0].architecture == "my_arch_9"' "$tmp/kcidb-odd.json"
if $ajv; then
	check "kcidb: the odd export validates against the official v5.3 schema" \
		"$report" validate-kcidb "$tmp/kcidb-odd.json"
	jq '.tests[1].path = "bpf_refs.x#y z" | .builds[0].architecture = "My Arch"' \
		"$tmp/kcidb.json" >"$tmp/kcidb-bad3.json"
	expect_rc "kcidb: the official schema rejects such a path and arch" 1 \
		"$report" validate-kcidb "$tmp/kcidb-bad3.json"
	expect_rc "kcidb: validate-kcidb without the official schema is an error" 2 \
		env KCIDB_SCHEMA=/nonexistent "$report" validate-kcidb "$tmp/kcidb.json"
fi

# --- perf-import ---
if [[ -d $fx/perf-out ]]; then
	if "$report" perf-import -o "$tmp/perf-imported" "$fx/perf-out" \
		>"$tmp/out" 2>&1; then
		check "perf-import: tools/perf/ output becomes bpf_refs-perf/1 files" \
			jq -e '.schema == "bpf_refs-perf/1" and (.points | length) > 0
				   and all(.points[]; .family and .nodes and .median_us)' \
			"$tmp"/perf-imported/*.json
	else
		not_ok "perf-import: tools/perf/ output becomes bpf_refs-perf/1 files"
		sed 's/^/# /' "$tmp/out"
	fi
fi

# --- tools/perf/kernels.sh: compare.json and the A/A of its directory ---
kx=$fx/kernels
"$report" perf-import -o "$tmp/k-imported" "$kx/f4" >"$tmp/out" 2>&1 || true
# shellcheck disable=SC2016 # jq variables
check "perf-import: a kernels.sh directory becomes a bpf_refs-kcompare/1 file" \
	jq -e --slurpfile c "$kx/f4/compare.json" --slurpfile ao "$kx/f4/aa-old.json" \
		--slurpfile an "$kx/f4/aa-new.json" '
		.schema == "bpf_refs-kcompare/1" and .arch == "x86_64"
		and .old == "7.1.13+deb13-amd64" and .new == "7.2.13+deb14-amd64"
		and .clock == "icount" and .boots == {old: 2, new: 2}
		and [.families[] | [.family, .ratio, .ci_lo, .ci_hi, .verdict]]
		    == [$c[0].families[] | [.family, .ratio, .ci_lo, .ci_hi, .verdict]]
		and .aa.old.families == $ao[0].families
		and .aa.new.families == $an[0].families' \
	"$tmp/k-imported/kcompare-x86_64-7.1.13+deb13-amd64-7.2.13+deb14-amd64-1.json"
"$report" html -o "$tmp/html-k" "$kx" "$tmp/k-imported" >/dev/null 2>&1 || true
khtml=$tmp/html-k/index.html
# kcmp_of NAME: the dashboard's part on the comparison of $kx/NAME
kcmp_of() {
	grep -zoP '(?s)<div class="kcmp[^"]*" data-file="\Q'"$kx/$1"'/compare.json\E".*?</div>' \
		"$khtml" | tr -d '\0'
}
check "html: a comparison read twice (directory, perf-import) shows once" \
	test "$(grep -o "data-file=\"$kx/f4/compare.json\"" "$khtml" | wc -l)" = 1
pat='<h4>7.1.13+deb13-amd64 &#8594; 7.2.13+deb14-amd64 (x86_64)</h4>'
pat+='.*clock <b>icount</b>; 2 boots of 7.1.13, 2 of 7.2.13, alternating; '
pat+='tolerance &#177;0.50 %'
check "html: a comparison names OLD -> NEW, arch, clock, boots, tolerance" \
	grep -qz "$pat" <<<"$(kcmp_of f4)"
# md_rows NAME: the family rows of the comparison, as
# | family | points | ratio | [lo, hi] | verdict |
md_rows() {
	local re='^<tr data-family="[^"]*"[^>]*><td class="name">([^<]*)</td>'

	re+='<td class="num">([0-9]+)</td><td class="num">([0-9.]+)</td>'
	re+='<td class="num">(\[[0-9., ]+\])</td>'
	re+='<td class="num">[0-9.]+ %( <span[^<]*</span>)?</td>'
	re+='<td class="v-[a-z]+">([a-z]+)</td>.*'
	kcmp_of "$1" | grep -o '<tr data-family=[^>]*>.*\?</tr>' | sed 's,</tr>,&\n,g' |
		sed -nE "s#$re#| \\1 | \\2 | \\3 | \\4 | \\6 |#p"
}
check "html: the family table has compare's ratios, intervals, verdicts" \
	test "$(md_rows f4)" = "$(jq -r '.families[] | [.family, .points, .ratio, .ci_lo,
		.ci_hi, .verdict] | @tsv' "$kx/f4/compare.json" | xargs -n 6 \
		printf '| %s | %s | %.5f | [%.5f, %.5f] | %s |\n')"
naa() { jq '.families | length' "$kx/f4/aa-$1.json"; }
pat="<p class=\"agree kaa\">A/A (odd against even boots of one kernel, same tolerance): "
pat+="7.1.13: $(naa old) families, none flagged, .*; "
pat+="7.2.13: $(naa new) families, none flagged, "
check "html: the A/A verdict of each kernel" \
	grep -q "$pat" <<<"$(kcmp_of f4)"
nchanged=$(jq '[.points[] | select([.base_verdict, .base_insns, .base_states,
				     .base_peak_states]
				    != [.cand_verdict, .cand_insns, .cand_states,
					.cand_peak_states])] | length' "$kx/f4/compare.json")
check "html: the $nchanged points whose counters changed are listed" \
	test "$(kcmp_of f4 | grep -zoP '(?s)<table class="kchanged">.*?</table>' | tr -d '\0' |
		grep -o '<tr><td class="name">' | wc -l)" = "$nchanged"
check "html: a comparison within its tolerance and a clean A/A is not marked" \
	grep -q '^<div class="kcmp" [^>]*data-wide="0" data-aa-flagged="0">' <<<"$(kcmp_of f4)"
pat='^<div class="kcmp marked" [^>]*data-wide="1" data-aa-flagged="[0-9]*">'
pat+='.*interval wider than the tolerance</span>'
pat+='.*<tr data-family="chain_ringbuf_f1_s0_overwrite" class="wide">'
check "html: an interval wider than the tolerance is marked (real: +-37 % against 0.5 %)" \
	grep -qz "$pat" <<<"$(kcmp_of ringbuf)"
fam=$(jq -r '.families[0].family' "$kx/f4-aa/aa-new.json")
pat='^<div class="kcmp marked" [^>]*data-wide="0" data-aa-flagged="1">'
pat+='.*A/A flags 1</span></h4>'
pat+=".*7.2.13: [0-9]* families, 1 flagged ($fam slower)"
pat+=".*<tr data-family=\"$fam\">.*<td class=\"num aa aa-flag\""
check "html: an A/A that flags a family is marked" \
	grep -qz "$pat" <<<"$(kcmp_of f4-aa)"
mkdir -p "$tmp/k-alone"
cp "$kx/f4/compare.json" "$tmp/k-alone/"
"$report" html -o "$tmp/html-k-alone" "$tmp/k-alone" >"$tmp/k-alone.log" 2>&1 || true
check "html: compare.json without its directory: the kernels are unknown, and said so" \
	grep -q 'no readable old-1.json beside it: old kernel unknown' "$tmp/k-alone.log"
check "html: ... and the page shows the comparison with unknown kernels, no A/A" \
	grep -qz '<h4>? &#8594; ? (?)</h4>.*?: no A/A' "$tmp/html-k-alone/index.html"

# --- fixmap: first passing kernel against each test's fix, as the runs say ---
# The fixes and bug-making changes of the made-up line, with the release
# FIXES would give each: what the runner writes into every record.
F72="308c7a0ae885 bpf: x"
F71="017f5c4ef73c bpf: y"
FNONE="b65cc81792eb bpf: z"
FBUG="bug-alias a bug no upstream commit is known to fix"
FBP="2eee6fe8ac2c bpf: w"
FSPLIT="b7dd2b388657 bpf: v"
BLATE="origin-late-in-the-seven-two-merge-window what made t/late fail"
BR71="origin-r71 what made t/regress71 fail"
releases='{"308c7a0ae885": "7.2", "017f5c4ef73c": "7.1", "b65cc81792eb": "none",
	   "bug-alias": "none", "2eee6fe8ac2c": "7.2", "b7dd2b388657": "7.2",
	   "origin-late-in-the-seven-two-merge-window": "7.2", "origin-r71": "7.1"}'
# mkrun FILE ARCH RELEASE "name|status|fix[|broken_by[|xfail entry's fix]]"...:
# a results file of one kernel as the runner writes it with --xfail auto:
# each test's fix and bug-making change with their releases ($releases),
# and its expectation: the xfail list entry when it names one, else
# derived (a fix the release lacks, a bug-making change it has): then a
# failure is xfail, a pass of a released fix carried, a listed pass xpass.
# summary.error counts the fixes whose tests disagree, as the runner does.
mkrun() {
	local file=$1 arch=$2 rel=$3 t n st f b l

	shift 3
	mkdir -p "${file%/*}"
	for t in "$@"; do
		IFS='|' read -r n st f b l <<<"$t"
		jq -n -c --arg n "$n" --arg s "$st" --arg f "$f" --arg b "$b" --arg l "$l" \
			'{name: $n, status: $s, fix: $f, broken: $b, list: $l}'
	done | jq -s --arg a "$arch" --arg r "$rel" --argjson rels "$releases" '
		($r | capture("^(?<a>[0-9]+)\\.(?<b>[0-9]+)") | [.a, .b] | map(tonumber)) as $s
		| def id: split(" ") | .[0] // "";
		  def release: if . == "" then "" else $rels[id] // "" end;
		  def lacks: . == "none" or (. != "" and (split(".") | map(tonumber)) > $s);
		map(.fix as $f | (.fix | release) as $fr | (.broken | release) as $br
		    | (if .list != "" then {verdict: "fail", source: "list", fix: .list}
		       elif $f != "" and ($fr | lacks)
			    and (.broken == "" or ($br != "" and ($br | lacks | not)))
		       then {verdict: "fail", source: "derived", fix: ($f | id),
			     carried: (.status == "pass" and $fr != "none")}
		       else {verdict: "pass", source: "none", fix: ""} end
		       | {carried: false} + .) as $e
		    | {name, reason: "r", fixed_by: $f, fix_release: $fr,
		       broken_by: .broken, broken_release: $br, expect: $e,
		       status: (if $e.verdict == "fail" and .status == "fail" then "xfail"
				elif $e.source == "list" and .status == "pass" then "xpass"
				else .status end)}) as $t
		| [$t[] | .expect | select(.carried) | .fix] | unique as $carried
		| {schema: "bpf_refs-results/1",
		   kernel: {release: $r, arch: $a, refused_kfuncs: []},
		   run: {started: "2026-11-30T00:00:00Z", where: "vm",
			 xfail_file: (if any($t[]; .expect.source == "list")
				      then "/made-up/xfail/\($s | join("."))" else "" end)},
		   summary: {carried: ([$t[] | select(.expect.carried)] | length),
			     error: ([$carried[] as $c | select(any($t[];
				.expect.fix == $c and .expect.source == "derived"
				and .status == "xfail"))] | length)},
		   tests: $t}' >"$file"
}
# mkline DIR RELEASE SPEC...: a kernel of the made-up x86_64 line
mkline() {
	local dir=$1

	shift
	mkrun "$tmp/line/$dir/results.json" x86_64 "$@"
}
# t/late fails on 6.18 for another reason and passes on 7.1, before the
# change that made its bug (7.2); t/backport passes on 7.1, which carries
# its fix; of the two tests of $FSPLIT, 7.1 passes one and fails the other.
mkline a 6.18.15+deb13-amd64 "t/right|fail|$F72" "t/early|fail|$F72" \
	"t/gap|fail|$F72" "t/nofix|fail|" "t/regress71|pass|$F72|$BR71" \
	"t/unreleased|fail|$FNONE" "t/unreleased_passes|fail|$FNONE" \
	"t/relax|fail|$F71" "t/bug|fail|$FBUG" "t/bug_passes|fail|$FBUG" \
	"t/bug_newer|pass|$FBUG" "t/late|fail|$FNONE|$BLATE" \
	"t/backport|fail|$FBP" "t/split_pass|fail|$FSPLIT" "t/split_fail|fail|$FSPLIT" \
	"t/origin_unknown|fail|$F71|origin-nowhere"
mkline b 7.1.13+deb13-amd64 "t/right|fail|$F72||308c7a0ae885" "t/early|pass|$F72" \
	"t/gap|fail|$F72" "t/nofix|pass|" "t/regress71|fail|$F72|$BR71" \
	"t/unreleased|fail|$FNONE" "t/unreleased_passes|fail|$FNONE" \
	"t/relax|pass|$F71" "t/bug|fail|$FBUG||bug-alias" "t/bug_passes|fail|$FBUG" \
	"t/bug_newer|fail|$FBUG" "t/late|pass|$FNONE|$BLATE" \
	"t/backport|pass|$FBP" "t/split_pass|pass|$FSPLIT" "t/split_fail|fail|$FSPLIT" \
	"t/origin_unknown|pass|$F71|origin-nowhere"
mkline c 7.2.13+deb14-amd64 "t/right|pass|$F72" "t/early|pass|$F72" \
	"t/gap|fail|$F72" "t/nofix|pass|" "t/regress71|pass|$F72|$BR71" \
	"t/unreleased|fail|$FNONE" "t/unreleased_passes|pass|$FNONE" \
	"t/relax|pass|$F71||017f5c4ef73c" "t/bug|fail|$FBUG" "t/bug_passes|pass|$FBUG" \
	"t/bug_newer|fail|$FBUG" "t/late|fail|$FNONE|$BLATE" \
	"t/backport|pass|$FBP" "t/split_pass|pass|$FSPLIT" "t/split_fail|pass|$FSPLIT" \
	"t/origin_unknown|pass|$F71|origin-nowhere"
line=("$tmp/line/a" "$tmp/line/b" "$tmp/line/c")
expect_rc "fixmap: a disagreement fails the line" 1 "$report" fixmap -f json "${line[@]}"
"$report" fixmap -f json "${line[@]}" >"$tmp/fixmap.json" || true
# problem_of TEST: the problems the fix map found for TEST, one a line
problem_of() {
	jq -r --arg t "$1" '.problems[] | select(.test == $t) | .problem' \
		"$tmp/fixmap.json"
}
check "fixmap: first pass at the fix's release agrees" \
	test -z "$(problem_of t/right; problem_of t/regress71; problem_of t/unreleased)"
check "fixmap: first pass at the fix's release is 7.2" \
	jq -e '.arches[0].tests[] | select(.test == "t/right")
	       | .first_pass == "7.2.13+deb14-amd64"' "$tmp/fixmap.json"
check "fixmap: passing before the fix's release is a wrong attribution" \
	grep -q "passes before 7.2" <<<"$(problem_of t/early)"
check "fixmap: failing on a kernel with the fix is a regression or a gap" \
	grep -q "a regression or a gap" <<<"$(problem_of t/gap)"
check "fixmap: a fail-then-pass test that names no fix" \
	grep -q "names no fix" <<<"$(problem_of t/nofix)"
check "fixmap: passing although no release has the fix" \
	grep -q "no released kernel has" <<<"$(problem_of t/unreleased_passes)"
check "fixmap: a bug-<name> fix: failing everywhere agrees, its xfail entry is known" \
	test -z "$(problem_of t/bug)"
check "fixmap: a bug-<name> fix: passing before the bug appeared is not" \
	test -z "$(problem_of t/bug_newer)"
check "fixmap: a bug-<name> fix: passing after it failed is a problem" \
	grep -q "no released kernel has bug-alias" <<<"$(problem_of t/bug_passes)"
check "fixmap: an xfail entry for a kernel that has the fix" \
	grep -q "xfail/7.2 says 7.2.13+deb14-amd64 lacks 017f5c4ef73c" <<<"$(problem_of t/relax)"
check "fixmap: the evidence names kernel, status and reason" \
	jq -e '[.problems[] | select(.test == "t/gap")][0]
	       | .kernel == "7.2.13+deb14-amd64" and .status == "fail" and .reason == "r"' \
	"$tmp/fixmap.json"
# Without FIXES or xfail/ beside report/, and with the records' release
# of $F72 moved to 7.1: the fix map follows the records.
mkdir -p "$tmp/bare"
cp -r "$top/tools/report" "$tmp/bare/"
"$tmp/bare/report/report" fixmap -f json "${line[@]}" >"$tmp/fixmap-bare.json" || true
check "fixmap: no FIXES or xfail/ needed: the same map from the records alone" \
	cmp "$tmp/fixmap.json" "$tmp/fixmap-bare.json"
for d in a b c; do
	mkdir -p "$tmp/line71/$d"
	jq '(.tests[] | select(.fixed_by == "'"$F72"'") | .fix_release) = "7.1"' \
		"$tmp/line/$d/results.json" >"$tmp/line71/$d/results.json"
done
check "fixmap: the fix's release is the records' (7.1: t/right fails on a kernel that has it)" \
	grep -q "fails on a kernel that has 308c7a0ae885 (since 7.1)" \
	<<<"$("$report" fixmap -f json "$tmp/line71" |
		jq -r '.problems[] | select(.test == "t/right") | .problem')"
check "fixmap: broken_by: kernels before the bug's change are not held against the fix" \
	test -z "$(problem_of t/late)"
check "fixmap: broken_by naming a change FIXES does not list" \
	grep -q "names change origin-nowhere as what made the bug, which FIXES does not list" \
	<<<"$(problem_of t/origin_unknown)"
# shellcheck disable=SC2016 # a jq variable
check "fixmap: a carried pass is a backport: listed, not a problem" \
	jq -e --arg f "${FBP%% *}" '([.problems[] | select(.test == "t/backport")] | length) == 0
	       and any(.backports[]; . == {arch: "x86_64", kernel: "7.1.13+deb13-amd64",
		   key: "x86_64|7.1.13+deb13-amd64|vm", test: "t/backport", fix: $f,
		   fix_subject: "bpf: w", fix_release: "7.2", disagree: false})' "$tmp/fixmap.json"
check "fixmap: text names the backport" \
	grep -q "^  x86_64 7.1.13+deb13-amd64: t/backport carries ${FBP%% *} (first in 7.2)$" \
	<("$report" fixmap "${line[@]}")
check "fixmap: tests of one fix that disagree on a kernel (summary.error) are a problem" \
	jq -e '([.problems[] | select(.test == "t/split_pass" and .kernel == "7.1.13+deb13-amd64")
		 | .problem] | any(test("of b7dd2b388657 pass on this kernel.*partial backport")))
	       and ([.backports[] | select(.test == "t/split_pass")][0].disagree)' \
	"$tmp/fixmap.json"

# --- html: kernels in version order, the fix map, the bug list per kernel ---
# Releases as Debian names them, shuffled; the order they must take.
order=(6.1.0-9-amd64 6.1.0-40-amd64 6.12.117+deb12-amd64 6.16.12+deb13-amd64
       7.2.13+deb14-amd64 7.3.0-rc7-amd64 7.3.0-1-amd64 7.3.4+deb13-amd64)
for i in 7 2 5 0 6 3 1 4; do
	st=fail
	((i < 5)) || st=pass
	mkrun "$tmp/order/$i.json" x86_64 "${order[$i]}" "t/a|$st|$F72"
done
want_order=$(printf '%s\n' "${order[@]}")
check "order: runs sort by version (rc before its release, Debian ABI by number)" \
	test "$("$report" merge -f json "$tmp/order" |
		jq -r '.runs[].release')" = "$want_order"
"$report" html -o "$tmp/html-order" "$tmp/order" >/dev/null 2>&1
# columns_of START FILE: the data-run of the column heads of the table head
# that begins with START
columns_of() {
	grep -zoP "(?s)\Q$1\E.*?</thead>" "$2" | tr '\0\n' '  ' |
		grep -o '<th class="\(run\|kernel\)"[^>]*>' |
		sed 's/.*data-run="x86_64|\([^|]*\)|vm".*/\1/'
}
check "html: matrix columns in version order" \
	test "$(columns_of '<thead><tr><th class="corner" rowspan="2">test' \
		"$tmp/html-order/index.html")" = "$want_order"
check "html: fix map columns in version order" \
	test "$(columns_of '<table class="fixmap"' "$tmp/html-order/index.html")" = "$want_order"

# The fix map line above as a dashboard, with one aarch64 kernel more.
mkrun "$tmp/line-arm/results.json" aarch64 7.1.13+deb13-arm64 "t/right|fail|$F72"
lhtml=$tmp/html-line/index.html
"$report" html -o "$tmp/html-line" "${line[@]}" "$tmp/line-arm" >/dev/null 2>&1 || true
# row_of TEST: the fix map's row of TEST
row_of() {
	grep -zoP '(?s)<tr class="fm-test[^"]*"[^>]*data-test="\Q'"$1"'\E">.*?</tr>' "$lhtml" |
		tr -d '\0'
}
# bugs_of RELEASE: the bug list of the x86_64 kernel RELEASE
bugs_of() {
	grep -F "<details class=\"kernel\" data-run=\"x86_64|$1|vm\">" "$lhtml"
}
pat='st-pass first-pass" title="7.2.13+deb14-amd64: pass'
pat+='.*<td class="first">7.2.13</td>'
check "html: the fix map gives the first passing kernel of a test" \
	grep -qz "$pat" \
	<<<"$(row_of t/right)"
check "html: the fix map lists each test that fails somewhere" \
	test "$(grep -o '<tr class="fm-test' "$lhtml" | wc -l)" = \
	"$(jq '[.arches[] | select(.arch == "x86_64") | .tests[]
		| select(any(.kernels[]; .status == "fail" or .status == "xfail"))] | length' \
		"$tmp/fixmap.json")"
pat='(?s)<tr class="fix" data-sha="308c7a0ae885"><th class="fix">'
pat+='<code>308c7a0ae885</code> bpf: x<br>'
pat+='<span class="rel">upstream in 7.2 &#183; [0-9]+ tests</span>'
pat+='.*<tr class="fix" data-sha="b65cc81792eb"><th class="fix">'
pat+='.*no released kernel has the fix'
check "html: the fix map groups tests by their fix with its release" \
	grep -qzP "$pat" \
	"$lhtml"
check "html: every disagreement of report fixmap is listed" \
	test "$(grep -o '<tr class="problem"' "$lhtml" | wc -l)" = \
	"$(jq '.problems | length' "$tmp/fixmap.json")"
pat='<tr class="problem" data-test="t/gap">'
pat+='.*fails on a kernel that has 308c7a0ae885'
pat+='.*7.2.13+deb14-amd64: fail</span> r<'
check "html: a disagreement shows its evidence" \
	grep -q "$pat" \
	"$lhtml"
check "html: disagreeing rows are highlighted, agreeing ones are not" \
	test "$(row_of t/gap | grep -c 'class="fm-test disagree"')/$(row_of t/right |
		grep -c disagree)" = 1/0
check "html: an arch with one kernel gets no fix map, and says so" \
	grep -q '<p class="fm-few" data-arch="aarch64">aarch64: only one kernel' "$lhtml"
pat='data-sha="308c7a0ae885" data-release="7.2">.*?this kernel lacks it</span>'
pat+=' \(3 tests\):<div class="tests"><span class="st-xfail">t/gap \(xfail\)</span>'
pat+=' <span class="st-xfail">t/regress71 \(xfail\)</span>'
pat+=' <span class="st-xfail">t/right \(xfail\)</span></div>'
check "html: bug list: a kernel lacking a fix, grouped by the fix with its release" \
	grep -qP "$pat" \
	<<<"$(bugs_of 7.1.13+deb13-amd64)"
pat='data-sha="b65cc81792eb" data-release="none">'
pat+='.*?no released kernel has the fix</span> \(2 tests\)'
check "html: bug list: a fix no released kernel has" \
	grep -qP "$pat" \
	<<<"$(bugs_of 7.1.13+deb13-amd64)"
pat='data-sha="308c7a0ae885" data-release="7.2">'
pat+='.*which this kernel has: a regression or a gap in the fix</span> (1 test):'
pat+='<div class="tests"><span class="st-fail">t/gap (fail)'
check "html: bug list: failing on a kernel that has the fix" \
	grep -q "$pat" \
	<<<"$(bugs_of 7.2.13+deb14-amd64)"
pat='data-sha="" data-release="">no fix named &#8212; '
pat+='<span class="nofix">names no upstream fix</span> (1 test):'
pat+='<div class="tests"><span class="st-fail">t/nofix (fail)'
check "html: bug list: a failing test that names no fix" \
	grep -q "$pat" \
	<<<"$(bugs_of 6.18.15+deb13-amd64)"
check "html: bug list: fixes x kernels counts, columns in version order" \
	test "$(sed -n '/<table class="bug-overview">/,/<\/table>/p' "$lhtml" |
		grep -zoP '(?s)<tr data-sha="308c7a0ae885">.*?</tr>' | tr -d '\0' |
		grep -o 'data-n="[0-9]*"' | tr -dc '0-9 \n' | tr '\n' ' ')" = "1 3 3 1 "
expect_rc "html: --fixes is an error that says why" 2 \
	"$report" html -o "$tmp/html-fixes" --fixes "$top/FIXES" "${line[@]}"
check "html: ... (the fix data come from the results)" \
	grep -q 'report: --fixes is gone: the fix map takes what FIXES and the xfail lists say' \
	"$tmp/last"
mkdir -p "$tmp/lab"
jq '.run.where = "lab"' "$tmp/line/b/results.json" >"$tmp/lab/results.json"
"$report" html -o "$tmp/html-lab" "$tmp/lab" >/dev/null 2>&1 || true
check "html: a run neither on a host nor in a VM: bugs listed from the run alone" \
	grep -q '<li class="missing-fix">lacks <code>308c7a0ae885 bpf: x</code> (3 tests)' \
	"$tmp/html-lab/index.html"
k71="x86_64|7.1.13+deb13-amd64|vm"
check "html: the backports, a disagreeing one marked" \
	test "$(grep -o "<tr class=\"backport[^\"]*\" data-run=\"$k71\"[^>]*>" \
			"$lhtml" | sed 's/.*class="\([^"]*\)".*data-test="\([^"]*\)".*/\2 \1/' |
		sort | paste -sd,)" = \
	"t/backport backport,t/early backport disagree,t/split_pass backport disagree"
check "html: a run whose tests of one fix disagree (summary.error) is marked" \
	grep -q '&#10007; 2</span></td><td class="cov none">&#8212;</td><td>2026' \
	<<<"$(grep -zoP '(?s)<tr class="disagree" data-run="\Q'"$k71"'\E".*?</tr>' \
		"$lhtml" | tr -d '\0')"
check "html: ... and named above the fix map" \
	grep -q '<p class="warn" id="fixmap-error">On x86_64 7.1.13+deb13-amd64 vm (2 fixes), ' \
	"$lhtml"

# --- coverage: tools/vm/coverage.sh's coverage.json (bpf_refs-coverage/1) ---
# The hand-written 7.3 file, an older one of 7.3 with other numbers, a
# copy of the first (shows once); runs of 7.3 and 7.2.
cov=$hand/coverage-7.3.json
mkdir -p "$tmp/cov/in"
cp "$cov" "$tmp/cov/in/copy.json"
jq '.date = "2026-11-01T00:00:00Z" | .sources[0].lines_hit = 1' "$cov" >"$tmp/cov/in/older.json"
mkrun "$tmp/cov/in/r73.json" x86_64 7.3.4+deb14-amd64 "t/a|pass|"
mkrun "$tmp/cov/in/r72.json" x86_64 7.2.13+deb14-amd64 "t/a|pass|"
"$report" merge -f json "$tmp/cov/in" "$cov" >"$tmp/cov/model.json"
check "coverage: merge keeps each file once, in the model's coverage" \
	jq -e '[.coverage[] | [.series, .date]]
	       == [["7.3", "2026-11-01T00:00:00Z"], ["7.3", "2026-12-01T10:00:00Z"]]' \
	"$tmp/cov/model.json"
# shellcheck disable=SC2016 # a jq variable
check "coverage: the 7.3 run has the suite source of the newest 7.3 file, the 7.2 run none" \
	jq -e --slurpfile c "$cov" '[.runs[] | [.release, .coverage.suite]]
	       == [["7.2.13+deb14-amd64", null], ["7.3.4+deb14-amd64", $c[0].sources[0]]]' \
	"$tmp/cov/model.json"
"$report" merge "$tmp/cov/in" >"$tmp/cov/merge.txt"
check "coverage: the text table has a suite coverage row" \
	grep -q '^suite coverage  *-  *82.5 % lines, 70 % branches$' "$tmp/cov/merge.txt"
pat='^coverage of 7.3.4+gcov-verifier .*: suite 52/63 lines (82.5 %), 21/30 branches (70 %);'
pat+='.* all 58/63 lines (92.1 %), 26/30 branches (86.7 %); 5 lines no source runs, 2 without'
check "coverage: ... and a line per file with every source" grep -q "$pat" "$tmp/cov/merge.txt"
check "coverage: the markdown table has the row" \
	grep -qF '| **suite coverage** | - | 82.5 % lines, 70 % branches |' \
	<("$report" merge -f md "$tmp/cov/in")
expect_rc "coverage: a coverage file alone is input enough for merge" 0 "$report" merge "$cov"
"$report" kcidb -o "$tmp/cov/kcidb.json" "$tmp/cov/in/r73.json"
"$report" kcidb -o "$tmp/cov/kcidb-cov.json" "$tmp/cov/in/r73.json" "$cov"
check "coverage: kcidb leaves it out" cmp "$tmp/cov/kcidb.json" "$tmp/cov/kcidb-cov.json"
mkdir -p "$tmp/cov/b"
cp "$tmp/cov/in/r73.json" "$cov" "$tmp/cov/b/"
expect_rc "coverage: diff leaves it out" 0 "$report" diff "$tmp/cov/in/r73.json" "$tmp/cov/b"
expect_rc "coverage: fixmap leaves it out" 0 "$report" fixmap "$tmp/cov/in"
"$report" html -o "$tmp/html-cov" "$tmp/cov/in" >/dev/null 2>&1
chtml=$tmp/html-cov/index.html
# runs_row RELEASE: the Runs table's row of the x86_64 vm run of RELEASE
runs_row() {
	grep -zoP '(?s)<tr data-run="\Qx86_64|'"$1"'|vm\E".*?</tr>' "$chtml" | tr -d '\0'
}
pat='<td class="cov" data-coverage="coverage-2" title="suite: 52/63 lines, 21/30 branches'
pat+=".*<a href=\"#coverage-2\">82.5 % lines<br>70.0 % branches</a></td>"
check "html: the Runs table gives the 7.3 run the suite's coverage of the newest 7.3 file" \
	grep -qz "$pat" <<<"$(runs_row 7.3.4+deb14-amd64)"
check "html: ... and the 7.2 run a dash" \
	grep -qF '<td class="cov none">&#8212;</td>' <<<"$(runs_row 7.2.13+deb14-amd64)"
# cov_div ID: the Coverage section's part on one file
cov_div() {
	grep -zoP '(?s)<div class="cov" id="'"$1"'".*?</div>' "$chtml" | tr -d '\0'
}
pat='<th colspan="2" class="src" title="PASS (fixture)">suite</th>'
pat+='<th colspan="2" class="src" title="PASS (fixture)">upstream</th>'
pat+='<th colspan="2" class="src" title="PASS (fixture)">fuzz</th>'
pat+='<th colspan="2" class="src" title="PASS (fixture)">all</th>'
check "html: the function table has a column pair per source" \
	grep -qF "$pat" <<<"$(cov_div coverage-2)"
pat='<tr class="fn" data-function="release_reference"><td class="name">release_reference</td>'
pat+='<td>verifier.c:9026&#8211;9078</td><td class="num">30/34 (88.2 %)</td>'
pat+='<td class="num">12/16 (75.0 %)</td><td class="num">25/34 (73.5 %)</td>'
check "html: ... and a row per function" grep -qF "$pat" <<<"$(cov_div coverage-2)"
locks='fixture: the lock comparison &lt;b&gt;needs&lt;/b&gt; two held locks'
check "html: never-run lines with their reason (escaped), or no reason yet" \
	test "$(cov_div coverage-2 | grep -o '<tr class="never">.*\?</tr>' | sed 's,</tr>,&\n,g' |
		sed -n 's,.*<td>\(verifier.c:[0-9]*\)</td>.*<td[^>]*>\([^<]*\)</td></tr>$,\1 \2,p' |
		paste -sd,)" = "$(printf '%s,' \
		'verifier.c:9041 fixture: a program cannot name an id it never acquired' \
		'verifier.c:9063 no reason yet' 'verifier.c:18221 no reason yet' \
		"verifier.c:18229 $locks" "verifier.c:18230 $locks" | sed 's/,$//')"
check "html: the older 7.3 file is shown, for no run" \
	grep -q 'No run of these inputs is of its series (7.3)' <<<"$(cov_div coverage-1)"

# --- input errors: the same for merge, kcidb, fixmap and html ---
# A file that says it is of report's kinds and breaks that schema is an
# error naming it; a file of another schema, or not JSON, is skipped with
# a note; no usable input left is an error.  Exit 2 for all of these.
mkdir -p "$tmp/bad"
echo '{"schema": "bpf_refs-results/1"}' >"$tmp/bad/no-tests.json"
jq '.tests[0].status = "FAIL"' "$host" >"$tmp/bad/status.json"
jq '.tests = {}' "$host" >"$tmp/bad/tests-object.json"
echo '{"tool": "bpf_refs_bench", "points": 3}' >"$tmp/bad/bench.json"
echo '[{"schema": "bpf_refs-results/1"}]' >"$tmp/bad/array.json"
echo '{"schema": "other"}' >"$tmp/bad/other.json"
echo 'not json' >"$tmp/bad/text.json"
: >"$tmp/bad/empty.json"
jq 'del(.sources[1].lines)' "$hand/coverage-7.3.json" >"$tmp/bad/cov-lines.json"
jq '.never_run[2].reason = 3' "$hand/coverage-7.3.json" >"$tmp/bad/cov-reason.json"
jq '.functions[0].coverage.fuzz.branches = "4"' "$hand/coverage-7.3.json" \
	>"$tmp/bad/cov-fn.json"
# expect_err NAME PATTERN CMD...: CMD must exit 2 (input error) with a
# line "report: ...PATTERN" (grep -E).
expect_err() {
	local name=$1 pat=$2 rc

	shift 2
	rc=$(rc_of "$@")
	if [[ $rc == 2 ]] && grep -Eq "^report: .*$pat" "$tmp/last"; then
		ok "$name (exit $rc)"
	else
		not_ok "$name" "exit $rc, want 2 and a line matching $pat"
		sed 's/^/# /' "$tmp/last"
	fi
}
# what each bad input must make report say
cs=bpf_refs-coverage/1
declare -A said=(
	[no-tests]="no-tests.json: not a valid bpf_refs-results/1: kernel is missing"
	[status]='status.json: not a valid bpf_refs-results/1: tests\[0\].status is "FAIL"'
	[tests-object]="tests-object.json: not a valid bpf_refs-results/1: tests is an object"
	[bench]="bench.json: not a valid bpf_refs_bench JSON: kernel is missing"
	[cov-lines]="cov-lines.json: not a valid $cs: sources\[1\].lines is missing"
	[cov-reason]="cov-reason.json: not a valid $cs: never_run\[2\].reason is a number 3, not a"
	[cov-fn]="cov-fn.json: not a valid $cs: functions\[0\].coverage.fuzz.branches is a string"
	[array]="skipping .*/array.json: not a results, perf, comparison or coverage file"
	[other]="skipping .*/other.json: not a results, perf, comparison or coverage file"
	[text]="skipping .*/text.json: not readable JSON"
	[empty]="skipping .*/empty.json: not readable JSON \(empty\)")
for c in merge kcidb fixmap html; do
	for b in no-tests status tests-object bench cov-lines cov-reason cov-fn array other \
		text empty; do
		args=()
		[[ $c != html ]] || args=(-o "$tmp/html-bad")
		expect_err "$c: input $b.json is an input error that says why" "${said[$b]}" \
			"$report" "$c" "${args[@]}" "$tmp/bad/$b.json"
	done
done
expect_rc "merge: unreadable inputs only is an input error" 2 \
	"$report" merge "$tmp/bad/text.json" "$tmp/bad/empty.json" "$tmp/bad/other.json"
pat="^report: no results, perf, comparison or coverage file of bpf_refs among the inputs"
check "merge: ... that says so" grep -q "$pat (2 unreadable)$" "$tmp/last"
expect_rc "merge: one broken results file among good ones is an input error" 2 \
	"$report" merge "$host" "$tmp/bad/status.json"
expect_rc "diff: a broken results file is an input error" 2 \
	"$report" diff "$host" "$tmp/bad/tests-object.json"
check "diff: ... that names it" \
	grep -q "^report: $tmp/bad/tests-object.json: not a valid" "$tmp/last"

# --- html in a real browser ---
if $browser; then
	if "$top/tools/report/tests/browser.sh" "$tmp/dash" >"$tmp/out" 2>&1; then
		ok "html: Chromium renders the dashboard with the expected counts"
		sed 's/^/# /' "$tmp/out"
	else
		not_ok "html: Chromium renders the dashboard with the expected counts"
		sed 's/^/# /' "$tmp/out"
	fi
	# The kernel line above: a fix map with disagreements, one arch of
	# a single kernel, bug lists grouped by fix.
	what="html: Chromium renders a kernel line's fix map and bug lists"
	what+=" with the expected counts"
	if "$top/tools/report/tests/browser.sh" "$tmp/dash-line" "${line[@]}" "$tmp/line-arm" \
		>"$tmp/out" 2>&1; then
		ok "$what"
	else
		not_ok "$what"
	fi
	sed 's/^/# /' "$tmp/out"
fi

echo "1..$((passed + failed))"
echo "$passed passed, $failed failed"
((failed == 0))
