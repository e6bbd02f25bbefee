/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Topics, the top-level tests, as data: a name and either an object
 * whose annotated programs the engine runs, or a function of its own
 * (the runtime probes).  prog_tests/ files declare them at file scope:
 *
 *   RUN_TESTS(dynptr_file);	topic dynptr_file: progs/dynptr_file.c
 *   RUN_PROBES(runtime_file);	topic runtime_file: test_runtime_file()
 *
 * The Makefile collects them, in file order, into the runner's table;
 * --object FILE adds a topic of the same kind as RUN_TESTS.
 */
#ifndef __BPF_REFS_TOPIC_H
#define __BPF_REFS_TOPIC_H

#include "run.h"

struct topic {
	const char *name;
	const char *object;		/* NAME.bpf.o or a path, or NULL */
	void (*run)(struct run_ctx *ctx);	/* when object is NULL */
	const char *given;		/* --object: the path as given */
};

#define RUN_TESTS(name) \
	const struct topic topic_##name = { #name, #name ".bpf.o", NULL }
#define RUN_PROBES(name) \
	const struct topic topic_##name = { #name, NULL, test_##name }

#endif /* __BPF_REFS_TOPIC_H */
