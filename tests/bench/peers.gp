# SPDX-License-Identifier: GPL-2.0
# The chart of the peer table of "make bench" (tests/bench/peers.sh writes
# the data): CPU seconds per burn, and the recording rate as a share of the
# drive's speed, one cluster per media and speed, one bar per tool.
#
# gnuplot -e "datafile='peers.dat'; pngfile='peers.png'; title='...'" peers.gp
# peers.dat: two blocks (CPU s, % of the drive's speed), each a header row
# of tool names and a row per media and speed, "-" where a tool did not run.
set terminal pngcairo noenhanced size 1400,600 font ",10"
set output pngfile
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key outside right top font ",9"
set xtics font ",9"
set multiplot layout 1,2 title title font ",13"

set title "CPU s per burn (user + system + irq + softirq, whole guest); media, drive kB/s"
set yrange [0:*]
plot for [i=2:7] datafile index 0 using i:xtic(1) title columnheader(i)
set title "recording rate, % of the drive's speed"
set yrange [0:105]
plot for [i=2:7] datafile index 1 using i:xtic(1) title columnheader(i)
unset multiplot
