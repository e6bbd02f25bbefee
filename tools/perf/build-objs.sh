#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Generate a sweep with treegen and compile one BPF object per family.
# When clang refuses a program (stack over 512 bytes in one function), the
# program is excluded (treegen -x) and listed in manifest.csv, and the
# sweep is generated again.
# usage: build-objs.sh TREEGEN OUTDIR [SWEEPFILE]
set -euo pipefail

treegen=$1
out=$2
sweep=${3:-}
: "${CLANG:=clang-16}"
bpf_target=$("$(dirname "$0")/../lib/arch.sh" BPF "$(uname -m)")
: "${BPF_CFLAGS:=-O2 -g -target $bpf_target -Wall -Werror}"
excluded=""

gen() {
	rm -f "$out"/bench_*.bpf.c
	if [ -n "$sweep" ]; then
		"$treegen" -o "$out" -x "$excluded" -s "$sweep" >/dev/null
	else
		"$treegen" -o "$out" -x "$excluded" >/dev/null
	fi
}

# The program whose generated body holds line $2 of file $1.
prog_at() {
	awk -v l="$2" 'NR <= l && /^\/\* [a-z0-9_]+__n[0-9]+: / { p = $2 }
		END { sub(":", "", p); print p }' "$1"
}

gen
rm -f "$out"/bench_*.bpf.o
for src in "$out"/bench_*.bpf.c; do
	obj=${src%.c}.o
	tries=0
	# shellcheck disable=SC2086
	while ! "$CLANG" $BPF_CFLAGS -c "$src" -o "$obj" 2>"$obj.err"; do
		line=$(sed -n 's/^[^:]*\.bpf\.c:\([0-9]*\):[0-9]*: error: .*stack limit.*/\1/p' \
			"$obj.err" | head -1)
		prog=""
		[ -n "$line" ] && prog=$(prog_at "$src" "$line")
		tries=$((tries + 1))
		if [ -z "$prog" ] || [ $tries -gt 8 ]; then
			cat "$obj.err" >&2
			exit 1
		fi
		echo "  CLANG    $prog: over clang's stack limit, left out" >&2
		excluded=${excluded:+$excluded,}$prog
		gen
	done
	rm -f "$obj.err"
	echo "  CLNG-BPF $obj"
done
