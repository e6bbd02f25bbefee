#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build veristat from Debian's linux-source-6.12 tree, statically, against
# that tree's own libbpf (tools/lib/bpf built as libbpf.a only).
# usage: build-veristat.sh OUTDIR     -> OUTDIR/veristat
set -euo pipefail

out=$(realpath -m "$1")
cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
src=${VERISTAT_KSRC:-$cache/linux-source-6.12}
tools=$src/tools
build=$out/veristat-build

if [ ! -f "$tools/testing/selftests/bpf/veristat.c" ]; then
	echo "build-veristat: no veristat.c under $src (run tools/deps.sh)" >&2
	exit 1
fi
mkdir -p "$build"
start=$(date +%s.%N)
make -s -C "$tools/lib/bpf" OUTPUT="$build/" BUILD_STATIC_ONLY=1 \
	-j"$(nproc)" "$build/libbpf.a" >"$build/libbpf.log" 2>&1 || {
	cat "$build/libbpf.log" >&2
	exit 1
}
gcc -O2 -static -I"$build" -I"$tools/lib" -I"$tools/include" \
	-I"$tools/include/uapi" "$tools/testing/selftests/bpf/veristat.c" \
	"$build/libbpf.a" -lelf -lz -lm -o "$out/veristat"
end=$(date +%s.%N)
printf '  VERISTAT %s (%.1f s)\n' "$out/veristat" "$(echo "$end - $start" | bc)"
