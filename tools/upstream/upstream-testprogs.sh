#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The exported tests judged by upstream's own runner, test_progs:
#
#   upstream-testprogs.sh [-o DIR] [--src SERIES] [--vm KERNEL[,KERNEL...]]
#                         TOPIC[/SUBTEST]...
#
#  1. tools/upstream/upstream-patch.sh exports the tests as a selftests/bpf
#     patch and applies it to a copy of Debian's linux-source-SERIES (--src,
#     default 7.3; hard links, $BPF_REFS_CACHE/test_progs-SERIES/linux,
#     made anew each run: linux-source-SERIES is not changed).
#  2. The copy's prog_tests/ and progs/ keep only the exported topics, and
#     its selftests/bpf Makefile builds test_progs (make test_progs) with
#     clang-19 (CLANG overrides it; clang-16 cannot build the tree's
#     libarena) and vmlinux.h from the BTF of Debian's kernel of the series.
#     The build directory, $BPF_REFS_CACHE/test_progs-SERIES/out, is kept:
#     libbpf, bpftool and veristat are built once.  What the exported
#     topics do not use is left out on make's command line: the light and
#     linked skeletons of other programs, libarena, and the extra files
#     (bpf_testmod.ko and the others need a built kernel tree).
#  3. test_progs, its loader and libraries go into DIR/test_progs.tar.gz.
#  4. Each --vm KERNEL (default: Debian's of --src) boots twice (x86_64):
#     ./test_progs -t TOPIC,... (tools/vm/vmtest.sh --file, --run
#     tools/upstream/test_progs-guest.sh), and the suite's tests of the
#     same names; every test must get the same verdict from both (a
#     failure the suite calls XFAIL is a failure).  KERNEL is a SERIES
#     (Debian's kernel of it) or a tools/lib/kernel-spec.sh spec: e.g.
#     tree:PATH+FIX.patch, a tiny kernel of a tree with a fix, is the
#     kernel that lacks a bug no released kernel has fixed.  A tree's
#     kernel is built with tools/upstream/test_progs.config too: what
#     test_progs needs at its start.
# DIR (default results/upstream-testprogs) gets the export (export/),
# the guests' results (vm-NAME/{test_progs,suite}/, NAME the series or
# the spec's last file name) and verdicts.txt,
# "TEST KERNEL SUITE TEST_PROGS" per test and kernel release.  Exit 1 on a
# failed step or a verdict that differs, with what failed; 2 on bad
# arguments.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tools/lib/kernel-spec.sh
. "$here/tools/lib/kernel-spec.sh"
PROG=upstream-testprogs
: "${BPF_REFS_CACHE:=/var/cache/bpf_refs}"
export BPF_REFS_CACHE

die() { echo "$PROG: $*" >&2; exit 1; }
say() { echo "$PROG: $*"; }
usage() { echo "$PROG: $*" >&2; sed -n '6,7p' "$0" | sed 's/^# //' >&2; exit 2; }

out=$here/results/upstream-testprogs
src=7.3
vm_kernels=""
sel=()
while [ $# -gt 0 ]; do
	case "$1" in
	-o) [ -n "${2:-}" ] || usage "-o needs a directory"; out=$2; shift ;;
	--src) [[ ${2:-} =~ ^[0-9]+\.[0-9]+$ ]] || usage "--src needs a series (e.g. 7.3)"
	       src=$2; shift ;;
	--vm) [ -n "${2:-}" ] || usage "--vm needs a kernel (e.g. 7.3)"
	      vm_kernels=${2//,/ }; shift ;;
	-h|--help) sed -n '3,38p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) usage "unknown option '$1'" ;;
	*) sel+=("$1") ;;
	esac
	shift
