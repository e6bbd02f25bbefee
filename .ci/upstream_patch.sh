#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The upstream-patch route (scripts/upstream-patch.sh): the returned-slice
# gap, a 7.1 regression and a cross-frame ringbuf clone exported as an
# upstream selftests/bpf patch, applied to a copy of linux-source-7.2,
# built there with upstream's flags and headers, and judged in Debian's
# 7.2 and 7.1 guests as the suite judges them; each verdict must also be
# the one xfail/<series> gives (fail where the list has the test).  The
# patch must carry no Signed-off-by and name where each test fails.
#
#   .ci/upstream_patch.sh [-o DIR]      (default results/upstream-patch)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"

out=$here/results/upstream-patch
if [ "${1:-}" = -o ]; then
	out=${2:?-o needs a directory}
fi
tests=(dynptr_skb_qdisc/read_returned_slice_after_skb_drop
       rel_ringbuf/orig_slice_after_overwrite_orig_write
       dynptr_ringbuf_frames/clone_in_callee_survives_submit)
series="7.2 7.1"

"$here/scripts/upstream-patch.sh" -o "$out" --vm "${series// /,}" "${tests[@]}" ||
	fail "scripts/upstream-patch.sh failed"
patch=$(find "$out" -maxdepth 1 -name '0001-*.patch')
[ -n "$patch" ] || fail "no patch in $out"
expect_grep '^Subject: \[PATCH\] selftests/bpf: ' "$patch" "patch subject"
expect_no_grep '^Signed-off-by:' "$patch" "no Signed-off-by"
expect_no_grep '^\+.*(__needs_|__fixed_by|bpf_refs_)' "$patch" \
	"upstream tags and headers only"
expect_grep '^\+#include "bpf_misc.h"$' "$patch" "upstream's bpf_misc.h"
expect_grep '^\+	RUN_TESTS\(' "$patch" "a RUN_TESTS line"
expect_grep '^  Fails on 7.1: it needs 308c7a0ae885' "$patch" \
	"the 7.1 regression named in the message"
for t in "${tests[@]}"; do
	expect_grep "^${t}:\$" "$patch" "$t in the message"
	for s in $series; do
		want=pass
		grep -qE "^$t([[:space:]]|\$)" "$here/xfail/$s" && want=fail
		grep -qx "$t $want" "$out/vm-$s/upstream.txt" ||
			fail "$s: $t: expected $want (xfail/$s), got:" \
			     "$(grep "^$t " "$out/vm-$s/upstream.txt")"
		echo "  ok: $s: $t: $want, as the suite and xfail/$s say"
	done
done

# the tree's checkpatch: no error but the sign-off left to the sender
K=$("$here/scripts/ksrc.sh" 7.2) || fail "no linux-source-7.2"
"$K/scripts/checkpatch.pl" --no-tree --strict --terse "$patch" >"$out/checkpatch.txt" 2>&1 ||
	true
expect_no_grep ': ERROR: ' <(grep -v 'ERROR: Missing Signed-off-by' "$out/checkpatch.txt") \
	"checkpatch --strict: no error besides the missing Signed-off-by"
tail -n 1 "$out/checkpatch.txt" | sed 's/^/  checkpatch: /'
