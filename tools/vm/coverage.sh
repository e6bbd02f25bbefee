#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Line and branch coverage of the verifier's object relationship code
# (docs/coverage.md): a tiny x86_64 kernel of a linux-source tree with
# CONFIG_GCOV_KERNEL (tools/vm/config.gcov) and gcov profiling for
# kernel/bpf/verifier.c and states.c only (a patch of kernel/bpf/Makefile
# made here, applied by vmtest.sh --patch to a copy of hard links of the
# tree), booted by vmtest.sh --gcov: the guest zeroes the counters, runs,
# and sends the .gcda files back with the results.  Each source is one boot:
#
#   suite     the suite (runner arguments after --)
#   upstream  upstream's dynptr tests of the series (the objects of
#             tools/upstream/upstream-peer.sh build) through --object
#   corpus    every object upstream's test_loader runs (upstream-peer.sh
#             corpus-build, built with clang-19)
#   fuzz      a seeded campaign's programs (tools/fuzz/campaign.sh -G,
#             --fuzz SEED:N, default 1:3000)
#   all       the counters of every source DIR holds for this kernel
#             added (gcov-tool merge), no boot
#
# gcov (JSON, branch counts) gives each line's count and branches; the
# functions of FUNCTIONS below are found in the tree's sources (a definition
# from its first line to the "}" in column 0 that ends it), so a static
# function that is only inlined counts as well.  Per source, in DIR/<source>/:
# gcov/ (.gcda and .gcno), functions.tsv (function, file, first and last
# line, lines hit, lines, branches taken, branches), uncovered.txt (each
# executable line no run reached, and each line with a branch never taken)
# and lcov.info (lcov, when installed).  DIR/coverage.md is the table, with
# the lines only one source runs and, for the lines no source runs, their
# reasons from tools/vm/coverage-reasons.tsv.
#
#   coverage.sh [-s SERIES | -t TREE] [-o DIR] [--sources LIST]
#               [--fuzz SEED:N] [-- runner args]
#   coverage.sh --table DIR       the table again from DIR's functions.tsv
#
# The guest's runner is built against TREE (its headers and libbpf) unless
# KDIR names another tree.
# SERIES: tools/lib/ksrc.sh's (default 7.2); LIST: comma separated (default
# suite; "suite,upstream,corpus,fuzz,all" for every one).  Exit status: 0
# when every source gave coverage, 1 when one did not (no .gcda back, a
# stamp mismatch), 2 for a usage or setup error.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tools/lib/object-sets.sh
. "$top/tools/lib/object-sets.sh"
arch=x86_64

# The series' functions (names in 7.2 and 7.3; a name the tree lacks is
# reported as absent).  verifier.c: references and their parents, dynptrs,
# their clones and slices; states.c: the state comparison.
FUNCTIONS="acquire_reference_state acquire_reference release_reference_state
find_reference_state release_reference_nomark idstack_push idstack_pop
release_reference release_reg update_ref_obj validate_ref_obj
dynptr_get_spi arg_to_dynptr_type dynptr_type_referenced __mark_dynptr_reg
mark_dynptr_stack_regs mark_dynptr_cb_reg mark_stack_slots_dynptr
invalidate_dynptr unmark_stack_slots_dynptr dynptr_ref_cnt
destroy_if_dynptr_stack_slot is_dynptr_reg_valid_uninit
is_dynptr_reg_valid_init is_dynptr_type_expected process_dynptr_func
reg_is_dynptr_slice_pkt scrub_special_slot
regsafe stacksafe refsafe check_ids func_states_equal states_equal"
# Parts of larger functions, "label function N ERE": from the Nth line of
# the function that matches ERE to the next line with its indentation that
# starts with "}".  The dynptr argument of a kfunc (with the clone's parent
# type) and the slice a kfunc returns (its parent_id).
BLOCKS="check_kfunc_args[dynptr_arg] check_kfunc_args 2 case KF_ARG_PTR_TO_DYNPTR:
check_special_kfunc[dynptr_slice] check_special_kfunc 1 list\[KF_bpf_dynptr_slice\] \|\|"
# the files built with gcov (kernel/bpf/<name>.c), when the tree has them
PROFILED="verifier states"

