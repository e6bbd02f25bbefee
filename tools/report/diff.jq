# SPDX-License-Identifier: GPL-2.0
#
# report diff A B: what changed from run A (the base) to run B.
# $a, $b: slurped document arrays; $an, $bn: their names on the command
# line; $st, $tt: states and time thresholds in percent; $md: the least
# growth of a counter that counts; $gate: whether
# perf regressions set the exit code.
#
# Tests are matched on their id (keyed_tests of lib.jq): the name, told
# apart by object, else by order, where a run holds a name twice.
#
# Exit (field "exit"): 1 on a new failure or on records of B that cannot
# be told apart (duplicates), else 3 on a gated perf regression, else 0.
# A run that is not complete (run.status other than complete; files
# before run.status are taken as complete) is refused: field "error".

include "lib";

def one_run($docs; $name; $role):
	($docs | latest_runs) as $r
	| if ($r | length) == 0 then {error: "\($name): no bpf_refs results"}
	  elif ($r | length) > 1 then {error: "\($name): holds \($r | length) runs (\($r | map(run_label) | join(", "))); pass one run's file or directory"}
	  else $r[0] | (.run.status // "complete") as $s
	  | if $s == "complete" then .
	    else {error: "\($name): not a complete run (run.status \($s)\(if (.run.status_reason // "") != "" then ": \(.run.status_reason)" else "" end)), \(.tests | length) test record(s): an incomplete run cannot be the \($role) of a diff"}
	    end
	  end;

def by_id: map({key: .id, value: .}) | from_entries;

def pct($old; $new):
	if $old == null or $new == null then null
	elif $old == 0 then (if $new == 0 then 0 else 100 end)
	else ($new - $old) * 100 / $old end;

# Verifier counters of one test, A against B (deterministic: gate).
def stat_changes($ta; $tb):
	[("insns", "total_states", "peak_states") as $k
	 | ($ta.verifier[$k]?) as $o | ($tb.verifier[$k]?) as $n
	 | select($o != null and $n != null and $o != $n)
	 | {test: $ta.id, metric: $k, a: $o, b: $n,
	    pct: (pct($o; $n) | round2),
	    regression: (pct($o; $n) > $st and $n - $o >= $md)}];

# Perf points matched on (family, nodes).
def perf_of($docs):
	[$docs[] | perf_points[]]
	| group_by(.family, .nodes) | map(max_by(.started))
	| map({key: "\(.family)/\(.nodes)", value: .}) | from_entries;

def perf_changes($pa; $pb):
	[$pa | keys[] as $k | select($pb[$k] != null)
	 | $pa[$k] as $o | $pb[$k] as $n
	 | (pct($o.median_us; $n.median_us)) as $tp
	 | (pct($o.states; $n.states)) as $sp
	 | {point: $k, family: $o.family, nodes: $o.nodes,
	    a_median_us: $o.median_us, b_median_us: $n.median_us,
	    time_pct: ($tp | if . == null then null else round2 end),
	    a_states: $o.states, b_states: $n.states,
	    states_pct: ($sp | if . == null then null else round2 end),
	    # Time: beyond the threshold and outside A's spread.
	    regression: ((($tp // 0) > $tt
			  and (($n.p10_us // $n.median_us)
			       > ($o.p90_us // $o.median_us)))
			 or (($sp // 0) > $st and ($n.states - $o.states) >= $md)),
	    improvement: ((($tp // 0) < -$tt
			   and (($n.p90_us // $n.median_us)
				< ($o.p10_us // $o.median_us)))
			  or (($sp // 0) < -$st))}
	 | select(.time_pct != 0 or (.states_pct // 0) != 0)];

one_run($a[0]; $an; "baseline") as $ra
| one_run($b[0]; $bn; "candidate") as $rb
| if $ra.error then {error: $ra.error}
  elif $rb.error then {error: $rb.error}
  else
  ($ra | keyed_tests | by_id) as $ta
  | ($rb | keyed_tests | by_id) as $tb
  | def row($n): {test: $n, a: ($ta[$n].status // "-"),
		   b: ($tb[$n].status // "-"),
		   a_reason: ($ta[$n].reason // ""),
		   b_reason: ($tb[$n].reason // ""),
		   fixed_by: ($tb[$n].fixed_by // $ta[$n].fixed_by // "")};
  ([$ta, $tb | keys[]] | unique) as $names
  | [$names[] | row(.)] as $rows
  | [$rows[] | select(.b | bad_status) | select(.a | bad_status | not)]
    as $new
  | [$rows[] | select((.a | bad_status) and .b == "pass")] as $fixed
  | [$rows[] | select(.a != "-" and .b != "-")
     | select((.b | bad_status) and (.a | bad_status | not) | not)
     | select((.a == "skip") != (.b == "skip")
	      or (.a == "skip" and .a_reason != .b_reason))] as $skips
  | [$rows[] | select(.a != "-" and .b != "-" and .a != .b)
     | select((.b | bad_status) and (.a | bad_status | not) | not)
     | select((.a | bad_status) and .b == "pass" | not)
     | select((.a == "skip") != (.b == "skip") | not)] as $other
  | [$rows[] | select((.a | bad_status) and (.b | bad_status))]
    as $still
  # Records a run holds more than once, with nothing to tell them apart
  # (keyed_tests: dup): every one of them, with its own status.
  | [$names[] as $n | select(($ta[$n].dup // 1) > 1 or ($tb[$n].dup // 1) > 1)
     | row($n) + {name: ($tb[$n].name // $ta[$n].name),
		  a_dup: ($ta[$n].dup // 0), b_dup: ($tb[$n].dup // 0)}] as $dups
  | [$names[] | select($ta[.] != null and $tb[.] != null)
     | stat_changes($ta[.]; $tb[.])[]] as $stats
  | perf_changes(perf_of($a[0]); perf_of($b[0])) as $perf
  | ([$stats[] | select(.regression)] + [$perf[] | select(.regression)])
    as $preg
  | {schema: "bpf_refs-diff/1",
     a: {name: $an, label: ($ra | run_label), counts: ($ra | count_tests)},
     b: {name: $bn, label: ($rb | run_label), counts: ($rb | count_tests)},
     thresholds: {states_pct: $st, time_pct: $tt, min_delta: $md,
		  perf_gate: $gate},
     new_failures: $new,
     fixed: $fixed,
     skips_changed: $skips,
     other_changes: $other,
     still_failing: $still,
     duplicates: $dups,
     added: [$rows[] | select(.a == "-")],
     removed: [$rows[] | select(.b == "-")],
     verifier_changes: $stats,
     perf_changes: $perf,
     perf_regressions: $preg,
     exit: (if ($new | length) > 0 or any($dups[]; .b_dup > 1) then 1
	    elif $gate and ($preg | length) > 0 then 3
	    else 0 end)}
  end
