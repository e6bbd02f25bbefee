# SPDX-License-Identifier: GPL-2.0
#
# report merge: many runs -> one model (JSON) or one table (text, markdown).
# Input: an array of documents tagged with "_file".  $format: json|text|md.

include "lib";

# The coverage files (tools/vm/coverage.sh), by kernel and date, each
# with an id for the dashboard; one read twice shows once.
def coverages:
	[.[] | select(is_coverage) | del(.schema) | .file = ._file | del(._file)
	 | .series = (.kernel | series)]
	| unique_by(del(.file)) | sort_by((.kernel | kver), .date)
	| to_entries | map(.value + {id: "coverage-\(.key + 1)"});

# The newest coverage file of the "X.Y" series of release $rel, with its
# suite source (null when it has none); null without such a file.
def run_coverage($covs; $rel):
	($rel | series) as $s
	| [$covs[] | select($s != null and .series == $s)] | max_by(.date)
	| if . == null then null
	  else {id, file, kernel, date,
		suite: ([.sources[] | select(.name == "suite")] | first)}
	  end;

def model:
	. as $docs
	| ($docs | latest_runs) as $runs
	| ($docs | coverages) as $covs
	| {schema: "bpf_refs-merged/1",
	   runs: [$runs[] | {key: run_key, label: run_label,
			     arch: .kernel.arch, release: .kernel.release,
			     version: (.kernel.version // ""),
			     where: (.run.where // "host"),
			     host: (.run.host // ""),
			     started: (.run.started // ""),
			     duration_us: (.run.duration_us // 0),
			     btf: .kernel.btf, jit: .kernel.jit,
			     config: (.kernel.config // {}),
			     file: ._file, counts: count_tests,
			     # fixes on which its tests disagree (the runner's
			     # count; the fix map names them)
			     error: (.summary.error // 0),
			     coverage: run_coverage($covs; .kernel.release)}],
	   # One row per test id (keyed_tests): a run that holds a name twice
	   # gives two rows, told apart by object or by order.
	   tests: ([$runs[] | run_key as $k | keyed_tests[] | . + {key: $k}]
		   | group_by(.id)
		   | map({id: .[0].id, name: .[0].name, topic: (.[0].name | topic),
			  subtest: (.[0].name | subtest),
			  object: (map(.object | strings) | .[0]),
			  description: (map(.description // "")
					| map(select(. != "")) | .[0] // ""),
			  fixed_by: (map(.fixed_by // "")
				     | map(select(. != "")) | .[0] // ""),
			  cells: (map({key: .key,
				       value: {status, reason: (.reason // ""),
					       fixed_by: (.fixed_by // ""),
					       duration_us: (.duration_us // 0),
					       verifier, splats: (.splats // ""),
					       dup}})
				  | from_entries)})),
	   # One point per (run, family, nodes): the newest document wins.
	   perf: {points: ([$docs[] | perf_points[]]
			   | group_by(.key, .family, .nodes)
			   | map(sort_by(.started) | last)),
		  fits: ([$docs[] | perf_fits[]] | group_by(.key, .family)
			 | map(last))},
	   # tools/perf/kernels.sh comparisons; one read twice (its directory and
	   # a perf-import of it) shows once.
	   kernels: ([$docs[] | select(is_kcompare)
		      | .file = (.file // ._file) | del(._file)]
		     | unique_by(del(.file, .started))
		     | sort_by(.arch, (.old | kver), (.new | kver), .clock)),
	   coverage: $covs,
	   unreadable: [$docs[] | select(.schema == "bpf_refs-unreadable") | ._file],
	   history: ([$docs[] | select(is_results)
		      | {key: run_key, label: run_label,
			 started: (.run.started // ""), file: ._file,
			 counts: count_tests}]
		     | unique_by(.key, .started) | sort_by(.started, .key))};

def short:
	{pass: "pass", fail: "FAIL", skip: "skip", xfail: "xfail",
	 xpass: "XPASS"}[.] // "?";

# A cell of the text table: the status, DUP on a record of a name its run
# holds more than once that nothing tells apart.
def cell_text:
	if . == null then "-" | short
	else (.status | short) + (if (.dup // 1) > 1 then " DUP" else "" end) end;

# Lines naming the runs that hold records nothing tells apart.
def dup_note($m):
	[$m.runs[] | select(.counts.duplicate > 0)] as $d
	| if $d == [] then []
	  else ["", "DUP: records of one name that nothing tells apart (no tests[].object, or one object given twice); report diff counts them as failures:"]
	       + [$d[] | "  \(.label): \(.counts.duplicate) records"] end;

# Coverage in words: of a source's counts, of a run (its column's cell)
# and of a coverage file (a line under the tables).
def pct_text($h; $t): cov_pct($h; $t) | if . == null then "-" else "\(.) %" end;
def counts_text:
	"\(.lines_hit)/\(.lines) lines (\(pct_text(.lines_hit; .lines))), "
	+ "\(.branches_taken)/\(.branches) branches (\(pct_text(.branches_taken; .branches)))";
def run_cov_text:
	if .coverage == null then "-"
	elif .coverage.suite == null then "no suite source"
	else .coverage.suite
	     | "\(pct_text(.lines_hit; .lines)) lines, \(pct_text(.branches_taken; .branches)) branches"
	end;
def coverage_lines($m):
	[$m.coverage[]
	 | "coverage of \(.kernel) (\(.file)): "
	   + ([.sources[] | "\(.name) \(counts_text)"] | join("; "))
	   + (.never_run | length | "; \(.) line\(if . == 1 then "" else "s" end) ")
	   + "\(never_run_by), "
	   + "\([.never_run[] | select(.reason == null)] | length) without a reason"];

def pad($w): if $w > length then . + (" " * ($w - length)) else . end;

def text_table:
	. as $m
	| (["test"] + [$m.runs[] | "\(.arch) \(.release | .[0:20]) \(.where)"])
	  as $head
	| [$m.tests[] | . as $t
	   | [$t.id] + [$m.runs[] | $t.cells[.key] | cell_text]]
	  as $rows
	| (["total"] + [$m.runs[] | "\(.counts.total)"]) as $tot
	| [$m.runs[] | .counts
	   | "p\(.pass) F\(.fail) s\(.skip) x\(.xfail) X\(.xpass)"
	     + (if .duplicate > 0 then " D\(.duplicate)" else "" end)] as $sum
	| (if $m.coverage == [] then []
	   else [["suite coverage"] + [$m.runs[] | run_cov_text]] end) as $cov
	| ([$head, $tot, (["counts"] + $sum)] + $cov + $rows) as $all
	| [range(0; $head | length) as $i
	   | [$all[][$i] | length] | max] as $w
	| def line: [range(0; length) as $i | .[$i] | pad($w[$i])]
		    | join("  ") | sub(" +$"; "");
	  ([$head | line]
	   + [$w | map("-" * .) | join("  ")]
	   + [$rows[] | line]
	   + [$w | map("-" * .) | join("  ")]
	   + [(["counts"] + $sum) | line]
	   + [$cov[] | line]
	   + dup_note($m)
	   + (coverage_lines($m) | if . == [] then [] else [""] + . end)
	   + (if ($m.perf.points | length) > 0
	      then ["", "perf points: \($m.perf.points | length)"] else [] end))
	  | join("\n");

def md_cell: {pass: "pass", fail: "**FAIL**", skip: "skip",
	      xfail: "xfail", xpass: "**XPASS**"}[.] // "–";

def md_table:
	. as $m
	| ("| test | " + ([$m.runs[] | "\(.arch) \(.release) \(.where)"]
			  | join(" | ")) + " |"),
	  ("|---|" + ([$m.runs[] | "---"] | join("|")) + "|"),
	  ($m.tests[] | . as $t
	   | "| `\($t.id)` | "
	     + ([$m.runs[] | $t.cells[.key] as $c | ($c.status // "-" | md_cell)
		 + (if ($c.dup // 1) > 1 then " **DUP**" else "" end)]
		| join(" | ")) + " |"),
	  ("| **counts** | "
	   + ([$m.runs[] | .counts
	       | "\(.pass) pass, \(.fail) fail, \(.skip) skip, \(.xfail) xfail, \(.xpass) xpass"
		 + (if .duplicate > 0 then ", \(.duplicate) DUP (records that nothing tells apart)" else "" end)]
	      | join(" | ")) + " |"),
	  (if $m.coverage == [] then empty
	   else "| **suite coverage** | " + ([$m.runs[] | run_cov_text] | join(" | ")) + " |",
		"", (coverage_lines($m)[] | "- \(.)") end);

model
| if $format == "json" then .
  elif $format == "md" then md_table
  else text_table end
