/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __BPF_REFS_RESULTS_JSON_H
#define __BPF_REFS_RESULTS_JSON_H

#include <stdio.h>
#include "runner.h"

void json_str(FILE *f, const char *s);
int results_json_write(const char *path, const struct run_ctx *ctx,
		       const char *where, __u64 started, __u64 duration_us);

#endif /* __BPF_REFS_RESULTS_JSON_H */
