# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers shared by vmtest.sh and tools/vm/*.sh (sourced).

VM_CACHE=${BPF_REFS_CACHE:-/var/cache/bpf_refs}/vm

die() { echo "${PROG:-vmtest}: error: $*" >&2; exit 2; }
msg() { echo "${PROG:-vmtest}: $*" >&2; }

# shellcheck source=tools/lib/arch.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/arch.sh"

# The ELF header of FILE as readelf -h prints it; fails when FILE is not
# an ELF file.
elf_header() {
	LC_ALL=C readelf -h "$1" 2>/dev/null
}

# The value of FIELD (Machine, Data, ...) in the readelf -h text on stdin.
elf_field() {
	awk -v f="$1" '{ k = $0; sub(/:.*/, "", k); sub(/^ +/, "", k) }
		k == f { sub(/^[^:]*: +/, ""); print; exit }'
}

# The unsigned little-endian integer of SIZE bytes (1, 2 or 4) at OFFSET
# of FILE, in decimal: the fields of a boot header that file(1) does not
# print.
le_uint() {
	od -A n -t "u$3" --endian=little -j "$2" -N "$3" "$1" 2>/dev/null | tr -d ' \n'
}

# Print the architecture (one of tools/lib/arch.sh's) and format of a kernel
# image, as "ARCH FORMAT", or "unknown -" when it is not one we can boot:
# an ELF file by readelf's Machine, a boot image by file(1)'s description.
# A subshell: the caller's ARCH_* stay as they are.
image_kind() (
	local f=$1 machine desc a
	if machine=$(elf_header "$f" | elf_field Machine) && [ -n "$machine" ]; then
		for a in $ALL_ARCHES; do
			arch_settings "$a"
			if [ "$machine" = "$ARCH_ELF_MACHINE" ]; then
				echo "$a elf"
				return
			fi
		done
		echo "unknown elf-machine-$machine"
		return
	fi
	desc=$(file -bL "$f" 2>/dev/null)
	for a in $ALL_ARCHES; do
		arch_settings "$a"
		if [[ $desc == "$ARCH_IMAGE_FILE"* ]]; then
			echo "$a $ARCH_IMAGE_FORMAT"
			return
		fi
	done
	echo "unknown -"
)

# Check that FILE is a bootable kernel image for ARCH; die naming what is
# wrong otherwise.
check_image() {
	local f=$1 arch=$2 kind fmt sects size
	[ -e "$f" ] || die "kernel image '$f' does not exist"
	[ -f "$f" ] || die "kernel image '$f' is not a regular file"
	[ -s "$f" ] || die "kernel image '$f' is empty"
	read -r kind fmt < <(image_kind "$f")
	[ "$kind" != unknown ] ||
		die "'$f' is not a kernel image (no ELF, bzImage, arm64 Image" \
		    "or s390 header): corrupt or wrong file"
	if [ "$fmt" = elf ] && ! elf_complete "$f"; then
		die "kernel image '$f' is truncated (its section headers lie" \
		    "past its end): corrupt image"
	fi
	# an ELF kernel carries its banner; other programs do not
	if [ "$fmt" = elf ] && ! LC_ALL=C grep -qa -m1 'Linux version ' "$f"; then
		die "'$f' is an ELF file but not a Linux kernel"
	fi
	[ "$kind" = "$arch" ] ||
		die "kernel image '$f' is for $kind, not $arch"
	if [ "$fmt" = bzimage ]; then
		# setup_sects (0x1f1) and syssize (0x1f4, 16-byte units)
		# give the size the boot loader will read
		sects=$(le_uint "$f" $((0x1f1)) 1)
		[ "$sects" = 0 ] && sects=4
		size=$(( (sects + 1) * 512 + 16 * $(le_uint "$f" $((0x1f4)) 4) ))
		[ "$(stat -c %s "$f")" -ge "$size" ] ||
			die "kernel image '$f' is truncated ($(stat -c %s "$f") bytes," \
			    "header says $size): corrupt image"
	fi
	return 0
}

# An ELF file is complete when its section header table, as readelf -h
# places it, fits in it.
elf_complete() {
	local f=$1 hdr off ent num
	hdr=$(elf_header "$f") || return 1
	off=$(elf_field 'Start of section headers' <<<"$hdr")
	ent=$(elf_field 'Size of section headers' <<<"$hdr")
	num=$(elf_field 'Number of section headers' <<<"$hdr")
	[ $(( ${off%% *} + ${ent%% *} * ${num%% *} )) -le "$(stat -c %s "$f")" ]
}

