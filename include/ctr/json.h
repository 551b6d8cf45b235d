/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A small streaming JSON writer, shared by every tool's --json output.
 * Usage:
 *   struct json_writer w = JSON_WRITER_INIT(stdout);
 *   json_begin_object(&w, NULL);
 *   json_string(&w, "name", "funtoo0");
 *   json_int(&w, "pid", 42);
 *   json_begin_array(&w, "checks"); ... json_end(&w);
 *   json_end(&w);  // prints a newline at the top level
 * Keys are NULL inside arrays.  Writes compact, one-line-per-value output. */
#ifndef CTR_JSON_H
#define CTR_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json_writer {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];
	char close[JSON_MAX_DEPTH];
};

#define JSON_WRITER_INIT(file)          \
	{                               \
		.f = (file), .depth = 0 \
	}

/* A writer is used from one thread, so stdio's unlocked calls: a locked
 * fputc() a byte and a locked fputs() an indent were most of what a JSON
 * report cost to write. */
static inline void json_escape(FILE *f, const char *s)
{
	putc_unlocked('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* What needs no escape goes out in one write. */
		size_t n = 0;
		while (p[n] >= 0x20 && p[n] != '"' && p[n] != '\\')
			n++;
		if (n) {
			fwrite_unlocked(p, 1, n, f);
			p += n - 1;
			continue;
		}
		switch (*p) {
		case '"':
			fputs_unlocked("\\\"", f);
			break;
		case '\\':
			fputs_unlocked("\\\\", f);
			break;
		case '\n':
			fputs_unlocked("\\n", f);
			break;
		case '\r':
			fputs_unlocked("\\r", f);
			break;
		case '\t':
			fputs_unlocked("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				putc_unlocked(*p, f);
		}
	}
	putc_unlocked('"', f);
}

static inline void json_key(struct json_writer *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->first[w->depth])
			putc_unlocked(',', w->f);
		w->first[w->depth] = false;
		putc_unlocked('\n', w->f);
		for (int i = 0; i < 2 * w->depth; i++)
			putc_unlocked(' ', w->f);
	}
	if (key) {
		json_escape(w->f, key);
		fputs_unlocked(": ", w->f);
	}
}

static inline void json_open(struct json_writer *w, const char *key, char o, char c)
{
	json_key(w, key);
	putc_unlocked(o, w->f);
	if (w->depth + 1 < JSON_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
	w->close[w->depth] = c;
}

static inline void json_begin_object(struct json_writer *w, const char *key)
{
	json_open(w, key, '{', '}');
}

static inline void json_begin_array(struct json_writer *w, const char *key)
{
	json_open(w, key, '[', ']');
}

static inline void json_end(struct json_writer *w)
{
	char c = w->close[w->depth];
	bool empty = w->first[w->depth];
	if (w->depth > 0)
		w->depth--;
	if (!empty) {
		putc_unlocked('\n', w->f);
		for (int i = 0; i < 2 * w->depth; i++)
			putc_unlocked(' ', w->f);
	}
	putc_unlocked(c, w->f);
	if (w->depth == 0)
		putc_unlocked('\n', w->f);
}

static inline void json_string(struct json_writer *w, const char *key, const char *v)
{
	json_key(w, key);
	if (v)
		json_escape(w->f, v);
	else
		fputs_unlocked("null", w->f);
}

static inline void json_int(struct json_writer *w, const char *key, int64_t v)
{
	json_key(w, key);
	fprintf(w->f, "%lld", (long long)v);
}

static inline void json_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	fputs_unlocked(v ? "true" : "false", w->f);
}

static inline void json_null(struct json_writer *w, const char *key)
{
	json_key(w, key);
	fputs_unlocked("null", w->f);
}

#endif
