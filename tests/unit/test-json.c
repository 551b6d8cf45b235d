// SPDX-License-Identifier: LGPL-2.1-or-later
/* The shared JSON writer and cleanup helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <string.h>

#include "ctr/cleanup.h"
#include "ctr/json.h"

static char *render(void (*fn)(struct json_writer *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_writer w = JSON_WRITER_INIT(f);
	fn(&w);
	fclose(f);
	return buf;
}

static void doc_nested(struct json_writer *w)
{
	json_begin_object(w, NULL);
	json_string(w, "name", "a\"b\\c\n\x01");
	json_int(w, "n", -3);
	json_bool(w, "on", true);
	json_null(w, "none");
	json_begin_array(w, "list");
	json_int(w, NULL, 1);
	json_string(w, NULL, "x");
	json_end(w);
	json_begin_array(w, "empty");
	json_end(w);
	json_end(w);
}

static void test_json_nested(void **state)
{
	(void)state;
	_cleanup_free_ char *s = render(doc_nested);
	assert_string_equal(s, "{\n"
			       "  \"name\": \"a\\\"b\\\\c\\n\\u0001\",\n"
			       "  \"n\": -3,\n"
			       "  \"on\": true,\n"
			       "  \"none\": null,\n"
			       "  \"list\": [\n"
			       "    1,\n"
			       "    \"x\"\n"
			       "  ],\n"
			       "  \"empty\": []\n"
			       "}\n");
}

static void doc_spans(struct json_writer *w)
{
	json_begin_object(w, NULL);
	json_string(w, "path", "/sys/fs/cgroup/unified");
	json_string(w, "mixed", "tab\there\r\"q\" \xc3\xa9t\xc3\xa9\x7f\\end");
	json_string(w, "", "");
	json_end(w);
}

/* Runs of plain bytes between escapes, UTF-8 and DEL passed as they are,
 * empty strings. */
static void test_json_spans(void **state)
{
	(void)state;
	_cleanup_free_ char *s = render(doc_spans);
	assert_string_equal(
		s, "{\n"
		   "  \"path\": \"/sys/fs/cgroup/unified\",\n"
		   "  \"mixed\": \"tab\\there\\r\\\"q\\\" \xc3\xa9t\xc3\xa9\x7f\\\\end\",\n"
		   "  \"\": \"\"\n"
		   "}\n");
}

static void test_cleanup_take(void **state)
{
	(void)state;
	_cleanup_close_ int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	int kept = TAKE_FD(fd);
	assert_int_equal(fd, -EBADF);
	assert_int_equal(fcntl(kept, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	close(kept);

	_cleanup_free_ char *p = strdup("x");
	char *q = TAKE_PTR(p);
	assert_null(p);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_nested),
		cmocka_unit_test(test_json_spans),
		cmocka_unit_test(test_cleanup_take),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
