#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/vm/splats.sh names the splats of a guest console, and tools/vm/lib.sh's
# all_splats_known() accepts only those the suite pinned on an xfail-listed
# test.  TAP output; exit 1 on a failed check.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=tools/vm/lib.sh
. "$top/tools/vm/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"

# splats_of LINES...: what splats.sh prints for a console of these lines
splats_of() {
	printf '%s\n' "$@" >"$work/console"
	"$top/tools/vm/splats.sh" "$work/console"
	echo "rc=$?"
}

check "a clean console" "$(splats_of '[    1.0] Linux version 6.12' 'bpf_refs: ok')" "rc=0"
W="WARNING: CPU: 0 PID: 9 at kernel/bpf/verifier.c:853 f+0x1/0x2"
check "an x86 WARN" "$(splats_of "[    2.0] $W")" "$(printf '%s\n%s' "WARN: $W" rc=1)"
check "an s390 WARN's PSW line is part of the WARN" \
	"$(splats_of "$W" 'Modules linked in:' \
		'Krnl PSW : 0704d00180000000 000003ffe0240aa6 (f+0x1/0x2)')" \
	"$(printf '%s\n%s' "WARN: $W" rc=1)"
check "an s390 oops keeps its PSW line" \
	"$(splats_of 'Oops: 0004 ilc:3 [#1] SMP' \
		'Krnl PSW : 0704c00180000000 0000000000000000 (0x0)')" \
	"$(printf '%s\n%s\n%s' 'oops: Oops: 0004 ilc:3 [#1] SMP' \
		'oops: Krnl PSW : 0704c00180000000 0000000000000000 (0x0)' rc=1)"
check "a KASAN report" "$(splats_of 'BUG: KASAN: slab-use-after-free in skb_release_data+0x1')" \
	"$(printf '%s\n%s' 'KASAN: BUG: KASAN: slab-use-after-free in skb_release_data+0x1' rc=1)"

# A console with the kernel's timestamps (printk.time=1): only the
# kernel's lines count, not what a program printed there (an object named
# "Kernel panic - not syncing: x.bpf.o" in the runner's messages).
P="Kernel panic - not syncing: x.bpf.o"
check "a program's line that reads like a panic is no splat" \
	"$(splats_of '[    0.000000] Linux version 6.12' "bpf_refs: $P: cannot open" \
		"$P" "<4>$P" '[    1.500000] Run /init as init process')" "rc=0"
check "nor one that begins like a kernel line but lacks its timestamp" \
	"$(splats_of '[    0.000000] Linux version 6.12' "[T1] $P" "[ x.1] $P")" "rc=0"
check "the kernel's own panic line still counts" \
	"$(splats_of '[    0.000000] Linux version 6.12' "$P" \
		'[    9.100000] Kernel panic - not syncing: sysrq triggered crash')" \
	"$(printf '%s\n%s' 'kernel panic: Kernel panic - not syncing: sysrq triggered crash' rc=1)"
check "with its caller id, after a log level" \
	"$(splats_of '[    0.000000] Linux version 6.12' "<4>[    2.0][    T9] $W")" \
	"$(printf '%s\n%s' "WARN: $W" rc=1)"
U="Initramfs unpacking failed: invalid magic at start of compressed archive"
check "an initramfs the kernel could not unpack is a splat" \
	"$(splats_of '[    0.000000] Linux version 6.12' "[    0.900000] $U")" \
	"$(printf '%s\n%s' "initramfs: $U" rc=1)"

# all_splats_known RUN: the splat must be in the reason of an xfail test
mkdir -p "$work/run"
echo "WARN: $W" >"$work/run/splats"
result() {
	local why="known bug of this kernel (bug-x y): kernel log splat while"

	jq -n --arg s "$1" --arg r "$why the test ran: $W" \
		'{tests: [{name: "t/a", status: $s, reason: $r}]}' >"$work/run/results.json"
}
result xfail
all_splats_known "$work/run"
check "a splat pinned on an xfail test is known" $? 0
result fail
all_splats_known "$work/run"
check "a splat pinned on a failing test is not" $? 1
result xfail
echo 'KASAN: BUG: KASAN: slab-use-after-free in f' >>"$work/run/splats"
all_splats_known "$work/run"
check "a second, unpinned splat is not known" $? 1
rm "$work/run/results.json"
all_splats_known "$work/run"
check "no results JSON: nothing is known" $? 1
tap_done
