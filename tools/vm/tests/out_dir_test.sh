#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vmtest.sh writes only under -o and follows no link it did not make: a
# symbolic link planted in -o (-o itself, DIR/<arch>, DIR/<arch>/<release>,
# DIR/.<arch>.log), a file where a directory goes, a read-only or full -o
# are refused with exit 2 and a message, before anything is built or
# booted, and nothing outside -o changes; a -o that fills up during a run
# ends it with exit 2, not a verdict made of empty files.
#
# No guest: vmtest.sh runs from a copy of tools/ with a fake make (a
# runner and an object that are /bin/true) and a fake QEMU that writes a
# guest's console and results stream; busybox and iproute2 come from the
# cache ($BPF_REFS_CACHE/vm, hard links), the cases that boot skip without
# them.  The read-only and full cases mount a tmpfs in a mount namespace of
# their own (unshare -m) and skip without root.  TAP output; exit 1 on a
# failed check.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"
real=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=tools/vm/tests/fake_lab.sh
. "$top/tools/vm/tests/fake_lab.sh"
cat >"$work/bin/qemu-system-x86_64" <<'EOF'
#!/bin/bash
# fake QEMU: the first -serial file is the console, the second the
# results stream; FAKE_GUEST says what the guest does
files=()
while [ $# -gt 0 ]; do
	case "$1" in -serial) files+=("${2#file:}"); shift ;; esac
	shift
done
con=${files[0]} res=${files[1]}
printf '%s\n' '[    0.000000] Linux version fake' \
	'Kernel panic - not syncing: x.bpf.o: a name on the console' >>"$con"
printf '%s\n' "VMTEST_BEGIN x86_64 ${FAKE_REL:-6.12.99-fake}" 'KTAP version 1' '1..1' \
	'VMTEST_STDERR bpf_refs: a message' >>"$res"
# fill: the file system of -o fills up while the guest runs
[ "${FAKE_GUEST:-pass}" = fill ] && dd if=/dev/zero of="$con" bs=64k oflag=append \
	conv=notrunc status=none 2>/dev/null
printf '%s\n' 'ok 1 t' '# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0' \
	'VMTEST_RC=0' 'VMTEST_END' >>"$res"
exit 0
EOF
chmod +x "$work/bin/"*
booting=1
for d in busybox-amd64 userland-x86_64; do
	if [ -d "$real/vm/$d" ]; then
		cp -al "$real/vm/$d" "$work/cache/vm/" 2>/dev/null ||
			cp -a "$real/vm/$d" "$work/cache/vm/"
	else
		booting=0
	fi
done
export PATH="$work/bin:$PATH" BPF_REFS_CACHE="$work/cache"

# shellcheck source=tools/vm/tests/fake_images.sh
. "$top/tools/vm/tests/fake_images.sh"

# A minimal x86 bzImage whose header names 6.12.99-fake (its release
# names the results folder before the boot).
img=$work/bzImage
minimal_bzimage "$img"
printf '6.12.99-fake (fake@example) #1\0' | put "$img" $((0x300))
rel=6.12.99-fake

# What the runs write into / when a run directory is empty.
root_names="console.log results.raw qemu.cmd qemu.out results.txt ktap info verdict timing json.b64"
root_before=$(for n in $root_names; do [ -e "/$n" ] && echo "/$n"; done)

# vmtest ARGS...: run the copy's vmtest.sh; sets out (stdout and stderr)
# and rc.
vmtest() {
	rc=0
	out=$("$proj/tools/vm/vmtest.sh" -a x86_64 -k "$img" "$@" 2>&1) || rc=$?
}

# snap: what lies outside -o (the victims), with sizes and times
snap() {
	find "$work/outside" -printf '%p %y %s %T@\n' | sort
}

# refused WHAT WANT: vmtest exited 2 naming WANT, nothing outside -o
# changed, no initramfs was built (nothing ran).
refused() {
	local what=$1 want=$2 got="rc=$rc"
	[[ $out == *"$want"* ]] || got+="; message lacks '$want': $out"
	[ "$(snap)" = "$before" ] || got+="; files outside -o changed"
	[ -z "$(find "$work/cache/vm" -name '*.cpio.gz' 2>/dev/null)" ] ||
		got+="; an initramfs was built before the refusal"
	check "$what" "$got" "rc=2"
	rm -rf "$work/cache/vm/initramfs"
}

mkdir -p "$work/outside/elsewhere/$rel"
echo keep >"$work/outside/elsewhere/$rel/sentinel"
echo keep >"$work/outside/victim"
mkdir -p "$work/outside/target"
before=$(snap)

o=$work/o1
ln -s "$work/outside/target" "$o"
vmtest -o "$o"
refused "-o itself a symbolic link" "'$o' is a symbolic link"
vmtest -o "$o/"
refused "-o a symbolic link given with a slash" "'$o' is a symbolic link"

o=$work/o2
mkdir -p "$o"
ln -s "$work/outside/elsewhere" "$o/x86_64"
vmtest -o "$o"
refused "DIR/x86_64 a symbolic link: elsewhere/<release> is neither removed nor replaced" \
	"'$o/x86_64' is a symbolic link"

o=$work/o3
mkdir -p "$o/x86_64"
ln -s "$work/outside/elsewhere/$rel" "$o/x86_64/$rel"
vmtest -o "$o"
refused "DIR/x86_64/<release> a symbolic link" "'$o/x86_64/$rel' is a symbolic link"

