#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Upstream's own dynptr tests as a peer suite: the annotated programs of
# tools/testing/selftests/bpf/progs of Debian's linux-source-7.2, built as
# upstream builds them and run through the engine (bpf_refs --object) in a
# guest booting Debian's 7.2 kernel, where every one must pass.  The guest's
# runner is built against the same tree (KDIR: its headers and libbpf).
#
#   upstream-peer.sh [all]        build, then the guest (what CI runs)
#   upstream-peer.sh build        build only; prints the objects' directory
#   upstream-peer.sh vm [-o DIR]  build, then the guest (results in DIR,
#                                     default results/upstream-7.2)
#   upstream-peer.sh host RUNNER  build, then run them on this machine's
#                                     kernel with RUNNER (e.g. build/host/bpf_refs)
#   upstream-peer.sh corpus [-o DIR]  every object prog_tests/ runs through
#                                     the test_loader (RUN_TESTS, RUN), in the
#                                     guest: counts, each FAIL and SKIP reason
#   upstream-peer.sh corpus-build     build the corpus only; prints its
#                                     objects' directory
#
# Steps, each cached where it is costly:
#  - the tree: tools/lib/ksrc.sh 7.2 ($BPF_REFS_CACHE/linux-source-7.2);
#  - bpftool of that tree (tools/bpf/bpftool with its own libbpf, no LLVM,
#    libbfd or libcrypto), in $BPF_REFS_CACHE/bpftool-7.2, rebuilt only for
#    another source version: bookworm's bpftool 7.1 leaves the kfunc
#    prototypes out of vmlinux.h;
#  - vmlinux.h from the BTF of Debian's 7.2 kernel (tools/vm/debian-kernel.sh
#    x86_64 7.2: an ELF vmlinux with .BTF);
#  - the objects, with clang-16 (the corpus: clang-19, which builds 222 of
#    its 224 objects where clang-16 builds 213; CLANG overrides either), and
#    the BPF_CFLAGS and CLANG_CFLAGS that the
#    tree's selftests/bpf/Makefile computes (asked from make itself), plus
#    its rule's "-O2 --target=bpfel -mcpu=v3" and test_progs'
#    -DENABLE_ATOMICS_TESTS, into build/upstream-7.2 (rebuilt when the
#    flags, vmlinux.h or the tree change).  A file missing from the tree is
#    skipped with a message; one that fails to build fails the job.
# UPSTREAM_PEER_SERIES picks another series (source tree and kernel),
# UPSTREAM_PEER_OUT another build directory, UPSTREAM_PEER_TREE another
# tree of that series to build from (tools/upstream/upstream-patch.sh: a tree
# with its patch applied), UPSTREAM_PEER_FILES other programs.  CI
# runs "vm"; "host" is the check of the engine on an older
# kernel: on 6.18 the tests listed in known_6_18 below fail for what that
# kernel is, any other "not ok" is a wrong verdict of the engine.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
: "${BPF_REFS_CACHE:=/var/cache/bpf_refs}"
export BPF_REFS_CACHE

# shellcheck source=tools/lib/object-sets.sh
. "$here/tools/lib/object-sets.sh"
series=${UPSTREAM_PEER_SERIES:-7.2}
arch=x86_64
CLANG_SET=${CLANG:-}
CLANG=${CLANG:-clang-16}
# bpftool's own BPF programs, whichever clang builds the objects
BPFTOOL_CLANG=clang-16
# the programs of the peer suite (globs in progs/)
FILES=${UPSTREAM_PEER_FILES:-"dynptr_fail.c dynptr_success.c bpf_qdisc_fail__*.c
bpf_qdisc_dynptr_use_after_invalidate_clone.c file_reader_fail.c
user_ringbuf_fail.c test_kfunc_dynptr_param.c"}

say() { echo "upstream-peer: $*" >&2; }
fail() {
	say "$*"
	exit 1
}
usage="usage: upstream-peer.sh [all | build | vm [-o DIR] | host RUNNER | corpus [-o DIR] |
                        corpus-build]"
