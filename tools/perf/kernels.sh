#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare the verifier cost of two kernels (docs/perf.md, "Two kernels"):
# boot them in alternation (OLD NEW OLD NEW ...) in vmtest.sh --perf
# guests, then compare all boots of each with bpf_refs_bench compare.
# With --insn-count the samples are not the kernel's verification time but
# the instructions of each bpf_check() call, counted by the QEMU plugin
# tools/perf/plugin/fn_insns.so outside interrupts and other tasks.
# Exit status like compare: 0 no family slower and no counter changed,
# 1 a family slower or a counter changed, 2 bad input or a failed guest.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tools/lib/arch.sh
. "$top/tools/lib/arch.sh"
# shellcheck source=tools/lib/kernel-spec.sh
. "$top/tools/lib/kernel-spec.sh"

usage() {
	cat <<EOF
Usage: ${0##*/} [options] OLD NEW
  OLD, NEW       a kernel: debian:SERIES (vmtest.sh --debian SERIES, e.g.
                 debian:7.1), image:PATH (-k PATH) or tree:PATH[+PATCH...]
                 (-t PATH, each PATCH applied with --patch)
  -a ARCH        $ALL_ARCHES_TEXT (default: $(uname -m))
  --boots N      boots of each kernel, alternating (default 4; the A/A
                 check of odd against even boots needs 2, and 4 for an
                 interval that holds the variance between boots)
  --icount       guest clock counts instructions (default)
  --realtime     guest clock is real time (KVM where it exists)
  --insn-count   an --icount guest under the QEMU plugin fn_insns.so: each
                 sample is the instructions of one bpf_check() call,
                 without interrupts, other tasks, __schedule() and the
                 calls of --insn-skip (what was left out goes to
                 DIR/{old,new}-K.excluded); the guests boot with nokaslr,
                 and one boot of each kernel first reads its symbols
  --insn-skip L  with --insn-count: the functions (NAME+NAME...) whose calls
                 are left out, replacing the default list (allocators, RCU
                 and RNG slow paths: docs/perf.md); "none" leaves out only
                 __schedule()
  --tiny         build tree: kernels from tinyconfig (vmtest.sh --tiny; an
                 s390x defconfig build takes far longer)
  -r RUNS        replays per program in each boot (default 31)
  -t TOL         compare's tolerance (default 0.005 with --icount, 0.10
                 with --realtime)
  -f SUBSTR      only the programs whose name contains SUBSTR
  -o DIR         output directory (default tools/perf/out/kernels)
  --again        boot nothing: compare, check and report the boots
                 already in DIR again (OLD and NEW are still checked)
  -h             this text
Writes DIR/{old,new}-K.{csv,json} per boot, compare.{txt,json}, table.md,
aa-old.txt and aa-new.txt (odd against even boots), report.md and
plots/.
EOF
}

die() {
	echo "kernels.sh: $*" >&2
	exit 2
}

# --insn-count's default --insn-skip: what bpf_check() calls whose cost
# depends on the state others leave behind, not on the program
# (docs/perf.md, "Instruction counts of bpf_check()")
skip_default=(
	# the scheduler's and RCU's checks in cond_resched(); RCU callbacks
	__cond_resched rcu_read_unlock_special call_rcu kvfree_call_rcu
	# the RNG's batch refill
	_get_random_bytes
	# slab, vmalloc, page and percpu allocators, and their frees
	__kmalloc_noprof __kmalloc_cache_noprof __kmalloc_node_noprof
	__kmalloc_cache_node_noprof __kmalloc_large_noprof
	__kmalloc_large_node_noprof __kmalloc_node_track_caller_noprof
	__kvmalloc_node_noprof kmem_cache_alloc_noprof
	kmem_cache_alloc_node_noprof kmem_cache_alloc_lru_noprof
	krealloc_node_align_noprof kvrealloc_node_align_noprof
	__vmalloc_node_range_noprof __vmalloc_noprof __vmalloc_node_noprof
	vmalloc_noprof vzalloc_noprof __alloc_pages_noprof alloc_pages_noprof
	pcpu_alloc_noprof kfree kvfree vfree kmem_cache_free free_percpu
	free_pages __free_pages
	# the JIT's program packs
	bpf_prog_pack_alloc bpf_prog_pack_free
)
insn_skip=$(IFS=+; echo "${skip_default[*]}")

