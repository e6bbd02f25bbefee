# SPDX-License-Identifier: GPL-2.0
#
# bpf_refs: tests of the BPF verifier's object relationship tracking.
#
# In a kernel tree:  make -C tools/testing/selftests TARGETS=bpf_refs run_tests
# Standalone:        make KDIR=<linux tree> run_tests
#                    (without KDIR: the tree tools/deps.sh extracted from
#                    Debian's linux-source package)
# Cross:             make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
#                    make ARCH=s390x CROSS_COMPILE=s390x-linux-gnu-
# Unit tests:        make check          Benchmarks: make bench

BPF_REFS_MK := $(abspath $(lastword $(MAKEFILE_LIST)))
BPF_REFS_DIR := $(abspath $(dir $(BPF_REFS_MK)))
BPF_REFS_CACHE ?= /var/cache/bpf_refs

ifneq ($(wildcard $(BPF_REFS_DIR)/../lib.mk),)
KSFT_DIR := $(BPF_REFS_DIR)/..
else
ifeq ($(KDIR),)
KDIR := $(shell $(BPF_REFS_DIR)/tools/lib/kdir.sh)
endif
KSFT_DIR := $(KDIR)/tools/testing/selftests
endif
ifeq ($(wildcard $(KSFT_DIR)/lib.mk),)
$(error bpf_refs: no kselftest framework found: build inside a kernel tree's tools/testing/selftests/, pass KDIR=<linux tree>, or run tools/deps.sh to extract Debian's linux-source)
endif

# ARCH as given, before cross.mk spells it as the kernel does: make
# patch-check takes a list of arches
ARCH_GIVEN := $(if $(filter command line,$(origin ARCH)),$(ARCH))

include $(BPF_REFS_DIR)/tools/cross/cross.mk

CLANG ?= clang-16
HOST_TRIPLE := $(shell gcc -dumpmachine)

CFLAGS += -Wall -O2 -g -I$(BPF_REFS_DIR) -I$(OUTPUT) $(KHDR_INCLUDES)
# --wrap=bpf_prog_load: the loader loads a batch of programs from one open
# of their object (loader.h)
LDFLAGS += -static -Wl,--wrap=bpf_prog_load
LDLIBS += $(LIBBPF_A) -lelf -lz

# main; the run a topic gets; the engine of annotated programs and their
# tags; the loader; the reporter (KTAP, JSON, exit status); what they read.
RUNNER_SRCS := bpf_refs.c run.c engine.c prog_tags.c log_match.c \
	       loader.c verifier_stats.c reporter.c reporter_json.c \
	       json_writer.c lists.c kernel_features.c kfunc_policy.c \
	       kmsg_watch.c fixes.c
ENGINE_HDRS := bpf_refs.h run.h topic.h engine.h prog_tags.h log_match.h \
	       loader.h verifier_stats.h reporter.h json_writer.h lists.h \
	       kernel_features.h kfunc_policy.h kmsg_watch.h fixes.h
