# SPDX-License-Identifier: GPL-2.0
# The chart of "make bench" (tests/bench/run.sh writes the data): MB/s and
# system CPU seconds per GiB, for scsi_debug's delay=0 and delay=1, one
# cluster of bars per transfer size and queue depth, one bar per path.
#
# gnuplot -e "datafile='chart.dat'; pngfile='bench.png'; title='...'" chart.gp
# chart.dat: four blocks (MB/s delay0, MB/s delay1, CPU delay0, CPU delay1),
# each a header row of path names and a row per case, "-" where a path has
# no such queue depth.
set terminal pngcairo noenhanced size 1400,1000 font ",10"
set output pngfile
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key outside right top font ",9"
set yrange [0:*]
set multiplot layout 2,2 title title font ",13"

set title "MB/s (1 MB = 10^6 bytes), scsi_debug delay=0"
plot for [i=2:7] datafile index 0 using i:xtic(1) title columnheader(i)
set title "MB/s, scsi_debug delay=1 (4 ms a command), log scale"
set logscale y
set yrange [1:*]
plot for [i=2:7] datafile index 1 using i:xtic(1) title columnheader(i)
unset logscale y
set yrange [0:*]
set title "system+irq+softirq CPU s per GiB, delay=0"
plot for [i=2:7] datafile index 2 using i:xtic(1) title columnheader(i)
set title "system+irq+softirq CPU s per GiB, delay=1"
plot for [i=2:7] datafile index 3 using i:xtic(1) title columnheader(i)
unset multiplot
