#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The suite on a line of kernels (make line): boots each Debian kernel of
# a list with vmtest.sh, one after the other, then merges the results and
# computes the fix map (report fixmap): for every test the first kernel
# from which it passes, held against its fix, the release FIXES gives it
# and the xfail list entries, as each run's results record them.
#
#   line.sh [-o DIR] [-l LIST] [--shard I/N] [--list]
#           [ARCH:SERIES | ARCH:tree:SERIES ...]
#
# Default list: tools/line/line.list.  ARCH:tree:SERIES builds Debian's
# linux-source-SERIES for ARCH (vmtest.sh -t ... --tiny, cached) and
# boots it: s390x with a BPF JIT, which Debian's s390x kernels lack.
# --shard I/N runs the kernels whose place in the list, counted from 0,
# is I-1 modulo N (the same split on every machine), without the fix map:
# one shard sees part of the line (tools/line/line-report.sh merges the shards
# and makes it).  --list prints the kernels it would run, one ARCH:SERIES
# a line, and runs none.  Results: DIR/<arch>/<release>/ (as vmtest.sh),
# DIR/line.txt (one verdict a kernel), DIR/fixmap.{txt,md,json}.
# Exit status: 0 every kernel passed (as the runner expects: derived from
# FIXES, or an xfail list) and the fix map agrees; 1 a kernel failed or
# the fix map disagrees; 2 usage or setup error (a kernel that cannot be
# had is named and fails the line).
set -euo pipefail

PROG=line
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tools/vm/lib.sh
. "$top/tools/vm/lib.sh"

out=$top/results/line
list=$top/tools/line/line.list
shard=""
list_only=0
while [ $# -gt 0 ]; do
	case "$1" in
	-o) out=${2:?-o needs a directory}; shift ;;
	-l) list=${2:?-l needs a list file}; shift ;;
	--shard) shard=${2:?--shard needs I/N, e.g. 1/2}; shift ;;
	--list) list_only=1 ;;
	-h|--help) sed -n '3,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
	shift
done

entries=()
if [ $# -gt 0 ]; then
	for e in "$@"; do
		[[ $e == *:* ]] || die "'$e' is not ARCH:SERIES (e.g. x86_64:7.2)"
		entries+=("${e//:/ }")
	done
else
	[ -f "$list" ] || die "no kernel list $list"
	mapfile -t entries < <(sed 's/#.*//; /^[[:space:]]*$/d' "$list")
fi
[ ${#entries[@]} -gt 0 ] || die "the kernel list is empty"
if [ -n "$shard" ]; then
	if ! [[ $shard =~ ^([1-9][0-9]*)/([1-9][0-9]*)$ ]] ||
	   [ "${BASH_REMATCH[1]}" -gt "${BASH_REMATCH[2]}" ]; then
		die "--shard takes I/N with 1 <= I <= N (e.g. 1/2), not '$shard'"
	fi
	i=${BASH_REMATCH[1]}
	n=${BASH_REMATCH[2]}
	mine=()
	for k in "${!entries[@]}"; do
		if [ $((k % n)) = $((i - 1)) ]; then
			mine+=("${entries[$k]}")
		fi
	done
	[ ${#mine[@]} -gt 0 ] ||
		die "shard $shard of a line of ${#entries[@]} kernels is empty"
	entries=("${mine[@]}")
fi
if [ "$list_only" = 1 ]; then
	for e in "${entries[@]}"; do
		read -r -a w <<<"$e"
		(IFS=:; echo "${w[*]}")
	done
	exit 0
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

rc=0
: >"$out/line.txt"
t0=$(date +%s)
for e in "${entries[@]}"; do
	read -r arch series tree <<<"$e"
	msg "$arch $series${tree:+ $tree}"
	if [ "$series" = tree ]; then
		# a kernel built from Debian's linux-source of that series
		src=$("$top/tools/lib/ksrc.sh" "$tree") ||
			die "cannot get linux-source-$tree for $arch"
		kernel=(-t "$src" --tiny)
	else
		kernel=(--debian "$series")
	fi
	vrc=0
	"$top/tools/vm/vmtest.sh" -a "$arch" "${kernel[@]}" -o "$out" \
		>"$out/.vmtest.log" 2>&1 || vrc=$?
	cat "$out/.vmtest.log" >&2
	v=$(grep -m1 -E "^$arch [^ ]+: (PASS|FAIL|SKIP)" "$out/.vmtest.log" ||
		true)
	if [ -z "$v" ]; then
		v="$arch $series${tree:+ $tree}: no result: $(grep -m1 'error:' \
			"$out/.vmtest.log" || tail -n1 "$out/.vmtest.log")"
	fi
	echo "$v" | tee -a "$out/line.txt"
	[ "$vrc" = 0 ] || rc=1
done
rm -f "$out/.vmtest.log"
echo "line${shard:+ (shard $shard)}: ${#entries[@]} kernels in $(($(date +%s) - t0)) s" |
	tee -a "$out/line.txt"

if [ -n "$shard" ]; then
	msg "shard $shard: no fix map (tools/line/line-report.sh makes it of all shards)"
	exit "$rc"
fi
frc=0
"$top/tools/report/report" fixmap -f json "$out" >"$out/fixmap.json" || frc=$?
[ "$frc" -le 1 ] || die "report fixmap failed ($frc)"
"$top/tools/report/report" fixmap -f md "$out" >"$out/fixmap.md" || true
"$top/tools/report/report" fixmap "$out" | tee "$out/fixmap.txt" || true
[ "$frc" = 0 ] || rc=1
exit "$rc"
