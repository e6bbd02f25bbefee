#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vm cache under load: on one cold cache ($BPF_REFS_CACHE a fresh
# directory: nothing extracted, no image), two tools/vm/vmtest.sh of
# Debian's x86_64 6.12 kernel at once, each booting its guest (their runner
# builds, kernel extraction, busybox, iproute2 and initramfs meet), then
# three tools/vm/debian-kernel.sh of one cold kernel (6.1) at once.  Both
# guests must pass, each cache entry must be made once and whole, no
# temporary file may be left.  Usage: stress_cache.sh [-k] (-k keeps the
# scratch directory).  Prints "ok: ..." per check and the time of each
# step; exits 1 on the first failure.
#
# To spare downloads, the cold cache starts with hard links of the Debian
# packages ($BPF_REFS_CACHE/vm/debs) and the private apt lists of the
# cache in use (refreshed there first, at most once a day): only
# extraction and building are cold.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=tools/vm/lib.sh
. "$top/tools/vm/lib.sh"
real=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
keep=0
[ "${1:-}" = -k ] && keep=1
tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/bpf_refs-stress.XXXXXX")
cleanup() {
	if [ "$keep" = 1 ]; then
		echo "scratch kept: $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}
now() { date +%s; }
t_all=$(now)
timings=()

echo "seeding the cold cache $tmp/cache"
t0=$(now)
"$top/tools/lib/debian-archive.sh" names '^busybox-static$' >/dev/null ||
	fail "cannot read Debian's package lists (tools/lib/debian-archive.sh)"
cache=$tmp/cache
mkdir -p "$cache/apt/cache" "$cache/vm/debs"
cp -al "$real/apt/lists" "$cache/apt/"
for f in sources.list sources.wanted updated status excluded; do
	[ ! -e "$real/apt/$f" ] || cp -p "$real/apt/$f" "$cache/apt/"
done
# a copy: apt may write its cache again, never a hard link of the real one
cp -p "$real/apt/cache/pkgcache.bin" "$cache/apt/cache/" 2>/dev/null || true
cp -al "$real/vm/debs/." "$cache/vm/debs/"
# the runner's build finds its kernel tree through the cache in use
KDIR=${KDIR:-$("$top/tools/lib/kdir.sh")}
[ -n "$KDIR" ] || fail "no kernel tree to build the runner with: run tools/deps.sh"
export BPF_REFS_CACHE=$cache KDIR
timings+=("seed: $(($(now) - t0)) s")

# at_once N LOG CMD...: run CMD N times at once, the output of the i-th in
# LOG.i; sets rcs to their exit codes
at_once() {
	local n=$1 log=$2 i pids=()
	shift 2
	for i in $(seq "$n"); do
		"$@" >"$log.$i" 2>&1 &
		pids+=($!)
	done
	rcs=""
	for i in "${!pids[@]}"; do
		rc=0
		wait "${pids[i]}" || rc=$?
		rcs+="$rc "
	done
	rcs=${rcs% }
}

# whole: every entry of the cache is complete and nothing half made is left
whole() {
	local f left image rest
	for f in "$cache"/vm/initramfs/*.cpio.gz; do
		initramfs_ok "$f" || fail "corrupt initramfs $f"
	done
	for f in "$cache"/vm/kernels/*/.done; do
		read -r image rest <"$f"
		(check_image "$image" x86_64) >/dev/null 2>&1 ||
			fail "$f names $image, which is not a whole x86_64 kernel"
	done
	for f in "$cache"/vm/busybox-*/bin/busybox; do
		{ [ -x "$f" ] && [ "$(image_kind "$f" | cut -d' ' -f1)" != unknown ]; } ||
			fail "busybox $f is not a whole ELF"
	done
	left=$(find "$cache/vm" \( -name '*.tmp.*' -o -name '.root-*' -o -name '*.tmp' \) \
		-print | head -n3)
	[ -z "$left" ] || fail "temporary files left in the cache: $left"
	echo "  ok: every image, kernel and busybox in the cache is whole; no temporary file left"
}

echo "two vmtest.sh at once on the cold cache (x86_64, Debian 6.12)"
t0=$(now)
at_once 2 "$tmp/vmtest" "$top/tools/vm/vmtest.sh" -a x86_64 --debian 6.12 -o "$tmp/out"
t=$(($(now) - t0))
for i in 1 2; do
	sed 's/^/    /' "$tmp/vmtest.$i"
done
[ "$rcs" = "0 0" ] || fail "the two vmtest.sh exited $rcs, expected 0 0"
for i in 1 2; do
	grep -q ': PASS (' "$tmp/vmtest.$i" || fail "run $i did not pass"
done
d=$(find "$tmp/out/x86_64" -mindepth 1 -maxdepth 1 -type d -name '6.12.*')
{ [ "$(wc -l <<<"$d")" = 1 ] && [ -d "$d" ]; } || fail "no single results folder: $d"
jq -e '.summary.total > 0' "$d/results.json" >/dev/null ||
	fail "no valid results.json in $d"
[ -z "$(find "$tmp/out" -name '.run.*' -o -name '.vmtest.*')" ] ||
	fail "a run directory was left in $tmp/out"
echo "  ok: both guests pass ($t s for both)"
n=$(cat "$tmp"/vmtest.* | grep -c '^mkinitramfs: built' || true)
[ "$n" = 1 ] || fail "the initramfs was built $n times, expected once"
n=$(cat "$tmp"/vmtest.* | grep -c '^debian-kernel: .*extracting the kernel' || true)
[ "$n" = 1 ] || fail "the kernel was extracted $n times, expected once"
echo "  ok: one of them built the initramfs and extracted the kernel, the other waited"
whole
timings+=("two vmtest.sh at once: $t s")

echo "three debian-kernel.sh of one cold kernel at once (x86_64, Debian 6.1)"
t0=$(now)
at_once 3 "$tmp/kernel" "$top/tools/vm/debian-kernel.sh" x86_64 6.1
t=$(($(now) - t0))
[ "$rcs" = "0 0 0" ] ||
	fail "the three debian-kernel.sh exited $rcs: $(cat "$tmp"/kernel.*)"
[ "$(tail -qn1 "$tmp"/kernel.* | sort -u | wc -l)" = 1 ] ||
	fail "they name different kernels: $(tail -qn1 "$tmp"/kernel.*)"
n=$(cat "$tmp"/kernel.* | grep -c 'extracting the kernel' || true)
[ "$n" = 1 ] || fail "the kernel was extracted $n times, expected once"
echo "  ok: all three name one kernel, extracted once ($t s)"
whole
timings+=("three debian-kernel.sh at once: $t s")

printf '  %s\n' "${timings[@]}"
echo "stress_cache: $(($(now) - t_all)) s"