arch=$(uname -m)
boots=4
clock=icount
count="time"
runs=31
tol=""
filter=""
again=0
tiny=""
out="$top/tools/perf/out/kernels"
while [ $# -gt 0 ]; do
	case "$1" in
	-a) [ -n "${2:-}" ] || die "-a needs an architecture"; arch=$2; shift ;;
	--boots) [ -n "${2:-}" ] || die "--boots needs a number"; boots=$2; shift ;;
	--icount) clock=icount ;;
	--realtime) clock=realtime ;;
	--insn-count) clock=icount; count=insns ;;
	--insn-skip)
		[ -n "${2:-}" ] || die "--insn-skip needs a list of functions"
		[[ $2 =~ ^[A-Za-z0-9_.+]+$ ]] ||
			die "--insn-skip: '$2' is not a list of names joined by +"
		insn_skip=$2; [ "$2" = none ] && insn_skip=""; shift ;;
	--tiny) tiny=--tiny ;;
	-r) [ -n "${2:-}" ] || die "-r needs a number"; runs=$2; shift ;;
	-t) [ -n "${2:-}" ] || die "-t needs a tolerance"; tol=$2; shift ;;
	-f) [ -n "${2:-}" ] || die "-f needs a substring"; filter=$2; shift ;;
	-o) [ -n "${2:-}" ] || die "-o needs a directory"; out=$2; shift ;;
	--again) again=1 ;;
	-h|--help) usage; exit 0 ;;
	-*) usage >&2; die "unknown option '$1'" ;;
	*) break ;;
	esac
	shift
done
[ $# = 2 ] || { usage >&2; die "give two kernels, OLD and NEW"; }
arch_settings "$arch" || die "unknown architecture '$arch' ($ALL_ARCHES_TEXT)"
arch=$ARCH_NAME
[[ $boots =~ ^[1-9][0-9]?$ ]] || die "--boots needs a number 1-99, not '$boots'"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "-r needs a positive number, not '$runs'"
[ "$count" = time ] || [ "$clock" = icount ] ||
	die "--insn-count runs icount guests: it excludes --realtime"
if [ -z "$tol" ]; then
	tol=0.005
	[ "$clock" = realtime ] && tol=0.10
	[ "$count" = insns ] && tol=0.0005
fi
[[ $tol =~ ^[0-9]*\.?[0-9]+$ ]] || die "-t needs a fraction such as 0.01, not '$tol'"

old_args=$(kernel_spec_args "$1" ${tiny:+"$tiny"}) || die "OLD is not a kernel"
new_args=$(kernel_spec_args "$2" ${tiny:+"$tiny"}) || die "NEW is not a kernel"
mkdir -p "$out" || die "cannot create $out"
out=$(cd "$out" && pwd)
if [ "$again" = 1 ]; then
	boots=$(find "$out" -maxdepth 1 -name 'old-*.csv' | wc -l)
	if [ "$boots" = 0 ] || [ ! -s "$out/new-$boots.csv" ]; then
		die "--again: no boots of both kernels in $out"
	fi
	runs=$(jq .runs "$out/old-1.json")
else
	rm -rf "$out/boots" "$out"/{old,new}-*.{csv,json}
fi
rm -rf "$out/plots"

make_args=()
if [ "$arch" != "$(uname -m)" ]; then
	make_args=(ARCH="$ARCH_KARCH" CROSS_COMPILE="$ARCH_CROSS")
fi
make -s -C "$top/tools/perf" "${make_args[@]}" >"$out/make.log" 2>&1 ||
	{ tail -n 20 "$out/make.log" >&2; die "building tools/perf/ for $arch failed"; }
bench=$top/tools/perf/out/bin/bpf_refs_bench
[ "$arch" = "$(uname -m)" ] || make -s -C "$top/tools/perf" >>"$out/make.log" 2>&1 ||
	die "building the host's bpf_refs_bench failed"

guest_args=(-r "$runs")
[ -n "$filter" ] && guest_args+=(-f "$filter")

# --insn-count: the plugin, and the symbols of each kernel (ksyms.sh: one
# nokaslr boot, cached by the image's hash; a tree is read every time)
plugin=""
if [ "$count" = insns ] && [ "$again" = 0 ]; then
	make -s -C "$top/tools/perf/plugin" >>"$out/make.log" 2>&1 ||
		{ tail -n 20 "$out/make.log" >&2; die "building the QEMU plugin failed"; }
	plugin=$top/tools/perf/out/plugin/fn_insns.so
	for which in old new; do
		spec=$1
		[ "$which" = new ] && spec=$2
		key=""
		case "$spec" in
		debian:*)
			img=$("$top/tools/vm/debian-kernel.sh" "$arch" "${spec#debian:}" \
				2>>"$out/make.log" | cut -d' ' -f1) ||
				die "$spec: no Debian kernel for $arch"
			key=$arch-$(sha256sum "$img" | cut -c1-16) ;;
		image:*) key=$arch-$(sha256sum "${spec#image:}" | cut -c1-16) ;;
		esac
		args=$old_args
		[ "$which" = new ] && args=$new_args
		# shellcheck disable=SC2086 # $args: vmtest.sh options, no spaces
		"$top/tools/perf/plugin/ksyms.sh" -a "$arch" -o "$out/$which.map" \
			${key:+-c "$key"} $args ||
			die "$spec: cannot read its symbols for the plugin"
	done
