# SPDX-License-Identifier: GPL-2.0
#
# The fix map of a kernel-line run (report fixmap): for every test and
# arch, the first kernel from which it passes on every newer kernel of
# the run, held against the fix the test names (__fixed_by), the release
# FIXES gives that fix, and every xfail entry.  Input: the loaded results
# documents; $fixes[0]: {sha: {release, subject}}; $xfails[0]: [{series,
# test, sha}].  Output: {arches, problems, exit}; exit 1 on a problem.
# arches[]: {arch, kernels (releases), runs: [{release, where, key}],
# tests: [{test, fixed_by, fix_release, fix_subject, first_pass, kernels:
# [{kernel, key, status}], problems}]}; key is the run key of lib.jq, by
# which report html matches the fix map to its columns.

include "lib";

# kver (a release as a version key) is lib.jq's, shared with latest_runs.
def series: kver | "\(.[0]).\(.[1])";
def series_key: split(".") | map(tonumber);

# pass and xpass passed; fail and xfail failed
def outcome:
	if . == "pass" or . == "xpass" then "pass"
	elif . == "fail" or . == "xfail" then "fail"
	else "skip" end;

# a fix id: a sha by its first 12 digits, a bug-<name> label whole
def sha_of: (. // "") | split(" ") | (.[0] // "")
	    | if startswith("bug-") then . else .[0:12] end;
def excerpt: (. // "") | .[0:200];

# One test on one arch: $runs are [{kernel, status, reason}] in version
# order, the runs where the test exists.
def judge($name; $arch; $runs; $fixes; $xfails):
	($runs | map(select(.outcome != "skip"))) as $ran
	| ($ran | length) as $n
	# first kernel from which every newer run passes
	| (if $n == 0 or $ran[-1].outcome != "pass" then null
	   else [range($n - 1; -1; -1) as $i
		 | select([$ran[$i:][] | .outcome == "pass"] | all)
		 | $ran[$i]][-1].kernel end) as $first
	| ($ran | map(select(.outcome == "fail"))) as $failed
	| ($runs | map(.fixed_by) | map(select(. != "")) | first // "" | sha_of) as $sha
	| ($fixes[$sha] // null) as $fix
	| [$xfails[] | select(.test == $name)] as $xf
	| def problem($what; $run):
		{test: $name, arch: $arch, problem: $what}
		+ (if $run then {kernel: $run.kernel, key: $run.key, status: $run.status,
				  reason: ($run.reason | excerpt)} else {} end);
	{test: $name, arch: $arch, fixed_by: $sha,
	 fix_release: ($fix.release // null),
	 fix_subject: ($fix.subject // null), first_pass: $first,
	 kernels: ($runs | map({kernel, key, status}))}
	| .problems = (
		[if $sha != "" and $fix == null then
			problem("names fix \($sha), which FIXES does not list"; null)
		 elif $sha != "" and $fix.release == "none" then
			# a pass older than every failure: the bug was not there yet
			($ran | (map(.outcome) | index("fail")) as $i
			 | if $i == null then null
			   else .[$i + 1:] | map(select(.outcome == "pass")) | first end) as $p
			| if $p then problem("passes, but FIXES says no released kernel has \($sha)"; $p)
			  else empty end
		 elif $sha != "" then
			($fix.release | series_key) as $r
			| ($ran | map(select(.series_key >= $r and .outcome == "fail"))
			   | first) as $gap
			| ($ran | map(select(.series_key < $r)) | last) as $before
			| if $gap then
				problem("fails on a kernel that has \($sha) (since \($fix.release)): a regression or a gap in the fix"; $gap)
			  elif $before and $before.outcome == "pass" and ($failed | length) > 0 then
				problem("passes before \($fix.release), the release of \($sha): the fix is not what makes it pass"; $before)
			  else empty end
		 elif ($failed | length) > 0 and $first != null and ($xf | length) == 0 then
			problem("fails on \($failed[-1].kernel), passes from \($first), and names no fix"; $failed[-1])
		 else empty end]
		+ [$xf[] as $x
		   | ($fixes[$x.sha] // null) as $xfix
		   | if $xfix == null then
			problem("xfail/\($x.series) names fix \($x.sha), which FIXES does not list"; null)
		     elif $xfix.release != "none" and
			  ($xfix.release | series_key) <= ($x.series | series_key) then
			problem("xfail/\($x.series) says it lacks \($x.sha), but that fix is in \($xfix.release)"; null)
		     elif $sha != "" and $x.sha != $sha then
			problem("xfail/\($x.series) names \($x.sha), the test names \($sha)"; null)
		     else empty end]);

$fixes[0] as $fx
| $xfails[0] as $xfl
| [latest_runs[] | select(.run.where == "vm" or .run.where == "host")] as $docs
| [$docs[] | .kernel.arch] | unique as $arches
| [$arches[] as $arch
   | [$docs[] | select(.kernel.arch == $arch)]
   | sort_by(.kernel.release | kver) as $runs
   | ([$runs[] | .tests[] | .name] | unique) as $names
   | {arch: $arch, kernels: [$runs[] | .kernel.release],
      runs: [$runs[] | {release: .kernel.release, where: (.run.where // "host"),
			 key: run_key}],
      tests: [$names[] as $t
	      | [$runs[] | .kernel.release as $k | run_key as $key
		 | .tests[] | select(.name == $t)
		 | {kernel: $k, key: $key, series_key: ($k | series | series_key),
		    status, outcome: (.status | outcome), reason,
		    fixed_by: (.fixed_by // "")}] as $r
	      | judge($t; $arch; $r; $fx; $xfl)]}] as $map
| {arches: $map, problems: [$map[].tests[].problems[]]}
| .exit = (if (.problems | length) > 0 then 1 else 0 end)
