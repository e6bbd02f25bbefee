// SPDX-License-Identifier: GPL-2.0
/* JSON output; see json_writer.h. */
#include <math.h>
#include "json_writer.h"

/*
 * Length of the valid UTF-8 sequence at s (RFC 3629: shortest form, no
 * surrogates, at most U+10FFFF), or 0 when s does not start one.
 */
static int utf8_len(const unsigned char *s)
{
	unsigned int cp;
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * Text from annotations, logs and lists is not always UTF-8: a byte that
 * does not belong to a valid sequence becomes U+FFFD, so the output stays
 * valid JSON (RFC 8259 wants UTF-8).
 */
void json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	fputc('"', f);
	while (p && *p) {
		n = utf8_len(p);
		if (!n) {
			fputs("\\ufffd", f);
			p++;
		} else if (*p == '"' || *p == '\\') {
			fprintf(f, "\\%c", *p++);
		} else if (*p == '\n') {
			fputs("\\n", f);
			p++;
		} else if (*p == '\t') {
			fputs("\\t", f);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p++);
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
	fputc('"', f);
}

void json_writer_init(struct json_writer *w, FILE *f)
{
	w->f = f;
	w->depth = 0;
}

/* What comes before a value: the comma, the line break, the key. */
static void member(struct json_writer *w, const char *key)
{
	struct json_level *l;

	if (w->depth) {
		l = &w->level[w->depth - 1];
		if (!l->empty)
			fputc(',', w->f);
		if (l->layout == JSON_LINES)
			fprintf(w->f, "\n%*s", 2 * w->depth, "");
		else if (!l->empty)
			fputc(' ', w->f);
		l->empty = false;
	}
	if (key) {
		json_str(w->f, key);
		fputs(": ", w->f);
	}
}

static void open_level(struct json_writer *w, const char *key, char open,
		       char close, enum json_layout layout)
{
	struct json_level *l = &w->level[w->depth];

	member(w, key);
	fputc(open, w->f);
	l->close = close;
	l->layout = layout;
	l->empty = true;
	w->depth++;
}

void json_object(struct json_writer *w, const char *key,
		 enum json_layout layout)
{
	open_level(w, key, '{', '}', layout);
}

void json_array(struct json_writer *w, const char *key,
		enum json_layout layout)
{
	open_level(w, key, '[', ']', layout);
}

void json_close(struct json_writer *w)
{
	struct json_level *l = &w->level[--w->depth];

	if (l->layout == JSON_LINES)
		fprintf(w->f, "\n%*s", 2 * w->depth, "");
	fputc(l->close, w->f);
	if (!w->depth)
		fputc('\n', w->f);
}

void json_string(struct json_writer *w, const char *key, const char *s)
{
	member(w, key);
	json_str(w->f, s);
}

void json_int(struct json_writer *w, const char *key, long long v)
{
	member(w, key);
	fprintf(w->f, "%lld", v);
}

void json_fixed(struct json_writer *w, const char *key, double v,
		int decimals)
{
	member(w, key);
	if (isfinite(v))
		fprintf(w->f, "%.*f", decimals, v);
	else
		fputs("null", w->f);
}

void json_sig(struct json_writer *w, const char *key, double v, int digits)
{
	member(w, key);
	if (isfinite(v))
		fprintf(w->f, "%.*g", digits, v);
	else
		fputs("null", w->f);
}

void json_bool(struct json_writer *w, const char *key, bool v)
{
	member(w, key);
	fputs(v ? "true" : "false", w->f);
}

void json_null(struct json_writer *w, const char *key)
{
	member(w, key);
	fputs("null", w->f);
}
