#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CI for vmtest.sh (docs/vmtest.md): the kernel line (tools/line/line.list: Debian's
# 6.1 to 7.3 on x86_64 and arm64) with its fix map; Debian's kernels for
# x86_64, arm64 and s390x (vmtest.sh -a all); the panic, hang, bad-input
# and console self-tests; two runs at once on a cold cache; kernels built
# with ./config from tinyconfig (x86_64 7.2 whose verifier refuses a kfunc,
# s390x 7.1 and 7.2 with a BPF JIT, cached in $BPF_REFS_CACHE/kbuild-*);
# upstream's own dynptr tests from linux-source-7.2 in a 7.2 guest, and
# every object its prog_tests/ runs through the test_loader.
# Installs what it needs.  Usage: .ci/vmtest.sh [STEP...]: only those steps
# (names as in the timings: install, kernel-line, debian-kernels, panic,
# hang, bad_input, channels, stress-cache, in-tree-kernel, ...).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"
cd "$here"
# scratch files of this run (never a fixed /tmp name: CI runs as root)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

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
	tools/deps.sh vm >/dev/null
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

# Debian's kernels: x86_64 and arm64 6.12 pass with the expectations
# derived from FIXES; the s390x 6.1 image has no BTF, so nearly everything
# skips and what runs passes.
debian() {
	local out=$here/results rc=0 a d v
	tools/vm/vmtest.sh -a all -j 3 -o "$out" | tee "$scratch/vmtest_all.txt" || rc=$?
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
		expect_grep "xfail auto: expectations from FIXES and __fixed_by" \
			"$d/ktap" "${a%%:*}: expectations derived"
		echo "  ok: $v"
	done
	d=$(find "$out/s390x" -maxdepth 1 -type d -name "$(debian_dir 6.1)" ! -name '*-perf' |
		sort | tail -n1)
	expect_grep 'lacks /sys/kernel/btf/vmlinux' "$d/info" "s390x: reported as having no BTF"
	jq -e '.summary.skip > .summary.pass' "$d/results.json" >/dev/null ||
		fail "s390x: expected mostly SKIPs on a kernel without BTF"
	echo "  ok: s390x skips what needs BTF"
}

