# SPDX-License-Identifier: GPL-2.0
#
# Render a bpf_refs-diff/1 document as text or markdown ($format).

def md: $format == "md";
def head($t): if md then "\n### \($t)\n" else "\n\($t):" end;
def item($s): if md then "- \($s)" else "  \($s)" end;
def code($s): if md then "`\($s)`" else $s end;
def why: if .a == "skip" and .b == "skip" then " (\(.a_reason) -> \(.b_reason))"
	 elif .b_reason != "" then " (\(.b_reason))"
	 elif .a_reason != "" then " (was: \(.a_reason))" else "" end;
def fix: .fixed_by as $f | if $f != "" and ((.b_reason + .a_reason) | contains($f | split(" ")[0]) | not) then " [lacks fix \(.fixed_by)]" else "" end;

def section($t; $rows; f):
	if ($rows | length) == 0 then empty
	else head("\($t) (\($rows | length))"), ($rows[] | item(f)) end;

def counts: "\(.pass) pass, \(.fail) fail, \(.skip) skip, \(.xfail) xfail, \(.xpass) xpass";

(if md then "## bpf_refs diff" else "bpf_refs diff" end),
item("A: \(.a.label) [\(.a.name)]: \(.a.counts | counts)"),
item("B: \(.b.label) [\(.b.name)]: \(.b.counts | counts)"),
section("New failures"; .new_failures;
	"\(code(.test)): \(.a) -> \(.b)\(why)\(fix)"),
section("Fixed"; .fixed; "\(code(.test)): \(.a) -> \(.b)"),
section("Skips changed"; .skips_changed; "\(code(.test)): \(.a) -> \(.b)\(why)"),
section("Other status changes"; .other_changes;
	"\(code(.test)): \(.a) -> \(.b)\(why)\(fix)"),
section("Still failing"; .still_failing; "\(code(.test)): \(.b)\(why)\(fix)"),
section("Records of one name that nothing tells apart (no tests[].object, or one object given twice; in B they fail the gate)"; .duplicates;
	"\(code(.test)): \(.a) -> \(.b)\(if .b_dup > 1 then " (B holds \(.b_dup) records of \(.name))" else "" end)\(if .a_dup > 1 then " (A holds \(.a_dup))" else "" end)"),
section("Only in B"; .added; "\(code(.test)): \(.b)\(why)"),
section("Only in A"; .removed; "\(code(.test)): \(.a)"),
section("Verifier counter regressions (above \(.thresholds.states_pct)% and by \(.thresholds.min_delta) or more)";
	[.verifier_changes[] | select(.regression)];
	"\(code(.test)) \(.metric): \(.a) -> \(.b) (\(.pct)%)\(if .regression then " REGRESSION" else "" end)"),
(.verifier_changes | map(select(.regression | not)) | length) as $n
| if $n > 0 then head("Other verifier counter changes: \($n) (within the threshold or lower; -f json lists them)") else empty end,
section("Perf point changes (time above \(.thresholds.time_pct)% outside the spread, states above \(.thresholds.states_pct)%)";
	.perf_changes;
	"\(code(.point)): median \(.a_median_us) -> \(.b_median_us) us (\(.time_pct)%), states \(.a_states) -> \(.b_states)\(if .regression then " REGRESSION" elif .improvement then " improved" else "" end)"),
"",
([.duplicates[] | select(.b_dup > 1)] | length) as $bd
| (if .exit == 1 then "verdict: " + ([if (.new_failures | length) > 0 then "\(.new_failures | length) new failure(s)" else empty end,
				  if $bd > 0 then "\($bd) record(s) of B that cannot be told apart" else empty end] | join("; "))
 elif .exit == 3 then "verdict: \(.perf_regressions | length) perf regression(s)"
 elif (.perf_regressions | length) > 0
 then "verdict: no new failure; \(.perf_regressions | length) perf regression(s) not gated"
 else "verdict: nothing regressed" end)
