#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Turn tests of this package into an upstream selftests/bpf change:
#
#   upstream-patch.sh [-o DIR] [--line DIR] [--vm KERNEL[,KERNEL...]]
#                     [--fix PATCH]... TOPIC[/SUBTEST]... [KTREE]
#
# For each TOPIC, progs/TOPIC.c with only the chosen SUBTESTs (all of the
# topic without one) becomes tools/testing/selftests/bpf/progs/TOPIC.c,
# written against upstream's headers: vmlinux.h, bpf_helpers.h,
# bpf_misc.h and bpf_kfuncs.h in place of bpf_refs_kfuncs.h and
# bpf_refs_misc.h, this package's other headers inlined, and upstream's
# tags only (tools/upstream/upstream-export.awk: __needs_*() dropped, the
# __fixed_by() and __broken_by() changes told in the commit message), or,
# when more than one of them is a struct_ops test, progs/TOPIC__SUBTEST.c
# a test (upstream's test_loader loads every struct_ops program of an
# object); prog_tests/TOPIC.c runs them with RUN_TESTS.  Then:
#  1. DIR/0001-*.patch, git format-patch style, without a Signed-off-by
#     (the sender adds theirs; set GIT_AUTHOR_NAME/EMAIL for the From:).
#     Its message names, per test, the fix it needs and the change that
#     made its bug; with --line DIR, a kernel-line run (tools/line/line.sh -o DIR,
#     default results/line when it exists), also the releases FIXES gives
#     them and the kernels of the line where the test fails, passes
#     (carrying the fix: a backport) and skips, from the runs' results
#     (DIR/<arch>/<release>/results.json).  Without one it says so.
#  2. The patch is applied (GNU patch) to KTREE, by default a copy of
#     Debian's linux-source-7.2 (tools/lib/ksrc.sh 7.2; hard links, the
#     cache is not changed).  A KTREE given is changed.
#  3. The new programs are built there as upstream builds them, by
#     tools/upstream/upstream-peer.sh build (bpftool, vmlinux.h and the flags of the
#     tree's selftests/bpf/Makefile), into DIR/obj.
#  4. --vm: each KERNEL (tools/lib/kernel-spec.sh: SERIES, debian:SERIES,
#     image:PATH, tree:PATH[+PATCH...]) boots twice (x86_64), its results
#     in DIR/vm-NAME (NAME: the series, image or last patch):
#     the built objects through "bpf_refs --object", and the suite's own
#     tests of the same names; every test must get the same verdict in both
#     (a failure the suite calls XFAIL is a failure).
# --fix PATCH (repeatable): a kernel patch the tests come with, a mail
# with a Subject: line (as tools/patch-check/candidates/ keeps them).  The
# patches become a series, "[PATCH bpf-next i/n]": the fixes in the order
# given, the tests last, and DIR/0000-cover-letter.patch with the first
# fix's subject and opening paragraph.  KTREE gets the fixes first.
# DIR defaults to results/upstream-patch.  Exit 1 on a failed step, with
# what failed; 2 on bad arguments.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tools/lib/patch-apply.sh
. "$here/tools/lib/patch-apply.sh"
# shellcheck source=tools/lib/kernel-spec.sh
. "$here/tools/lib/kernel-spec.sh"
PROG=upstream-patch

die() { echo "$PROG: $*" >&2; exit 1; }
usage() { echo "$PROG: $*" >&2; sed -n '6,7p' "$0" | sed 's/^# //' >&2; exit 2; }

out=$here/results/upstream-patch
line=""
[ ! -d "$here/results/line" ] || line=$here/results/line
vm_kernels=""
sel=()
ktree=""
fixes=()
while [ $# -gt 0 ]; do
	case "$1" in
	-o) [ -n "${2:-}" ] || usage "-o needs a directory"; out=$2; shift ;;
	--line) [ -d "${2:-}" ] || usage "--line needs the directory of a kernel-line run"
	        line=$2; shift ;;
	--vm) [ -n "${2:-}" ] || usage "--vm needs a kernel (e.g. 7.2)"
	      vm_kernels=${2//,/ }; shift ;;
	--fix) grep -qm1 '^Subject: ' "${2:-}" 2>/dev/null ||
	       usage "--fix needs a patch with a Subject: line"
	       fixes+=("$(realpath "$2")"); shift ;;
	-h|--help) sed -n '3,43p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) usage "unknown option '$1'" ;;
	*) if [ -d "$1" ]; then ktree=$1; else sel+=("$1"); fi ;;
	esac
	shift
