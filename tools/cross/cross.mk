# SPDX-License-Identifier: GPL-2.0
#
# The target of a build, for the Makefile and tools/perf/Makefile, from the arch
# table tools/lib/arch.sh: ARCH as uname spells it (aarch64, s390x) becomes
# the kernel's spelling (arm64, s390); BPF objects get the target's byte
# order (bpfeb for s390); with CROSS_COMPILE, the libelf and zlib sysroot
# that tools/cross/cross-sysroot.sh unpacked.  An arch the table does not know
# builds natively with clang's host byte order.  Sets BPF_TARGET, and
# TRIPLE and SYSROOT when cross compiling.

ARCH_TABLE := $(BPF_REFS_DIR)/tools/lib/arch.sh
TARGET_ARCH_NAME := $(shell $(ARCH_TABLE) NAME $(or $(ARCH),$(shell uname -m)) 2>/dev/null)
ifneq ($(TARGET_ARCH_NAME),)
ifeq ($(ARCH),$(TARGET_ARCH_NAME))
override ARCH := $(shell $(ARCH_TABLE) KARCH $(ARCH))
endif
BPF_TARGET ?= $(shell $(ARCH_TABLE) BPF $(TARGET_ARCH_NAME))
else
BPF_TARGET ?= bpf
endif
ifneq ($(CROSS_COMPILE),)
TRIPLE := $(patsubst %-,%,$(notdir $(CROSS_COMPILE)))
SYSROOT ?= $(BPF_REFS_CACHE)/sysroot-$(TRIPLE)
ifeq ($(wildcard $(SYSROOT)/usr/include/libelf.h),)
$(error bpf_refs: no libelf for $(TRIPLE) in $(SYSROOT): run tools/cross/cross-sysroot.sh $(TRIPLE))
endif
CFLAGS += -I$(SYSROOT)/usr/include
LDFLAGS += -L$(SYSROOT)/usr/lib/$(TRIPLE)
endif
