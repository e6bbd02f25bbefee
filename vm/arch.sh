# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Per-architecture settings for vmtest.sh and its helpers (sourced).
# arch_settings ARCH sets the ARCH_* variables below, or returns 1 for an
# unknown ARCH.  Measured choices and why: docs/vmtest.md.

# shellcheck disable=SC2034
arch_settings() {
	case "$1" in
	x86_64)
		ARCH_DEB=amd64			# Debian architecture
		ARCH_KARCH=x86_64		# kernel ARCH=
		ARCH_CROSS=x86_64-linux-gnu-
		ARCH_CROSS_PKG=gcc-x86-64-linux-gnu
		ARCH_BPF=bpfel
		ARCH_DEB_FLAVOUR=amd64		# linux-image-*-<flavour>
		ARCH_KIMAGE=vmlinux		# booted through PVH: no
		ARCH_KIMAGE_TARGET=vmlinux	# decompressor, no SeaBIOS time
		ARCH_KCONFIG_NEEDED="PVH SERIAL_8250_CONSOLE"
		ARCH_QEMU=qemu-system-x86_64
		ARCH_QEMU_PKG=qemu-system-x86
		ARCH_MACHINE="-M pc"
		ARCH_CPU_TCG="-cpu max"
		ARCH_CONSOLE=ttyS0
		# results: the second UART, /dev/ttyS1 in the guest
		ARCH_RESULTS_DEV=/dev/ttyS1
		ARCH_RESULTS_QEMU=serial
		ARCH_ELF_MACHINE="Advanced Micro Devices X86-64"
		ARCH_KVM_FLAGS="vmx|svm"
		;;
	aarch64)
		ARCH_DEB=arm64
		ARCH_KARCH=arm64
		ARCH_CROSS=aarch64-linux-gnu-
		ARCH_CROSS_PKG=gcc-aarch64-linux-gnu
		ARCH_BPF=bpfel
		ARCH_DEB_FLAVOUR=arm64
		ARCH_KIMAGE=arch/arm64/boot/Image
		ARCH_KIMAGE_TARGET=Image
		ARCH_KCONFIG_NEEDED="SERIAL_AMBA_PL011_CONSOLE VIRTIO_PCI VIRTIO_CONSOLE"
		ARCH_QEMU=qemu-system-aarch64
		ARCH_QEMU_PKG=qemu-system-arm
		ARCH_MACHINE="-M virt,gic-version=3"
		# QARMA pointer authentication is slow under TCG; the
		# implementation-defined algorithm is not (feasibility.md)
		ARCH_CPU_TCG="-cpu max,pauth-impdef=on"
		ARCH_CONSOLE=ttyAMA0
		# results: a virtio console on virtio-pci, /dev/hvc0
		ARCH_RESULTS_DEV=/dev/hvc0
		ARCH_RESULTS_QEMU=virtio-serial-pci
		ARCH_ELF_MACHINE="AArch64"
		ARCH_KVM_FLAGS=""
		;;
	s390x)
		ARCH_DEB=s390x
		ARCH_KARCH=s390
		ARCH_CROSS=s390x-linux-gnu-
		ARCH_CROSS_PKG=gcc-s390x-linux-gnu
		ARCH_BPF=bpfeb
		ARCH_DEB_FLAVOUR=s390x
		ARCH_KIMAGE=arch/s390/boot/bzImage
		ARCH_KIMAGE_TARGET=bzImage
		# S390_GUEST: the virtio-ccw transport of the results port
		ARCH_KCONFIG_NEEDED="SCLP_VT220_CONSOLE VIRTIO_CONSOLE S390_GUEST"
		ARCH_QEMU=qemu-system-s390x
		ARCH_QEMU_PKG=qemu-system-misc
		ARCH_MACHINE="-M s390-ccw-virtio"
		ARCH_CPU_TCG="-cpu max"
		# the -serial is the SCLP VT220 console (ttysclp0); results go
		# to a virtio console on virtio-ccw: the SCLP line-mode console
		# splits lines longer than 320 characters
		ARCH_CONSOLE=ttysclp0
		ARCH_RESULTS_DEV=/dev/hvc0
		ARCH_RESULTS_QEMU=virtio-serial-ccw
		ARCH_ELF_MACHINE="IBM S/390"
		ARCH_KVM_FLAGS=""
		;;
	*)
		return 1
		;;
	esac
}

# Architectures in the order `-a all` runs them.
ALL_ARCHES="x86_64 aarch64 s390x"
