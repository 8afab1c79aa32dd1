#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/man-options.sh [WE2BURN WE2CTL]: the manual pages in man/ against
# the programs and the library they describe, so a page cannot fall behind:
#   - every long option WE2BURN --help names is an entry of we2burn(1)'s
#     OPTIONS, and every option that section or the SYNOPSIS names is in
#     --help (--help itself is, since it is how the text is had);
#   - we2ctl(1) the same, and its COMMANDS and Keys entries are the
#     commands and keys WE2CTL --help lists, no more, no fewer;
#   - libwe2(3)'s SYNOPSIS declares every function ulib/libwe2.map exports
#     and no other.
# The programs default to tools/we2burn and tools/we2ctl (make tools).
# Prints "ok -"/"not ok -" lines, then "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
we2burn=${1:-$top/tools/we2burn} we2ctl=${2:-$top/tools/we2ctl}
man=$top/man
passed=0 failed=0

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }

# section PAGE NAME: the source lines of PAGE's section NAME (.SH NAME up to
# the next .SH), its subsections (.SS) included
section() {
	awk -v name="$2" '
		/^\.SH / { sh = $0; sub(/^\.SH +/, "", sh); gsub(/"/, "", sh)
			   on = (sh == name); next }
		on' "$1"
}

# tags: the tags of the .TP entries read on stdin, one a line, \- as -
tags() {
	awk 'tp { print; tp = 0; next } /^\.TP/ { tp = 1 }' | sed 's/\\-/-/g'
}

# long_opts: the --options named on stdin, one a line, sorted
long_opts() { sed 's/\\-/-/g' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u; }

# first_words: the first word of each tag on stdin (fonts and quotes gone)
first_words() {
	sed -E 's/^\.[A-Z]+ +//; s/"//g; s/\\f[BIRP]//g' | awk '{ print $1 }' |
		grep -E '^[a-z][a-z0-9_]*$' | sort -u
}

# report WHAT MISSING EXTRA: ok when both lists are empty
report() {
	local miss extra
	miss=$(echo $2) extra=$(echo $3)
	if [ -z "$miss$extra" ]; then
		ok "$1"
	else
		not_ok "$1 (${miss:+missing from the page: $miss}${miss:+${extra:+; }}${extra:+not in the program: $extra})"
	fi
}

# compare WHAT PAGE PROGRAM: the two sorted lists are equal
compare() {
	report "$1" "$(comm -13 <(echo "$2") <(echo "$3"))" \
		"$(comm -23 <(echo "$2") <(echo "$3"))"
}

# options TOOL PAGE: TOOL --help's long options against PAGE's
options() {
	local tool=$1 page=$man/$2 help documented named
	if ! help=$("$tool" --help 2>&1); then
		not_ok "$2: $tool --help failed"
		return
	fi
	help=$(echo "$help" | long_opts)
	documented=$(section "$page" OPTIONS | tags | long_opts)
	named=$( (echo "$documented"; section "$page" SYNOPSIS | long_opts) | sort -u)
	report "$2: every long option of --help is in OPTIONS" \
		"$(comm -13 <(echo "$documented") <(echo "$help"))" ""
	# --help exists whether or not the text names it: it printed the text
	report "$2: every option OPTIONS and SYNOPSIS name is in --help" "" \
		"$(comm -23 <(echo "$named") <( (echo "$help"; echo --help) | sort -u))"
}

for p in we2burn.1 we2ctl.1 libwe2.3; do
	[ -r "$man/$p" ] || not_ok "$p: no such page in man/"
done

[ -r "$man/we2burn.1" ] && options "$we2burn" we2burn.1
if [ -r "$man/we2ctl.1" ]; then
	options "$we2ctl" we2ctl.1
	help=$("$we2ctl" --help 2>&1)
	compare "we2ctl.1: COMMANDS are the commands of --help" \
		"$(section "$man/we2ctl.1" COMMANDS | awk '/^\.SS/ { exit } 1' | tags | first_words)" \
		"$(echo "$help" | sed -n '1s/^Usage: we2ctl DEVICE //p' | tr -d '|.' |
			tr ' ' '\n' | grep -E '^[a-z]+$' | sort -u)"
	compare "we2ctl.1: its Keys are the keys of --help" \
		"$(section "$man/we2ctl.1" COMMANDS | awk '/^\.SS Keys/ { on = 1; next } on' | tags | first_words)" \
		"$(echo "$help" | sed -n 's/^Keys: *//p' | tr ' ' '\n' | grep . | sort -u)"
fi

if [ -r "$man/libwe2.3" ]; then
	# the functions, from the prototypes' ".B"/".BI" lines
	compare "libwe2.3: SYNOPSIS declares every function libwe2.map exports" \
		"$(section "$man/libwe2.3" SYNOPSIS | grep -E '^\.BI? ' |
			grep -oE '\bwe2_[a-z0-9_]+\(' | tr -d '(' | sort -u)" \
		"$(sed -n 's/^[[:space:]]*\(we2_[a-z0-9_]*\);$/\1/p' "$top/ulib/libwe2.map" | sort -u)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
