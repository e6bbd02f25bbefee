# SPDX-License-Identifier: GPL-2.0
#
# The fix map of a kernel-line run (report fixmap): for every test and
# arch, the first kernel from which it passes on every newer kernel of
# the run, held against the fix the test names (__fixed_by), the release
# FIXES gives that fix, the change that made the bug (__broken_by) and
# the xfail list entries the runs applied.  Everything comes from the
# test records of the runner's --json (fixed_by, fix_release, broken_by,
# broken_release, expect): the runner read FIXES and the xfail lists,
# report does not.  Input: the loaded results documents.  Output:
# {arches, backports, problems, exit}; exit 1 on a problem.
# arches[]: {arch, kernels (releases), runs: [{release, where, key}],
# tests: [{test, fixed_by, fix_release, fix_subject, broken_by,
# broken_release, first_pass, kernels: [{kernel, key, status, carried}],
# problems}]}; key is the run key of lib.jq, by which report html matches
# the fix map to its columns.  backports[]: {arch, kernel, key, test, fix,
# fix_subject, fix_release, disagree}: a pass on a kernel whose release
# lacks the fix (expect.carried), disagree when other tests of the fix
# fail as expected on that kernel.

include "lib";

# kver (a release as a version key) is lib.jq's, shared with latest_runs.
def series: kver | "\(.[0]).\(.[1])";
def series_key: split(".") | map(tonumber);

# pass and xpass passed; fail and xfail failed
def outcome:
	if . == "pass" or . == "xpass" then "pass"
	elif . == "fail" or . == "xfail" then "fail"
	else "skip" end;

