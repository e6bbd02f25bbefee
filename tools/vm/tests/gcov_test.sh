#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vmtest.sh --gcov: the kernel command line asks the guest for its .gcda
# files (vmtest.gcov=1); each VMTEST_GCOV block of the results stream lands
# byte for byte in the results folder's gcov/, named by its path's last
# part and listed in gcov/paths, and never in ktap; a block whose name is
# not a .gcda, or a second one of a name, is noted in info and not
# written; a guest that sends none is noted in info.
#
# No guest: as out_dir_test.sh, a copy of tools/ with a fake make and a
# fake QEMU that writes the results stream FAKE_GCOV asks for; busybox and
# iproute2 come from the cache (hard links), every case skips without them.
# TAP output; exit 1 on a failed check.
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
# results stream; -append goes to cmdline; FAKE_GCOV: the blocks sent
files=()
while [ $# -gt 0 ]; do
	case "$1" in
	-serial) files+=("${2#file:}"); shift ;;
	-append) echo "$2" >"$FAKE_DIR/cmdline"; shift ;;
	esac
	shift
done
res=${files[1]}
echo '[    0.000000] Linux version fake' >>"${files[0]}"
{
	printf '%s\n' 'VMTEST_BEGIN x86_64 6.12.99-fake' 'KTAP version 1' '1..1' \
		'ok 1 t' '# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0' 'VMTEST_RC=0'
	block() {
		echo "VMTEST_GCOV_BEGIN $1"
		base64 "$2"
		echo "VMTEST_GCOV_END"
	}
	case "${FAKE_GCOV:-none}" in
	two)
		block /k/kernel/bpf/verifier.gcda "$FAKE_DIR/a.bin"
		block /k/kernel/bpf/states.gcda "$FAKE_DIR/b.bin" ;;
	odd)
		block /k/kernel/bpf/run.sh "$FAKE_DIR/a.bin"
		block /k/kernel/bpf/verifier.gcda "$FAKE_DIR/a.bin"
		block /k/other/verifier.gcda "$FAKE_DIR/b.bin" ;;
	esac
	echo VMTEST_END
} >>"$res"
EOF
chmod +x "$work/bin/"*
for d in busybox-amd64 userland-x86_64; do
	if [ ! -d "$real/vm/$d" ]; then
		check "vmtest.sh --gcov # SKIP no busybox or iproute2 in $real/vm" 0 0
		tap_done
		exit
	fi
	cp -al "$real/vm/$d" "$work/cache/vm/" 2>/dev/null || cp -a "$real/vm/$d" "$work/cache/vm/"
done
export PATH="$work/bin:$PATH" BPF_REFS_CACHE="$work/cache" FAKE_DIR="$work"
head -c 3000 /dev/urandom >"$work/a.bin"
head -c 17 /dev/urandom >"$work/b.bin"

# shellcheck source=tools/vm/tests/fake_images.sh
. "$top/tools/vm/tests/fake_images.sh"
img=$work/bzImage
minimal_bzimage "$img"
printf '6.12.99-fake (fake@example) #1\0' | put "$img" $((0x300))
d=$work/o/x86_64/6.12.99-fake

# vmtest ARGS...: the copy's vmtest.sh into $work/o; sets rc
vmtest() {
	rc=0
	rm -rf "$work/o" "$work/cmdline"
	"$proj/tools/vm/vmtest.sh" -a x86_64 -k "$img" -o "$work/o" "$@" >"$work/out" 2>&1 ||
		rc=$?
}

FAKE_GCOV=two vmtest --gcov
got="rc=$rc"
grep -qw 'vmtest.gcov=1' "$work/cmdline" 2>/dev/null ||
	got+="; no vmtest.gcov=1 on the command line"
cmp -s "$d/gcov/verifier.gcda" "$work/a.bin" || got+="; verifier.gcda differs"
cmp -s "$d/gcov/states.gcda" "$work/b.bin" || got+="; states.gcda differs"
want=$'verifier.gcda /k/kernel/bpf/verifier.gcda\nstates.gcda /k/kernel/bpf/states.gcda'
[ "$(cat "$d/gcov/paths" 2>/dev/null)" = "$want" ] ||
	got+="; paths: $(cat "$d/gcov/paths" 2>/dev/null)"
grep -q GCOV "$d/ktap" && got+="; a block in ktap"
[ -z "$(find "$d/gcov" -name '*.b64')" ] || got+="; base64 left behind"
check "two .gcda blocks land in gcov/ whole, listed in paths" "$got" "rc=0"

FAKE_GCOV=odd vmtest --gcov
got="rc=$rc"
cmp -s "$d/gcov/verifier.gcda" "$work/a.bin" || got+="; verifier.gcda differs"
[ -e "$d/gcov/run.sh" ] && got+="; run.sh written"
grep -q 'ignored the block of /k/kernel/bpf/run.sh' "$d/info" || got+="; run.sh not noted"
grep -q 'ignored the block of /k/other/verifier.gcda' "$d/info" || got+="; second name not noted"
check "a block not named .gcda, a second of a name: noted, not written" "$got" "rc=0"

FAKE_GCOV=none vmtest --gcov
got="rc=$rc"
[ -e "$d/gcov" ] && got+="; a gcov folder"
grep -q '^gcov: the guest sent no .gcda' "$d/info" 2>/dev/null ||
	got+="; info: $(cat "$d/info" 2>/dev/null)"
check "--gcov and no block: info says so" "$got" "rc=0"

FAKE_GCOV=none vmtest
got="rc=$rc"
grep -qw 'vmtest.gcov=1' "$work/cmdline" 2>/dev/null && got+="; vmtest.gcov=1 without --gcov"
grep -q '^gcov' "$d/info" 2>/dev/null && got+="; a gcov note without --gcov"
check "without --gcov: no request, no note" "$got" "rc=0"

tap_done
