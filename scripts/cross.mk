# SPDX-License-Identifier: GPL-2.0
#
# The target of a build, for the Makefile and perf/Makefile: ARCH as the
# kernel (s390) or uname (s390x) spells it; with CROSS_COMPILE, the libbpf
# sysroot that scripts/cross-sysroot.sh unpacked; BPF objects big-endian
# for s390.  Sets BPF_TARGET, and TRIPLE and SYSROOT when cross compiling.

ifeq ($(ARCH),s390x)
override ARCH := s390
endif
ifeq ($(ARCH),s390)
BPF_TARGET := bpfeb
else
BPF_TARGET ?= bpfel
endif
ifneq ($(CROSS_COMPILE),)
TRIPLE := $(patsubst %-,%,$(notdir $(CROSS_COMPILE)))
SYSROOT ?= $(BPF_REFS_CACHE)/sysroot-$(TRIPLE)
ifeq ($(wildcard $(SYSROOT)/usr/include/bpf/libbpf.h),)
$(error bpf_refs: no libbpf for $(TRIPLE) in $(SYSROOT): run scripts/cross-sysroot.sh $(TRIPLE))
endif
CFLAGS += -I$(SYSROOT)/usr/include
LDFLAGS += -L$(SYSROOT)/usr/lib/$(TRIPLE)
endif
