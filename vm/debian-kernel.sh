#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's kernel image for an architecture and prepare it for
# vmtest.sh.  Arguments: ARCH [SERIES]
# SERIES defaults to 6.12 for x86_64 and aarch64 (bookworm-security) and to
# the newest image Debian has for s390x (6.1: the mirror carries no
# bookworm-security for s390x).  The package is fetched with apt-get
# download and cached under $BPF_REFS_CACHE/vm/kernels/<package>/ with the
# modules the runtime probes need (vm/modules), decompressed.  Prints
# "IMAGE MODDIR RELEASE".
set -euo pipefail

PROG=debian-kernel
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=vm/lib.sh
. "$here/lib.sh"
# shellcheck source=vm/arch.sh
. "$here/arch.sh"

arch=${1:?usage: ${0##*/} x86_64|aarch64|s390x [SERIES]}
arch_settings "$arch" || die "unknown architecture '$arch' (x86_64, aarch64, s390x)"
series=${2:-}
[ -z "$series" ] && [ "$arch" != s390x ] && series=6.12
flav=$ARCH_DEB_FLAVOUR

if [ "$(dpkg --print-architecture)" != "$ARCH_DEB" ] &&
   ! dpkg --print-foreign-architectures | grep -qx "$ARCH_DEB"; then
	dpkg --add-architecture "$ARCH_DEB" 2>/dev/null ||
		die "cannot add Debian architecture $ARCH_DEB (needs root)"
	apt-get update -qq >/dev/null 2>&1 || true
fi

find_pkg() {
	if [ -n "$series" ]; then
		# 6.12: linux-image-6.12.117+deb12-amd64-unsigned;
		# 6.1:  linux-image-6.1.0-50-s390x or ...-amd64-unsigned
		local re="^linux-image-${series//./\\.}[.][0-9]+[-+]"
		newest_pkg "${re}[0-9a-z.+-]*-$flav(-unsigned)?\$"
	else
		# the current ABI package that the meta package depends on
		apt-cache show "linux-image-$flav:$ARCH_DEB" 2>/dev/null |
			sed -n 's/^Depends: \(linux-image-[^ ,]*\).*/\1/p' | sort -V | tail -n1
	fi
}
pkg=$(find_pkg)
if [ -z "$pkg" ]; then
	apt-get update -qq >/dev/null 2>&1 || true
	pkg=$(find_pkg)
fi
[ -n "$pkg" ] ||
	die "no Debian kernel image package${series:+ of $series} for $ARCH_DEB in the archive"

dir="$VM_CACHE/kernels/$pkg"
mods_key=$(sha256sum <"$here/modules" | cut -c1-16)
if [ ! -f "$dir/.done" ] || [ "$(cut -d" " -f3 "$dir/.done")" != "$mods_key" ]; then
	deb=$(fetch_deb "$pkg:$ARCH_DEB")
	msg "extracting $(basename "$deb")"
	rm -rf "$dir"
	mkdir -p "$dir/x" "$dir/modules"
	# only boot/ and the modules we need
	mapfile -t want < <(sed 's/#.*//; /^$/d' "$here/modules")
	pats=(./boot)
	for m in "${want[@]}"; do
		pats+=("*/$m.ko" "*/$m.ko.xz" "*/$m.ko.zst")
	done
	dpkg-deb --fsys-tarfile "$deb" |
		tar -C "$dir/x" -x --wildcards "${pats[@]}" 2>/dev/null || true
	img=$(find "$dir/x/boot" -name 'vmlinuz-*' | head -n1)
	[ -n "$img" ] || die "no boot/vmlinuz-* in $deb: corrupt package?"
	rel=${img##*/vmlinuz-}
	mv "$dir/x/boot" "$dir/boot"
	# modules: decompressed (busybox insmod reads plain ELF), in the
	# order of vm/modules (none of them depends on another)
	for m in "${want[@]}"; do
		f=$(find "$dir/x" -name "$m.ko*" | head -n1)
		[ -n "$f" ] || continue
		case "$f" in
		*.xz) xz -dc "$f" >"$dir/modules/$m.ko" ;;
		*.zst) zstd -dcq "$f" >"$dir/modules/$m.ko" ;;
		*) cp "$f" "$dir/modules/$m.ko" ;;
		esac
		echo "$m.ko" >>"$dir/modules/order"
	done
	rm -rf "$dir/x"
	image="$dir/boot/vmlinuz-$rel"
	if [ "$arch" = x86_64 ]; then
		# boot the uncompressed kernel through PVH: about twice as
		# fast under TCG as the bzImage (no SeaBIOS, no decompression)
		if extract_vmlinux "$image" "$dir/vmlinux"; then
			image="$dir/vmlinux"
		else
			msg "cannot extract vmlinux from $image; booting the bzImage"
		fi
	fi
	echo "$image $rel $mods_key" >"$dir/.done"
fi
read -r image rel _ <"$dir/.done"
moddir="$dir/modules"
[ -s "$moddir/order" ] || moddir=-
echo "$image $moddir $rel"
