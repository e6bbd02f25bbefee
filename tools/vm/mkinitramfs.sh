#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the vmtest.sh initramfs for one architecture:
# Arguments: ARCH OBJDIR [MODDIR|""] [PERFDIR]
# OBJDIR holds that architecture's static bpf_refs and its *.bpf.o (of the
# right endianness), MODDIR optional kernel modules (*.ko plus an "order"
# file), PERFDIR tools/perf/'s bpf_refs_bench and its objects (put in /perf).
# Adds static busybox from Debian's busybox-static, tools/vm/init, the
# DENYLIST files, FIXES, xfail/ and tools/vm/userland.sh's programs.  The image is
# cached under $BPF_REFS_CACHE/vm/initramfs/ by a hash of all its inputs,
# so it is only rebuilt when one of them changes: built under a lock per
# arch, written to a temporary name of its own, checked (gzip -t, its file
# list) and renamed into place; a cached image that fails that check is
# built again.  Prints its path.
# MKINITRAMFS_OBJECTS (vmtest.sh --object): more BPF objects, one path a
# line, copied to the root under their own names.
# MKINITRAMFS_FILES (vmtest.sh --file): any files, the same way.
# MKINITRAMFS_RUN (vmtest.sh --run): a script, copied to /vmtest-run.
# MKINITRAMFS_PROFILE=1 (vmtest.sh --profile): Debian's perf too
# (tools/vm/userland.sh ARCH perf); without it the guest says so and runs the
# bench unprofiled.
set -eEuo pipefail
# set -e ends the build on a failing command: say which, and where
trap 'echo "mkinitramfs: error: line $LINENO: \"$BASH_COMMAND\" failed (exit $?)" >&2' ERR

PROG=mkinitramfs
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tools/vm/lib.sh
. "$here/lib.sh"

