#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CI step "runtime" (called by .ci/run with the build directory): the
# runtime probes on the running kernel with its xfail list, the checks of
# what they must have measured, the kernel-log watcher's unit test, and
# the leak check around the whole suite.  Non-zero exit if any failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=.ci/lib.sh
. .ci/lib.sh

B=${1:-$PWD/build/host}
rc=0

if [ ! -x "$B/bpf_refs" ]; then
	make -s -j2 OUTPUT="$B" || exit 1
fi
out=$(mktemp)
trap 'rm -f "$out" "$out.odd"' EXIT

echo "runtime probes, kernel $(uname -r)"
"$B/bpf_refs" -t 'runtime_*' --xfail auto \
	--json "$B/runtime.json" >"$out" || rc=1
cat "$out"

# Every probe ran at least up to its feature probe, with a known verdict.
(
	for sub in $("$B/bpf_refs" -l -t 'runtime_*' | grep /); do
		expect_grep "^  (not )?ok [0-9]+ ${sub#*/}( |$)" "$out" \
			"$sub reported"
	done
	# A skip says exactly why.
	known='kernel lacks (kfunc|struct_ops|program type) [A-Za-z0-9_]+'
	known="$known|verifier accepted the unsafe program; runtime probe not run outside a VM"
	known="$known|iproute2 '(ip|tc)' not found|denylisted: .*"
	known="$known|kernel lacks veth \(.*\)"
	grep -E '^  ok [0-9]+ [a-z0-9_]+ # SKIP ' "$out" |
		grep -vE " # SKIP ($known)\$" >"$out.odd"
	expect_no_grep . "$out.odd" "every runtime skip has a known reason"
	if [ "$(uname -r | cut -d. -f1,2)" = 6.18 ]; then
		uas="use-after-submit observed: record 0 changed after submit"
		expect_grep "ok [0-9]+ stale_clone_submit # XFAIL .*$uas" \
			"$out" "6.18: write after submit seen through the clone"
		expect_grep "drop_then_slice # SKIP kernel lacks struct_ops Qdisc_ops$" \
			"$out" "6.18: qdisc probe stops at its feature probe"
		expect_grep "put_file_then_read # SKIP kernel lacks kfunc bpf_dynptr_from_file$" \
			"$out" "6.18: file probe stops at its feature probe"
	fi
) || rc=1

echo "kernel-log watcher unit test"
make -s OUTPUT="$B" kmsg-check || rc=1

echo "leak check around the whole suite"
BPF_REFS="$B/bpf_refs" tests/leak_check.sh --xfail auto ||
	rc=1
exit $rc
