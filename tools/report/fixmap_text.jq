# SPDX-License-Identifier: GPL-2.0
#
# Text or markdown of report fixmap's JSON ($format: text or md): per
# arch, the kernels that fail each test that fails anywhere, the first
# kernel from which it passes and the fix it names; then the backports
# the runs saw (a pass on a kernel whose release lacks the fix), and the
# problems, each with its evidence.

include "lib";

def cell: {pass: "ok", xpass: "XPASS", fail: "FAIL", xfail: "xfail", skip: "-"}[.] // .;
def release_text: if . == null then "not in FIXES" elif . == "none" then "no release" else "first in \(.)" end;

def table($a):
	($a.kernels | map(short_rel)) as $ks
	| [$a.tests[] | select([.kernels[].status] | any(. == "fail" or . == "xfail" or . == "xpass"))] as $t
	| if $format == "md" then
		"| test | " + ($ks | join(" | ")) + " | first pass | fix (release) |",
		"|---|" + ($ks | map("---") | join("|")) + "|---|---|",
		($t[] | . as $r
		 | "| `\(.test)` | "
		   + ([$a.kernels[] as $k | ($r.kernels | map(select(.kernel == $k)) | first
		       | .status // "" | cell)] | join(" | "))
		   + " | \(.first_pass // "never" | short_rel) | \(if .fixed_by == "" then "-" else "\(.fixed_by) (\(.fix_release // "?"))" end) |")
	  else
		"\($a.arch): \($a.kernels | map(short_rel) | join(" "))",
		($t[] | . as $r
		 | "  \(.test)",
		   "    " + ([$a.kernels[] as $k | ($r.kernels | map(select(.kernel == $k)) | first
			| "\($k | short_rel)=\(.status // "" | cell)")] | join(" ")),
		   "    first pass: \(.first_pass // "never"); fix: \(if .fixed_by == "" then "none named" else "\(.fixed_by) (\(.fix_release // "not in FIXES"))" end)")
	  end;

# One line a test that passed on a kernel whose release lacks its fix.
def backports:
	if (.backports | length) == 0 then empty
	elif $format == "md" then
		"",
		"Backports: passes on kernels whose release lacks the fix",
		"",
		"| arch | kernel | test | fix | fix release |",
		"|---|---|---|---|---|",
		(.backports[] | "| \(.arch) | \(.kernel) | `\(.test)` | \(.fix)\(if .disagree then " (other tests of it fail here)" else "" end) | \(.fix_release | release_text) |")
	else
		"",
		"backports: \(.backports | length) pass(es) on kernels whose release lacks the fix:",
		(.backports[] | "  \(.arch) \(.kernel): \(.test) carries \(.fix) (\(.fix_release | release_text))\(if .disagree then "; other tests of it fail here" else "" end)")
	end;

(.arches[] | table(.)),
backports,
"",
(if (.problems | length) == 0 then "fix map: no disagreement"
 else "fix map: \(.problems | length) disagreement(s):",
	(.problems[] | "  \(.arch) \(.test): \(.problem)"
	 + (if .kernel then "\n    evidence: \(.kernel) \(.status): \(.reason)" else "" end))
 end)
