#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch one of Debian's kernels for an architecture and prepare it for
# vmtest.sh.  Arguments: ARCH [SERIES]
# SERIES is a series (6.1, 6.12, 6.16 ... 7.3: its newest version in any
# suite), a suite (sid, experimental: the kernel its linux-image-<flavour>
# depends on) or a version (7.2.12, 6.1.176, 7.3~rc7 or 7.3.0-rc7).
# Default: the ARCH_DEBIAN_SERIES of tools/lib/arch.sh.
# Packages come from tools/lib/debian-archive.sh (bookworm and its updates,
# trixie-backports, sid, experimental).  Up to 6.18 linux-image-* holds the
# kernel, its config and its modules; from 6.19 it is a meta package that
# depends on linux-binary-* (the kernel), linux-base-* (config, System.map)
# and linux-modules-*, and the archive lacks the last two for some
# versions.  The kernel, its config and the modules in tools/vm/modules
# (decompressed) are cached under $BPF_REFS_CACHE/vm/kernels/<package>/:
# extracted under a lock per package into a directory of its own, renamed
# into place when complete (concurrent runs wait and share it).
# Prints "IMAGE MODDIR RELEASE CONFIG": MODDIR is '-' without modules, or
# holds only "missing" (why there are none); CONFIG is '-' without one.
set -euo pipefail

PROG=debian-kernel
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/vm/lib.sh
. "$here/lib.sh"
archive="$here/../lib/debian-archive.sh"
suites="bookworm, trixie-backports, sid or experimental"

arch=${1:?usage: ${0##*/} ${ALL_ARCHES// /|} [SERIES]}
arch_settings "$arch" || die "unknown architecture '$arch' ($ALL_ARCHES_TEXT)"
arch=$ARCH_NAME
flav=$ARCH_DEB_FLAVOUR
series=${2:-}
if [ -z "$series" ]; then
	series=$ARCH_DEBIAN_SERIES
fi

# The suite a package version comes from, as far as its version and pool
# path tell: VERSION FILENAME
suite_of() {
	case "$1 $2" in
	*~exp*) echo experimental ;;
	*~bpo13*) echo trixie-backports ;;
	*~bpo12*) echo bookworm-backports ;;
	*" pool/updates/"*) echo bookworm-security ;;
	6.1.*|*deb12u*) echo bookworm ;;
	*) echo sid ;;
	esac
}

