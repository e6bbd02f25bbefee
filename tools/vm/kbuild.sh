#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a kernel tree for vmtest.sh with bpf_refs' config fragment merged.
# Arguments: ARCH TREE [defconfig|tinyconfig]
# ARCH is x86_64, aarch64 or s390x.  The build happens out of tree in
# $BPF_REFS_CACHE/kbuild-<arch>[-tiny][-<tree hash>] and is reused: make runs
# again only when the fragments or a file of the tree changed since the last
# good build; one build at a time in a build dir (a flock on
# $BPF_REFS_CACHE/.<build dir>.lock).  Prints the bootable image's path as
# its last line; the build log goes to <build dir>/build.log.  Env: JOBS
# (default: number of CPUs), NICE (default 19), KCONFIG_EXTRA (more
# fragments, space separated).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}

die() { echo "kbuild.sh: $*" >&2; exit 1; }

# shellcheck source=tools/lib/arch.sh
. "$here/../lib/arch.sh"
[ $# -ge 2 ] || die "usage: ${0##*/} ${ALL_ARCHES// /|} TREE [defconfig|tinyconfig]"
arch=$1
tree=$2
base=${3:-defconfig}
jobs=${JOBS:-$(nproc)}
nice=${NICE:-19}

arch_settings "$arch" || die "unknown architecture '$arch' ($ALL_ARCHES_TEXT)"
arch=$ARCH_NAME

case "$base" in
defconfig|tinyconfig) ;;
*) die "unknown base config '$base' (defconfig or tinyconfig)" ;;
esac
if [ ! -f "$tree/Makefile" ] || [ ! -f "$tree/scripts/kconfig/merge_config.sh" ]; then
	die "'$tree' is not a kernel tree (no Makefile or scripts/kconfig/merge_config.sh)"
fi
tree=$(cd "$tree" && pwd)
[ -e "$tree/.config" ] &&
	die "'$tree' has a .config: out-of-tree builds need a clean tree (make mrproper)"

cross=""
if [ "$(uname -m)" != "$arch" ]; then
	cross=$ARCH_CROSS
	command -v "${cross}gcc" >/dev/null ||
		die "missing cross compiler ${cross}gcc: tools/deps.sh cross" \
		    "(packages $ARCH_CROSS_PKGS)"
fi
command -v pahole >/dev/null ||
	die "missing pahole (needed for CONFIG_DEBUG_INFO_BTF): tools/deps.sh vm" \
	    "(package dwarves)"
for t in flex bison bc; do
	command -v "$t" >/dev/null || die "missing $t: tools/deps.sh vm (package $t)"
done

frags=("$top/config")
name="kbuild-$arch"
[ -f "$here/config.$arch" ] && frags+=("$here/config.$arch")
# extra fragments (-c of vmtest, e.g. config.kasan) get their own build
# dir; they and tiny.config.<arch> are demands (check_demands below)
extra=()
demands=()
if [ "$base" = tinyconfig ]; then
	frags+=("$here/tiny.config")
	# what this arch needs to boot from tinyconfig (s390x: virtio-ccw)
	if [ -f "$here/tiny.config.$arch" ]; then
		frags+=("$here/tiny.config.$arch")
		demands+=("${frags[-1]}")
	fi
	name+="-tiny"
fi
for f in ${KCONFIG_EXTRA:-}; do
	[ -f "$f" ] || die "no config fragment $f"
	frags+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
	extra+=("${frags[-1]}")
	demands+=("${frags[-1]}")
	name+="-$(basename "$f" | sed 's/^config\.//')"
done
# A KASAN kernel entered through PVH dies before its console comes up
# (measured on 6.12 under TCG); it boots as a bzImage.
if [ "$arch" = x86_64 ] && grep -qx 'CONFIG_KASAN=y' "${extra[@]}" /dev/null; then
	ARCH_KIMAGE=arch/x86/boot/bzImage
	ARCH_KIMAGE_TARGET=bzImage
fi
if [ "$tree" != "$cache/linux-source-6.12" ]; then
	name+="-$(printf '%s' "$tree" | sha256sum | cut -c1-8)"
