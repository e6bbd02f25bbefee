#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A fuzz campaign (docs/fuzz.md): generate programs with fuzzgen, judge them
# with bpf_refs on the host or in a Debian guest, reduce every disagreement
# (drop events while it stays), deduplicate by reduced shape and write each
# finding as a ready test under OUT/findings/.
#
#   campaign -s SEED -n N -o OUT [-k KERNEL] [-b BATCH] [-t TYPES] [-x DEPTH]
#   campaign -R FINDINGS_DIR -o OUT [-k KERNEL]   judge findings again
#   campaign -G -s SEED -n N -o OUT [-t TYPES] [-x DEPTH]
#                                    generate and build only; prints the
#                                    objects' directory (OUT/gen)
#
# KERNEL: a Debian series or version for vmtest.sh --debian (one guest at a
# time); without it the programs load into the running kernel.  -R adds the
# kernel's verdicts to FINDINGS_DIR/kernels.tsv and rewrites each finding's
# list of kernels where it fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tools/lib/object-sets.sh
. "$top/tools/lib/object-sets.sh"
gen=$here/fuzzgen
seed=1 n=1000 out='' kernel='' batch=200 types=tc,xdp,qdisc depth=''
recheck='' rounds=8 gen_only=''

usage() {
	sed -n '9,18s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
die() {
	echo "campaign: $*" >&2
	exit 1
}

while getopts "s:n:o:k:b:t:x:R:Gh" o; do
	case $o in
	s) seed=$OPTARG ;;
	n) n=$OPTARG ;;
	o) out=$OPTARG ;;
	k) kernel=$OPTARG ;;
	b) batch=$OPTARG ;;
	t) types=$OPTARG ;;
	x) depth=$OPTARG ;;
	R) recheck=$OPTARG ;;
	G) gen_only=1 ;;
	*) usage ;;
	esac
done
[ -n "$out" ] || usage
[ -x "$gen" ] || die "no $gen: run make -C $here"
[ -n "$gen_only" ] || [ -x "$top/bpf_refs" ] || die "no $top/bpf_refs: run make in $top"
# a guest boot costs a minute under TCG: reduce fewer, with fewer candidates
if [ -n "$kernel" ]; then
	max_reduce=12 max_cands=16
else
	max_reduce=40 max_cands=64
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
log=$out/campaign.log
: > "$log"
say() {
	echo "$*" | tee -a "$log" >&2
}

# Compile every .c of $1 into a .bpf.o beside it, two at a time.
# shellcheck disable=SC2016 # expanded by the inner sh
build() {
	find "$1" -name '*.c' -print0 |
		xargs -0 -r -P2 -I{} sh -c \
		'clang-16 -O2 -g -target bpf -Wall -I"$0/progs" \
		 -I/usr/include/$(gcc -dumpmachine) -c "$1" -o "${1%.c}.bpf.o" \
		 2> "${1%.c}.err" || { echo "build failed: $1" >&2; cat "${1%.c}.err" >&2; }' \
		"$top" {}
}

