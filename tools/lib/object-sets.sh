# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The sets of BPF objects a guest loads beside the suite, and the
# vmtest.sh limits such a guest needs (sourced by tools/vm/coverage.sh,
# tools/patch-check/patch-check.sh, tools/upstream/upstream-peer.sh and
# tools/fuzz/campaign.sh).

# Upstream's test_loader corpus: a few of its programs verify for minutes
# under TCG.
CORPUS_GUEST_LIMITS=(--timeout 3600 --watchdog 900)

# guest_timeout_for N: vmtest.sh's --timeout for a guest that loads N
# generated programs (0.1-0.5 s a load under TCG: 1 s a program, and the
# boot).
guest_timeout_for() {
	echo $((600 + $1))
}

# object_set corpus|fuzz OUT [SEED:N]: the vmtest.sh options, one a line,
# that run the set in a guest:
#   corpus  every object upstream's test_loader runs in the series
#           $UPSTREAM_PEER_SERIES (tools/upstream/upstream-peer.sh
#           corpus-build, cached in its build directory)
#   fuzz    N programs of a campaign of seed SEED (tools/fuzz/campaign.sh
#           -G), generated and built in OUT/fuzz-programs
# Returns 1 with what failed on stderr.
object_set() {
	local lib top d
	lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	top=$(cd "$lib/../.." && pwd)
	case "$1" in
	corpus)
		d=$("$top/tools/upstream/upstream-peer.sh" corpus-build | tail -n1) || {
			echo "object_set: tools/upstream/upstream-peer.sh corpus-build failed" >&2
			return 1
		}
		printf '%s\n' "${CORPUS_GUEST_LIMITS[@]}" --objects "$d" ;;
	fuzz)
		make -s -C "$top/tools/fuzz" >/dev/null || {
			echo "object_set: make -C tools/fuzz failed" >&2
			return 1
		}
		d=$("$top/tools/fuzz/campaign.sh" -G -s "${3%:*}" -n "${3#*:}" \
			-o "$2/fuzz-programs" | tail -n1) || {
			echo "object_set: tools/fuzz/campaign.sh -G failed" >&2
			return 1
		}
		printf '%s\n' --timeout "$(guest_timeout_for "${3#*:}")" --objects "$d" ;;
	*)
		echo "object_set: no set '$1' (corpus, fuzz)" >&2
		return 1 ;;
	esac
}