fi
out="$cache/$name"
mkdir -p "$out" || die "cannot create $out"
log="$out/build.log"
stamp="$out/.bpf_refs-stamp"
# One build in a build dir at a time: a second run of the same tree waits
# for the first and then finds it up to date.
exec 9>>"$cache/.$name.lock" || die "cannot open $cache/.$name.lock"
if ! flock -n 9; then
	echo "kbuild.sh: waiting for another build in $out" >&2
	flock 9 || die "cannot lock $cache/.$name.lock"
fi

# put FILE TEXT: write TEXT to FILE through a temporary name of this process
put() {
	{ echo "$2" >"$1.tmp.$$" && mv -f "$1.tmp.$$" "$1"; } ||
		{ rm -f "$1.tmp.$$"; die "cannot write $1"; }
}

# pahole before 1.27 encodes BTF in parallel (-j), in an order that differs
# from build to build, unless the build says it wants to be reproducible
# (scripts/Makefile.btf); two builds of one tree then disagree, e.g. on
# which of two BTF ids of an LSM hook the verifier knows.  A fixed
# timestamp asks for the serial, reproducible encoding.
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 1970"

key=$( {
	echo "$tree $base $arch $cross reproducible"
	# the options only: comments do not force a rebuild
	sed -e "/^# CONFIG_/b" -e "/^#/d" -e "/^[[:space:]]*$/d" "${frags[@]}"
} | sha256sum | cut -c1-16)

kmake() {
	nice -n "$nice" make -s -C "$tree" O="$out" ARCH="$ARCH_KARCH" \
		${cross:+CROSS_COMPILE=$cross} "$@"
}

image="$out/$ARCH_KIMAGE"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && [ -f "$image" ] &&
   [ -z "$(find "$tree" -newer "$stamp" -type f -print -quit)" ]; then
	echo "kbuild.sh: $out is up to date" >&2
	echo "$image"
	exit 0
fi

# An extra fragment and tiny.config.<arch> are demands: every option they
# turn on that this tree knows must be on after olddefconfig, or the kernel
# is not what was asked for (KASAN depends on !SLUB_TINY, for one).
# Options the tree lacks, such as NET_SCH_BPF before 6.16, are named and
# let pass.
check_demands() {
	local f line opt missing=""
	for f in "${demands[@]}"; do
		while IFS= read -r line; do
			opt=${line%%=*}
			opt=${opt#CONFIG_}
			grep -qx -- "$line" "$out/.config" && continue
			if grep -rqxE --include='Kconfig*' -- "(menu)?config $opt" "$tree"; then
				missing+=" CONFIG_$opt"
			else
				echo "kbuild.sh: $(basename "$f"):" \
				     "CONFIG_$opt is unknown to this tree" >&2
			fi
		done < <(grep -E '^CONFIG_[A-Z0-9_]+=[ym]$' "$f")
	done
	[ -z "$missing" ] || die "requested by ${demands[*]##*/} but not set" \
		"after olddefconfig (dependencies?):$missing"
}

start=$(date +%s)
if [ ! -f "$out/.config" ] || [ ! -f "$out/.bpf_refs-config" ] ||
   [ "$(cat "$out/.bpf_refs-config")" != "$key" ]; then
	echo "kbuild.sh: configuring $out ($base + ${frags[*]#"$top/"})" >&2
	kmake "$base" >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "make $base failed"; }
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"${frags[@]}" >>"$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "merge_config.sh failed"; }
	kmake olddefconfig >>"$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "make olddefconfig failed"; }
	for opt in BPF_SYSCALL BPF_JIT DEBUG_INFO_BTF BLK_DEV_INITRD DEVTMPFS \
		   $ARCH_KCONFIG_NEEDED; do
		grep -q "^CONFIG_$opt=y" "$out/.config" ||
			die "CONFIG_$opt is not set in $out/.config after merging (see $log)"
	done
	check_demands
	put "$out/.bpf_refs-config" "$key"
fi

echo "kbuild.sh: building $ARCH_KIMAGE_TARGET in $out (nice $nice, -j$jobs, log $log)" >&2
rm -f "$stamp"
if ! kmake -j"$jobs" "$ARCH_KIMAGE_TARGET" >>"$log" 2>&1; then
	grep -E 'error|Error' "$log" | tail -n 20 >&2
	die "kernel build failed (see $log)"
fi
[ -f "$image" ] || die "build finished but $image is missing"
put "$stamp" "$key"
echo "kbuild.sh: built $(kmake -s kernelrelease 2>/dev/null) in $(( $(date +%s) - start )) s" >&2
echo "$image"
