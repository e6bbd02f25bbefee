#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# plots.sh MODEL OUTDIR: the SVG plots of the dashboard, drawn by gnuplot
# from a bpf_refs-merged/1 model.  Writes OUTDIR/perf.svg and
# OUTDIR/history.svg when there is data for them, and OUTDIR/plots.json
# naming the files written.
set -euo pipefail

model=$1
out=$2
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

term='set terminal svg size 960,440 dynamic noenhanced font "DejaVu Sans,11" background rgb "white"'
perf="[]"
history=null

# Perf: one plot per run, one series per family: nodes, median, p10, p90.
npts=$(jq '.perf.points | length' "$model")
if ((npts > 0)); then
	perf='['
	r=0
	while IFS=$'\t' read -r label runpts; do
		r=$((r + 1))
		plot=''
		i=0
		while IFS=$'\t' read -r fam rows; do
			i=$((i + 1))
			jq -r '.[] | "\(.nodes) \(.median_us) " +
				"\(.p10_us // .median_us) \(.p90_us // .median_us)"' \
				<<<"$rows" >"$data/perf$r-$i.dat"
			plot+="${plot:+, }'$data/perf$r-$i.dat' using 1:2:3:4"
			plot+=" with yerrorlines title '$fam'"
		done < <(jq -r 'group_by(.family)[] | sort_by(.nodes)
				| "\(.[0].family | gsub("'"'"'"; ""))\t\(tojson)"' <<<"$runpts")
		rows=$(((i + 2) / 3))
		gnuplot <<-EOF
			set terminal svg size 960,$((420 + 22 * rows)) dynamic noenhanced \
				font "DejaVu Sans,11" background rgb "white"
			set output '$out/perf-$r.svg'
			set title 'Verifier load time by tree size: $label (median, p10-p90)'
			set logscale xy
			set xlabel 'nodes'
			set ylabel 'load time (us)'
			set key below maxrows $rows font ',9'
			set grid
			plot $plot
		EOF
		[[ $r -gt 1 ]] && perf+=','
		perf+="{\"file\": \"perf-$r.svg\", "
		perf+="\"label\": $(jq -Rn --arg l "$label" '$l')}"
	done < <(jq -r '.perf.points | group_by(.key)[]
			| "\(.[0].label | gsub("'"'"'"; ""))\t\(tojson)"' "$model")
	perf+=']'
fi

# History: pass and failure counts of every stored run, one line per run key.
nhist=$(jq '.history | length' "$model")
if ((nhist > 0)); then
	pplot=''
	fplot=''
	i=0
	while IFS=$'\t' read -r title rows; do
		i=$((i + 1))
		jq -r '.[] | "\(.started) \(.counts.pass) " +
			"\(.counts.fail + .counts.xpass) \(.counts.skip) " +
			"\(.counts.xfail)"' \
			<<<"$rows" >"$data/hist$i.dat"
		pplot+="${pplot:+, }'$data/hist$i.dat' using 1:2"
		pplot+=" with linespoints lw 2 title '$title'"
		fplot+="${fplot:+, }'$data/hist$i.dat' using 1:3"
		fplot+=" with linespoints lw 2 title '$title'"
	done < <(jq -r '.history | group_by(.key)[] | sort_by(.started)
			| "\(.[0].label | gsub("'"'"'"; ""))\t\(tojson)"' \
			"$model")
	gnuplot <<-EOF
		$term
		set output '$out/history.svg'
		set multiplot layout 1,2 title 'Stored runs'
		set xdata time
		set timefmt '%Y-%m-%dT%H:%M:%SZ'
		set format x '%m-%d'
		set xlabel 'run started (UTC)'
		set grid
		set yrange [0:*]
		set key bottom left font ',9'
		set title 'pass'
		plot $pplot
		set title 'fail + xpass'
		set key top right font ',9'
		plot $fplot
		unset multiplot
	EOF
	history='"history.svg"'
fi

printf '{"perf": %s, "history": %s}\n' "$perf" "$history" >"$out/plots.json"
