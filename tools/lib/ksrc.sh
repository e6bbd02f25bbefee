#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the path of an extracted Linux source tree of a series (6.1, 6.12,
# 7.2, 7.3 ...), extracting it once.  Its one argument is the series
# (e.g. 7.2).
#
# The series tools/deps.sh extracts (6.12, or $BPF_REFS_KSRC) is reused
# from there (tools/lib/kdir.sh).  Any other series comes from Debian's
# linux-source-<series> package, its newest version in bookworm,
# trixie-backports, sid or experimental, downloaded through
# tools/lib/debian-archive.sh (never installed), or for a series without one
# (6.16 ... 7.1) the upstream tarball of Debian's linux source package: it is
# unpacked to $BPF_REFS_CACHE/linux-source-<series> (through a hidden .tmp
# directory, then renamed, so a tree is complete or absent) and kept.  The
# tree's .bpf_refs-source names the package and version it came from.
# Errors exit 1 naming the package and the step.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
archive=$here/debian-archive.sh

die() { echo "${0##*/}: $*" >&2; exit 1; }

[ $# = 1 ] || die "usage: ${0##*/} SERIES (e.g. 6.12, 7.2)"
series=$1
[[ $series =~ ^[0-9]+\.[0-9]+$ ]] ||
	die "'$series' is not a kernel series (6.1, 6.12, 7.2 ...)"
pkg=linux-source-$series
tree=$cache/$pkg

complete() { [ -f "$1/tools/testing/selftests/lib.mk" ] && [ -f "$1/Makefile" ]; }

if [ "$series" = "${BPF_REFS_KSRC:-6.12}" ]; then
	# the tree tools/deps.sh extracted from the installed package
	t=$("$here/kdir.sh")
	if [ "$t" = "$tree" ]; then
		echo "$t"
		exit 0
	fi
fi
if complete "$tree"; then
	echo "$tree"
	exit 0
fi

# The newest version of the package in any suite; a series without one
# (6.16 ... 7.1) takes the upstream tarball of the newest version of
# Debian's linux source package in that series, without Debian's patches.
vers=$("$archive" show "$pkg:all" 2>/dev/null | sed -n 's/^Version: //p') || true
from=$pkg
if [ -z "$vers" ]; then
	from=linux
	vers=$("$archive" src-versions linux | grep -E "^${series//./\\.}\.[0-9]+-") ||
		die "no package $pkg and no linux source of $series in" \
		    "trixie-backports, sid or experimental (known: $("$archive" \
		    names '^linux-source-[0-9]' | paste -sd' ')) (step: list)"
fi
ver=
for v in $vers; do
	if [ -z "$ver" ] || dpkg --compare-versions "$v" gt "$ver"; then
		ver=$v
	fi
done

mkdir -p "$cache" || die "$pkg: cannot create $cache (step: cache)"
# one extraction at a time per series; a second caller waits, then reuses
# (hidden names: nothing globbing linux-source-* sees a partial tree)
tmp=$cache/.$pkg.tmp
dl=$cache/.$pkg.deb.tmp
exec 9>"$cache/.$pkg.lock"
flock 9 || die "$pkg: cannot lock $cache/.$pkg.lock (step: lock)"
if complete "$tree"; then
	echo "$tree"
	exit 0
fi

t0=$(date +%s)
rm -rf "$dl" "$tmp"
trap 'rm -rf "$dl" "$tmp"' EXIT
echo "${0##*/}: downloading $from $ver" >&2
if [ "$from" = linux ]; then
	"$archive" src-orig "$dl" "linux=$ver" >&2 ||
		die "linux $ver: download failed (step: download)"
	tarball=$(find "$dl" -maxdepth 1 -name 'linux_*.orig.tar.*' | head -n1)
	[ -n "$tarball" ] ||
		die "linux $ver: the download left no upstream tarball in $dl (step: download)"
	note=" (upstream tarball, without Debian's patches)"
	t1=$(date +%s)
else
	"$archive" download "$dl" "$pkg:all=$ver" >&2 ||
		die "$pkg $ver: download failed (step: download)"
	deb=$(find "$dl" -maxdepth 1 -name "${pkg}_*.deb" | head -n1)
	[ -n "$deb" ] || die "$pkg $ver: the download left no .deb in $dl (step: download)"
	t1=$(date +%s)
	# The package holds /usr/src/linux-source-<series>.tar.xz (and the
	# Debian patches, not used)
	dpkg-deb --fsys-tarfile "$deb" |
		tar -C "$dl" -x --wildcards "./usr/src/$pkg.tar.*" 2>/dev/null ||
		die "$pkg $ver: no usr/src/$pkg.tar.* in $(basename "$deb") (step: unpack)"
	tarball=$(find "$dl/usr/src" -maxdepth 1 -name "$pkg.tar.*" | head -n1)
	[ -n "$tarball" ] ||
		die "$pkg $ver: no usr/src/$pkg.tar.* in $(basename "$deb") (step: unpack)"
	rm -f "$deb"
fi
echo "${0##*/}: unpacking ${tarball##*/} ($(du -m "$tarball" | cut -f1) MB)" >&2
mkdir "$tmp"
tar -C "$tmp" -xf "$tarball" --strip-components=1 ||
	die "$pkg $ver: unpacking ${tarball##*/} failed (step: unpack)"
complete "$tmp" ||
	die "$pkg $ver: ${tarball##*/} holds no kernel tree (no Makefile or" \
	    "tools/testing/selftests/lib.mk) (step: unpack)"
echo "$from $ver${note:-}" >"$tmp/.bpf_refs-source"
rm -rf "$tree"
mv "$tmp" "$tree" || die "$pkg $ver: cannot rename $tmp (step: install)"
echo "${0##*/}: $pkg $ver in $tree (download $((t1 - t0)) s," \
     "unpack $(($(date +%s) - t1)) s)" >&2
echo "$tree"
