#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Debian's archive through a private apt state, for packages that are
# unpacked, never installed: kernels of every series, busybox and iproute2
# for guests, libraries for cross sysroots.  The host's apt configuration,
# its foreign architectures and its package lists are never touched.
#
#   debian-archive.sh update              fetch the lists (once a day)
#   debian-archive.sh names REGEX         package names (any arch) matching
#   debian-archive.sh show PKG:ARCH       apt-cache show of the candidates
#   debian-archive.sh download DIR PKG:ARCH[=VERSION]...
#   debian-archive.sh src-versions SRCPKG  versions of a source package
#   debian-archive.sh src-orig DIR SRCPKG=VERSION   its upstream tarball
#   debian-archive.sh src-bookworm DIR SRCPKG=VERSION  a bookworm source
#                                          package (.dsc and tarballs)
#
# Suites: bookworm, bookworm-updates, bookworm-security,
# bookworm-backports, trixie-backports, sid, experimental; the Debian
# architectures of tools/lib/arch.sh.  A package bookworm has comes from bookworm
# (what the host's compilers and libc are made for); a newer suite is used
# only for packages bookworm lacks, or for PKG=VERSION.  The mirror is
# the one the host's apt uses for Debian (BPF_REFS_MIRROR and
# BPF_REFS_SECURITY_MIRROR override it).
# State: $BPF_REFS_CACHE/apt.  Errors exit 1 naming the step.
set -euo pipefail

cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
state=$cache/apt
# shellcheck source=tools/lib/arch.sh
. "$(dirname "$0")/arch.sh"
ARCHES=$(for a in $ALL_ARCHES; do arch_settings "$a"; printf '%s ' "$ARCH_DEB"; done)
ARCHES=${ARCHES% }

die() { echo "debian-archive: $*" >&2; exit 1; }

# The first URI of the host's apt sources whose suite matches $1.
host_mirror() {
	local suite=$1 f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v s="$suite" '$1 == "deb" {
			for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) break
			if ($(i + 1) == s) { print $i; exit }
		}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v s="$suite" 'BEGIN { RS = ""; FS = "\n" } {
			uri = ""; ok = 0
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^URIs:/) { split($i, a, " "); uri = a[2] }
				if ($i ~ /^Suites:/) {
					n = split($i, b, " ")
					for (j = 2; j <= n; j++) if (b[j] == s) ok = 1
				}
			}
			if (ok && uri != "") { print uri; exit }
		}' "$f"
	done
}

mirror=${BPF_REFS_MIRROR:-$(host_mirror bookworm | head -n1)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${BPF_REFS_SECURITY_MIRROR:-$(host_mirror bookworm-security | head -n1)}
security=${security:-http://deb.debian.org/debian-security}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || die "no $keyring: apt-get install debian-archive-keyring"

# apt's options for the private state (names without :ARCH are amd64's);
# its package caches are kept, which the host's docker-clean turns off.
opts=(-o "Dir::Etc::sourcelist=$state/sources.list"
      -o Dir::Etc::sourceparts=/nonexistent
      -o Dir::Etc::preferences=/nonexistent
      -o Dir::Etc::preferencesparts=/nonexistent
      -o "Dir::State::Lists=$state/lists"
      -o "Dir::State::status=$state/status"
      -o "Dir::Cache=$state/cache"
      -o Dir::Cache::pkgcache=pkgcache.bin
      -o Dir::Cache::srcpkgcache=srcpkgcache.bin
      -o APT::Architecture=amd64
      -o APT::Default-Release=bookworm
      -o Acquire::Languages=none
      -o APT::Sandbox::User=root
      -o Debug::NoLocking=1)
for a in $ARCHES; do
	opts+=(-o "APT::Architectures::=$a")
done

# The sources, one line a suite; a "suite arch" line of $state/excluded
# leaves that arch out of that suite (its index failed to download).
sources() {
	local suite uri arches
	for suite in bookworm bookworm-updates bookworm-backports \
		     bookworm-security trixie-backports sid experimental; do
		uri=$mirror
		[ "$suite" = bookworm-security ] && uri=$security
		arches=$ARCHES
		if [ -f "$state/excluded" ]; then
			arches=$(for a in $ARCHES; do
				grep -qx "$suite $a" "$state/excluded" || echo "$a"
			done | paste -sd' ')
		fi
		[ -n "$arches" ] || continue
		echo "deb [arch=${arches// /,} signed-by=$keyring] $uri $suite main"
	done
}

# Write the sources when they changed: apt rebuilds its caches after
# every change, which costs seconds a call.
write_sources() {
	mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
	[ -f "$state/status" ] || : >"$state/status"
	sources >"$state/sources.list.new"
	if cmp -s "$state/sources.list.new" "$state/sources.list"; then
		rm -f "$state/sources.list.new"
	else
		mv "$state/sources.list.new" "$state/sources.list"
	fi
}

# Fetch the lists.  apt drops every list of a suite when one of its
# indexes fails (a mirror in sync serves a wrong size), so the failing
# arch is left out of that suite, named, and the update run again.
update() {
	local err try failed
	mkdir -p "$state"
	rm -f "$state/excluded"
	err=$(mktemp)
	# shellcheck disable=SC2064
	trap "rm -f '$err'" RETURN
	for try in 1 2 3; do
		write_sources
		rm -f "$state"/cache/*pkgcache.bin
		apt-get "${opts[@]}" -q update >"$state/update.log" 2>"$err" && break
		cat "$err" >>"$state/update.log"
		# "E: Failed to fetch URI/dists/SUITE/main/binary-ARCH/..."
		failed=$(sed -n 's#^E: Failed to fetch .*/dists/\([^/]*\)/main/#\1 #p' \
			"$err" | sed -n 's#^\([^ ]*\) binary-\([a-z0-9]*\)/.*#\1 \2#p' |
			sort -u)
		if [ -z "$failed" ] || [ "$try" = 3 ]; then
			compgen -G "$state/lists/*_Packages*" >/dev/null ||
				die "apt-get update of the private lists failed" \
				    "($state/update.log): $(grep -m1 '^E:' "$err" ||
				    head -n1 "$err")"
			echo "debian-archive: some lists failed, using the others:" \
			     "$(grep -m1 '^E:' "$err")" >&2
			break
		fi
		echo "$failed" >>"$state/excluded"
		echo "debian-archive: left out (index failed to download):" \
		     "$(echo "$failed" | paste -sd, -)" >&2
	done
	date +%s >"$state/updated"
	sources >"$state/sources.wanted"
}

