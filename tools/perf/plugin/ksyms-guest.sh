#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# Guest side of ksyms.sh (vmtest.sh --run): the kernel's text symbols from
# /proc/kallsyms (modules' left out) as System.map lines, in /proc/kallsyms'
# order; then the kernel's release and command line.
echo 0 >/proc/sys/kernel/kptr_restrict
awk 'NF == 3 && $2 ~ /^[tTwW]$/' /proc/kallsyms
echo "# release $(uname -r)"
echo "# cmdline $(cat /proc/cmdline)"
