#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run a sweep of generated dynptr trees on the running kernel (docs/perf.md).
#
# usage: bench.sh [--bin DIR] [--out DIR] [--runs R] [--tag NAME]
#                 [--perf-stat] [--perf-record] [--veristat [RUNS]] [--no-plot]
#   --bin DIR       bpf_refs_bench and the bench_*.bpf.o objects (out/bin)
#   --out DIR       results: DIR/NAME.csv, DIR/NAME.json (tools/perf/out)
#   --runs R        loads measured per program (51)
#   --tag NAME      result file name (results)
#   --perf-stat     perf stat -e task-clock,... around the sweep
#   --perf-record   perf record -g of the sweep, top kernel symbols
#   --veristat [N]  side by side with veristat (linux-source-6.12), N runs (21)
#   --no-plot       skip the gnuplot plots
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=$here/out/bin
out=$here/out
runs=51
tag=results
perf_stat=0
perf_record=0
veristat_runs=0
plot=1

while [ $# -gt 0 ]; do
	case $1 in
	--bin) bin=$2; shift ;;
	--out) out=$2; shift ;;
	--runs) runs=$2; shift ;;
	--tag) tag=$2; shift ;;
	--perf-stat) perf_stat=1 ;;
	--perf-record) perf_record=1 ;;
	--veristat)
		veristat_runs=21
		if [[ ${2:-} =~ ^[0-9]+$ ]]; then
			veristat_runs=$2
			shift
		fi
		;;
	--no-plot) plot=0 ;;
	-h|--help) sed -n '3,15p' "$0"; exit 0 ;;
	*) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

mkdir -p "$out"
csv=$out/$tag.csv
json=$out/$tag.json
cmd=("$bin/bpf_refs_bench" run -r "$runs" -o "$csv" -j "$json")

echo "bench: $(uname -r) $(uname -m), R=$runs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }

start=$(date +%s.%N)
if [ $perf_stat = 1 ] || [ $perf_record = 1 ]; then
	command -v perf >/dev/null ||
		{ echo "bench: no perf: tools/deps.sh perf (package linux-perf)" >&2; exit 2; }
fi
if [ $perf_stat = 1 ]; then
	perf stat -e task-clock,context-switches,cpu-migrations,page-faults \
		-o "$out/$tag.perf-stat.txt" -- "${cmd[@]}"
	grep -E 'task-clock|elapsed|context' "$out/$tag.perf-stat.txt"
else
	"${cmd[@]}"
fi
end=$(date +%s.%N)
printf 'bench: sweep took %.1f s -> %s, %s\n' "$(elapsed "$start" "$end")" \
	"$csv" "$json"

if [ $perf_record = 1 ]; then
	perf record -q -e cpu-clock -F 4999 -g -o "$out/$tag.perf.data" -- \
		"$bin/bpf_refs_bench" run -q -r "$runs" -o /dev/null 2>/dev/null
	perf report -i "$out/$tag.perf.data" --stdio --no-children \
		--sort sym --dsos '[kernel.kallsyms]' --percent-limit 0.5 2>/dev/null |
		grep -E '^ +[0-9.]+%' | head -40 >"$out/$tag.perf-report.txt"
	echo "bench: top symbols of the sweep ($out/$tag.perf-report.txt):"
	head -15 "$out/$tag.perf-report.txt"
fi

if [ "$veristat_runs" -gt 0 ]; then
	veristat=${VERISTAT:-$out/veristat}
	[ -x "$veristat" ] || "$here/build-veristat.sh" "$out"
	vdir=$out/$tag.veristat
	rm -rf "$vdir"
	mkdir -p "$vdir"
	vstart=$(date +%s.%N)
	for i in $(seq "$veristat_runs"); do
		"$veristat" -o csv -e file,prog,verdict,duration,insns,states,peak_states \
			"$bin"/bench_*.bpf.o >"$vdir/run$i.csv" 2>/dev/null || true
	done
	vend=$(date +%s.%N)
	printf 'bench: %d veristat runs took %.1f s\n' "$veristat_runs" \
		"$(elapsed "$vstart" "$vend")"
	"$bin/bpf_refs_bench" vcheck "$csv" "$vdir"/run*.csv |
		tee "$out/$tag.vcheck.txt" | tail -3
	[ "${PIPESTATUS[0]}" = 0 ] || { echo "bench: veristat disagrees" >&2; exit 1; }
fi

if [ $plot = 1 ]; then
	if command -v gnuplot >/dev/null; then
		"$here/plot.sh" -o "$out/plots" "$csv"
	else
		echo "bench: no gnuplot, no plots: tools/deps.sh perf (package gnuplot-nox)"
	fi
fi
