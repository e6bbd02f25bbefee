#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input gets a clear message and the right KTAP status: no privileges,
# no kernel BTF, no bpffs, an unknown test name, corrupt and foreign-endian
# objects, odd object file names, a broken xfail list.  Nothing stays
# loaded afterwards.
# Usage: .ci/bad_input.sh BUILD_DIR (with bpf_refs and unit/ built in it)
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"

b=${1:?usage: bad_input.sh BUILD_DIR}
r=$b/bpf_refs
work=$(mktemp -d /tmp/bpf_refs_bad.XXXXXX)
trap 'rm -rf "$work"' EXIT

# run NAME EXPECTED_RC CMD...: run, keep stdout+stderr, check the exit code.
run() {
	local name=$1 want=$2 rc
	shift 2
	"$@" > "$work/$name.out" 2>&1
	rc=$?
	[ "$rc" = "$want" ] || { cat "$work/$name.out"; fail "$name: exit $rc, expected $want"; }
	echo "  ok: $name exits $rc"
}

progs_loaded() {
	bpftool prog show 2>/dev/null | grep -c '^[0-9]*:'
}
before=$(progs_loaded)

run not_root 4 setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all "$r"
expect_grep '^ok 1 [a-z_]+ # SKIP needs root' "$work/not_root.out" \
	"not root: every topic skipped with the reason"
expect_no_grep '^not ok' "$work/not_root.out" "not root: nothing fails"
run not_root_filtered 4 setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all "$r" -t 'rel_*'
expect_grep '^ok 1 rel_skb # SKIP needs root' "$work/not_root_filtered.out" \
	"not root with -t: the selected topics are the ones skipped"

run unknown_name 1 "$r" -t no_such_topic
expect_grep "^Bail out! no test matches 'no_such_topic'" \
	"$work/unknown_name.out" "unknown test name: bail out naming it"
run unknown_subtest 1 "$r" -t rel_skb/no_such_subtest
expect_grep "^Bail out! no test matches 'rel_skb/no_such_subtest'" \
	"$work/unknown_subtest.out" "unknown subtest name: bail out naming it"
run unknown_deny 1 "$r" -d no_such_topic
expect_grep "^Bail out! no test matches -d 'no_such_topic'" \
	"$work/unknown_deny.out" "unknown -d name: bail out naming it"
run empty_name 1 "$r" -t ''
expect_grep "empty pattern" "$work/empty_name.out" "-t '': refused"

# Odd object file names (--object): topic names KTAP parsers take, checked
# by the tree's kunit.py and by prove.
[ -f "$b/unit/many_progs.bpf.o" ] ||
	make -s -C "$here" OUTPUT="$(realpath "$b")" \
		"$(realpath "$b")/unit/many_progs.bpf.o" ||
	fail "cannot build $b/unit/many_progs.bpf.o"
cp "$b/unit/many_progs.bpf.o" "$work/x#y z.bpf.o"
cp "$b/unit/many_progs.bpf.o" "$work/.hidden.bpf.o"
cp "$b/unit/many_progs.bpf.o" "$work/new
line.bpf.o"
"$r" --object "$work/x#y z.bpf.o" --object "$work/.hidden.bpf.o" \
	--object "$work/new
line.bpf.o" > "$work/odd.ktap" 2> "$work/odd.err" ||
	{ cat "$work/odd.ktap" "$work/odd.err"; fail "odd object names: exit $?"; }
expect_grep '^ok 1 x_y_z$' "$work/odd.ktap" "odd names: '#' and ' ' become '_'"
expect_grep '^ok 2 _hidden$' "$work/odd.ktap" "odd names: a leading '.' becomes '_'"
expect_grep '^ok 3 new_line$' "$work/odd.ktap" "odd names: a newline becomes '_'"
expect_no_grep '^$' "$work/odd.ktap" "odd names: no blank line"
K=$(ktree)
if [ -n "$K" ]; then
	python3 "$K/tools/testing/kunit/kunit.py" parse < "$work/odd.ktap" \
		> "$work/kunit.txt" 2>&1 ||
		{ cat "$work/kunit.txt"; fail "kunit.py parse rejected odd names"; }
	expect_no_grep 'CRASHED|ERROR|FAILED' "$work/kunit.txt" \
		"odd names: kunit.py parse, no errors"
fi
prove -v --exec cat "$work/odd.ktap" > "$work/prove.txt" 2>&1 ||
	{ cat "$work/prove.txt"; fail "prove rejected odd names"; }
expect_grep '^Result: PASS' "$work/prove.txt" "odd names: prove PASS"

printf '\177ELF but not an object' > "$work/corrupt.bpf.o"
# A relative --object path is relative to the working directory.
run corrupt_object 1 sh -c "cd '$work' && exec '$(realpath "$r")' --object corrupt.bpf.o"
expect_grep '^not ok 1 corrupt # cannot open BPF object .*not a proper ELF' \
	"$work/corrupt_object.out" "corrupt object: named failure"
expect_no_grep 'Unknown error|^$' "$work/corrupt_object.out" \
	"corrupt object: libbpf's error text, no blank line"

run foreign_endian 1 "$r" --object "$b/unit/foreign_endian.bpf.o"
expect_grep '^not ok 1 foreign_endian # cannot open BPF object .*endianness mismatch' \
	"$work/foreign_endian.out" "foreign-endian object: named failure"

printf 'some_topic/some_test\n' > "$work/xfail.bad"
run xfail_without_reason 1 "$r" --xfail "$work/xfail.bad"
expect_grep 'xfail.bad:1: entry .some_topic/some_test. has no reason' \
	"$work/xfail_without_reason.out" "xfail entry without a fix: rejected"

run xfail_missing 1 "$r" --xfail "$work/nope"
expect_grep 'cannot use xfail list .*No such file' "$work/xfail_missing.out" \
	"missing xfail list: named"

# No kernel BTF: hide /sys/kernel/btf in a private mount namespace.  The
# runner picks this kernel's xfail list beside itself.
unshare -m sh -c "mount -t tmpfs none /sys/kernel/btf && exec '$r' --xfail auto" \
	> "$work/no_btf.out" 2>&1
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 4 ] || { cat "$work/no_btf.out"; fail "no BTF: exit $rc"; }
expect_grep '# SKIP (kernel has no BTF|object calls kfuncs and the kernel has no BTF)' \
	"$work/no_btf.out" "no BTF: kfunc tests skipped with the reason"
expect_no_grep '^ *not ok' "$work/no_btf.out" "no BTF: nothing fails"

# No bpffs: the suite does not need one.
unshare -m sh -c "umount /sys/fs/bpf 2>/dev/null; exec '$r' --xfail auto" \
	> "$work/no_bpffs.out" 2>&1
rc=$?
[ "$rc" = 0 ] || { cat "$work/no_bpffs.out"; fail "no bpffs: exit $rc"; }
echo "  ok: no bpffs: suite runs and passes"

after=$(progs_loaded)
[ "$after" -le "$before" ] || fail "programs left loaded: $before before, $after after"
echo "  ok: no program left loaded ($before before, $after after)"
