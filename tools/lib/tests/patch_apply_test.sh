#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# patch_apply (tools/lib/patch-apply.sh) on a tree of hard links inside
# another repository's work tree, as .ci/upstream_patch.sh makes one under
# results/: the patch's new and changed files land in the tree, the files
# it links to are untouched, and a patch that does not apply changes
# nothing and names the file it rejects.  Without git or patch it skips.
# TAP output; exit 1 on a failed check.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=tools/lib/patch-apply.sh
. "$top/tools/lib/patch-apply.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/tap.sh
. "$top/tests/tap.sh"

if ! command -v git >/dev/null || ! command -v patch >/dev/null; then
	check "patch_apply # SKIP needs git and GNU patch (tools/deps.sh vm installs patch)" 0 0
	tap_done
	exit
fi

git init -q "$work/repo"
mkdir -p "$work/src/a"
echo old >"$work/src/a/f"
cp -al "$work/src" "$work/repo/results-tree"
cat >"$work/good.patch" <<'EOF'
diff --git a/a/f b/a/f
--- a/a/f
+++ b/a/f
@@ -1 +1 @@
-old
+new
diff --git a/a/g b/a/g
new file mode 100644
--- /dev/null
+++ b/a/g
@@ -0,0 +1 @@
+added
EOF
sed 's/^-old$/-other/' "$work/good.patch" >"$work/bad.patch"
echo 'not a diff' >"$work/junk.patch"

t=$work/repo/results-tree
check "a patch that does not apply fails" \
	"$(cd "$work/repo" && patch_apply "$t" "$work/bad.patch" 2>"$work/err"; echo $?)" 1
check "... naming the file it rejects" \
	"$(tail -n 1 "$work/err")" "$work/bad.patch does not apply to $t: rejected in a/f"
check "... and changing nothing" "$(cat "$t/a/f"; ls "$t/a")" "old"$'\n'"f"
check "not a patch fails" \
	"$(patch_apply "$t" "$work/junk.patch" 2>"$work/err"; echo $?)" 1
check "... saying so" "$(tail -n 1 "$work/err")" \
	"$work/junk.patch does not apply to $t: not a patch"
check "--dry-run of a good patch passes, changing nothing" \
	"$(patch_apply "$t" "$work/good.patch" --dry-run; echo $?; cat "$t/a/f")" "0"$'\n'"old"
check "a good patch applies inside another work tree" \
	"$(cd "$t" && patch_apply "$t" "$work/good.patch"; echo $?)" 0
check "... changing a file" "$(cat "$t/a/f")" new
check "... and adding one" "$(cat "$t/a/g" 2>&1)" added
check "the file the tree linked to is untouched" "$(cat "$work/src/a/f")" old
check "applying it again fails (already applied)" \
	"$(patch_apply "$t" "$work/good.patch" 2>/dev/null; echo $?)" 1
tap_done
