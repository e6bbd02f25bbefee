# SPDX-License-Identifier: GPL-2.0
#
# report merge: many runs -> one model (JSON) or one table (text, markdown).
# Input: an array of documents tagged with "_file".  $format: json|text|md.

include "lib";

def model:
	. as $docs
	| ($docs | latest_runs) as $runs
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
			     error: (.summary.error // 0)}],
	   tests: ([$runs[] | run_key as $k | .tests[] | . + {key: $k}]
		   | group_by(.name)
		   | map({name: .[0].name, topic: (.[0].name | topic),
			  subtest: (.[0].name | subtest),
			  description: (map(.description // "")
					| map(select(. != "")) | .[0] // ""),
			  fixed_by: (map(.fixed_by // "")
				     | map(select(. != "")) | .[0] // ""),
			  cells: (map({key: .key,
				       value: {status, reason: (.reason // ""),
					       fixed_by: (.fixed_by // ""),
					       duration_us: (.duration_us // 0),
					       verifier, splats: (.splats // "")}})
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
	   unreadable: [$docs[] | select(.schema == "bpf_refs-unreadable") | ._file],
	   history: ([$docs[] | select(is_results)
		      | {key: run_key, label: run_label,
			 started: (.run.started // ""), file: ._file,
			 counts: count_tests}]
		     | unique_by(.key, .started) | sort_by(.started, .key))};

def short:
	{pass: "pass", fail: "FAIL", skip: "skip", xfail: "xfail",
	 xpass: "XPASS"}[.] // "?";

def pad($w): if $w > length then . + (" " * ($w - length)) else . end;

def text_table:
	. as $m
	| (["test"] + [$m.runs[] | "\(.arch) \(.release | .[0:20]) \(.where)"])
	  as $head
	| [$m.tests[] | . as $t
	   | [$t.name] + [$m.runs[] | ($t.cells[.key].status // "-") | short]]
	  as $rows
	| (["total"] + [$m.runs[] | "\(.counts.total)"]) as $tot
	| [$m.runs[] | .counts
	   | "p\(.pass) F\(.fail) s\(.skip) x\(.xfail) X\(.xpass)"] as $sum
	| ([$head, $tot, (["counts"] + $sum)] + $rows) as $all
	| [range(0; $head | length) as $i
	   | [$all[][$i] | length] | max] as $w
	| def line: [range(0; length) as $i | .[$i] | pad($w[$i])]
		    | join("  ") | sub(" +$"; "");
	  ([$head | line]
	   + [$w | map("-" * .) | join("  ")]
	   + [$rows[] | line]
	   + [$w | map("-" * .) | join("  ")]
	   + [(["counts"] + $sum) | line]
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
	   | "| `\($t.name)` | "
	     + ([$m.runs[] | ($t.cells[.key].status // "-") | md_cell]
		| join(" | ")) + " |"),
	  ("| **counts** | "
	   + ([$m.runs[] | .counts
	       | "\(.pass) pass, \(.fail) fail, \(.skip) skip, \(.xfail) xfail, \(.xpass) xpass"]
	      | join(" | ")) + " |");

model
| if $format == "json" then .
  elif $format == "md" then md_table
  else text_table end