# The record of PKG:ARCH[=VER|/SUITE] with the highest version, as
# "VERSION<TAB>DEPENDS<TAB>FILENAME"; nothing when there is none.
record() {
	local v best="" line
	while IFS= read -r line; do
		v=${line%%$'\t'*}
		if [ -z "$best" ] || dpkg --compare-versions "$v" gt "${best%%$'\t'*}"; then
			best=$line
		fi
	done < <("$archive" show "$1" 2>/dev/null | awk '
		/^Version:/ { v = $2 } /^Depends:/ { sub(/^Depends: */, ""); d = $0 }
		/^Filename:/ { f = $2 }
		/^$/ { if (v != "") print v "\t" d "\t" f; v = d = f = "" }
		END { if (v != "") print v "\t" d "\t" f }')
	[ -z "$best" ] || echo "$best"
}

# Regex of the linux-image-<version>-<flavour> names of series $1 (all
# series without it): 6.1.0-50, 6.12.117+deb12, 7.3 (experimental's rc)
image_re() {
	local mm='[0-9]+\.[0-9]+'
	[ -n "${1:-}" ] && mm=${1//./\\.}
	echo "^linux-image-$mm([.-][0-9][0-9.-]*)?(\\+deb[0-9.]+)?-$flav\$"
}

known_series() {
	"$archive" names "$(image_re)" |
		sed -E 's/^linux-image-([0-9]+\.[0-9]+).*/\1/' | sort -uV | paste -sd' '
}

# Find the image package and its version: pkg, ver
pkg=""
ver=""
case "$series" in
sid|experimental)
	r=$(record "linux-image-$flav:$ARCH_DEB/$series")
	[ -n "$r" ] ||
		die "no linux-image-$flav for $ARCH_DEB in $series (step: list)"
	dep=$(grep -oE "linux-image-[^ ,|]+-$flav \\(= [^)]+\\)" <<<"$r" | head -n1 || true)
	[ -n "$dep" ] ||
		die "linux-image-$flav ${r%%$'\t'*} in $series depends on no" \
		    "linux-image-*-$flav (step: list)"
	pkg=${dep%% *}
	ver=${dep##*= }
	ver=${ver%)}
	;;
*)
	if [[ $series =~ ^[0-9]+\.[0-9]+$ ]]; then
		mm=$series
		want=""
	elif [[ $series =~ ^([0-9]+\.[0-9]+)(\.0)?-(rc[0-9]+)$ ]]; then
		mm=${BASH_REMATCH[1]}
		want="$mm~${BASH_REMATCH[3]}"		# Debian spells 7.3-rc7 7.3~rc7
	elif [[ $series =~ ^([0-9]+\.[0-9]+)(\.[0-9]+|~rc[0-9]+)$ ]]; then
		mm=${BASH_REMATCH[1]}
		want=$series
	else
		die "'$series' is neither a kernel series (6.12, 7.2), a suite" \
		    "(sid, experimental) nor a version (7.2.12, 7.3~rc7)"
	fi
	nopkg="no linux-image package of series $mm for $ARCH_DEB in $suites"
	if [ -z "$want" ]; then
		pkg=$(newest_pkg "$(image_re "$mm")")
		[ -n "$pkg" ] ||
			die "$nopkg (known series: $(known_series)) (step: list)"
	else
		list=$("$archive" names "$(image_re "$mm")" | sort -V) ||
			die "cannot list Debian's kernel packages (step: list)"
		[ -n "$list" ] ||
			die "$nopkg (known series: $(known_series)) (step: list)"
		mapfile -t names <<<"$list"
		# the version is in the package's name (7.2.12+deb13), or in
		# its Version only (6.1.0-50 is 6.1.176, 7.3 is 7.3~rc7)
		for ((i = ${#names[@]} - 1; i >= 0; i--)); do
			v=${names[i]#linux-image-}
			case "${v%-"$flav"}" in
			"$want"|"$want+deb"*) pkg=${names[i]}; break ;;
			esac
		done
		for ((i = ${#names[@]} - 1; i >= 0; i--)); do
			[ -z "$pkg" ] || break
			for v in $("$archive" show "${names[i]}:$ARCH_DEB" 2>/dev/null |
				   sed -n 's/^Version: //p'); do
				if [ "${v%-*}" = "$want" ]; then
					pkg=${names[i]}
					ver=$v
					break
				fi
			done
		done
		[ -n "$pkg" ] ||
			die "no linux-image package of version $want for $ARCH_DEB in" \
			    "$suites (series $mm has: $(printf '%s\n' "${names[@]}" |
				sed "s/^linux-image-//; s/-$flav\$//" | paste -sd' ')) (step: list)"
	fi
	;;
esac

# Follow a meta package (linux-image-6.12-amd64) to the image it names
hops=0
while :; do
	r=$(record "$pkg:$ARCH_DEB${ver:+=$ver}")
	[ -n "$r" ] ||
		die "$pkg${ver:+ $ver} is listed but has no $ARCH_DEB package (step: list)"
	IFS=$'\t' read -r ver deps file <<<"$r"
	suite=$(suite_of "$ver" "$file")
	dep=$(grep -oE "linux-image-[^ ,|]+-$flav \\(= [^)]+\\)" <<<"$deps" | head -n1 || true)
	[ -n "$dep" ] || break
	hops=$((hops + 1))
	[ "$hops" -le 2 ] ||
		die "$pkg $ver ($suite) leads to meta package after meta package (step: list)"
	pkg=${dep%% *}
	ver=${dep##*= }
	ver=${ver%)}
done

dir="$VM_CACHE/kernels/$pkg"
key=$({ echo layout-2; cat "$here/modules"; } | sha256sum | cut -c1-16)
# done_ok: $dir/.done is of this key and version; sets image, rel, config
done_ok() {
	local k v
	[ -f "$dir/.done" ] && read -r image rel k config v <"$dir/.done" &&
		[ "$k" = "$key" ] && [ "$v" = "$ver" ]
}
if ! done_ok; then
	# one extraction of a kernel at a time: another run of it waits for
	# the first and takes its result
	mkdir -p "$VM_CACHE/kernels" || die "cannot create $VM_CACHE/kernels"
	cache_lock lockfd "$VM_CACHE/kernels/.$pkg.lock"
fi
if ! done_ok; then
	# The packages: the image itself up to 6.18, its parts from 6.19
	parts=()
	missing=()
	if grep -q 'linux-binary-' <<<"$deps"; then
		mapfile -t want_parts < <(grep -oE \
			"linux-(binary|base|modules)-[^ ,|]+ \\(= [^)]+\\)" <<<"$deps" |
			sed 's/ (= /=/; s/)$//')
		re=$(printf '%s\n' "${want_parts[@]%%=*}" | sed 's/[.+]/\\&/g' |
			paste -sd'|')
		have=$("$archive" names "^($re)\$") ||
			die "cannot list the packages of $pkg (step: list)"
		for p in "${want_parts[@]}"; do
			if grep -qx -- "${p%%=*}" <<<"$have"; then
				parts+=("$p")
			else
				missing+=("$(echo "${p%%=*}" | cut -d- -f1,2)")
			fi
		done
		[[ " ${parts[*]} " == *" linux-binary-"* ]] ||
			die "$pkg $ver ($suite) needs linux-binary-*, which is not" \
			    "in the archive's lists (step: list)"
	else
		parts=("$pkg=$ver")
	fi
	msg "Debian $ver from $suite: $pkg"
	for m in "${missing[@]}"; do
		case "$m" in
		linux-base) msg "$pkg $ver: no linux-base package, so no config" ;;
		linux-modules) msg "$pkg $ver: no linux-modules package, so no modules" ;;
		esac
	done
	t0=${EPOCHREALTIME/./}
	debs=()
	for p in "${parts[@]}"; do
		deb=$(fetch_deb "${p%%=*}:$ARCH_DEB=${p#*=}") ||
			die "cannot download ${p%%=*} ${p#*=} ($suite) (step: download)"
		debs+=("$deb")
	done
	mb=$(du -cm "${debs[@]}" | tail -n1 | cut -f1)
	msg "$mb MB of packages in $(((${EPOCHREALTIME/./} - t0) / 1000000)) s;" \
	    "extracting the kernel, config and tools/vm/modules"

	# extracted into a directory of its own, renamed to $dir when complete
	# (what a killed extraction left goes first: only a holder of the
	# lock makes one)
	rm -rf "$VM_CACHE/kernels/.$pkg.tmp."*
	tmp=$(mktemp -d "$VM_CACHE/kernels/.$pkg.tmp.XXXXXX") ||
		die "cannot write in $VM_CACHE/kernels (step: extract)"
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/x" "$tmp/modules"
	mapfile -t want_mods < <(sed 's/#.*//; /^$/d' "$here/modules")
	# the kernel: /boot/vmlinuz-* up to 7.1, /usr/lib/modules/*/vmlinuz
	# from 7.2; the config: /boot/config-* or /usr/lib/modules/*/config
	pats=(./boot './usr/lib/modules/*/vmlinuz' './usr/lib/modules/*/config')
	for m in "${want_mods[@]}"; do
		pats+=("*/$m.ko" "*/$m.ko.xz" "*/$m.ko.zst")
	done
	for deb in "${debs[@]}"; do
		# a pattern that matches nothing is no error: checked below
		dpkg-deb --fsys-tarfile "$deb" |
			tar -C "$tmp/x" -x --wildcards "${pats[@]}" 2>/dev/null || true
	done
	img=$(find "$tmp/x" -type f \( -name 'vmlinuz-*' -o -name vmlinuz \) | head -n1)
	[ -n "$img" ] ||
		die "no vmlinuz in ${debs[*]##*/} of $pkg $ver ($suite):" \
		    "corrupt package? (step: extract)"
	case "$img" in
	*/vmlinuz) rel=$(basename "$(dirname "$img")") ;;
	*) rel=${img##*/vmlinuz-} ;;
	esac
	image="$tmp/vmlinuz-$rel"
	mv "$img" "$image"
	config=-
	c=$(find "$tmp/x" -type f \( -name "config-$rel" -o -path "*/$rel/config" \) |
		head -n1)
	if [ -n "$c" ]; then
		config="$tmp/config-$rel"
		mv "$c" "$config"
	fi
	# modules: decompressed (busybox insmod reads plain ELF), in the
	# order of tools/vm/modules (dependencies first)
	for m in "${want_mods[@]}"; do
		f=$(find "$tmp/x" -name "$m.ko*" | head -n1)
		[ -n "$f" ] || continue
		case "$f" in
		*.xz) xz -dc "$f" >"$tmp/modules/$m.ko" ;;
		*.zst) zstd -dcq "$f" >"$tmp/modules/$m.ko" ;;
		*) cp "$f" "$tmp/modules/$m.ko" ;;
		esac ||
			die "cannot decompress $m.ko of $pkg $ver (step: extract)"
		echo "$m.ko" >>"$tmp/modules/order"
	done
	if [[ " ${missing[*]} " == *" linux-modules "* ]]; then
		# tools/vm/init tells the runner, which names it in its skips
		echo "Debian ${ver%-*} has no linux-modules package" >"$tmp/modules/missing"
	fi
	rm -rf "$tmp/x"
	if [ "$arch" = x86_64 ]; then
		# boot the uncompressed kernel through PVH: about twice as
		# fast under TCG as the bzImage (no SeaBIOS, no decompression)
		if extract_vmlinux "$image" "$tmp/vmlinux"; then
			image="$tmp/vmlinux"
		else
			msg "cannot extract vmlinux from $image; booting the bzImage"
		fi
	fi
	# the paths it will have once renamed
	image=$dir/${image#"$tmp/"}
	[ "$config" = - ] || config=$dir/${config#"$tmp/"}
	echo "$image $rel $key $config $ver" >"$tmp/.done" ||
		die "cannot write in $tmp (step: extract)"
	{ chmod 0755 "$tmp" && rm -rf "$dir" && mv -T "$tmp" "$dir"; } ||
		die "cannot rename $tmp to $dir (step: extract)"
	trap - EXIT
fi
moddir="$dir/modules"
[ -s "$moddir/order" ] || [ -s "$moddir/missing" ] || moddir=-
echo "$image $moddir $rel $config"
