#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Programs the runtime probes run in the guest that busybox does not do
# well enough (iproute2's ip: busybox ip cannot name a veth peer; its tc:
# busybox tc cannot set a bpf qdisc as root), with the shared libraries
# they need, from Debian's packages of that architecture.  Argument: ARCH
# Prints a directory to overlay on the initramfs root (cached under
# $BPF_REFS_CACHE/vm/userland-<arch>).
set -euo pipefail

PROG=userland
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=vm/lib.sh
. "$here/lib.sh"

arch=${1:?usage: ${0##*/} ${ALL_ARCHES// /|}}
arch_settings "$arch" || die "unknown architecture '$arch' ($ALL_ARCHES_TEXT)"
arch=$ARCH_NAME
command -v readelf >/dev/null || die "missing readelf: scripts/deps.sh vm (package binutils)"

# programs to ship (path in the package) and the packages that hold
# them and every library they need
progs=(bin/ip sbin/tc)
pkgs=(iproute2 libc6 libbpf1 libelf1 libmnl0 libbsd0 libmd0 libcap2 zlib1g
      libxtables12)

out="$VM_CACHE/userland-$arch"
key=$(echo "${progs[*]} ${pkgs[*]}" | sha256sum | cut -c1-16)
if [ -f "$out/.done" ] && [ "$(cat "$out/.done")" = "$key" ]; then
	echo "$out/root"
	exit 0
fi

rm -rf "$out"
mkdir -p "$out/x" "$out/root/sbin"
for p in "${pkgs[@]}"; do
	deb=$(fetch_deb "$p:$ARCH_DEB")
	dpkg-deb -x "$deb" "$out/x" || die "cannot extract $deb"
done

# find a library by soname in the extracted packages
findlib() {
	find "$out/x/lib" "$out/x/usr/lib" -name "$1" \( -type f -o -type l \) 2>/dev/null |
		head -n1
}

triple=$ARCH_TRIPLE
libdir="$out/root/lib/$triple"
mkdir -p "$libdir"
todo=()
for p in "${progs[@]}"; do
	cp -L "$out/x/$p" "$out/root/sbin/"
	todo+=("$out/x/$p")
	interp=$(readelf -l "$out/x/$p" |
		sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
	if [ -n "$interp" ]; then
		f=$(findlib "$(basename "$interp")")
		[ -n "$f" ] || die "no $interp in libc6:$ARCH_DEB"
		mkdir -p "$out/root$(dirname "$interp")"
		cp -L "$f" "$out/root$interp"
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
rm -rf "$out/x"
echo "$key" >"$out/.done"
echo "$out/root"
