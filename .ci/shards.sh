#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel line in shards gives what one run gives: tools/line/line.sh --shard
# 1/2 and 2/2 over a short list (x86_64 6.12, 7.1, 7.2: before the fixes,
# the 7.1 regression, after them), merged by tools/line/line-report.sh as the
# final job of .github/workflows/line.yml merges its jobs, must have the
# same kernels with the same status for every test as the unsharded line.
# The unsharded run is the line step's (results/line, .ci/vmtest.sh) when
# it holds those kernels; otherwise tools/line/line.sh runs the short list.
#
#   .ci/shards.sh [-o DIR]       (default results/shards)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"

out=$here/results/shards
if [ "${1:-}" = -o ]; then
	out=${2:?-o needs a directory}
fi
short=(x86_64:6.12 x86_64:7.1 x86_64:7.2)
rm -rf "${out:?}"
mkdir -p "$out"

# per_test DIR...: "run-key test status" of every test of every run
per_test() {
	"$here/tools/report/report" merge -f json "$@" |
		jq -r '.tests[] | .name as $n | .cells | to_entries[] |
			"\(.key) \($n) \(.value.status)"' | sort
}

for s in 1/2 2/2; do
	echo "== tools/line/line.sh --shard $s ${short[*]}"
	"$here/tools/line/line.sh" -o "$out/shard-${s%/*}" --shard "$s" "${short[@]}" ||
		fail "shard $s failed (see $out/shard-${s%/*}/line.txt)"
done
echo "== tools/line/line-report.sh: the shards merged"
"$here/tools/line/line-report.sh" -o "$out/merged" "$out"/shard-* ||
	fail "the report of the merged shards failed"
per_test "$out"/shard-* >"$out/sharded.txt"
cut -d' ' -f1 "$out/sharded.txt" | sort -u >"$out/kernels.txt"
[ "$(wc -l <"$out/kernels.txt")" = "${#short[@]}" ] ||
	fail "the shards hold $(wc -l <"$out/kernels.txt") kernels, expected ${#short[@]}"

line=$here/results/line
if [ -d "$line" ]; then
	per_test "$line" >"$out/line-all.txt"
else
	: >"$out/line-all.txt"
fi
# the line step's runs of the short list's kernels, if it has all
grep -F -f <(sed 's/$/ /' "$out/kernels.txt") "$out/line-all.txt" \
	>"$out/unsharded.txt" || true
if [ "$(cut -d' ' -f1 "$out/unsharded.txt" | sort -u)" = "$(cat "$out/kernels.txt")" ]; then
	echo "== unsharded: the line step's run ($line)"
else
	echo "== unsharded: tools/line/line.sh ${short[*]}"
	"$here/tools/line/line.sh" -o "$out/unsharded" "${short[@]}" ||
		fail "the unsharded run failed (see $out/unsharded/line.txt)"
	per_test "$out/unsharded" >"$out/unsharded.txt"
fi
diff -u "$out/unsharded.txt" "$out/sharded.txt" ||
	fail "the merged shards differ from the unsharded run"
echo "  ok: 2 shards merged = one run: $(wc -l <"$out/kernels.txt") kernels," \
	"$(wc -l <"$out/sharded.txt") per-test statuses"
