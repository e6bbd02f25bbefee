#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Programs for the guest that busybox does not have, with the shared
# libraries they need, from Debian's (bookworm) packages of that
# architecture.  Arguments: ARCH [SET]; SET is
#   net   (default) iproute2's ip and tc for the runtime probes: busybox ip
#         cannot name a veth peer, busybox tc cannot set a bpf qdisc as root
#   perf  linux-perf's perf for vmtest.sh --profile
# Prints a directory to overlay on the initramfs root (cached under
# $BPF_REFS_CACHE/vm/userland-<arch>, userland-perf-<arch>: built under a
# lock in a directory of its own, renamed into place when complete).
set -euo pipefail

PROG=userland
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/vm/lib.sh
. "$here/lib.sh"

arch=${1:?usage: ${0##*/} ${ALL_ARCHES// /|} [net|perf]}
set=${2:-net}
arch_settings "$arch" || die "unknown architecture '$arch' ($ALL_ARCHES_TEXT)"
arch=$ARCH_NAME
command -v readelf >/dev/null || die "missing readelf: tools/deps.sh vm (package binutils)"

# programs to ship (path in the package) and the packages that hold
# them and every library they need
case "$set" in
net)
	progs=(bin/ip sbin/tc)
	pkgs=(iproute2 libc6 libbpf1 libelf1 libmnl0 libbsd0 libmd0 libcap2 zlib1g
	      libxtables12)
	out="$VM_CACHE/userland-$arch"
	;;
perf)
	progs=(usr/bin/perf)
	pkgs=(linux-perf libc6 libelf1 libdw1 libunwind8 liblzma5 libslang2
	      libperl5.36 libcrypt1 libpython3.11 libexpat1 zlib1g libzstd1 libcap2
	      libnuma1 libbabeltrace1 libglib2.0-0 libpcre2-8-0 libuuid1 libbz2-1.0
	      libopencsd1 libstdc++6 libgcc-s1)
	out="$VM_CACHE/userland-perf-$arch"
	;;
*)
	die "unknown set '$set' (net or perf)"
	;;
esac

key=$(echo "${progs[*]} ${pkgs[*]}" | sha256sum | cut -c1-16)
done_ok() { [ -f "$out/.done" ] && [ "$(cat "$out/.done")" = "$key" ]; }
if done_ok; then
	echo "$out/root"
	exit 0
fi
# one build of a set at a time; it is made in a directory of its own and
# renamed into place when complete
mkdir -p "$VM_CACHE" || die "cannot create $VM_CACHE"
cache_lock lockfd "$VM_CACHE/.${out##*/}.lock"
if done_ok; then
	echo "$out/root"
	exit 0
fi
rm -rf "$VM_CACHE/.${out##*/}.tmp."*
work=$(mktemp -d "$VM_CACHE/.${out##*/}.tmp.XXXXXX") || die "cannot write in $VM_CACHE"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/x" "$work/root/sbin"
for p in "${pkgs[@]}"; do
	deb=$(fetch_deb "$p:$ARCH_DEB") || exit
	dpkg-deb -x "$deb" "$work/x" || die "cannot extract $deb"
done

# find a library by soname in the extracted packages
findlib() {
	find "$work/x/lib" "$work/x/usr/lib" -name "$1" \( -type f -o -type l \) 2>/dev/null |
		head -n1
}

triple=$ARCH_TRIPLE
libdir="$work/root/lib/$triple"
mkdir -p "$libdir"
todo=()
for p in "${progs[@]}"; do
	cp -L "$work/x/$p" "$work/root/sbin/"
	todo+=("$work/x/$p")
	interp=$(readelf -l "$work/x/$p" |
		sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
	if [ -n "$interp" ]; then
		f=$(findlib "$(basename "$interp")")
		[ -n "$f" ] || die "no $interp in libc6:$ARCH_DEB"
		mkdir -p "$work/root$(dirname "$interp")"
		cp -L "$f" "$work/root$interp"
	fi
done
declare -A seen=()
while [ ${#todo[@]} -gt 0 ]; do
	f=${todo[0]}
	todo=("${todo[@]:1}")
	for so in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -n "${seen[$so]:-}" ] && continue
		seen[$so]=1
		lib=$(findlib "$so")
		[ -n "$lib" ] ||
			die "library $so needed by $(basename "$f") is in none of: ${pkgs[*]}"
		cp -L "$lib" "$libdir/$so"
		todo+=("$libdir/$so")
	done
done
rm -rf "$work/x"
echo "$key" >"$work/.done" || die "cannot write in $work"
{ chmod 0755 "$work" && rm -rf "$out" && mv -T "$work" "$out"; } ||
	die "cannot rename $work to $out"
trap - EXIT
echo "$out/root"
