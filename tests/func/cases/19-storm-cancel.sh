# Cancel at random moments of random sections: exact counts every time.
. "$WE2_TOP/tests/func/lib.sh"
setup -- delay=1
storm cancel ${STORM_CANCEL:-50}
