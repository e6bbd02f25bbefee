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
cleanup() {
	[[ -d $tmp/full ]] && umount "$tmp/full" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
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
		{ echo "want: $3"; head -c 2000 "$2" 2>&1; echo; } >"$tmp/out"
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
expect "-d topic/subtest that exists deselects it" 0 '^  1\.\.3$' \
	'!pass__retval_run_gets_zeros' -- "$r" --object "$cases" \
	-t 'engine_cases/pass__retval*' -d engine_cases/pass__retval_run_gets_zeros

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
# A FIFO or /proc/kmsg is no list, and opening one must not wait for a
# writer or read the kernel's log away (the timeout fails a regression).
mkfifo "$tmp/fifo"
expect "--xfail FIFO is refused at once, naming it" 1 \
	'^Bail out! cannot use xfail list .*fifo: not a regular file: a FIFO$' \
	-- timeout -k 5 20 "$r" --object "$cases" --xfail "$tmp/fifo"
expect "--xfail /proc/kmsg is refused at once" 1 \
	"^Bail out! cannot use xfail list /proc/kmsg: not a regular file: a file of the kernel's" \
	-- timeout -k 5 20 "$r" --object "$cases" --xfail /proc/kmsg
mkdir -p "$tmp/fifodir"
mkfifo "$tmp/fifodir/DENYLIST"
expect "a DENYLIST that is a FIFO is refused at once" 1 \
	'^Bail out! cannot use .*/DENYLIST: not a regular file: a FIFO$' \
	-- timeout -k 5 20 env BPF_REFS_OBJ_DIR="$tmp/fifodir" "$r" \
	--object "$cases"
expect "--object FIFO fails its topic at once; the rest runs" 1 \
	'^not ok 1 fifo # cannot open BPF object .*/fifo: .*: not a regular file: a FIFO$' \
	'^ok 2 many_progs$' \
	-- timeout -k 5 20 "$r" --object "$tmp/fifo" --object "$many"
expect "--object /proc/kmsg fails its topic at once" 1 \
	'^not ok 1 kmsg # cannot open BPF object /proc/kmsg: .*: not a regular file: a file of' \
	-- timeout -k 5 20 "$r" --object /proc/kmsg
expect "-l --object FIFO does not wait either" 0 '^fifo$' \
	-- timeout -k 5 20 "$r" -l --object "$tmp/fifo"

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

# A bad option before --json: the file is rewritten all the same.
echo "$stale" >"$tmp/early.json"
expect "--json after a bad option" 1 -- \
	"$r" --bogus --json "$tmp/early.json" --object "$cases"
json_is "--json after a bad option says bailed, and which" "$tmp/early.json" \
	'.run.status == "bailed" and (.stale | not)
	 and (.run.status_reason | test("bad command line: .*--bogus"))'

# A --json FIFO gets one document, at the end: a reader that reads one
# document does not leave the run waiting for the next.
rm -f "$tmp/json.fifo"
mkfifo "$tmp/json.fifo"
cat "$tmp/json.fifo" >"$tmp/fifo.json" &
reader=$!
expect "--json FIFO read once by cat: the run ends" 0 '^# Totals: pass:4 ' \
	-- timeout -k 5 60 "$r" --object "$many" --object "$many" \
	--json "$tmp/json.fifo"
wait "$reader"
json_is "--json FIFO: one whole document, the complete run" "$tmp/fifo.json" \
	'.run.status == "complete" and .summary.total == 4'
objs=()
for _ in $(seq 300); do	# a document larger than a pipe holds
	objs+=(--object "$many")
done
head -c 100 "$tmp/json.fifo" >"$tmp/fifo.head" &
reader=$!
expect "--json FIFO whose reader leaves: exit 1, no SIGPIPE death" 1 \
	'^# Totals: pass:600 ' -- timeout -k 5 120 "$r" "${objs[@]}" \
	--json "$tmp/json.fifo"
wait "$reader"
stderr_has "--json FIFO whose reader leaves: said on stderr" \
	'cannot write --json .*json.fifo: Broken pipe'

# A full file system: the file there is never written in place.
mkdir -p "$tmp/full"
if mount -t tmpfs -o size=64k tmpfs "$tmp/full"; then
	echo "$stale" >"$tmp/full/r.json"
	cp "$tmp/full/r.json" "$tmp/stale.json"
	dd if=/dev/zero of="$tmp/full/fill" bs=4096 2>/dev/null
	expect "--json on a full file system: Bail out! at once" 1 \
		'^Bail out! cannot write --json ' -- \
		"$r" --object "$many" --json "$tmp/full/r.json"
	if cmp -s "$tmp/full/r.json" "$tmp/stale.json" &&
		! compgen -G "$tmp/full/r.json.tmp.*" >/dev/null; then
		ok "--json on a full file system: the old file is left as it was"
	else
		not_ok "--json on a full file system: the old file is left as it was"
	fi
	stderr_has "--json on a full file system: said on stderr" \
		'No space left on device; the file there is left as it was'
	# room for the first document, not for the last: the last good one
	# (a checkpoint, status running) stays, whole
	rm -f "$tmp/full/fill"
	avail=$(df -B4096 --output=avail "$tmp/full" | tail -n 1)
	dd if=/dev/zero of="$tmp/full/fill" bs=4096 count=$((avail - 2)) \
		2>/dev/null
	objs=()
	for _ in $(seq 40); do
		objs+=(--object "$many")
	done
	expect "--json that fills the file system at the end: exit 1" 1 \
		'^# Totals: pass:80 ' -- "$r" "${objs[@]}" --json "$tmp/full/r.json"
	json_is "--json that fills the file system: the last good file, whole" \
		"$tmp/full/r.json" '.run.status == "running" and (.stale | not)'
	umount "$tmp/full"
else
	skip "--json on a full file system" "cannot mount a tmpfs"
fi

# A killed run: its file says running, whole.
objs=()
for _ in $(seq 300); do
	objs+=(--object "$many")
done
"$r" "${objs[@]}" --json "$tmp/kill.json" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 500); do
	grep -q '"running"' "$tmp/kill.json" 2>/dev/null && break
	sleep 0.01
