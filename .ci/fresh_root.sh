#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CI: the install steps, proved from a truly fresh root.  A Debian 12
# minbase (debootstrap, cached as a tarball) gets this machine's apt
# sources and CA certificates, as a fresh machine of this kind has them,
# and nothing else; inside it, as root without sudo:
#   1. tools/deps.sh all
#   2. the README's two commands, as the README writes them
#   3. the cross builds and one vmtest.sh guest (what failed on a fresh
#      machine when deps.sh dropped the cross libc headers)
# Prints how long each part took.  Usage: .ci/fresh_root.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"

base=$BPF_REFS_CACHE/fresh-root/bookworm-minbase.tar
command -v debootstrap >/dev/null ||
	fail "missing debootstrap: tools/deps.sh ci"

t0=$(date +%s)
timings=()
lap() {
	timings+=("$1: $(($(date +%s) - t0)) s")
	t0=$(date +%s)
}

if [ ! -s "$base" ]; then
	mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources \
		2>/dev/null | head -n1)
	mkdir -p "$(dirname "$base")"
	tmp=$(mktemp -d /var/tmp/bpf_refs_debootstrap.XXXXXX)
	debootstrap --variant=minbase bookworm "$tmp" \
		"${mirror:-http://deb.debian.org/debian}" >"$tmp.log" 2>&1 ||
		{ tail -n 20 "$tmp.log"; rm -rf "$tmp"; fail "debootstrap failed"; }
	tar -C "$tmp" -cf "$base.tmp" .
	mv "$base.tmp" "$base"
	rm -rf "$tmp" "$tmp.log"
	lap "debootstrap (cached from now on)"
fi

root=$(mktemp -d /var/tmp/bpf_refs_root.XXXXXX)
mounted=()
cleanup() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -l "${mounted[i]}" 2>/dev/null || true
	done
	rm -rf --one-file-system "$root"
}
trap cleanup EXIT
mnt() {
	mount "$@"
	mounted+=("${*: -1}")
}

tar -C "$root" -xf "$base"
# / as on a real machine: mktemp's 0700 would lock out every other user
chmod 755 "$root"
# / of the chroot is a mount point, so unshare -m works inside it
mnt --bind "$root" "$root"
mnt -t proc fresh-root-proc "$root/proc"
mnt --rbind /sys "$root/sys"
mount --make-rslave "$root/sys"
mnt --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
mkdir -p "$root/tmp" && chmod 1777 "$root/tmp"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# what a fresh machine of this kind has: its apt sources and settings,
# and its CA certificates (npm goes through them)
rm -f "$root/etc/apt/sources.list"
cp -r /etc/apt/sources.list.d/. "$root/etc/apt/sources.list.d/"
find "$root/etc/apt/sources.list.d" -name '*disabled*' -delete
cp /etc/apt/apt.conf.d/* "$root/etc/apt/apt.conf.d/" 2>/dev/null || true
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$root/etc/apt/"
mkdir -p "$root/usr/local/share/ca-certificates"
cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
[ -f /etc/npmrc ] && cp /etc/npmrc "$root/etc/npmrc"
# the project as CI has it: the tracked and the new files, no build output
mkdir -p "$root/src"
(cd "$here" && git ls-files -co --exclude-standard -z |
	xargs -0 tar -cf - 2>/dev/null) | tar -C "$root/src" -xf -
lap "fresh root unpacked"

in_root() {
	local what=$1
	shift
	echo "--- fresh root: $what"
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root CI=true \
		LANG=C.UTF-8 chroot "$root" /bin/bash -c "cd /src && $*" ||
		fail "fresh root: $what failed"
	lap "$what"
}

# the README's commands, word for word (the lines of its first block)
# shellcheck disable=SC2016 # backquotes of markdown, not shell
mapfile -t cmds < <(sed -n '/^```sh$/,/^```$/p' "$here/README.md" |
	sed -n '2,3p' | sed 's/ *#.*//')
[ "${#cmds[@]}" = 2 ] || fail "README.md does not start with two commands"

in_root "tools/deps.sh all" "tools/deps.sh all"
in_root "README main job: ${cmds[0]}" "${cmds[0]}"
in_root "README tests: ${cmds[1]}" "${cmds[1]}"
in_root "cross builds" "tools/cross/cross-build.sh"
in_root "one vmtest.sh guest" "tools/vm/vmtest.sh -a x86_64 -o /tmp/vmtest"
printf '  %s\n' "${timings[@]}"
echo "  ok: a fresh Debian 12 root installs, builds and runs everything"
