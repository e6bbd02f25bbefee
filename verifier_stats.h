/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the end of a verifier log says: its statistics, and the reason
 * for a rejection.  Used by the loader, the engine and perf's bench.
 */
#ifndef __BPF_REFS_VERIFIER_STATS_H
#define __BPF_REFS_VERIFIER_STATS_H

#include <stddef.h>
#include "bpf_refs.h"

bool verifier_stats_parse(const char *log, struct verifier_stats *st);
void verifier_log_reason(const char *log, char *out, size_t len);

#endif /* __BPF_REFS_VERIFIER_STATS_H */
