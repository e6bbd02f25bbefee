#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kselftest tarball in a guest, as KernelCI runs it: for each SERIES
# (default: 6.12 7.2), build bpf_refs' tarball with
# "make -C tools/testing/selftests TARGETS=bpf_refs gen_tar" in Debian's
# linux-source-SERIES, boot Debian's SERIES kernel (x86_64) with the
# tarball and .ci/kselftest_guest.sh (vmtest.sh --file, --run), and there
# run "run_kselftest.sh -t bpf_refs:bpf_refs".  Checked: the per-test
# statuses of the KTAP that came through kselftest equal those of the
# runner run directly in another guest of the same kernel (vmtest.sh),
# --xfail auto derives what the guest's kernel expects, the result line
# and exit code follow the runner's exit status (a known bug without
# --xfail auto fails), and the timeout of ./settings is applied (set to
# 1 s, the run times out).
#
#   .ci/kselftest_vm.sh [-o DIR] [SERIES...]     (results: DIR, default
#                                                 results/kselftest-vm)
# The tree is not touched: the build runs in a directory of links to its
# tools/testing/selftests, with this package copied in as bpf_refs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"
# shellcheck disable=SC2034 # used by tools/vm/lib.sh
PROG=kselftest_vm
# shellcheck source=tools/vm/lib.sh
. "$here/tools/vm/lib.sh"

out=$here/results/kselftest-vm
if [ "${1:-}" = -o ]; then
	out=${2:?-o needs a directory}
	shift 2
