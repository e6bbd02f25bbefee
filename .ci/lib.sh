#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared by the .ci/ scripts: the kernel tree, and small assertions that
# print what they checked.

: "${BPF_REFS_CACHE:=/var/cache/bpf_refs}"
export BPF_REFS_CACHE

ktree() {
	"$(dirname "${BASH_SOURCE[0]}")/../tools/lib/kdir.sh"
}


fail() {
	echo "FAIL: $*" >&2
	exit 1
}

expect_grep() {
	local pattern=$1 file=$2 what=$3
	grep -qE -- "$pattern" "$file" || fail "$what: no line matches '$pattern' in $file"
	echo "  ok: $what"
}

expect_no_grep() {
	local pattern=$1 file=$2 what=$3
	if grep -E -- "$pattern" "$file"; then
		fail "$what: unexpected line(s) matching '$pattern' in $file"
	fi
	echo "  ok: $what"
}
