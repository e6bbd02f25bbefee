#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CI for tools/fuzz/ (docs/fuzz.md): canonical forms keep their programs
# (fuzzgen check), and a short campaign on the running kernel judges
# generated programs against the model.  Calibration: a kernel that has
# the ringbuf clone bug (a clone in a callee's frame survives the release
# of its original, bug-ringbuf-clone-release), as the suite's own test of
# it shows, must give it back without being told; a kernel that passes
# that test may show no such finding.  The version does not decide: a
# kernel may carry the fix before its release.  File programs skip where the
# kernel lacks file dynptrs.  Usage: .ci/fuzz.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"

out=$(mktemp -d /tmp/bpf_refs_fuzz.XXXXXX)
trap 'rm -rf "$out"' EXIT

make -s -C "$here/tools/fuzz" check || fail "fuzzgen check"
t0=$(date +%s)
make -s -C "$here" fuzz SEED=6181 N=400 OUT="$out" >"$out.log" 2>&1 ||
	{ tail -n 20 "$out.log"; rm -f "$out.log"; fail "the campaign failed"; }
tail -n1 "$out.log"
# a ringbuf clone made in another frame (P: reached through a pointer)
# that outlives the release of its record
shape='^finding .*unsafe-accept.*clone\(rb\)P:.*rel\(rb\)'
clone_bug=$(grep -E "$shape" "$out.log" | head -n1 || true)
rm -f "$out.log"
# what the suite's test of the bug says of this kernel
probe=dynptr_ringbuf_frames/clone_in_callee_write_after_submit
make -s -j2 -C "$here" >/dev/null || fail "building the suite failed"
"$here/bpf_refs" -t "$probe" --json "$out/probe.json" >/dev/null 2>&1 || true
has_bug=$(jq -r '.tests[0].status' "$out/probe.json" 2>/dev/null) ||
	fail "no result of $probe"
case "$has_bug" in
fail)
	[ -n "$clone_bug" ] ||
		fail "$(uname -r) has the cross-frame ringbuf clone bug ($probe" \
		     "fails); the campaign did not find it"
	echo "  ok: rediscovered on $(uname -r): ${clone_bug#finding }" ;;
pass)
	[ -z "$clone_bug" ] ||
		fail "$(uname -r) passes $probe, yet the campaign reports: $clone_bug"
	echo "  ok: $(uname -r) passes $probe and no cross-frame clone finding" ;;
*)
	echo "  ok: $probe: $has_bug on $(uname -r): no calibration" ;;
esac
echo "  ok: campaign of 400 programs in $(($(date +%s) - t0)) s"

# file programs (LSM, file dynptr kfuncs from 6.19): built and judged, and
# on a kernel without bpf_dynptr_from_file every one skipped, none failed
t0=$(date +%s)
"$here/tools/fuzz/campaign.sh" -s 6181 -n 100 -t file -o "$out/file" \
	>"$out/file.log" 2>&1 ||
	{ tail -n 20 "$out/file.log"; fail "the file campaign failed"; }
if ! grep -qa bpf_dynptr_from_file /sys/kernel/btf/vmlinux; then
	if ! grep -q '^100 programs skipped' "$out/file.log" ||
	   ! grep -q '^done: .* 0 findings' "$out/file.log"; then
		cat "$out/file.log"
		fail "file programs did not all skip on $(uname -r)"
	fi
	echo "  ok: $(uname -r) lacks file dynptrs: 100 file programs skipped"
fi
echo "  ok: file campaign of 100 programs in $(($(date +%s) - t0)) s"
