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

# Counts recomputed from the tests (the summary of a file is not trusted);
# carried: passes on a kernel whose release lacks the fix (backports).
def count_tests:
	(.tests // []) as $t
	| {total: ($t | length),
	   carried: ([$t[] | select(.expect.carried // false)] | length)}
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
