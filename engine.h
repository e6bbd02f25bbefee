/* SPDX-License-Identifier: GPL-2.0 */
/* The engine: every annotated program of a BPF object as a subtest. */
#ifndef __BPF_REFS_ENGINE_H
#define __BPF_REFS_ENGINE_H

#include "run.h"

/* Run (or with -l list) the tests of obj_file, a path or NAME.bpf.o. */
void engine_run_object(struct run_ctx *ctx, const char *obj_file);

#endif /* __BPF_REFS_ENGINE_H */
