#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# Guest side of ksyms.sh (vmtest.sh --run): the text symbols fn_insns.so
# needs, from /proc/kallsyms sorted by address, each followed by the
# symbols up to the next address (where it ends), as System.map lines;
# then the kernel's release and command line.
echo 0 >/proc/sys/kernel/kptr_restrict
re='^(bpf_check|_stext|__schedule|__switch_to_asm|cpu_switch_to|__switch_to'
re="$re|asm_exc_.*|asm_sysvec_.*|irq_entries_start|spurious_entries_start"
re="$re|vectors|__bp_harden_el1_vectors|ext_int_handler|io_int_handler"
re="$re|pgm_check_handler|mcck_int_handler|restart_int_handler)\$"
awk 'NF == 3 && $2 ~ /^[tTwW]$/' /proc/kallsyms | sort |
	awk -v re="$re" '
		{ m = $3 ~ re }
		open != "" && $1 != open { if (!m) print; open = "" }
		m { print; open = $1 }'
echo "# release $(uname -r)"
echo "# cmdline $(cat /proc/cmdline)"
