#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CI for fuzz/ (docs/fuzz.md): canonical forms keep their programs
# (fuzzgen check), and a short campaign on the running kernel judges
# generated programs against the model.  Calibration: a kernel before 7.2
# must give back, without being told, the ringbuf clone that lives in a
# callee's frame and survives the release of its original (308c7a0ae885);
# from 7.2 on no ringbuf finding may appear.  File programs skip where the
# kernel lacks file dynptrs.  Usage: .ci/fuzz.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"

out=$(mktemp -d /tmp/bpf_refs_fuzz.XXXXXX)
trap 'rm -rf "$out"' EXIT

make -s -C "$here/fuzz" check || fail "fuzzgen check"
t0=$(date +%s)
make -s -C "$here" fuzz SEED=6181 N=400 OUT="$out" >"$out.log" 2>&1 ||
	{ tail -n 20 "$out.log"; rm -f "$out.log"; fail "the campaign failed"; }
tail -n1 "$out.log"
# a ringbuf clone made in another frame (P: reached through a pointer)
# that outlives the release of its record
shape='^finding .*unsafe-accept.*clone\(rb\)P:.*rel\(rb\)'
clone_bug=$(grep -E "$shape" "$out.log" | head -n1 || true)
rm -f "$out.log"
IFS=. read -r major minor _ <<<"$(uname -r)"
if [ "$major" -lt 7 ] || { [ "$major" = 7 ] && [ "$minor" -lt 2 ]; }; then
	[ -n "$clone_bug" ] ||
		fail "$(uname -r) has the cross-frame ringbuf clone bug;" \
		     "the campaign did not find it"
	echo "  ok: rediscovered on $(uname -r): ${clone_bug#finding }"
else
	[ -z "$clone_bug" ] ||
		fail "$(uname -r) has the fix, yet the campaign reports: $clone_bug"
	echo "  ok: $(uname -r) has the fix and no cross-frame clone finding"
fi
echo "  ok: campaign of 400 programs in $(($(date +%s) - t0)) s"

# file programs (LSM, file dynptr kfuncs from 6.19): built and judged, and
# on a kernel without bpf_dynptr_from_file every one skipped, none failed
t0=$(date +%s)
"$here/fuzz/campaign.sh" -s 6181 -n 100 -t file -o "$out/file" \
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
