/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON written in one pass: objects and arrays are opened and closed in
 * order, and each member (in an object: with its key) or element (in an
 * array: key NULL) is written as it comes, commas and all.  A container
 * is written on one line, {"a": 1, "b": [2, 3]}, or with one member a
 * line, indented two spaces a level.  Used by the runner's results file
 * (reporter_json.c) and by tools/perf's bench.
 */
#ifndef __BPF_REFS_JSON_WRITER_H
#define __BPF_REFS_JSON_WRITER_H

#include <stdbool.h>
#include <stdio.h>

/* How deep containers may nest. */
#define JSON_MAX_DEPTH	8

enum json_layout {
	JSON_INLINE,		/* on one line */
	JSON_LINES,		/* one member a line */
};

struct json_level {
	char close;		/* '}' or ']' */
	enum json_layout layout;
	bool empty;		/* nothing written in it yet */
};

struct json_writer {
	FILE *f;
	int depth;
	struct json_level level[JSON_MAX_DEPTH];
};

void json_writer_init(struct json_writer *w, FILE *f);
/* Open an object or an array; the outermost one has no key. */
void json_object(struct json_writer *w, const char *key,
		 enum json_layout layout);
void json_array(struct json_writer *w, const char *key,
		enum json_layout layout);
/* Close the innermost; closing the outermost ends the line. */
void json_close(struct json_writer *w);
/* s NULL: "". */
void json_string(struct json_writer *w, const char *key, const char *s);
void json_int(struct json_writer *w, const char *key, long long v);
/* v with decimals digits after the point ("%.*f"); null if not finite. */
void json_fixed(struct json_writer *w, const char *key, double v,
		int decimals);
/* v with digits significant digits ("%.*g"); null if not finite. */
void json_sig(struct json_writer *w, const char *key, double v, int digits);
void json_bool(struct json_writer *w, const char *key, bool v);
void json_null(struct json_writer *w, const char *key);
/* s quoted as a JSON string; a byte that is not UTF-8 becomes U+FFFD. */
void json_str(FILE *f, const char *s);

#endif /* __BPF_REFS_JSON_WRITER_H */