# Judge the objects of $1; leaves $1/verdicts.tsv ("object/program status
# reason" lines) and sets release.
release=''
judge() {
	local dir=$1 objs=() f res progs
	for f in "$dir"/*.bpf.o; do
		objs+=(--object "$f")
	done
	[ ${#objs[@]} -gt 0 ] || die "no objects in $dir"
	if [ -z "$kernel" ]; then
		res=$dir/results.json
		"$top/bpf_refs" --json "$res" "${objs[@]}" > "$dir/ktap" || true
	else
		progs=$(cat "$dir"/*.c | grep -c '^__description')
		rm -rf "$dir/vm"
		"$top/tools/vm/vmtest.sh" --debian "$kernel" -o "$dir/vm" \
			--timeout "$(guest_timeout_for "$progs")" \
			"${objs[@]}" > "$dir/vmtest.log" 2>&1 || true
		res=$(find "$dir/vm" -name results.json | sed -n 1p)
		[ -n "$res" ] || die "no results from the guest: $dir/vmtest.log"
	fi
	release=$(jq -r ".kernel.release" "$res") ||
		die "unreadable results: $res"
	jq -r ".tests[] | [.name, .status, .reason] | @tsv" "$res" |
		sed "s/\tverifier rejected a program it must accept: /\t/" \
		> "$dir/verdicts.tsv"
}

# Write finding $1 (class shape enc verdict key name) with kernels $2.
write_finding() {
	local class=$1 enc=$3 key=$5 name=$6 why="accepted it"
	[ "$class" = unsafe-accept ] || why="rejected it: $key"
	"$gen" finding -o "$findings/$name.c" -N "$name" -k "$2" -r "$why" \
		"$enc"
}

if [ -n "$recheck" ]; then
	findings=$(cd "$recheck" && pwd)
	[ -s "$findings/findings.tsv" ] || die "no $recheck/findings.tsv"
	rm -rf "$out/recheck"
	mkdir -p "$out/recheck"
	# the sources too: a guest run sizes its timeout from them
	cp "$findings"/*.bpf.o "$findings"/*.c "$out/recheck/"
	judge "$out/recheck"
	# object and program share the finding's name
	awk -F'\t' -v r="$release" '{sub("/.*", "", $1); print $1 "\t" r "\t" $2 "\t" $3}' \
		"$out/recheck/verdicts.tsv" >> "$findings/kernels.tsv"
	sort -u -o "$findings/kernels.tsv" "$findings/kernels.tsv"
	while IFS=$'\t' read -r class shape enc verdict key name; do
		fails=$(awk -F'\t' -v n="$name" '$1 == n && $3 == "fail" {print $2}' \
			"$findings/kernels.tsv" | sort -V | paste -sd' ')
		passes=$(awk -F'\t' -v n="$name" '$1 == n && $3 == "pass" {print $2}' \
			"$findings/kernels.tsv" | sort -V | paste -sd' ')
		write_finding "$class" "${fails:-none}${passes:+; passes on $passes}" \
			"$enc" "$verdict" "$key" "$name"
		say "$name on $release: $(awk -F'\t' -v n="$name" -v r="$release" \
			'$1 == n && $2 == r {print $3 ($4 == "" ? "" : ": " $4)}' \
			"$findings/kernels.tsv")"
	done < "$findings/findings.tsv"
	exit 0
fi

t0=$(date +%s)
say "campaign: seed $seed, $n programs, types $types, kernel ${kernel:-host}"
rm -rf "$out/gen" "$out/red" "$out/findings"
mkdir -p "$out/gen" "$out/findings"
findings=$out/findings
"$gen" gen -s "$seed" -n "$n" -o "$out/gen" -b "$batch" -t "$types" \
	${depth:+-x "$depth"} 2>> "$log"
build "$out/gen"
if [ -n "$gen_only" ]; then
	say "generated and built in $(($(date +%s) - t0)) s: $out/gen"
	echo "$out/gen"
	exit 0
fi
t1=$(date +%s)
judge "$out/gen"
t2=$(date +%s)
judged=$(wc -l < "$out/gen/verdicts.tsv")
say "judged $judged programs on $release in $((t2 - t1)) s" \
	"(generate and build $((t1 - t0)) s)"
skips=$(awk -F'\t' '$2 == "skip"' "$out/gen/verdicts.tsv" | wc -l)
[ "$skips" -eq 0 ] || say "$skips programs skipped (kernel lacks a feature)"

# Disagreements: name class enc verifier-message shape.  A safe program the
# model says the verifier may refuse is "tolerated", not a finding.
join -t "$(printf '\t')" \
	<(awk -F'\t' '$2 == "fail" {sub(".*/", "", $1); print $1 "\t" $3}' \
	  "$out/gen/verdicts.tsv" | sort) <(sort "$out/gen/manifest.tsv") |
	awk -F'\t' '{c = $3 == "unsafe" ? "unsafe-accept" : $7 != "-" ? "tolerated" : "false-reject"
		     print $1 "\t" c "\t" $4 "\t" $2 "\t" $5}' \
	> "$out/disagree.tsv"
for c in unsafe-accept false-reject tolerated; do
	cnt=$(awk -F'\t' -v c="$c" '$2 == c' "$out/disagree.tsv" | wc -l)
	# first occurrence in the stream (programs are numbered in order)
	first=$(awk -F'\t' -v c="$c" '$2 == c {k = split($1, a, "_"); print a[k]}' \
		"$out/disagree.tsv" | sort -n | sed -n 1p)
	say "$c: $cnt${first:+ (first: program $first of the stream)}"
done

# The identity of a disagreement, kept while reducing: the model's unsafe
# access for an accepted unsafe program, the verifier's message for a
# rejected safe one.
keyfn='function key(c, shape, why,    n, a, i) {
	if (c != "unsafe-accept")
		return why
	n = split(shape, a, " ")
	for (i = 2; i <= n; i++)
		if (a[i] == "!")
			return a[i - 1]
	return ""
}'
# Reduce at most max_reduce of them, a few of each key, canonical forms.
awk -F'\t' "$keyfn"'$2 != "tolerated" {k = key($2, $5, $4)
	if (c[$2 k]++ < 4) print $3 "\t" $2 "\t" k}' "$out/disagree.tsv" |
	awk -v m="$max_reduce" 'NR <= m' |
	while IFS=$'\t' read -r enc class key; do
		printf '%s\t%s\t%s\n' "$("$gen" show "$enc" | cut -f4)" "$class" "$key"
	done | sort -u > "$out/cur.tsv"
