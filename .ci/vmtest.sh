#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CI for vmtest.sh (docs/vmtest.md): the suite in QEMU on Debian's kernels
# for x86_64, arm64 and s390x, checked against what each kernel is expected
# to give; the panic, hang and bad-input self-tests; and one kernel built
# from linux-source-6.12 with ./config (tinyconfig based, cached in
# $BPF_REFS_CACHE/kbuild-x86_64-tiny).  Installs what it needs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"
cd "$here"

t_all=$(date +%s)
timings=()
timed() {
	local name=$1 t0 rc=0
	shift
	t0=$(date +%s)
	"$@" || rc=$?
	timings+=("$name: $(($(date +%s) - t0)) s")
	return "$rc"
}

deps() {
	export DEBIAN_FRONTEND=noninteractive
	local pkgs="qemu-system-x86 qemu-system-arm qemu-system-misc cpio gzip
		    xz-utils zstd binutils jq dwarves flex bison bc libssl-dev
		    libelf-dev make gcc"
	# shellcheck disable=SC2086
	if ! dpkg-query -W $pkgs >/dev/null 2>&1; then
		apt-get update -qq
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
	fi
	scripts/deps.sh cross >/dev/null
	echo "  ok: QEMU, cross compilers and kernel build tools installed"
}

# verdict_of DIR: the one-line verdict of a results folder
verdict_of() {
	[ -f "$1/verdict" ] || fail "no verdict in $1"
	cat "$1/verdict"
}

# debian_dir VERSION: the results folder name of a Debian kernel of that
# version (6.12.117+deb12-amd64, 6.1.0-50-s390x), never a self-built one;
# callers leave out --perf runs (...-perf).
debian_dir() {
	case "$1" in
	6.1) echo '6.1.0-*' ;;
	*) echo "$1.*+deb*" ;;
	esac
}

