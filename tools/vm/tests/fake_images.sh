# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the tests of tools/vm: made-up kernel images.

# put FILE OFFSET: write stdin into FILE at OFFSET, in place.
put() {
	dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# minimal_bzimage FILE: the smallest x86 bzImage header that file(1)
# takes for a bzImage and check_image accepts (1 setup sector + 1
# paragraph); its kernel version string goes at 0x300.
minimal_bzimage() {
	head -c 1040 /dev/zero >"$1"
	printf '\001' | put "$1" $((0x1f1))		# setup_sects
	printf '\001\000\000\000' | put "$1" $((0x1f4))	# syssize
	printf '\125\252' | put "$1" $((0x1fe))		# boot_flag
	printf 'HdrS' | put "$1" $((0x202))
	printf '\017\002' | put "$1" $((0x206))		# version 2.15
	printf '\000\001' | put "$1" $((0x20e))		# kernel_version
	printf '\001' | put "$1" $((0x211))		# loadflags: LOADED_HIGH
}
