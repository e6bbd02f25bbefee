#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Cross-build the runner and the BPF objects for ARCH... (default: every
# arch of tools/lib/arch.sh but this machine's) into build/<arch>/, and
# check what came out: a static runner of that machine, BPF objects of
# its byte order.  Needs tools/deps.sh cross.  Exit 1 on a failed build
# or check.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tools/lib/arch.sh
. "$top/tools/lib/arch.sh"

fail() { echo "cross-build: FAIL: $*" >&2; exit 1; }

arches=("$@")
if [ $# = 0 ]; then
	for a in $ALL_ARCHES; do
		[ "$a" = "$(uname -m)" ] || arches+=("$a")
	done
fi
for a in "${arches[@]}"; do
	arch_settings "$a" || fail "unknown architecture '$a' ($ALL_ARCHES_TEXT)"
	out=$top/build/$ARCH_NAME
	make -s -C "$top" ARCH="$ARCH_NAME" CROSS_COMPILE="$ARCH_CROSS" \
		OUTPUT="$out" || fail "make for $ARCH_NAME"
	file "$out/bpf_refs" | grep -q "$ARCH_FILE_MACHINE.*statically linked" ||
		fail "$out/bpf_refs is not a static $ARCH_FILE_MACHINE binary"
	order=LSB
	[ "$ARCH_BPF" = bpfel ] || order=MSB
	! file "$out"/*.bpf.o | grep -v "$order" ||
		fail "BPF objects in $out are not all $order ($ARCH_BPF)"
	echo "  ok: $ARCH_NAME static runner, $ARCH_BPF objects in $out"
done
