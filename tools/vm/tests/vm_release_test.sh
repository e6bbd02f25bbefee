#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vmtest.sh names results directories after kernel releases and replaces
# them with rm -rf: a release that is not a plain name (../../victim) must
# be refused before anything is built, booted or removed, and nothing
# outside -o may be touched.  Bad usage must exit 2 naming what is wrong.
# Needs neither QEMU nor a kernel build.  Prints "ok: ..." for each check
# and exits 1 on the first failure.
set -euo pipefail
top=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=tools/vm/lib.sh
. "$top/tools/vm/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# valid_release: plain names only
long=$(printf 'a%.0s' {1..128})
for r in 6.12.117+deb12-amd64 7.3.0-rc7-amd64 7.2.13+deb14-arm64 6.1.0-50-s390x \
	 "$long"; do
	valid_release "$r" || fail "valid_release refuses '$r'"
	echo "ok: valid_release accepts '${r:0:40}' (${#r} characters)"
done
# shellcheck disable=SC2016 # '$(id)' is meant literally
for r in ../../victim .. . a/b "" "x y" $'6.12.1\n../x' '$(id)' "${long}b" \
	 $'6.12\t1' /etc; do
	if valid_release "$r"; then
		fail "valid_release accepts ${r@Q}"
	fi
	shown=${r:0:40}
	echo "ok: valid_release refuses ${shown@Q} (${#r} characters)"
done
if valid_release; then
	fail "valid_release accepts no argument"
fi
echo "ok: valid_release refuses no argument"

# shellcheck source=tools/vm/tests/fake_images.sh
. "$top/tools/vm/tests/fake_images.sh"

# fake_bzimage FILE RELEASE: an x86 bzImage whose header names RELEASE as
# its kernel version: a cached Debian one with its string replaced, else
# a minimal header that file(1) takes for a bzImage and check_image
# accepts (1 setup sector + 1 paragraph).
fake_bzimage() {
	local f=$1 rel=$2 real off
	real=$(find "$VM_CACHE/kernels" -path '*amd64*' ! -path '*/.*' -name 'vmlinuz-*' \
		2>/dev/null | head -n1 || true)
	if [ -n "$real" ] && [ "$(image_kind "$real")" = "x86_64 bzimage" ]; then
		cp "$real" "$f"
	else
		minimal_bzimage "$f"
	fi
	# the string is at kernel_version + 0x200
	off=$(($(le_uint "$f" $((0x20e)) 2) + 0x200))
	printf '%s (fake@example) #1\0' "$rel" | put "$f" "$off"
	(check_image "$f" x86_64) || fail "fake bzImage $f: check_image refuses it"
	[ "$(image_release "$f")" = "$rel" ] ||
		fail "fake bzImage $f: release reads as '$(image_release "$f")', not '$rel'"
}

# A hostile release from the image header: exit 2 naming it, and the
# directories it would name (a sentinel beside -o, -o itself) survive.
# shellcheck disable=SC2016 # '$(id)' is meant literally
for rel in ../../victim .. ../x86_64 '$(id)'; do
	base=$work/hostile
	out=$base/parent/out
	rm -rf "$base"
	mkdir -p "$out/x86_64/keep" "$base/victim"
	echo keep >"$base/victim/sentinel"
	fake_bzimage "$base/bzImage" "$rel"
	before=$(find "$base" -printf '%p %s %T@\n' | sort)
	rc=0
	msg=$("$top/tools/vm/vmtest.sh" -a x86_64 -k "$base/bzImage" -o "$out" 2>&1) || rc=$?
	[ "$rc" = 2 ] || fail "release ${rel@Q}: vmtest.sh exited $rc, expected 2: $msg"
	[[ $msg == *"release as ${rel@Q}"* ]] ||
		fail "release ${rel@Q}: message does not name it: $msg"
	[ -f "$base/victim/sentinel" ] ||
		fail "release ${rel@Q}: $base/victim, outside -o, was removed"
	[ -d "$out/x86_64/keep" ] ||
		fail "release ${rel@Q}: earlier results in $out/x86_64 were removed"
	[ "$(find "$base" -printf '%p %s %T@\n' | sort)" = "$before" ] ||
		fail "release ${rel@Q}: files changed under $base"
	echo "ok: image release ${rel@Q} refused, nothing touched: $msg"
done

# Bad usage: exit 2 and a message naming the problem.  -o comes first so
# that a case may give its own.
: >"$work/file"
while IFS='|' read -r args want; do
	rc=0
	# shellcheck disable=SC2086 # the arguments are words
	msg=$("$top/tools/vm/vmtest.sh" -o "$work/r" $args 2>&1) || rc=$?
	[ "$rc" = 2 ] || fail "vmtest.sh $args: exit $rc, expected 2: $msg"
	[[ $msg == *"$want"* ]] || fail "vmtest.sh $args: message lacks '$want': $msg"
	echo "ok: $args -> $msg"
done <<EOF
--timeout|--timeout needs a number of seconds
--timeout 0|--timeout needs a number of seconds, not '0'
--watchdog|--watchdog needs a number of seconds
--mem x|--mem needs a number of megabytes, not 'x'
-a|-a needs an architecture
-k|-k needs a kernel image
-o|-o needs a directory
-o $work/file|-o: '$work/file' exists and is not a directory
-a x86_64 -k /dev/zero|'/dev/zero' is not a regular file
-a x86_64 -k $work|'$work' is not a regular file
-a x86_64 -k $work/none|'$work/none' does not exist
-a x86_64 -k $(realpath /bin/ls)|'$(realpath /bin/ls)' is an ELF file but not a Linux kernel
-a aarch64 -k $(realpath /bin/ls)|is an ELF file but not a Linux kernel
-c $work/none.config|config fragment '$work/none.config' does not exist
EOF
[ ! -e "$work/r" ] || fail "a usage error created the results directory $work/r"
echo "ok: no usage error created a results directory"