say() { echo "coverage: $*" >&2; }
die() {
	say "$*"
	exit 2
}

usage="usage: coverage.sh [-s SERIES | -t TREE] [-o DIR]
                   [--sources suite,upstream,corpus,fuzz,all] [--fuzz SEED:N]
                   [-- runner args]
       coverage.sh --table DIR"

# make_patch TREE OUT: OUT, a patch of TREE's kernel/bpf/Makefile that
# turns gcov profiling on for the files of PROFILED the tree has.  Made
# from the tree, so it applies to any series; the same tree gives the same
# patch, so vmtest.sh reuses its patched copy and kernel build.
make_patch() {
	local tree=$1 out=$2 mk=$1/kernel/bpf/Makefile f n=0 new drc=0
	[ -f "$mk" ] || die "$tree has no kernel/bpf/Makefile: not a kernel tree"
	new=$(mktemp)
	{
		cat "$mk"
		printf '\n# bpf_refs (tools/vm/%s): gcov counters for the verifier\n' coverage.sh
		for f in $PROFILED; do
			[ -f "$tree/kernel/bpf/$f.c" ] || continue
			printf 'GCOV_PROFILE_%s.o := y\n' "$f"
			n=$((n + 1))
		done
	} >"$new"
	[ "$n" -gt 0 ] || die "$tree has none of kernel/bpf/{${PROFILED// /,}}.c"
	# diff: 1 when the files differ, as they must
	diff -u --label a/kernel/bpf/Makefile --label b/kernel/bpf/Makefile \
		"$mk" "$new" >"$out" || drc=$?
	[ "$drc" = 1 ] || die "cannot make the gcov patch of $mk (diff exit $drc)"
	rm -f "$new"
}

