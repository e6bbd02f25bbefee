# SPDX-License-Identifier: GPL-2.0
#
# One row of patch-check's table from a bpf_refs-diff/1 document (report
# diff -f json of the base run against the patched one), tab separated:
# part, both verdicts, what starts to pass, what starts to fail, how many
# other changes, the verifier counters grown / shrunk, and the number of
# tests that start to fail.  $part names the part; $a and $b are the two
# results documents (--slurpfile).

def verdict(r): r.summary | "pass \(.pass) fail \(.fail) xfail \(.xfail) skip \(.skip)";
def bad: . == "fail" or . == "xfail" or . == "xpass";
def changes: [.new_failures[], .fixed[], .skips_changed[], .other_changes[]];
def starts_to_pass: [changes[] | select(.b == "pass" and (.a | bad))];
def starts_to_fail: [changes[] | select(.a == "pass" and (.b | bad))];
def names(l):
	if (l | length) == 0 then "-"
	else "\(l | length): \([l[] | .test] | .[:8] | join(", "))" +
		(if (l | length) > 8 then ", ..." else "" end)
	end;

(changes | length) as $n
| (starts_to_pass | length) as $up
| (starts_to_fail | length) as $down
| [$part, verdict($a[0]), verdict($b[0]), names(starts_to_pass),
   names(starts_to_fail), ($n - $up - $down | tostring),
   "\([.verifier_changes[] | select(.b > .a)] | length) / " +
   "\([.verifier_changes[] | select(.b < .a)] | length)",
   ($down | tostring)]
| @tsv
