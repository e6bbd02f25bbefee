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
	known="$known|kernel refuses kfunc [a-z0-9_]+ in [a-z_]+ programs \(probe: .*\)"
	grep -E '^  ok [0-9]+ [a-z0-9_]+ # SKIP ' "$out" |
		grep -vE " # SKIP ($known)\$" >"$out.odd"
	expect_no_grep . "$out.odd" "every runtime skip has a known reason"
	# A ringbuf probe that fails as a known bug (the kernel accepted the
	# unsafe program) saw the stale write land: what the kernel does
	# decides, not its version.
	grep -E '^  ok [0-9]+ stale_[a-z_]+ # XFAIL ' "$out" |
		grep -vE 'use-after-(submit|discard) observed: ' >"$out.stale" || true
	expect_no_grep . "$out.stale" "every known stale-clone bug was seen at run time"
	n=$(grep -cE '^  ok [0-9]+ stale_[a-z_]+ # XFAIL ' "$out" || true)
	echo "  ok: $n stale-clone probes showed their bug at run time"
) || rc=1

echo "kernel-log watcher unit test"
make -s OUTPUT="$B" kmsg-check || rc=1

echo "leak check around the whole suite"
BPF_REFS="$B/bpf_refs" tests/leak_check.sh --xfail auto ||
	rc=1
exit $rc
