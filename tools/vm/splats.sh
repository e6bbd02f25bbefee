#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Name the kernel splats in a guest console log.  Argument: CONSOLE_LOG
# Prints one "KIND: message" line per splat (panic, oops, KASAN, UBSAN,
# WARN, BUG, hung task, RCU stall, lockdep, an initramfs the kernel could
# not unpack) and exits 1 if there was any, 0 if the log is clean, 2 if it
# cannot be read.
# Only the kernel's lines count: when the log has lines with the printk
# timestamp ("[    1.234567] ", vmtest.sh boots with printk.time=1), a
# line without one is not the kernel's (a program's output on the console)
# and is no splat, whatever it says.
set -euo pipefail

log=${1:?usage: ${0##*/} CONSOLE_LOG}
[ -r "$log" ] || { echo "splats.sh: cannot read $log" >&2; exit 2; }

# Each rule: KIND<TAB>extended regex; the first rule that matches a line
# names it.  The kernel's timestamp prefix is stripped first.
rules=$(cat <<'EOF'
kernel panic	Kernel panic - not syncing
KASAN	BUG: KASAN:
KFENCE	BUG: KFENCE:
UBSAN	UBSAN:
lockdep	WARNING: possible (recursive|circular|irq.*) locking
lockdep	WARNING: (suspicious RCU usage|bad unlock balance)
WARN	^WARNING:
soft lockup	BUG: soft lockup
oops	(^Oops:|Internal error: Oops|general protection fault)
oops	(BUG: unable to handle|Unable to handle kernel|^Krnl PSW)
BUG	(^kernel BUG at|^BUG:)
hung task	INFO: task .* blocked for more than
RCU stall	rcu: INFO: .*(stall|detected stalls)
initramfs	Initramfs unpacking failed
EOF
)

prefilter='Kernel panic|BUG|Oops|UBSAN|WARNING|general protection|Unable to handle'
prefilter+='|Krnl PSW|INFO: task|rcu: INFO|Initramfs unpacking'
# the printk prefix: the log level (on some consoles) and the timestamp
stamp='^(<[0-9]>)?\[ *[0-9]+\.[0-9]+\]'
stamped=0
grep -qaE "$stamp" "$log" && stamped=1
found=0
prev=""
# s390 prints a "Krnl PSW" line in a WARN's register dump too: after a
# WARN it is part of that report, not an oops of its own
in_warn=0
while IFS= read -r line; do
	line=${line%$'\r'}
	[ "$stamped" = 0 ] || [[ $line =~ $stamp ]] || continue
	# drop the log level, timestamp and caller id
	line=$(printf '%s' "$line" | sed -E 's/^(<[0-9]>)?\[ *[0-9]+\.[0-9]+\] *//' |
		sed -E 's/^\[ *[TC][0-9]+\] *//')
	while IFS=$'\t' read -r kind re; do
		if [[ $line =~ $re ]]; then
			if [ "$kind" = oops ] && [ "$in_warn" = 1 ] &&
			   [[ $line == "Krnl PSW"* ]]; then
				break
			fi
			in_warn=0
			[ "$kind" = WARN ] && in_warn=1
			[ "$kind:$line" = "$prev" ] || echo "$kind: $line"
			prev="$kind:$line"
			found=1
			break
		fi
	done <<<"$rules"
done < <(grep -a -E "$prefilter" "$log" || true)
exit "$found"