PROG_TESTS := $(sort $(wildcard $(BPF_REFS_DIR)/prog_tests/*.c))
BPF_PROGS := $(filter-out %.h,$(notdir $(wildcard $(BPF_REFS_DIR)/progs/*.c)))
BPF_HDRS := $(wildcard $(BPF_REFS_DIR)/progs/*.h)

TEST_GEN_PROGS := bpf_refs
TEST_GEN_FILES := $(BPF_PROGS:.c=.bpf.o)
TEST_FILES := DENYLIST $(wildcard DENYLIST.*) FIXES xfail
LOCAL_HDRS += $(ENGINE_HDRS) $(OUTPUT)/topics.h
EXTRA_CLEAN = $(OUTPUT)/topics.h $(OUTPUT)/topics_decl.h $(OUTPUT)/unit \
	      $(OUTPUT)/libbpf

include $(KSFT_DIR)/lib.mk

# lib.mk leaves creating a standalone OUTPUT= directory to its caller.
$(shell mkdir -p $(OUTPUT))

# The runner links the libbpf of the kernel tree it is built against
# (libbpf.mk; top_srcdir is lib.mk's, or given, as kselftest's gen_tar of a
# tree of links does); its headers come before any other bpf/ headers (a
# sysroot's).
LIBBPF_SRC := $(abspath $(top_srcdir)/tools/lib/bpf)
LIBBPF_OUT := $(abspath $(OUTPUT))/libbpf
include $(BPF_REFS_DIR)/libbpf.mk
override CFLAGS := -I$(LIBBPF_INCLUDE) $(CFLAGS)

# The topics: every RUN_TESTS(name); and RUN_PROBES(name); of prog_tests/
# (topic.h), in file order.  A topic written as a function of its own,
# "void test_<name>(void) { RUN_TESTS(<name>); }", is refused by name.
TOPIC_RE := ^RUN_\(TESTS\|PROBES\)(\([a-z0-9_]*\));$$
$(OUTPUT)/topics.h: $(PROG_TESTS) $(BPF_REFS_MK)
	$(call msg,GEN,,$@)
	$(Q)! grep -Hn '^void test_[a-z0-9_]*(void)$$' $(PROG_TESTS) || \
		{ echo "bpf_refs: write these topics as RUN_TESTS(<name>); at file scope (topic.h)" >&2; false; }
	$(Q)sed -n 's/$(TOPIC_RE)/\&topic_\2,/p' $(PROG_TESTS) > $@
	$(Q)sed -n 's/$(TOPIC_RE)/extern const struct topic topic_\2;/p' \
		$(PROG_TESTS) > $(OUTPUT)/topics_decl.h

$(OUTPUT)/bpf_refs: $(RUNNER_SRCS) $(PROG_TESTS) $(OUTPUT)/topics.h $(LIBBPF_A)

BPF_CFLAGS = -O2 -g -target $(BPF_TARGET) -Wall -Werror \
	     -I$(BPF_REFS_DIR)/progs $(KHDR_INCLUDES) \
	     -I/usr/include/$(HOST_TRIPLE)

$(OUTPUT)/%.bpf.o: progs/%.c $(BPF_HDRS)
	$(call msg,CLNG-BPF,,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

include $(BPF_REFS_DIR)/tests/unit.mk

# Out-of-source builds (O=, OUTPUT=): the runner reads its lists beside
# itself, so they are copied next to it.
ifneq ($(abspath $(OUTPUT)),$(BPF_REFS_DIR))
LIST_COPIES := $(addprefix $(OUTPUT)/,$(notdir $(wildcard \
	       $(BPF_REFS_DIR)/DENYLIST $(BPF_REFS_DIR)/DENYLIST.* \
	       $(BPF_REFS_DIR)/FIXES)))
all: $(LIST_COPIES) $(OUTPUT)/xfail
$(LIST_COPIES): $(OUTPUT)/%: $(BPF_REFS_DIR)/%
	$(Q)cp $< $@
$(OUTPUT)/xfail: $(wildcard $(BPF_REFS_DIR)/xfail/*)
	$(Q)rm -rf $@ && cp -r $(BPF_REFS_DIR)/xfail $@
endif

# Benchmarks of the verifier on generated dynptr trees: tools/perf/, docs/perf.md.
bench:
	$(MAKE) -C $(BPF_REFS_DIR)/tools/perf bench
.PHONY: bench

# A lab script runs as from a shell: make's command-line variables
# (ARCH=, OUT= ...) are left out of its environment, where the makes it
# runs would take them as theirs.
LAB_ENV = env $(addprefix -u ,MAKEFLAGS MFLAGS MAKELEVEL $(sort $(if $(ARCH_GIVEN),ARCH) \
	$(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $v)),$v))))

# The suite on the line of Debian kernels in QEMU, with its fix map:
# tools/line/line.sh, docs/vmtest.md.
line:
	$(LAB_ENV) $(BPF_REFS_DIR)/tools/line/line.sh $(LINE_ARGS)
.PHONY: line

# What a verifier patch fixes, breaks and costs, per arch: tiny kernels
# of linux-source without and with it (tools/patch-check/, docs/patch-check.md).
# make patch-check PATCH=fix.patch [SRC=7.3] [ARCH=x86_64,aarch64,s390x]
patch-check:
	$(if $(PATCH),,$(error make patch-check needs PATCH=<patch file>))
	$(LAB_ENV) $(BPF_REFS_DIR)/tools/patch-check/patch-check.sh -p $(PATCH) $(if $(SRC),-s $(SRC)) \
		$(if $(ARCH_GIVEN),-a $(ARCH_GIVEN)) $(PATCH_CHECK_ARGS)
.PHONY: patch-check

# Generated programs judged by a model of object lifetimes: tools/fuzz/,
# docs/fuzz.md.  make fuzz SEED=1 N=1000 [KERNEL=7.3]
fuzz: $(OUTPUT)/bpf_refs
	$(MAKE) -C $(BPF_REFS_DIR)/tools/fuzz run $(if $(SEED),SEED=$(SEED)) $(if $(N),N=$(N)) \
		$(if $(KERNEL),KERNEL=$(KERNEL))
.PHONY: fuzz