# extents SRC...: "name file first last" of each function of FUNCTIONS
# defined in the files SRC (kernel style: the body's "{" and "}" in column
# 0; a prototype, which ends with ";" before any "{", is not a definition).
extents() {
	awk -v names="$FUNCTIONS" '
		BEGIN { n = split(names, a, /[ \n]+/); for (i = 1; i <= n; i++) want[a[i]] = 1 }
		FNR == 1 { cand = ""; body = 0; file = FILENAME; sub(/.*\//, "", file) }
		body && /^}/ { print cand, file, start, FNR; cand = ""; body = 0; next }
		body { next }
		cand != "" && /^\{/ { body = 1; next }
		cand != "" && /;[ \t]*$/ { cand = ""; next }
		cand == "" && /^[A-Za-z_].*[A-Za-z_0-9]\(/ {
			p = index($0, "("); pre = substr($0, 1, p - 1)
			if (!match(pre, /[A-Za-z_0-9]+$/)) next
			name = substr(pre, RSTART)
			if (!want[name]) next
			cand = name; start = FNR
			if (/;[ \t]*$/) cand = ""
		}' "$@"
}

# blocks SRC...: "label file first last" of each part of BLOCKS in the
# files SRC (the function's extent is found as extents does).
blocks() {
	local label fn nth re
	while read -r label fn nth re; do
		[ -n "$label" ] || continue
		awk -v label="$label" -v fn="$fn" -v nth="$nth" -v re="$re" '
			FNR == 1 {
				in_fn = 0; st = 0; seen = 0
				file = FILENAME; sub(/.*\//, "", file)
			}
			!in_fn && $0 ~ ("^[A-Za-z_].*[^A-Za-z_0-9]" fn "\\(") && !/;[ \t]*$/ {
				in_fn = 1; next
			}
			in_fn && /^}/ { in_fn = 0; st = 0; next }
			in_fn && !st && $0 ~ re && ++seen == nth {
				st = FNR; match($0, /^\t*/); ind = RLENGTH; next
			}
			in_fn && st && match($0, /^\t*/) && RLENGTH == ind &&
			substr($0, ind + 1, 1) == "}" {
				print label, file, st, FNR; st = 0; in_fn = 0
			}' "$@"
	done <<<"$BLOCKS"
}

# line_counts JSON FILE: "line count branches taken" of each executable line
# of FILE (a source path's ending) in gcov's JSON (gcov -j), a line that
# shows up several times (inlined copies) summed.
line_counts() {
	zcat "$1" | jq -r --arg f "$2" '.files[] | select(.file | endswith($f)) | .lines[] |
		[.line_number, .count, (.branches | length),
		 ([.branches[] | select(.count > 0)] | length)] | @tsv' |
		awk -F'\t' '{ c[$1] += $2; b[$1] += $3; t[$1] += $4 }
			END { for (l in c) print l, c[l], b[l], t[l] }' | sort -n
}

# analyse RESDIR: RESDIR/gcov holds the .gcda and .gcno of the profiled
# files and "build" (the kernel's build directory); writes functions.tsv,
# uncovered.txt and lcov.info there.  Fails naming what is wrong.
analyse() {
	local res=$1 g=$1/gcov build src tmp f json found=0
	build=$(cat "$g/build") || { say "$g/build is missing"; return 1; }
	src=$build/source/kernel/bpf
	[ -d "$src" ] || { say "the kernel's sources $src are gone"; return 1; }
	tmp=$(mktemp -d)
	: >"$tmp/extents"
	: >"$tmp/lines"
	for f in $PROFILED; do
		[ -f "$g/$f.gcda" ] || continue
		found=1
		(cd "$tmp" && gcov -j -b -o "$g" "$g/$f.gcda" >"$tmp/$f.log" 2>&1) ||
			{
				say "gcov failed on $g/$f.gcda: $(head -n3 "$tmp/$f.log")"
				rm -rf "$tmp"
				return 1
			}
		if grep -qiE 'stamp mismatch|cannot open|version' "$tmp/$f.log"; then
			say "gcov refuses $g/$f.gcda:" \
			    "$(grep -iE 'stamp|cannot|version' "$tmp/$f.log" | head -n2)" \
			    "(was the kernel rebuilt after the boot?)"
			rm -rf "$tmp"
			return 1
		fi
		json=$(find "$tmp" -maxdepth 1 -name "*.gcov.json.gz" | head -n1)
		if [ -z "$json" ]; then
			say "gcov wrote no JSON for $g/$f.gcda"
			rm -rf "$tmp"
			return 1
		fi
		line_counts "$json" "kernel/bpf/$f.c" | sed "s/^/$f.c /" >>"$tmp/lines"
		rm -f "$tmp"/*.gcov.json.gz
		extents "$src/$f.c" >>"$tmp/extents"
		blocks "$src/$f.c" >>"$tmp/extents"
	done
	[ "$found" = 1 ] || { say "no .gcda of ${PROFILED// /, } in $g"; rm -rf "$tmp"; return 1; }
	awk -v src="$src" -v unc="$res/uncovered.txt" '
		FILENAME ~ /extents$/ { fn[++n] = $1; file[n] = $2; lo[n] = $3; hi[n] = $4; next }
		{ cnt[$1, $2] = $3; br[$1, $2] = $4; tk[$1, $2] = $5 }
		END {
			printf "# function\tfile\tfirst\tlast\tlines_hit\tlines"
			printf "\tbranches_taken\tbranches\n"
			printf "" >unc
			for (i = 1; i <= n; i++) {
				lh = lt = bt = bn = 0
				for (l = lo[i]; l <= hi[i]; l++) {
					if (!((file[i], l) in cnt)) continue
					lt++; bn += br[file[i], l]; bt += tk[file[i], l]
					if (cnt[file[i], l] > 0) lh++
					if (cnt[file[i], l] == 0)
						print fn[i], file[i] ":" l, "never run" >>unc
					else if (tk[file[i], l] < br[file[i], l])
						print fn[i], file[i] ":" l, "branches taken " \
						      tk[file[i], l] "/" br[file[i], l] >>unc
				}
				printf "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n",
					fn[i], file[i], lo[i], hi[i], lh, lt, bt, bn
			}
		}' "$tmp/extents" "$tmp/lines" >"$res/functions.tsv"
	awk -v names="$FUNCTIONS" 'NR > 1 { seen[$1] = 1 }
		END { n = split(names, a, /[ \n]+/)
		      for (i = 1; i <= n; i++) if (a[i] != "" && !seen[a[i]]) print a[i] }' \
		"$res/functions.tsv" >"$tmp/absent"
	[ ! -s "$tmp/absent" ] ||
		say "not in this tree's ${PROFILED// /.c, }.c: $(paste -sd' ' "$tmp/absent")"
	if command -v lcov >/dev/null; then
		lcov -q --capture --directory "$g" --base-directory "$build" \
			--rc lcov_branch_coverage=1 -o "$res/lcov.info" >"$tmp/lcov.log" 2>&1 ||
			say "lcov failed (functions.tsv is complete): $(tail -n1 "$tmp/lcov.log")"
	fi
	rm -rf "$tmp"
}

# collect RESULTS RES: copy the .gcda of the vmtest results folder RESULTS
# and the .gcno of the kernel build they came from into RES/gcov.
collect() {
	local results=$1 res=$2 name path build
	if [ ! -s "$results/gcov/paths" ]; then
		say "no .gcda came back from the guest in $results:" \
		    "$(grep '^gcov' "$results/info" 2>/dev/null | head -n1 || true)"
		say "(a kernel without CONFIG_GCOV_KERNEL or GCOV_PROFILE, or the guest died:" \
		    "$results/console.log)"
		return 1
	fi
	rm -rf "$res/gcov"
	mkdir -p "$res/gcov"
	build=""
	while read -r name path; do
		path=${path%/*}
		case "$path" in
		*/kernel/bpf) build=${path%/kernel/bpf} ;;
		*) continue ;;
		esac
		if [ ! -f "$results/gcov/$name" ]; then
			say "$name did not come back whole from the guest ($results/info)"
			return 1
		fi
		if [ ! -f "$path/${name%.gcda}.gcno" ]; then
			say "no ${name%.gcda}.gcno in $path: the kernel build that made" \
			    "$results is gone"
			return 1
		fi
		cp "$results/gcov/$name" "$path/${name%.gcda}.gcno" "$res/gcov/"
	done <"$results/gcov/paths"
	[ -n "$build" ] || { say "no .gcda of kernel/bpf in $results/gcov/paths"; return 1; }
	echo "$build" >"$res/gcov/build"
	cp "$results/verdict" "$res/verdict"
}

# boot NAME [vmtest args]: one guest with --gcov; its coverage in DIR/NAME
boot() {
	local name=$1 vdir=$out/vm-$1 rc=0 results
	shift
	rm -rf "$vdir"
	say "$name: booting ${tree##*/} +gcov-verifier ($(date -u +%H:%M:%S))"
	"$here/vmtest.sh" -a "$arch" -t "$tree" --tiny -c "$here/config.gcov" \
		--patch "$patch" --gcov -o "$vdir" "$@" || rc=$?
	[ "$rc" != 2 ] || die "$name: vmtest.sh failed to set up (exit 2, above)"
	# the one results folder of this boot (vdir was emptied before it)
	results=$(find "$vdir/$arch" -mindepth 1 -maxdepth 1 -type d ! -name ".*" 2>/dev/null |
		head -n1)
	if [ -z "$results" ]; then
		say "$name: vmtest.sh left no results folder in $vdir/$arch"
		return 1
	fi
	results=${results%/}
	mkdir -p "$out/$name"
	echo "${results##*/} (x86_64 tinyconfig + config + tools/vm/config.gcov," \
	     "from ${tree##*/})" >"$out/kernel"
	collect "$results" "$out/$name" || return 1
	analyse "$out/$name" || return 1
	say "$name: $(cat "$out/$name/verdict")"
}

# The sources that boot, in the order the table shows them; "all" adds them.
BOOTED="suite upstream corpus fuzz"

# merge NAME: the counters of every booted source of DIR that measured the
# kernel build of the first one, added into DIR/NAME
merge() {
	local name=$1 s build="" srcs=() g
	command -v gcov-tool >/dev/null || die "missing gcov-tool (package gcc)"
	for s in $BOOTED; do
		[ -s "$out/$s/gcov/build" ] || continue
		[ -n "$build" ] || build=$(cat "$out/$s/gcov/build")
		if [ "$(cat "$out/$s/gcov/build")" != "$build" ]; then
			say "$name: leaves out $s (measured another kernel build)"
			continue
		fi
		srcs+=("$s")
	done
	if [ ${#srcs[@]} = 0 ]; then
		say "$name: no source measured in $out yet"
		return 1
	fi
	rm -rf "${out:?}/$name"
	mkdir -p "$out/$name"
	g=$out/$name/gcov
	cp -r "$out/${srcs[0]}/gcov" "$g"
	for s in "${srcs[@]:1}"; do
		gcov-tool merge -o "$g.new" "$g" "$out/$s/gcov" >/dev/null ||
			{ say "$name: gcov-tool merge of $s failed"; return 1; }
		cp "$g"/*.gcno "$g/build" "$g.new/"
		rm -rf "$g"
		mv "$g.new" "$g"
	done
	echo "${srcs[*]}: counters added" >"$out/$name/verdict"
	analyse "$out/$name"
}

# never DIR SOURCE: the "function file:line" lines SOURCE never runs
never() {
	grep ' never run$' "$1/$2/uncovered.txt" | awk '{ print $1 " " $2 }' | sort
}

# only DIR SOURCES...: for each source, the lines it runs and none of the
# others does, as markdown
only() {
	local dir=$1 s o n
	shift
	for s in "$@"; do
		# lines every other source never runs, less those s never runs
		n=$(for o in "$@"; do
			[ "$o" = "$s" ] || never "$dir" "$o"
		done | sort | uniq -c | awk -v k=$(($# - 1)) '$1 == k { print $2 " " $3 }' |
			comm -23 - <(never "$dir" "$s") | sort -t: -k2 -n)
		echo
		if [ -z "$n" ]; then
			echo "Lines only $s runs: none."
			continue
		fi
		echo "Lines only $s runs ($(echo "$n" | wc -l)):"
		echo
		echo "$n" | awk '{ l[$1] = l[$1] (l[$1] == "" ? "" : ", ") $2 }
			END { for (f in l) print "- `" f "`: " l[f] }' | sort
	done
}

# reasons DIR SOURCE: "function<TAB>file:line<TAB>code<TAB>reason" of each
# line SOURCE never runs, the reason from REASONS ("function<TAB>code<TAB>
# reason", the code with its blanks squeezed), empty when it has none
REASONS=${COVERAGE_REASONS:-$here/coverage-reasons.tsv}
reasons() {
	local dir=$1 s=$2 src
	src=$(cat "$dir/$s/gcov/build")/source/kernel/bpf
	never "$dir" "$s" | sort -t: -k2 -n | while read -r fn at; do
		printf '%s\t%s\t' "$fn" "$at"
		sed -n "${at#*:}p" "$src/${at%%:*}" | tr -s ' \t' ' ' | sed 's/^ //; s/ $//'
	done | awk -F'\t' -v rf="$REASONS" '
		BEGIN { while ((getline l < rf) > 0) {
				if (l ~ /^#/ || l == "") continue
				split(l, f, "\t"); why[f[1] "\t" f[2]] = f[3] } }
		{ print $1 "\t" $2 "\t" $3 "\t" why[$1 "\t" $3] }'
}

# json DIR RFILE SOURCES...: DIR/coverage.json (schema bpf_refs-coverage/1,
# docs/coverage.md) from the sources' functions.tsv and verdicts, and the
# never-run lines of the last source with their reasons (RFILE: reasons')
json() {
	local dir=$1 rfile=$2 s
	shift 2
	for s in "$@"; do
		jq -n --arg s "$s" --arg v "$(cat "$dir/$s/verdict" 2>/dev/null || true)" \
			--rawfile t "$dir/$s/functions.tsv" '
			{name: $s, verdict: $v,
			 functions: [$t | split("\n")[]
				| select(length > 0 and (startswith("#") | not))
				| split("\t") | {name: .[0], file: .[1], first: (.[2] | tonumber),
				   last: (.[3] | tonumber), lines_hit: (.[4] | tonumber),
				   lines: (.[5] | tonumber), branches_taken: (.[6] | tonumber),
				   branches: (.[7] | tonumber)}]}'
	done | jq -s --arg kernel "$(cat "$dir/kernel" 2>/dev/null || echo unknown)" \
		--arg date "$(date -u +%FT%TZ)" --rawfile unc "$rfile" '
		def total(f): map(f) | add;
		. as $src
		| [.[0].functions[] | {name, file, first, last}] as $fns
		| {schema: "bpf_refs-coverage/1", kernel: $kernel, date: $date,
		 sources: [.[] | {name, verdict, lines_hit: (.functions | total(.lines_hit)),
				  lines: (.functions | total(.lines)),
				  branches_taken: (.functions | total(.branches_taken)),
				  branches: (.functions | total(.branches))}],
		 functions: [$fns[] | . as $f | . + {coverage: ([$src[]
			| {(.name): (.functions[] | select(.name == $f.name)
				     | {lines_hit, lines, branches_taken, branches})}] | add)}],
		 never_run: [$unc | split("\n")[] | select(length > 0) | split("\t")
			| {function: .[0], file: (.[1] | split(":")[0]),
			   line: (.[1] | split(":")[1] | tonumber), code: .[2],
			   reason: (if (.[3] // "") == "" then null else .[3] end)}]}' \
		>"$dir/coverage.json"
}

# table DIR: DIR/coverage.md from DIR/*/functions.tsv
table() {
	local dir=$1 s srcs=() booted=() last
	for s in $BOOTED all; do
		[ -s "$dir/$s/functions.tsv" ] || continue
		srcs+=("$s")
		[ "$s" = all ] || booted+=("$s")
	done
	if [ ${#srcs[@]} = 0 ]; then
		say "no */functions.tsv in $dir: no source gave coverage"
		return 1
	fi
	last=${srcs[-1]}
	{
		echo "Kernel: $(cat "$dir/kernel" 2>/dev/null || echo unknown);" \
		     "made by tools/vm/$(basename "$0") on $(date -u +%F)."
		echo
		for s in "${srcs[@]}"; do
			echo "- $s: $(cat "$dir/$s/verdict" 2>/dev/null || echo '?')"
		done
		echo
		printf '| function | file:lines |'
		for s in "${srcs[@]}"; do printf ' %s lines | %s branches |' "$s" "$s"; done
		echo
		printf '|---|---|'
		for s in "${srcs[@]}"; do printf -- '---|---|'; done
		echo
		for s in "${srcs[@]}"; do
			grep -v '^#' "$dir/$s/functions.tsv" | sed "s/^/$s\t/"
		done | awk -F'\t' -v order="${srcs[*]}" '
			function cell(h, t) {
				if (!t)
					return "-"
				return sprintf("%d/%d (%d%%)", h, t, int(100 * h / t + 0.5))
			}
			{ k = $2; if (!(k in where)) { keys[++n] = k; where[k] = $3 ":" $4 "-" $5 }
			  L[$1, k] = cell($6, $7); B[$1, k] = cell($8, $9)
			  TL[$1, "h"] += $6; TL[$1, "t"] += $7
			  TB[$1, "h"] += $8; TB[$1, "t"] += $9 }
			END {
				m = split(order, o, " ")
				for (i = 1; i <= n; i++) {
					printf "| `%s` | %s |", keys[i], where[keys[i]]
					for (j = 1; j <= m; j++)
						printf " %s | %s |", L[o[j], keys[i]],
							B[o[j], keys[i]]
					print ""
				}
				printf "| **all %d** | |", n
				for (j = 1; j <= m; j++)
					printf " %s | %s |", cell(TL[o[j], "h"], TL[o[j], "t"]),
						cell(TB[o[j], "h"], TB[o[j], "t"])
				print ""
			}'
		[ ${#booted[@]} -lt 2 ] || only "$dir" "${booted[@]}"
		reasons "$dir" "$last" >"$dir/never-run.tsv"
		echo
		echo "Lines $last never runs ($(grep -c . "$dir/never-run.tsv" || true), of which" \
		     "$(awk -F'\t' '$4 == ""' "$dir/never-run.tsv" | wc -l) have no reason" \
		     "in tools/vm/${REASONS##*/}):"
		echo
		echo '| function | line | code | why no test runs it |'
		echo '|---|---|---|---|'
		awk -F'\t' '{ gsub(/\|/, "\\|", $3)
			printf "| `%s` | %s | `%s` | %s |\n", $1, $2, $3,
				$4 == "" ? "**none yet**" : $4 }' \
			"$dir/never-run.tsv"
	} >"$dir/coverage.md"
	json "$dir" "$dir/never-run.tsv" "${srcs[@]}"
	cat "$dir/coverage.md"
}

series=7.2
tree=""
out=$top/results/coverage
sources=suite
tab=""
fuzz=1:3000
while [ $# -gt 0 ]; do
	case "$1" in
	-s) [ -n "${2:-}" ] || die "-s needs a series"; series=$2; shift ;;
	-t) [ -d "${2:-}" ] || die "-t needs a kernel tree"; tree=$(cd "$2" && pwd); shift ;;
	-o) [ -n "${2:-}" ] || die "-o needs a directory"; out=$2; shift ;;
	--sources) [ -n "${2:-}" ] || die "--sources needs a list"; sources=$2; shift ;;
	--fuzz) [[ ${2:-} =~ ^[0-9]+:[1-9][0-9]*$ ]] || die "--fuzz needs SEED:N"
		fuzz=$2; shift ;;
	--table) [ -d "${2:-}" ] || die "--table needs a results directory"; tab=$2; shift ;;
	-h) echo "$usage"; exit 0 ;;
	--) shift; break ;;
	*) die "unknown option '$1'; $usage" ;;
	esac
	shift
