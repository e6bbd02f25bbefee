#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tests of .ci/upstream_patch.sh judged by upstream's own runner
# (tools/upstream/upstream-testprogs.sh): test_progs of linux-source-7.2
# with their patch applied, run in Debian's 7.1 and 7.2 guests, must give
# each test the suite's verdict there, and those verdicts must be the
# known ones: the returned-slice gap fails on both kernels, the 7.1
# regression and the cross-frame clone fail on 7.1 and pass on 7.2.
#
#   .ci/upstream_testprogs.sh [-o DIR]   (default results/upstream-testprogs)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"

out=$here/results/upstream-testprogs
if [ "${1:-}" = -o ]; then
	out=${2:?-o needs a directory}
fi
gap=dynptr_skb_qdisc/read_returned_slice_after_skb_drop
regression=rel_ringbuf/orig_slice_after_overwrite_orig_write
clone=dynptr_ringbuf_frames/clone_in_callee_survives_submit

"$here/tools/upstream/upstream-testprogs.sh" -o "$out" --src 7.2 --vm 7.1,7.2 \
	"$gap" "$regression" "$clone" ||
	fail "tools/upstream/upstream-testprogs.sh failed"
v=$out/verdicts.txt
for t in "$gap" "$regression" "$clone"; do
	expect_grep "^$t 7\\.1\\.[^ ]+ fail fail\$" "$v" "$t fails on 7.1 in both"
done
expect_grep "^$gap 7\\.2\\.[^ ]+ fail fail\$" "$v" "$gap fails on 7.2 in both"
for t in "$regression" "$clone"; do
	expect_grep "^$t 7\\.2\\.[^ ]+ pass pass\$" "$v" "$t passes on 7.2 in both"
done
[ "$(wc -l <"$v")" = 6 ] || fail "expected 6 verdicts in $v, got $(wc -l <"$v")"