# cache_lock VAR FILE: hold an exclusive flock(2) on FILE (made if
# missing) through a descriptor that VAR is set to, until it is closed
# (exec {VAR}>&-) or the shell exits.  Every writer of a shared cache
# takes one, checks again whether another process made what it wants,
# and publishes it under a temporary name of its own in the same
# directory, renamed into place: readers see all of it or nothing.
cache_lock() {
	local -n fd_=$1
	local f=$2
	exec {fd_}>>"$f" || die "cannot open the lock $f"
	if ! flock -n "$fd_"; then
		msg "waiting for $f (another run holds it)"
		flock "$fd_" || die "cannot lock $f"
	fi
}

# initramfs_ok FILE [NAME...]: FILE is a whole gzip'd cpio archive (gzip
# checks its CRC and length as it decompresses it, as gzip -t does) that
# holds init, bpf_refs and bin/busybox and every NAME (paths in the root,
# without a leading /).
initramfs_ok() {
	local f=$1 names n
	shift
	[ -f "$f" ] && [ -s "$f" ] || return 1
	names=$(set -o pipefail
		gzip -dc "$f" 2>/dev/null | cpio -it --quiet 2>/dev/null) || return 1
	for n in init bpf_refs bin/busybox "$@"; do
		grep -qxF -- "$n" <<<"$names" || return 1
	done
}

