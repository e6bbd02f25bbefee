#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# browser.sh OUTDIR [--history DIR] [INPUT...]: build the dashboard
# (report html with these options) into
# OUTDIR, render it in headless Chromium, take a screenshot
# (OUTDIR/screenshot.png) and check that the matrix the browser laid out
# shows the counts computed by jq straight from the input files; so must
# the fix map (kernel columns, rows of failing tests, their cells, and
# the disagreements report fixmap finds, the backports) and the bug list
# per kernel (every fail, xfail and xpass, each fix with the release the
# tests' records give it); and the coverage (the runs with a coverage
# cell, the functions and never-run lines of the coverage files).
# Without INPUTs: the fixtures that tools/report/tests/fixtures/mkfixtures.sh makes,
# in OUTDIR.fixtures.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
out=${1:?usage: browser.sh OUTDIR [--history DIR] [INPUT...]}
shift
hist=()
if (($# >= 2)) && [[ $1 == --history ]]; then
	hist=(--history "$2")
	shift 2
fi
if (($# == 0)); then
	"$top/tools/report/tests/fixtures/mkfixtures.sh" "$out.fixtures"
	hist=(--history "$out.fixtures/history")
	set -- "$out.fixtures/results" "$out.fixtures/perf" "$out.fixtures/kernels" \
		"$out.fixtures/coverage"
fi

chrome=''
for c in chromium chromium-browser google-chrome; do
	if command -v "$c" >/dev/null; then
		chrome=$c
		break
	fi
done
[[ -n $chrome ]] || { echo "no chromium: tools/deps.sh report (package chromium)" >&2; exit 2; }
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars
       --no-first-run --user-data-dir="$out/.chromium")

rm -rf "$out"
t0=$(date +%s%N)
"$top/tools/report/report" html -o "$out" "${hist[@]}" "$@" >/dev/null
t1=$(date +%s%N)
page="file://$(cd "$out" && pwd)/index.html"
"$chrome" "${flags[@]}" --window-size=1400,2400 \
	--screenshot="$out/screenshot.png" "$page" >"$out/chromium.log" 2>&1
"$chrome" "${flags[@]}" --dump-dom "$page" >"$out/dom.html" 2>>"$out/chromium.log"
t2=$(date +%s%N)
rm -rf "$out/.chromium"

# Expected: the newest run of each (arch, release, where) among the
# results files of the inputs, counted here without report/'s code.
# of_schema SCHEMA INPUT...: the files of SCHEMA among the INPUTs
of_schema() {
	local s=$1 p f

	shift
	for p in "$@"; do
		if [[ -d $p ]]; then find "$p" -type f -name '*.json'; else echo "$p"; fi
	done | while IFS= read -r f; do
		jq -e --arg s "$s" '.schema == $s' "$f" >/dev/null 2>&1 && echo "$f"
	done
}
mapfile -t files < <(of_schema bpf_refs-results/1 "$@")
mapfile -t covs < <(of_schema bpf_refs-coverage/1 "$@")
# The rows of a run's tests: name, told apart by object where the run
# holds the name more than once, then by order: each test gets .row.
# shellcheck disable=SC2016 # jq variables
rows='def rows: .tests |= (. as $t
	| (reduce $t[].name as $x ({}; .[$x] += 1)) as $n
	| [foreach $t[] as $r ({c: {}};
		([$r.name, (if $n[$r.name] > 1 then $r.object else null end)]
		 | tojson) as $b
		| .c[$b] += 1 | .row = [$b, .c[$b]];
		$r + {row: .row})]);'
expect=$(jq -s -c "$rows"'
	group_by([.kernel.arch, .kernel.release, .run.where])
	| map(max_by(.run.started) | rows) as $runs
	| {columns: ($runs | length)}
	  + reduce ("pass", "fail", "skip", "xfail", "xpass") as $s ({};
		.[$s] = ([$runs[].tests[] | select(.status == $s)] | length))
	  + {none: (($runs | map(.tests[].row) | unique | length)
		    * ($runs | length)
		    - ([$runs[].tests[]] | length))}' "${files[@]}")

# Seen: what the script in the page counted after layout.
# dom_counts ID: the numeric data-* attributes of the page's element ID
# after scripts ran, as a JSON object
dom_counts() {
	local line

	line=$(grep -o "<p id=\"$1\"[^>]*>" "$out/dom.html" || true)
	printf '%s\n' "${line// /$'\n'}" | sed -n 's/^data-\([a-z]*\)="\([0-9]*\)".*/\1 \2/p' |
		jq -R -s -c 'split("\n") | map(select(. != "") | split(" ")
			     | {(.[0]): (.[1] | tonumber)}) | add // {}'
}
seen=$(dom_counts dom-counts)
png=$(stat -c %s "$out/screenshot.png" 2>/dev/null || echo 0)
html=$(stat -c %s "$out/index.html")
svg=$(cat "$out"/*.svg 2>/dev/null | wc -c)
echo "expected $expect"
echo "seen     $seen"
echo "dashboard: index.html $html bytes, SVG plots $svg bytes, screenshot $png bytes"
echo "build $(((t1 - t0) / 1000000)) ms," \
	"chromium render+screenshot+dump $(((t2 - t1) / 1000000)) ms"

# The page must also load nothing from outside (works from file://).
if grep -Eq '(src|href)="(https?:)?//' "$out/index.html"; then
	echo "the page refers to a remote resource" >&2
	exit 1
fi
if [[ $(jq -S -c . <<<"$seen") != "$(jq -S -c . <<<"$expect")" ]]; then
	echo "counts differ" >&2
	exit 1
fi
((png > 10000)) || { echo "no screenshot" >&2; exit 1; }

# The bugs section lists every fail, xfail and xpass of the shown runs;
# the history table has one row per stored run (inputs and --history).
want_bugs=$(( $(jq -r '.fail + .xfail + .xpass' <<<"$expect") ))
seen_bugs=$(sed -n '/<section id="bugs">/,/<\/section>/p' "$out/dom.html" |
	grep -o '<span class="st-\(fail\|xfail\|xpass\)">' | wc -l)
hfiles=("${files[@]}")
if ((${#hist[@]})) && [[ -d ${hist[1]} ]]; then
	while IFS= read -r f; do
		jq -e '.schema == "bpf_refs-results/1"' "$f" >/dev/null 2>&1 &&
			hfiles+=("$f")
	done < <(find "${hist[1]}" -type f -name '*.json')
fi
want_hist=$(jq -s -r 'map([.kernel.arch, .kernel.release, .run.where, .run.started])
		      | unique | length' "${hfiles[@]}")
seen_hist=$(sed -n '/<table class="history">/,/<\/table>/p' "$out/dom.html" |
	grep -o '<tr><td>' | wc -l)
echo "bugs listed: $seen_bugs (want $want_bugs); history rows: $seen_hist (want $want_hist)"
((seen_bugs == want_bugs)) || { echo "bugs section differs" >&2; exit 1; }
((seen_hist == want_hist)) || { echo "history differs" >&2; exit 1; }

# The fix map: for each arch with two kernels or more (host or vm runs),
# one column per kernel and one row per test that fails, xfails or xpasses
# on some kernel of the arch, with the status cells of those rows; as many
# disagreements as report fixmap finds on those arches; and a backport row
# for each test of a host or vm run that passed carrying its fix.
fm_expect=$(jq -s -c "$rows"'
	map(select(.run.where == "vm" or .run.where == "host"))
	| group_by([.kernel.arch, .kernel.release, .run.where])
	| map(max_by(.run.started) | rows) | group_by(.kernel.arch) as $runs
	| $runs | map(select(length >= 2)) as $arches
	| [$arches[] | . as $runs
	   | ([$runs[].tests[] | select(.status == "fail" or .status == "xfail"
					or .status == "xpass") | .row] | unique) as $bad
	   | {arch: $runs[0].kernel.arch, columns: ($runs | length),
	      rows: ($bad | length),
	      cells: [$runs[].tests[] | select(.row | IN($bad[]))
		      | .status]}] as $a
	| {arches: ($a | length), columns: ([$a[].columns] | add // 0),
	   rows: ([$a[].rows] | add // 0),
	   none: ([$a[] | .rows * .columns - (.cells | length)] | add // 0),
	   names: [$a[].arch]}
	  + reduce ("pass", "fail", "skip", "xfail", "xpass") as $s ({};
		.[$s] = ([$a[].cells[] | select(. == $s)] | length))
	  + {backports: ([$runs[][].tests[] | select(.expect.carried // false)]
		       | length)}' "${files[@]}")
# report fixmap exits 1 when it finds a disagreement.
"$top/tools/report/report" fixmap -f json "$@" >"$out/fixmap.json" 2>"$out/fixmap.err" ||
	[[ $? == 1 ]] || { cat "$out/fixmap.err" >&2; exit 1; }
# shellcheck disable=SC2016 # jq variables
fm_problems=$(jq --argjson e "$fm_expect" \
	'[.problems[] | select(.arch | IN($e.names[]))] | length' "$out/fixmap.json")
fm_expect=$(jq -c --argjson p "$fm_problems" 'del(.names) + {problems: $p}' <<<"$fm_expect")
fm_seen=$(dom_counts dom-fixmap | jq -c 'del(.disagree)')
echo "fix map expected $fm_expect"
echo "fix map seen     $fm_seen"
if [[ $(jq -S -c . <<<"$fm_seen") != "$(jq -S -c . <<<"$fm_expect")" ]]; then
	echo "fix map differs" >&2
	exit 1
fi

# The bug list: its fixes x kernels table counts every fail, xfail and
# xpass cell, and each fix group names the release that the tests'
# records (fix_release, as the runner read FIXES) give its fix.
seen_n=$(sed -n '/<table class="bug-overview">/,/<\/table>/p' "$out/dom.html" |
	grep -o '<td class="n[^"]*" data-n="[0-9]*"' | sed 's/.*data-n="//; s/"//' |
	awk '{ s += $1 } END { print s + 0 }')
echo "bug overview counts: $seen_n (want $want_bugs)"
((seen_n == want_bugs)) || { echo "bug overview differs" >&2; exit 1; }
bad_groups=$(grep -o '<li class="fix-group" data-sha="[0-9a-z-]*" data-release="[^"]*"' \
	"$out/dom.html" | sed 's/.*data-sha="\([0-9a-z-]*\)" data-release="\([^"]*\)"/\1 \2/' |
	sort -u | while read -r sha rel; do
		# shellcheck disable=SC2016 # a jq variable
		want=$(jq -r -s --arg s "$sha" '[.[].tests[]
			| select(.fixed_by | split(" ") | .[0] // "" | . == $s)
			| .fix_release] | first // ""' "${files[@]}")
		[[ $rel == "$want" ]] ||
			echo "$sha: page says ${rel:-nothing}, the records ${want:-nothing}"
	done)
groups=$(grep -o '<li class="fix-group"' "$out/dom.html" | wc -l)
echo "bug list: $groups fix groups checked against the records' fix_release"
[[ -z $bad_groups ]] || { echo "$bad_groups" >&2; exit 1; }

# Coverage: the coverage files (one read twice counts once), their
# functions, never-run lines and those with no reason yet; and the runs
# shown whose X.Y series is that of a coverage file's kernel.
# shellcheck disable=SC2016 # jq variables
cov_expect=$(jq -n -c 'def series: capture("^(?<a>[0-9]+)\\.(?<b>[0-9]+)") | "\(.a).\(.b)";
	[inputs] as $d
	| ([$d[] | select(.schema == "bpf_refs-coverage/1")] | unique) as $c
	| [$c[].kernel | series] as $s
	| [$d[] | select(.schema == "bpf_refs-results/1")]
	| group_by([.kernel.arch, .kernel.release, .run.where])
	| {runs: ([.[] | max_by(.run.started) | select(.kernel.release | series | IN($s[]))]
		  | length),
	   files: ($c | length), functions: ([$c[].functions | length] | add // 0),
	   never: ([$c[].never_run | length] | add // 0),
	   noreason: ([$c[].never_run[] | select(.reason == null)] | length)}' \
	"${files[@]}" "${covs[@]}")
cov_seen=$(dom_counts dom-coverage)
echo "coverage expected $cov_expect"
echo "coverage seen     $cov_seen"
if [[ $(jq -S -c . <<<"$cov_seen") != "$(jq -S -c . <<<"$cov_expect")" ]]; then
	echo "coverage differs" >&2
	exit 1
fi