fi

# insn_csv WHICH K: rewrite DIR/WHICH-K.csv with the plugin's counts of
# the boot as samples (clock "insns"); the replays are the last
# (warmup + runs) x accepted calls, in rounds over the accepted programs
# in the CSV's order.  What was left out goes to DIR/WHICH-K.excluded.
insn_csv() {
	local which=$1 k=$2 csv cnt warm n_acc
	csv="$out/$which-$k.csv"
	cnt="$out/boots/$which-$k.insns"
	[ -s "$cnt" ] || die "$which boot $k: the plugin wrote no counts ($cnt)"
	grep -q '^# end:' "$cnt" || die "$which boot $k: the plugin did not finish ($cnt)"
	warm=$(jq .warmup "$out/$which-$k.json")
	n_acc=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["verdict"] == "accepted" { n++ } END { print n + 0 }' "$csv")
	[ "$n_acc" -gt 0 ] || die "$which boot $k: no accepted program to count"
	awk -v w="$warm" -v r="$runs" -v a="$n_acc" -v who="$which boot $k" \
		-v xf="$out/$which-$k.excluded" '
		function fail(m) { print "kernels.sh: " who ": " m > "/dev/stderr"; exit 2 }
		FNR == NR {
			split($0, f, " ")
			if (f[1] == "call") {
				ins[n] = f[3]; ex[n] = f[4]; irq[n] = f[5]; sch[n] = f[6]; n++
			} else if (f[1] == "error") {
				err[n] = $0
			}
			next
		}
		FNR == 1 {
			need = (w + r) * a
			if (n < need)
				fail("the plugin counted " n " calls of bpf_check, the bench " \
				     "made " need " replays")
			first = n - need
			for (i = first; i <= n; i++)
				if (i in err) fail("the plugin could not count a replay: " err[i])
			for (i = 1; i <= NF; i++) c[$i] = i
			print; next
		}
		{
			# a rejected program is not compared; its row only says
			# what the file measures
			if ($c["verdict"] != "accepted") { $c["clock"] = "insns"; print; next }
			s = ""; x = ""
			for (j = 0; j < r; j++) {
				i = first + (w + j) * a + acc
				s = s (j ? ";" : "") ins[i]
				x = x (j ? ";" : "") ex[i] "/" irq[i] "/" sch[i]
			}
			print $c["prog"] "," x > xf
			acc++
			$c["vt_samples"] = s
			$c["clock"] = "insns"
			print
		}' OFS=, FS=, "$cnt" "$csv" >"$csv.tmp" || { rm -f "$csv.tmp"; exit 2; }
	mv "$csv.tmp" "$csv"
}

# plugin_args WHICH K: fn_insns.so's arguments for boot K of WHICH
plugin_args() {
	echo "map=$out/$1.map,out=$out/boots/$1-$2.insns${insn_skip:+,skip=$insn_skip}"
}

