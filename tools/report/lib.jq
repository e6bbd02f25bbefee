# SPDX-License-Identifier: GPL-2.0
#
# Shared jq functions of tools/report/report.  Input documents are tagged with
# "_file" (their path) by tools/report/report before any of these run.

def results_schema: "bpf_refs-results/1";
def perf_schema: "bpf_refs-perf/1";

def bad_status: . == "fail" or . == "xpass";

# One run: "arch|release|where", the column of the matrix.
def run_key: "\(.kernel.arch)|\(.kernel.release)|\(.run.where // "host")";
def run_label: "\(.kernel.arch) \(.kernel.release) \(.run.where // "host")";

def is_results: type == "object" and .schema == results_schema;
def is_perf: type == "object" and .schema == perf_schema;

# A release as a version key: "7.3.0-rc7-amd64" -> [7, 3, 0, -93] sorts
# before "7.3.0-amd64" -> [7, 3, 0, 0]; "6.12.117+deb12-amd64" ->
# [6, 12, 117, 0]; anything else -> [0, 0, 0, 0].
def kver:
	capture("^(?<a>[0-9]+)\\.(?<b>[0-9]+)(\\.(?<c>[0-9]+))?(-rc(?<rc>[0-9]+))?")
	// {a: "0", b: "0"}
	| [(.a | tonumber), (.b | tonumber), ((.c // "0") | tonumber),
	   (if .rc then (.rc | tonumber) - 100 else 0 end)];

# The version of a release: "6.12.117+deb12-amd64" -> "6.12.117",
# "7.3.0-rc7-amd64" -> "7.3.0-rc7"; anything else unchanged.
def short_rel: capture("^(?<v>[0-9]+\\.[0-9]+(\\.[0-9]+)?(-rc[0-9]+)?)").v // .;

# Order of runs: arch, then kernel version (kver; equal versions by the
# numbers in the rest of the release, e.g. Debian ABI "6.1.0-40"), then
# where.
def run_order:
	[.kernel.arch, (.kernel.release // "" | kver),
	 (.kernel.release // "" | [scan("[0-9]+") | tonumber]), .kernel.release,
	 (.run.where // "host")];

# The newest run of each key, ordered by arch, version, where.
def latest_runs:
	map(select(is_results))
	| group_by(run_key)
	| map(max_by(.run.started))
	| sort_by(run_order);

def topic: split("/")[0];
def subtest: split("/")[1:] | join("/");

# --- Test records, keyed ---
# A run may hold two records of one name: two object files of one file
# name, given with --object from two directories, make two topics of one
# name.  The records are keyed by what tells them apart, and none hides
# another.

# An array of strings made unique in order: a string seen before takes
# the first "<string><sep>N" (N = 2, 3, ...) not taken yet.
def uniquify($sep):
	reduce .[] as $s ({used: {}, out: []};
		.used as $u
		| first(range(1; infinite)
			| if . == 1 then $s else "\($s)\($sep)\(.)" end
			| select($u[.] == null)) as $k
		| .used[$k] = true
		| .out += [$k])
	| .out;

# The tests of a results document, in run order, each with
#   id: unique within the run: its name; when the run holds the name more
#     than once, "name [object]" (tests[].object, the object file the
#     program came from, when the record has it); and where that still
#     repeats (records without object, or one object given twice), the
#     later records "... #2", "... #3";
#   dup: how many records of the run share its name and object (its name
#     alone when they lack object): 1, or more for records that cannot be
#     told apart, which count as bad.
def keyed_tests:
	(.tests // []) as $t
	| (reduce $t[] as $r ({}; .[$r.name] += 1)) as $n
	| (reduce $t[] as $r ({}; .[[$r.name, $r.object] | tojson] += 1)) as $same
	| [$t[] | if $n[.name] > 1 and (.object | type) == "string"
		  then "\(.name) [\(.object)]" else .name end]
	| uniquify(" #") as $ids
	| [range(0; $t | length) as $i
	   | $t[$i] + {id: $ids[$i], dup: $same[[$t[$i].name, $t[$i].object] | tojson]}];

# A record counted as bad: a failure, or one of records that cannot be
# told apart.
def bad_record: (.status | bad_status) or (.dup // 1) > 1;

# Counts recomputed from the tests (the summary of a file is not trusted);
# carried: passes on a kernel whose release lacks the fix (backports);
# duplicate: records of a name the run holds more than once that nothing
# tells apart (keyed_tests, below).
def count_tests:
	(.tests // []) as $t
	| {total: ($t | length),
	   carried: ([$t[] | select(.expect.carried // false)] | length),
	   # records that cannot be told apart (keyed_tests)
	   duplicate: ([$t[] | [.name, .object]] | group_by(.)
		       | map(select(length > 1) | length) | add // 0)}
	  + reduce ("pass", "fail", "skip", "xfail", "xpass") as $s
		({}; .[$s] = ([$t[] | select(.status == $s)] | length));

# Perf points of one document: embedded ("perf" of a results file) or a
# perf file; each point tagged with its run key.
def perf_points:
	. as $d
	| (if is_perf then $d.points elif is_results then ($d.perf.points // [])
	   else [] end)
	| map(. + {key: ($d | run_key), label: ($d | run_label),
		   started: ($d.run.started // "")});

def perf_fits:
	. as $d
	| (if is_perf then ($d.fits // []) elif is_results then ($d.perf.fits // [])
	   else [] end)
	| map(. + {key: ($d | run_key), label: ($d | run_label)});

# Least squares slope of log(median) over log(nodes): the growth exponent.
def loglog_fit:
	map(select(.nodes > 0 and .median_us > 0)
	    | {x: (.nodes | log), y: (.median_us | log)}) as $p
	| ($p | length) as $n
	| if $n < 2 then null else
	  ($p | map(.x) | add / $n) as $mx
	  | ($p | map(.y) | add / $n) as $my
	  | ($p | map((.x - $mx) * (.x - $mx)) | add) as $sxx
	  | ($p | map((.x - $mx) * (.y - $my)) | add) as $sxy
	  | ($p | map((.y - $my) * (.y - $my)) | add) as $syy
	  | if $sxx == 0 then null else
	    {exponent: ($sxy / $sxx),
	     r2: (if $syy == 0 then 1 else ($sxy * $sxy) / ($sxx * $syy) end),
	     points: $n}
	    end
	  end;

def round2: . * 100 | round / 100;
def round3: . * 1000 | round / 1000;

def html: tostring | @html;

# The JSON of tools/perf/ (bpf_refs_bench, see docs/perf.md) as bpf_refs-perf/1.
def is_bench: type == "object" and .tool == "bpf_refs_bench";
def from_bench:
	{schema: perf_schema,
	 kernel: {release: .kernel, arch: .machine},
	 run: {started: (.started // ""), where: (.where // "host"),
	       source: "bpf_refs_bench", runs, warmup, elapsed_s},
	 points: [.points[] | select(.vt_med_us != null)
		  | {family, nodes, prog, verdict, samples: .runs,
		     median_us: .vt_med_us, p10_us: .vt_p10_us,
		     p90_us: .vt_p90_us, cov: .vt_cov, insns,
		     states: .total_states, peak_states}],
	 fits: [(.families // [])[]
		| {family, exponent: .time_exponent, r2: .time_r2,
		   insns_exponent, insns_r2, points: .fit_points,
		   largest_accepted, smallest_rejected, first_rejection}]};

# The JSON of bpf_refs_bench compare as tools/perf/kernels.sh leaves it (its
# compare.json, docs/perf.md "Two kernels") as bpf_refs-kcompare/1.  $ctx
# holds what the directory beside it says: {old, new} ({release, arch} of
# the first boot of each kernel), started, and aa {old, new}: the
# odd/even-boot compare JSON of each kernel, or null.
def kcompare_schema: "bpf_refs-kcompare/1";
def is_compare: type == "object" and .tool == "bpf_refs_bench compare";
def is_kcompare: type == "object" and .schema == kcompare_schema;
def compare_families:
	[.families[] | {family, points, ratio, ci_lo, ci_hi, verdict}];
def from_compare($ctx):
	def fits($f): INDEX($f[]; .family)
		| map_values({time_exponent, insns_exponent, largest_accepted});
	fits(.base_fits // []) as $of
	| fits(.cand_fits // []) as $nf
	| {schema: kcompare_schema,
	   old: ($ctx.old.release // "?"), new: ($ctx.new.release // "?"),
	   arch: ($ctx.old.arch // $ctx.new.arch // "?"),
	   started: ($ctx.started // ""),
	   clock, tolerance, boots: {old: .base_boots, new: .cand_boots},
	   slower, faster, changed,
	   families: [compare_families[]
		      | . + {old_fit: $of[.family], new_fit: $nf[.family]}],
	   changed_points: [.points[]
			    | select(.base_verdict != .cand_verdict
				     or .base_insns != .cand_insns
				     or .base_states != .cand_states
				     or .base_peak_states != .cand_peak_states)
			    | {prog, family, nodes, base_verdict, cand_verdict,
			       base_insns, cand_insns, base_states, cand_states,
			       base_peak_states, cand_peak_states}],
	   aa: ($ctx.aa // {} | map_values(
		if is_compare then {boots: [.base_boots, .cand_boots],
				    families: compare_families}
		else null end))};

# Half the 95% interval of a ratio, relative to the ratio (a ratio of 0,
# a candidate timed at 0 us, counts as 1e-9): above the tolerance, the
# interval cannot tell a change of the tolerance's size.
def half_width: (.ci_hi - .ci_lo) / 2 / ([.ratio, 1e-9] | max);
def too_wide($tol): half_width > $tol;
# An A/A family (same kernel on both sides) flagged by its verdict, or
# with a ratio beyond 1 +- $tol.
def aa_flagged($tol): .verdict != "same" or (.ratio - 1 | fabs) > $tol;

# The coverage.json of tools/vm/coverage.sh (docs/coverage.md): line and
# branch coverage of the series' functions in a gcov kernel, per source
# (suite, upstream, corpus, fuzz, all).
def coverage_schema: "bpf_refs-coverage/1";
def is_coverage: type == "object" and .schema == coverage_schema;
# The "X.Y" series of a release or of coverage's kernel string
# ("7.3.4+gcov-verifier (x86_64 ...)" -> "7.3"), null without one.
def series: first(capture("^(?<a>[0-9]+)\\.(?<b>[0-9]+)") | "\(.a).\(.b)") // null;
# Who never runs the never_run lines of a coverage file: its last source,
# "all" (every source summed) when it has one.
def never_run_by:
	(.sources[-1].name // "the last source")
	| if . == "all" then "no source runs" else "\(.) never runs" end;
# $h of $t in percent, one decimal; null when $t is 0.
def cov_pct($h; $t): if $t > 0 then $h * 1000 / $t | round / 10 else null end;

# --- Input checks ---
# A document that says it is of one of report's kinds (its schema, or the
# tool of tools/perf/) must hold what report's code reads, with the types
# it reads them as: else a filter would fail on it, or misread it (a
# status "FAIL" would pass for no failure).  Each *_problem gives the
# first thing wrong, or null.

def type_name: {object: "an object", array: "an array", string: "a string",
		number: "a number", boolean: "a boolean", null: "null"}[.];
# want($path; $types): a problem when . is of none of $types.
def want($path; $types):
	type as $t
	| if any($types[]; . == $t) then empty
	  else ($types | map(type_name) | join(" or ")) as $w
	       | if $t == "null" then "\($path) is missing (want \($w))"
		 else "\($path) is \($t | type_name) \(tojson | .[0:40]), not \($w)" end
	  end;
# The fields $keys of the object ., each of $types.
def want_fields($path; $keys; $types):
	. as $o
	| $keys[] as $k
	| $o[$k] | want(if $path == "" then $k else "\($path).\($k)" end; $types);
# The elements of the array ., as {p: "PATH[i]", v: element}.
def items($path): to_entries[] | {p: "\($path)[\(.key)]", v: .value};
def first_problem(f): first(f) // null;

def test_statuses: ["pass", "fail", "skip", "xfail", "xpass"];

# Fast checks, true when the *_problems below find nothing: the
# problems are only looked for when these fail.
def of_types($types): type as $t | any($types[]; . == $t);
def opt_string: type == "string" or type == "null";
def opt_number: type == "number" or type == "null";
def test_ok:
	type == "object"
	and (.name | type) == "string"
	and (.status as $s | any(test_statuses[]; . == $s))
	and all(.reason, .description, .fixed_by, .fix_release, .fix_status,
		.broken_by, .broken_release, .splats, .object; opt_string)
	and (.duration_us | opt_number)
	and (.expect | if type == "object"
		       then all(.verdict, .source, .fix; opt_string)
			    and (.carried | type == "boolean" or type == "null")
		       else type == "null" end)
	and (.verifier | if type == "object"
			 then all(.insns, .total_states, .peak_states,
				  .verification_time_us; opt_number)
			 else type == "null" end);

# One perf point, one fit (in a results or perf document) at $p.
def perf_point_problems($p):
	want($p; ["object"]),
	(objects
	 | want_fields($p; ["family"]; ["string"]),
	   want_fields($p; ["nodes"]; ["number"]),
	   want_fields($p; ["median_us", "p10_us", "p90_us", "cov", "samples",
			    "insns", "states", "peak_states"]; ["number", "null"]));
def perf_fit_problems($p):
	want($p; ["object"]),
	(objects
	 | want_fields($p; ["family"]; ["string"]),
	   want_fields($p; ["exponent", "r2", "points"]; ["number", "null"]));
def perf_problems($path):
	want_fields($path; ["points", "fits"]; ["array", "null"]),
	(.points | arrays | items("\($path).points") | .p as $p | .v | perf_point_problems($p)),
	(.fits | arrays | items("\($path).fits") | .p as $p | .v | perf_fit_problems($p));

def kernel_problems:
	want_fields(""; ["kernel"]; ["object"]),
	(.kernel | objects
	 | want_fields("kernel"; ["arch", "release"]; ["string"]),
	   want_fields("kernel"; ["version"]; ["string", "null"]),
	   want_fields("kernel"; ["config"]; ["object", "null"])),
	want_fields(""; ["run"]; ["object", "null"]),
	(.run | objects
	 | want_fields("run"; ["started", "where", "host", "status",
			       "status_reason", "xfail_file"]; ["string", "null"]),
	   want_fields("run"; ["duration_us"]; ["number", "null"]));

def test_problems($p):
	want($p; ["object"]),
	(objects
	 | want_fields($p; ["name"]; ["string"]),
	   (.status as $s | if any(test_statuses[]; . == $s) then empty
	    else "\($p).status is \($s | tojson | .[0:40]), not one of \(test_statuses | join(", "))" end),
	   want_fields($p; ["reason", "description", "fixed_by", "fix_release",
			    "fix_status", "broken_by", "broken_release", "splats",
			    "object"]; ["string", "null"]),
	   want_fields($p; ["duration_us"]; ["number", "null"]),
	   want_fields($p; ["expect", "verifier"]; ["object", "null"]),
	   (.expect | objects
	    | want_fields("\($p).expect"; ["verdict", "source", "fix"]; ["string", "null"]),
	      want_fields("\($p).expect"; ["carried"]; ["boolean", "null"])),
	   (.verifier | objects
	    | want_fields("\($p).verifier"; ["insns", "total_states", "peak_states",
					      "verification_time_us"]; ["number", "null"])));

def results_problem:
	first_problem(
		kernel_problems,
		want_fields(""; ["summary"]; ["object", "null"]),
		(.summary | objects | want_fields("summary"; ["error", "carried"]; ["number", "null"])),
		want_fields(""; ["tests"]; ["array"]),
		(.tests | arrays | select(all(.[]; test_ok) | not) | items("tests") | .p as $p | .v | test_problems($p)),
		want_fields(""; ["perf"]; ["object", "null"]),
		(.perf | objects | perf_problems("perf")));

def perf_problem:
	first_problem(
		kernel_problems,
		want_fields(""; ["points"]; ["array"]),
		perf_problems(""));

def bench_problem:
	first_problem(
		want_fields(""; ["kernel", "machine"]; ["string"]),
		want_fields(""; ["started", "where"]; ["string", "null"]),
		want_fields(""; ["points"]; ["array"]),
		(.points | arrays | items("points") | .p as $p | .v
		 | want($p; ["object"]),
		   (objects
		    | want_fields($p; ["family"]; ["string"]),
		      want_fields($p; ["nodes"]; ["number"]),
		      want_fields($p; ["vt_med_us", "vt_p10_us", "vt_p90_us", "vt_cov",
				       "runs", "insns", "total_states", "peak_states"];
				  ["number", "null"]))),
		want_fields(""; ["families"]; ["array", "null"]),
		(.families | arrays | items("families") | .p as $p | .v
		 | want($p; ["object"]), (objects | want_fields($p; ["family"]; ["string"]))));

# The families of a comparison (bpf_refs_bench compare, kcompare) at $path.
def compare_family_problems($path):
	want($path; ["array"]),
	(arrays | items($path) | .p as $p | .v
	 | want($p; ["object"]),
	   (objects
	    | want_fields($p; ["family", "verdict"]; ["string"]),
	      want_fields($p; ["ratio", "ci_lo", "ci_hi"]; ["number"])));

def compare_problem:
	first_problem(
		(.families | compare_family_problems("families")),
		want_fields(""; ["points"]; ["array"]),
		(.points | arrays | items("points") | .p as $p | .v | want($p; ["object"])),
		want_fields(""; ["base_fits", "cand_fits"]; ["array", "null"]),
		((.base_fits, .cand_fits) | arrays | items("fits") | .p as $p | .v
		 | want($p; ["object"]), (objects | want_fields($p; ["family"]; ["string"]))));

def kcompare_problem:
	first_problem(
		want_fields(""; ["old", "new", "arch"]; ["string"]),
		want_fields(""; ["tolerance"]; ["number"]),
		(.families | compare_family_problems("families")),
		want_fields(""; ["changed_points"]; ["array"]),
		want_fields(""; ["aa"]; ["object", "null"]),
		(.aa | objects | to_entries[] | .key as $k | .value | objects
		 | .families | compare_family_problems("aa.\($k).families")));

# The counts of a source, whole or of one function.
def coverage_counts: ["lines_hit", "lines", "branches_taken", "branches"];

def coverage_problem:
	first_problem(
		want_fields(""; ["kernel"]; ["string"]),
		want_fields(""; ["date"]; ["string", "null"]),
		want_fields(""; ["sources", "functions", "never_run"]; ["array"]),
		(.sources | arrays | items("sources") | .p as $p | .v
		 | want($p; ["object"]),
		   (objects | want_fields($p; ["name"]; ["string"]),
			      want_fields($p; ["verdict"]; ["string", "null"]),
			      want_fields($p; coverage_counts; ["number"]))),
		(.functions | arrays | items("functions") | .p as $p | .v
		 | want($p; ["object"]),
		   (objects
		    | want_fields($p; ["name", "file"]; ["string"]),
		      want_fields($p; ["first", "last"]; ["number"]),
		      want_fields($p; ["coverage"]; ["object"]),
		      (.coverage | objects | to_entries[] | "\($p).coverage.\(.key)" as $c
		       | .value | want($c; ["object"]),
				  (objects | want_fields($c; coverage_counts; ["number"]))))),
		(.never_run | arrays | items("never_run") | .p as $p | .v
		 | want($p; ["object"]),
		   (objects
		    | want_fields($p; ["function", "file", "code"]; ["string"]),
		      want_fields($p; ["line"]; ["number"]),
		      want_fields($p; ["reason"]; ["string", "null"]))));

# One value of an input file $f, as the loader keeps it: a document of
# one of report's kinds tagged with "_file" (bpf_refs_bench JSON and the
# compare.json of a kernels.sh directory converted; $ctx: the context of
# that directory, [] for other files); {schema: "bpf_refs-invalid", _file,
# why} for a document that says it is of one of these kinds and is not;
# nothing for other JSON (other schemas, arrays, ...).
def invalid($f; $what; $why):
	{schema: "bpf_refs-invalid", _file: $f, why: "not a valid \($what): \($why)"};
def load_doc($f; $ctx):
	if type != "object" then empty
	elif .schema == results_schema then
		results_problem as $p
		| if $p then invalid($f; results_schema; $p) else . + {_file: $f} end
	elif .schema == perf_schema then
		perf_problem as $p
		| if $p then invalid($f; perf_schema; $p) else . + {_file: $f} end
	elif .schema == kcompare_schema then
		kcompare_problem as $p
		| if $p then invalid($f; kcompare_schema; $p) else . + {_file: $f} end
	elif .schema == coverage_schema then
		coverage_problem as $p
		| if $p then invalid($f; coverage_schema; $p) else . + {_file: $f} end
	elif is_bench then
		bench_problem as $p
		| if $p then invalid($f; "bpf_refs_bench JSON"; $p)
		  else from_bench + {_file: $f} end
	elif is_compare and $ctx != [] then
		compare_problem as $p
		| if $p then invalid($f; "bpf_refs_bench compare JSON"; $p)
		  else from_compare($ctx[0]) + {_file: $f} end
	else empty end;
