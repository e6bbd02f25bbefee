#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The symbols of a guest kernel that fn_insns.so needs, as a System.map
# (ADDRESS TYPE NAME lines): one vmtest.sh guest booted with nokaslr runs
# ksyms-guest.sh, which reads them from /proc/kallsyms.  Debian ships no
# System.map (it is in the -dbg package), and a kernel run with nokaslr
# has the same addresses on every boot.
#   ksyms.sh -a ARCH -o MAP [-c CACHEKEY] VMTEST-KERNEL-OPTIONS...
# e.g. ksyms.sh -a x86_64 -o bpf_check.map --debian 7.2.  With -c the map
# is kept in $BPF_REFS_CACHE/ksyms/CACHEKEY.map and reused.
# Exit 2 with what failed: the guest, or a map without bpf_check.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../../.." && pwd)
cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}/ksyms
die() { echo "ksyms: $*" >&2; exit 2; }

arch=""
map=""
key=""
while [ $# -gt 0 ]; do
	case "$1" in
	-a) arch=${2:?-a needs an architecture}; shift ;;
	-o) map=${2:?-o needs a file}; shift ;;
	-c) key=${2:?-c needs a key}; shift ;;
	*) break ;;
	esac
	shift
done
if [ -z "$arch" ] || [ -z "$map" ] || [ $# = 0 ]; then
	die "usage: ksyms.sh -a ARCH -o MAP [-c CACHEKEY] VMTEST-KERNEL-OPTIONS..."
fi
[[ -z $key || $key =~ ^[A-Za-z0-9._+-]+$ ]] || die "-c: '$key' is not a plain name"
if [ -n "$key" ] && [ -s "$cache/$key.kallsyms" ]; then
	cp "$cache/$key.kallsyms" "$map" || die "cannot write $map"
	exit 0
fi
tmp=$(mktemp -d) || die "no temporary directory"
trap 'rm -rf "$tmp"' EXIT
"$top/tools/vm/vmtest.sh" -a "$arch" "$@" --append nokaslr --watchdog 300 \
	--run "$here/ksyms-guest.sh" -o "$tmp/res" >"$tmp/vmtest.log" 2>&1 || {
	tail -n 20 "$tmp/vmtest.log" >&2
	die "the guest that reads /proc/kallsyms failed ($arch $*)"
}
k=$(find "$tmp/res" -name ktap -path "*/$arch/*" | head -n1)
[ -n "$k" ] || die "the guest sent no symbols ($arch $*)"
grep -E '^[0-9a-f]{8,16} [tTwW] [^ ]+$|^# (release|cmdline) ' "$k" >"$tmp/map" || true
grep -q ' bpf_check$' "$tmp/map" ||
	die "no bpf_check in the guest's /proc/kallsyms ($arch $*; $k)"
grep -q '^# cmdline .*nokaslr' "$tmp/map" ||
	die "the guest did not boot with nokaslr ($arch $*)"
if [ -n "$key" ]; then
	{ mkdir -p "$cache" && cp "$tmp/map" "$cache/.$key.kallsyms.tmp" &&
		mv "$cache/.$key.kallsyms.tmp" "$cache/$key.kallsyms"; } ||
		die "cannot write $cache/$key.kallsyms"
fi
cp "$tmp/map" "$map" || die "cannot write $map"
