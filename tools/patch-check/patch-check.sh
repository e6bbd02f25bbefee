#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What does a verifier patch fix, break and cost?  Boots a tiny kernel of
# a linux-source tree without and with PATCH (tools/vm/vmtest.sh -t TREE
# --tiny [--patch PATCH]: each kernel built once and cached, the patched one
# keyed by the patch) on each arch and runs on both:
#
#   suite    the suite
#   corpus   every object upstream's test_loader runs in that tree
#            (tools/upstream/upstream-peer.sh corpus-build)
#   fuzz     a seeded campaign's programs (tools/fuzz/campaign.sh -G)
#   perf     the instructions of each bpf_check() of the perf families
#            (tools/perf/kernels.sh --insn-count, tree:TREE against
#            tree:TREE+PATCH)
#
# Each pair of runs is compared by tools/report/report diff.  The table
# (stdout and DIR/table.md) gives per arch and part what starts to pass,
# what starts to fail (a safe program refused, or a verdict lost), what
# else changed, the verifier counters that grew or shrank, and the cost
# per family with its interval.  The corpus and the fuzz programs are
# built little-endian: they run on the arches whose BPF is (tools/lib/
# arch.sh), and are skipped with a note elsewhere.
#
#   patch-check.sh -p PATCH [-s SERIES] [-a ARCH[,ARCH...]] [-o DIR]
#                  [--fuzz SEED:N] [--skip PART[,PART...]]
#
# SERIES: tools/lib/ksrc.sh's (default 7.3); ARCH: x86_64, aarch64,
# s390x or all (default x86_64); PART: suite, corpus, fuzz, perf; DIR:
# results/patch-check/<patch name>.  Exit status: 0 when nothing starts to
# fail, 1 when something does, 2 when the patch does not apply, a kernel
# does not build or a guest gives no results (the step is named).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tools/lib/object-sets.sh
. "$top/tools/lib/object-sets.sh"
# shellcheck source=tools/lib/patch-apply.sh
. "$top/tools/lib/patch-apply.sh"
# shellcheck source=tools/lib/kernel-spec.sh
. "$top/tools/lib/kernel-spec.sh"
vmtest=$top/tools/vm/vmtest.sh
report=$top/tools/report/report

say() { echo "patch-check: $*" >&2; }
die() {
	say "$*"
	exit 2
}
usage="usage: patch-check.sh -p PATCH [-s SERIES] [-a ARCH[,ARCH...]] [-o DIR]
                      [--fuzz SEED:N] [--skip suite,corpus,fuzz,perf]"

patch="" series=7.3 arches=x86_64 out="" fuzz=1:3000 skip=""
while [ $# -gt 0 ]; do
	case "$1" in
	-p) [ -f "${2:-}" ] || die "-p needs a patch file; $usage"; patch=$(realpath "$2"); shift ;;
	-s) [ -n "${2:-}" ] || die "-s needs a series"; series=$2; shift ;;
	-a) [ -n "${2:-}" ] || die "-a needs an arch"; arches=$2; shift ;;
	-o) [ -n "${2:-}" ] || die "-o needs a directory"; out=$2; shift ;;
	--fuzz) [[ ${2:-} =~ ^[0-9]+:[1-9][0-9]*$ ]] || die "--fuzz needs SEED:N"
		fuzz=$2; shift ;;
	--skip) [ -n "${2:-}" ] || die "--skip needs a list"; skip=,$2,; shift ;;
	-h) echo "$usage"; exit 0 ;;
	*) die "unknown option '$1'; $usage" ;;
	esac
	shift