# boot WHICH K: one guest; its CSV and JSON become DIR/WHICH-K.{csv,json}
boot() {
	local which=$1 k=$2 args res t0
	args=$old_args
	[ "$which" = new ] && args=$new_args
	t0=$(date +%s)
	# shellcheck disable=SC2086 # $args: vmtest.sh options, no spaces
	# the first loads print nothing: libbpf reads the kernel's BTF for
	# every program, which takes a minute or more under -icount
	"$top/tools/vm/vmtest.sh" -a "$arch" $args --perf "--$clock" --watchdog 600 \
		${plugin:+--append nokaslr --plugin "$plugin,$(plugin_args "$which" "$k")"} \
		-o "$out/boots/$which-$k" -- "${guest_args[@]}" >"$out/boots/$which-$k.log" 2>&1 ||
		{ cat "$out/boots/$which-$k.log" >&2; die "$which boot $k failed"; }
	res=$(find "$out/boots/$which-$k/$arch" -mindepth 1 -maxdepth 1 -type d -name '*-perf')
	if [ ! -s "$res/bench.out" ] || [ ! -s "$res/results.json" ]; then
		die "$which boot $k gave no CSV or JSON ($res)"
	fi
	cp "$res/bench.out" "$out/$which-$k.csv"
	cp "$res/results.json" "$out/$which-$k.json"
	[ -z "$plugin" ] || insn_csv "$which" "$k"
	basename "${res%-perf}" >"$out/$which.release"
	echo "  $which boot $k: $(grep -o '^[^;]*' "$res/verdict"), $(($(date +%s) - t0)) s"
}

t0=$(date +%s)
echo "kernels.sh: $arch, clock $clock, $boots boots of each, R=$runs: $1 against $2"
if [ "$again" = 0 ]; then
	mkdir -p "$out/boots"
	for k in $(seq "$boots"); do
		boot old "$k"
		boot new "$k"
	done
	echo "$(($(date +%s) - t0))" >"$out/boot_s"
fi
boot_s=$(cat "$out/boot_s" 2>/dev/null || echo "?")

# the boots of a kernel as compare takes them; odd or even ones only
files() {
	local which=$1 parity=${2:-} k list=""
	for k in $(seq "$boots"); do
		[ -n "$parity" ] && [ $((k % 2)) != "$parity" ] && continue
		list+=",$out/$which-$k.csv"
	done
	echo "${list#,}"
}

rc=0
"$bench" compare -t "$tol" -j "$out/compare.json" -m "$out/table.md" \
	"$(files old)" "$(files new)" >"$out/compare.txt" || rc=$?
[ "$rc" -le 1 ] || { cat "$out/compare.txt" >&2; die "compare failed"; }

# A/A: odd against even boots of one kernel, with the same tolerance (none
# of an earlier run stays behind: tools/report/report reads them with compare.json)
rm -f "$out"/aa-{old,new}.{txt,json}
aa_alarms=0
aa_note="A/A: needs 2 boots or more"$'\n'
if [ "$boots" -ge 2 ]; then
	aa_note=""
	[ "$boots" -ge 4 ] ||
		aa_note="A/A with one boot per side: its interval holds the replays only"$'\n'
	for which in old new; do
		"$bench" compare -t "$tol" -j "$out/aa-$which.json" \
			"$(files "$which" 1)" "$(files "$which" 0)" >"$out/aa-$which.txt" || true
		n=$(jq '[.families[] | select(.verdict != "same")] | length' "$out/aa-$which.json")
		aa_alarms=$((aa_alarms + n))
		aa_note+="$(jq -r --arg w "$which" '[.families[].ratio] as $r |
			"A/A \($w) (odd/even boots): \(.families | length) families, "
			+ "\([.families[] | select(.verdict != "same")] | length) flagged, "
			+ "ratios \($r | min * 1000000 | round / 1000000)-"
			+ "\($r | max * 1000000 | round / 1000000), widest interval +-"
			+ "\([.families[] | (.ci_hi - .ci_lo) / 2] | max * 100000 |
				round / 1000)%"' \
			"$out/aa-$which.json")"$'\n'
	done
fi

# plots: time and insns against nodes (first boot of each), and the
# per-family ratio with its interval
"$top/tools/perf/plot.sh" -o "$out/plots" "$out/old-1.csv" "$out/new-1.csv" >/dev/null 2>&1 ||
	echo "kernels.sh: warning: no time/insns plots (gnuplot?)" >&2