done
sleep 0.5
kill -KILL "$pid"
{ wait "$pid"; } 2>/dev/null
json_is "a killed run leaves its file whole, status running" "$tmp/kill.json" \
	'.run.status == "running"'

# tests[].object: the object a test came from, as the runner opened it.
ln -sf "$many" "$tmp/rel.bpf.o"
expect "--json of an --object given as a relative path" 0 -- sh -c \
	"cd '$tmp' && exec '$r' --object rel.bpf.o --json obj.json"
json_is "--json: tests[].object of --object is the path as given" \
	"$tmp/obj.json" \
	'[.tests[] | select(.name | startswith("rel/")) | .object] | unique == ["rel.bpf.o"]'
"$r" -t rel_mem,runtime_file --json "$tmp/builtin_obj.json" >/dev/null 2>&1
json_is "--json: tests[].object of a built-in topic is its file, of a probe \"\"" \
	"$tmp/builtin_obj.json" \
	'([.tests[] | select(.name | startswith("rel_mem/")) | .object]
	  | unique == ["rel_mem.bpf.o"])
	 and ([.tests[] | select(.name | startswith("runtime_file")) | .object] | unique == [""])'

# --- names from files and objects never spell a kernel message ---
# The runner shares a guest's console with the kernel, whose splat
# scanner (tools/vm/splats.sh) must not see one in a name.
splat='Kernel panic - not syncing|BUG: KASAN:|UBSAN:'
mkdir -p "$tmp/names"
printf '\177ELF junk' >"$tmp/names/Kernel panic - not syncing: x.bpf.o"
# a program name with a newline and a splat in it, symbol and BTF alike
perl -pe 's/pass__first_program/p\nBUG: KASAN: x y z/g' "$many" \
	>"$tmp/names/inj.bpf.o"
