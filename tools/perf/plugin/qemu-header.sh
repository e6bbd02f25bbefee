#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The plugin API header of the installed QEMU: include/qemu/qemu-plugin.h
# of the Debian source package the host's qemu-system-* binaries were
# built from (bookworm's), fetched through tools/lib/debian-archive.sh
# and unpacked once into $BPF_REFS_CACHE/qemu-src/VERSION/ (only the
# header is kept).  Prints the directory that holds qemu-plugin.h.
# Exit 1 with the step that failed: no QEMU installed, no source, no header.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
archive="$here/../../lib/debian-archive.sh"
cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
die() { echo "qemu-header: $*" >&2; exit 1; }

# the source version of the first qemu-system package installed
ver=""
for p in qemu-system-x86 qemu-system-arm qemu-system-misc qemu-system-common; do
	v=$(dpkg-query -W -f='${db:Status-Status} ${source:Package} ${source:Version}' \
		"$p" 2>/dev/null) || continue
	[ "${v%% *}" = installed ] || continue
	v=${v#* }
	[ "${v%% *}" = qemu ] || continue
	ver=${v#* }
	break
done
[ -n "$ver" ] || die "no qemu-system-* package installed (tools/deps.sh vm)"
dir=$cache/qemu-src/${ver//:/_}
if [ -s "$dir/include/qemu-plugin.h" ]; then
	echo "$dir/include"
	exit 0
fi
command -v dpkg-source >/dev/null || die "no dpkg-source (apt-get install dpkg-dev)"
mkdir -p "$cache/qemu-src" || die "cannot create $cache/qemu-src"
tmp=$(mktemp -d "$cache/qemu-src/.tmp.XXXXXX") || die "cannot write in $cache/qemu-src"
trap 'rm -rf "$tmp"' EXIT
"$archive" src-bookworm "$tmp/dl" "qemu=$ver" >&2 ||
	die "cannot download the source of qemu $ver (step: download)"
dsc=$(find "$tmp/dl" -name 'qemu_*.dsc' | head -n1)
[ -n "$dsc" ] || die "no .dsc of qemu $ver in $tmp/dl (step: download)"
dpkg-source -q -x "$dsc" "$tmp/src" >"$tmp/x.log" 2>&1 ||
	die "dpkg-source -x of qemu $ver failed: $(tail -n1 "$tmp/x.log") (step: unpack)"
[ -s "$tmp/src/include/qemu/qemu-plugin.h" ] ||
	die "the source of qemu $ver has no include/qemu/qemu-plugin.h (step: unpack)"
mkdir -p "$tmp/keep/include"
cp "$tmp/src/include/qemu/qemu-plugin.h" "$tmp/keep/include/"
echo "$ver" >"$tmp/keep/version"
rm -rf "$dir"
mv -T "$tmp/keep" "$dir" || die "cannot move the header to $dir"
echo "$dir/include"
