#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A fuzz campaign (docs/fuzz.md): generate programs with fuzzgen, judge them
# with bpf_refs on the host or in a Debian guest, reduce every disagreement
# (drop events while it stays), deduplicate by reduced shape and write each
# finding as a ready test under OUT/findings/.
#
#   campaign.sh -s SEED -n N -o OUT [-k KERNEL] [-b BATCH] [-t TYPES] [-x DEPTH]
#
# KERNEL: a Debian series or version for vmtest.sh --debian (one guest at a
# time); without it the programs load into the running kernel.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
gen=$here/fuzzgen
seed=1 n=1000 out='' kernel='' batch=200 types=tc,xdp,qdisc depth='' rounds=8
max_reduce=40 max_cands=48

usage() {
	sed -n '3,12s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
die() {
	echo "campaign: $*" >&2
	exit 1
}

while getopts "s:n:o:k:b:t:x:h" o; do
	case $o in
	s) seed=$OPTARG ;;
	n) n=$OPTARG ;;
	o) out=$OPTARG ;;
	k) kernel=$OPTARG ;;
	b) batch=$OPTARG ;;
	t) types=$OPTARG ;;
	x) depth=$OPTARG ;;
	*) usage ;;
	esac
done
[ -n "$out" ] || usage
[ -x "$gen" ] || die "no $gen: run make -C $here"
[ -x "$top/bpf_refs" ] || die "no $top/bpf_refs: run make in $top"
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

judged=0
# Judge the objects of $1; print "name status reason" lines of its tests.
judge() {
	local dir=$1 objs=() f res
	for f in "$dir"/*.bpf.o; do
		objs+=(--object "$f")
	done
	[ ${#objs[@]} -gt 0 ] || return 0
	if [ -z "$kernel" ]; then
		res=$dir/results.json
		"$top/bpf_refs" --json "$res" "${objs[@]}" > "$dir/ktap" || true
	else
		rm -rf "$dir/vm"
		"$top/vmtest.sh" --debian "$kernel" -o "$dir/vm" --timeout 3000 \
			"${objs[@]}" > "$dir/vmtest.log" 2>&1 || true
		res=$(find "$dir/vm" -name results.json | sed -n 1p)
		[ -n "$res" ] || die "no results from the guest: $dir/vmtest.log"
	fi
	sed -n 's/^ *{"name": "[^/]*\/\([^"]*\)", "status": "\([a-z]*\)", "reason": "\([^"]*\)".*/\1\t\2\t\3/p' "$res"
}

t0=$(date +%s)
say "campaign: seed $seed, $n programs, types $types, kernel ${kernel:-host}"
rm -rf "$out/gen" "$out/red" "$out/findings"
mkdir -p "$out/gen" "$out/findings"
"$gen" gen -s "$seed" -n "$n" -o "$out/gen" -b "$batch" -t "$types" \
	${depth:+-x "$depth"} 2>> "$log"
build "$out/gen"
t1=$(date +%s)
judge "$out/gen" > "$out/verdicts.tsv"
t2=$(date +%s)
judged=$(wc -l < "$out/verdicts.tsv")
release=$(sed -n 's/.*"release": "\([^"]*\)".*/\1/p' \
	"$(find "$out/gen" -name results.json | sed -n 1p)" | sed -n 1p)
say "judged $judged programs on $release in $((t2 - t1)) s (generate and build $((t1 - t0)) s)"
skips=$(awk -F'\t' '$2 == "skip"' "$out/verdicts.tsv" | wc -l)
[ "$skips" -eq 0 ] || say "$skips programs skipped (kernel lacks a feature)"

# Disagreements: name class enc.  Class: unsafe-accept or false-reject.
join -t "$(printf '\t')" <(awk -F'\t' '$2 == "fail" {print $1 "\t" $3}' \
	"$out/verdicts.tsv" | sort) <(sort "$out/gen/manifest.tsv") |
	awk -F'\t' '{print $1 "\t" ($3 == "unsafe" ? "unsafe-accept" : "false-reject") "\t" $4 "\t" $2}' \
	> "$out/disagree.tsv"
say "$(wc -l < "$out/disagree.tsv") disagreements:" \
	"$(grep -c unsafe-accept "$out/disagree.tsv" || true) unsafe accepted," \
	"$(grep -c false-reject "$out/disagree.tsv" || true) safe rejected"
# first occurrence of each class in the stream (programs are numbered)
for c in unsafe-accept false-reject; do
	first=$(awk -F'\t' -v c="$c" '$2 == c {split($1, a, "_"); print a[3]}' \
		"$out/disagree.tsv" | sort -n | sed -n 1p)
	[ -z "$first" ] || say "first $c: program $first of the stream"
