# SPDX-License-Identifier: GPL-2.0
#
# report html: a bpf_refs-merged/1 model -> one self-contained HTML page.
# $title, $generated, $css, $js, $plots[0] ({"perf": [{file, label}],
# "history": file|null}).

include "lib";

def statuses: ["pass", "fail", "skip", "xfail", "xpass"];
def label_of: {pass: "pass", fail: "FAIL", skip: "skip", xfail: "xfail",
	       xpass: "XPASS"}[.] // "·";

def bad: . == "fail" or . == "xfail" or . == "xpass";
# short_rel (lib.jq) of "6.12.117+deb12-amd64" is "6.12.117"; the rest
# "+deb12-amd64"
def rest_rel: (short_rel | length) as $n | .[$n:];
# Does kernel release $k have a fix that FIXES puts in release $r?
def has_fix($k; $r):
	$r != null and ($r | test("^[0-9]+\\.[0-9]+$"))
	and ($k | kver | .[0:2]) >= ($r | split(".") | map(tonumber));

def attr($k; $v): " \($k)=\"\($v | html)\"";

def cell_title($c):
	$c.status
	+ (if $c.reason != "" then ": \($c.reason)" else "" end)
	+ (if $c.fixed_by != "" then "\nregression test of upstream fix \($c.fixed_by)"
	   else "" end)
	+ (if $c.splats != "" then "\nsplat: \($c.splats)" else "" end)
	+ (if $c.verifier != null
	   then "\nverifier: \($c.verifier.insns) insns, \($c.verifier.total_states) states, \($c.verifier.verification_time_us) us"
	   else "" end);

def run_title:
	"\(.file)\nstarted \(.started) on \(.host)\nBTF \(.btf), JIT \(.jit)"
	+ (if (.config | length) > 0
	   then "\n" + (.config | to_entries | map("\(.key)=\(.value)")
			| join("\n"))
	   else "" end);