done
[ -n "$patch" ] || die "$usage"
[ "$arches" != all ] || arches=$("$top/tools/lib/arch.sh" list | paste -sd,)
for a in ${arches//,/ }; do
	"$top/tools/lib/arch.sh" BPF "$a" >/dev/null 2>&1 || die "unknown arch '$a'"
done
name=$(basename "$patch")
out=${out:-$top/results/patch-check/${name%.*}}
mkdir -p "$out" || die "cannot make $out"
out=$(cd "$out" && pwd)
tree=$("$top/tools/lib/ksrc.sh" "$series") ||
	die "step tree: no linux-source-$series (tools/lib/ksrc.sh $series)"
src=$(cat "$tree/.bpf_refs-source" 2>/dev/null || echo "linux-source-$series")
# the runner links the tree's libbpf (vmtest.sh: build/<arch>-<tree name>)
export KDIR=$tree UPSTREAM_PEER_SERIES=$series

patch_apply "$tree" "$patch" --dry-run || die "step patch: $name does not apply to $src"
# the two kernels, as tools/lib/kernel-spec.sh names them (perf passes the
# specs to kernels.sh, the guests their vmtest.sh options)
declare -A spec=([base]="tree:$tree" [patched]="tree:$tree+$patch") kopts_of
kopts_of[base]=$(kernel_spec_args "${spec[base]}" --tiny) ||
	die "step tree: $src is not a kernel tree"
kopts_of[patched]=$(kernel_spec_args "${spec[patched]}" --tiny) ||
	die "step patch: the patched kernel cannot be named (${spec[patched]})"
wanted() { [[ $skip != *",$1,"* ]]; }

# boot ARCH PART SIDE [VMTEST_ARGS]: one guest of the base or patched
# kernel, with vmtest.sh's options one a line in VMTEST_ARGS; its
# results.json is DIR/ARCH/PART-SIDE.json
boot() {
	local arch=$1 part=$2 side=$3 d rc=0 json args=()
	[ -z "${4:-}" ] || mapfile -t args <<<"$4"
	d=$out/$arch/$part-$side
	rm -rf "$d"
	say "$arch $part: $side kernel ($(date -u +%H:%M:%S))"
	local kopts
	read -r -a kopts <<<"${kopts_of[$side]}"
	"$vmtest" -a "$arch" "${kopts[@]}" -o "$d" "${args[@]}" >"$d.log" 2>&1 || rc=$?
	json=$(find "$d" -name results.json 2>/dev/null | head -n1)
	if [ -z "$json" ]; then
		grep -E 'kbuild|error|failed' "$d.log" | tail -n 5 >&2 || true
		die "step $part: the $side $arch kernel gave no results" \
		    "(vmtest.sh exited $rc; log $d.log)"
	fi
	cp "$json" "$out/$arch/$part-$side.json"
}

# compare ARCH PART: report diff of the two runs into DIR/ARCH/PART.diff.json
# and one row of the table; counts what starts to fail into $regressed
regressed=0
compare() {
	local arch=$1 part=$2 a=$out/$1/$2-base.json b=$out/$1/$2-patched.json d rc=0 row
	d=$out/$arch/$part.diff.json
	"$report" diff -f json --no-perf-gate "$a" "$b" >"$d" 2>"$d.err" || rc=$?
	[ "$rc" != 2 ] || die "step $part: report diff of $a and $b failed: $(cat "$d.err")"
	row=$(jq -r -f "$here/changes.jq" --arg part "$part" --slurpfile a "$a" \
		--slurpfile b "$b" "$d") || die "step $part: cannot read $d"
	IFS=$'\t' read -r -a cols <<<"$row"
	regressed=$((regressed + cols[7]))
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "${cols[@]:0:7}" >>"$out/$arch/rows.md"
}

# perf ARCH: kernels.sh --insn-count, base against patched, its families
perf() {
	local arch=$1 d=$out/$1/perf rc=0
	say "$arch perf: kernels.sh --insn-count ($(date -u +%H:%M:%S))"
	"$top/tools/perf/kernels.sh" -a "$arch" --insn-count --tiny --boots 2 -r 5 \
		-o "$d" "${spec[base]}" "${spec[patched]}" >"$d.log" 2>&1 || rc=$?
	if [ "$rc" = 2 ] || [ ! -s "$d/compare.json" ]; then
		die "step perf: kernels.sh failed on $arch (exit $rc; log $d.log)"
	fi
	jq -r '.families[]? | "- family \(.family): \(.ratio) [\(.ci_lo), \(.ci_hi)] \(.verdict)"' \
		"$d/compare.json" >>"$out/$arch/notes.md" ||
		die "step perf: cannot read $d/compare.json"
}

# the vmtest.sh options of each object set that runs (tools/lib/object-sets.sh)
corpus_args="" fuzz_args=""
le_arches=""
for a in ${arches//,/ }; do
	[ "$("$top/tools/lib/arch.sh" BPF "$a")" != bpfel ] || le_arches+=" $a"
done
if [ -n "$le_arches" ] && wanted corpus; then
	corpus_args=$(object_set corpus "$out") || die "step corpus: no objects to boot"
fi
if [ -n "$le_arches" ] && wanted fuzz; then
	fuzz_args=$(object_set fuzz "$out" "$fuzz") || die "step fuzz: no objects to boot"
fi

for a in ${arches//,/ }; do
	mkdir -p "$out/$a"
	: >"$out/$a/rows.md"
	: >"$out/$a/notes.md"
	le=0
	[[ " $le_arches " != *" $a "* ]] || le=1
	for side in base patched; do
		! wanted suite || boot "$a" suite "$side"
		[ "$le" = 0 ] || [ -z "$corpus_args" ] ||
			boot "$a" corpus "$side" "$corpus_args"
		[ "$le" = 0 ] || [ -z "$fuzz_args" ] || boot "$a" fuzz "$side" "$fuzz_args"
	done
	for p in suite corpus fuzz; do
		[ ! -s "$out/$a/$p-base.json" ] || compare "$a" "$p"
	done
	if [ "$le" = 0 ] && { wanted corpus || wanted fuzz; }; then
		echo "- corpus and fuzz: not run, their objects are little-endian" \
			>>"$out/$a/notes.md"
	fi
	! wanted perf || perf "$a"
done

{
	echo "# patch-check: $name on $src"
	echo
	echo "Made by make patch-check on $(date -u +%F): tiny kernels (tinyconfig +" \
	     "config + tools/vm/tiny.config) without and with the patch."
	for a in ${arches//,/ }; do
		echo
		echo "## $a"
		echo
		echo "| part | base | patched | starts to pass | starts to fail | other changes |" \
		     "counters grown / shrunk |"
		echo "|---|---|---|---|---|---|---|"
		cat "$out/$a/rows.md"
		[ ! -s "$out/$a/notes.md" ] || { echo; cat "$out/$a/notes.md"; }
	done
	echo
	if [ "$regressed" = 0 ]; then
		echo "Nothing starts to fail."
	else
		echo "**$regressed tests start to fail.**" \
		     "Each pair's changes: DIR/ARCH/PART.diff.json."
	fi
} >"$out/table.md"
cat "$out/table.md"
[ "$regressed" = 0 ] || exit 1
