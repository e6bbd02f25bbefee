# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A kernel named on a command line, and the tools/vm/vmtest.sh options
# that boot it (sourced by tools/perf/kernels.sh and
# tools/upstream/upstream-testprogs.sh):
#
#   debian:SERIES, SERIES   Debian's kernel of SERIES (--debian SERIES)
#   image:PATH              a built image (-k PATH)
#   tree:PATH[+PATCH...]    a kernel built from the tree PATH (-t PATH),
#                           each PATCH applied (--patch PATCH)

KERNEL_SPEC_FORMS="SERIES, debian:SERIES, image:PATH or tree:PATH[+PATCH...]"

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
	[0-9]*)
		[[ $spec =~ ^[0-9]+\.[0-9]+$ ]] || {
			echo "kernel '$spec': a series is MAJOR.MINOR (e.g. 7.3)" >&2
			return 1
		}
		echo "--debian $spec" ;;
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

# kernel_spec_name SPEC: a short name of the kernel for its results
# (the series, the image's file name or the last patch's, without .patch)
kernel_spec_name() {
	local n=${1##*[:/+]}
	echo "${n%.patch}"
}

# kernel_spec_guests TREE_OPTS SPEC...: a line "NAME OPTIONS" per kernel
# (kernel_spec_name, kernel_spec_args --tiny, and TREE_OPTS, which may be
# empty, after a tree: kernel's).  Returns 1 with what is wrong on stderr,
# also when two kernels have one name.
kernel_spec_guests() {
	local tree_opts=$1 k a n seen=" "
	shift
	for k in "$@"; do
		a=$(kernel_spec_args "$k" --tiny) || return 1
		[[ $k != tree:* ]] || a+=${tree_opts:+ $tree_opts}
		n=$(kernel_spec_name "$k")
		if [[ $seen == *" $n "* ]]; then
			echo "two kernels named $n" >&2
			return 1
		fi
		seen+="$n "
		echo "$n $a"
	done
}