# Download a Debian package (PKG:ARCH or PKG:ARCH=VERSION; PKG alone is
# of the host's arch) into the cache, once, through the private apt state
# of tools/lib/debian-archive.sh.  Prints the .deb's path.  A download
# goes to a directory of its own and is renamed into the cache when
# complete, under a lock per package: a .deb in the cache is whole.
fetch_deb() {
	local spec=$1 dir="$VM_CACHE/debs" archive name arch ver deb pat dl lockfd
	archive="$(dirname "${BASH_SOURCE[0]}")/../lib/debian-archive.sh"
	name=${spec%%[:=]*}
	ver=""
	[[ $spec == *=* ]] && ver=${spec#*=}
	arch=${spec%%=*}
	arch=${arch#"$name"}
	arch=${arch#:}
	[ -n "$arch" ] || arch=$(dpkg --print-architecture)
	spec="$name:$arch${ver:+=$ver}"
	# dpkg's file name: name_version_arch.deb, an epoch's colon as %3a
	ver=${ver//:/%3a}
	pat="${name}_${ver:-*}_${arch}.deb"
	mkdir -p "$dir" || die "cannot create $dir"
	deb=$(find "$dir" -maxdepth 1 -name "$pat" | sort -V | tail -n1)
	if [ -z "$deb" ]; then
		cache_lock lockfd "$dir/.${name}_$arch.lock"
		deb=$(find "$dir" -maxdepth 1 -name "$pat" | sort -V | tail -n1)
	fi
	if [ -z "$deb" ]; then
		# what a killed download of it left (only a lock holder makes one)
		rm -rf "$dir/.${name}_$arch.tmp."*
		dl=$(mktemp -d "$dir/.${name}_$arch.tmp.XXXXXX") || die "cannot write in $dir"
		if ! "$archive" download "$dl" "$spec" >&2; then
			rm -rf "$dl"
			die "download of $spec failed (see above)"
		fi
		deb=$(find "$dl" -maxdepth 1 -name "$pat" | sort -V | tail -n1)
		if [ -z "$deb" ] || ! dpkg-deb --info "$deb" >/dev/null 2>&1 ||
		   ! mv -f "$deb" "$dir/"; then
			rm -rf "$dl"
			die "download of $spec left no readable .deb in $dl"
		fi
		rm -rf "$dl"
		deb=$dir/${deb##*/}
	fi
	[ -z "${lockfd:-}" ] || exec {lockfd}>&-
	dpkg-deb --info "$deb" >/dev/null 2>&1 ||
		die "$deb is corrupt (dpkg-deb cannot read it): remove it to fetch it again"
	echo "$deb"
}

# Newest package name (sort -V) matching the extended regex $1 in any
# suite of tools/lib/debian-archive.sh, leaving out the -dbg, -cloud-, -rt-
# and -16k flavours.  Prints nothing when none matches.
newest_pkg() {
	local archive names
	archive="$(dirname "${BASH_SOURCE[0]}")/../lib/debian-archive.sh"
	names=$("$archive" names "$1") || die "cannot list Debian's packages"
	grep -v -e '-dbg' -e '-cloud-' -e '-rt-' -e '-16k' <<<"$names" |
		sort -V | tail -n1 || true
}

# Static busybox for Debian architecture ARCH; prints its path.
fetch_busybox() {
	local darch=$1 deb out="$VM_CACHE/busybox-$1" tmp lockfd
	if [ ! -x "$out/bin/busybox" ]; then
		deb=$(fetch_deb "busybox-static:$darch") || exit
		cache_lock lockfd "$VM_CACHE/.busybox-$darch.lock"
		if [ ! -x "$out/bin/busybox" ]; then
			rm -rf "$VM_CACHE/.busybox-$darch.tmp."*
			tmp=$(mktemp -d "$VM_CACHE/.busybox-$darch.tmp.XXXXXX") ||
				die "cannot write in $VM_CACHE"
			if ! dpkg-deb --fsys-tarfile "$deb" | tar -C "$tmp" -x ./bin/busybox ||
			   ! chmod 0755 "$tmp" || ! rm -rf "$out" || ! mv -T "$tmp" "$out"; then
				rm -rf "$tmp"
				die "cannot extract bin/busybox from $deb into $out"
			fi
		fi
		exec {lockfd}>&-
	fi
	echo "$out/bin/busybox"
}

# Extract the uncompressed kernel from a compressed x86 bzImage, so QEMU
# can boot it through the PVH entry point.  Tries each compressor whose
# magic occurs in the image and keeps the first output that is an ELF.
extract_vmlinux() {
	local in=$1 out=$2 magic tool off re
	for pair in "28b52ffd:zstd -dcq" "fd377a585a00:xz -dcq" "1f8b08:gzip -dcq"; do
		magic=${pair%%:*}
		tool=${pair#*:}
		command -v "${tool%% *}" >/dev/null || continue
		re=$(printf %s "$magic" | sed "s/../\\\\x&/g")
		for off in $(LC_ALL=C grep -obUaP "$re" "$in" | cut -d: -f1 | head -n 5); do
			# shellcheck disable=SC2086
			tail -c +$((off + 1)) "$in" | $tool >"$out.tmp" 2>/dev/null
			if elf_header "$out.tmp" >/dev/null; then
				mv "$out.tmp" "$out"
				return 0
			fi
		done
	done
	rm -f "$out.tmp"
	return 1
}

# The release of a kernel image, when it can be read without booting it
# (uncompressed images, the version string of an x86 bzImage header as
# file(1) prints it); empty otherwise.
image_release() {
	local f=$1 kind fmt v
	read -r kind fmt < <(image_kind "$f")
	if [ "$fmt" = bzimage ]; then
		v=$(file -bL "$f" 2>/dev/null)
		[[ $v == *", version "* ]] || return 0
		# its first word; file(1) puts a comma after the string
		v=${v#*, version }
		v=${v%% *}
		v=${v%,}
		# the header's string is at most 64 bytes (__NEW_UTS_LEN)
		echo "${v:0:64}"
		return
	fi
	LC_ALL=C grep -aom1 'Linux version [0-9][^ ]*' "$f" 2>/dev/null |
		head -n1 | cut -d' ' -f3
}

# A kernel release names a results directory: accept only a plain name of
# letters, digits and ._+~- (not . or .., 1 to 128 characters).
valid_release() {
	local LC_ALL=C r=${1-}
	[ ${#r} -ge 1 ] && [ ${#r} -le 128 ] && [ "$r" != . ] && [ "$r" != .. ] &&
		[[ $r =~ ^[A-Za-z0-9._+~-]+$ ]]
}

# A splat is known when the suite pinned it on a test that the guest's
# xfail list names (a known bug of that kernel, with its fix): true when
# every splat in RUN/splats is.  Only the first 60 characters of a splat
# are compared, as the test's reason may be cut.
all_splats_known() {
	local run=$1 line

	[ -s "$run/results.json" ] || return 1
	while read -r line; do
		line=${line#*: }
		jq -e --arg m "${line:0:60}" 'any(.tests[]; .status == "xfail"
			and (.reason // "" | contains("splat") and contains($m)))' \
			"$run/results.json" >/dev/null || return 1
	done <"$run/splats"
}
