# SPDX-License-Identifier: GPL-2.0
#
# report html: a bpf_refs-merged/1 model -> one self-contained HTML page.
# $title, $generated, $css, $js, $plots[0] ({"perf": [{file, label}],
# "history": file|null}).

include "lib";

def statuses: ["pass", "fail", "skip", "xfail", "xpass"];
def label_of: {pass: "pass", fail: "FAIL", skip: "skip", xfail: "xfail",
	       xpass: "XPASS"}[.] // "·";

def attr($k; $v): " \($k)=\"\($v | html)\"";

def cell_title($c):
	$c.status
	+ (if $c.reason != "" then ": \($c.reason)" else "" end)
	+ (if $c.fixed_by != "" then "\nkernel lacks fix: \($c.fixed_by)"
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
	  + ">\n<thead><tr><th class=\"corner\">test \\ run</th>"
	  + ([$m.runs[] | "<th class=\"run\"" + attr("title"; run_title)
	      + attr("data-run"; .key) + ">" + (.arch | html) + "<br>"
	      + (.release | html) + "<br><span class=\"where\">"
	      + (.where | html) + "</span></th>"] | join(""))
	  + "</tr></thead>\n<tbody>\n"
	  + ([$m.tests | group_by(.topic)[]
	      | "<tr class=\"topic \(if any(.[]; row_class($m) == "interesting") then "interesting" else "plain" end)\"><th colspan=\"\(($m.runs | length) + 1)\">"
		+ (.[0].topic | html) + "</th></tr>\n"
		+ (map(. as $t
		       | "<tr class=\"\($t | row_class($m))\"><th class=\"name\""
			 + attr("title"; if $t.description != "" then $t.description
				       else $t.name end)
			 + ">" + ($t.subtest | html)
			 + (if $t.fixed_by != "" then " <span class=\"reg\" title=\"regression test for \($t.fixed_by | html)\">&#9873;</span>" else "" end)
			 + "</th>"
			 + ([$m.runs[] | . as $r | $t.cells[$r.key] as $c
			     | if $c == null then
				 "<td class=\"cell st-none\"" + attr("data-run"; $r.key)
				 + " title=\"not run\">&#183;</td>"
			       else
				 "<td class=\"cell st-\($c.status)\""
				 + attr("data-run"; $r.key)
				 + attr("title"; cell_title($c)) + ">"
				 + ($c.status | label_of)
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

def bugs:
	. as $m
	| [$m.runs[] | . as $r
	   | [$m.tests[] | . as $t | $t.cells[$r.key] as $c
	      | select($c != null and ($c.status == "fail" or $c.status == "xfail"
				       or $c.status == "xpass"))
	      | {name: $t.name, status: $c.status, reason: $c.reason,
		 fixed_by: $c.fixed_by}] as $bad
	   | select(($bad | length) > 0)
	   | "<div class=\"kernel\"" + attr("data-run"; $r.key) + "><h3>"
	     + ($r.label | html) + "</h3><ul>"
	     + ([$bad | map(select(.fixed_by != "")) | group_by(.fixed_by)[]
		 | "<li class=\"missing-fix\">lacks <code>"
		   + (.[0].fixed_by | html) + "</code> (\(length) tests): "
		   + (map("<span class=\"st-\(.status)\">" + (.name | html)
			  + " (\(.status))</span>") | join(", "))
		   + "</li>"] | join(""))
	     + ([$bad[] | select(.fixed_by == "")
		 | "<li class=\"open-bug\"><span class=\"st-\(.status)\">"
		   + (.name | html) + " (\(.status))</span>"
		   + (if .reason != "" then ": " + (.reason | html) else "" end)
		   + " &#8212; no upstream fix recorded</li>"] | join(""))
	     + "</ul></div>"]
	| if length == 0 then "<p>No failing test on any kernel.</p>"
	  else join("\n") end;

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
	       + "<th>points</th><th>k from perf/</th></tr></thead><tbody>"
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
	  + "<th>total</th><th>fixes missing</th><th>run started</th><th>run time</th></tr></thead><tbody>"
	  + ([$m.runs[] | . as $r
	      | ([$m.tests[] | .cells[$r.key] // empty
		  | select(.status == "fail" or .status == "xfail")
		  | .fixed_by | select(. != "")] | unique | length) as $nf
	      | "<tr" + attr("data-run"; .key) + attr("title"; run_title) + "><td>"
		+ (.arch | html) + "</td><td>" + (.release | html) + "</td><td>"
		+ (.where | html) + "</td><td>\(.btf)</td><td>\(.jit)</td>"
		+ ([statuses[] as $s | "<td class=\"num\">\($r.counts[$s])</td>"]
		   | join(""))
		+ "<td class=\"num\">\(.counts.total)</td><td class=\"num\">\($nf)</td><td>"
		+ (.started | html) + "</td><td class=\"num\">"
		+ (.duration_us / 1000000 | round2 | tostring) + " s</td></tr>"]
	     | join(""))
	  + "</tbody></table>";

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
  + "\($m.history | length) stored runs in the history.</p>"
  + "<nav><a href=\"#runs\">runs</a> &#183; <a href=\"#bugs\">bugs per kernel</a>"
  + " &#183; <a href=\"#matrix\">matrix</a> &#183; <a href=\"#perf\">perf</a>"
  + " &#183; <a href=\"#history\">history</a></nav>"
  + "</header>\n<main>\n"
  + "<section id=\"runs\"><h2>Runs</h2>\n" + ($m | summary)
  + (if ($m.unreadable | length) > 0
     then "<p class=\"warn\" id=\"unreadable\">Unreadable input files (truncated or not JSON), left out: "
	  + ($m.unreadable | map("<code>" + html + "</code>") | join(", ")) + "</p>"
     else "" end) + "</section>\n"
  + "<section id=\"bugs\"><h2>Bugs each kernel still has</h2>\n"
  + "<p class=\"note\">Failing, expected-failing (xfail) and unexpectedly passing (xpass) tests per kernel; regression tests are grouped by the upstream fix the kernel lacks.</p>\n"
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
  + ($m | exponents) + "</section>\n"
  + "<section id=\"history\"><h2>History</h2>\n"
  + img($plots[0].history; "pass and fail counts of stored runs")
  + ($m | history_table) + "</section>\n"
  + "</main>\n<script>\n" + $js + "</script>\n</body>\n</html>"