# The guest panics after the suite, before its exit status: the results
# that were streamed out are kept, and the run fails naming the panic.
panic_selftest() {
	local out=$here/results/selftest rc=0 d v n
	tools/vm/vmtest.sh -a x86_64 -o "$out" --hook panic -- -t 'dynptr_ringbuf_frames' ||
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
	tools/vm/vmtest.sh -a x86_64 -o "$out" --hook hang --watchdog 15 \
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

# Bad input: exit 2 and a message naming what is wrong; a hostile kernel
# release is refused and nothing outside -o is touched
# (tools/vm/tests/vm_release_test.sh).
bad_input() {
	local tmp rc msg img long
	tmp=$(mktemp -d "$scratch/bad_input.XXXXXX")
	img=$(find "$BPF_REFS_CACHE/vm/kernels" -path '*arm64*' ! -path '*/.*' -name 'vmlinuz-*' |
		head -n1)
	head -c 100000 /dev/urandom >"$tmp/garbage"
	head -c 3000000 "$(find "$BPF_REFS_CACHE/vm/kernels" -path '*amd64*' \
		! -path '*/.*' -name 'vmlinuz-*' | head -n1)" >"$tmp/truncated"
	: >"$tmp/file"
	: >"$tmp/init"
	# 40 subtests: more than a kernel command line carries
	long=$(printf 'rel_ringbuf/orig_slice_after_overwrite_orig_write,%.0s' $(seq 40))
	while IFS='|' read -r args want; do
		rc=0
		# -o first, so that a case can give its own
		# shellcheck disable=SC2086
		msg=$(tools/vm/vmtest.sh -o "$tmp/r" $args 2>&1) || rc=$?
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
-a x86_64 --timeout|--timeout needs a number of seconds
-a x86_64 -o $tmp/file|-o: '$tmp/file' exists and is not a directory
-a x86_64 -k /dev/zero|'/dev/zero' is not a regular file
-a x86_64 -k $(realpath /bin/ls)|is an ELF file but not a Linux kernel
-a x86_64 --run $tmp/none|--run: '$tmp/none' is not a file
-a x86_64 --run $tmp/file --perf|--run and --perf exclude each other
-a x86_64 --file $tmp/init|two files named init for the initramfs root
-a x86_64 -- -t $long|runner arguments too long for the guest's kernel command line
EOF
	rm -rf "$tmp"
	tools/vm/tests/vm_release_test.sh | sed 's/^/  /' ||
		fail "tools/vm/tests/vm_release_test.sh failed"
}

# The console holds only the kernel's lines: a --run script (the runner
# likewise) that prints a kernel panic's words to stderr sends them to
# stderr.log through the results port, and the run passes, no splat.  Then
# its kernel and initramfs booted by hand with vmtest.objects=1 (what
# vmtest.sh --object X passes) and no /vmtest-objects in the image (what a
# damaged initramfs lacks; vmtest.sh itself builds such an image again):
# the guest refuses to run anything and fails, never runs the suite.
channels() {
	local out=$here/results/selftest rc=0 d v s kimg initrd con res
	s=$scratch/panic_words.sh
	cat >"$s" <<'EOF'
echo "Kernel panic - not syncing: x.bpf.o" >&2
echo "[    1.000000] Kernel panic - not syncing: x.bpf.o" >&2
printf '%s\n' 'KTAP version 1' '1..1' 'ok 1 panic_words' \
	'# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0'
EOF
	tools/vm/vmtest.sh -a x86_64 -o "$out" --run "$s" | tee "$scratch/channels.out" ||
		rc=${PIPESTATUS[0]}
	[ "$rc" = 0 ] || fail "console self-test: exit $rc, expected 0 (no splat)"
	d=$(sed -n 's|^  results: \(.*\)/$|\1|p' "$scratch/channels.out" | tail -n1)
	v=$(verdict_of "$d")
	[[ $v == *": PASS (pass:1 "* ]] || fail "console self-test: expected PASS, got: $v"
	[ "$(grep -c 'Kernel panic - not syncing: x.bpf.o' "$d/stderr.log")" = 2 ] ||
		fail "console self-test: the script's stderr is not in $d/stderr.log"
	expect_no_grep 'x\.bpf\.o' "$d/console.log" \
		"console self-test: a program's stderr stays off the console"
	[ ! -e "$d/splats" ] || fail "console self-test: splats named: $(cat "$d/splats")"
	echo "  ok: $v"

	kimg=$(sed -n 's/.* -kernel \([^ ]*\) .*/\1/p' "$d/qemu.cmd")
	initrd=$(sed -n 's/.* -initrd \([^ ]*\) .*/\1/p' "$d/qemu.cmd")
	{ [ -f "$kimg" ] && [ -f "$initrd" ]; } ||
		fail "console self-test: no kernel or initramfs in $d/qemu.cmd"
	con=$scratch/objects.console
	res=$scratch/objects.results
	: >"$con"
	: >"$res"
	(
		# shellcheck source=tools/lib/arch.sh
		. tools/lib/arch.sh
		arch_settings x86_64
		# shellcheck disable=SC2086 # ARCH_MACHINE, ARCH_CPU_TCG: options
		timeout 300 "$ARCH_QEMU" $ARCH_MACHINE -accel tcg $ARCH_CPU_TCG -m 512 \
			-nodefaults -no-user-config -display none -no-reboot \
			-serial "file:$con" -serial "file:$res" \
			-kernel "$kimg" -initrd "$initrd" -append "console=$ARCH_CONSOLE \
panic=-1 loglevel=5 printk.time=1 vmtest.res=$ARCH_RESULTS_DEV vmtest.objects=1"
	) >"$scratch/objects.qemu" 2>&1 || true
	expect_grep '^Bail out! vmtest: asked for 1 --object file\(s\), the initramfs lists 0' \
		"$res" "an initramfs without its --object: the guest bails out"
	expect_grep '^VMTEST_RC=1' "$res" "and fails"
	expect_no_grep '^(TAP version|KTAP version|ok [0-9]|not ok [0-9])' "$res" \
		"and runs nothing else"
}

# Two vmtest.sh at once on a cold cache, then three extractions of one cold
# kernel at once: both guests pass, each entry is made once and whole
# (tools/vm/tests/stress_cache.sh).
stress_cache() {
	tools/vm/tests/stress_cache.sh | sed 's/^/  /'
}

# Kernels built from Debian's linux-source-SERIES with ./config, each
# from tinyconfig (the cheapest that boots and has BPF, the JIT, BTF and
# the probes' options) and cached in $BPF_REFS_CACHE/kbuild-<arch>-tiny*:
# x86_64 7.2 with tools/vm/tests/kernel/refuse-dynptr-slice-rdwr.patch (a verifier
# that refuses bpf_dynptr_slice_rdwr() by a policy of its own; 24 min at
# -j2 beside other jobs, 30 s cached), and s390x 7.1 and 7.2, the
# big-endian runs with the BPF JIT (Debian's s390x kernels have no JIT)
# before and after the fix series (about 12 min each at -j2).
# intree ARCH SERIES [vmtest options]: build linux-source-SERIES for ARCH
# (6.12: the tree tools/deps.sh extracted; others: tools/lib/ksrc.sh),
# boot it and expect a PASS with derived expectations, a kernel with BTF
# and the JIT, and no failing or xfailed test whose fix this release has
# (a test skipped because the kernel refuses a kfunc it calls excepted).
# Leaves the results folder in intree_dir.
intree_dir=""
intree() {
	local arch=$1 series=$2 tree out=$here/results rc=0 d v what
	shift 2
	what="in-tree $arch $series kernel${*:+ ($*)}"
	tree=$(tools/lib/ksrc.sh "$series") || fail "$what: no linux-source-$series tree"
	KBUILD_JOBS=2 tools/vm/vmtest.sh -a "$arch" -t "$tree" "$@" -o "$out" |
		tee "$scratch/intree.out" || rc=${PIPESTATUS[0]}
	[ "$rc" = 0 ] || fail "$what: vmtest.sh exited $rc, expected 0"
	# the folder vmtest.sh names (a patched tree's release has a suffix)
	d=$(sed -n 's|^  results: \(.*\)/$|\1|p' "$scratch/intree.out" | tail -n1)
	if [ -z "$d" ] || [ ! -d "$d" ]; then
		fail "$what: no results folder named by vmtest.sh"
	fi
	[[ ${d##*/} == "$series".* ]] ||
		fail "$what: results in $d, not of a $series kernel"
	v=$(verdict_of "$d")
	[[ $v == *": PASS ("* ]] || fail "$what: expected PASS, got: $v"
	expect_grep "xfail auto: expectations from FIXES and __fixed_by" "$d/ktap" \
		"$what: expectations derived"
	! grep -m1 'kernel lacks' "$d/info" || fail "$what: built without BTF or JIT"
	local has='.tests[] | select(.fix_status == "has" and .status != "pass" and
		((.status == "skip" and
		  (.reason // "" | startswith("kernel refuses kfunc "))) | not))'
	jq -e "[$has] | length == 0" "$d/results.json" >/dev/null ||
		fail "$what: tests whose fix this release has did not pass:" \
		     "$(jq -r "$has | .name" "$d/results.json" | paste -sd' ')"
	intree_dir=$d
	echo "  ok: $v"
}

# intree_refuses KFUNC ARCH SERIES [vmtest options]: intree of a kernel
# whose verifier refuses KFUNC (a --patch of tools/vm/tests/kernel/): besides
# intree's checks, the runner's probes (progs/kfunc_policy.c) must find
# the refusal and say so after the plan, the tests that call KFUNC SKIP
# naming it, the JSON lists it in kernel.refused_kfuncs, and no test fails.
intree_refuses() {
	local kfunc=$1 d n j what
	shift
	what="in-tree $1 $2 kernel refusing $kfunc"
	intree "$@"
	d=$intree_dir
	expect_grep "^# kernel refuses kfunc $kfunc " "$d/ktap" \
		"$what: the probes' diagnostic"
	n=$(grep -cE "^ *ok [0-9]+ .* # SKIP kernel refuses kfunc $kfunc " "$d/ktap" || true)
	[ "$n" -gt 0 ] || fail "$what: no test SKIPs as refused in $d/ktap"
	jq -e --arg k "$kfunc" '[.kernel.refused_kfuncs[]? | select(.kfunc == $k)]
		| length > 0' "$d/results.json" >/dev/null ||
		fail "$what: kernel.refused_kfuncs of $d/results.json lacks it"
	jq -e '[.tests[] | select(.status == "fail")] | length == 0' \
		"$d/results.json" >/dev/null ||
		fail "$what: failing tests: $(jq -r '.tests[] |
			select(.status == "fail") | .name' "$d/results.json" | paste -sd' ')"
	j=$(jq --arg r "kernel refuses kfunc $kfunc " '[.tests[] |
		select(.status == "skip" and (.reason // "" | startswith($r)))]
		| length' "$d/results.json")
	[ "$j" = "$n" ] ||
		fail "$what: $n refusal SKIPs in the KTAP but $j in the JSON"
	echo "  ok: $what: $n tests SKIP as refused, none fails," \
	     "kernel.refused_kfuncs names it"
}

# The kernel line (tools/line/line.list): every Debian kernel passes with its
# derived expectations, and the fix map agrees with FIXES and __fixed_by.
line() {
	local out=$here/results/line rc=0
	rm -rf "$out"
	tools/line/line.sh -o "$out" || rc=$?
	[ "$rc" = 0 ] ||
		fail "the kernel line failed (exit $rc): see $out/line.txt and $out/fixmap.txt"
	echo "  ok: $(tail -n1 "$out/line.txt"), fix map agrees"
}

# Upstream's own dynptr tests of linux-source-7.2 (tools/upstream/upstream-peer.sh)
# in Debian's 7.2 guest: every annotated program must pass.
upstream_peer() {
	UPSTREAM_PEER_SERIES=$1 tools/upstream/upstream-peer.sh vm -o "$here/results/upstream-$1"
}

# every object of the tree's test_loader, each FAIL a known one
upstream_corpus() {
	UPSTREAM_PEER_SERIES=$1 tools/upstream/upstream-peer.sh corpus \
		-o "$here/results/upstream-corpus-$1"
}

# The steps, in order: NAME FUNCTION [ARGUMENTS]
steps=(
	"install deps"
	"kernel-line line"
	"debian-kernels debian"
	"panic panic_selftest"
	"hang hang_selftest"
	"bad_input bad_input"
	"channels channels"
	"stress-cache stress_cache"
	# x86_64 7.2 whose verifier refuses bpf_dynptr_slice_rdwr()
	# (tools/vm/tests/kernel/): the runner finds the refusal and skips
	# the tests that call it
	"in-tree-kernel intree_refuses bpf_dynptr_slice_rdwr x86_64 7.2 --tiny
	 --patch tools/vm/tests/kernel/refuse-dynptr-slice-rdwr.patch"
	# s390x with BTF and the JIT: the big-endian run of every test
	# (Debian's s390x kernels have no JIT), before (7.1, the upstream
	# tarball of Debian's linux 7.1.13) and after (7.2) the fix series
	"in-tree-kernel-s390x-7.1 intree s390x 7.1 --tiny"
	"in-tree-kernel-s390x-7.2 intree s390x 7.2 --tiny"
	"upstream-7.2 upstream_peer 7.2"
	"upstream-corpus-7.2 upstream_corpus 7.2"
)
names=" "
for st in "${steps[@]}"; do
	names+="${st%% *} "
done
for a in "$@"; do
	[[ $names == *" $a "* ]] || fail "no step '$a' (steps:$names)"
done
for st in "${steps[@]}"; do
	# shellcheck disable=SC2206 # a step's words
	w=($st)
	[ $# = 0 ] || [[ " $* " == *" ${w[0]} "* ]] || continue
	timed "${w[@]}"
done

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
