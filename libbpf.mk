# SPDX-License-Identifier: GPL-2.0
#
# The libbpf of the kernel tree a build is made against (LIBBPF_SRC, its
# tools/lib/bpf), built static for the target into LIBBPF_OUT: the runner,
# its unit tests and the benchmark link it, never the distribution's
# libbpf, which is older than the kernels tested.  (The BPF objects keep
# the distribution's bpf_helpers.h: newer ones declare kfuncs that the
# objects declare themselves.)  The includer sets LIBBPF_SRC and
# LIBBPF_OUT; this sets LIBBPF_A and LIBBPF_INCLUDE.
#
# The archive holds libbpf's objects one by one, as a packaged libbpf.a
# does.  The tree's own libbpf.a is a single "ld -r" object, in which
# libbpf's calls of bpf_prog_load() are bound inside the object: the
# runner's -Wl,--wrap=bpf_prog_load (loader.h) would never see them.

ifeq ($(wildcard $(LIBBPF_SRC)/Build),)
$(error bpf_refs: no libbpf sources in $(LIBBPF_SRC) (the kernel tree's tools/lib/bpf))
endif

# the includer's default goal stays its own
libbpf_goal := $(.DEFAULT_GOAL)
LIBBPF_A := $(LIBBPF_OUT)/libbpf_objs.a
LIBBPF_INCLUDE := $(LIBBPF_OUT)/include
# the objects libbpf's Build file lists (libbpf-y), as its build names them
LIBBPF_OBJS := $(addprefix $(LIBBPF_OUT)/staticobjs/,$(shell sed -e ':a' \
	-e '/\\$$/{N;s/\\\n//;ba' -e '}' -n -e 's/^libbpf-y[ \t]*:=//p' \
	$(LIBBPF_SRC)/Build))
ifeq ($(LIBBPF_OBJS),)
$(error bpf_refs: cannot read libbpf's objects (libbpf-y) from $(LIBBPF_SRC)/Build)
endif

# a build against another tree makes its libbpf anew
ifneq ($(shell cat $(LIBBPF_OUT)/.source 2>/dev/null),$(LIBBPF_SRC))
$(shell rm -rf $(LIBBPF_OUT))
endif

$(LIBBPF_A): $(wildcard $(LIBBPF_SRC)/*.[ch] $(LIBBPF_SRC)/Makefile \
			$(LIBBPF_SRC)/Build)
	$(Q)echo "  LIB      $(notdir $@)"
	$(Q)mkdir -p $(LIBBPF_OUT)
	$(Q)$(MAKE) -s -C $(LIBBPF_SRC) OUTPUT=$(LIBBPF_OUT)/ \
		DESTDIR=$(LIBBPF_OUT) prefix= CROSS_COMPILE=$(CROSS_COMPILE) \
		EXTRA_CFLAGS='-g -O2 $(if $(SYSROOT),-I$(SYSROOT)/usr/include)' \
		$(LIBBPF_OUT)/libbpf.a install_headers >$(LIBBPF_OUT)/make.log 2>&1 || \
		{ tail -n 20 $(LIBBPF_OUT)/make.log >&2; \
		  echo "bpf_refs: building libbpf of $(LIBBPF_SRC) failed (log: $(LIBBPF_OUT)/make.log)" >&2; \
		  false; }
	$(Q)rm -f $@ && $(CROSS_COMPILE)ar rcs $@ $(LIBBPF_OBJS)
	$(Q)echo '$(LIBBPF_SRC)' >$(LIBBPF_OUT)/.source

.DEFAULT_GOAL := $(libbpf_goal)