# Debian's kernels: x86_64 and arm64 6.12 pass with xfail/6.12; the s390x
# 6.1 image has no BTF, so nearly everything skips and what runs passes
# (xfail/6.1).
debian() {
	local out=$here/results rc=0 a d v
	./vmtest.sh -a all -j 3 -o "$out" | tee /tmp/bpf_refs_vmtest_all.txt || rc=$?
	[ "$rc" = 0 ] || fail "vmtest.sh -a all exited $rc, expected 0 (all arches pass)"
	for a in x86_64:6.12 aarch64:6.12 s390x:6.1; do
		d=$(find "$out/${a%%:*}" -maxdepth 1 -type d \
			-name "$(debian_dir "${a#*:}")" ! -name '*-perf' | sort | tail -n1)
		[ -n "$d" ] || fail "no results for ${a%%:*} ${a#*:}"
		v=$(verdict_of "$d")
		[[ $v == *": PASS ("* ]] || fail "${a%%:*}: expected PASS, got: $v"
		[ -s "$d/ktap" ] || fail "${a%%:*}: empty KTAP in $d"
		jq -e '.summary.total > 0' "$d/results.json" >/dev/null ||
			fail "${a%%:*}: no valid JSON summary in $d/results.json"
		expect_grep "xfail list xfail/${a#*:}" "$d/info" "${a%%:*}: uses xfail/${a#*:}"
		echo "  ok: $v"
	done
	d=$(find "$out/s390x" -maxdepth 1 -type d -name "$(debian_dir 6.1)" ! -name '*-perf' |
		sort | tail -n1)
	expect_grep 'lacks /sys/kernel/btf/vmlinux' "$d/info" "s390x: reported as having no BTF"
	jq -e '.summary.skip > .summary.pass' "$d/results.json" >/dev/null ||
		fail "s390x: expected mostly SKIPs on a kernel without BTF"
	echo "  ok: s390x skips what needs BTF"
}

# Debian's 6.1 on x86_64 has BTF, so it runs the helper-level tests that
# s390x skips: the old kernel of the report's 6.1 -> 6.12 diff.
debian_61() {
	local out=$here/results d v
	./vmtest.sh -a x86_64 --debian 6.1 -o "$out" ||
		fail "vmtest.sh -a x86_64 --debian 6.1 failed"
	d=$(find "$out/x86_64" -maxdepth 1 -type d -name "$(debian_dir 6.1)" ! -name '*-perf' |
		sort | tail -n1)
	[ -n "$d" ] || fail "no results for x86_64 6.1"
	v=$(verdict_of "$d")
	[[ $v == *": PASS ("* ]] || fail "x86_64 6.1: expected PASS, got: $v"
	expect_grep "xfail list xfail/6.1" "$d/info" "x86_64 6.1: uses xfail/6.1"
	echo "  ok: $v"
}

# The guest panics after the suite, before its exit status: the results
# that were streamed out are kept, and the run fails naming the panic.
panic_selftest() {
	local out=$here/results/selftest rc=0 d v n
	./vmtest.sh -a x86_64 -o "$out" --hook panic -- -t 'dynptr_ringbuf_frames' ||
		rc=$?
	[ "$rc" = 1 ] || fail "panic self-test: exit $rc, expected 1"
	d=$(find "$out/x86_64" -maxdepth 1 -type d -name '6.12.*' | sort | tail -n1)
	v=$(verdict_of "$d")
	[[ $v == *"FAIL (kernel panic: sysrq triggered crash after "* ]] ||
		fail "panic self-test: verdict does not name the panic: $v"
	n=$(grep -cE '^ *(not )?ok [0-9]' "$d/ktap" || true)
	[ "$n" -gt 0 ] || fail "panic self-test: results before the panic were lost"
	expect_grep '^kernel panic: ' "$d/splats" "panic self-test: splat named"
	echo "  ok: $n results kept before the panic"
}

# The guest stops printing: the watchdog kills it within its limit.
hang_selftest() {
	local out=$here/results/selftest rc=0 d v t0 el
	t0=$(date +%s)
	./vmtest.sh -a x86_64 -o "$out" --hook hang --watchdog 15 \
		-- -t 'dynptr_ringbuf_frames' || rc=$?
	el=$(($(date +%s) - t0))
	[ "$rc" = 1 ] || fail "hang self-test: exit $rc, expected 1"
	d=$(find "$out/x86_64" -maxdepth 1 -type d -name '6.12.*' | sort | tail -n1)
	v=$(verdict_of "$d")
	[[ $v == *"hang: no output for 15 s, killed by the watchdog"* ]] ||
		fail "hang self-test: verdict does not name the hang: $v"
	[ "$el" -lt 60 ] || fail "hang self-test: took $el s with a 15 s watchdog"
	pgrep -f "qemu-system-x86_64.*$out" >/dev/null &&
		fail "hang self-test: QEMU still running"
	echo "  ok: hung guest killed in $el s"
}

# Bad input: exit 2 and a message naming what is wrong.
bad_input() {
	local tmp rc msg img
	tmp=$(mktemp -d)
	img=$(find "$BPF_REFS_CACHE/vm/kernels" -path '*arm64*' -name 'vmlinuz-*' | head -n1)
	head -c 100000 /dev/urandom >"$tmp/garbage"
	head -c 3000000 "$(find "$BPF_REFS_CACHE/vm/kernels" -path '*amd64*' \
		-name 'vmlinuz-*' | head -n1)" >"$tmp/truncated"
	while IFS='|' read -r args want; do
		rc=0
		# shellcheck disable=SC2086
		msg=$(./vmtest.sh $args -o "$tmp/r" 2>&1) || rc=$?
		[ "$rc" = 2 ] || fail "vmtest.sh $args: exit $rc, expected 2 ($msg)"
		[[ $msg == *"$want"* ]] ||
			fail "vmtest.sh $args: message lacks '$want': $msg"
		echo "  ok: $args -> $msg"
	done <<EOF
-a mips|unknown architecture 'mips'
-a x86_64 -k $img|is for aarch64, not x86_64
-a x86_64 -k $tmp/garbage|is not a kernel image
-a x86_64 -k $tmp/truncated|is truncated
-a all -k $img|-k boots one image
-a x86_64 --hook crash|--hook takes panic or hang
EOF
	rm -rf "$tmp"
}

# One kernel built from linux-source-6.12 with ./config: x86_64 from
# tinyconfig (the cheapest that boots and has BPF, BTF and the probes'
# options; about 6.5 min on 2 cores, cached), booted and checked like
# Debian's 6.12.
# intree ARCH [vmtest options]: build linux-source-6.12 with config for
# ARCH (cached between runs), boot it and expect a PASS.
intree() {
	local arch=$1 tree out=$here/results rc=0 d v
	shift
	tree=$(ktree)
	[ -n "$tree" ] || fail "no linux-source tree: scripts/deps.sh"
	KBUILD_JOBS=2 ./vmtest.sh -a "$arch" -t "$tree" "$@" -o "$out" || rc=$?
	[ "$rc" = 0 ] || fail "in-tree $arch kernel: vmtest.sh exited $rc, expected 0"
	d=$(find "$out/$arch" -maxdepth 1 -type d -name '6.12.*' \
		! -name '*deb*' ! -name '*-perf' | sort | tail -n1)
	v=$(verdict_of "$d")
	[[ $v == *": PASS ("* ]] || fail "in-tree $arch kernel: expected PASS, got: $v"
	echo "  ok: $v"
}

timed install deps
timed debian-kernels debian
timed debian-6.1-x86_64 debian_61
timed panic panic_selftest
timed hang hang_selftest
timed bad_input bad_input
timed in-tree-kernel intree x86_64 --tiny
# s390x with BTF: the big-endian run of every test (Debian's s390x kernel
# has no BTF, so it skips them); defconfig base, built once and cached.
timed in-tree-kernel-s390x intree s390x

ms2s() {
	awk -v t="$1" 'BEGIN { if (t == "-") print "-"; else printf "%.1f", t / 1000 }'
}
echo "boot-to-first-result and total per guest (s):"
find results -name timing ! -path '*/selftest/*' | sort | while read -r f; do
	read -r first total <"$f"
	printf '  %-40s %6s %6s\n' "${f#results/}" \
		"$(ms2s "$first")" "$(ms2s "$total")"
done
printf '  %s\n' "${timings[@]}"
echo "vmtest CI: $(($(date +%s) - t_all)) s"
