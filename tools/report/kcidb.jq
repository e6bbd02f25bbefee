# SPDX-License-Identifier: GPL-2.0
#
# report kcidb: results and perf documents -> one KCIDB v5.3 submission.
# $origin: the KCIDB origin (ids are "<origin>:...").  Mapping and
# rationale: docs/results.md, "KCIDB export".

include "lib";

def nonull: walk(if type == "object"
		 then with_entries(select(.value != null)) else . end);

def kstatus: {pass: "PASS", fail: "FAIL", skip: "SKIP", xfail: "FAIL",
	      xpass: "FAIL"}[.] // "ERROR";

def kprio: {FAIL: 0, ERROR: 1, MISS: 2, PASS: 3, DONE: 4, SKIP: 5}[.];

# Every value below is valid KCIDB v5.3 (the official schema, see
# docs/results.md) by construction, whatever the results files hold: a
# test named after an object "x#y z.bpf.o", an arch string with blanks, a
# NUL in a reason.

# Free text: anything but NUL.
def text: tostring | explode | map(select(. != 0)) | implode;

# uname -m -> the kernel's ARCH, which KCIDB builds use ($karchs: from
# tools/lib/arch.sh); anything else lower-cased to [a-z0-9_] (the schema's
# architecture pattern).
def karch: ($karchs[.] // .)
	   | text | ascii_downcase | gsub("[^a-z0-9_]"; "_");

def secs: if . == null then null else . / 1000000 end;
# RFC 3339 date-time, or nothing.
def ts: if type == "string" and
	   test("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$")
	then . else null end;
def ident: text | gsub("[^A-Za-z0-9_.+-]"; "_");
def tid: text | gsub("/"; ".") | ident;
# One component of a dot-separated path: [a-zA-Z0-9_-]+.
def pcomp: text | gsub("[^A-Za-z0-9_-]"; "_") | if . == "" then "_" else . end;
def tpath: "bpf_refs." + (text | split("/") | map(pcomp) | join("."));
def excerpt: text | if length > 16000 then .[0:16000] + "\n[cut]" else . end;

def checkout_id: "\($origin):\(.kernel.release | ident)";
def build_id: "\($origin):\(.kernel.arch | ident):\(.kernel.release | ident):\(.run.where // "host" | ident):\(.run.started // "" | ident)";
def fix_sha: split(" ")[0];
def issue_id_of($t):
	if ($t.fixed_by // "") != "" then "\($origin):fix_\($t.fixed_by | fix_sha | ident)"
	else "\($origin):xfail:\($t.name | ident)" end;

# What the kernel has of the fix a test names, as the runner found it
# (fix_status, expect.carried), for the log excerpt; a runner before
# fix_status said "lacks" of every fix.
def fix_line:
	if (.fixed_by // "") == "" then null
	elif .expect.carried // false then
		"kernel carries fix (first released in \(.fix_release); a backport): \(.fixed_by)"
	else ({has: "kernel has fix (since \(.fix_release))",
	       unreleased: "no released kernel has fix",
	       unknown: "fix not in FIXES"}[.fix_status // ""] // "kernel lacks fix")
	     + ": \(.fixed_by)" end;

# The tests of a results document as keyed_tests (lib.jq) gives them, each
# with _tid, the test part of its KCIDB id: its name as tid, made unique
# (uniquify: a run that holds a name twice, or two names that give one
# tid, "+2" on the later record).
def with_test_ids:
	keyed_tests as $k
	| ($k | map(.name | tid) | uniquify("+")) as $ids
	| .tests = [range(0; $k | length) as $i | $k[$i] + {_tid: $ids[$i]}];

def run_test($d; $b):
	. as $t
	| {build_id: $b, id: "\($b):\($t._tid)", origin: $origin,
	   path: ($t.name | tpath),
	   comment: (if ($t.description // "") != "" then $t.description
		     else $t.id end | text),
	   status: ($t.status | kstatus),
	   start_time: ($d.run.started | ts),
	   duration: ($t.duration_us | secs),
	   environment: {comment: (if ($d.run.where // "host") == "vm"
				  then "QEMU guest" else "host" end),
			 misc: {host: ($d.run.host // "")}},
	   log_excerpt: ([$t.reason, ($t | fix_line),
			  (if $t.dup > 1 then "the run holds \($t.dup) records of \($t.name) that nothing tells apart (no tests[].object, or one object given twice): this is \($t.id)" else null end),
			  (if ($t.splats // "") != "" then $t.splats
			   else null end)]
			 | map(select(. != null and . != "")) | join("\n")
			 | excerpt),
	   misc: {bpf_refs_status: $t.status, reason: ($t.reason // ""),
		  fixed_by: ($t.fixed_by // ""), fix_release: ($t.fix_release // ""),
		  fix_status: ($t.fix_status // ""), broken_by: ($t.broken_by // ""),
		  expect: $t.expect,
		  xfail: ($t.status == "xfail"), xpass: ($t.status == "xpass"),
		  verifier: $t.verifier, splats: (($t.splats // "") != ""),
		  object: $t.object,
		  duplicate: (if $t.dup > 1 then $t.dup else null end)}}
	| if .log_excerpt == "" then del(.log_excerpt) else . end;

def perf_tests($d; $b):
	($d | perf_points) as $pts
	| ($pts[] | {build_id: $b,
		     id: "\($b):perf:\(.family | ident):\(.nodes | ident)",
		     origin: $origin,
		     path: "bpf_refs.perf.\(.family | pcomp).nodes_\(.nodes | pcomp)",
		     status: "DONE",
		     comment: ("verifier load time, \(.family), \(.nodes) nodes (median)"
			       | text),
		     number: {value: (.median_us | secs), unit: "s",
			      prefix: "metric"},
		     start_time: ($d.run.started | ts),
		     misc: {p10_us, p90_us, cov, samples, insns, states,
			    peak_states}}),
	  ($pts | group_by(.family)[] | . as $g | loglog_fit
	   | select(. != null)
	   | {build_id: $b,
	      id: "\($b):perf:\($g[0].family | ident):exponent",
	      origin: $origin,
	      path: "bpf_refs.perf.\($g[0].family | pcomp).exponent",
	      status: "DONE",
	      comment: ("growth exponent k of time ~ nodes^k, \($g[0].family)"
			| text),
	      number: {value: (.exponent | round3)},
	      start_time: ($d.run.started | ts),
	      misc: {r2: (.r2 | round3), points}});

[.[] | select(is_results or is_perf)] | unique_by(run_key, .run.started)
| map(if is_results then with_test_ids else . end)
| . as $docs
| [$docs[] | select(is_results)] as $res
| {version: {major: 5, minor: 3},
   checkouts: ($docs | group_by(.kernel.release)
	       | map({id: (.[0] | checkout_id), origin: $origin,
		      comment: ("Linux \(.[0].kernel.release)" | text),
		      start_time: ([.[].run.started | ts | select(. != null)] | min),
		      valid: true,
		      misc: {kernel_release: .[0].kernel.release,
			     kernel_version: (map(.kernel.version // "")
					      | max)}})),
   builds: [$docs[] | {checkout_id: checkout_id, id: build_id,
			origin: $origin,
			architecture: (.kernel.arch | karch),
			comment: ("\(.kernel.release) on \(.kernel.arch) (\(.run.where // "host"))"
				  | text),
			start_time: (.run.started | ts),
			status: "PASS",
			misc: {uname_machine: .kernel.arch,
			       where: (.run.where // "host"),
			       btf: .kernel.btf, jit: .kernel.jit,
			       config: .kernel.config,
			       kind: (if is_perf then "perf" else "results"
				      end)}}],
   tests: [$docs[] | . as $d | build_id as $b
	   | if is_results then
		(.tests | map(run_test($d; $b))) as $ts
		| {build_id: $b, id: "\($b):suite", origin: $origin,
		   path: "bpf_refs",
		   comment: "bpf_refs suite",
		   # records that nothing tells apart fail the suite
		   status: (($ts | map(.status))
			    + (if any(.tests[]; .dup > 1) then ["FAIL"] else [] end)
			    | sort_by(kprio) | .[0] // "SKIP"),
		   start_time: (.run.started | ts),
		   duration: (.run.duration_us | secs),
		   misc: count_tests},
		$ts[], perf_tests($d; $b)
	     else perf_tests($d; $b) end],
   issues: ([$res[] | .tests[]
	     | select(.status == "fail" or .status == "xfail")
	     | select((.fixed_by // "") != "" or .status == "xfail")]
	    | unique_by(issue_id_of(.))
	    | map(issue_id_of(.) as $id
		  | if (.fixed_by // "") != "" then
			{id: $id, version: 1, origin: $origin,
			 report_subject: ("kernel lacks \(.fixed_by)" | text),
			 comment: ("bpf_refs regression tests fail on kernels without \(.fixed_by)"
				   | text),
			 categories: ["bpf", "verifier", "missing-fix"],
			 culprit: {code: true, tool: false, harness: false},
			 misc: {fixed_by: .fixed_by}}
		    else
			{id: $id, version: 1, origin: $origin,
			 report_subject: ("known failure: \(.name)" | text),
			 comment: "listed in an xfail file of bpf_refs",
			 categories: ["bpf", "verifier", "xfail"],
			 culprit: {code: true, tool: false, harness: false},
			 misc: {test: .name}}
		    end)),
   incidents: [$res[] | build_id as $b | .tests[]
	       | select(.status == "fail" or .status == "xfail")
	       | select((.fixed_by // "") != "" or .status == "xfail")
	       | {id: "\($b):\(._tid):incident", origin: $origin,
		  issue_id: issue_id_of(.), issue_version: 1,
		  test_id: "\($b):\(._tid)", present: true,
		  comment: (if .status == "xfail" then "expected failure (xfail)"
			    else "failure" end)}]}
| nonull
# no NUL anywhere, misc included: KCIDB's database cannot store one
| walk(if type == "string" then text else . end)
