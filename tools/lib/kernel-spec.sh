# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A kernel named on a command line, and the tools/vm/vmtest.sh options
# that boot it (sourced by tools/perf/kernels.sh and
# tools/upstream/upstream-testprogs.sh):
#
#   debian:SERIES           Debian's kernel of SERIES (--debian SERIES)
#   image:PATH              a built image (-k PATH)
#   tree:PATH[+PATCH...]    a kernel built from the tree PATH (-t PATH),
#                           each PATCH applied (--patch PATCH)

KERNEL_SPEC_FORMS="debian:SERIES, image:PATH or tree:PATH[+PATCH...]"

# kernel_spec_args SPEC [--tiny]: the vmtest.sh options, on one line
# (a tree: kernel built from tinyconfig with --tiny).  Returns 1 with what
# is wrong on stderr.
kernel_spec_args() {
	local spec=$1 tiny=${2:-} parts p args
	if [[ $spec == *[[:space:]]* ]]; then
		echo "kernel '$spec': paths with spaces are not supported" >&2
		return 1
	fi
	case "$spec" in
	debian:?*) echo "--debian ${spec#debian:}" ;;
	image:?*)
		[ -f "${spec#image:}" ] || { echo "$spec: no such image" >&2; return 1; }
		echo "-k $(realpath "${spec#image:}")" ;;
	tree:?*)
		IFS=+ read -r -a parts <<<"${spec#tree:}"
		[ -d "${parts[0]}" ] || { echo "$spec: no such tree" >&2; return 1; }
		args="-t $(realpath "${parts[0]}")"
		for p in "${parts[@]:1}"; do
			[ -f "$p" ] || { echo "$spec: no such patch '$p'" >&2; return 1; }
			args+=" --patch $(realpath "$p")"
		done
		echo "$args${tiny:+ --tiny}" ;;
	*)
		echo "kernel '$spec': use $KERNEL_SPEC_FORMS" >&2
		return 1 ;;
	esac
}