# The lists are fresh when a day old at most and fetched for the sources
# wanted now (the mirror of the host's apt may change).
fresh() {
	local t
	[ -f "$state/updated" ] && [ -f "$state/sources.wanted" ] || return 1
	t=$(cat "$state/updated")
	[ $(($(date +%s) - t)) -lt 86400 ] || return 1
	sources | cmp -s - "$state/sources.wanted"
}

# The lists are shared by concurrent runs: a reader holds a shared flock
# on $state/.lock while apt reads them, an update an exclusive one (after
# the others finish; a second updater then finds them fresh).
lock_lists() {
	mkdir -p "$state" || die "cannot create $state"
	exec {lockfd}>>"$state/.lock" || die "cannot open $state/.lock"
	flock -s "$lockfd" || die "cannot lock $state/.lock"
}

# exclusive FRESH UPDATE: run UPDATE with the lock held alone, unless FRESH
# says another process did it meanwhile; then share the lock again.
exclusive() {
	if ! flock -x -n "$lockfd"; then
		echo "debian-archive: waiting for other users of $state" >&2
		flock -x "$lockfd" || die "cannot lock $state/.lock"
	fi
	"$1" || "$2"
	flock -s "$lockfd"
}

ensure_lists() {
	lock_lists
	fresh || exclusive fresh update
}

# Source packages: deb-src lists of their own (fetched only when a source is
# asked for; bookworm's sources are not needed: its kernels have
# linux-source packages).
src_opts=("${opts[@]}" -o "Dir::Etc::sourcelist=$state/src/sources.list"
	  -o "Dir::State::Lists=$state/src/lists"
	  -o "Dir::Cache=$state/src/cache")

# Are the lists of the apt state $state/$1 younger than a day, and made
# from the sources the function $2 prints?
lists_fresh() {
	local t
	[ -f "$state/$1/updated" ] && [ -f "$state/$1/sources.list" ] || return 1
	"$2" | cmp -s - "$state/$1/sources.list" || return 1
	t=$(cat "$state/$1/updated")
	[ $(($(date +%s) - t)) -lt 86400 ]
}

src_fresh() { lists_fresh src src_sources; }

src_sources() {
	local suite
	for suite in trixie-backports sid experimental; do
		echo "deb-src [signed-by=$keyring] $mirror $suite main"
	done
}

src_update() {
	mkdir -p "$state/src/lists/partial" "$state/src/cache/archives/partial"
	src_sources >"$state/src/sources.list.new"
	mv "$state/src/sources.list.new" "$state/src/sources.list"
	apt-get "${src_opts[@]}" -q update >"$state/src/update.log" 2>&1 ||
		die "apt-get update of the source lists failed" \
		    "($state/src/update.log): $(grep -m1 '^E:' "$state/src/update.log")"
	date +%s >"$state/src/updated"
}

