#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The table of architecture facts, the one place that knows them.
# Sourced (tools/vm/, tools/cross/, tools/deps.sh): arch_settings NAME sets the ARCH_*
# variables of NAME's row and returns 1 for an architecture not in the
# table; NAME may be spelled as uname (s390x), the kernel (s390), Debian
# (amd64) or a GNU triple (aarch64-linux-gnu).  Run: `arch.sh FIELD NAME`
# prints one field for make and jq (FIELD is a variable without ARCH_,
# e.g. `arch.sh BPF s390` prints bpfeb), `arch.sh list` the arches.
# Measured choices and why: docs/vmtest.md.

# Architectures in the order `-a all` runs them.
ALL_ARCHES="x86_64 aarch64 s390x"
ALL_ARCHES_TEXT="x86_64, aarch64, s390x"

# "ARCH SERIES, ..." of vmtest.sh --debian's default series, for usage texts.
debian_series_text() (
	t=""
	for a in $ALL_ARCHES; do
		arch_settings "$a"
		t+=", $a $ARCH_DEBIAN_SERIES"
	done
	echo "${t#, }"
)

# shellcheck disable=SC2034
arch_settings() {
	case "$1" in
	x86_64 | x86 | amd64 | x86_64-linux-gnu)
		ARCH_NAME=x86_64		# uname -m
		ARCH_DEB=amd64			# Debian architecture
		ARCH_KARCH=x86_64		# kernel ARCH=, KCIDB architecture
		ARCH_SRCARCH=x86		# __TARGET_ARCH_<x> of bpf_tracing.h
		ARCH_TRIPLE=x86_64-linux-gnu
		ARCH_CROSS_PKGS="gcc-x86-64-linux-gnu libc6-dev-amd64-cross"
		ARCH_BPF=bpfel
		ARCH_DEB_FLAVOUR=amd64		# linux-image-*-<flavour>
		ARCH_DEBIAN_SERIES=6.12		# vmtest.sh --debian's default
		# readelf -h's Machine of vmlinux, file(1)'s name of it
		ARCH_ELF_MACHINE="Advanced Micro Devices X86-64"
		ARCH_FILE_MACHINE="x86-64"
		# the boot image: its format, file -b's description of it
		ARCH_IMAGE_FORMAT=bzimage
		ARCH_IMAGE_FILE="Linux kernel x86 boot executable bzImage"
		ARCH_KIMAGE=vmlinux		# booted through PVH: no
		ARCH_KIMAGE_TARGET=vmlinux	# decompressor, no SeaBIOS time
		ARCH_KCONFIG_NEEDED="PVH SERIAL_8250_CONSOLE"
		ARCH_QEMU=qemu-system-x86_64
		ARCH_QEMU_PKG=qemu-system-x86
		ARCH_MACHINE="-M pc"
		ARCH_CPU_TCG="-cpu max"
		# vmtest.sh --icount: the guest clock counts instructions
		ARCH_ICOUNT="shift=0,sleep=off"
		ARCH_CONSOLE=ttyS0
		# results: the second UART, /dev/ttyS1 in the guest
		ARCH_RESULTS_DEV=/dev/ttyS1
		ARCH_RESULTS_QEMU=serial
		ARCH_KVM_FLAGS="vmx|svm"
		;;
	aarch64 | arm64 | aarch64-linux-gnu)
		ARCH_NAME=aarch64
		ARCH_DEB=arm64
		ARCH_KARCH=arm64
		ARCH_SRCARCH=arm64
		ARCH_TRIPLE=aarch64-linux-gnu
		ARCH_CROSS_PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
		ARCH_BPF=bpfel
		ARCH_DEB_FLAVOUR=arm64
		ARCH_DEBIAN_SERIES=6.12
		ARCH_ELF_MACHINE=AArch64
		ARCH_FILE_MACHINE="ARM aarch64"
		ARCH_IMAGE_FORMAT=image
		ARCH_IMAGE_FILE="Linux kernel ARM64 boot executable Image"
		ARCH_KIMAGE=arch/arm64/boot/Image
		ARCH_KIMAGE_TARGET=Image
		ARCH_KCONFIG_NEEDED="SERIAL_AMBA_PL011_CONSOLE VIRTIO_PCI VIRTIO_CONSOLE"
		ARCH_QEMU=qemu-system-aarch64
		ARCH_QEMU_PKG=qemu-system-arm
		ARCH_MACHINE="-M virt,gic-version=3"
		# QARMA pointer authentication is slow under TCG; the
		# implementation-defined algorithm is not (feasibility.md)
		ARCH_CPU_TCG="-cpu max,pauth-impdef=on"
		ARCH_ICOUNT="shift=0,sleep=off"
		ARCH_CONSOLE=ttyAMA0
		# results: a virtio console on virtio-pci, /dev/hvc0
		ARCH_RESULTS_DEV=/dev/hvc0
		ARCH_RESULTS_QEMU=virtio-serial-pci
		ARCH_KVM_FLAGS=""
		;;
	s390x | s390 | s390x-linux-gnu)
		ARCH_NAME=s390x
		ARCH_DEB=s390x
		ARCH_KARCH=s390
		ARCH_SRCARCH=s390
		ARCH_TRIPLE=s390x-linux-gnu
		ARCH_CROSS_PKGS="gcc-s390x-linux-gnu libc6-dev-s390x-cross"
		ARCH_BPF=bpfeb
		ARCH_DEB_FLAVOUR=s390x
		# bookworm's: the newer series have no BPF JIT for s390x
		ARCH_DEBIAN_SERIES=6.1
		ARCH_ELF_MACHINE="IBM S/390"
		ARCH_FILE_MACHINE="IBM S/390"
		ARCH_IMAGE_FORMAT=image
		ARCH_IMAGE_FILE="Linux S390"	# its IPL PSW and CCWs
		ARCH_KIMAGE=arch/s390/boot/bzImage
		ARCH_KIMAGE_TARGET=bzImage
		# S390_GUEST: the virtio-ccw transport of the results port
		ARCH_KCONFIG_NEEDED="SCLP_VT220_CONSOLE VIRTIO_CONSOLE S390_GUEST"
		ARCH_QEMU=qemu-system-s390x
		ARCH_QEMU_PKG=qemu-system-misc
		ARCH_MACHINE="-M s390-ccw-virtio"
		ARCH_CPU_TCG="-cpu max"
		ARCH_ICOUNT="shift=0,sleep=off"
		# the -serial is the SCLP VT220 console (ttysclp0); results go
		# to a virtio console on virtio-ccw: the SCLP line-mode console
		# splits lines longer than 320 characters
		ARCH_CONSOLE=ttysclp0
		ARCH_RESULTS_DEV=/dev/hvc0
		ARCH_RESULTS_QEMU=virtio-serial-ccw
		ARCH_KVM_FLAGS=""
		;;
	*)
		return 1
		;;
	esac
	ARCH_CROSS=$ARCH_TRIPLE-
}

# Run as a command: print one field of the table.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -eu
	if [ "${1-}" = list ]; then
		echo "$ALL_ARCHES"
		exit 0
	fi
	[ $# = 2 ] || { echo "usage: ${0##*/} FIELD ARCH | list" >&2; exit 2; }
	arch_settings "$2" ||
		{ echo "${0##*/}: unknown architecture '$2' ($ALL_ARCHES_TEXT)" >&2; exit 1; }
	v=ARCH_$1
	[ -n "${!v+set}" ] ||
		{ echo "${0##*/}: no field '$1' in the table" >&2; exit 2; }
	echo "${!v}"
fi
