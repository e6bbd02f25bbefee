#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what bpf_refs needs on Debian 12 and extract a kernel tree for
# standalone builds.  Argument: build (default), cross or all.
#   build  compilers, libbpf, and linux-source-6.12 extracted to the cache
#   cross  also the arm64 and s390x cross compilers and their libbpf sysroots
set -euo pipefail

what=${1:-build}
cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
kver=${BPF_REFS_KSRC:-6.12}
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "deps.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root to install packages (apt-get)"
command -v apt-get >/dev/null || die "needs Debian's apt-get"

pkgs=(clang-16 llvm-16 gcc make libbpf-dev libelf-dev zlib1g-dev rsync
      "linux-source-$kver" xz-utils perl)
if [ "$what" = cross ] || [ "$what" = all ]; then
	pkgs+=(gcc-aarch64-linux-gnu gcc-s390x-linux-gnu)
fi

missing=()
for p in "${pkgs[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

tree="$cache/linux-source-$kver"
if [ ! -f "$tree/tools/testing/selftests/lib.mk" ]; then
	tarball=
	for t in /usr/src/linux-source-"$kver".tar.*; do
		[ -f "$t" ] && tarball=$t
	done
	[ -n "$tarball" ] || die "linux-source-$kver installed but no tarball in /usr/src"
	mkdir -p "$cache"
	rm -rf "$tree.tmp"
	mkdir "$tree.tmp"
	tar -C "$tree.tmp" -xf "$tarball" --strip-components=1
	mv "$tree.tmp" "$tree"
fi
echo "kernel tree: $tree"

if [ "$what" = cross ] || [ "$what" = all ]; then
	"$here/cross-sysroot.sh" aarch64-linux-gnu
	"$here/cross-sysroot.sh" s390x-linux-gnu
fi