"$r" -vv --object "$tmp/names/Kernel panic - not syncing: x.bpf.o" \
	--object "$tmp/names/inj.bpf.o" \
	--object "/nonexistent/UBSAN: z.bpf.o" \
	--xfail "$tmp/names/UBSAN: list
BUG: KASAN: next line" >"$tmp/names.out" 2>&1
"$r" -vv --object "$tmp/names/Kernel panic - not syncing: x.bpf.o" \
	--object "$tmp/names/inj.bpf.o" \
	--object "/nonexistent/UBSAN: z.bpf.o" >>"$tmp/names.out" 2>&1
if grep -aqE "$splat" "$tmp/names.out"; then
	grep -aE "$splat" "$tmp/names.out" | head -n 5 >"$tmp/out"
	not_ok "odd file and program names: no kernel message on stdout or stderr"
else
	ok "odd file and program names: no kernel message on stdout or stderr"
fi
expect "-l prints a program's name as the run reports it" 0 \
	'^inj/p_BUG__KASAN__x_y_z$' '!^BUG' -- "$r" -l --object "$tmp/names/inj.bpf.o"
if [[ $(wc -l <"$tmp/out") == 3 ]]; then
	ok "-l: one line a name"
else
	not_ok "-l: one line a name"
fi

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

# --- SIGINT while a runtime probe's child lives ---
# The child is killed, the runner stops after the subtest in flight as
# at any other time: Bail out!, exit 128+2, the JSON file interrupted.
# (BPF_REFS_TEST_CHILD_HOLD_MS holds the child, for the signal to find it.)
if [[ -f $b/runtime_packet.bpf.o ]] && command -v ip >/dev/null; then
	echo "$stale" >"$tmp/probe.json"
	setsid env BPF_REFS_TEST_CHILD_HOLD_MS=60000 "$r" \
		-t runtime_packet/netns_veth_egress --json "$tmp/probe.json" \
		>"$tmp/probe.out" 2>&1 &
	pid=$!
	child=
	for _ in $(seq 3000); do
		child=$(pgrep -P "$pid" -x bpf_refs)
		[[ -n $child ]] && break
		sleep 0.01
	done
	sleep 0.2
	# ^C: the whole process group
	int='interrupted by signal 2 (Interrupt)'
	kill -INT -- "-$pid"
	wait "$pid"
	rc=$?
	cp "$tmp/probe.out" "$tmp/out"
	if [[ -n $child && $rc == 130 ]] &&
		grep -q '^  ok 1 netns_veth_egress # SKIP run interrupted by signal 2' "$tmp/out" &&
		grep -q '^ok 1 runtime_packet ' "$tmp/out" &&
		[[ $(grep -v '^bpf_refs: ' "$tmp/out" | tail -n 1) == \
		   "Bail out! $int in runtime_packet" ]] &&
		[[ $(tail -n 1 "$tmp/out") == "bpf_refs: $int in runtime_packet" ]]; then
		ok "SIGINT in a probe child: KTAP ends in Bail out!, exit 130"
	else
		not_ok "SIGINT in a probe child: KTAP ends in Bail out!, exit 130" \
			"exit $rc, child '${child}'"
	fi
	json_is "SIGINT in a probe child: the JSON file says interrupted" \
		"$tmp/probe.json" '.run.status == "interrupted" and (.stale | not)
		and .tests[0].status == "skip"'
	if [[ -n $child ]] && kill -0 "$child" 2>/dev/null; then
		not_ok "SIGINT in a probe child: the child is gone"
	else
		ok "SIGINT in a probe child: the child is gone"
	fi
else
	skip "SIGINT in a probe child" "no runtime_packet.bpf.o or ip"
fi

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