case "${1:-all}" in
all | build | vm | host | corpus | corpus-build) ;;
*) fail "$usage" ;;
esac

# python3: libbpf generates bpf_helper_defs.h with scripts/bpf_doc.py
for t in "$CLANG" python3 readelf flock make gcc; do
	command -v "$t" >/dev/null ||
		fail "missing $t: tools/deps.sh all installs it (python3 comes with 'ci')"
done

K=$("$here/tools/lib/ksrc.sh" "$series") || fail "no linux-source-$series tree (tools/lib/ksrc.sh)"
# the selftests/bpf the objects are built from (bpftool: always K's)
P=${UPSTREAM_PEER_TREE:-$K}/tools/testing/selftests/bpf
[ -f "$P/Makefile" ] || fail "no $P/Makefile"
srcver=$(cat "$K/.bpf_refs-source" 2>/dev/null || echo "linux-source-$series")

# bpftool of the tree, with the libbpf headers it installed (bpf_helpers.h,
# the generated bpf_helper_defs.h ...): BPFTOOL_DIR/{bpftool,libbpf/include}
bpftool_build() {
	local d=$BPF_REFS_CACHE/bpftool-$series tmp key
	key="$srcver SKIP_LLVM=1 SKIP_LIBBFD=1 SKIP_CRYPTO=1 CLANG=$BPFTOOL_CLANG"
	BPFTOOL_DIR=$d
	if [ -x "$d/bpftool" ] && [ "$(cat "$d/.stamp" 2>/dev/null)" = "$key" ]; then
		return 0
	fi
	exec 8>"$BPF_REFS_CACHE/.bpftool-$series.lock"
	flock 8
	if [ -x "$d/bpftool" ] && [ "$(cat "$d/.stamp" 2>/dev/null)" = "$key" ]; then
		exec 8>&-
		return 0
	fi
	tmp=$BPF_REFS_CACHE/.bpftool-$series.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	say "building bpftool of $srcver (log: $d/build.log)"
	if ! nice make -C "$K/tools/bpf/bpftool" OUTPUT="$tmp/" -j"$(nproc)" \
		CLANG="$BPFTOOL_CLANG" LLVM_STRIP="llvm-strip-${BPFTOOL_CLANG#clang-}" \
		SKIP_LLVM=1 SKIP_LIBBFD=1 SKIP_CRYPTO=1 >"$tmp/build.log" 2>&1; then
		tail -n 20 "$tmp/build.log" >&2
		fail "building bpftool of $srcver failed (log: $tmp/build.log)"
	fi
	[ -f "$tmp/libbpf/include/bpf/bpf_helper_defs.h" ] ||
		fail "bpftool of $srcver: no libbpf headers in $tmp/libbpf/include"
	echo "$key" >"$tmp/.stamp"
	rm -rf "$d"
	mv "$tmp" "$d"
	exec 8>&-
	say "bpftool: $("$d/bpftool" version | head -n1)"
}

