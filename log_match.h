/* SPDX-License-Identifier: GPL-2.0 */
/* The messages a test expects (__msg(), __regex(), __not_msg()) in a log. */
#ifndef __BPF_REFS_LOG_MATCH_H
#define __BPF_REFS_LOG_MATCH_H

#include <stdbool.h>

/* 0 when the log says what the messages ask, in order. */
int log_match(const char *log, char *const *msgs, const bool *is_regex,
	      const bool *negative, int cnt, int *failed_idx);

#endif /* __BPF_REFS_LOG_MATCH_H */