# The id of a change name "<id> <subject>": a sha by its first 12 digits,
# a label (bug-<name>, origin-<name>) whole.
def id_of: (. // "") | split(" ") | (.[0] // "")
	   | if test("^[0-9a-f]+$") then .[0:12] else . end;
def subject_of: (. // "") | sub("^[^ ]* *"; "");
# A release of FIXES as the records give it: "" (FIXES lacks the id) and
# an absent field (a runner before fix_release) are both null.
def release_of: if . == "" then null else . end;
def excerpt: (. // "") | .[0:200];
# "/work/main/xfail/6.18" -> "xfail/6.18"
def list_name: (. // "") | split("/") | .[-2:] | join("/")
	       | if . == "" then "the xfail list" else . end;

# The fixes on which the tests of one run disagree, as the runner counts
# them into summary.error: [{fix, carried, failing}], the tests that pass
# although the kernel's release lacks the fix (carried) and those that
# fail as the fix says (an xfail derived from it).
def disagreeing:
	[.tests[] | {name: .id, status, e: (.expect // {} | .fix |= id_of)}] as $t
	| [$t[] | select(.e.carried) | .e.fix] | unique
	| map(. as $f
	      | {fix: $f, carried: [$t[] | select(.e.fix == $f and .e.carried) | .name],
		 failing: [$t[] | select(.e.fix == $f and .e.source == "derived"
					  and .status == "xfail") | .name]}
	      | select(.failing != []));

# One test on one arch: $runs are [{kernel, key, series_key, status,
# outcome, reason, fixed_by, fix_release, broken_by, broken_release,
# xfail_file, expect, backport}] in version order, the runs where the
# test exists; $known: {id: release} of every change the runs name.
def judge($name; $arch; $runs; $known):
	($runs | map(.fixed_by) | map(select(. != "")) | first // "") as $fix
	| ($fix | id_of) as $sha
	| ([$runs[] | select(.fixed_by != "") | .fix_release] | first | release_of) as $rel
	| ($runs | map(.broken_by) | map(select(. != "")) | first // "" | id_of) as $broke
	| ([$runs[] | select(.broken_by != "") | .broken_release] | first | release_of) as $brel
	# A run on a kernel whose release predates the change that made the
	# bug (broken_release) is not held against the fix: the bug was not
	# there yet.  "none": no release has that change.
	| (if $brel == null then $runs
	   elif $brel == "none" then []
	   else ($brel | series_key) as $b | $runs | map(select(.series_key >= $b)) end) as $held
	| ($held | map(select(.outcome != "skip"))) as $ran
	| ($runs | map(select(.outcome != "skip"))) as $all
	| ($all | length) as $n
	# first kernel from which every newer run passes
	| (if $n == 0 or $all[-1].outcome != "pass" then null
	   else [range($n - 1; -1; -1) as $i
		 | select([$all[$i:][] | .outcome == "pass"] | all)
		 | $all[$i]][-1].kernel end) as $first
	| ($ran | map(select(.outcome == "fail"))) as $failed
	| [$runs[] | select(.expect.source == "list")] as $listed
	| def problem($what; $run):
		{test: $name, arch: $arch, problem: $what}
		+ (if $run then {kernel: $run.kernel, key: $run.key, status: $run.status,
				  reason: ($run.reason | excerpt)} else {} end);
	{test: $name, arch: $arch, fixed_by: $sha, fix_release: $rel,
	 fix_subject: (if $sha == "" then null else $fix | subject_of end),
	 broken_by: $broke, broken_release: $brel, first_pass: $first,
	 kernels: ($runs | map({kernel, key, status, carried: (.expect.carried // false)}))}
	| .problems = (
		[if $broke != "" and $brel == null then
			problem("names change \($broke) as what made the bug, which FIXES does not list"; null)
		 else empty end]
		+ [if $sha != "" and $rel == null then
			problem("names fix \($sha), which FIXES does not list"; null)
		 elif $sha != "" and $rel == "none" then
			# a pass older than every failure: the bug was not there yet
			($ran | (map(.outcome) | index("fail")) as $i
			 | if $i == null then null
			   else .[$i + 1:] | map(select(.outcome == "pass")) | first end) as $p
			| if $p then problem("passes, but FIXES says no released kernel has \($sha)"; $p)
			  else empty end
		 elif $sha != "" then
			($rel | series_key) as $r
			| ($ran | map(select(.series_key >= $r and .outcome == "fail"))
			   | first) as $gap
			# A pass that the runner found carried (the kernel's
			# release lacks the fix, yet the test passes) is a
			# backport, not a wrong attribution, when the other
			# tests of the fix agree on that kernel (none fails as
			# the fix says: .backport); it is listed in backports
			# and the check looks at the kernels before it.  On a
			# kernel where the tests of the fix disagree, the pass
			# may come from something else: it is held as a pass.
			| ($ran | map(select(.series_key < $r and (.backport | not)))
			   | last) as $before
			| if $gap then
				problem("fails on a kernel that has \($sha) (since \($rel)): a regression or a gap in the fix"; $gap)
			  elif $before and $before.outcome == "pass" and ($failed | length) > 0 then
				problem("passes before \($rel), the release of \($sha): the fix is not what makes it pass"; $before)
			  else empty end
		 elif ($failed | length) > 0 and $first != null and ($listed | length) == 0 then
			problem("fails on \($failed[-1].kernel), passes from \($first), and names no fix"; $failed[-1])
		 else empty end]
		+ [$listed[] as $x
		   | ($x.xfail_file | list_name) as $l
		   | ($x.expect.fix | id_of) as $xf
		   | select($xf != "")
		   | ($known[$xf] // null) as $xrel
		   | if $xrel == null then
			problem("\($l) names fix \($xf), whose release no record gives (FIXES lacks it, or no test names it)"; $x)
		     elif $xrel != "none" and ($xrel | series_key) <= $x.series_key then
			problem("\($l) says \($x.kernel) lacks \($xf), but that fix is in \($xrel)"; $x)
		     elif $sha != "" and $xf != $sha then
			problem("\($l) names \($xf), the test names \($sha)"; $x)
		     else empty end]);

# tests keyed by id (keyed_tests of lib.jq): a run that holds a name twice
# keeps both records
[latest_runs[] | select(.run.where == "vm" or .run.where == "host")
 | .tests = keyed_tests | .disagreeing = disagreeing] as $docs
# {id: release} of every fix and bug-making change the records name
| ([$docs[].tests[] | (.fixed_by, .fix_release), (.broken_by, .broken_release)]
   | [range(0; length; 2) as $i | {id: (.[$i] | id_of), release: (.[$i + 1] | release_of)}]
   | map(select(.id != "" and .release != null)) | INDEX(.id) | map_values(.release)) as $known
| [$docs[] | .kernel.arch] | unique as $arches
| [$arches[] as $arch
   | [$docs[] | select(.kernel.arch == $arch)]
   | sort_by(.kernel.release | kver) as $runs
   | ([$runs[] | .tests[] | .id] | unique) as $names
   | {arch: $arch, kernels: [$runs[] | .kernel.release],
      runs: [$runs[] | {release: .kernel.release, where: (.run.where // "host"),
			 key: run_key}],
      tests: [$names[] as $t
	      | [$runs[] | .kernel.release as $k | run_key as $key
		 | .run.xfail_file as $xl | .disagreeing as $dis
		 | .tests[] | select(.id == $t)
		 | {kernel: $k, key: $key, series_key: ($k | series | series_key),
		    status, outcome: (.status | outcome), reason,
		    fixed_by: (.fixed_by // ""), fix_release,
		    broken_by: (.broken_by // ""), broken_release,
		    xfail_file: $xl, expect,
		    backport: ((.expect.carried // false)
			       and ((.expect.fix | id_of) as $f | any($dis[]; .fix == $f) | not))}] as $r
	      | judge($t; $arch; $r; $known)]}] as $map
| {arches: $map,
   backports: [$map[] | .tests[] as $t | $t.kernels[] | select(.carried)
	       | .key as $key
	       | {arch: $t.arch, kernel, key, test: $t.test, fix: $t.fixed_by,
		  fix_subject: $t.fix_subject, fix_release: $t.fix_release,
		  disagree: any($docs[] | select(run_key == $key) | .disagreeing[];
				.fix == $t.fixed_by)}]
	      | sort_by(.arch, (.kernel | kver), .kernel, .test),
   # one problem per fix on which the tests of a run disagree (the runner
   # fails the run: summary.error), on its first carried test
   problems: ([$map[].tests[].problems[]]
	      + [$docs[] | run_key as $key | .kernel as $k | .disagreeing[]
		 | {test: .carried[0], arch: $k.arch, kernel: $k.release, key: $key,
		    status: "pass",
		    reason: ("passes: \(.carried | join(", ")); fails: \(.failing | join(", "))" | excerpt),
		    problem: "\(.carried | length) test(s) of \(.fix) pass on this kernel, whose release lacks it, and \(.failing | length) fail as the fix says: a partial backport or a regression"}]
	      # records of one name a run holds more than once that nothing tells
	      # apart (keyed_tests: dup): one problem per name and run
	      + [$docs[] | run_key as $key | .kernel as $k
		 | [.tests[] | select(.dup > 1)] | group_by([.name, .object])[]
		 | {test: .[0].id, arch: $k.arch, kernel: $k.release, key: $key,
		    status: ((map(.status | select(bad_status)) | first) // .[0].status),
		    reason: ("statuses \(map(.status) | join(", "))"
			     + (map(.reason // "") | map(select(. != "")) | map("; " + .) | join(""))
			     | excerpt),
		    problem: "the run holds \(length) records of \(.[0].name) that nothing tells apart (no tests[].object, or one object given twice): \(map(.id) | join(", "))"}])}
| .exit = (if (.problems | length) > 0 then 1 else 0 end)
