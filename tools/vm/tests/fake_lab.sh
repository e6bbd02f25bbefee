# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by the vmtest.sh tests that boot no guest (needs $top and
# $work): a copy of the lab in $work/proj (vmtest.sh finds the project
# above itself), a cache of the test's own in $work/cache, and in
# $work/bin a fake make that writes a runner and an object of the host's
# arch (FAKE_MAKE=fail: it fails).  The test adds its fakes to $work/bin.
: "${top:?}" "${work:?}"
proj=$work/proj
mkdir -p "$proj/tools" "$work/bin" "$work/cache/vm"
cp -a "$top/tools/vm" "$top/tools/lib" "$proj/tools/"
cat >"$work/bin/make" <<'EOF_MAKE'
#!/bin/bash
# fake make OUTPUT=DIR: a runner and an object of the host's arch
for a; do
	case "$a" in OUTPUT=*) o=${a#OUTPUT=} ;; esac
done
[ "${FAKE_MAKE:-ok}" = ok ] || { echo "fake make: error" >&2; exit 1; }
cp /bin/true "$o/bpf_refs" && cp /bin/true "$o/x.bpf.o"
EOF_MAKE
chmod +x "$work/bin/make"
