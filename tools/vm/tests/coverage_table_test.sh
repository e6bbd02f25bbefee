#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# coverage.sh --table: from the functions.tsv and uncovered.txt of two
# sources and their sum, the table holds a column pair per source and the
# totals; "only" names the line one source alone runs; the lines the sum
# never runs carry their code and the reason coverage-reasons.tsv gives
# for that function and code, or say they have none; coverage.json
# (bpf_refs-coverage/1) holds the same numbers.
#
# No guest and no gcov: a results directory written here, with a fake
# kernel build whose source/kernel/bpf/verifier.c gives the lines' code.
# TAP output; exit 1 on a failed check.
# shellcheck disable=SC2016 # the backquotes are markdown's
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cov=$top/tools/vm/coverage.sh
d=$work/res

mkdir -p "$work/build/source/kernel/bpf"
# line 3: a reason in coverage-reasons.tsv; line 5: none
printf '%s\n' 'static void f(void)' '{' \
	'	if (WARN_ON_ONCE(idmap->cnt >= BPF_ID_MAP_SIZE))' '	x = 1;' \
	'	y  =  2;' '}' >"$work/build/source/kernel/bpf/verifier.c"
hdr='# function	file	first	last	lines_hit	lines	branches_taken	branches'
src() {
	mkdir -p "$d/$1/gcov"
	echo "$work/build" >"$d/$1/gcov/build"
	echo "$1 verdict" >"$d/$1/verdict"
	printf '%s\nidstack_push\tverifier.c\t1\t6\t%s\t4\t%s\t2\n' "$hdr" "$2" "$3" \
		>"$d/$1/functions.tsv"
	printf '%s\n' "${@:4}" >"$d/$1/uncovered.txt"
}
src suite 2 1 'idstack_push verifier.c:3 never run' \
	'idstack_push verifier.c:4 never run' 'idstack_push verifier.c:5 never run'
src upstream 2 0 'idstack_push verifier.c:3 never run' \
	'idstack_push verifier.c:5 never run' 'idstack_push verifier.c:2 branches taken 0/2'
src all 3 1 'idstack_push verifier.c:3 never run' 'idstack_push verifier.c:5 never run'
echo 'x86_64 fake kernel' >"$d/kernel"

printf '# a comment\nidstack_push\tif (WARN_ON_ONCE(idmap->cnt >= BPF_ID_MAP_SIZE))\tcannot be\n' \
	>"$work/reasons.tsv"
out=$(COVERAGE_REASONS=$work/reasons.tsv "$cov" --table "$d" 2>&1)
check "--table exits 0" "$?" 0
md=$d/coverage.md
head='| function | file:lines | suite lines | suite branches | upstream lines'
head+=' | upstream branches | all lines | all branches |'
check "a column pair per source" "$(grep -cxF "$head" "$md")" 1
row='| `idstack_push` | verifier.c:1-6 | 2/4 (50%) | 1/2 (50%) | 2/4 (50%) | 0/2 (0%)'
row+=' | 3/4 (75%) | 1/2 (50%) |'
check "the function's row" "$(grep '^| `idstack_push` | verifier.c:1-6 ' "$md")" "$row"
check "only upstream runs line 4" \
	"$(grep -A2 '^Lines only upstream runs (1):$' "$md" |
		grep -c '^- `idstack_push`: verifier.c:4$')" 1
check "suite runs no line alone" "$(grep -c '^Lines only suite runs: none.$' "$md")" 1
check "never-run lines and the count without a reason" \
	"$(grep -c '^Lines all never runs (2, of which 1 have no reason' "$md")" 1
line='| `idstack_push` | verifier.c:3 | `if (WARN_ON_ONCE(idmap->cnt >= BPF_ID_MAP_SIZE))`'
check "a line with its reason" "$(grep -cxF "$line | cannot be |" "$md")" 1
check "a line without one, its blanks squeezed" \
	"$(grep -c '^| `idstack_push` | verifier.c:5 | `y = 2;` | \*\*none yet\*\* |$' "$md")" 1
j=$d/coverage.json
check "json: schema" "$(jq -r .schema "$j")" bpf_refs-coverage/1
check "json: sources and totals" \
	"$(jq -c '[.sources[] | [.name, .lines_hit, .lines, .branches_taken, .branches]]' "$j")" \
	'[["suite",2,4,1,2],["upstream",2,4,0,2],["all",3,4,1,2]]'
check "json: a function's coverage per source" \
	"$(jq -c '.functions[0] | [.name, .first, .last, .coverage.upstream.lines_hit]' "$j")" \
	'["idstack_push",1,6,2]'
check "json: never-run lines, reason or null" \
	"$(jq -c '[.never_run[] | [.line, .code, (.reason != null)]]' "$j")" \
	'[[3,"if (WARN_ON_ONCE(idmap->cnt >= BPF_ID_MAP_SIZE))",true],[5,"y = 2;",false]]'
[ "$tap_failed" = 0 ] || printf '# %s\n' "$out"
tap_done
