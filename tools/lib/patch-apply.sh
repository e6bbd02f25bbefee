# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A patch applied to a kernel tree (sourced by tools/vm/vmtest.sh,
# tools/upstream/upstream-patch.sh and tools/patch-check/patch-check.sh).
# GNU patch, not git apply: git apply run inside another repository's
# work tree (a tree under results/ of a clone) skips every path and
# exits 0.  Line offsets are fine, changed context is not (--fuzz=0).
# GNU patch writes each file it changes anew, so a tree of hard links
# (cp -al) leaves the files it links to untouched.

# patch_apply TREE PATCH [--dry-run]: TREE with PATCH applied, or, with
# --dry-run, only whether it applies.  The patch is tried first, so a
# patch that does not apply changes nothing.  Returns 1 with
# "PATCH does not apply to TREE: rejected in FILES" (or "not a patch")
# and patch's output on stderr.
patch_apply() {
	local tree=$1 p=$2 mode=${3:-} log files
	local opts=(-p1 --forward --fuzz=0 --batch --no-backup-if-mismatch -d "$tree" -i "$p")
	command -v patch >/dev/null || {
		echo "missing patch (GNU patch, package patch)" >&2
		return 1
	}
	if ! log=$(patch "${opts[@]}" --dry-run </dev/null 2>&1); then
		# the files with hunks that failed, were already applied or
		# are missing
		files=$(awk '
			/^checking file / { f = substr($0, 15) }
			/^\|\+\+\+ / { f = $2; sub(/^[^\/]*\//, "", f) }
			/ hunks? (FAILED|ignored)/ && f != "" { print f; f = "" }
			' <<<"$log" | sort -u | paste -sd' ')
		printf '  patch: %s\n' "${log//$'\n'/$'\n'  patch: }" >&2
		files=${files:+rejected in $files}
		echo "$p does not apply to $tree: ${files:-not a patch}" >&2
		return 1
	fi
	[ "$mode" = --dry-run ] && return 0
	log=$(patch "${opts[@]}" </dev/null 2>&1) || {
		printf '  patch: %s\n' "${log//$'\n'/$'\n'  patch: }" >&2
		echo "$p: patch failed on $tree after its dry run passed" >&2
		return 1
	}
}
