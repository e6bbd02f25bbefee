#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run bpf_refs in QEMU on x86_64, aarch64 and s390x kernels.  See
# docs/vmtest.md.  Exit status: the suite's verdict (0 pass, 1 fail, 4 all
# skipped; with several arches 1 if any failed, 4 if all skipped), 2 for a
# usage or setup error.
set -euo pipefail

# shellcheck disable=SC2034 # used by tools/vm/lib.sh
PROG=vmtest
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
vm="$top/tools/vm"
# shellcheck source=tools/vm/lib.sh
. "$vm/lib.sh"
# shellcheck source=tools/lib/patch-apply.sh
. "$top/tools/lib/patch-apply.sh"

usage() {
	cat <<EOF
Usage: ${0##*/} [options] [-- runner args]
  -a ARCH        $ALL_ARCHES_TEXT or all (default: $(uname -m))
  -k IMAGE       boot this kernel image (one arch)
  -t TREE        build the kernel tree TREE with ./config merged
                 (default when this package sits in a kernel tree's
                 tools/testing/selftests/; otherwise Debian's kernel)
  --tiny         with -t: start from tinyconfig instead of defconfig
  -c FRAGMENT    with -t: merge this config fragment too (e.g. config.kasan)
  --patch FILE   with -t: build TREE with FILE applied (patch -p1) to a
                 copy of hard links, made once in
                 \$BPF_REFS_CACHE/patched/ (repeatable, applied in order);
                 TREE itself is never touched
  --debian [S]   Debian's kernel image even inside a kernel tree; S is a
                 series (6.1 ... 7.3), sid, experimental or a version
                 (7.2.12, 7.3~rc7)
                 (default: $(debian_series_text))
  -j N           run N arches at once with -a all (default 1)
  --perf         run tools/perf/'s bpf_refs_bench in the guest instead of the
                 suite (tools/perf/out/bin[-<triple>]; SKIP if not built)
  --profile      --perf under perf record (Debian's perf in the guest):
                 perf report of the verifier's kernel symbols in
                 profile.txt; select programs with -- -f SUBSTR
  --gcov         zero the kernel's gcov counters before the run and put
                 its .gcda files in the results folder's gcov/
                 (a kernel with CONFIG_GCOV_KERNEL: tools/vm/coverage.sh)
  --icount       TCG with QEMU -icount: the guest clock counts executed
                 instructions, so verification times are nearly free of
                 host noise (one vCPU thread; boots 2-3x slower)
  --realtime     the guest clock is real time (the default; KVM where it
                 exists, else multi-threaded TCG)
  -o DIR         results directory (default: ./results); nothing is
                 written outside it and no link in it is followed
  --timeout S    hard wall-clock limit per boot (default 600)
  --watchdog S   kill a guest that prints nothing for S seconds (default 60)
  --mem MB       guest memory (default 512)
  --hook H       self-tests only: panic or hang the guest after the suite
  --object FILE  put FILE (a .bpf.o) in the initramfs root and run its
                 annotated programs instead of the suite (repeatable)
  --objects DIR  --object for each *.bpf.o of DIR
  --file FILE    put FILE (any file) in the initramfs root (repeatable)
  --run SCRIPT   run SCRIPT (busybox sh, runner args after -- as its
                 arguments) in the guest instead of the suite: its output
                 is the results stream, its exit status the verdict
  --append ARGS  add ARGS to the guest's kernel command line (e.g. nokaslr)
  --plugin SPEC  load a QEMU TCG plugin: -plugin SPEC (FILE.so,ARG=VALUE,...;
                 one arch; tools/perf/kernels.sh --insn-count)
  -v             copy the guest console to stderr as it runs
  -h             this text
Runner args after -- go to bpf_refs in the guest (e.g. -- -t 'ringbuf*').
The runner is built against the kernel tree \$KDIR when it is set (its
headers and libbpf: build/<arch>-<tree name>), else the Makefile's.
Results: DIR/<arch>/<kernel release>/{console.log,ktap,results.json,
splats,stderr.log,verdict} (--perf: <kernel release>-perf/, bench.out for
ktap).
EOF
}

arches=$(uname -m)
image=""
tree=""
base=defconfig
kconfig_extra=""
patches=()	# --patch files, absolute
debian=0
series=""
jobs=1
perf=0
clock=realtime
gcov=0	# --gcov: the guest sends the kernel's .gcda files
out="$top/results"
timeout=${VMTEST_TIMEOUT:-600}
watchdog=${VMTEST_WATCHDOG:-60}
mem=${VMTEST_MEM:-512}
hook=""
append_extra=""
plugin=""
objects=0	# --object count; the files go to tools/vm/mkinitramfs.sh
export MKINITRAMFS_OBJECTS=""
export MKINITRAMFS_FILES="" MKINITRAMFS_RUN="" MKINITRAMFS_PROFILE=0
verbose=0

# need WHAT OPTION [VALUE...]: die unless OPTION was given a non-empty value.
need() {
	if [ $# -lt 3 ] || [ -z "$3" ]; then
		die "$2 needs $1"
	fi
}

# add_object FILE: put FILE in the initramfs root, to run its programs
add_object() {
	MKINITRAMFS_OBJECTS+="$(realpath "$1")"$'\n'
	objects=$((objects + 1))
}

# out_dir_ok PATH [NOTE]: die unless PATH, which vmtest would make or
# replace under -o, is absent or a directory that is not a symbolic link:
# vmtest follows no link it did not make and writes nothing outside -o.
# NOTE ends the message.
out_dir_ok() {
	local p=$1 note=${2:-}
	if [ -L "$p" ]; then
		die "-o: '$p' is a symbolic link: vmtest writes only under -o and" \
		    "follows no link in it (remove it, or give its target)$note"
	fi
	[ ! -e "$p" ] || [ -d "$p" ] ||
		die "-o: '$p' exists and is not a directory$note"
}

# results_name REL: the name of a results folder of kernel release REL
results_name() {
	if [ "$perf" = 1 ]; then
		echo "$1-perf"
	else
		echo "$1"
	fi
}

while [ $# -gt 0 ]; do
	case "$1" in
	-a) need "an architecture" "$@"; arches=$2; shift ;;
	-k) need "a kernel image" "$@"; image=$2; shift ;;
	-t) need "a kernel tree" "$@"; tree=$2; shift ;;
	--tiny) base=tinyconfig ;;
	-c)
		need "a config fragment" "$@"
		[ -f "$2" ] || die "-c: config fragment '$2' does not exist"
		kconfig_extra+=" $(realpath "$2")"; shift ;;
	--patch)
		need "a patch file" "$@"
		[ -f "$2" ] || die "--patch: '$2' is not a file"
		patches+=("$(realpath "$2")"); shift ;;
	--debian)
		debian=1
		# a series, suite or version; tools/vm/debian-kernel.sh checks it
		if [[ ${2:-} =~ ^([0-9]+\.[0-9][0-9A-Za-z.~+-]*|sid|experimental)$ ]]; then
			series=$2; shift
		fi ;;
	-j) need "a number of jobs" "$@"; jobs=$2; shift ;;
	--perf) perf=1 ;;
	--profile) perf=1; MKINITRAMFS_PROFILE=1 ;;
	--gcov) gcov=1 ;;
	--icount) clock=icount ;;
	--realtime) clock=realtime ;;
	-o) need "a directory" "$@"; out=$2; shift ;;
	--timeout) need "a number of seconds" "$@"; timeout=$2; shift ;;
	--watchdog) need "a number of seconds" "$@"; watchdog=$2; shift ;;
	--mem) need "a number of megabytes" "$@"; mem=$2; shift ;;
	--hook) need "panic or hang" "$@"; hook=$2; shift ;;
	--object)
		need "a BPF object file" "$@"
		[ -f "$2" ] || die "--object: '$2' is not a file"
		add_object "$2"; shift ;;
	--objects)
		need "a directory of BPF objects" "$@"
		n=$objects
		for f in "$2"/*.bpf.o; do
			[ ! -f "$f" ] || add_object "$f"
		done
		[ "$objects" -gt "$n" ] || die "--objects: no *.bpf.o in '$2'"
		shift ;;
	--file)
		need "a file" "$@"
		[ -f "$2" ] || die "--file: '$2' is not a file"
		MKINITRAMFS_FILES+="$(realpath "$2")"$'\n'; shift ;;
	--run)
		need "a script" "$@"
		[ -f "$2" ] || die "--run: '$2' is not a file"
		MKINITRAMFS_RUN=$(realpath "$2"); shift ;;
	--append)
		need "kernel arguments" "$@"
		[[ $2 =~ ^[A-Za-z0-9_.,=:/\ -]+$ ]] ||
			die "--append: '$2' holds characters a kernel argument here may not"
		append_extra+=" $2"; shift ;;
	--plugin)
		need "a plugin" "$@"
		[ -f "${2%%,*}" ] || die "--plugin: '${2%%,*}' is not a file"
		plugin=$2; shift ;;
	-v) verbose=1 ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	*) usage >&2; die "unknown option '$1'" ;;
	esac
	shift
done
runner_args=("$@")

[ "$arches" = all ] && arches=$ALL_ARCHES
names=""
for a in $arches; do
	arch_settings "$a" ||
		die "unknown architecture '$a' (use $ALL_ARCHES_TEXT or all)"
	names+=" $ARCH_NAME"
done
arches=${names# }
# the runner's arguments go on the kernel command line, 2048 bytes in all
# on x86_64 and arm64
if [ ${#runner_args[@]} -gt 0 ]; then
	n=$(printf '%s\0' "${runner_args[@]}" | base64 -w0 | wc -c)
	[ "$n" -le 1800 ] ||
		die "runner arguments too long for the guest's kernel command line" \
		    "($n bytes in base64, at most 1800): select topics, not each subtest"
fi
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "-j needs a positive number, not '$jobs'"
[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout needs a number of seconds, not '$timeout'"
[[ $watchdog =~ ^[1-9][0-9]*$ ]] || die "--watchdog needs a number of seconds, not '$watchdog'"
[[ $mem =~ ^[1-9][0-9]*$ ]] || die "--mem needs a number of megabytes, not '$mem'"
case "$hook" in ""|panic|hang) ;; *) die "--hook takes panic or hang, not '$hook'" ;; esac
# -o and what vmtest writes under it: no link is followed (out_dir_ok)
out=${out%"${out##*[!/]}"}
out=${out:-/}
out_dir_ok "$out"
for a in $arches; do
	out_dir_ok "$out/$a"
done
[ -n "$image" ] && [ -n "$tree" ] && die "-k and -t exclude each other"
[ -z "$plugin" ] || [ "$(echo "$arches" | wc -w)" = 1 ] ||
	die "--plugin loads one plugin into one guest: give one architecture with -a"
if [ -n "$MKINITRAMFS_RUN" ]; then
	[ "$perf" = 0 ] || die "--run and --perf exclude each other"
	[ "$objects" = 0 ] || die "--run and --object exclude each other (use --file)"
fi
image_rel=""
if [ -n "$image" ]; then
	[ "$(echo "$arches" | wc -w)" = 1 ] ||
		die "-k boots one image: give its architecture with -a"
	image=$(realpath "$image" 2>/dev/null || echo "$image")
	check_image "$image" "$arches"
	# it names the results directory: refuse it before anything runs
	# empty when the image is compressed: the guest names it then
	image_rel=$(image_release "$image" || true)
	[ -z "$image_rel" ] || valid_release "$image_rel" ||
		die "kernel image '$image' gives its release as ${image_rel@Q}:" \
		    "not a plain name (letters, digits, ._+~-), refusing to use it"
	[ -z "$image_rel" ] || out_dir_ok "$out/$arches/$(results_name "$image_rel")"
fi
if [ -z "$image" ] && [ -z "$tree" ] && [ "$debian" = 0 ] &&
   [ -f "$top/../../../../scripts/kconfig/merge_config.sh" ] &&
   [ "$(basename "$(dirname "$top")")" = selftests ]; then
	tree=$(cd "$top/../../../.." && pwd)
	msg "building the enclosing kernel tree $tree (use --debian for Debian's kernel)"
fi
[ -n "$tree" ] && { [ -d "$tree" ] || die "kernel tree '$tree' does not exist"; }
for t in file readelf od cpio gzip base64 timeout; do
	command -v "$t" >/dev/null ||
		die "missing $t: tools/deps.sh vm installs it"
done

# patch_tree TREE PATCH...: set tree to a copy of TREE with the patches
# applied (patch -p1 --forward --fuzz=0, in order: line offsets are fine,
# changed context is not).  The copy is made of hard links (cp -al; a
# plain copy across file systems) in
# $BPF_REFS_CACHE/patched/<tree>-<hash of its path>-<patches' sha256>,
# and GNU patch writes each file it changes anew, so TREE is never
# touched.  It is made once and reused until TREE changes (a file or
# directory newer than the copy, or its Makefile another file: extracted
# again); its files keep their times, so tools/vm/kbuild.sh's build of it (a
# build dir of its own, keyed by its path) stays up to date.
# localversion-bpf_refs in the copy appends the patches' names to the
# kernel release, so a patched kernel's results do not replace the plain
# tree's.  A patch that does not apply dies naming the patch, the tree and
# the files it could not patch; nothing is built then.
patch_tree() {
	local src cache p sum sums=() set id name copy tmp lock want lv="" fd
	src=$(cd "$1" && pwd)
	shift
	cache=${BPF_REFS_CACHE:-/var/cache/bpf_refs}/patched
	for p in "$@"; do
		sum=$(sha256sum "$p") || die "--patch: cannot read '$p'"
		sums+=("${sum%% *}")
		p=${p##*/}
		p=${p%.patch}
		p=${p%.diff}
		lv+="+${p//[^A-Za-z0-9._-]/-}"
	done
	# one patch: its own sha256; several: the sha256 of theirs
	set=${sums[0]}
	[ $# = 1 ] || set=$(printf '%s\n' "${sums[@]}" | sha256sum | cut -c1-64)
	[ ${#lv} -le 40 ] || lv="+patched-${set:0:8}"
	id=$(stat -c '%d:%i:%Y' "$src/Makefile" 2>/dev/null) ||
		die "kernel tree '$src' has no Makefile"
	name="${src##*/}-$(printf '%s' "$src" | sha256sum | cut -c1-8)-${set:0:12}"
	copy=$cache/$name
	tmp=$cache/.$name.tmp
	want=$(echo "tree $src $id"
	       printf "patch %s\n" "${sums[@]}"
	       echo "localversion $lv")
	command -v patch >/dev/null || die "missing patch (GNU patch, package patch)"
	mkdir -p "$cache" || die "--patch: cannot create $cache"
	lock=$cache/.$name.lock
	exec {fd}>"$lock"
	flock "$fd" || die "--patch: cannot lock $lock"
	if [ "$(cat "$copy/.bpf_refs-patched" 2>/dev/null)" = "$want" ] &&
	   [ -z "$(find "$src" -path "$src/.git" -prune -o \
		-newer "$copy/.bpf_refs-patched" -print -quit)" ]; then
		msg "patched tree $copy is up to date"
		exec {fd}>&-
		tree=$copy
		return 0
	fi
	rm -rf "$tmp"
	if ! cp -al "$src" "$tmp" 2>/dev/null; then
		rm -rf "$tmp"
		msg "cannot hard-link $src into $cache (another file system?): copying it"
		cp -a "$src" "$tmp" || { rm -rf "$tmp"; die "--patch: cannot copy $src to $tmp"; }
	fi
	for p in "$@"; do
		patch_apply "$tmp" "$p" || {
			rm -rf "$tmp"
			die "--patch: ${p##*/} does not apply to $src (nothing built)"
		}
	done
	printf '%s\n' "$lv" >"$tmp/localversion-bpf_refs"
	echo "$want" >"$tmp/.bpf_refs-patched"
	rm -rf "$copy"
	mv "$tmp" "$copy" || die "--patch: cannot rename $tmp to $copy"
	exec {fd}>&-
	msg "patched $src with ${*##*/} in $copy (kernel release suffix $lv)"
	tree=$copy
}
if [ ${#patches[@]} -gt 0 ]; then
	[ -n "$tree" ] || die "--patch needs -t TREE, a kernel tree to patch"
	patch_tree "$tree" "${patches[@]}"
fi
# -o and its arch folders, before anything is built: a read-only or full
# -o is refused now
mkdir -p -- "$out" || die "-o: cannot create directory '$out'"
out_dir_ok "$out"
out=$(cd -P -- "$out" && pwd -P) || die "-o: cannot enter '$out'"
probe=$(mktemp "$out/.vmtest.XXXXXX") ||
	die "-o: cannot create files in '$out' (read-only or full?)"
if ! echo "$$" >"$probe" 2>/dev/null; then
	rm -f -- "$probe"
	die "-o: cannot write in '$out' (full?)"
fi
rm -f -- "$probe"
for a in $arches; do
	# (mkdir makes no directory through a link; another run may make it)
	mkdir -- "$out/$a" 2>/dev/null || true
	out_dir_ok "$out/$a"
	[ -d "$out/$a" ] || die "-o: cannot create directory '$out/$a'"
	{ probe=$(mktemp -d "$out/$a/.run.XXXXXX") && rmdir -- "$probe"; } ||
		die "-o: cannot create a run directory in '$out/$a' (read-only or full?)"
done

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }

# Build this arch's runner and objects in build/<arch> (against the tree
# $KDIR, if set: build/<arch>-<its name>), one make at a time there
# (runs of vmtest at once share it).
build_runner() {
	local arch=$1 tree=${KDIR:-} objdir cross=() lockfd
	tree=${tree%/}
	objdir=$top/build/$arch${tree:+-${tree##*/}}
	if [ "$(uname -m)" != "$arch" ]; then
		command -v "${ARCH_CROSS}gcc" >/dev/null ||
			die "missing cross compiler ${ARCH_CROSS}gcc:" \
			    "tools/deps.sh cross (packages $ARCH_CROSS_PKGS)"
		cross=(ARCH="$ARCH_KARCH" CROSS_COMPILE="$ARCH_CROSS")
	fi
	mkdir -p "$objdir" || die "cannot create $objdir"
	cache_lock lockfd "$top/build/.$arch.lock"
	make -s -C "$top" "${cross[@]}" OUTPUT="$objdir" >"$objdir/make.log" 2>&1 || {
		tail -n 20 "$objdir/make.log" >&2
		die "building bpf_refs for $arch failed (log: $objdir/make.log)"
	}
	echo "$objdir"
}

# The verdict's totals of a --perf run: programs of the CSV by verdict,
# and the clock the guest's JSON names.
perf_totals() {
	local run=$1 clk
	clk=$(sed -n 's/^ *"clock": "\([a-z]*\)",*$/\1/p' "$run/results.json" \
		2>/dev/null | head -n1)
	awk -F, -v clk="${clk:-unknown}" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		"verdict" in c { n++; v[$c["verdict"]]++ }
		END { if (!n) exit
		      printf "perf: %d programs, %d accepted, %d rejected, %d skipped; clock %s\n",
			n, v["accepted"], v["rejected"], v["skipped"], clk }' "$run/ktap"
}

# The functions below read the options parsed above (image, tree, series,
# perf, clock, hook, runner_args, ...) and the row of tools/lib/arch.sh
# that run_arch selects; what belongs to one run is passed as arguments.

# The extended regex of a result in the guest's stream: a KTAP test line,
# or with --perf a program's CSV row.
result_pattern() {
	if [ "$perf" = 1 ]; then
		echo '^[a-z0-9_]+__n[0-9]+,'
	else
		echo '^ *(not )?ok [0-9]'
	fi
}

# choose_kernel ARCH KIMG MODDIR REL: choose the kernel to boot (-k's
# image, a build of -t's tree, or Debian's) and set the variables named
# KIMG to its image, MODDIR to its modules (empty for none) and REL to its
# release (empty when only the guest can tell).
choose_kernel() {
	local arch=$1 kconfig
	local -n kimg_=$2 moddir_=$3 rel_=$4
	moddir_=""
	rel_=""
	if [ -n "$image" ]; then
		kimg_=$image
		rel_=$image_rel
	elif [ -n "$tree" ]; then
		kimg_=$(JOBS=${KBUILD_JOBS:-$(nproc)} KCONFIG_EXTRA=$kconfig_extra \
			"$vm/kbuild.sh" "$arch" "$tree" "$base") ||
			die "kernel build for $arch failed"
		rel_=$(cat "$(dirname "$kimg_")/include/config/kernel.release" 2>/dev/null ||
		       cat "${kimg_%/arch/*}/include/config/kernel.release" 2>/dev/null || true)
	else
		read -r kimg_ moddir_ rel_ kconfig < <("$vm/debian-kernel.sh" "$arch" "$series") ||
			die "cannot get Debian's kernel for $arch${series:+ ($series)}"
		[ -n "$kimg_" ] || die "cannot get Debian's kernel for $arch"
		if [ "$arch" = s390x ] && [ -z "$series" ]; then
			msg "[$arch] Debian's default s390x image is $rel_:" \
			    "no BTF and no BPF JIT, so kfunc and CO-RE tests SKIP"
		fi
		if [ -f "$moddir_/missing" ]; then
			msg "[$arch] $(cat "$moddir_/missing"): tests that need a" \
			    "module (veth) SKIP"
		fi
		[ "$kconfig" != - ] || msg "[$arch] Debian's $rel_ comes without its config"
		[ "$moddir_" != - ] || moddir_=""
	fi
}

# Refuse a kernel of ARCH whose release REL (may be empty) is not a plain
# name or whose image KIMG is not a bootable kernel for ARCH.
check_kernel() {
	local arch=$1 kimg=$2 rel=$3
	# the release names the results directory: a plain name or nothing
	[ -z "$rel" ] || valid_release "$rel" ||
		die "[$arch] kernel $kimg gives its release as ${rel@Q}:" \
		    "not a plain name (letters, digits, ._+~-), refusing to use it"
	check_image "$kimg" "$arch"
}

# Build ARCH's initramfs (tools/vm/mkinitramfs.sh) of the runner and
# objects in OBJDIR and the modules in MODDIR (may be empty); with --perf
# tools/perf/'s bench too, when it is built.  Prints its path.
build_initramfs() {
	local arch=$1 objdir=$2 moddir=$3 perfdir="" initrd names
	if [ "$perf" = 1 ]; then
		perfdir="$top/tools/perf/out/bin"
		[ "$(uname -m)" = "$arch" ] || perfdir+="-$ARCH_TRIPLE"
		if [ ! -x "$perfdir/bpf_refs_bench" ]; then
			msg "[$arch] --perf: no $perfdir/bpf_refs_bench (make -C tools/perf" \
			    "ARCH=$ARCH_KARCH CROSS_COMPILE=$ARCH_CROSS): the guest reports SKIP"
			perfdir=""
		fi
	fi
	initrd=$("$vm/mkinitramfs.sh" "$arch" "$objdir" "$moddir" "$perfdir") ||
		die "building the $arch initramfs failed"
	# a guest that boots a damaged image runs what it can unpack
	names=()
	[ -z "$MKINITRAMFS_OBJECTS" ] ||
		mapfile -t names < <(printf '%s' "$MKINITRAMFS_OBJECTS" | sed '/^$/d; s|.*/||')
	[ "$objects" = 0 ] || names+=(vmtest-objects)
	[ -z "$MKINITRAMFS_RUN" ] || names+=(vmtest-run)
	initramfs_ok "$initrd" "${names[@]}" ||
		die "[$arch] the initramfs $initrd is corrupt (gzip -t) or lacks" \
		    "files it was built with: remove it to build it again"
	echo "$initrd"
}

# QEMU's accelerator and CPU options for a guest of ARCH: TCG counting
# instructions for --icount, KVM when this machine can run ARCH with it,
# else (multi-threaded) TCG.
qemu_accel() {
	local arch=$1
	if [ "$clock" = icount ]; then
		# instruction counting is a TCG feature; it turns MTTCG off
		echo "-accel tcg -icount $ARCH_ICOUNT $ARCH_CPU_TCG"
	elif [ -n "$ARCH_KVM_FLAGS" ] && [ "$(uname -m)" = "$arch" ] &&
	   grep -qwE "$ARCH_KVM_FLAGS" /proc/cpuinfo && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		echo "-accel kvm -cpu host"
	else
		echo "-accel tcg $ARCH_CPU_TCG"
	fi
}

# The guest's kernel command line: its console, and what tools/vm/init
# reads (vmtest.*: the results port, the runner's arguments in base64,
# the number of --object files, the self-test hook, --perf, --profile and
# --run).
kernel_cmdline() {
	local append
	# printk.time=1: the kernel's console lines carry a timestamp, which
	# tools/vm/splats.sh takes as the mark of a line the kernel printed
	append="console=$ARCH_CONSOLE panic=-1 loglevel=5 printk.time=1"
	append+=" vmtest.res=$ARCH_RESULTS_DEV"
	# tools/vm/init refuses to run anything else when they are missing
	[ "$objects" = 0 ] || append+=" vmtest.objects=$objects"
	[ ${#runner_args[@]} = 0 ] ||
		append+=" vmtest.args=$(printf '%s\0' "${runner_args[@]}" | base64 -w0)"
	[ -n "$hook" ] && append+=" vmtest.hook=$hook"
	[ "$perf" = 1 ] && append+=" vmtest.perf=1 vmtest.clock=$clock"
	[ "$MKINITRAMFS_PROFILE" = 1 ] && append+=" vmtest.profile=1"
	[ "$gcov" = 1 ] && append+=" vmtest.gcov=1"
	[ -n "$MKINITRAMFS_RUN" ] && append+=" vmtest.run=1"
	echo "$append$append_extra"
}

# A new run directory for ARCH, DIR/ARCH/.run.XXXXXX (made by mktemp: no
# one else's, reached through no link), with the guest's console
# (console.log), results stream (results.raw) and QEMU's output (qemu.out)
# empty in it.  Prints its path.
new_run() {
	local arch=$1 run
	run=$(mktemp -d "$out/$arch/.run.XXXXXX") ||
		die "[$arch] cannot make a run directory in $out/$arch (read-only or full?)"
	{ [ -n "$run" ] && [ "$(cd -P -- "$run" && pwd -P)" = "$run" ]; } ||
		die "[$arch] the run directory $run is not in $out/$arch"
	{ : >"$run/console.log" && : >"$run/results.raw" && : >"$run/qemu.out"; } ||
		die "[$arch] cannot write in $run (full?)"
	echo "$run"
}

# qemu_command ARGS ARCH RUN KIMG INITRD: set the array named ARGS to the
# arguments of ARCH's QEMU that boot KIMG with INITRD, the console going
# to RUN/console.log and the results stream to RUN/results.raw (a second
# serial port or a virtio console); RUN/qemu.cmd records the command.
qemu_command() {
	local -n args_=$1
	local arch=$2 run=$3 kimg=$4 initrd=$5 accel
	accel=$(qemu_accel "$arch")
	# shellcheck disable=SC2206
	args_=($ARCH_MACHINE $accel -m "$mem" -nodefaults -no-user-config
	       -display none -no-reboot -serial "file:$run/console.log")
	if [ "$ARCH_RESULTS_QEMU" = serial ]; then
		args_+=(-serial "file:$run/results.raw")
	else
		# shellcheck disable=SC2054 # QEMU option values, not elements
		args_+=(-device "$ARCH_RESULTS_QEMU" -chardev "file,id=res,path=$run/results.raw"
			-device virtconsole,chardev=res)
	fi
	args_+=(-kernel "$kimg" -initrd "$initrd" -append "$(kernel_cmdline)")
	[ -z "$plugin" ] || args_+=(-plugin "$plugin")
	echo "$ARCH_QEMU ${args_[*]}" >"$run/qemu.cmd" ||
		die "[$arch] cannot write $run/qemu.cmd (full?)"
}

# boot_guest RUN ARGS...: run QEMU with ARGS until the guest ends, watching
# the console and results files of RUN: a hard limit (--timeout) and a
# watchdog that kills a guest printing nothing for --watchdog seconds; -v
# copies the console to stderr.  Prints "QRC FIRST TOTAL REASON": QEMU's
# exit status, the milliseconds to the first result (- for none) and to
# the end, and why the guest was killed (nothing when it ended by itself).
boot_guest() {
	local run=$1 con="$1/console.log" res="$1/results.raw" result_re
	local start qpid size last=0 changed first="" reason="" t tailpid="" ended=""
	local qrc=0 total
	shift
	result_re=$(result_pattern)
	start=$(now_ms)
	changed=$start
	timeout --signal=KILL $((timeout + 5)) "$ARCH_QEMU" "$@" \
		>"$run/qemu.out" 2>&1 &
	qpid=$!
	# timeout passes TERM on to QEMU; never leave a guest behind
	trap 'kill -TERM "$qpid" 2>/dev/null || true' EXIT
	[ "$verbose" = 1 ] && { tail -F -n +1 "$con" >&2 2>/dev/null & tailpid=$!; }
	while kill -0 "$qpid" 2>/dev/null; do
		sleep 0.2
		t=$(now_ms)
		size=$(( $(stat -c %s "$con") + $(stat -c %s "$res") ))
		if [ "$size" != "$last" ]; then
			last=$size
			changed=$t
		fi
		if [ -z "$first" ] && grep -qaE "$result_re" "$res"; then
			first=$((t - start))
		fi
		if [ -z "$ended" ] && grep -qa '^VMTEST_END' "$res"; then
			# all results are out: no need to wait for the guest
			ended=$t
			kill -TERM "$qpid" 2>/dev/null || true
		fi
		if [ $((t - changed)) -ge $((watchdog * 1000)) ]; then
			reason="hang: no output for $watchdog s, killed by the watchdog"
			kill -TERM "$qpid" 2>/dev/null || true
		elif [ $((t - start)) -ge $((timeout * 1000)) ]; then
			reason="timeout: still running after $timeout s, killed"
			kill -TERM "$qpid" 2>/dev/null || true
		fi
	done
	wait "$qpid" 2>/dev/null || qrc=$?
	trap - EXIT
	[ -n "$tailpid" ] && kill "$tailpid" 2>/dev/null
	total=$(( $(now_ms) - start ))
	[ -z "$first" ] && grep -qaE "$result_re" "$res" && first=$total
	if [ -z "$reason" ] && [ "$qrc" = 137 ]; then
		reason="timeout: still running after $timeout s, killed"
	fi
	echo "$qrc ${first:--} $total $reason"
}

# The kernel release the guest reported (VMTEST_BEGIN's third field) in
# RUN/results.txt; fails when the guest never began.
guest_release() {
	local begin
	begin=$(grep -m1 '^VMTEST_BEGIN ' "$1/results.txt") || return 1
	echo "$begin" | cut -d' ' -f3
}

# The suite's exit status the guest reported (VMTEST_RC=) in
# RUN/results.txt; nothing when it sent none.
guest_status() {
	sed -n 's/^VMTEST_RC=\([0-9]*\)$/\1/p' "$1/results.txt" | tail -n1
}

# Split RUN/results.raw, the guest's results stream, into results.txt
# (all from VMTEST_BEGIN on), ktap, info, stderr.log (what the guest's
# programs wrote to stderr: VMTEST_STDERR lines, kept off the console) and
# the base64 blocks decoded, results.json and profile.txt; a block damaged
# in transit, or a profile that never came, is noted in info.  Fails when
# a file cannot be written.
split_results() {
	local run=$1
	tr -d '\r' <"$run/results.raw" | sed -n '/^VMTEST_BEGIN /,$p' >"$run/results.txt" ||
		return 1
	sed -n '/^VMTEST_JSON_BEGIN$/,/^VMTEST_JSON_END$/{/^VMTEST_/!p;}' \
		"$run/results.txt" >"$run/json.b64" || return 1
	sed -n '/^VMTEST_PROFILE_BEGIN$/,/^VMTEST_PROFILE_END$/{/^VMTEST_/!p;}' \
		"$run/results.txt" >"$run/profile.b64" || return 1
	sed -e '/^VMTEST_JSON_BEGIN$/,/^VMTEST_JSON_END$/d' \
	    -e '/^VMTEST_PROFILE_BEGIN$/,/^VMTEST_PROFILE_END$/d' \
	    -e '/^VMTEST_GCOV_BEGIN /,/^VMTEST_GCOV_END$/d' \
	    -e '/^VMTEST_/d' "$run/results.txt" >"$run/ktap" || return 1
	sed -n 's/^VMTEST_INFO //p' "$run/results.txt" >"$run/info" || return 1
	sed -n 's/^VMTEST_STDERR //p' "$run/results.txt" >"$run/stderr.log" ||
		return 1
	[ -s "$run/stderr.log" ] || rm -f "$run/stderr.log"
	decode_block "$run" json.b64 results.json "results JSON was damaged in transit" ||
		return 1
	if [ -s "$run/profile.b64" ]; then
		decode_block "$run" profile.b64 profile.txt \
			"profile: its report was damaged in transit" || return 1
	elif [ "$MKINITRAMFS_PROFILE" = 1 ] && [ -n "$(guest_status "$run")" ]; then
		grep -q '^profile:' "$run/info" ||
			echo "profile: the guest sent no perf report (console.log)" >>"$run/info" ||
			return 1
	fi
	split_gcov "$run" || return 1
	rm -f "$run/json.b64" "$run/profile.b64"
}

# split_gcov RUN: --gcov: each "VMTEST_GCOV_BEGIN <path>" block of
# RUN/results.txt decoded into RUN/gcov/<file name of path> (a .gcda), and
# a line "<file name> <path>" in RUN/gcov/paths (the path in the guest's
# /sys/kernel/debug/gcov: the kernel's build directory, then the file's);
# when no block came, why is noted in info.  Fails when a file cannot be
# written.
split_gcov() {
	local run=$1 b
	if ! grep -q '^VMTEST_GCOV_BEGIN ' "$run/results.txt"; then
		if [ "$gcov" = 1 ] && [ -n "$(guest_status "$run")" ] &&
		   ! grep -q '^gcov:' "$run/info"; then
			echo "gcov: the guest sent no .gcda (console.log)" >>"$run/info" ||
				return 1
		fi
		return 0
	fi
	mkdir -p "$run/gcov" || return 1
	awk -v dir="$run/gcov" '
		/^VMTEST_GCOV_BEGIN / {
			path = substr($0, 19); name = path; sub(/.*\//, "", name)
			if (name !~ /^[A-Za-z0-9._-]+\.gcda$/ || seen[name]++) {
				print "gcov: ignored the block of " path " (not a .gcda" \
				      " name, or a second file of that name)" >>(dir "/../info")
				f = ""; next
			}
			f = dir "/" name ".b64"
			print name, path >>(dir "/paths")
			printf "" >f
			next
		}
		/^VMTEST_GCOV_END$/ { f = ""; next }
		f != "" { print >>f }
		' "$run/results.txt" || return 1
	for b in "$run"/gcov/*.b64; do
		[ -e "$b" ] || continue
		b=${b##*/}
		decode_block "$run" "gcov/$b" "gcov/${b%.b64}" \
			"gcov: ${b%.b64} was damaged in transit" || return 1
		rm -f "$run/gcov/$b"
	done
}

# decode_block RUN B64 FILE NOTE: decode RUN/B64 (when not empty) into
# RUN/FILE, or note NOTE in RUN/info when it is not base64.  Fails when a
# file cannot be written.
decode_block() {
	local run=$1
	[ -s "$run/$2" ] || return 0
	if base64 -d <"$run/$2" >/dev/null 2>&1; then
		base64 -d <"$run/$2" >"$run/$3"
	else
		rm -f "$run/$3"
		echo "$4" >>"$run/info"
	fi
}

# verdict_no_boot RUN REASON QRC: the verdict of a guest that never began
# the suite, from why it was killed (REASON, may be empty), QEMU's exit
# status QRC and output, the console's splats and the console of RUN.
verdict_no_boot() {
	local run=$1 reason=$2 qrc=$3 con="$1/console.log" v
	if grep -qa '^vmtest: results device .* is missing' "$con"; then
		echo "FAIL (no results port (virtio console) in the guest:" \
		     "its output is in console.log)"
		return
	fi
	v="FAIL (boot failed: the guest never reached /init"
	[ -n "$reason" ] && v+=" ($reason)"
	if [ "$qrc" != 0 ] && [ -s "$run/qemu.out" ]; then
		v+="; QEMU exited with $qrc: $(head -n1 "$run/qemu.out"))"
	elif [ -s "$run/splats" ]; then
		v+="; $(head -n1 "$run/splats"))"
	elif [ "$(stat -c %s "$con")" = 0 ]; then
		v+="; the console stayed empty: corrupt image or wrong machine?)"
	else
		v+="; see console.log: corrupt image?)"
	fi
	echo "$v"
}

# verdict_died RUN NRES: the verdict of a guest that ended before the
# suite's exit status, after NRES results: its panic or splat if any.
verdict_died() {
	local run=$1 nres=$2
	if grep -q '^kernel panic' "$run/splats"; then
		echo "FAIL ($(grep -m1 '^kernel panic' "$run/splats" |
			sed 's/: Kernel panic - not syncing:/:/') after $nres results)"
	elif [ -s "$run/splats" ]; then
		echo "FAIL (guest died: $(head -n1 "$run/splats") after $nres results)"
	else
		echo "FAIL (guest exited before the suite finished, after $nres results)"
	fi
}

# verdict_finished RUN RC SPLATS: the verdict of a suite that ended with
# exit status RC: PASS, SKIP or FAIL with its totals, a FAIL when there
# were splats (SPLATS=1, splats.sh's status) that the xfail list does not
# explain.  Prints "RC VERDICT".
verdict_finished() {
	local run=$1 rc=$2 splats=$3 totals v suite
	totals=$(sed -n 's/^# Totals: \(.*\) error:.*/\1/p' "$run/ktap" | tail -n1)
	[ -n "$totals" ] ||
		totals=$(sed -n 's/^1\.\.0 # SKIP //p' "$run/ktap" | head -n1)
	# a run that bailed out (tools/vm/init: --object files missing)
	[ -n "$totals" ] ||
		totals=$(sed -n 's/^Bail out! *//p' "$run/ktap" | head -n1)
	[ "$perf" = 1 ] && [ -z "$totals" ] && totals=$(perf_totals "$run")
	if [ "$perf" = 1 ] && [ "$rc" = 0 ] && [ ! -s "$run/results.json" ]; then
		rc=1
		totals+="; no results JSON came back"
	fi
	case "$rc" in
	0) v="PASS" ;;
	4) v="SKIP" ;;
	*) rc=1; v="FAIL" ;;
	esac
	v+=" (${totals:-no KTAP totals})"
	if [ "$splats" = 1 ] && [ "$rc" = 0 ] && all_splats_known "$run"; then
		v+="; known splat: $(head -n1 "$run/splats")"
	elif [ "$splats" = 1 ]; then
		rc=1
		suite=${v%% *}
		v="FAIL (kernel splat: $(head -n1 "$run/splats"); suite: $suite ${totals:-})"
	fi
	echo "$rc $v"
}

# verdict RUN REASON QRC: judge a run from the files of RUN (split_results),
# why the guest was killed (REASON, may be empty) and QEMU's exit status
# QRC; names the console's splats in RUN/splats.  Prints "RC VERDICT": the
# exit code (0, 1 or 4) and the verdict.  Fails when RUN/splats cannot be
# written or the console read.
verdict() {
	local run=$1 reason=$2 qrc=$3 began=0 grel grc splats=0 nres rc v badrel spl
	grel=$(guest_release "$run") && began=1
	grc=$(guest_status "$run")
	spl=$("$vm/splats.sh" "$run/console.log") || splats=$?
	[ "$splats" != 2 ] || return 1
	printf '%s' "${spl:+$spl$'\n'}" >"$run/splats" || return 1
	nres=$(grep -cE "$(result_pattern)" "$run/ktap" || true)
	if [ -n "$reason" ] && [ "$began" = 1 ]; then
		rc=1
		v="FAIL ($reason after $nres results)"
	elif [ "$began" = 0 ]; then
		rc=1
		v=$(verdict_no_boot "$run" "$reason" "$qrc")
	elif [ -z "$grc" ]; then
		rc=1
		v=$(verdict_died "$run" "$nres")
	else
		read -r rc v <<<"$(verdict_finished "$run" "$grc" "$splats")"
	fi
	# the release names the results directory (results_release)
	if [ "$began" = 1 ] && ! valid_release "$grel"; then
		rc=1
		badrel=${grel:0:80}
		v="FAIL (guest reported an invalid kernel release ${badrel@Q}; suite: $v)"
	fi
	echo "$rc $v"
}

# results_release RUN REL: the release that names RUN's results folder:
# the guest's (never a path from what the guest says: invalid-release
# unless it is a plain name), else REL, the host's (may be empty), else
# unknown.
results_release() {
	local run=$1 rel=$2 grel
	if grel=$(guest_release "$run"); then
		rel=invalid-release
		valid_release "$grel" && rel=$grel
	fi
	echo "${rel:-unknown}"
}

# verdict_line ARCH REL VERDICT FIRST TOTAL: the one-line verdict of ARCH's
# kernel REL with the milliseconds to the first result (FIRST, - for
# none) and in all (TOTAL).
verdict_line() {
	local boot="no result"
	[ "$4" = - ] || boot="$(secs "$4") s"
	echo "$1 $2: $3; boot-to-first-result $boot, total $(secs "$5") s"
}

# store_results RUN ARCH REL: move RUN to DIR/ARCH/REL (REL-perf with
# --perf, the bench's output as bench.out), replacing an earlier run of
# that kernel, and print its verdict and where its results are.  Only a
# directory right under DIR/ARCH, reached through no link, is replaced:
# rm and mv run in DIR/ARCH itself (a link planted meanwhile is not
# followed), under a flock of it (runs at once into one -o replace it in
# turn); anything else is refused (exit 2), RUN kept.
store_results() {
	local run=$1 arch=$2 name dest
	name=$(results_name "$3")
	dest="$out/$arch/$name"
	case "$name" in
	""|.|..|*/*) die "[$arch] refusing to replace '$dest': not a directory of $out/$arch" ;;
	esac
	if [ "$perf" = 1 ]; then
		mv -- "$run/ktap" "$run/bench.out" || die "[$arch] cannot rename $run/ktap"
	fi
	out_dir_ok "$dest" " (this run's results are in $run)"
	(
		cd -P -- "$out/$arch" && [ "$(pwd -P)" = "$out/$arch" ] || exit 1
		exec {lockfd}<. && flock "$lockfd" || exit 1
		[ ! -L "$name" ] && { [ ! -e "$name" ] || [ -d "$name" ]; } || exit 1
		rm -rf -- "$name" && mv -T -- "${run##*/}" "$name" || exit 1
		show_results "$dest" || true
	) || die "[$arch] cannot replace $dest with $run (a link, or not a directory" \
		 "of $out/$arch?); this run's results are in $run"
}

