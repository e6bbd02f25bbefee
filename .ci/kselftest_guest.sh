#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# In a vmtest.sh guest (vmtest.sh --run, from .ci/kselftest_vm.sh): unpack
# the kselftest tarball of bpf_refs (/kselftest.tar.gz) and run it the way
# KernelCI does, through run_kselftest.sh -t bpf_refs:bpf_refs, three times,
# each after a "# ksft-run NAME" line and followed by "# ksft-rc NAME RC":
#   main      KSELFTEST_BPF_REFS_ARGS="--xfail auto --allow-crash ...": the
#             known bugs of this kernel expected, the runtime probes (a
#             throwaway guest may crash), JSON results for vmtest.sh
#   noxfail   KSELFTEST_BPF_REFS_ARGS="-t $1": topics with a known bug of
#             this kernel, nothing expected: must fail
#   timeout   the tarball's settings with timeout=1: must time out
# Exit status: that of the main run.
# /ksft-timeout, when present, is coreutils' timeout: run_kselftest.sh
# calls "timeout --foreground", which busybox's timeout does not know.

set -u
if [ -x /ksft-timeout ]; then
	rm -f /usr/bin/timeout
	cp /ksft-timeout /usr/bin/timeout
fi
mkdir -p /tmp/ksft
tar -C /tmp/ksft -xzf /kselftest.tar.gz || {
	echo "# ksft: cannot unpack /kselftest.tar.gz"
	exit 1
}
cd /tmp/ksft || exit 1

echo "# ksft-run main"
KSELFTEST_BPF_REFS_ARGS="--xfail auto --allow-crash --where vm --json /tmp/results.json" \
	./run_kselftest.sh -t bpf_refs:bpf_refs
rc=$?
echo "# ksft-rc main $rc"

echo "# ksft-run noxfail"
KSELFTEST_BPF_REFS_ARGS="-t ${1:-*}" ./run_kselftest.sh -t bpf_refs:bpf_refs
echo "# ksft-rc noxfail $?"

echo "# ksft-run timeout"
sed -i 's/^timeout=.*/timeout=1/' bpf_refs/settings
./run_kselftest.sh -t bpf_refs:bpf_refs
echo "# ksft-rc timeout $?"
exit "$rc"
