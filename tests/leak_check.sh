#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Nothing a test creates may outlive the run: compare the kernel's BPF
# programs, maps and links, the network namespaces, named namespaces and
# veth devices before and after the whole suite, and after runs of the
# runtime probes interrupted with SIGINT and SIGTERM.
#
# Arguments: bpf_refs options for the full-suite run.  Needs root, bpftool,
# ip and lsns; $BPF_REFS names the runner (default: the one beside tests/).
# An id present after but not before is a leak unless a live process
# still holds it (fdinfo), which is how objects of other programs running
# at the same time are told apart.  Freeing is deferred in the kernel, so
# the comparison is retried for a while before anything is called a leak.

set -u
dir=$(cd "$(dirname "$0")/.." && pwd)
runner=${BPF_REFS:-$dir/bpf_refs}
settle=${LEAK_SETTLE_SECONDS:-15}
pass=0
fail=0

for tool in bpftool ip lsns; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool not found"
		exit 4
	fi
done
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root"
	exit 4
fi

ids() {	# KIND: the ids of every prog, map or link
	bpftool -j "$1" show 2>/dev/null | grep -o '"id":[0-9]*' |
		cut -d: -f2 | sort -n
}

held() {	# KIND: ids some live process holds an fd of
	grep -h "^$1_id:" /proc/[0-9]*/fdinfo/* 2>/dev/null |
		awk '{print $2}' | sort -un
}

netns() {	# namespaces of processes named bpf_refs, named netns, veths
	lsns -t net -n -o NS,COMMAND 2>/dev/null | awk '$2 ~ /bpf_refs/ {print "ns " $1}'
	ip netns list 2>/dev/null | awk '{print "named " $1}'
	ip -o link show type veth 2>/dev/null | awk -F': ' '{print "veth " $2}'
}

snapshot() {	# FILE
	{
		for kind in prog map link; do
			ids "$kind" | sed "s/^/$kind /"
		done
		netns
		find /sys/fs/bpf -mindepth 1 2>/dev/null | sed 's/^/pin /'
	} | sort -u >"$1"
}

leaks() {	# BEFORE: what is there now, was not before, and nobody holds
	local now kind
	now=$(mktemp)
	snapshot "$now"
	comm -13 "$1" "$now" | while read -r kind id; do
		case $kind in
		prog|map|link)
			held "$kind" | grep -qx "$id" && continue
			# a map of a program someone holds is held too
			[ "$kind" = map ] && bpftool -j prog show 2>/dev/null |
				grep -o '"id":[0-9]*,[^}]*"map_ids":\[[0-9,]*\]' |
				grep -E "[[,]${id}[],]" | grep -o '^"id":[0-9]*' |
				cut -d: -f2 | grep -qxF -f <(held prog) && continue
			;;
		esac
		echo "$kind $id"
	done
	rm -f "$now"
}

check() {	# NAME BEFORE
	local end=$((SECONDS + settle)) left
	while :; do
		left=$(leaks "$2")
		[ -z "$left" ] && break
		[ $SECONDS -ge $end ] && break
		sleep 1
	done
	if [ -z "$left" ]; then
		echo "ok $((pass + fail + 1)) $1"
		pass=$((pass + 1))
	else
		echo "not ok $((pass + fail + 1)) $1 # left behind: ${left//$'\n'/, }"
		while read -r line; do echo "# $line"; done <<<"$left"
		fail=$((fail + 1))
	fi
}

interrupted() {	# SIGNAL DELAY: stop the runtime probes midway
	local before pid
	before=$(mktemp)
	snapshot "$before"
	"$runner" -t 'runtime_*' >/dev/null 2>&1 &
	pid=$!
	sleep "$2"
	kill -"$1" "$pid" 2>/dev/null
	wait "$pid"
	check "no_leak_after_$1_at_${2}s" "$before"
	rm -f "$before"
}

echo "TAP version 13"
echo "1..5"
before=$(mktemp)
snapshot "$before"
"$runner" "$@" >"${LEAK_LOG:-/dev/null}" 2>&1
echo "# full suite exited $?"
check no_leak_after_full_suite "$before"
rm -f "$before"
# the runtime topics take a fraction of a second: hit them at several points
interrupted INT 0.05
interrupted INT 0.12
interrupted TERM 0.08
interrupted TERM 0.16
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