# show_results DIR: the verdict of the results folder DIR, where it is, its
# splats, profile and notes
show_results() {
	local dest=$1
	cat "$dest/verdict"
	echo "$dest/" | sed "s|^$top/||; s|^|  results: |"
	[ ! -s "$dest/splats" ] || sed 's/^/  splat: /' "$dest/splats"
	[ ! -s "$dest/profile.txt" ] ||
		echo "$dest/profile.txt" | sed "s|^$top/||; s|^|  profile: |"
	[ ! -s "$dest/info" ] || sed 's/^/  note: /' "$dest/info"
}

# Boot one arch and write its results folder.  Returns the verdict's
# exit code (0, 1 or 4); dies (2) on a setup error.  Runs in a subshell
# of its own (run_one), where set -e does not hold: each step that can
# fail says so.
run_arch() {
	local arch=$1 objdir kimg moddir rel initrd run qargs=() qrc first total reason
	local rc v vout
	arch_settings "$arch"
	objdir=$(build_runner "$arch") || exit 2
	choose_kernel "$arch" kimg moddir rel
	check_kernel "$arch" "$kimg" "$rel"
	# the results folder this kernel names, when known before the boot
	[ -z "$rel" ] || out_dir_ok "$out/$arch/$(results_name "$rel")"
	initrd=$(build_initramfs "$arch" "$objdir" "$moddir") || exit 2
	command -v "$ARCH_QEMU" >/dev/null ||
		die "missing $ARCH_QEMU: tools/deps.sh vm (package $ARCH_QEMU_PKG)"
	run=$(new_run "$arch") || exit 2
	qemu_command qargs "$arch" "$run" "$kimg" "$initrd"
	read -r qrc first total reason <<<"$(boot_guest "$run" "${qargs[@]}")"
	split_results "$run" ||
		die "[$arch] cannot write the results in $run (full?)"
	vout=$(verdict "$run" "$reason" "$qrc") ||
		die "[$arch] cannot write the verdict in $run (full?)"
	read -r rc v <<<"$vout"
	[ -s "$run/splats" ] || rm -f "$run/splats"
	rel=$(results_release "$run" "$rel")
	{ verdict_line "$arch" "$rel" "$v" "$first" "$total" >"$run/verdict" &&
	  echo "$first $total" >"$run/timing"; } ||
		die "[$arch] cannot write the verdict in $run (full?)"
	store_results "$run" "$arch" "$rel"
	return "$rc"
}

