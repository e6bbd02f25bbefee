#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the kernel tree a standalone build uses: the newest linux-source
# tree that scripts/deps.sh extracted.  Prints nothing if there is none.
cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
for d in $(printf '%s\n' "$cache"/linux-source-* | sort -V -r); do
	if [ -f "$d/tools/testing/selftests/lib.mk" ]; then
		echo "$d"
		exit 0
	fi
done
