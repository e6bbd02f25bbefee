#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The arch table (tools/lib/arch.sh) and what reads it: every spelling of an
# arch finds its row, kernel images and ELF files are told apart by the
# table's names of them (readelf -h, file -b), cross.mk turns ARCH into the
# kernel's spelling and the BPF byte order, and the KCIDB export names
# arches as the kernel does.
# TAP output; exit 1 on a failed check.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=tools/vm/lib.sh
. "$top/tools/vm/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"

# name alias -> uname name, kernel ARCH, BPF target
while read -r alias name karch bpf; do
	check "arch.sh NAME $alias" "$("$top/tools/lib/arch.sh" NAME "$alias")" "$name"
	check "arch.sh KARCH $alias" "$("$top/tools/lib/arch.sh" KARCH "$alias")" "$karch"
	check "arch.sh BPF $alias" "$("$top/tools/lib/arch.sh" BPF "$alias")" "$bpf"
done <<EOF2
x86_64 x86_64 x86_64 bpfel
amd64 x86_64 x86_64 bpfel
x86_64-linux-gnu x86_64 x86_64 bpfel
aarch64 aarch64 arm64 bpfel
arm64 aarch64 arm64 bpfel
s390x s390x s390 bpfeb
s390 s390x s390 bpfeb
s390x-linux-gnu s390x s390 bpfeb
EOF2
"$top/tools/lib/arch.sh" NAME ppc64le >/dev/null 2>&1
check "arch.sh: an arch not in the table is an error" $? 1
"$top/tools/lib/arch.sh" NO_SUCH_FIELD s390 >/dev/null 2>&1
check "arch.sh: a field not in the table is a usage error" $? 2

# put hex bytes $3 at offset $2 of a zeroed 128 KiB file $1
mkimage() {
	head -c 131072 /dev/zero >"$1"
	perl -e 'print pack("H*", $ARGV[0])' "$3" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# an x86 boot sector (0xaa55) with "HdrS", protocol 2.15, LOADED_HIGH
mkimage "$work/bz" $((0x1fe)) 55aa0000486472530f0200000000000000000001
check "image_kind: bzImage" "$(image_kind "$work/bz")" "x86_64 bzimage"
mkimage "$work/arm" $((0x38)) 41524d64
check "image_kind: arm64 Image" "$(image_kind "$work/arm")" "aarch64 image"
# the IPL PSW and CCWs at 8
mkimage "$work/s390" 8 020000186000005002000068600000504040404040404040
check "image_kind: s390 image" "$(image_kind "$work/s390")" "s390x image"
# ELF: little-endian e_machine 0xb7, big-endian 0x16, and an unknown one
mkimage "$work/el" 0 7f454c460201010000000000000000000000b700
check "image_kind: little-endian aarch64 ELF" "$(image_kind "$work/el")" "aarch64 elf"
mkimage "$work/eb" 0 7f454c4602020100000000000000000000000016
check "image_kind: big-endian s390 ELF" "$(image_kind "$work/eb")" "s390x elf"
mkimage "$work/ppc" 0 7f454c4602020100000000000000000000000015
check "image_kind: an ELF of an arch not in the table" \
	"$(image_kind "$work/ppc")" "unknown elf-machine-PowerPC64"
check "image_kind: no magic at all" "$(image_kind "$work/bz.none" 2>/dev/null)" "unknown -"

# cross.mk: ARCH as given -> ARCH as the kernel spells it, BPF target (no
# "Entering directory" from a make -C above)
# shellcheck disable=SC2016 # make's variables, expanded by make
printf 'include %s/tools/cross/cross.mk\nall: ; @echo "$(ARCH) $(BPF_TARGET)"\n' \
	"$top" >"$work/Makefile"
while read -r given want; do
	check "cross.mk ARCH=$given" \
		"$(make -s --no-print-directory -f "$work/Makefile" BPF_REFS_DIR="$top" \
			ARCH="$given")" \
		"${want/_/ }"
done <<EOF2
aarch64 arm64_bpfel
arm64 arm64_bpfel
s390x s390_bpfeb
s390 s390_bpfeb
x86 x86_bpfel
ppc64le ppc64le_bpf
EOF2

# the KCIDB export's arch names: the kernel's, from the table
for a in aarch64:arm64 s390x:s390 x86_64:x86_64 ppc64le:ppc64le; do
	jq --arg a "${a%%:*}" '.kernel.arch = $a' \
		"$top/tools/report/tests/fixtures/real/vm-x86_64-6.12.json" >"$work/r.json"
	check "KCIDB architecture of ${a%%:*}" "$("$top/tools/report/report" kcidb \
		"$work/r.json" | jq -r '.builds[0].architecture')" "${a#*:}"
done
tap_done
