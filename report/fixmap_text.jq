# SPDX-License-Identifier: GPL-2.0
#
# Text or markdown of report fixmap's JSON ($format: text or md): per
# arch, the kernels that fail each test that fails anywhere, the first
# kernel from which it passes and the fix it names; then the problems,
# each with its evidence.

def cell: {pass: "ok", xpass: "XPASS", fail: "FAIL", xfail: "xfail", skip: "-"}[.] // .;
def short: capture("^(?<v>[0-9]+\\.[0-9]+(\\.[0-9]+)?(-rc[0-9]+)?)").v // .;

def table($a):
	($a.kernels | map(short)) as $ks
	| [$a.tests[] | select([.kernels[].status] | any(. == "fail" or . == "xfail" or . == "xpass"))] as $t
	| if $format == "md" then
		"| test | " + ($ks | join(" | ")) + " | first pass | fix (release) |",
		"|---|" + ($ks | map("---") | join("|")) + "|---|---|",
		($t[] | . as $r
		 | "| `\(.test)` | "
		   + ([$a.kernels[] as $k | ($r.kernels | map(select(.kernel == $k)) | first
		       | .status // "" | cell)] | join(" | "))
		   + " | \(.first_pass // "never" | short) | \(if .fixed_by == "" then "-" else "\(.fixed_by) (\(.fix_release // "?"))" end) |")
	  else
		"\($a.arch): \($a.kernels | map(short) | join(" "))",
		($t[] | . as $r
		 | "  \(.test)",
		   "    " + ([$a.kernels[] as $k | ($r.kernels | map(select(.kernel == $k)) | first
			| "\($k | short)=\(.status // "" | cell)")] | join(" ")),
		   "    first pass: \(.first_pass // "never"); fix: \(if .fixed_by == "" then "none named" else "\(.fixed_by) (\(.fix_release // "not in FIXES"))" end)")
	  end;

(.arches[] | table(.)),
"",
(if (.problems | length) == 0 then "fix map: no disagreement"
 else "fix map: \(.problems | length) disagreement(s):",
	(.problems[] | "  \(.arch) \(.test): \(.problem)"
	 + (if .kernel then "\n    evidence: \(.kernel) \(.status): \(.reason)" else "" end))
 end)
