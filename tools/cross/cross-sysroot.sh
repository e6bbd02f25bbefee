#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpack libelf and zlib of another architecture into a private sysroot
# for static cross builds (libbpf comes from the kernel tree: libbpf.mk);
# the argument is the target triple (aarch64-linux-gnu or
# s390x-linux-gnu).  The packages come through
# debian-archive.sh's private apt state and are only unpacked, so the
# host's packages and architectures stay as they are.
set -euo pipefail

triple=${1:?usage: cross-sysroot.sh aarch64-linux-gnu|s390x-linux-gnu}
cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
arch=$("$(dirname "$0")/../lib/arch.sh" DEB "$triple")

root="$cache/sysroot-$triple"
[ -f "$root/usr/include/libelf.h" ] && exit 0

dl=$(mktemp -d)
trap 'rm -rf "$dl"' EXIT
"$(dirname "$0")/../lib/debian-archive.sh" download "$dl" \
	"libelf-dev:$arch" "libelf1:$arch" "zlib1g-dev:$arch" "zlib1g:$arch"
rm -rf "$root.tmp"
mkdir -p "$root.tmp"
for deb in "$dl"/*.deb; do
	dpkg-deb -x "$deb" "$root.tmp"
done
mv "$root.tmp" "$root"
echo "sysroot: $root"
