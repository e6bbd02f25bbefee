# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# TAP for the shell unit tests (sourced): check WHAT GOT WANT prints one
# "ok"/"not ok" line comparing two strings; tap_done prints the plan and
# returns 1 if any check failed.

tap_n=0
tap_failed=0

check() {
	local what=$1 got=$2 want=$3
	tap_n=$((tap_n + 1))
	if [ "$got" = "$want" ]; then
		echo "ok $tap_n $what"
	else
		echo "not ok $tap_n $what: got '$got', want '$want'"
		tap_failed=$((tap_failed + 1))
	fi
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" = 0 ]
}