if command -v gnuplot >/dev/null; then
	jq -r '.families | to_entries[] | .value as $v |
		"\(.key) \($v.ratio) \($v.ci_lo) \($v.ci_hi) \($v.family)"' \
		"$out/compare.json" >"$out/plots/ratios.dat"
	nfam=$(wc -l <"$out/plots/ratios.dat")
	for term in "svg size 900,500" "pngcairo size 900,500"; do
		ext=${term%% *}
		ext=${ext%cairo}
		gnuplot -e "set terminal $term noenhanced; set output '$out/plots/ratios.$ext';
			set title '$(cat "$out/new.release") / $(cat "$out/old.release") ($arch)';
			set ylabel 'new / old verification time ($clock)';
			set xtics rotate by 45 right font ',8'; set bmargin 12; set grid y;
			set xrange [-0.5:$nfam - 0.5]; set offsets 0, 0, 0.005, 0.005; unset key;
			plot '$out/plots/ratios.dat' using 1:2:3:4:xtic(5) \
				with yerrorbars pt 7, 1 lt 0" \
			2>>"$out/plots/gnuplot.log" || echo "kernels.sh: warning: no ratio plot" >&2
	done
fi

old_rel=$(cat "$out/old.release")
new_rel=$(cat "$out/new.release")
{
	echo "# $old_rel -> $new_rel ($arch, clock $clock)"
	echo
	echo "$boots boots of each kernel, alternating; R = $runs replays per program and boot;"
	echo "ratio = new/old of the mean over boots of the median verification time;"
	echo "95% interval: bootstrap over boots, then over replays; tolerance $tol."
	echo
	cat "$out/table.md"
	echo
	echo "Counters that differ (verdict, insns, states):"
	echo
	echo '```'
	grep -E '^[^ ]+ +CHANGED' "$out/compare.txt" || echo "none"
	echo '```'
	echo
	echo "| family | $old_rel time k | insns k | $new_rel time k | insns k |" \
	     "largest accepted old / new |"
	echo "|---|---|---|---|---|---|"
	jq -r '[.base_fits, .cand_fits] | transpose[] |
		"| \(.[0].family) | \(.[0].time_exponent // "-") | "
		+ "\(.[0].insns_exponent // "-") | \(.[1].time_exponent // "-") | "
		+ "\(.[1].insns_exponent // "-") | "
		+ "\(.[0].largest_accepted) / \(.[1].largest_accepted) |"' \
		"$out/compare.json"
	echo
	echo "Where the difference grows: new - old per point (in the clock's us), the"
	echo "least-squares slope of it against nodes, and the ratio at the smallest"
	echo "and largest tree:"
	echo
	echo "| family | new - old, smallest tree | per node | ratio, smallest | ratio, largest |"
	echo "|---|---|---|---|---|"
	jq -r 'def r(d): . * d | round / d;
		[.points[] | select(.ratio != null)] | group_by(.family)[] |
		. as $p | length as $n |
		([$p[].nodes] | add / $n) as $mx |
		([$p[] | .cand - .base] | add / $n) as $my |
		([$p[] | (.nodes - $mx) * (.nodes - $mx)] | add) as $vx |
		([$p[] | (.nodes - $mx) * (.cand - .base - $my)] | add) as $cxy |
		min_by(.nodes) as $lo | max_by(.nodes) as $hi |
		"| \($p[0].family) | \($lo.cand - $lo.base | r(1)) | "
		+ "\(if $vx > 0 then $cxy / $vx | r(10) else "-" end) | "
		+ "\($lo.ratio | r(1000)) (n\($lo.nodes)) | "
		+ "\($hi.ratio | r(1000)) (n\($hi.nodes)) |"' \
		"$out/compare.json"
	echo
	printf '%s' "$aa_note"
	echo
	echo "Boots took $boot_s s."
} >"$out/report.md"

sed -n '/^family/,$p' "$out/compare.txt"
printf '%s' "$aa_note"
echo "kernels.sh: report in ${out#"$top"/}/report.md ($boot_s s of boots)"
[ "$aa_alarms" = 0 ] ||
	echo "kernels.sh: warning: the A/A comparisons flagged $aa_alarms families" >&2
exit "$rc"
