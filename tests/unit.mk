# SPDX-License-Identifier: GPL-2.0
# Unit tests of the engine: "make check".  Included by the Makefile.

UNIT_DIR = $(OUTPUT)/unit
UNIT_BPF_PROGS := $(notdir $(wildcard $(BPF_REFS_DIR)/tests/progs/*.c))
UNIT_OBJS = $(addprefix $(UNIT_DIR)/,$(UNIT_BPF_PROGS:.c=.bpf.o)) \
	    $(UNIT_DIR)/foreign_endian.bpf.o
FOREIGN_TARGET = $(if $(filter bpfeb,$(BPF_TARGET)),bpfel,bpfeb)
ENGINE_SRCS := $(filter-out bpf_refs.c,$(RUNNER_SRCS))

$(UNIT_DIR)/%.bpf.o: tests/progs/%.c $(BPF_HDRS) tests/progs/unit_progs.h
	$(call msg,CLNG-BPF,,$@)
	$(Q)mkdir -p $(UNIT_DIR)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# The same cases built for the other byte order: must be refused.
$(UNIT_DIR)/foreign_endian.bpf.o: tests/progs/engine_cases.c $(BPF_HDRS) tests/progs/unit_progs.h
	$(call msg,CLNG-BPF,,$@)
	$(Q)mkdir -p $(UNIT_DIR)
	$(Q)$(CLANG) $(BPF_CFLAGS:$(BPF_TARGET)=$(FOREIGN_TARGET)) -c $< -o $@

$(UNIT_DIR)/engine_test: tests/engine_test.c $(ENGINE_SRCS) $(ENGINE_HDRS)
	$(call msg,CC,,$@)
	$(Q)mkdir -p $(UNIT_DIR)
	$(Q)$(CC) $(CFLAGS) -I$(KSFT_DIR) $(LDFLAGS) tests/engine_test.c $(ENGINE_SRCS) \
		$(LDLIBS) -o $@

$(UNIT_DIR)/reporter_test: tests/reporter_test.c $(ENGINE_SRCS) $(ENGINE_HDRS)
	$(call msg,CC,,$@)
	$(Q)mkdir -p $(UNIT_DIR)
	$(Q)$(CC) $(CFLAGS) -I$(KSFT_DIR) $(LDFLAGS) tests/reporter_test.c \
		$(ENGINE_SRCS) $(LDLIBS) -o $@

# The reporter on a synthetic stream, the engine's functions, then the
# runner as a program (tests/cli_test.sh: exit codes, KTAP checked by the
# tree's kunit.py and by prove, --json), then the lab's own checks when
# the lab (tools/) is beside the suite.
check: all $(UNIT_DIR)/reporter_test $(UNIT_DIR)/engine_test $(UNIT_OBJS)
	$(UNIT_DIR)/reporter_test $(UNIT_DIR)
	$(UNIT_DIR)/engine_test $(UNIT_DIR) $(BPF_REFS_DIR)
	$(BPF_REFS_DIR)/tests/cli_test.sh $(OUTPUT) $(KSFT_DIR)/../kunit/kunit.py
	$(if $(wildcard $(BPF_REFS_DIR)/tools/Makefile),$(MAKE) -C $(BPF_REFS_DIR)/tools check)

.PHONY: check

# The kernel-log watcher: "make kmsg-check" (as root: writes /dev/kmsg).
$(UNIT_DIR)/kmsg_watch_test: tests/kmsg_watch_test.c $(ENGINE_SRCS) $(ENGINE_HDRS)
	$(call msg,CC,,$@)
	$(Q)mkdir -p $(UNIT_DIR)
	$(Q)$(CC) $(CFLAGS) -I$(KSFT_DIR) $(LDFLAGS) tests/kmsg_watch_test.c \
		$(ENGINE_SRCS) $(LDLIBS) -o $@

kmsg-check: $(UNIT_DIR)/kmsg_watch_test
	$(UNIT_DIR)/kmsg_watch_test

.PHONY: kmsg-check