done
if [ -n "$tab" ]; then
	table "$tab" || exit 1
	exit 0
fi
for t in gcov jq zcat diff; do
	command -v "$t" >/dev/null || die "missing $t (gcov: package gcc; jq: package jq)"
done
for s in ${sources//,/ }; do
	case " $BOOTED all " in
	*" $s "*) ;;
	*) die "unknown source '$s' ($BOOTED all)" ;;
	esac
done
if [ -z "$tree" ]; then
	tree=$("$top/tools/lib/ksrc.sh" "$series") ||
		die "no linux-source-$series tree (tools/lib/ksrc.sh $series)"
fi
# the guest's runner links the libbpf of the tree it is built against
# (vmtest.sh: build/x86_64-<tree name>): the kernel's own
export KDIR=${KDIR:-$tree}
# upstream's objects: of the same series
export UPSTREAM_PEER_SERIES=$series
mkdir -p "$out" || die "cannot make $out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# its name is the kernel release's suffix (+gcov-verifier)
patch=$work/gcov-verifier.patch
make_patch "$tree" "$patch"

rc=0
for s in ${sources//,/ }; do
	case "$s" in
	suite)
		boot suite -- "$@" || rc=1 ;;
	upstream)
		d=$("$top/tools/upstream/upstream-peer.sh" build | tail -n1) ||
			die "upstream: tools/upstream/upstream-peer.sh build failed"
		boot upstream "${CORPUS_GUEST_LIMITS[@]}" --objects "$d" || rc=1 ;;
	corpus | fuzz)
		args=$(object_set "$s" "$out" "$fuzz") || die "$s: no objects to boot"
		mapfile -t args <<<"$args"
		boot "$s" "${args[@]}" || rc=1 ;;
	all)
		merge all || rc=1 ;;
	esac
done
table "$out" >/dev/null || rc=1
say "table: $out/coverage.md"
exit "$rc"
