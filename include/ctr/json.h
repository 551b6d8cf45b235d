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

#define JSON_WRITER_INIT(file) { .f = (file), .depth = 0 }

static inline void json_escape(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static inline void json_key(struct json_writer *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->first[w->depth])
			fputc(',', w->f);
		w->first[w->depth] = false;
		fputc('\n', w->f);
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->f);
	}
	if (key) {
		json_escape(w->f, key);
		fputs(": ", w->f);
	}
}

static inline void json_open(struct json_writer *w, const char *key, char o, char c)
{
	json_key(w, key);
	fputc(o, w->f);
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
		fputc('\n', w->f);
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->f);
	}
	fputc(c, w->f);
	if (w->depth == 0)
		fputc('\n', w->f);
}

static inline void json_string(struct json_writer *w, const char *key, const char *v)
{
	json_key(w, key);
	if (v)
		json_escape(w->f, v);
	else
		fputs("null", w->f);
}

static inline void json_int(struct json_writer *w, const char *key, int64_t v)
{
	json_key(w, key);
	fprintf(w->f, "%lld", (long long)v);
}

static inline void json_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	fputs(v ? "true" : "false", w->f);
}

static inline void json_null(struct json_writer *w, const char *key)
{
	json_key(w, key);
	fputs("null", w->f);
}

#endif