o=$work/o4
mkdir -p "$o"
: >"$o/x86_64"
vmtest -o "$o"
refused "DIR/x86_64 a regular file" "'$o/x86_64' exists and is not a directory"

o=$work/o5
mkdir -p "$o"
ln -s "$work/outside/victim" "$o/.x86_64.log"
FAKE_MAKE=fail vmtest -o "$o" -j 2
got="rc=$rc"
[ "$(snap)" = "$before" ] ||
	got+="; $work/outside/victim was written: $(head -c 200 "$work/outside/victim")"
[[ $out == *"building bpf_refs for x86_64 failed"* ]] || got+="; the run's log was not shown: $out"
[ -z "$(find "$o" -name '.vmtest.*')" ] || got+="; vmtest left files of its own in $o"
check "-j 2: DIR/.x86_64.log a symbolic link is not written through" "$got" "rc=2"
rm -rf "$work/cache/vm/initramfs"

# in_tmpfs OPTS SETUP VMTEST-ARGS...: run vmtest with -o a tmpfs mounted
# with OPTS in a mount namespace of its own, after SETUP (sh) ran in it
in_tmpfs() {
	local opts=$1 setup=$2
	shift 2
	rc=0
	mkdir -p "$work/t"
	# shellcheck disable=SC2016 # expanded by the inner sh
	out=$(unshare -m sh -c 'mount --make-rprivate / &&
		mount -t tmpfs -o "$1" none "$2" && cd "$2" && eval "$3" && cd / &&
		shift 3 && exec "$@"' sh "$opts" "$work/t" "$setup" \
		"$proj/tools/vm/vmtest.sh" -a x86_64 -k "$img" -o "$work/t" "$@" 2>&1) ||
		rc=$?
}

if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	# shellcheck disable=SC2016 # $PWD: the tmpfs, in in_tmpfs' shell
	in_tmpfs size=1m 'mount -o remount,ro "$PWD"'
	refused "a read-only -o" "-o: cannot create files in '$work/t'"
	# shellcheck disable=SC2016
	in_tmpfs size=1m 'mkdir x86_64 && mount -o remount,ro "$PWD"'
	refused "a read-only -o with its x86_64 folder" "-o: cannot create files in '$work/t'"
	in_tmpfs size=64k 'mkdir x86_64 && dd if=/dev/zero of=fill bs=4k status=none 2>/dev/null; :'
	refused "a full -o" "-o: cannot write in '$work/t' (full?)"
	if [ "$booting" = 1 ]; then
		FAKE_GUEST=fill in_tmpfs size=4m :
		got="rc=$rc"
		[[ $out == *"cannot write the results in $work/t/x86_64/.run."* ]] ||
			got+="; message: $out"
		[ "$(snap)" = "$before" ] || got+="; files outside -o changed"
		check "-o fills up while the guest runs: exit 2 naming the run" "$got" "rc=2"
	else
		check "-o fills up while the guest runs # SKIP no busybox or iproute2" 0 0
	fi
else
	for c in "a read-only -o" "a full -o" "-o fills up while the guest runs"; do
		check "$c # SKIP needs root and unshare -m" 0 0
	done
fi

if [ "$booting" = 1 ]; then
	o=$work/o6
	vmtest -o "$o"
	got="rc=$rc"
	d=$o/x86_64/$rel
	[ -f "$d/verdict" ] && [[ $(cat "$d/verdict") == *": PASS (pass:1 "* ]] ||
		got+="; verdict: $(cat "$d/verdict" 2>/dev/null) ($out)"
	[ "$(cat "$d/stderr.log" 2>/dev/null)" = "bpf_refs: a message" ] ||
		got+="; stderr.log: $(cat "$d/stderr.log" 2>/dev/null)"
	grep -q VMTEST_ "$d/ktap" 2>/dev/null && got+="; VMTEST_ lines in the KTAP"
	[ ! -e "$d/splats" ] || got+="; splats: $(cat "$d/splats")"
	[ -z "$(find "$o" -name '.vmtest.*' -o -name '.run.*')" ] ||
		got+="; vmtest left private files in $o"
	check "a run of the fake guest passes, its stderr in stderr.log" "$got" "rc=0"

	# the release only the guest tells names a planted link
	o=$work/o7
	mkdir -p "$o/x86_64" "$work/outside/guest"
	ln -s "$work/outside/guest" "$o/x86_64/7.7.7"
	before=$(snap)
	FAKE_REL=7.7.7 vmtest -o "$o"
	got="rc=$rc"
	[[ $out == *"'$o/x86_64/7.7.7' is a symbolic link"*"results are in $o/x86_64/.run."* ]] ||
		got+="; message: $out"
	[ "$(snap)" = "$before" ] || got+="; files outside -o changed"
	[ -L "$o/x86_64/7.7.7" ] || got+="; the link was replaced"
	check "the guest's release names a link in DIR/x86_64: refused, run kept" "$got" "rc=2"
else
	check "runs of the fake guest # SKIP no busybox or iproute2 in $real/vm" 0 0
fi

root_after=$(for n in $root_names; do [ -e "/$n" ] && echo "/$n"; done)
check "nothing was written into /" "$root_after" "$root_before"
tap_done