src_lists() {
	lock_lists
	src_fresh || exclusive src_fresh src_update
}

# bookworm's own sources (the host's packages, such as qemu for its plugin
# header): lists of their own, fetched only when one is asked for
bsrc_opts=("${opts[@]}" -o "Dir::Etc::sourcelist=$state/bsrc/sources.list"
	   -o "Dir::State::Lists=$state/bsrc/lists"
	   -o "Dir::Cache=$state/bsrc/cache")

bsrc_sources() {
	echo "deb-src [signed-by=$keyring] $mirror bookworm main"
	echo "deb-src [signed-by=$keyring] $mirror bookworm-updates main"
	echo "deb-src [signed-by=$keyring] $security bookworm-security main"
}

bsrc_fresh() { lists_fresh bsrc bsrc_sources; }

bsrc_update() {
	mkdir -p "$state/bsrc/lists/partial" "$state/bsrc/cache/archives/partial"
	bsrc_sources >"$state/bsrc/sources.list"
	apt-get "${bsrc_opts[@]}" -q update >"$state/bsrc/update.log" 2>&1 ||
		die "apt-get update of bookworm's source lists failed" \
		    "($state/bsrc/update.log): $(grep -m1 '^E:' "$state/bsrc/update.log")"
	date +%s >"$state/bsrc/updated"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
update)
	lock_lists
	exclusive false update
	;;
names)
	[ $# = 1 ] || die "usage: names REGEX"
	ensure_lists
	apt-cache "${opts[@]}" pkgnames 2>/dev/null | grep -E -- "$1" | sort -V || true
	;;
show)
	[ $# = 1 ] || die "usage: show PKG:ARCH"
	ensure_lists
	apt-cache "${opts[@]}" show "$1" 2>/dev/null ||
		die "no package $1 in bookworm, trixie-backports, sid or experimental"
	;;
download)
	[ $# -ge 2 ] || die "usage: download DIR PKG:ARCH[=VERSION]..."
	dir=$1
	shift
	ensure_lists
	mkdir -p "$dir"
	log=$(mktemp)
	# shellcheck disable=SC2064
	trap "rm -f '$log'" EXIT
	(cd "$dir" && apt-get "${opts[@]}" -q download "$@") >"$log" 2>&1 ||
		die "apt-get download $* failed: $(grep -m1 -E '^(E|W):' "$log" ||
			tail -n1 "$log")"
	;;
src-versions)
	[ $# = 1 ] || die "usage: src-versions SRCPKG"
	src_lists
	apt-cache "${src_opts[@]}" showsrc "$1" 2>/dev/null |
		sed -n 's/^Version: //p' | sort -uV
	;;
src-orig)
	[ $# = 2 ] || die "usage: src-orig DIR SRCPKG=VERSION"
	dir=$1
	src_lists
	mkdir -p "$dir"
	log=$(mktemp)
	# shellcheck disable=SC2064
	trap "rm -f '$log'" EXIT
	# the upstream tarball only; apt checks it against the signed lists
	(cd "$dir" && apt-get "${src_opts[@]}" -q source --download-only \
		--tar-only "$2") >"$log" 2>&1 ||
		die "apt-get source $2 failed: $(grep -m1 -E '^(E|W):' "$log" ||
			tail -n1 "$log")"
	;;
src-bookworm)
	[ $# = 2 ] || die "usage: src-bookworm DIR SRCPKG=VERSION"
	dir=$1
	lock_lists
	bsrc_fresh || exclusive bsrc_fresh bsrc_update
	mkdir -p "$dir"
	log=$(mktemp)
	# shellcheck disable=SC2064
	trap "rm -f '$log'" EXIT
	# .dsc and tarballs, checked by apt against the signed lists
	(cd "$dir" && apt-get "${bsrc_opts[@]}" -q source --download-only "$2") \
		>"$log" 2>&1 ||
		die "apt-get source $2 (bookworm) failed: $(grep -m1 -E '^(E|W):' "$log" ||
			tail -n1 "$log")"
	;;
*)
	die "usage: ${0##*/} update | names REGEX | show PKG:ARCH |" \
	    "download DIR PKG:ARCH[=VERSION]... | src-versions SRCPKG |" \
	    "src-orig DIR SRCPKG=VERSION | src-bookworm DIR SRCPKG=VERSION"
	;;
esac
