#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# In a vmtest.sh guest (vmtest.sh --file test_progs.tar.gz --run, from
# tools/upstream/upstream-testprogs.sh): unpack upstream's test_progs with
# the loader and libraries it was linked with, and run it with this
# script's arguments (e.g. -t topic,topic).  Its output is the results
# stream, its exit status the verdict.

set -u
mkdir -p /tmp/tp
tar -C /tmp/tp -xzf /test_progs.tar.gz || {
	echo "Bail out! cannot unpack /test_progs.tar.gz"
	exit 1
}
cd /tmp/tp || exit 1
# the loader of the build machine, not the guest's: its libraries, not
# the guest's, whatever the initramfs holds
exec ./lib/ld.so --library-path ./lib ./test_progs "$@"
