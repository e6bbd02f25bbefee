#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Plots of bpf_refs_bench results with gnuplot: median verification time and
# processed insns against node count, one line per family, log-log.  With a
# second file, the baseline is drawn solid and the candidate dashed.
# usage: plot.sh [-o DIR] BASE.csv [CAND.csv]
#   -> DIR/time_vs_nodes.{svg,png}, DIR/insns_vs_nodes.{svg,png}
set -euo pipefail

out=.
if [ "${1:-}" = -o ]; then
	out=$2
	shift 2
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	sed -n '3,7p' "$0"
	exit 2
fi
mkdir -p "$out"
base=$1
cand=${2:-}

# One gnuplot data block per family: nodes time insns.
blocks() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["verdict"] == "accepted" {
			f = $c["family"]
			if (!(f in seen)) { seen[f] = 1; order[n++] = f }
			d[f] = d[f] $c["nodes"] " " $c["vt_med_us"] " " $c["insns"] "\n"
		}
		END { for (i = 0; i < n; i++) printf "# %s\n%s\n\n", order[i], d[order[i]] }' "$1"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
blocks "$base" >"$tmp/base.dat"
families=$(awk '/^# / { printf "%s ", $2 }' "$tmp/base.dat")
nfam=$(echo "$families" | wc -w)
if [ -n "$cand" ]; then
	blocks "$cand" >"$tmp/cand.dat"
	cfamilies=$(awk '/^# / { printf "%s ", $2 }' "$tmp/cand.dat")
fi

plot() {	# column ylabel name terminal extension
	local col=$1 ylabel=$2 name=$3 term=$4 ext=$5 cmd
	cmd="plot for [i=0:$((nfam - 1))] '$tmp/base.dat' index i"
	cmd="$cmd using 1:$col with linespoints lc i+1 dt 1 pt 7"
	cmd="$cmd title word(fam, i+1)"
	if [ -n "$cand" ]; then
		cmd="$cmd, for [i=0:$(($(echo "$cfamilies" | wc -w) - 1))]"
		cmd="$cmd '$tmp/cand.dat' index i using 1:$col with linespoints"
		cmd="$cmd lc i+1 dt 2 pt 6 title word(cfam, i+1).' (cand)'"
	fi
	gnuplot <<GP
set terminal $term size 1000,700 noenhanced
set output '$out/$name.$ext'
set logscale xy
set xlabel 'nodes (dynptrs in the tree)'
set ylabel '$ylabel'
set key outside right top font ',8'
set grid
set title '$(basename "$base")${cand:+ (solid) vs $(basename "$cand") (dashed)}'
fam = '$families'
cfam = '${cfamilies:-}'
$cmd
GP
}

for t in "svg:svg" "pngcairo:png"; do
	term=${t%%:*}
	ext=${t##*:}
	gnuplot -e "set terminal $term" 2>/dev/null || term=png
	plot 2 'median verification time (us)' time_vs_nodes "$term" "$ext"
	plot 3 'processed insns' insns_vs_nodes "$term" "$ext"
done
echo "plots: $out/time_vs_nodes.{svg,png} $out/insns_vs_nodes.{svg,png}"