done

# Reduce at most max_reduce of them, a few of each verifier reason.
awk -F'\t' '{k = $2 $4; if (c[k]++ < 4) print $3 "\t" $2}' "$out/disagree.tsv" |
	awk -v m="$max_reduce" 'NR <= m' > "$out/cur.tsv"
round=0
while [ "$round" -lt "$rounds" ] && [ -s "$out/cur.tsv" ]; do
	round=$((round + 1))
	rd=$out/red/$round
	mkdir -p "$rd"
	: > "$rd/cands.tsv"
	while IFS=$'\t' read -r enc class; do
		"$gen" reduce "$enc" |
			awk -F'\t' -v e="$enc" -v m="$max_cands" 'NR <= m {print e "\t" $1}' >> "$rd/cands.tsv"
	done < "$out/cur.tsv"
	[ -s "$rd/cands.tsv" ] || break
	# one object per program type, at most 400 programs each
	cut -f2 "$rd/cands.tsv" | sort -u | awk -F: -v d="$rd" \
		'{k = c[$1]++; f = d "/" $1 "_" int(k / 400) ".list"; print > f}'
	: > "$rd/names.tsv"
	for l in "$rd"/*.list; do
		b=${l%.list}
		mapfile -t encs < "$l"
		"$gen" emit -o "$b.c" "${encs[@]}" |
			sed "s/^/${b##*/}_/" >> "$rd/names.tsv"
	done
	build "$rd"
	judge "$rd" > "$rd/verdicts.tsv"
	judged=$((judged + $(wc -l < "$rd/verdicts.tsv")))
	# names are per object: match by object file and program name
	for l in "$rd"/*.list; do
		b=${l##*/}
		b=${b%.list}
		awk -F'\t' -v b="$b" 'NR == FNR {if ($2 == "fail") bad[$1] = 1; next}
			index($1, b "_") == 1 {n = substr($1, length(b) + 2)
			 if (n in bad) print $3}' \
			<(sed -n "s/^ *{\"name\": \"$b\/\([^\"]*\)\", \"status\": \"\([a-z]*\)\".*/\1\t\2/p" \
			  "$(find "$rd" -name results.json | sed -n 1p)") "$rd/names.tsv"
	done | sort -u > "$rd/still.txt"
	: > "$out/next.tsv"
	while IFS=$'\t' read -r enc class; do
		best=$(awk -F'\t' -v e="$enc" '$1 == e {print $2}' "$rd/cands.tsv" |
			grep -Fxf "$rd/still.txt" | awk '{print length($0) "\t" $0}' |
			sort -n | sed -n '1s/^[0-9]*\t//p' || true)
		if [ -n "$best" ]; then
			printf '%s\t%s\n' "$best" "$class" >> "$out/next.tsv"
		else
			printf '%s\t%s\n' "$enc" "$class" >> "$out/done.tsv"
		fi
	done < "$out/cur.tsv"
	sort -u "$out/next.tsv" > "$out/cur.tsv"
	say "reduction round $round: $(wc -l < "$out/cur.tsv") still shrinking"
done
cat "$out/cur.tsv" >> "$out/done.tsv" 2>/dev/null || true
touch "$out/done.tsv"

# Deduplicate by reduced shape; write each finding as a test.
: > "$out/findings.tsv"
while IFS=$'\t' read -r enc class; do
	read -r verdict shape <<< "$("$gen" show "$enc" | cut -f1,2 | tr '\t' ' ')"
	printf '%s\t%s\t%s\t%s\n' "$class" "$shape" "$enc" "$verdict"
done < <(sort -u "$out/done.tsv") | sort -t$'\t' -k1,2 -u > "$out/findings.tsv"
i=0
while IFS=$'\t' read -r class shape enc verdict; do
	i=$((i + 1))
	name=$(printf '%s_%02d' "${class//-/_}" "$i")
	# the verifier's reason, from a load of the reduced program
	f=$out/findings/$name.c
	"$gen" finding -o "$f" -N "$name" -k "$release" \
		-r "see campaign.log" "$enc"
	say "finding $name ($class): $shape"
done < "$out/findings.tsv"
if [ "$i" -gt 0 ]; then
	build "$out/findings"
	judge "$out/findings" > "$out/findings/verdicts.tsv"
	while IFS=$'\t' read -r name status reason; do
		say "  $name on $release: $status${reason:+: $reason}"
	done < "$out/findings/verdicts.tsv"
fi
t3=$(date +%s)
say "done: $judged loads in $((t3 - t0)) s; $i findings in $out/findings"