# One arch: run it; returns its exit code.  With -j, its output is held
# back (in memory: vmtest keeps no files of its own in -o) until it is
# done, so arches do not interleave.
run_one() {
	local arch=$1 rc=0 log
	if [ "$jobs" = 1 ]; then
		(run_arch "$arch") || rc=$?
	else
		log=$( (run_arch "$arch") 2>&1) || rc=$?
		[ -z "$log" ] || printf '%s\n' "$log"
	fi
	return "$rc"
}

# the exit code of each arch; with -j, each job's through wait
declare -A rcs=() job_arch=()
running=0
for a in $arches; do
	if [ "$jobs" = 1 ]; then
		rcs[$a]=0
		run_one "$a" || rcs[$a]=$?
		continue
	fi
	run_one "$a" &
	job_arch[$!]=$a
	running=$((running + 1))
	while [ "$running" -ge "$jobs" ] ||
	      { [ "$a" = "${arches##* }" ] && [ "$running" -gt 0 ]; }; do
		rc=0
		wait -n -p pid || rc=$?
		rcs[${job_arch[$pid]}]=$rc
		running=$((running - 1))
	done
done

final=4
for a in $arches; do
	case "${rcs[$a]:-2}" in
	0) [ "$final" = 4 ] && final=0 ;;
	4) ;;
	2) final=2; break ;;
	*) final=1 ;;
	esac
done
exit "$final"