# Build the objects into $O; prints nothing, sets OBJS
build() {
	local kimg flags endian inc f src b n=0 key err vars
	O=${UPSTREAM_PEER_OUT:-$here/build/upstream-$series}
	bpftool_build
	read -r kimg _ KREL _ < <("$here/tools/vm/debian-kernel.sh" "$arch" "$series") ||
		fail "cannot get Debian's $series kernel for $arch (tools/vm/debian-kernel.sh)"
	readelf -h "$kimg" >/dev/null 2>&1 ||
		fail "Debian's $KREL: $kimg is not an ELF vmlinux (no BTF to read)"
	# not grep -q: readelf would die of SIGPIPE, failing the pipeline
	readelf -S -W "$kimg" | grep ' \.BTF ' >/dev/null ||
		fail "Debian's $KREL: $kimg has no .BTF section"
	inc=$O/tools/include
	mkdir -p "$inc" "$O/obj"
	"$BPFTOOL_DIR/bpftool" btf dump file "$kimg" format c >"$O/vmlinux.h.new" ||
		fail "bpftool btf dump of $kimg failed"
	cmp -s "$O/vmlinux.h.new" "$inc/vmlinux.h" || mv "$O/vmlinux.h.new" "$inc/vmlinux.h"
	rm -f "$O/vmlinux.h.new"
	rm -rf "$inc/bpf"
	cp -r "$BPFTOOL_DIR/libbpf/include/bpf" "$inc/"

	# upstream's flags, as its Makefile computes them (INCLUDE_DIR is
	# $(OUTPUT)/tools/include, where upstream puts vmlinux.h and libbpf's
	# headers too)
	# shellcheck disable=SC2016 # make's variables, expanded by make
	vars='$(BPF_CFLAGS) $(CLANG_CFLAGS)|$(BPF_TARGET_ENDIAN)|$(INCLUDE_DIR)'
	flags=$(make -C "$P" -s --no-print-directory CLANG="$CLANG" OUTPUT="$O" \
		--eval "bpf_refs_flags: ; @echo \"$vars\"" \
		bpf_refs_flags 2>"$O/flags.log" | tail -n1) ||
		fail "cannot read BPF_CFLAGS from $P/Makefile ($O/flags.log)"
	IFS='|' read -r flags endian incdir <<<"$flags"
	[ "$incdir" = "$inc" ] ||
		fail "$P/Makefile puts INCLUDE_DIR at '$incdir', expected $inc"
	[[ $flags == *-D__TARGET_ARCH_* ]] ||
		fail "no BPF_CFLAGS from $P/Makefile: '$flags' ($O/flags.log)"
	read -r -a flags <<<"$flags -DENABLE_ATOMICS_TESTS -O2 ${endian:---target=bpfel}"

	key=$( { echo "$srcver $CLANG ${flags[*]}"; sha256sum <"$inc/vmlinux.h"; } |
		sha256sum | cut -c1-16)
	[ "$(cat "$O/.stamp" 2>/dev/null)" = "$key" ] || rm -f "$O"/obj/*.bpf.o
	rm -f "$O/unbuilt"
	OBJS=()
	for f in $FILES; do
		mapfile -t srcs < <(cd "$P/progs" && { compgen -G "$f" || true; })
		if [ "${#srcs[@]}" = 0 ]; then
			say "skip: no progs/$f in $srcver"
			continue
		fi
		for src in "${srcs[@]}"; do
			b=${src%.c}
			OBJS+=("$O/obj/$b.bpf.o")
			[ -s "$O/obj/$b.bpf.o" ] && continue
			# from the selftests directory, as upstream's rule runs
			if ! err=$(cd "$P" && "$CLANG" "${flags[@]}" -c "progs/$src" \
				-mcpu=v3 -o "$O/obj/$b.bpf.o.tmp" 2>&1); then
				echo "$err" | head -n 20 >&2
				[ -n "${corpus:-}" ] ||
					fail "progs/$src of $srcver does not build with $CLANG"
				# the corpus goes on: a newer clang may be needed
				unset 'OBJS[-1]'
				echo "$src: $(grep -m1 'error:' <<<"$err")" >>"$O/unbuilt"
				continue
			fi
			mv "$O/obj/$b.bpf.o.tmp" "$O/obj/$b.bpf.o"
			n=$((n + 1))
		done
	done
	echo "$key" >"$O/.stamp"
	[ "${#OBJS[@]}" -gt 0 ] || fail "no upstream program of the list is in $srcver"
	say "${#OBJS[@]} objects of $srcver in $O/obj ($n built now), vmlinux.h from $KREL"
}

# The objects prog_tests/ of the tree runs through upstream's test_loader:
# RUN_TESTS(x), and RUN(x) or run_tests_aux("x", ...) of verifier.c.
corpus_files() {
	sed -n 's/.*\<RUN_TESTS(\([a-z0-9_]*\)).*/\1.c/p
		s/.*\<RUN(\([a-z0-9_]*\)).*/\1.c/p
		s/.*\<run_tests_aux("\([a-z0-9_]*\)".*/\1.c/p' \
		"$P"/prog_tests/*.c | sort -u
}

# The topics upstream runs with setup code of its own before each test
# run (run_tests_aux("x", ..., a pre_execution_cb) of prog_tests/): the
# runner cannot check their __retval (--needs-setup).
needs_setup() {
	cat "$P"/prog_tests/*.c | tr -s '[:space:]' ' ' |
		grep -oE 'run_tests_aux\("[a-z0-9_]+", ?[a-z0-9_]+, ?[a-z0-9_]+\)' |
		sed -nE 's/^run_tests_aux\("([a-z0-9_]+)".*, ?([a-z0-9_]+)\)$/\1 \2/p' |
		awk '$2 != "NULL" { print $1 }'
}

# The guest: Debian's kernel of the series, every program must pass.
vm() {
	local out=$1 args=() o d v rc=0 bad pass skip note
	for o in "${OBJS[@]}"; do
		args+=(--object "$o")
	done
	d=$out/$arch/$KREL
	rm -rf "$d"
	KDIR=$K "$here/tools/vm/vmtest.sh" -a "$arch" --debian "$series" -o "$out" \
		"${args[@]}" || rc=$?
	[ -f "$d/verdict" ] ||
		fail "no results of the $series guest in $out (vmtest.sh exited $rc)"
	v=$(cat "$d/verdict")
	bad=$(grep -E '^ *not ok ' "$d/ktap" || true)
	[ -z "$bad" ] || fail "upstream tests failed on $v:"$'\n'"$bad"
	if [ "$rc" != 0 ] || [[ $v != *": PASS ("* ]]; then
		fail "vmtest.sh exited $rc: $v"
	fi
	for o in "${OBJS[@]}"; do
		b=${o##*/}
		grep -qE "^ok [0-9]+ ${b%.bpf.o}( |\$)" "$d/ktap" ||
			fail "no result for $b in $d/ktap"
	done
	pass=$(grep -cE '^  ok [0-9]+ [^ ]+$' "$d/ktap" || true)
	skip=$(grep -E '^  ok [0-9]+ [^ ]+ # SKIP ' "$d/ktap" |
		sed 's/^ */  skipped (the guest lacks it): /' || true)
	[ "$pass" -gt 0 ] || fail "no upstream program passed on $v"
	echo "  ok: $v"
	echo "  ok: $pass upstream programs pass, none fails"
	note='has no annotated program (run by its prog_tests code upstream)'
	grep -E '^ok [0-9]+ [^ ]+ # SKIP no subtest selected' "$d/ktap" |
		sed "s/^ok [0-9]* \\([^ ]*\\) .*/  note: \\1 $note/" || true
	[ -z "$skip" ] || echo "$skip"
}

