#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the kernel tree a standalone build uses: the linux-source tree that
# tools/deps.sh extracted (linux-source-${BPF_REFS_KSRC:-6.12}), else the
# newest extracted one (tools/lib/ksrc.sh adds others, e.g. 7.2).  Prints
# nothing if there is none.
cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
for d in "$cache/linux-source-${BPF_REFS_KSRC:-6.12}" \
	 $(printf '%s\n' "$cache"/linux-source-* | sort -V -r); do
	if [ -f "$d/tools/testing/selftests/lib.mk" ]; then
		echo "$d"
		exit 0
	fi
done
