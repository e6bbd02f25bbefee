#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The upstream-patch route (tools/upstream/upstream-patch.sh): the returned-slice
# gap, a 7.1 regression and a cross-frame ringbuf clone exported as an
# upstream selftests/bpf patch, applied to a copy of linux-source-7.2,
# built there with upstream's flags and headers, and judged in Debian's
# 7.2 and 7.1 guests as the suite judges them; each verdict must also be
# what the suite's own run in that guest expected of the test (its
# record's expect in the runner's JSON: derived from the test's fix and
# FIXES, or an xfail list entry; a pass that carries the fix is a pass).
# The patch must carry no Signed-off-by and name the fix each test needs,
# the change that made the 7.1 regression, and, when results/line holds a
# kernel-line run (make line), that the regression fails on 7.1.  Then
# the series of the candidate fix of tools/patch-check/candidates/ and
# tests of its class (--fix), on linux-source-7.3.
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

"$here/tools/upstream/upstream-patch.sh" -o "$out" --vm "${series// /,}" "${tests[@]}" ||
	fail "tools/upstream/upstream-patch.sh failed"
patch=$(find "$out" -maxdepth 1 -name '0001-*.patch')
[ -n "$patch" ] || fail "no patch in $out"
expect_grep '^Subject: \[PATCH\] selftests/bpf: ' "$patch" "patch subject"
expect_no_grep '^Signed-off-by:' "$patch" "no Signed-off-by"
expect_no_grep '^\+.*(__needs_|__fixed_by|__broken_by|bpf_refs_)' "$patch" \
	"upstream tags and headers only"
expect_grep '^\+#include "bpf_misc.h"$' "$patch" "upstream's bpf_misc.h"
expect_grep '^\+	RUN_TESTS\(' "$patch" "a RUN_TESTS line"
# what the message says of the 7.1 regression, its lines joined
sed -n '/^rel_ringbuf\/orig_slice_after_overwrite_orig_write:$/,/^$/p' "$patch" |
	tr -s ' \n' '  ' >"$out/regression.txt"
expect_grep 'It needs commit 308c7a0ae885 .*Its bug came with commit 017f5c4ef73c' \
	"$out/regression.txt" "the 7.1 regression's fix and origin named in the message"
if [ -d "$here/results/line" ]; then
	expect_grep 'On the kernel line: .*x86_64: fails on 7\.1\.[0-9]+;' \
		"$out/regression.txt" "the 7.1 regression's kernels from results/line"
fi
for t in "${tests[@]}"; do
	expect_grep "^${t}:\$" "$patch" "$t in the message"
	for s in $series; do
		res=$(find "$out/vm-$s/suite" -name results.json | head -n1)
		[ -n "$res" ] || fail "$s: no results of the suite's run"
		# shellcheck disable=SC2016 # jq variables
		want=$(jq -r --arg t "$t" '.tests[] | select(.name == $t) | .expect
			| "\(if .carried then "pass" else .verdict end) \(.source)"' "$res")
		[ -n "$want" ] || fail "$s: $t: no expectation in $res"
		grep -qx "$t ${want% *}" "$out/vm-$s/upstream.txt" ||
			fail "$s: $t: expected ${want% *} (${want#* }), got:" \
			     "$(grep "^$t " "$out/vm-$s/upstream.txt")"
		echo "  ok: $s: $t: ${want% *}, as the suite's run expects (${want#* })"
	done
done

# the tree's checkpatch: no error but the sign-off left to the sender
K=$("$here/tools/lib/ksrc.sh" 7.2) || fail "no linux-source-7.2"
"$K/scripts/checkpatch.pl" --no-tree --strict --terse "$patch" >"$out/checkpatch.txt" 2>&1 ||
	true
expect_no_grep ': ERROR: ' <(grep -v 'ERROR: Missing Signed-off-by' "$out/checkpatch.txt") \
	"checkpatch --strict: no error besides the missing Signed-off-by"
tail -n 1 "$out/checkpatch.txt" | sed 's/^/  checkpatch: /'

# The series of a fix and its tests (--fix): the candidate of
# tools/patch-check/candidates/ first, the callee-frame class's tests
# after it, a cover letter, applied to a copy of linux-source-7.3; each
# patch clean for the tree's checkpatch but the sign-off
fix=$here/tools/patch-check/candidates/7.3-reparent-callee-dynptr-children.patch
K3=$("$here/tools/lib/ksrc.sh" 7.3) || fail "no linux-source-7.3"
rm -rf "$out/series" "$out/series-tree"
cp -al "$K3" "$out/series-tree" || fail "cannot copy $K3"
"$here/tools/upstream/upstream-patch.sh" -o "$out/series" --fix "$fix" \
	rel_ringbuf/returned_clone_slice_read_after_discard \
	rel_ringbuf/returned_clone_slice_write_before_submit \
	dynptr_skb_qdisc/read_returned_slice_after_skb_drop \
	dynptr_skb_qdisc/read_returned_slice_before_skb_drop "$out/series-tree" ||
	fail "tools/upstream/upstream-patch.sh --fix failed"
expect_grep '^Subject: \[PATCH bpf-next 0/2\] bpf: ' "$out/series/0000-cover-letter.patch" \
	"the cover letter has the fix's subject"
expect_grep '^  kernel/bpf/verifier.c  *| ' "$out/series/0000-cover-letter.patch" \
	"the cover letter's diffstat counts the fix"
for i in 1 2; do
	p=$(find "$out/series" -maxdepth 1 -name "000$i-*.patch")
	[ -n "$p" ] || fail "no patch $i in $out/series"
	expect_grep "^Subject: \\[PATCH bpf-next $i/2\\] " "$p" "patch $i is numbered"
	"$K3/scripts/checkpatch.pl" --no-tree --strict --terse "$p" >"$p.checkpatch" 2>&1 ||
		true
	expect_no_grep ': ERROR: ' <(grep -v 'ERROR: Missing Signed-off-by' "$p.checkpatch") \
		"patch $i: checkpatch --strict: no error besides the missing Signed-off-by"
done
expect_grep '^	reparent_frame_dynptrs\(env, callee\);$' \
	"$out/series-tree/kernel/bpf/verifier.c" "the tree got the fix"
rm -rf "$out/series-tree"