# FAILs of the 7.2 corpus that are not known to be wrong verdicts of the
# engine, as "topic[/test]<TAB>why".  Measured on Debian's 7.2.13 guest
# with the runner built against linux-source-7.2 (libbpf 1.8).
known_corpus_7_2() {
	local why="the kernel's: retval 85 (line 85: the search for key 8"
	why+=" reached an empty child) on Debian 7.1.13 and 7.2.13, passes"
	why+=" on 7.3.4 (same object and runner); the fix is not identified"
	printf 'rbtree_search/rbtree_search\t%s\n' "$why"
}

# The corpus in the guest: the counts, the reasons of the SKIPs (how
# many each), every FAIL with its reason.  A FAIL not known for the
# series, or a known one that no longer fails, fails the job.
corpus_vm() {
	local out=$1 args=() o d rc=0 json unbuilt known fails name why bad=0
	for o in "${OBJS[@]}"; do
		args+=(--object "$o")
	done
	args+=(--)
	for o in $(needs_setup); do
		args+=(--needs-setup "$o")
	done
	d=$out/$arch/$KREL
	rm -rf "$d"
	KDIR=$K "$here/tools/vm/vmtest.sh" -a "$arch" --debian "$series" -o "$out" \
		"${CORPUS_GUEST_LIMITS[@]}" "${args[@]}" >"$out.log" 2>&1 || rc=$?
	json=$d/results.json
	[ -s "$json" ] ||
		fail "no results of the $series guest in $d (vmtest.sh exited $rc, log: $out.log)"
	unbuilt=$(cat "$O/unbuilt" 2>/dev/null || true)
	echo "  corpus of $srcver: ${#OBJS[@]} objects built with $CLANG," \
		"$(grep -c . <<<"$unbuilt") not"
	[ -z "$unbuilt" ] || sed 's/^/  unbuilt: /' "$O/unbuilt"
	jq -r '"  \(.kernel.release): \(.summary | to_entries |
		map("\(.key) \(.value)") | join(", "))"' "$json"
	jq -r '.tests[] | select(.status == "skip") | .reason' "$json" |
		sed -E 's/[0-9]+/N/g' | sort | uniq -c | sort -rn |
		sed 's/^ */  skip: /'
	known=''
	[ "$series" != 7.2 ] || known=$(known_corpus_7_2)
	fails=$(jq -r '.tests[] | select(.status == "fail") |
		"\(.name)\t\(.reason)"' "$json")
	while IFS=$'\t' read -r name why; do
		[ -n "$name" ] || continue
		if grep -q "^$name"$'\t' <<<"$known"; then
			echo "  known: $name: $(grep "^$name"$'\t' <<<"$known" | cut -f2)"
		else
			echo "  WRONG: $name: ${why:0:300}"
			bad=$((bad + 1))
		fi
	done <<<"$fails"
	while IFS=$'\t' read -r name why; do
		[ -z "$name" ] || grep -q "^$name"$'\t' <<<"$fails" || {
			echo "  STALE: $name no longer fails ($why)"
			bad=$((bad + 1))
		}
	done <<<"$known"
	[ "$rc" = 0 ] || [ -n "$fails" ] ||
		fail "vmtest.sh exited $rc with no failure in $json ($out.log)"
	[ "$bad" = 0 ] ||
		fail "$bad FAILs on $KREL not known, or known ones passing ($json)"
	echo "  ok: every FAIL of the corpus on $KREL is a known one"
}