# A row worth a look: a failure somewhere, or runs that disagree.
def row_class($m):
	([.cells[] | .status] | unique) as $sts
	| if ($sts | length) > 1
	     or any(.cells[]; (.dup // 1) > 1)
	     or any($sts[]; . == "fail" or . == "xfail" or . == "xpass")
	     or (.cells | length) < ($m.runs | length)
	  then "interesting" else "plain" end;

def matrix:
	. as $m
	| ($m.runs | map(.counts) ) as $cs
	| "<table id=\"matrix-table\" class=\"matrix\""
	  + attr("data-runs"; $m.runs | length)
	  + attr("data-tests"; $m.tests | length)
	  + ([statuses[] as $s | attr("data-\($s)"; [$cs[][$s]] | add // 0)]
	     | join(""))
	  + ">\n<thead><tr><th class=\"corner\" rowspan=\"2\">test \\ run</th>"
	  + ([$m.runs | group_by(.arch)[]
	      | "<th class=\"arch\"" + attr("colspan"; length) + ">"
		+ (.[0].arch | html) + "</th>"] | join(""))
	  + "</tr>\n<tr>"
	  + ([$m.runs[] | "<th class=\"run\"" + attr("title"; "\(.release)\n" + run_title)
	      + attr("data-run"; .key) + ">"
	      + (.release | short_rel | html) + "<br><span class=\"where\">"
	      + (.release | rest_rel | html) + "<br>"
	      + (.where | html) + "</span></th>"] | join(""))
	  + "</tr></thead>\n<tbody>\n"
	  + ([$m.tests | group_by(.topic)[]
	      | "<tr class=\"topic \(if any(.[]; row_class($m) == "interesting") then "interesting" else "plain" end)\"><th colspan=\"\(($m.runs | length) + 1)\">"
		+ (.[0].topic | html) + "</th></tr>\n"
		+ (map(. as $t
		       | "<tr class=\"\($t | row_class($m))\"><th class=\"name\""
			 + attr("title"; if $t.description != "" then $t.description
				       else $t.id end)
			 # the subtest, and what tells it apart from records of its
			 # name (keyed_tests: " [object]", " #2")
			 + ">" + (($t.subtest + ($t.id | .[($t.name | length):])) | html)
			 + (if $t.fixed_by != "" then " <span class=\"reg\" title=\"regression test for \($t.fixed_by | html)\">&#9873;</span>" else "" end)
			 + "</th>"
			 + ([$m.runs[] | . as $r | $t.cells[$r.key] as $c
			     | if $c == null then
				 "<td class=\"cell st-none\"" + attr("data-run"; $r.key)
				 + " title=\"not run\">&#183;</td>"
			       else
				 "<td class=\"cell st-\($c.status)\(if ($c.dup // 1) > 1 then " dup" else "" end)\""
				 + attr("data-run"; $r.key)
				 + attr("title"; (if ($c.dup // 1) > 1
						then "DUP: this run holds \($c.dup) records of \($t.name) that nothing tells apart\n"
						else "" end) + cell_title($c)) + ">"
				 + ($c.status | label_of)
				 + (if ($c.dup // 1) > 1 then " DUP" else "" end)
				 + (if $c.splats != "" then "&#9888;" else "" end)
				 + "</td>"
			       end] | join(""))
			 + "</tr>")
		   | join("\n"))] | join("\n"))
	  + "\n</tbody>\n<tfoot>\n"
	  + ([statuses[] as $s
	      | "<tr class=\"sum\"><th class=\"st-\($s)\">\($s)</th>"
		+ ([$m.runs[] | "<td class=\"count\"" + attr("data-run"; .key)
		    + attr("data-status"; $s) + ">\(.counts[$s])</td>"]
		   | join(""))
		+ "</tr>"] | join("\n"))
	  + "\n<tr class=\"sum\"><th>total</th>"
	  + ([$m.runs[] | "<td class=\"count\">\(.counts.total)</td>"] | join(""))
	  + "</tr>\n</tfoot></table>\n";

# --- the fix map (report fixmap's JSON, in the model as .fixmap) ---
# Order of fix groups: released fixes by release, then unreleased, then
# fixes FIXES does not list, then tests that name no fix.
def fix_order:
	if .fixed_by == "" then [3]
	elif .fix_release == null then [2]
	elif .fix_release == "none" then [1]
	else [0] + (.fix_release | split(".") | map(tonumber? // 0)) end;
def fix_release_text:
	if . == null then "not in FIXES"
	elif . == "none" then "no released kernel has the fix"
	else "upstream in \(.)" end;
def fix_head:
	if .fixed_by == "" then "no fix named"
	else "<code>" + (.fixed_by | html) + "</code> "
	     + (.fix_subject // "" | html) end;

# The arches of a fix map with two kernels or more.
def fm_arches: [(.arches // [])[] | select((.runs | length) >= 2)];

def fm_problems($a; $p):
	[$a.tests[] | select(any(.kernels[]; .status | bad)) | .test] as $shown
	| if ($p | length) == 0 then
		"<p class=\"agree\">No disagreement on \($a.arch | html): every failing test first passes where FIXES puts its fix, and the xfail lists agree.</p>"
	else
		"<table class=\"problems\"" + attr("data-arch"; $a.arch)
		+ "><caption>\($p | length) disagreement(s) on \($a.arch | html) between the runs, FIXES, the tests' fixes and the xfail lists</caption>"
		+ "<thead><tr><th>test</th><th>disagreement</th><th>evidence</th></tr></thead><tbody>"
		+ ([$p | group_by(.test)[] | length as $n
		    | to_entries[] | .key as $i | .value | .test as $tn
		    | "<tr class=\"problem\"" + attr("data-test"; .test) + ">"
		      + (if $i == 0 then "<th class=\"name\"" + attr("rowspan"; $n) + ">"
				 + (if any($shown[]; . == $tn) then
					"<a" + attr("href"; "#fm-\($a.arch)-\(.test)") + ">"
					+ (.test | html) + "</a>"
				    else .test | html end) + "</th>"
			 else "" end)
		      + "<td>" + (.problem | html) + "</td><td>"
		      + (if .kernel then "<span class=\"st-\(.status)\">"
			       + (.kernel | html) + ": " + (.status | html) + "</span> "
			       + (.reason | html)
			 else "the tests' records" end)
		      + "</td></tr>"] | join(""))
		+ "</tbody></table>"
	end;

def fm_table($a; $p):
	[$a.tests[] | select(any(.kernels[]; .status | bad))] as $t
	| ($a.runs | length) as $nk
	| ([$a.runs[] | .release] | (length != (unique | length))) as $dup
	| "<table class=\"fixmap\"" + attr("data-arch"; $a.arch) + ">"
	  + "<thead><tr><th class=\"corner\">fix / test \\ kernel</th>"
	  + ([$a.runs[] | "<th class=\"kernel\"" + attr("data-run"; .key)
	      + attr("title"; "\(.release) (\(.where))") + ">"
	      + (.release | short_rel | html) + "<br><span class=\"where\">"
	      + (.release | rest_rel | html)
	      + (if $dup then " " + (.where | html) else "" end)
	      + "</span></th>"] | join(""))
	  + "<th>first pass</th></tr></thead><tbody>"
	  + ([$t | group_by(.fixed_by) | sort_by(.[0] | fix_order)[]
	      | .[0] as $f
	      | "<tr class=\"fix\"" + attr("data-sha"; $f.fixed_by) + "><th class=\"fix\">"
		+ ($f | fix_head) + "<br><span class=\"rel\">"
		+ (if $f.fixed_by == "" then "" else ($f.fix_release | fix_release_text) + " &#183; " end)
		+ "\(length) test\(if length == 1 then "" else "s" end)</span></th>"
		+ ([$a.runs[] | if $f.fixed_by != "" and has_fix(.release; $f.fix_release)
				then "<td class=\"has-fix\" title=\"this kernel has the fix (FIXES)\">&#10003;</td>"
				else "<td class=\"lacks-fix\"></td>" end] | join(""))
		+ "<td></td></tr>"
		+ (map(. as $r
		       | ([$p[] | select(.test == $r.test) | .problem]) as $pr
		       | "<tr class=\"fm-test\(if ($pr | length) > 0 then " disagree" else "" end)\""
			 + attr("id"; "fm-\($a.arch)-\($r.test)")
			 + attr("data-test"; $r.test) + "><th class=\"name\""
			 + (if ($pr | length) > 0 then attr("title"; $pr | join("\n")) else "" end)
			 + ">" + ($r.test | html)
			 + (if ($pr | length) > 0 then " <span class=\"mark\">&#10007; \($pr | length)</span>" else "" end)
			 + "</th>"
			 + ([$a.runs[] | . as $k
			     | ([$r.kernels[] | select(.key == $k.key)] | first) as $c
			     | if $c == null then
				 "<td class=\"cell st-none\" title=\"not run\">&#183;</td>"
			       else
				 "<td class=\"cell st-\($c.status)"
				 + (if $r.first_pass == $k.release then " first-pass" else "" end)
				 + (if $c.carried then " carried" else "" end)
				 + "\"" + attr("title"; "\($k.release): \($c.status)"
					+ (if $r.first_pass == $k.release then "\nfirst kernel from which it passes" else "" end)
					+ (if $c.carried then "\ncarries the fix, which its release lacks: a backport" else "" end))
				 + ">" + ($c.status | label_of) + "</td>"
			       end] | join(""))
			 + "<td class=\"first\">"
			 + (if $r.first_pass == null then "never"
			    else ($r.first_pass | short_rel | html) end)
			 + "</td></tr>")
		   | join(""))] | join("\n"))
	  + "</tbody></table>";

# The backports of the fix map: passes on kernels whose release lacks the
# fix the test names (expect.carried), marked where other tests of the fix
# fail on that kernel.
def fm_backports($bp):
	if ($bp | length) == 0 then ""
	else
		"<table class=\"backports\"><caption>Backports: \($bp | length) pass(es) on kernels whose release lacks the fix the test names</caption>"
		+ "<thead><tr><th>arch</th><th>kernel</th><th>test</th><th>fix</th><th>release of the fix</th></tr></thead><tbody>"
		+ ([$bp[] | "<tr class=\"backport\(if .disagree then " disagree" else "" end)\""
		    + attr("data-run"; .key) + attr("data-test"; .test) + "><td>"
		    + (.arch | html) + "</td><td>" + (.kernel | html) + "</td><td class=\"name\">"
		    + (.test | html) + "</td><td><code>" + (.fix | html) + "</code> "
		    + (.fix_subject // "" | html)
		    + (if .disagree then " <span class=\"mark\">&#10007; other tests of the fix fail on this kernel</span>" else "" end)
		    + "</td><td>" + (.fix_release | fix_release_text | html) + "</td></tr>"] | join(""))
		+ "</tbody></table>"
	end;

# Runs whose tests of one fix disagree (summary.error of the runner).
def runs_disagreeing($m):
	[$m.runs[] | select(.error > 0)] as $e
	| if ($e | length) == 0 then ""
	  else "<p class=\"warn\" id=\"fixmap-error\">On " + ($e | map((.label | html) + " (\(.error) fix\(if .error == 1 then "" else "es" end))") | join(", "))
	       + ", tests that name one fix disagree: some pass although the kernel's release lacks the fix, others fail as it says (a partial backport or a regression). The runner fails such a run; the disagreements below name the fixes.</p>\n"
	  end;

def fixmap_section:
	. as $m
	| $m.fixmap as $fm
	| if $fm == null then "<p>No fix map in this model.</p>"
	  else
		($fm | fm_arches) as $many
		| [$fm.arches[] | select((.runs | length) < 2)] as $few
		| "<p class=\"note\">Per arch, each test that fails (or xfails) on some kernel of these runs, grouped by the upstream fix it names, with the release <code>FIXES</code> gives that fix. &#10003; in a fix's row: the kernel has the fix (its version is at least that release). An outlined cell is the first kernel from which the test passes on every newer kernel. A row marked &#10007; disagrees with <code>FIXES</code>, its fix or an xfail list: see the table above it. A cell outlined in blue is a pass on a kernel whose release lacks the fix: it carries it (a backport, listed in the table below). Computed as <code>report fixmap</code> does, from the tests' records (their fix, its release in <code>FIXES</code> and the xfail list entry, as the runner read them).</p>\n"
		+ runs_disagreeing($m) + fm_backports($fm.backports // [])
		+ ([$many[] | . as $a
		    | [$fm.problems[] | select(.arch == $a.arch)] as $p
		    | "<div class=\"fm-arch\"" + attr("data-arch"; $a.arch) + "><h3>"
		      + ($a.arch | html) + ": \($a.runs | length) kernels, "
		      + ($a.runs[0].release | short_rel | html) + " &#8230; "
		      + ($a.runs[-1].release | short_rel | html) + "</h3>\n"
		      + fm_problems($a; $p) + "\n" + fm_table($a; $p) + "</div>"]
		   | join("\n"))
		+ ([$few[] | "<p class=\"fm-few\"" + attr("data-arch"; .arch) + ">"
		    + (.arch | html) + ": "
		    + (if (.runs | length) == 0 then "no kernel"
		       else "only one kernel (" + (.runs[0].release | html) + ")" end)
		    + " in these inputs: a fix map needs two kernels or more of an arch.</p>"]
		   | join("\n"))
		+ (if ($many | length) == 0 and ($few | length) == 0
		   then "<p class=\"fm-few\">No runs for a fix map.</p>" else "" end)
	  end;

# Bugs of one run from the fix map: {name, status, fixed_by, fix_release,
# fix_subject, reason}, or null when the fix map does not cover the run.
def fm_bad($m; $byname; $r):
	([($m.fixmap.arches // [])[] | select(any(.runs[]; .key == $r.key))] | first) as $a
	| if $a == null then null
	  else [$a.tests[] | . as $t
		| ([.kernels[] | select(.key == $r.key)] | first) as $c
		| select($c != null and ($c.status | bad))
		| {name: .test, status: $c.status, fixed_by, fix_release,
		   fix_subject, reason: ($byname[.test].cells[$r.key].reason // "")}]
	  end;

def bug_span: "<span class=\"st-\(.status)\">" + (.name | html) + " (\(.status))</span>";

# What kernel release $k has of fix group $f: the class of its cells.
def fix_state($k; $f):
	if $f.fixed_by == "" then "nofix"
	elif $f.fix_release == null then "unknown"
	elif $f.fix_release == "none" then "unreleased"
	elif has_fix($k; $f.fix_release) then "gap"
	else "lacks" end;
def fix_state_text($f):
	{nofix: "names no upstream fix",
	 unknown: "not in FIXES",
	 unreleased: "no released kernel has the fix",
	 gap: "upstream in \($f.fix_release), which this kernel has: a regression or a gap in the fix",
	 lacks: "upstream in \($f.fix_release); this kernel lacks it"}[.];

# The bugs of one run as the fix map has them: grouped by the fix they
# name, with the fix's release and what this kernel has of it.
def fm_bugs_of_run($r; $bad):
	if ($bad | length) == 0 then ""
	else
	"<details class=\"kernel\"" + attr("data-run"; $r.key) + "><summary><b>"
	+ ($r.label | html) + "</b> <span class=\"counts\">"
	+ ([("fail", "xfail", "xpass") as $s
	    | ([$bad[] | select(.status == $s)] | length) as $n
	    | select($n > 0) | "\($n) \($s)"] | join(", "))
	+ "</span></summary><ul>"
	+ ([$bad | map(select(.status != "xpass"))
	    | group_by(.fixed_by) | sort_by(.[0] | fix_order)[]
	    | .[0] as $f | fix_state($r.release; $f) as $st
	    | "<li class=\"fix-group\"" + attr("data-sha"; $f.fixed_by)
	      + attr("data-release"; $f.fix_release // "") + ">"
	      + ($f | fix_head) + " &#8212; <span class=\"\($st)\">"
	      + ($st | fix_state_text($f) | html) + "</span>"
	      + " (\(length) test\(if length == 1 then "" else "s" end)):"
	      + "<div class=\"tests\">"
	      + (map(bug_span + (if $st == "nofix" and .reason != ""
				 then " <span class=\"reason\">" + (.reason | html) + "</span>"
				 else "" end)) | join(" "))
	      + "</div></li>"] | join(""))
	+ ([$bad[] | select(.status == "xpass")] as $x
	   | if ($x | length) == 0 then ""
	     else "<li class=\"stale\">passed although an xfail list says this kernel fails them (stale entries):<div class=\"tests\">"
		  + ($x | map(bug_span) | join(" ")) + "</div></li>" end)
	+ "</ul></details>"
	end;

# Fixes x kernels: how many tests fail (or xfail) on each kernel, per fix
# they name, coloured by what the kernel has of the fix.  $cov: [{r, bad}].
def bug_overview($cov):
	([$cov[].bad[] | select(.status != "xpass")
	  | {fixed_by, fix_release, fix_subject}]
	 | unique_by(.fixed_by) | sort_by(fix_order)) as $fixes
	| ([$cov[].bad[] | select(.status == "xpass")] | length) as $nx
	| if ($fixes | length) == 0 and $nx == 0 then ""
	  else
	  "<table class=\"bug-overview\"><thead><tr><th class=\"corner\" rowspan=\"2\">fix \\ kernel</th>"
	  + ([$cov | group_by(.r.arch)[]
	      | "<th class=\"arch\"" + attr("colspan"; length) + ">"
		+ (.[0].r.arch | html) + "</th>"] | join(""))
	  + "</tr><tr>"
	  + ([$cov[].r | "<th class=\"kernel\"" + attr("data-run"; .key)
	      + attr("title"; .label) + ">" + (.release | short_rel | html)
	      + "<br><span class=\"where\">" + (.release | rest_rel | html)
	      + "</span></th>"] | join(""))
	  + "</tr></thead><tbody>"
	  + ([$fixes[] as $f
	      | "<tr" + attr("data-sha"; $f.fixed_by) + "><th class=\"fix\">"
		+ ($f | fix_head) + "<br><span class=\"rel\">"
		+ (if $f.fixed_by == "" then "tests that name no fix"
		   else $f.fix_release | fix_release_text end) + "</span></th>"
		+ ([$cov[] | .r as $r
		    | [.bad[] | select(.status != "xpass" and .fixed_by == $f.fixed_by)] as $t
		    | ($t | length) as $n
		    | if $n == 0 then "<td class=\"n\" data-n=\"0\"></td>"
		      else fix_state($r.release; $f) as $st
			| "<td class=\"n \($st)\"" + attr("data-n"; $n)
			  + attr("title"; "\($r.label): " + ($st | fix_state_text($f)) + "\n"
				 + ($t | map("\(.name) (\(.status))") | join("\n")))
			  + ">\($n)</td>"
		      end] | join(""))
		+ "</tr>"] | join(""))
	  + (if $nx == 0 then ""
	     else "<tr><th class=\"fix\">xpass<br><span class=\"rel\">passed although an xfail list says they fail</span></th>"
		  + ([$cov[] | [.bad[] | select(.status == "xpass")] as $t
		      | ($t | length) as $n
		      | "<td class=\"n\(if $n > 0 then " stale" else "" end)\""
			+ attr("data-n"; $n)
			+ attr("title"; $t | map(.name) | join("\n")) + ">"
			+ (if $n > 0 then "\($n)" else "" end) + "</td>"] | join(""))
		  + "</tr>" end)
	  + "</tbody><tfoot><tr><th>failing tests</th>"
	  + ([$cov[] | "<td class=\"n\">\([.bad[] | select(.status != "xpass")] | length)</td>"]
	     | join(""))
	  + "</tr></tfoot></table>\n"
	  + "<p class=\"legend\"><span class=\"n lacks\">n</span> the kernel lacks the fix (its release is newer) "
	  + "<span class=\"n gap\">n</span> the kernel has the fix and still fails "
	  + "<span class=\"n unreleased\">n</span> no released kernel has the fix "
	  + "<span class=\"n unknown\">n</span> fix not in FIXES, or no fix named. "
	  + "Hover a number for the tests; open a kernel below for the lists.</p>\n"
	  end;

# The bugs of one run from the model alone (a run neither on a host nor in
# a VM, which the fix map leaves out): regression tests grouped by their fix.
def model_bugs_of_run($m; $r):
	[$m.tests[] | . as $t | $t.cells[$r.key] as $c
	 | select($c != null and ($c.status | bad))
	 | {name: $t.id, status: $c.status, reason: $c.reason,
	    fixed_by: $c.fixed_by}] as $bad
	| if ($bad | length) == 0 then ""
	  else
	  "<div class=\"kernel\"" + attr("data-run"; $r.key) + "><h3>"
	  + ($r.label | html) + "</h3><ul>"
	  + ([$bad | map(select(.fixed_by != "")) | group_by(.fixed_by)[]
	      | "<li class=\"missing-fix\">lacks <code>"
		+ (.[0].fixed_by | html) + "</code> (\(length) tests): "
		+ (map(bug_span) | join(", "))
		+ "</li>"] | join(""))
	  + ([$bad[] | select(.fixed_by == "")
	      | "<li class=\"open-bug\">" + bug_span
		+ (if .reason != "" then ": " + (.reason | html) else "" end)
		+ " &#8212; no upstream fix recorded</li>"] | join(""))
	  + "</ul></div>"
	  end;

# Per run (columns' order), the tests that fail, xfail or xpass there:
# from the fix map when it covers the run, else from the model.
def bugs:
	. as $m
	| ($m.tests | INDEX(.id)) as $byname
	| [$m.runs[] | {r: ., bad: fm_bad($m; $byname; .)}] as $all
	| [$all[] | select(.bad != null)] as $cov
	| [$all[] | if .bad == null then model_bugs_of_run($m; .r)
		    else fm_bugs_of_run(.r; .bad) end
	   | select(. != "")] as $lists
	| if ($lists | length) == 0 then "<p>No failing test on any kernel.</p>"
	  else bug_overview($cov) + ($lists | join("\n")) end;

def exponents:
	. as $m
	| [$m.perf.points | group_by(.key, .family)[]
	   | . as $g | loglog_fit | select(. != null)
	   | . + {family: $g[0].family, label: $g[0].label, key: $g[0].key,
		  given: ([$m.perf.fits[]
			   | select(.key == $g[0].key and .family == $g[0].family)
			   | .exponent] | .[0])}] as $fits
	| if ($fits | length) == 0 then "<p>No perf points in these inputs.</p>"
	  else "<table class=\"fits\"><thead><tr><th>family</th><th>run</th>"
	       + "<th>exponent k (time &#8733; nodes<sup>k</sup>)</th><th>R&#178;</th>"
	       + "<th>points</th><th>k from tools/perf/</th></tr></thead><tbody>"
	       + ([$fits[] | "<tr><td>" + (.family | html) + "</td><td>"
		   + (.label | html) + "</td><td class=\"num\">"
		   + (.exponent | round3 | tostring) + "</td><td class=\"num\">"
		   + (.r2 | round3 | tostring) + "</td><td class=\"num\">"
		   + (.points | tostring) + "</td><td class=\"num\">"
		   + (if .given == null then "&#8212;"
		      else (.given | round3 | tostring) end)
		   + "</td></tr>"] | join(""))
	       + "</tbody></table>"
	  end;

# --- tools/perf/kernels.sh comparisons (the model's .kernels) ---
# A number with $d decimals, trailing zeros kept: 1.1 | fixed(4) = "1.1000"
def fixed($d):
	(. * pow(10; $d) | round) as $n
	| ($n | fabs | tostring) as $s
	| ("0" * ([$d + 1 - ($s | length), 0] | max) + $s) as $s
	| (if $n < 0 then "-" else "" end) + $s[:-$d] + "." + $s[-$d:];
def pct: . * 100 | fixed(2) + " %";
def k_or_dash: if . == null then "&#8212;" else fixed(2) end;
def n_families: "\(.) famil\(if . == 1 then "y" else "ies" end)";

# The A/A of one kernel, in words: {text, flagged}; flagged counts the
# families with a verdict other than same or a ratio beyond 1 +- $tol.
def aa_text($tol; $name):
	if . == null then {text: "\($name): no A/A (it needs 2 boots or more)", flagged: 0}
	elif .families == [] then {text: "\($name): no family in the A/A", flagged: 0}
	else [.families[] | select(.verdict != "same")] as $v
	     | [.families[] | select(.verdict == "same" and aa_flagged($tol))] as $b
	     | [.families[].ratio] as $r
	     | {flagged: ($v + $b | length),
		text: ("\($name): \(.families | length | n_families), "
		       + (if ($v | length) == 0 then "none flagged"
			  else "\($v | length) flagged (" + ($v | map("\(.family | html) \(.verdict | html)") | join(", ")) + ")" end)
		       + (if ($b | length) == 0 then ""
			  else ", \($b | length) beyond 1 &#177; \($tol | pct) ("
			       + ($b | map("\(.family | html) \(.ratio | fixed(4))") | join(", ")) + ")" end)
		       + ", ratios \($r | min | fixed(4))&#8211;\($r | max | fixed(4))"
		       + ", widest interval &#177;\([.families[] | half_width] | max | pct)"
		       + (if .boots | any(. < 2) then "; one boot per side: its interval holds the replays only" else "" end))}
	end;

def aa_cell($aa; $f; $tol):
	([($aa.families // [])[] | select(.family == $f)] | first) as $a
	| if $a == null then "<td class=\"aa\">&#8212;</td>"
	  else "<td class=\"num aa\(if $a | aa_flagged($tol) then " aa-flag" else "" end)\""
	       + attr("title"; "A/A \($a.ratio) [\($a.ci_lo), \($a.ci_hi)] \($a.verdict)") + ">"
	       + ($a.ratio | fixed(4)) + " " + ($a.verdict | html) + "</td>" end;

def changed_table($c):
	def cell($a; $b): "<td" + (if $a != $b then " class=\"diff\"" else "" end)
			  + ">\($a | html) &#8594; \($b | html)</td>";
	if ($c.changed_points | length) == 0 then
		"<p class=\"kchanged\">No counter (verdict, insns, states, peak states) differs between the kernels.</p>"
	else
		"<table class=\"kchanged\"><caption>Counters that differ between the kernels (first boot of each)</caption>"
		+ "<thead><tr><th>program</th><th>verdict</th><th>insns</th><th>states</th><th>peak states</th></tr></thead><tbody>"
		+ ([$c.changed_points[] | "<tr><td class=\"name\">" + (.prog | html) + "</td>"
		    + cell(.base_verdict; .cand_verdict) + cell(.base_insns; .cand_insns)
		    + cell(.base_states; .cand_states)
		    + cell(.base_peak_states; .cand_peak_states) + "</tr>"] | join(""))
		+ "</tbody></table>"
	end
	+ (($c.changed - ($c.changed_points | length)) as $n
	   | if $n > 0 then "<p class=\"note\">compare counted \($n) more: counters that changed between boots of one kernel (its <code>compare.txt</code> lists them).</p>"
	     else "" end);

def kernel_compare:
	. as $c
	| .tolerance as $tol
	| ($c.old | short_rel | html) as $o
	| ($c.new | short_rel | html) as $n
	| [.families[] | select(too_wide($tol))] as $wide
	| (.aa.old | aa_text($tol; $o)) as $aao
	| (.aa.new | aa_text($tol; $n)) as $aan
	| ($aao.flagged + $aan.flagged) as $flagged
	| "<div class=\"kcmp\(if ($wide | length) + $flagged > 0 then " marked" else "" end)\""
	  + attr("data-file"; .file)
	  + attr("data-arch"; .arch) + attr("data-old"; .old) + attr("data-new"; .new)
	  + attr("data-wide"; $wide | length) + attr("data-aa-flagged"; $flagged) + ">"
	  + "<h4>" + (.old | html) + " &#8594; " + (.new | html) + " (" + (.arch | html) + ")"
	  + (if ($wide | length) > 0 then " <span class=\"mark\">&#10007; interval wider than the tolerance</span>" else "" end)
	  + (if $flagged > 0 then " <span class=\"mark\">&#10007; A/A flags \($flagged)</span>" else "" end)
	  + "</h4>\n<p class=\"kmeta\">clock <b>" + (.clock | html) + "</b>; "
	  + "\(.boots.old) boots of \($o), \(.boots.new) of \($n), alternating; "
	  + "tolerance &#177;\($tol | pct); \(.families | length | n_families): "
	  + "\(.slower) slower, \(.faster) faster. <span class=\"file\">" + (.file | html) + "</span></p>\n"
	  + (if ($wide | length) > 0 then
		"<p class=\"warn kwide\">\($wide | length) of \(.families | length) family intervals are wider than the tolerance (&#177;\($tol | pct) of the ratio): "
		+ ($wide | map(.family | html) | join(", "))
		+ ". There the verdict cannot tell a change of the tolerance's size.</p>\n"
	     else "" end)
	  + "<p class=\"\(if $flagged > 0 then "warn" else "agree" end) kaa\">A/A (odd against even boots of one kernel, same tolerance): "
	  + $aao.text + "; " + $aan.text + ".</p>\n"
	  + "<table class=\"kfam\"><thead><tr><th>family</th><th>points</th>"
	  + "<th>ratio \($n) / \($o) (\(.clock | html))</th><th>95 % interval</th><th>&#177;</th><th>verdict</th>"
	  + "<th>A/A \($o)</th><th>A/A \($n)</th><th>time k \($o) / \($n)</th>"
	  + "<th>insns k \($o) / \($n)</th><th>largest accepted \($o) / \($n)</th></tr></thead><tbody>"
	  + ([.families[] | too_wide($tol) as $w
	      | "<tr" + attr("data-family"; .family) + (if $w then " class=\"wide\"" else "" end) + ">"
		+ "<td class=\"name\">" + (.family | html) + "</td><td class=\"num\">\(.points)</td>"
		+ "<td class=\"num\">" + (.ratio | fixed(5)) + "</td>"
		+ "<td class=\"num\">[" + (.ci_lo | fixed(5)) + ", " + (.ci_hi | fixed(5)) + "]</td>"
		+ "<td class=\"num\">" + (half_width | pct)
		+ (if $w then " <span class=\"mark\" title=\"wider than the tolerance\">&#10007;</span>" else "" end) + "</td>"
		+ "<td class=\"v-\(.verdict | html)\">" + (.verdict | html) + "</td>"
		+ aa_cell($c.aa.old; .family; $tol) + aa_cell($c.aa.new; .family; $tol)
		+ "<td class=\"num\">" + (.old_fit.time_exponent | k_or_dash) + " / " + (.new_fit.time_exponent | k_or_dash) + "</td>"
		+ "<td class=\"num\">" + (.old_fit.insns_exponent | k_or_dash) + " / " + (.new_fit.insns_exponent | k_or_dash) + "</td>"
		+ "<td class=\"num\">\(.old_fit.largest_accepted // "&#8212;") / \(.new_fit.largest_accepted // "&#8212;")</td></tr>"]
	     | join(""))
	  + "</tbody></table>\n" + changed_table($c) + "</div>";

def kernel_compares:
	"<div id=\"kernels\"><h3>Kernel comparison (<code>tools/perf/kernels.sh OLD NEW</code>)</h3>\n"
	+ if (.kernels // []) == [] then
		"<p class=\"note\">No comparison of two kernels in these inputs: give <code>report html</code> the output directory of <code>tools/perf/kernels.sh OLD NEW</code> (its <code>compare.json</code>).</p>"
	  else
		"<p class=\"note\">Per family of generated programs: the ratio NEW / OLD of the verification time (mean over boots of each boot's median) with its 95 % interval (bootstrap over boots, then replays), in the clock the guests had (icount: guest instructions; realtime). The verdict is slower or faster when the interval lies beyond 1 &#177; the tolerance. A/A: the odd against the even boots of one kernel, which should find nothing. &#10007; marks a comparison whose interval is wider than its tolerance (half the interval over the ratio) or whose A/A flags a family (a verdict other than same, or a ratio beyond 1 &#177; the tolerance). Growth exponents k: time and insns &#8733; nodes<sup>k</sup> on each kernel.</p>\n"
		+ ([.kernels[] | kernel_compare] | join("\n"))
	  end
	+ "</div>\n";

# --- coverage of the series' functions (the model's .coverage) ---
# $h of $t: "82.5 %", a dash when $t is 0.
def pct_of($h; $t): cov_pct($h; $t) | if . == null then "&#8212;" else fixed(1) + " %" end;
def cov_td($h; $t):
	"<td class=\"num"
	+ (if $t > 0 and $h == 0 then " cov-zero" elif $t > 0 and $h == $t then " cov-full"
	   else "" end)
	+ "\">\($h)/\($t) (" + pct_of($h; $t) + ")</td>";
# The lines and branches cells of counts . (null: not in that source).
def cov_pair:
	if . == null then "<td class=\"num\">&#8212;</td>" * 2
	else cov_td(.lines_hit; .lines) + cov_td(.branches_taken; .branches) end;

# The Runs table's cell of run .: the suite's coverage of the series'
# functions on a kernel of its X.Y series.
def run_cov_cell:
	.coverage as $c
	| if $c == null then "<td class=\"cov none\">&#8212;</td>"
	  else "<td class=\"cov\"" + attr("data-coverage"; $c.id)
	       + attr("title"; (if $c.suite == null then "the coverage file has no suite source"
				else $c.suite | "suite: \(.lines_hit)/\(.lines) lines, \(.branches_taken)/\(.branches) branches of the series' functions" end)
			     + "\non \($c.kernel), \($c.date)\n\($c.file)")
	       + "><a" + attr("href"; "#\($c.id)") + ">"
	       + (if $c.suite == null then "no suite source"
		  else $c.suite | pct_of(.lines_hit; .lines) + " lines<br>"
		       + pct_of(.branches_taken; .branches) + " branches" end)
	       + "</a></td>"
	  end;

# The lines that the last source (all, every source summed, when there)
# never runs, with their reasons.
def never_run_table:
	(.never_run | length) as $n
	| ([.never_run[] | select(.reason == null)] | length) as $none
	| if $n == 0 then
		"<p class=\"agree\">Every line of these functions runs in "
		+ (.sources[-1].name // "" | if . == "all" then "some source" else html end) + ".</p>"
	  else "<details class=\"cov-never\" open><summary>\($n) line\(if $n == 1 then "" else "s" end) "
	       + (never_run_by | html) + ", \($none) with no reason yet</summary>"
	       + "<table class=\"cov-never\"><thead><tr><th>function</th><th>line</th><th>code</th>"
	       + "<th>why no test runs it</th></tr></thead><tbody>"
	       + ([.never_run[] | "<tr class=\"never\"><td class=\"name\">" + (.function | html)
		   + "</td><td>" + (.file | html) + ":\(.line)</td><td><code>" + (.code | html)
		   + "</code></td>"
		   + (if .reason == null then "<td class=\"noreason\">no reason yet</td>"
		      else "<td>" + (.reason | html) + "</td>" end) + "</tr>"] | join(""))
	       + "</tbody></table></details>"
	  end;

def coverage_file($m):
	. as $c
	| [.sources[].name] as $src
	| [$m.runs[] | select(.coverage.id == $c.id) | .label] as $shown
	| "<div class=\"cov\"" + attr("id"; .id) + attr("data-file"; .file)
	  + attr("data-series"; .series // "") + "><h4>" + (.kernel | html) + "</h4>\n"
	  + "<p class=\"note\">" + (.date // "no date" | html) + ", <span class=\"file\">"
	  + (.file | html) + "</span>. Sources: "
	  + ([.sources[] | (.name | html) + " (" + (.verdict // "no verdict" | html) + ")"]
	     | join(", ")) + ". "
	  + (if $shown == [] then "No run of these inputs is of its series"
		 + (if .series == null then "" else " (" + (.series | html) + ")" end)
		 + ": the Runs table shows it for none."
	     else "The Runs table shows its suite coverage for "
		  + ($shown | map(html) | join(", ")) + "." end)
	  + "</p>\n<table class=\"cov-fn\"><thead><tr><th rowspan=\"2\">function</th>"
	  + "<th rowspan=\"2\">lines</th>"
	  + ([.sources[] | "<th colspan=\"2\" class=\"src\"" + attr("title"; .verdict // "")
	      + ">" + (.name | html) + "</th>"] | join(""))
	  + "</tr><tr>" + ("<th>lines</th><th>branches</th>" * ($src | length))
	  + "</tr></thead><tbody>"
	  + ([.functions[] | . as $f
	      | "<tr class=\"fn\"" + attr("data-function"; .name) + "><td class=\"name\">"
		+ (.name | html) + "</td><td>" + (.file | html) + ":\(.first)&#8211;\(.last)</td>"
		+ ([$src[] | $f.coverage[.] | cov_pair] | join("")) + "</tr>"] | join(""))
	  + "</tbody><tfoot><tr class=\"total\"><th>all \(.functions | length) functions</th><td></td>"
	  + ([.sources[] | cov_pair] | join("")) + "</tr></tfoot></table>\n"
	  + never_run_table + "</div>";

def coverage_section:
	. as $m
	| if $m.coverage == [] then
		"<p class=\"note\">No coverage file in these inputs: give <code>report html</code> the <code>coverage.json</code> that <code>tools/vm/coverage.sh</code> writes (docs/coverage.md).</p>"
	  else
		"<p class=\"note\">Line and branch coverage of the series' functions in a gcov kernel, per source (the suite, upstream's tests, the fuzz campaign, and all of them summed), as <code>tools/vm/coverage.sh</code> measured it; then the lines that no source runs, each with the reason it cannot be reached or &#8220;no reason yet&#8221;. The Runs table gives the suite's coverage on the runs of the file's X.Y series (the newest file of a series).</p>\n"
		+ ([$m.coverage[] | coverage_file($m)] | join("\n"))
	  end;

def history_table:
	"<table class=\"history\"><thead><tr><th>started</th><th>run</th>"
	+ ([statuses[] | "<th class=\"st-\(.)\">\(.)</th>"] | join(""))
	+ "<th>file</th></tr></thead><tbody>"
	+ ([.history | reverse[]
	    | "<tr><td>" + (.started | html) + "</td><td>" + (.label | html)
	      + "</td>"
	      + (. as $h | [statuses[] | "<td class=\"num\">\($h.counts[.])</td>"]
		 | join(""))
	      + "<td class=\"file\">" + (.file | html) + "</td></tr>"]
	   | join(""))
	+ "</tbody></table>";

def summary:
	. as $m
	| "<table class=\"summary\"><thead><tr><th>arch</th><th>kernel</th><th>where</th>"
	  + "<th>BTF</th><th>JIT</th>"
	  + ([statuses[] | "<th class=\"st-\(.)\">\(.)</th>"] | join(""))
	  + "<th>total</th><th>fixes missing</th><th>carried</th><th>disagree</th><th title=\"the suite's line and branch coverage of the series' functions, on a kernel of this X.Y series (tools/vm/coverage.sh)\">suite coverage</th><th>run started</th><th>run time</th></tr></thead><tbody>"
	  + ([$m.runs[] | . as $r
	      | ([$m.tests[] | .cells[$r.key] // empty
		  | select(.status == "fail" or .status == "xfail")
		  | .fixed_by | select(. != "")] | unique | length) as $nf
	      | "<tr" + (if .error > 0 then " class=\"disagree\"" else "" end)
		+ attr("data-run"; .key) + attr("title"; run_title) + "><td>"
		+ (.arch | html) + "</td><td>" + (.release | html) + "</td><td>"
		+ (.where | html) + "</td><td>\(.btf)</td><td>\(.jit)</td>"
		+ ([statuses[] as $s | "<td class=\"num\">\($r.counts[$s])</td>"]
		   | join(""))
		+ "<td class=\"num\">\(.counts.total)</td><td class=\"num\">\($nf)</td>"
		+ "<td class=\"num\"" + attr("title"; "passes on this kernel although its release lacks the fix (backports)")
		+ ">\(.counts.carried)</td><td class=\"num\""
		+ attr("title"; "fixes on which the tests disagree here (the runner's summary.error): some pass although the release lacks the fix, others fail as it says")
		+ ">" + (if .error > 0 then "<span class=\"mark\">&#10007; \(.error)</span>" else "0" end)
		+ "</td>" + run_cov_cell + "<td>"
		+ (.started | html) + "</td><td class=\"num\">"
		+ (.duration_us / 1000000 | round2 | tostring) + " s</td></tr>"]
	     | join(""))
	  + "</tbody></table>";

# The runs that hold records of one name that nothing tells apart
# (keyed_tests of lib.jq: dup), marked DUP in the matrix.
def dup_warning($m):
	[$m.runs[] | select(.counts.duplicate > 0)] as $d
	| if $d == [] then ""
	  else "<p class=\"warn\" id=\"duplicates\">Records of one name that nothing tells apart (no <code>tests[].object</code>, or one object given twice), marked DUP in the matrix; <code>report diff</code> counts them as failures: "
	       + ($d | map((.label | html) + " (\(.counts.duplicate) records)") | join(", ")) + "</p>"
	  end;

def img($f; $alt):
	if $f == null then "<p>No data for this plot.</p>"
	else "<img src=\"\($f | html)\" alt=\"\($alt | html)\">" end;

. as $m
| "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
  + "<meta name=\"generator\" content=\"bpf_refs report html\">\n"
  + "<title>" + ($title | html) + "</title>\n<style>\n" + $css
  + "</style>\n</head>\n<body>\n<header><h1>" + ($title | html) + "</h1>"
  + "<p>Generated \($generated | html): \($m.runs | length) runs, "
  + "\($m.tests | length) tests, \($m.perf.points | length) perf points, "
  + "\($m.kernels // [] | length) kernel comparisons, "
  + "\($m.coverage | length) coverage files, "
  + "\($m.history | length) stored runs in the history.</p>"
  + "<nav><a href=\"#runs\">runs</a> &#183; <a href=\"#fixmap\">fix map</a>"
  + " &#183; <a href=\"#bugs\">bugs per kernel</a>"
  + " &#183; <a href=\"#matrix\">matrix</a> &#183; <a href=\"#perf\">perf</a>"
  + " &#183; <a href=\"#kernels\">kernel comparison</a>"
  + " &#183; <a href=\"#coverage\">coverage</a>"
  + " &#183; <a href=\"#history\">history</a></nav>"
  + "</header>\n<main>\n"
  + "<section id=\"runs\"><h2>Runs</h2>\n" + ($m | summary)
  + (if ($m.unreadable | length) > 0
     then "<p class=\"warn\" id=\"unreadable\">Unreadable input files (truncated or not JSON), left out: "
	  + ($m.unreadable | map("<code>" + html + "</code>") | join(", ")) + "</p>"
     else "" end)
  + dup_warning($m) + "</section>\n"
  + "<section id=\"fixmap\"><h2>Fix map: the first kernel that passes each test</h2>\n"
  + ($m | fixmap_section)
  + "<p id=\"dom-fixmap\" class=\"note\">fix map counts appear here when scripts run</p>\n"
  + "</section>\n"
  + "<section id=\"bugs\"><h2>Bugs each kernel still has</h2>\n"
  + "<p class=\"note\">Per kernel, in the columns' order: the tests that fail or xfail there, grouped by the upstream fix they name, with the release <code>FIXES</code> gives that fix (taken from the fix map); and the tests that passed although an xfail list says they fail (xpass).</p>\n"
  + ($m | bugs) + "</section>\n"
  + "<section id=\"matrix\"><h2>Tests &#215; (arch, kernel)</h2>\n"
  + "<p class=\"legend\">"
  + ([statuses[] | "<span class=\"cell st-\(.)\">\(label_of)</span>"] | join(" "))
  + " <span class=\"cell st-none\">&#183;</span> not run &#8212; &#9873; regression test of an upstream fix, &#9888; kernel splat. Hover a cell for the reason, a column head for the run.</p>\n"
  + "<p><label><input type=\"checkbox\" id=\"only-interesting\"> show only tests that fail somewhere or whose runs disagree</label></p>\n"
  + ($m | matrix)
  + "<p id=\"dom-counts\" class=\"note\">cell counts appear here when scripts run</p>\n"
  + "</section>\n"
  + "<section id=\"perf\"><h2>Verifier performance</h2>\n"
  + (if ($plots[0].perf | length) == 0 then "<p>No perf points in these inputs.</p>"
     else [$plots[0].perf[] | img(.file; "verifier load time against tree size, " + .label)] | join("\n") end)
  + ($m | exponents) + ($m | kernel_compares) + "</section>\n"
  + "<section id=\"coverage\"><h2>Coverage of the series' functions</h2>\n"
  + ($m | coverage_section)
  + "<p id=\"dom-coverage\" class=\"note\">coverage counts appear here when scripts run</p>\n"
  + "</section>\n"
  + "<section id=\"history\"><h2>History</h2>\n"
  + img($plots[0].history; "pass and fail counts of stored runs")
  + ($m | history_table) + "</section>\n"
  + "</main>\n<script>\n" + $js + "</script>\n</body>\n</html>"
