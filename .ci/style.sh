#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel coding style: the tree's checkpatch.pl --strict over every C file,
# header, Makefile and script of the package, and shellcheck over scripts.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"

K=$(ktree)
[ -n "$K" ] || fail "no kernel tree: run tools/deps.sh"
cd "$here"
mapfile -t files < <(git ls-files '*.c' '*.h' '*.sh' '*Makefile' '*.mk' |
	sort -u)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# ENOSYS: bpf() really returns it when the kernel has no BPF syscall.
# NEW_TYPEDEFS: libbpf and BTF types are used as they are spelled.
# PREFER_DEFINED_ATTRIBUTE_MACRO: __printf() is kernel-internal, not UAPI.
# CAMELCASE: kernel type names (Qdisc, Qdisc_ops) are spelled as they are.
"$K/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore ENOSYS,NEW_TYPEDEFS,FILE_PATH_CHANGES,PREFER_DEFINED_ATTRIBUTE_MACRO,CAMELCASE \
	-f "${files[@]}" > "$log" || true
if grep -E ': (ERROR|WARNING|CHECK):' "$log"; then
	fail "checkpatch found problems"
fi
echo "  ok: checkpatch --strict clean over ${#files[@]} files"
mapfile -t scripts < <(git ls-files '*.sh' '.ci/run' 'tools/report/report' | sort -u)
shellcheck -x "${scripts[@]}" || fail "shellcheck found problems"
echo "  ok: shellcheck clean over ${#scripts[@]} scripts"