# On 6.18 (the host kernel of this project's machines) these tests of 7.2
# fail for what the kernel is, not for the engine: 6.18 lacks the changes
# of the relationship series, or words the same rejection otherwise.  Any
# other "not ok" on the host is a wrong verdict of the engine.
known_6_18() {
	local f=dynptr_fail u=user_ringbuf_fail
	local commuted lacks says init before
	commuted="kernel bug: 6.18 accepts a read through a slice copy made by a"
	commuted+=" commuted add after discard (7.2 keeps the slice's parent)"
	lacks="6.18 lacks 017f5c4ef73c (7.1)"
	says="wording: 6.18 says"
	init="$says 'Expected an initialized dynptr as arg"
	before="rejects the overwrite itself, before the slice use"
	# "topic/test<TAB>reason"
	cat <<EOF
$f/dynptr_slice_commuted_invalidate	$commuted
$f/dynptr_overwrite_ref_with_clone	$lacks: cannot overwrite referenced dynptr
$f/dynptr_overwrite_clone_with_original	$lacks: cannot overwrite referenced dynptr
$f/dynptr_overwrite_ref_clone_slice_valid	$lacks: cannot overwrite referenced dynptr
$f/dynptr_overwrite_ref_invalidate_slice	$lacks: $before
$f/ringbuf_missing_release1	wording: reference ids differ (6.18: id=2)
$f/ringbuf_missing_release2	wording: reference ids differ (6.18: id=4)
$f/ringbuf_release_uninit_dynptr	$says 'arg 1 is an unacquired reference'
$f/release_twice	$says 'arg 1 is an unacquired reference'
$f/release_twice_callback	$says 'arg 1 is an unacquired reference'
$f/use_after_invalid	$init #2'
$f/invalid_write1	$init #0'
$f/dynptr_adjust_invalid	$init #0'
$f/dynptr_is_null_invalid	$init #0'
$f/dynptr_is_rdonly_invalid	$init #0'
$f/dynptr_size_invalid	$init #0'
$f/clone_invalid1	$init #0'
$f/clone_invalidate1	$init #2'
$f/clone_invalidate2	$init #2'
$f/clone_invalidate3	$init #2'
$f/test_dynptr_reg_type	$says 'arg#0 expected pointer to stack or const struct bpf_dynptr'
$u/user_ringbuf_callback_discard_dynptr	$says 'cannot release unowned const bpf_dynptr'
$u/user_ringbuf_callback_submit_dynptr	$says 'cannot release unowned const bpf_dynptr'
EOF
}