done
[ ${#sel[@]} -gt 0 ] || usage "no TOPIC[/SUBTEST] given"
# the guests: "NAME vmtest.sh-options" a line
guests=()
if [ -n "$vm_kernels" ]; then
	# shellcheck disable=SC2086 # a list of kernels
	g=$(kernel_spec_guests "" $vm_kernels) ||
		usage "--vm: '$vm_kernels' is not a list of kernels"
	mapfile -t guests <<<"$g"
fi

# Topics and their chosen subtests, in the order first given
topics=()
declare -A subs=()
for s in "${sel[@]}"; do
	t=${s%%/*}
	[[ $t =~ ^[a-z0-9_]+$ ]] || usage "'$s' is not TOPIC or TOPIC/SUBTEST"
	[ -f "$here/progs/$t.c" ] || usage "no topic '$t' (no progs/$t.c)"
	case "$t" in
	runtime_*) usage "$t: runtime probes are not verifier tests" ;;
	kfunc_policy) usage "$t: probes of the kernel's kfunc policy, not tests" ;;
	esac
	[ -n "${subs[$t]+x}" ] || topics+=("$t")
	if [ "$s" = "$t" ]; then
		subs[$t]=ALL
	elif [ "${subs[$t]:-}" != ALL ]; then
		subs[$t]="${subs[$t]:-} ${s#*/}"
	fi
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d /tmp/bpf_refs_upstream_patch.XXXXXX)
trap 'rm -rf "$work"' EXIT

# inline FILE: FILE with this package's headers included in place (each
# once; of a header only what its include guard encloses), upstream's
# headers for bpf_refs_kfuncs.h and bpf_refs_misc.h, no <linux/...>
# headers (vmlinux.h has those types), no "struct X { ... }
# __kernel_type;" stand-ins for vmlinux.h's types, vmlinux.h's name for
# UAPI's iterator type, which bpf_refs_kfuncs.h declares as a type of its
# own, and no __maybe_unused (bpf_refs_misc.h): the export keeps only the
# functions that kept code calls.
declare -A inlined=()
upstream_includes=0
upstream_headers='#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_kfuncs.h"'
upstream_block() {
	[ "$upstream_includes" = 1 ] && return
	upstream_includes=1
	echo "$upstream_headers"
}
inline() {
	local f=$1 body=1 l h stub=()
	[[ $f == *.h ]] && body=0
	while IFS= read -r l; do
		if [ "$body" = 0 ]; then
			[[ $l =~ ^#define\ __[A-Z0-9_]+_H$ ]] && body=1
			continue
		fi
		if [ ${#stub[@]} -gt 0 ] || [[ $l =~ ^struct\ [A-Za-z0-9_]+\ \{$ ]]; then
			stub+=("$l")
			if [[ $l == "}"* ]]; then
				[[ $l == "} __kernel_type;" ]] || printf '%s\n' "${stub[@]}"
				stub=()
			fi
			continue
		fi
		[[ $l =~ ^#endif\ /\*\ __[A-Z0-9_]+_H\ \*/$ ]] && continue
		[[ $l =~ ^#include\ \<linux/ ]] && continue
		# libbpf's headers need vmlinux.h's types before them
		if [[ $l =~ ^#include\ \<bpf/ ]]; then
			upstream_block
			grep -qxF "$l" <<<"$upstream_headers" || printf '%s\n' "$l"
			continue
		fi
		if [[ $l =~ ^#include\ \"([A-Za-z0-9_.]+)\"$ ]]; then
			h=${BASH_REMATCH[1]}
			[ -f "$here/progs/$h" ] || die "${f##*/} includes \"$h\", not in progs/"
			case "$h" in
			bpf_refs_kfuncs.h | bpf_refs_misc.h)
				upstream_block ;;
			*)
				if [ -z "${inlined[$h]:-}" ]; then
					inlined[$h]=1
					inline "$here/progs/$h"
				fi ;;
			esac
			continue
		fi
		l=${l// __maybe_unused/}
		printf '%s\n' "${l//struct bpf_refs_iter_num/struct bpf_iter_num}"
	done <"$f"
}

# Export the programs: progs/TOPIC.c, or, for a topic with more than one
# struct_ops test, progs/TOPIC__TEST.c a test, as upstream keeps its
# bpf_qdisc_fail__*.c: its test_loader creates every struct_ops map of an
# object, so every struct_ops program of it loads with the one under test
# (and one refused fails them all).  prog_tests/TOPIC.c runs them.
P=tools/testing/selftests/bpf
git_dir=$work/patch
mkdir -p "$git_dir/$P/progs" "$git_dir/$P/prog_tests"
: >"$work/meta"
declare -A objs_of=()
for t in "${topics[@]}"; do
	inlined=()
	upstream_includes=0
	inline "$here/progs/$t.c" >"$work/$t.in"
	want=${subs[$t]}
	[ "$want" = ALL ] && want=""
	: >"$work/$t.missing"
	awk -v want="$want" -v meta="$work/$t.meta" -v missing="$work/$t.missing" \
		-v macros="$here/progs/bpf_refs_misc.h" \
		-f "$here/tools/upstream/upstream-export.awk" "$work/$t.in" \
		>"$work/$t.out" || die "$t: export failed"
	[ ! -s "$work/$t.missing" ] ||
		usage "$t has no test $(paste -sd, "$work/$t.missing")"
	[ -s "$work/$t.meta" ] || die "$t: no test program exported"
	objs=()
	if [ "$(cut -f5 "$work/$t.meta" | grep -c '^?\{0,1\}struct_ops')" -gt 1 ]; then
		while IFS=$'\t' read -r name _; do
			awk -v want="$name" -v meta=/dev/null -v missing=/dev/null \
				-v macros="$here/progs/bpf_refs_misc.h" \
				-f "$here/tools/upstream/upstream-export.awk" "$work/$t.in" \
				>"$work/$t.out" || die "$t: export of $name failed"
			objs+=("${t}__$name")
			# one blank line at most between chunks
			cat -s "$work/$t.out" >"$git_dir/$P/progs/${t}__$name.c"
		done <"$work/$t.meta"
	else
		objs=("$t")
		cat -s "$work/$t.out" >"$git_dir/$P/progs/$t.c"
	fi
	objs_of[$t]=${objs[*]}
	sed "s/^/$t\t/" "$work/$t.meta" >>"$work/meta"
	# the license tag in two parts: checkpatch wants the whole tag on a
	# script's line 2 only
	spdx=SPDX-License
	{
		echo "// $spdx-Identifier: GPL-2.0"
		echo "#include <test_progs.h>"
		printf '#include "%s.skel.h"\n' "${objs[@]}"
		echo
		echo "void test_$t(void)"
		echo "{"
		printf '\tRUN_TESTS(%s);\n' "${objs[@]}"
		echo "}"
	} >"$git_dir/$P/prog_tests/$t.c"
done

# The commit message: per test, the fix it needs and the change that made
# its bug (__fixed_by, __broken_by), and, from the kernel-line run in
# $line (DIR/<arch>/<release>/results.json, as tools/line/line.sh leaves them),
# the kernels where it fails and passes, with the releases FIXES gives
# those changes as the runner wrote them into each test's record.
line_docs=()
if [ -n "$line" ]; then
	mapfile -t line_docs < <(find "$line" -mindepth 3 -maxdepth 3 -name results.json | sort)
	[ ${#line_docs[@]} -gt 0 ] ||
		usage "--line $line: no DIR/<arch>/<release>/results.json (line.sh -o DIR)"
fi
# line_of TEST FIX BROKEN: "<release of FIX>\x1f<release of BROKEN>\x1f
# <kernels>" of TEST on the line, the releases from the records that name
# those changes, the kernels per arch in version order ("x86_64: fails on
# 6.12.118, 7.1.13; passes on 7.2.13"), a pass that carries the fix
# marked (a backport); no kernels when no run of the line has TEST.
line_of() {
	# shellcheck disable=SC2016 # jq variables
	jq -s -r -L "$here/tools/report" --arg t "$1" --arg f "${2%% *}" --arg b "${3%% *}" '
		include "lib";
		def id: split(" ") | .[0] // "";
		def release_of($c; $id; r): [.[] | select(.[$c] | id == $id) | r
					     | select(. != null and . != "")] | first // "";
		def on($w; $s): [.[] | select(.status | IN($s[]))
				 | .rel + (if .expect.carried // false
					   then " (a backport)" else "" end)]
				| if . == [] then empty else "\($w) \(join(", "))" end;
		[.[] | select(is_results)] | sort_by(run_order)
		| [.[] | .kernel as $k | .tests[] | select(.name == $t)
		   | . + {arch: $k.arch, rel: ($k.release | short_rel)}] as $r
		| [($r | release_of("fixed_by"; $f; .fix_release)),
		   ($r | release_of("broken_by"; $b; .broken_release)),
		   ([$r | group_by(.arch)[]
		     | "\(.[0].arch): " + ([on("fails on"; ["fail", "xfail"]),
					   on("passes on"; ["pass", "xpass"]),
					   on("skips on"; ["skip"])] | join("; "))]
		    | join(". "))] | join("\u001f")' "${line_docs[@]}"
}
# change CHANGE: a change a tag names, "sha subject" as commit sha
# ("subject"), as checkpatch wants it; a label (bug-<name>, origin-<name>)
# with its note as it is.  \x01 (glue) keeps "commit" on the line of the sha
# through fmt.
glue=$'\x01'
change() {
	if [[ ${1%% *} =~ ^[0-9a-f]+$ && $1 == *" "* ]]; then
		echo "commit${glue}${1%% *} (\"${1#* }\")"
	else
		echo "$1"
	fi
}
{
	echo "selftests/bpf: Add dynptr parent tracking tests"
	echo
	if [ ${#line_docs[@]} -gt 0 ]; then
		source_of="the kernels named below are those of its kernel-line run."
	else
		source_of="no kernel-line run was given, so only the fix each needs is named."
	fi
	fmt -w 72 <<EOF2
Add verifier tests of the object that a dynptr, its clones and its
slices derive from: releasing or overwriting an object must invalidate
exactly its descendants, no more and no less.  They come from the
bpf_refs suite, which runs them on Debian's kernels; $source_of
EOF2
	# (fields split at \x1f, which unlike a tab keeps empty fields)
	while IFS= read -r l; do
		IFS=$'\x1f' read -r t name desc fix broken _ <<<"${l//$'\t'/$'\x1f'}"
		rel="" brel="" kernels=""
		if [ ${#line_docs[@]} -gt 0 ]; then
			IFS=$'\x1f' read -r rel brel kernels \
				< <(line_of "$t/$name" "$fix" "$broken")
		fi
		echo
		echo "$t/$name:"
		fmt -w 72 <<<"  $desc"
		what=""
		if [ -n "$fix" ]; then
			what="It needs $(change "$fix")"
			case "${#line_docs[@]}:$rel" in
			0:*) what+="." ;;
			*:) what+=", a fix FIXES does not list." ;;
			*:none) what+=", which no release has yet." ;;
			*) what+=", in $rel." ;;
			esac
		fi
		if [ -n "$broken" ]; then
			what+="${what:+ }Its bug came with $(change "$broken")${brel:+, in $brel}."
		fi
		if [ -n "$kernels" ]; then
			what+="${what:+ }On the kernel line: $kernels."
		elif [ ${#line_docs[@]} -gt 0 ]; then
			what+="${what:+ }The kernel-line run did not run it."
		fi
		[ -z "$what" ] || fmt -w 70 <<<"$what" | sed 's/^/  /; s/\x01/ /g'
	done <"$work/meta"
} >"$work/message"

export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-bpf_refs export}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-bpf_refs@invalid}
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
git -C "$git_dir" init -q
git -C "$git_dir" add -A
git -C "$git_dir" commit -q -F "$work/message" || die "git commit of the export failed"
rm -f "$out"/*.patch
patch=$(git -C "$git_dir" format-patch --root -o "$out" HEAD) ||
	die "git format-patch failed"

# The series: the fixes, numbered, then the tests, and a cover letter
if [ ${#fixes[@]} -gt 0 ]; then
	n=$((${#fixes[@]} + 1))
	mbox="From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
	from="From: $GIT_AUTHOR_NAME <$GIT_AUTHOR_EMAIL>"
	date="Date: $(date -R)"
	# subject FILE: its first Subject:, without a [PATCH...] prefix
	subject() {
		sed -n '/^Subject: /{s/^Subject: \(\[[^]]*\] \)\{0,1\}//p;q}' "$1"
	}
	# numbered I SUBJECT: git format-patch's file name of patch I
	numbered() {
		local slug
		slug=$(sed 's/[^A-Za-z0-9]\{1,\}/-/g; s/^-//' <<<"$2" | cut -c1-52)
		printf '%s/%04d-%s.patch' "$out" "$1" "${slug%-}"
	}
	# as_patch FILE I: FILE as patch I of the series, its Subject: numbered,
	# with the mbox, From: and Date: lines git format-patch writes where
	# FILE has none; prints the new file's name
	as_patch() {
		local subj o
		subj=$(subject "$1")
		o=$(numbered "$2" "$subj")
		{
			grep -q '^From [0-9a-f]\{40\} ' "$1" || echo "$mbox"
			grep -q '^From: ' "$1" || echo "$from"
			grep -q '^Date: ' "$1" || echo "$date"
			awk -v s="Subject: [PATCH bpf-next $2/$n] $subj" \
				'!done && /^Subject: / { $0 = s; done = 1 } 1' "$1"
		} >"$o.new" && mv "$o.new" "$o" && echo "$o"
	}
	series_patches=()
	i=0
	for f in "${fixes[@]}"; do
		i=$((i + 1))
		series_patches+=("$(as_patch "$f" "$i")")
	done
	o=$(as_patch "$patch" "$n")
	[ "$o" = "$patch" ] || rm "$patch"
	patch=$o
	series_patches+=("$patch")
	{
		echo "$mbox"
		echo "$from"
		echo "$date"
		echo "Subject: [PATCH bpf-next 0/$n] $(subject "${fixes[0]}")"
		echo
		# the first paragraph of the first fix's message
		sed -n '/^Subject: /,/^---$/p' "${fixes[0]}" | sed '1,/^$/d' |
			sed '/^$/q' | sed '/^$/d'
		echo
		fmt -w 72 <<<"Patch $n adds $(wc -l <"$work/meta") selftests of \
${topics[*]} (tools/testing/selftests/bpf/progs)."
		echo
		for f in "${series_patches[@]}"; do
			echo "  $(subject "$f")"
		done
		echo
		for f in "${series_patches[@]}"; do
			# from $work: in a subdirectory of a work tree git apply
			# counts only the files under it
			(cd "$work" && git apply --stat "$f") | sed 's/^/ /'
		done
		echo
		echo "-- "
	} >"$out/0000-cover-letter.patch"
	echo "$PROG: $out/0000-cover-letter.patch"
	printf '%s\n' "${series_patches[@]}" | sed "s/^/$PROG: /"
else
	echo "$PROG: $patch"
fi

# Apply it to the tree: the one given, or a copy of Debian's linux-source-7.2
if [ -z "$ktree" ]; then
	k=$("$here/tools/lib/ksrc.sh" 7.2) || die "no linux-source-7.2 (tools/lib/ksrc.sh 7.2)"
	ktree=$work/linux
	cp -al "$k" "$ktree" || die "cannot copy $k to $ktree"
fi
ktree=$(cd "$ktree" && pwd)
[ -f "$ktree/$P/Makefile" ] || die "$ktree has no $P/Makefile: not a kernel tree"
read -r -a objs <<<"${objs_of[*]}"
for f in "${objs[@]/#/progs/}" "${topics[@]/#/prog_tests/}"; do
	[ ! -e "$ktree/$P/$f.c" ] ||
		die "$ktree already has $P/$f.c: upstream has a test of that name"
done
for f in "${fixes[@]}"; do
	patch_apply "$ktree" "$f" || die "--fix $f does not apply to $ktree"
done
patch_apply "$ktree" "$patch" || die "the patch does not apply to $ktree"
for f in "${objs[@]}"; do
	[ -f "$ktree/$P/progs/$f.c" ] || die "$ktree has no $P/progs/$f.c after the patch"
done
echo "$PROG: applied to $ktree"

# Build the new programs there as upstream does (tools/upstream/upstream-peer.sh)
series=$(sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p' "$ktree/Makefile" | paste -sd.)
[[ $series =~ ^[0-9]+\.[0-9]+$ ]] || die "cannot read the series of $ktree from its Makefile"
rm -rf "$out/build"
files=$(printf '%s.c ' "${objs[@]}")
UPSTREAM_PEER_SERIES=$series UPSTREAM_PEER_TREE=$ktree UPSTREAM_PEER_FILES=$files \
	UPSTREAM_PEER_OUT=$out/build "$here/tools/upstream/upstream-peer.sh" build >/dev/null ||
	die "building the programs in $ktree failed"
for o in "${objs[@]}"; do
	[ -s "$out/build/obj/$o.bpf.o" ] || die "no $out/build/obj/$o.bpf.o"
done
echo "$PROG: built ${topics[*]} in $ktree with its selftests/bpf flags: $out/build/obj"

# statuses JSON: "topic/subtest status" of a run, a failure the xfail list
# knows as a failure
statuses() {
	jq -r '.tests[] | "\(.name) \(.status |
		if . == "xfail" then "fail" elif . == "xpass" then "pass" else . end)"' \
		"$1" | sort
}

# The guests: the built objects and the suite's own tests, same verdicts
# (a whole topic by its name: the kernel command line that carries the
# names is short)
only=""
for t in "${topics[@]}"; do
	if [ "${subs[$t]}" = ALL ]; then
		only+="${only:+,}$t"
	else
		for s in ${subs[$t]}; do
			only+="${only:+,}$t/$s"
		done
	fi
done
for g in "${guests[@]}"; do
	s=${g%% *}
	read -r -a kopts <<<"${g#* }"
	rm -rf "$out/vm-$s"
	mkdir -p "$out/vm-$s/obj"
	args=()
	for o in "${objs[@]}"; do
		# the suite's own objects have these names in the guest
		cp "$out/build/obj/$o.bpf.o" "$out/vm-$s/obj/upstream_$o.bpf.o"
		args+=(--object "$out/vm-$s/obj/upstream_$o.bpf.o")
	done
	"$here/tools/vm/vmtest.sh" -a x86_64 "${kopts[@]}" -o "$out/vm-$s/upstream" "${args[@]}" ||
		true
	"$here/tools/vm/vmtest.sh" -a x86_64 "${kopts[@]}" -o "$out/vm-$s/suite" \
		-- -t "$only" || true
	u=$(find "$out/vm-$s/upstream/x86_64" -name results.json | head -n1)
	b=$(find "$out/vm-$s/suite/x86_64" -name results.json | head -n1)
	[ -n "$u" ] || die "$s: no results of the built objects in $out/vm-$s/upstream"
	[ -n "$b" ] || die "$s: no results of the suite in $out/vm-$s/suite"
	# TOPIC__TEST/TEST, one object a test, is TOPIC/TEST
	statuses "$u" |
		sed -E 's#^upstream_([a-z0-9_]+)__([a-z0-9_]+)/\2 #\1/\2 #; s/^upstream_//' \
		>"$out/vm-$s/upstream.txt"
	statuses "$b" >"$out/vm-$s/suite.txt"
	[ "$(wc -l <"$out/vm-$s/suite.txt")" = "$(wc -l <"$work/meta")" ] ||
		die "$s: the suite ran $(wc -l <"$out/vm-$s/suite.txt") of the" \
		    "$(wc -l <"$work/meta") tests"
	diff -u "$out/vm-$s/suite.txt" "$out/vm-$s/upstream.txt" ||
		die "$s: the built programs are judged otherwise than the suite's"
	echo "$PROG: $s: same verdicts for $(wc -l <"$out/vm-$s/upstream.txt") tests:" \
		"$(cut -d' ' -f2 "$out/vm-$s/upstream.txt" | sort | uniq -c |
		   awk '{ printf "%s%s %s", s, $1, $2; s = ", " }')"
	grep -v ' pass$' "$out/vm-$s/upstream.txt" | sed 's/^/  /' || true
done