done
[ ${#sel[@]} -gt 0 ] || usage "no TOPIC[/SUBTEST] given"
# the guests: "NAME vmtest.sh-options" a line
# shellcheck disable=SC2086 # a list of kernels
g=$(kernel_spec_guests "-c $here/tools/upstream/test_progs.config" ${vm_kernels:-$src}) ||
	usage "--vm: '${vm_kernels:-$src}' is not a list of kernels"
mapfile -t guests <<<"$g"
CLANG=${CLANG:-clang-19}
for t in "$CLANG" "llvm-strip-${CLANG#clang-}" make gcc rsync openssl jq flock; do
	command -v "$t" >/dev/null || die "missing $t: tools/deps.sh build vm installs it"
done
topics=()
for s in "${sel[@]}"; do
	t=${s%%/*}
	[[ " ${topics[*]} " == *" $t "* ]] || topics+=("$t")
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
K=$("$here/tools/lib/ksrc.sh" "$src") || die "no linux-source-$src (tools/lib/ksrc.sh $src)"
read -r kimg _ krel _ < <("$here/tools/vm/debian-kernel.sh" x86_64 "$src") ||
	die "cannot get Debian's $src kernel (tools/vm/debian-kernel.sh x86_64 $src)"
cache=$BPF_REFS_CACHE/test_progs-$src
tree=$cache/linux
P_REL=tools/testing/selftests/bpf
P=$tree/$P_REL
mkdir -p "$cache/out"
exec 8>"$cache/.lock"
flock 8

# 1. the patch, applied to a fresh copy (same path each run, so that make
# finds its earlier build of the unchanged files up to date)
rm -rf "$tree"
cp -al "$K" "$tree" || die "cannot copy $K to $tree"
"$here/tools/upstream/upstream-patch.sh" -o "$out/export" "${sel[@]}" "$tree" \
	>"$out/export.log" 2>&1 || {
	tail -n 20 "$out/export.log" >&2
	die "tools/upstream/upstream-patch.sh failed ($out/export.log)"
}
patch=$(sed -n 's/^upstream-patch: \(.*\.patch\)$/\1/p' "$out/export.log")
[ -f "$patch" ] || die "upstream-patch.sh named no patch ($out/export.log)"
say "exported $patch"

# 2. test_progs of the exported topics alone: the runners and programs
# the patch adds (progs/TOPIC.c, or TOPIC__TEST.c a test), no other
keep=" $(sed -n "s|^+++ b/$P_REL/||p" "$patch" | paste -sd' ') "
for f in "$P"/prog_tests/*.c "$P"/progs/*.c; do
	[[ $keep == *" ${f#"$P"/} "* ]] || rm -f "$f"
done
# an earlier export's dependencies of a topic's runner may name objects
# this one does not have
for t in "${topics[@]}"; do
	rm -f "$cache/out/$t.test.d" "$cache/out/$t.test.o"
done
t0=$(date +%s)
if ! (cd "$P" && nice make -j"$(nproc)" OUTPUT="$cache/out" CLANG="$CLANG" \
	LLVM_STRIP="llvm-strip-${CLANG#clang-}" VMLINUX_BTF="$kimg" \
	SKIP_DOCS=1 SKIP_LLVM=1 SKIP_LIBBFD=1 SKIP_CRYPTO=1 \
	LSKELS= LSKELS_SIGNED= LSKELS_EXTRA= LINKED_SKELS= LIBARENA_SKEL= \
	TRUNNER_EXTRA_FILES= test_progs) >"$out/build.log" 2>&1; then
	tail -n 20 "$out/build.log" >&2
	die "make test_progs in $P failed ($out/build.log)"
fi
say "built test_progs of linux-source-$src (${topics[*]}), vmlinux.h from $krel," \
    "in $(($(date +%s) - t0)) s"

# 3. test_progs with the loader and the libraries it was linked with
pkg=$cache/pkg
rm -rf "$pkg"
mkdir -p "$pkg/lib"
cp "$cache/out/test_progs" "$pkg/"
interp=$(readelf -l "$pkg/test_progs" |
	sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
[ -n "$interp" ] || die "$cache/out/test_progs names no program interpreter"
cp -L "$interp" "$pkg/lib/ld.so"
mapfile -t libs < <(ldd "$pkg/test_progs" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
[ ${#libs[@]} -gt 0 ] || die "ldd finds no library of $pkg/test_progs"
cp -L "${libs[@]}" "$pkg/lib/"
tar -C "$pkg" -czf "$out/test_progs.tar.gz" . || die "cannot write $out/test_progs.tar.gz"
exec 8>&-

# statuses: "topic/subtest<TAB>pass|fail|skip" of a test_progs run (its
# subtest lines, not their repeat among the error logs; a subtest is
# named by its __description, else by its program), and
# "topic/subtest<TAB>test<TAB>status" of the suite's tests that were
# exported (its JSON, an XFAIL a failure, the subtest named as test_progs
# names it)
tp_statuses() {
	sed -nE -e '/^All error logs:$/q' \
		-e 's/^#[0-9]+\/[0-9]+ +([a-z0-9_]+\/.*):(OK|FAIL|SKIP)$/\1\t\2/p' "$1" |
		sed 's/\tOK$/\tpass/; s/\tFAIL$/\tfail/; s/\tSKIP$/\tskip/'
}
suite_statuses() {
	jq -r '.tests[] | (.name | split("/")) as [$t, $n]
		| select(.name as $x | $ARGS.positional | any(. == $x or . == $t))
		| "\($t)/\(if (.description // "") != "" then .description else $n end)"
		+ "\t\(.name)\t\(.status | if . == "xfail" then "fail"
					  elif . == "xpass" then "pass" else . end)"' \
		"$1" --args "${sel[@]}"
}

# 4. the guests (the suite runs the whole topics: a list of subtests soon
# outgrows the guest's kernel command line)
only=$(IFS=,; echo "${topics[*]}")
: >"$out/verdicts.txt"
bad=0
for g in "${guests[@]}"; do
	s=${g%% *}
	read -r -a kargs <<<"${g#* }"
	d=$out/vm-$s
	rm -rf "$d"
	mkdir -p "$d"
	t0=$(date +%s)
	"$here/tools/vm/vmtest.sh" -a x86_64 "${kargs[@]}" -o "$d/test_progs" \
		--file "$out/test_progs.tar.gz" --run "$here/tools/upstream/test_progs-guest.sh" \
		-- -t "$only" >"$d/test_progs.log" 2>&1 || true
	t1=$(date +%s)
	"$here/tools/vm/vmtest.sh" -a x86_64 "${kargs[@]}" -o "$d/suite" -- -t "$only" \
		>"$d/suite.log" 2>&1 || true
	say "$s: test_progs guest $((t1 - t0)) s, suite guest $(($(date +%s) - t1)) s"
	k=$(find "$d/test_progs/x86_64" -name ktap | head -n1)
	j=$(find "$d/suite/x86_64" -name results.json | head -n1)
	[ -n "$k" ] || die "$s: no output of test_progs ($d/test_progs.log)"
	[ -n "$j" ] || die "$s: no results of the suite ($d/suite.log)"
	grep -q '^Summary: ' "$k" ||
		die "$s: test_progs did not finish: $(cat "$(dirname "$k")/verdict")"
	tp_statuses "$k" >"$d/test_progs.txt"
	suite_statuses "$j" >"$d/suite.txt"
	rel=$(basename "$(dirname "$k")")
	# "TEST KERNEL SUITE TEST_PROGS", - for a test one of them did not run
	awk -F'\t' -v rel="$rel" '
		NR == FNR { name[$1] = $2; st[$1] = $3; next }
		{ tp[$1] = $2; if (!($1 in name)) { name[$1] = $1; gsub(/ /, "_", name[$1]) } }
		END { for (k in name)
			print name[k], rel, (k in st) ? st[k] : "-", (k in tp) ? tp[k] : "-" }
		' "$d/suite.txt" "$d/test_progs.txt" | sort >"$d/verdicts.txt"
	[ -s "$d/verdicts.txt" ] || die "$s: no test ran ($k, $j)"
	cat "$d/verdicts.txt" >>"$out/verdicts.txt"
	n=$(awk '$3 != $4' "$d/verdicts.txt" | wc -l)
	[ "$n" = 0 ] || bad=$((bad + n))
done
{ echo "TEST KERNEL SUITE TEST_PROGS"; cat "$out/verdicts.txt"; } | column -t
[ "$bad" = 0 ] || die "test_progs and the suite differ on $bad test(s) (- not run)"
say "same verdicts from test_progs and the suite on every kernel"