# This machine's kernel: every program passes, SKIPs naming what the
# kernel lacks, or fails for a reason listed above for its series.
host() {
	local runner=$1 args=() o out known="" wrong=0 name why
	[ -x "$runner" ] || fail "no runner $runner (make OUTPUT=...)"
	for o in "${OBJS[@]}"; do
		args+=(--object "$o")
	done
	out=$O/host.ktap
	"$runner" "${args[@]}" >"$out" || true
	[ "$(uname -r | cut -d. -f1,2)" = 6.18 ] && known=$(known_6_18)
	# "topic/subtest<TAB>reason" of each failed subtest (a topic's line
	# follows its subtests)
	while IFS=$'\t' read -r name why; do
		if grep -q "^$name"$'\t' <<<"$known"; then
			echo "  known: $name: $(grep "^$name"$'\t' <<<"$known" | cut -f2)"
		else
			echo "  WRONG: $name: $why"
			wrong=$((wrong + 1))
		fi
	done < <(awk '
		/^  not ok / { n = $4; r = $0; sub(/^[^#]*(# )?/, "", r)
			       if (r == $0) r = ""; f[++k] = n "\t" r; next }
		/^(not )?ok / { t = ($1 == "ok") ? $3 : $4
				for (i = 1; i <= k; i++) print t "/" f[i]; k = 0 }' "$out")
	grep '^# Totals' "$out" | sed "s/^# /  host $(uname -r): /"
	[ "$wrong" = 0 ] ||
		fail "$wrong wrong verdicts on $(uname -r): not explained by the kernel ($out)"
}

# the corpus's build: clang-19 unless CLANG says, its own directory
corpus_build() {
	corpus=1
	CLANG=${CLANG_SET:-clang-19}
	command -v "$CLANG" >/dev/null || fail "missing $CLANG: tools/deps.sh vm installs it"
	FILES=$(corpus_files)
	UPSTREAM_PEER_OUT=${UPSTREAM_PEER_OUT:-$here/build/upstream-corpus-$series}
	build
}

cmd=${1:-all}
[ $# -gt 0 ] && shift
case "$cmd" in
build)
	build
	echo "$O/obj"
	;;
all | vm)
	res=$here/results/upstream-$series
	if [ "${1:-}" = -o ]; then
		res=${2:?-o needs a directory}
	fi
	build
	vm "$res"
	;;
host)
	build
	host "${1:?usage: upstream-peer.sh host RUNNER}"
	;;
corpus)
	res=$here/results/upstream-corpus-$series
	if [ "${1:-}" = -o ]; then
		res=${2:?-o needs a directory}
	fi
	corpus_build
	corpus_vm "$res"
	;;
corpus-build)
	corpus_build
	echo "$O/obj"
	;;
*)
	fail "$usage"
	;;
esac