rm -f "$out/done.tsv"
touch "$out/done.tsv"
round=0
while [ "$round" -lt "$rounds" ] && [ -s "$out/cur.tsv" ]; do
	round=$((round + 1))
	rd=$out/red/$round
	mkdir -p "$rd"
	: > "$rd/cands.tsv"
	while IFS=$'\t' read -r enc class key; do
		"$gen" reduce "$enc" |
			awk -F'\t' -v e="$enc" -v m="$max_cands" \
				'$1 != e && ++n <= m {print e "\t" $1 "\t" $3}' \
			>> "$rd/cands.tsv"
	done < "$out/cur.tsv"
	if [ ! -s "$rd/cands.tsv" ]; then
		cat "$out/cur.tsv" >> "$out/done.tsv"
		: > "$out/cur.tsv"
		break
	fi
	# objects of one program type each (fuzzgen emit sizes them)
	cut -f2 "$rd/cands.tsv" | sort -u |
		awk -F: -v d="$rd" '{print > (d "/" $1 ".list")}'
	: > "$rd/names.tsv"
	for l in "$rd"/*.list; do
		mapfile -t encs < "$l"
		"$gen" emit -o "${l%.list}" "${encs[@]}" >> "$rd/names.tsv"
	done
	build "$rd"
	judge "$rd"
	judged=$((judged + $(wc -l < "$rd/verdicts.tsv")))
	# candidates that still disagree: encoding and verifier message
	awk -F'\t' 'NR == FNR {if ($2 == "fail") bad[$1] = $3; next}
		$1 in bad {print $3 "\t" bad[$1]}' \
		"$rd/verdicts.tsv" "$rd/names.tsv" > "$rd/still.tsv"
	: > "$out/next.tsv"
	while IFS=$'\t' read -r enc class key; do
		best=$(awk -F'\t' -v e="$enc" -v c="$class" -v k="$key" "$keyfn"'
			NR == FNR {why[$1] = $2; next}
			$1 == e && ($2 in why) && key(c, $3, why[$2]) == k &&
			(best == "" || length($2) < length(best)) {best = $2}
			END {print best}' "$rd/still.tsv" "$rd/cands.tsv")
		if [ -n "$best" ]; then
			printf '%s\t%s\t%s\n' "$best" "$class" "$key" >> "$out/next.tsv"
		else
			printf '%s\t%s\t%s\n' "$enc" "$class" "$key" >> "$out/done.tsv"
		fi
	done < "$out/cur.tsv"
	sort -u "$out/next.tsv" > "$out/cur.tsv"
	say "reduction round $round: $(wc -l < "$out/cur.tsv") still shrinking"
done
cat "$out/cur.tsv" >> "$out/done.tsv"

# Deduplicate by reduced shape; write each finding as a test.
sort -u "$out/done.tsv" | while IFS=$'\t' read -r enc class key; do
	IFS=$'\t' read -r verdict shape _ enc _ < <("$gen" show "$enc")
	printf '%s\t%s\t%s\t%s\t%s\n' "$class" "$shape" "$enc" "$verdict" "$key"
done | sort -t$'\t' -k1,2 -u |
	awk -F'\t' '{n = $1 == "unsafe-accept" ? "unsafe_accept" : "false_reject"
		     printf "%s\t%s_%02d\n", $0, n, NR}' > "$findings/findings.tsv"
while IFS=$'\t' read -r class shape enc verdict key name; do
	write_finding "$class" "$release" "$enc" "$verdict" "$key" "$name"
	say "finding $name ($class, ${key}): $shape"
done < "$findings/findings.tsv"
if [ -s "$findings/findings.tsv" ]; then
	# each finding is loaded once more: only those that still fail stay
	build "$findings"
	judge "$findings"
	judged=$((judged + $(wc -l < "$findings/verdicts.tsv")))
	awk -F'\t' -v r="$release" '{sub("/.*", "", $1); print $1 "\t" r "\t" $2 "\t" $3}' \
		"$findings/verdicts.tsv" > "$findings/kernels.tsv"
	while IFS=$'\t' read -r name _ status why; do
		[ "$status" != fail ] || continue
		say "$name does not reproduce ($status${why:+: $why}): dropped"
		rm -f "$findings/$name".*
		awk -F'\t' -v n="$name" '$6 != n' "$findings/findings.tsv" \
			> "$findings/findings.tmp"
		mv "$findings/findings.tmp" "$findings/findings.tsv"
	done < "$findings/kernels.tsv"
fi
t3=$(date +%s)
say "done: $judged loads in $((t3 - t0)) s;" \
	"$(wc -l < "$findings/findings.tsv") findings in $findings"
