#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unit tests of the runner as a program ("make check", after engine_test):
# what it prints, where it stops, what its exit status and --json file say
# when the input is odd (names, patterns, lists), when the run bails out,
# is unprivileged or interrupted, and when stdout cannot be written.  The
# KTAP of odd object names is checked by the kernel tree's kunit.py and by
# Perl's prove.
#
# Arguments: BUILD_DIR [KUNIT_PY], as root
set -uo pipefail

b=$(cd "${1:?usage: $0 BUILD_DIR [KUNIT_PY]}" && pwd)
kunit=${2:-}
r=$b/bpf_refs
u=$b/unit
tmp=$(mktemp -d /tmp/bpf_refs_cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

echo "TAP version 13"
if [[ $(id -u) != 0 ]]; then
	echo "1..0 # SKIP runner tests need root"
	exit 4
fi

ok() {
	n=$((n + 1))
	echo "ok $n $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n $1${2:+ # $2}"
	[[ -f $tmp/out ]] && sed 's/^/# /' "$tmp/out" | head -n 20
}

skip() {
	n=$((n + 1))
	echo "ok $n $1 # SKIP $2"
}

# run WANT_RC CMD...: run CMD (stdout to $tmp/out, stderr to $tmp/err),
# and say whether it exited WANT_RC; rc holds its exit status.
run() {
	local want=$1

	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[[ $rc == "$want" ]] || cat "$tmp/err" >>"$tmp/out"
	[[ $rc == "$want" ]]
}

# expect NAME WANT_RC [ERE on stdout, or !ERE: no such line] -- CMD...
expect() {
	local name=$1 want=$2 pats=() p

	shift 2
	while [[ $1 != -- ]]; do
		pats+=("$1")
		shift
	done
	shift
	if ! run "$want" "$@"; then
		not_ok "$name" "exit $rc, want $want"
		return
	fi
	for p in "${pats[@]}"; do
		if [[ $p == !* ]]; then
			if grep -qE -- "${p#!}" "$tmp/out"; then
				not_ok "$name" "a line matches '${p#!}'"
				return
			fi
		elif ! grep -qE -- "$p" "$tmp/out"; then
			not_ok "$name" "no line matches '$p'"
			return
		fi
	done
	ok "$name"
}

# stderr_has NAME ERE: the last command said so on stderr.
stderr_has() {
	if grep -qE -- "$2" "$tmp/err"; then
		ok "$1"
	else
		cp "$tmp/err" "$tmp/out"
		not_ok "$1" "stderr has no line matching '$2'"
	fi
}

# json_is NAME FILE JQ_EXPR: the JSON file makes the jq expression true.
json_is() {
	if jq -e "$3" "$2" >/dev/null 2>&1; then
		ok "$1"
	else
		{ echo "want: $3"; head -c 2000 "$2" 2>&1; } >"$tmp/out"
		not_ok "$1" "JSON does not say so"
	fi
}

cases=$u/engine_cases.bpf.o

# --- patterns: a typo is an error, never a SKIP or a no-op ---
bail='^Bail out! no test matches'
expect "-t topic/no_such_subtest bails out" 1 "$bail 'engine_cases/no_such'" \
	-- "$r" --object "$cases" -t engine_cases/no_such
head -n 2 "$tmp/out" | tr '\n' '|' >"$tmp/head"
if [[ $(cat "$tmp/head") == "TAP version 13|Bail out! "* ]]; then
	ok "Bail out! comes right after the TAP version line"
else
	{ cat "$tmp/head"; echo; } >"$tmp/out"
	not_ok "Bail out! comes right after the TAP version line"
fi
expect "-a with a subtest glob that matches nothing bails out" 1 \
	"$bail 'engine_cases/nope\\*'" \
	-- "$r" --object "$cases" -a 'engine_cases/nope*'
expect "-t of a topic that does not exist bails out" 1 "$bail 'no_such'" \
	-- "$r" --object "$cases" -t no_such
expect "-d that matches nothing bails out" 1 "$bail -d 'engine_cases/nope'" \
	-- "$r" --object "$cases" -t engine_cases/pass__success_accepted \
	-d engine_cases/nope
many=$u/many_progs.bpf.o
expect "-t '' is refused, nothing runs" 1 '!^TAP version' -- \
	"$r" --object "$many" -t ''
stderr_has "-t '': said on stderr" "-t '': empty pattern"
expect "-t 'a,,b' is refused, nothing runs" 1 '!^TAP version' -- \
	"$r" --object "$many" -t 'many_progs,,many_progs'
expect "-d '' is refused, nothing runs" 1 '!^TAP version' -- \
	"$r" --object "$many" -d ''
expect "-t topic/subtest that exists runs it" 0 \
	'^  ok 1 pass__success_accepted$' '^ok 1 engine_cases$' \
	-- "$r" --object "$cases" -t engine_cases/pass__success_accepted
expect "-d topic/subtest that exists deselects it" 0 '^  1\.\.2$' \
	'!pass__retval_raw_tp' -- "$r" --object "$cases" \
	-t 'engine_cases/pass__retval*' -d engine_cases/pass__retval_raw_tp

# --- lists: a DENYLIST entry needs a reason; devices are refused ---
mkdir -p "$tmp/objdir"
printf 'engine_cases/pass__retval\n' >"$tmp/objdir/DENYLIST"
expect "DENYLIST entry without a reason bails out" 1 '^Bail out! cannot use' \
	-- env BPF_REFS_OBJ_DIR="$tmp/objdir" "$r" --object "$cases"
stderr_has "the error names the file and the line" \
	"DENYLIST:1: entry 'engine_cases/pass__retval' has no reason"
# (little memory and a timeout: a regression fails, the machine stays)
expect "--xfail /dev/zero is refused at once" 1 '^Bail out! cannot use xfail' \
	-- timeout -k 5 10 sh -c "ulimit -v 1048576; exec '$r' --object '$cases' --xfail /dev/zero"
expect "--xfail DIRECTORY is refused" 1 '^Bail out! cannot use xfail' \
	-- "$r" --object "$cases" --xfail "$tmp"

# --- KTAP: XPASS as kselftest.h prints it, libbpf errors on one line ---
printf 'engine_cases/pass__success_accepted  abc fix\n' >"$tmp/xfail"
expect "an xfail entry that passes: ok ... # XPASS, exit 1" 1 \
	'^  ok 1 pass__success_accepted # XPASS ' '^not ok 1 engine_cases$' \
	-- "$r" --object "$cases" -t engine_cases/pass__success_accepted \
	--xfail "$tmp/xfail"
printf '\177ELF this is no object' >"$tmp/corrupt.bpf.o"
expect "a libbpf error: its text, no blank line" 1 \
	'^not ok 1 corrupt # cannot open BPF object .*: BPF object format invalid: libbpf: ' \
	'!^$' '!Unknown error' -- "$r" --object "$tmp/corrupt.bpf.o"

# --- KTAP of odd object names, through kunit.py and prove ---
cp "$u/many_progs.bpf.o" "$tmp/x#y z.bpf.o"
cp "$u/many_progs.bpf.o" "$tmp/.hidden.bpf.o"
cp "$u/many_progs.bpf.o" "$tmp/new
line.bpf.o"
expect "odd object names become KTAP-safe topic names" 0 \
	'^ok 1 x_y_z$' '^ok 2 _hidden$' '^ok 3 new_line$' '^ok 4 many_progs$' \
	-- "$r" --object "$tmp/x#y z.bpf.o" --object "$tmp/.hidden.bpf.o" \
	--object "$tmp/new
line.bpf.o" --object "$u/many_progs.bpf.o"
cp "$tmp/out" "$tmp/odd.ktap"
if [[ -n $kunit && -f $kunit ]] && command -v python3 >/dev/null; then
	if python3 "$kunit" parse <"$tmp/odd.ktap" >"$tmp/out" 2>&1 &&
		grep -q 'Ran 8 tests: passed: 8' "$tmp/out" &&
		! grep -qE 'CRASHED|ERROR|FAILED' "$tmp/out"; then
		ok "kunit.py parse: 4 topics, 8 subtests, all passed"
	else
		not_ok "kunit.py parse: 4 topics, 8 subtests, all passed"
	fi
else
	skip "kunit.py parse: 4 topics, 8 subtests, all passed" "no kunit.py"
fi
if command -v prove >/dev/null; then
	if prove -v --exec cat "$tmp/odd.ktap" >"$tmp/out" 2>&1 &&
		grep -q '^Result: PASS' "$tmp/out" &&
		grep -q 'Tests=4' "$tmp/out"; then
		ok "prove: PASS, 4 tests"
	else
		not_ok "prove: PASS, 4 tests"
	fi
else
	skip "prove: PASS, 4 tests" "no prove"
fi

# --- --json: always written, never stale ---
stale='{"schema": "bpf_refs-results/1", "stale": true}'
echo "$stale" >"$tmp/bail.json"
expect "--json with a run that bails out" 1 -- \
	"$r" --json "$tmp/bail.json" --object "$cases" -t no_such
json_is "--json says bailed, and why" "$tmp/bail.json" \
	'.run.status == "bailed" and (.stale | not)
	 and (.run.status_reason | test("no test matches"))'
echo "$stale" >"$tmp/usage.json"
expect "--json with a bad command line" 1 -- \
	"$r" --json "$tmp/usage.json" --no-such-option
json_is "--json of a bad command line is not the stale file" \
	"$tmp/usage.json" '.run.status == "bailed" and (.stale | not)'
chmod 1777 "$tmp"
echo "$stale" >"$tmp/unpriv.json"
chmod 666 "$tmp/unpriv.json"
expect "--json unprivileged: every topic skipped" 4 '# SKIP needs root' -- \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$r" --json "$tmp/unpriv.json" --object "$cases"
json_is "--json says unprivileged" "$tmp/unpriv.json" \
	'.run.status == "unprivileged" and .summary.skip == 1 and (.stale | not)'
echo "$stale" >"$tmp/int.json"
"$r" --json "$tmp/int.json" --object "$cases" --object "$cases" \
	>"$tmp/int.out" 2>&1 &
pid=$!
for _ in $(seq 500); do
	grep -q '"running"' "$tmp/int.json" 2>/dev/null && break
	sleep 0.01
done
kill -TERM "$pid"
wait "$pid"
rc=$?
cp "$tmp/int.out" "$tmp/out"
if [[ $rc == 143 ]] && grep -q '^Bail out! interrupted by signal 15' "$tmp/out"; then
	ok "SIGTERM: Bail out! and exit 128+15"
else
	not_ok "SIGTERM: Bail out! and exit 128+15" "exit $rc"
fi
json_is "--json says interrupted" "$tmp/int.json" \
	'.run.status == "interrupted" and (.stale | not)'

# --- a built-in topic is data: --object of its file runs the same ---
"$r" -t rel_mem --json "$tmp/builtin.json" >"$tmp/builtin.ktap" 2>&1
want_rc=$?
if ! run "$want_rc" "$r" --object "$b/rel_mem.bpf.o" --json "$tmp/obj.json"; then
	not_ok "--object of a built-in topic's file: same exit" "exit $rc, want $want_rc"
elif ! diff "$tmp/builtin.ktap" "$tmp/out" >"$tmp/diff"; then
	mv "$tmp/diff" "$tmp/out"
	not_ok "--object of a built-in topic's file: same exit" "KTAP differs"
elif ! cmp -s <(jq -c '.tests[] | [.name, .status, .reason]' "$tmp/builtin.json") \
	<(jq -c '.tests[] | [.name, .status, .reason]' "$tmp/obj.json"); then
	not_ok "--object of a built-in topic's file: same exit" "JSON differs"
else
	ok "--object of a built-in topic's file: same exit, KTAP and JSON"
fi

# --- stdout that cannot be written fails the run ---
expect "stdout /dev/full: exit 1" 1 -- sh -c \
	"exec '$r' --object '$cases' -t engine_cases/pass__success_accepted >/dev/full"
stderr_has "stdout /dev/full: said on stderr" \
	'cannot write the results to standard output'
expect "stdout closed: exit 1" 1 -- sh -c \
	"exec '$r' --object '$cases' -t engine_cases/pass__success_accepted >&-"
stderr_has "stdout closed: said on stderr" 'standard output is closed'

# --- CAP_BPF+CAP_PERFMON+CAP_NET_ADMIN: the netns probe skips ---
if [[ -f $b/runtime_packet.bpf.o ]] && command -v setpriv >/dev/null; then
	caps=-all,+bpf,+perfmon,+net_admin
	expect "without CAP_SYS_ADMIN the netns probe skips naming it" 4 \
		'^  ok 1 netns_veth_egress # SKIP needs CAP_SYS_ADMIN' -- \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=$caps --ambient-caps=$caps \
		"$r" -t runtime_packet/netns_veth_egress
else
	skip "without CAP_SYS_ADMIN the netns probe skips naming it" \
		"no runtime_packet.bpf.o or setpriv"
fi

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
((failed == 0))
