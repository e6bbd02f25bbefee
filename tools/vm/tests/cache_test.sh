#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vm cache is shared by runs at once: three tools/vm/mkinitramfs.sh of
# the same inputs started together on a cold cache (busybox, iproute2 and
# the image itself to be made) all succeed with one whole image and leave
# no temporary file; a cached image that is corrupt (a truncated gzip) or
# lacks the --object it was made for is built again, never used.
#
# No guest and no network: the runner and its object are /bin/true, the
# Debian packages are hard links of those in $BPF_REFS_CACHE/vm/debs (the
# test skips without them).  TAP output; exit 1 on a failed check.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
real=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

debs=$(find "$real/vm/debs" -maxdepth 1 -name '*_amd64.deb' 2>/dev/null)
for p in busybox-static iproute2 libc6 libbpf1 libelf1 libmnl0 libbsd0 libmd0 \
	 libcap2 zlib1g libxtables12; do
	if ! grep -q "/${p}_[^/]*_amd64\.deb$" <<<"$debs"; then
		check "the cache's writers # SKIP no ${p}_*_amd64.deb in $real/vm/debs" 0 0
		tap_done
		exit
	fi
done
export BPF_REFS_CACHE=$work/cache
mkdir -p "$work/cache/vm/debs" "$work/obj"
# shellcheck disable=SC2086 # one path a line, no spaces
cp -l $debs "$work/cache/vm/debs/" 2>/dev/null || cp $debs "$work/cache/vm/debs/"
cp /bin/true "$work/obj/bpf_refs"
cp /bin/true "$work/obj/x.bpf.o"
# an ELF header of machine EM_BPF, little endian: what mkinitramfs.sh
# checks of an --object
{ printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000'
  printf '\001\000\367\000\001\000\000\000'
  head -c 40 /dev/zero; } >"$work/y.bpf.o"

# image_ok FILE [NAME...]: a whole gzip'd cpio holding init and the NAMEs
image_ok() {
	local f=$1 n list
	shift
	gzip -tq "$f" 2>/dev/null || return 1
	list=$(gzip -dc "$f" | cpio -it --quiet 2>/dev/null) || return 1
	for n in init bpf_refs bin/busybox "$@"; do
		grep -qxF "$n" <<<"$list" || return 1
	done
}

# mkinitramfs N: run tools/vm/mkinitramfs.sh for x86_64 N times at once;
# sets rcs (their exit codes), paths (the images they name) and errs
mkinitramfs() {
	local i pids=()
	for i in $(seq "$1"); do
		"$top/tools/vm/mkinitramfs.sh" x86_64 "$work/obj" >"$work/out.$i" \
			2>"$work/err.$i" &
		pids+=($!)
	done
	rcs=""
	for i in "${!pids[@]}"; do
		wait "${pids[i]}"
		rcs+="$? "
	done
	paths=$(sort -u "$work"/out.*)
	errs=$(cat "$work"/err.*)
	rm -f "$work"/out.* "$work"/err.*
}

mkinitramfs 3
check "three cold builds at once all succeed" "$rcs" "0 0 0 "
check "they name one image" "$(wc -l <<<"$paths")" 1
image_ok "$paths"
check "it is whole" $? 0
left=$(find "$work/cache" -name '*.tmp*' -o -name '.root*' -o -name '*.XXXXXX' |
	paste -sd' ')
check "no temporary file is left in the cache" "$left" ""
check "busybox was extracted once" \
	"$(find "$work/cache/vm" -maxdepth 1 -name 'busybox-*' | wc -l)" 1
img=$paths

# a truncated image: built again
head -c 100000 "$img" >"$work/trunc"
cp "$work/trunc" "$img"
mkinitramfs 2
image_ok "$img"
check "a truncated cached image is built again (two runs at once)" "$rcs$?" "0 0 0"
[[ $errs == *"is corrupt"* ]]
check "and that is said" $? 0

# an image of --object y.bpf.o without it: built again
export MKINITRAMFS_OBJECTS=$work/y.bpf.o
mkinitramfs 1
img=$paths
gzip -dc "$img" | (mkdir "$work/root" && cd "$work/root" && cpio -id --quiet) &&
	rm "$work/root/y.bpf.o" "$work/root/vmtest-objects" &&
	(cd "$work/root" && find . | cpio -o -H newc --quiet | gzip -1 >"$img")
mkinitramfs 1
image_ok "$paths" y.bpf.o vmtest-objects
check "a cached image that lacks its --object is built again" "$rcs$?" "0 0"

# a build beside four images of the arch used lately keeps them all (the
# pruning spares what was used in the last 10 minutes) and succeeds
rm -f "$paths"
for k in 1 2 3 4; do
	: >"$work/cache/vm/initramfs/x86_64-recent$k.cpio.gz"
done
mkinitramfs 1
kept=$(find "$work/cache/vm/initramfs" -name 'x86_64-recent*.cpio.gz' | wc -l)
check "a build beside four images used lately succeeds and keeps them" "$rcs$kept" "0 4"
tap_done