[ $# -ge 2 ] || die "usage: ${0##*/} ${ALL_ARCHES// /|} OBJDIR [MODDIR] [PERFDIR]"
arch=$1
objdir=$2
moddir=${3:-}
arch_settings "$arch" || die "unknown architecture '$arch' ($ALL_ARCHES_TEXT)"
arch=$ARCH_NAME
command -v cpio >/dev/null || die "missing cpio: tools/deps.sh vm (package cpio)"
command -v readelf >/dev/null || die "missing readelf: tools/deps.sh vm (package binutils)"

runner="$objdir/bpf_refs"
[ -x "$runner" ] || die "no runner $runner: build it first (make OUTPUT=$objdir)"
kind=$(image_kind "$runner")
[ "${kind%% *}" = "$arch" ] ||
	die "$runner is built for ${kind%% *}, not $arch (wrong OUTPUT or CROSS_COMPILE?)"
mapfile -t objs < <(find "$objdir" -maxdepth 1 -name '*.bpf.o' | sort)
[ "${#objs[@]}" -gt 0 ] || die "no BPF objects (*.bpf.o) in $objdir"
# ELF byte order of the objects, as readelf -h's Data: bpfel or bpfeb
want="2's complement, little endian"
[ "$ARCH_BPF" = bpfeb ] && want="2's complement, big endian"
for o in "${objs[@]}"; do
	[ "$(elf_header "$o" | elf_field Data)" = "$want" ] ||
		die "$o is not $ARCH_BPF (wrong byte order for $arch): rebuild with make ARCH=..."
done

mapfile -t extra < <(printf '%s' "${MKINITRAMFS_OBJECTS:-}" | sed '/^$/d')
for o in "${extra[@]}"; do
	[ -f "$o" ] || die "object $o does not exist"
	hdr=$(elf_header "$o") || hdr=""
	# ELF of machine EM_BPF, in either byte order
	[ "$(elf_field Machine <<<"$hdr")" = "Linux BPF" ] ||
		die "$o is not a BPF object (ELF of machine EM_BPF)"
	[ "$(elf_field Data <<<"$hdr")" = "$want" ] ||
		die "$o is not $ARCH_BPF (wrong byte order for $arch)"
done
mapfile -t files < <(printf '%s' "${MKINITRAMFS_FILES:-}" | sed '/^$/d')
for f in "${files[@]}"; do
	[ -f "$f" ] || die "file $f does not exist"
done
runscript=${MKINITRAMFS_RUN:-}
[ -z "$runscript" ] || [ -f "$runscript" ] || die "script $runscript does not exist"
# the root's own names, which --object and --file must not take
mapfile -t own < <(cd "$top" && printf '%s\n' init bpf_refs vmtest-run \
	vmtest-objects bin sbin \
	lib lib64 usr dev proc sys tmp run perf xfail FIXES DENYLIST*)
dup=$(printf '%s\n' "${own[@]}" "${objs[@]##*/}" "${extra[@]##*/}" "${files[@]##*/}" |
	sort | uniq -d | head -n1)
[ -z "$dup" ] || die "two files named $dup for the initramfs root"

busybox=$(fetch_busybox "$ARCH_DEB")
userland=$("$here/userland.sh" "$arch") || die "cannot get iproute2 for $arch"
perfroot=""
if [ "${MKINITRAMFS_PROFILE:-0}" = 1 ]; then
	perfroot=$("$here/userland.sh" "$arch" perf) ||
		{ msg "cannot get Debian's perf for $arch: the guest runs the bench unprofiled"
		  perfroot=""; }
fi
perfdir=${4:-}
if [ -n "$perfdir" ]; then
	[ -x "$perfdir/bpf_refs_bench" ] || die "no bpf_refs_bench in $perfdir"
	kind=$(image_kind "$perfdir/bpf_refs_bench")
	[ "${kind%% *}" = "$arch" ] ||
		die "$perfdir/bpf_refs_bench is built for ${kind%% *}, not $arch"
fi

inputs=("$here/init" "$busybox" "$runner" "${objs[@]}" "${extra[@]}" "${files[@]}"
	${runscript:+"$runscript"})
if [ -n "$perfdir" ]; then
	mapfile -t -O "${#inputs[@]}" inputs < <(find "$perfdir" -maxdepth 1 -type f \
		\( -name bpf_refs_bench -o -name '*.bpf.o' \) | sort)
fi
mapfile -t -O "${#inputs[@]}" inputs < <(find "$top" -maxdepth 1 \
	\( -name 'DENYLIST*' -o -name FIXES \) | sort)
[ -d "$top/xfail" ] && mapfile -t -O "${#inputs[@]}" inputs < <(find "$top/xfail" -type f | sort)
if [ -n "$moddir" ]; then
	mapfile -t -O "${#inputs[@]}" inputs < <(find "$moddir" -type f | sort)
fi
mapfile -t -O "${#inputs[@]}" inputs < <(find "$userland" ${perfroot:+"$perfroot"} \
	-type f | sort)
key=$( {
	echo "$arch"
	# --object order: the runner gets them in the order given
	printf '%s\n' "${extra[@]##*/}"
	for f in "${inputs[@]}"; do
		echo "${f#"$top"/} $(sha256sum <"$f" | cut -c1-64)"
	done
} | sha256sum | cut -c1-16)

out_dir="$VM_CACHE/initramfs"
out="$out_dir/$arch-$key.cpio.gz"
# what the image must hold besides init, bpf_refs and busybox (initramfs_ok)
names=()
[ ${#extra[@]} = 0 ] || names+=(vmtest-objects "${extra[@]##*/}")
[ -z "$runscript" ] || names+=(vmtest-run)
names+=("${files[@]##*/}")

# use IMAGE: mark it used (the pruning below keeps what was used lately)
use() {
	touch -c "$1" 2>/dev/null || true
	echo "$1"
	exit 0
}

if initramfs_ok "$out" "${names[@]}"; then
	use "$out"
fi
# One build per arch at a time: a second run of the same inputs waits and
# takes the first one's image.
mkdir -p "$out_dir" || die "cannot create $out_dir"
cache_lock lockfd "$out_dir/.$arch.lock"
if [ -e "$out" ]; then
	initramfs_ok "$out" "${names[@]}" && use "$out"
	msg "cached $out is corrupt (gzip -t, or files missing): building it again"
	rm -f "$out" || die "cannot remove the corrupt $out"
fi
# what a killed build of this arch left (only a holder of the lock makes them)
rm -rf "$out_dir/.root-$arch."* "$out_dir/.$arch-"*

root=$(mktemp -d "$out_dir/.root-$arch.XXXXXX") || die "cannot write in $out_dir"
tmp=$(mktemp "$out_dir/.$arch-$key.XXXXXX") || die "cannot write in $out_dir"
trap 'rm -rf "$root" "$tmp"' EXIT
mkdir -p "$root/bin" "$root/xfail" "$root/lib/modules" "$root/dev"
install -m 0755 "$here/init" "$root/init"
install -m 0755 "$busybox" "$root/bin/busybox"
strip=${ARCH_CROSS}strip
[ "$(uname -m)" = "$arch" ] && strip="strip"
install -m 0755 "$runner" "$root/bpf_refs"
command -v "$strip" >/dev/null && "$strip" "$root/bpf_refs"
if [ -n "$perfdir" ]; then
	mkdir -p "$root/perf"
	find "$perfdir" -maxdepth 1 -type f \( -name bpf_refs_bench -o -name '*.bpf.o' \) \
		-exec cp {} "$root/perf/" \;
fi
cp "${objs[@]}" "${extra[@]}" "${files[@]}" "$root/"
# --object: in the order given, read by init (too many for the command line)
[ ${#extra[@]} = 0 ] || printf '/%s\n' "${extra[@]##*/}" >"$root/vmtest-objects"
[ -z "$runscript" ] || install -m 0755 "$runscript" "$root/vmtest-run"
find "$top" -maxdepth 1 \( -name 'DENYLIST*' -o -name FIXES \) -exec cp {} "$root/" \;
[ -d "$top/xfail" ] && find "$top/xfail" -maxdepth 1 -type f -exec cp {} "$root/xfail/" \;
[ -n "$moddir" ] && cp -r "$moddir/." "$root/lib/modules/"
cp -a "$userland/." "$root/"
[ -z "$perfroot" ] || cp -a "$perfroot/." "$root/"

(cd "$root" && find . | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet | gzip -1 >"$tmp") ||
	die "cannot write the initramfs $tmp (disk full?)"
initramfs_ok "$tmp" "${names[@]}" ||
	die "the initramfs just written ($tmp) fails gzip -t or lacks files (disk full?)"
{ chmod 0644 "$tmp" && mv -f "$tmp" "$out"; } || die "cannot rename $tmp to $out"
# keep the three newest images of this arch, and any used in the last
# 10 minutes (another run may be about to boot it)
find "$out_dir" -maxdepth 1 -name "$arch-*.cpio.gz" -printf '%T@ %p\n' |
	sort -rn | tail -n +4 | cut -d' ' -f2- |
	while IFS= read -r f; do
		if [ -n "$(find "$f" -mmin +10 2>/dev/null)" ]; then
			rm -f "$f"
		fi
	done
msg "built $out ($(stat -c %s "$out") bytes)"
echo "$out"