fi
series_list=("$@")
[ ${#series_list[@]} -gt 0 ] || series_list=(6.12 7.2)
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d /tmp/bpf_refs_ksft_vm.XXXXXX)
trap 'rm -rf "$work"' EXIT

# coreutils' timeout for the guest (see .ci/kselftest_guest.sh)
deb=$(fetch_deb coreutils:amd64)
dpkg-deb --fsys-tarfile "$deb" | tar -C "$work" -x ./usr/bin/timeout ||
	fail "no usr/bin/timeout in $deb"
cp "$work/usr/bin/timeout" "$work/ksft-timeout"

# statuses [--ksft] KTAP: "topic/subtest status" lines of bpf_refs' KTAP
# (--ksft: as it comes through kselftest, each line behind "# ")
statuses() {
	local ksft=0
	[ "$1" = --ksft ] && { ksft=1; shift; }
	awk -v ksft="$ksft" '
		function st(line, nok) {
			if (nok) return "fail"
			if (line ~ / # SKIP/) return "skip"
			if (line ~ / # XFAIL/) return "xfail"
			if (line ~ / # XPASS/) return "xpass"
			return "pass"
		}
		ksft { if (!sub(/^# /, "")) next }
		/^  (not )?ok [0-9]+ / { nok = ($1 == "not")
			sub_[++k] = (nok ? $4 : $3) " " st($0, nok); next }
		/^(not )?ok [0-9]+ / { nok = ($1 == "not"); t = nok ? $4 : $3
			if (k == 0) print t " " st($0, nok)
			for (i = 1; i <= k; i++) print t "/" sub_[i]
			k = 0 }' "$1" | sort
}

# section NAME FILE: the lines of one run of the guest script
section() {
	awk -v n="$1" '$0 == "# ksft-run " n { on = 1; next }
		/^# ksft-(run|rc) / { on = 0 } on' "$2"
}

one() {
	local series=$1 K S tar topics d_dir k_dir v rc_main rc_nox want_nox s \
		timeout n
	echo "== linux-source-$series: gen_tar, then Debian's $series kernel"
	K=$("$here/tools/lib/ksrc.sh" "$series") || fail "no linux-source-$series tree"
	S=$work/$series/selftests
	mkdir -p "$S"
	ln -s "$K"/tools/testing/selftests/* "$S/"
	rsync -a --exclude .git --exclude '*.bpf.o' --exclude /bpf_refs \
		--exclude /tests.h --exclude /unit/ --exclude /results/ \
		--exclude /build/ --exclude /tools/perf/out/ "$here/" "$S/bpf_refs/"
	make -s -j2 -C "$S" top_srcdir="$K" TARGETS=bpf_refs gen_tar \
		>"$work/$series/gen_tar.log" 2>&1 || {
		tail -n 20 "$work/$series/gen_tar.log"
		fail "gen_tar in linux-source-$series failed"
	}
	tar=$S/kselftest_install/kselftest-packages/kselftest.tar.gz
	[ -s "$tar" ] || fail "gen_tar left no $tar"
	tar -tzf "$tar" | grep -x "./bpf_refs/FIXES" >/dev/null ||
		fail "$tar has no bpf_refs/FIXES"
	echo "  ok: $(basename "$tar") of $(du -k "$tar" | cut -f1) kB from linux-source-$series"
	cp "$tar" "$work/$series/kselftest.tar.gz"
	timeout=$(sed -n 's/^timeout=//p' "$here/settings")

	rm -rf "${out:?}/$series"
	"$here/tools/vm/vmtest.sh" -a x86_64 --debian "$series" -o "$out/$series/direct" ||
		fail "direct run on Debian's $series failed"
	d_dir=$(find "$out/$series/direct/x86_64" -mindepth 1 -maxdepth 1 -type d)
	# topics with a known bug of this kernel (not the runtime probes:
	# they take long), for the run without --xfail auto
	topics=$(jq -r '[.tests[] | select(.status == "xfail") | .name
		| split("/")[0] | select(startswith("runtime_") | not)]
		| unique | join(",")' "$d_dir/results.json") ||
		fail "no JSON results of the direct run in $d_dir"
	[ -n "$topics" ] || fail "Debian's $series shows no known bug to fail on"
	"$here/tools/vm/vmtest.sh" -a x86_64 --debian "$series" -o "$out/$series/kselftest" \
		--file "$work/$series/kselftest.tar.gz" --file "$work/ksft-timeout" \
		--run "$here/.ci/kselftest_guest.sh" -- "$topics" ||
		fail "run_kselftest.sh on Debian's $series failed"
	k_dir=$(find "$out/$series/kselftest/x86_64" -mindepth 1 -maxdepth 1 -type d)
	[ -f "$d_dir/ktap" ] || fail "no KTAP of the direct run in $out/$series/direct"
	[ -f "$k_dir/ktap" ] || fail "no KTAP of the kselftest run in $out/$series/kselftest"
	for s in main noxfail timeout; do
		section "$s" "$k_dir/ktap" >"$k_dir/$s.ktap"
		[ -s "$k_dir/$s.ktap" ] || fail "no output of the '$s' run in $k_dir/ktap"
	done
	rc_main=$(sed -n 's/^# ksft-rc main //p' "$k_dir/ktap")
	rc_nox=$(sed -n 's/^# ksft-rc noxfail //p' "$k_dir/ktap")

	expect_grep "^# timeout set to $timeout\$" "$k_dir/main.ktap" \
		"settings: timeout $timeout s"
	expect_grep "xfail auto: expectations from FIXES and __fixed_by" \
		"$k_dir/main.ktap" "expectations derived"
	expect_grep '^ok 1 selftests: bpf_refs: bpf_refs$' "$k_dir/main.ktap" \
		"ok 1 selftests: bpf_refs: bpf_refs"
	[ "$rc_main" = 0 ] || fail "run_kselftest.sh exited $rc_main, expected 0"
	echo "  ok: run_kselftest.sh exit 0"
	statuses "$d_dir/ktap" >"$work/$series/direct.st"
	statuses --ksft "$k_dir/main.ktap" >"$work/$series/ksft.st"
	n=$(wc -l <"$work/$series/direct.st")
	[ "$n" -gt 100 ] || fail "only $n tests in the direct run ($d_dir/ktap)"
	diff -u "$work/$series/direct.st" "$work/$series/ksft.st" ||
		fail "per-test statuses through kselftest differ from the direct run"
	echo "  ok: $n per-test statuses equal to the direct run" \
		"($(cut -d' ' -f2 "$work/$series/ksft.st" | sort | uniq -c |
			awk '{ printf "%s%s %s", s, $1, $2; s = ", " }'))"
	v=$(jq -r '.summary | "\(.pass) pass, \(.xfail) xfail, \(.skip) skip"' \
		"$k_dir/results.json") || fail "no JSON results of the kselftest run"
	echo "  ok: JSON results through kselftest: $v"

	expect_grep '^not ok 1 selftests: bpf_refs: bpf_refs # exit=1$' \
		"$k_dir/noxfail.ktap" "without the xfail list, -t $topics fails"
	# run_kselftest.sh passes a failure on as its exit status from 6.14
	want_nox=0
	grep -q ERROR_ON_FAIL "$K/tools/testing/selftests/run_kselftest.sh" && want_nox=1
	[ "$rc_nox" = "$want_nox" ] ||
		fail "run_kselftest.sh of $series exited $rc_nox on a failure, expected $want_nox"
	echo "  ok: run_kselftest.sh of $series exits $rc_nox on a failure"
	expect_grep '^not ok 1 selftests: bpf_refs: bpf_refs # TIMEOUT 1 seconds$' \
		"$k_dir/timeout.ktap" "settings timeout=1: TIMEOUT"
}

for s in "${series_list[@]}"; do
	t0=$(date +%s)
	one "$s"
	echo "  linux-source-$s: $(($(date +%s) - t0)) s"
done
