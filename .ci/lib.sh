#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared by the .ci/ scripts: kernel tree, xfail list of this kernel, and
# small assertions that print what they checked.

: "${BPF_REFS_CACHE:=/var/cache/bpf_refs}"
export BPF_REFS_CACHE

ktree() {
	"$(dirname "${BASH_SOURCE[0]}")/../scripts/kdir.sh"
}

# The xfail list for the running kernel: xfail/<release>, else
# xfail/<major.minor>; nothing when this kernel has no list.
xfail_for_kernel() {
	local dir=$1 rel mm
	rel=$(uname -r)
	mm=$(echo "$rel" | cut -d. -f1,2)
	for f in "$dir/$rel" "$dir/$mm"; do
		if [ -f "$f" ]; then
			echo "$f"
			return
		fi
	done
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
