// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel configuration reader: the whole file in one buffer, gzip inflated
 * with libdeflate (zlib where the stream is not the common case), options
 * indexed in an open-addressing hash table that points
 * into the buffer.  Nothing here prints. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <endian.h>
#include <inttypes.h>
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ctr/cleanup.h"
#include "ctr/fsutil.h"
#include "ctr/kconfig.h"

/* Warnings beyond this many are counted, not kept. */
#define KCONFIG_MAX_WARNINGS 20

/* Four bytes a slot, so that the table of a 100 KB config is 32 KB of
 * fresh pages (each took the kernel about 1.7 us to hand out on a busy
 * VM, 11 us for the 64 KB of eight-byte slots): the offset of the name in the text (after
 * "CONFIG_", so never 0, and 0 marks an empty slot), a bit for a "not
 * set" line, and the hash's top five bits, which skip most comparisons.
 * The name, value and line are read back from the text, which the reader
 * keeps. */
typedef uint32_t kc_slot;
#define KC_OFF_MASK ((UINT32_C(1) << 26) - 1)
/* The line is "# CONFIG_NAME is not set" (the name ends at a space), not
 * "CONFIG_NAME=VALUE" (it ends at the first '='). */
#define KC_NOTSET (UINT32_C(1) << 26)
#define KC_TAG(h) ((uint32_t)(h) & ~(KC_OFF_MASK | KC_NOTSET))
_Static_assert(KCONFIG_MAX_SIZE <= KC_OFF_MASK + 1, "a text offset fits in a slot");

struct kconfig {
	char *buf; /* the text: malloc()ed, or the file mapped (maplen > 0) */
	size_t len;
	size_t maplen;
	kc_slot *tab;
	size_t cap; /* power of two */
	size_t n;
	uint32_t version;
	char release[128];
	enum kconfig_format format;
};

struct kc_warn {
	struct diag_list *list;
	const char *name;
	unsigned dropped;
};

int kversion_parse(const char *s, uint32_t *ret)
{
	unsigned long part[3] = { 0, 0, 0 };
	int n = 0;

	while (n < 3) {
		char *end;
		if (!isdigit((unsigned char)*s))
			break;
		part[n] = strtoul(s, &end, 10);
		n++;
		s = end;
		if (*s != '.' || !isdigit((unsigned char)s[1]))
			break;
		s++;
	}
	if (n < 2 || part[0] == 0 || part[0] > 255 || part[1] > 255)
		return -EINVAL;
	if (part[2] > 0xffff)
		part[2] = 0xffff;
	*ret = KVERSION(part[0], part[1], part[2]);
	return 0;
}

int kversion_cmp(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

char *kversion_format(uint32_t v, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u", KVERSION_MAJOR(v), KVERSION_MINOR(v), KVERSION_PATCH(v));
	return buf;
}

const char *kconfig_compression(const void *data, size_t len)
{
	const unsigned char *p = data;

	if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return "gzip";
	if (len >= 6 && memcmp(p,
			       "\xfd"
			       "7zXZ\0",
			       6) == 0)
		return "xz";
	if (len >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0)
		return "zstd";
	if (len >= 4 && memcmp(p, "BZh", 3) == 0 && p[3] >= '1' && p[3] <= '9')
		return "bzip2";
	if (len >= 4 &&
	    (memcmp(p, "\x04\x22\x4d\x18", 4) == 0 || memcmp(p, "\x02\x21\x4c\x18", 4) == 0))
		return "lz4";
	return NULL;
}

__attribute__((format(printf, 3, 4))) static void kc_warn(struct kc_warn *w, unsigned line,
							  const char *fmt, ...)
{
	struct diag d;
	va_list ap;

	if (!w->list)
		return;
	if (w->list->n >= KCONFIG_MAX_WARNINGS) {
		w->dropped++;
		return;
	}
	snprintf(d.file, sizeof(d.file), "%s", w->name);
	d.line = line;
	d.key[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	diag_list_add(w->list, &d);
}

/* A hash from the first and last 8 bytes and the length: cheap enough for
 * the ~10000 lines of a distribution config, and the full name is compared
 * on every hit anyway. */
static inline uint32_t kc_hash(const char *s, size_t n)
{
	uint64_t a = 0, b = 0, h;

	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
	} else {
		for (size_t i = 0; i < n; i++)
			a = (a << 8) | (unsigned char)s[i];
	}
	h = (a * 0x9e3779b97f4a7c15ull) ^ ((b + n) * 0xc2b2ae3d27d4eb4full);
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1;
}

/* Zeroed memory for the table, its pages populated in one call: a page
 * fault per page cost more than the indexing itself on a busy VM. */
static kc_slot *kc_table_new(size_t cap)
{
	void *p = mmap(NULL, cap * sizeof(kc_slot), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void kc_table_free(kc_slot *t, size_t cap)
{
	if (t)
		munmap(t, cap * sizeof(*t));
}

/* The length of the name at @e's offset: up to the '=' of its line, or
 * the space of a "not set" line. */
static size_t kc_name_len(const struct kconfig *kc, kc_slot e)
{
	const char *name = kc->buf + (e & KC_OFF_MASK);
	const char *end =
		memchr(name, e & KC_NOTSET ? ' ' : '=', kc->len - (size_t)(name - kc->buf));
	return end ? (size_t)(end - name) : 0;
}

/* Doubles the table: a slot keeps no hash, so each name's is computed
 * again from the text (rare: the table is sized for the text). */
static int kc_grow(struct kconfig *kc)
{
	size_t ncap = kc->cap ? kc->cap * 2 : 4096;
	kc_slot *nt = kc_table_new(ncap);

	if (!nt)
		return -ENOMEM;
	for (size_t i = 0; i < kc->cap; i++) {
		kc_slot e = kc->tab[i];
		size_t j;
		if (!e)
			continue;
		j = kc_hash(kc->buf + (e & KC_OFF_MASK), kc_name_len(kc, e)) & (ncap - 1);
		while (nt[j])
			j = (j + 1) & (ncap - 1);
		nt[j] = e;
	}
	kc_table_free(kc->tab, kc->cap);
	kc->tab = nt;
	kc->cap = ncap;
	return 0;
}

/* True when @e's name is the @n bytes at @name: the byte after them in the
 * text is the one that ends @e's name (a name holds no '=', and a "not
 * set" name no space), checked first so that the comparison stays inside
 * the text. */
static inline bool kc_is(const struct kconfig *kc, kc_slot e, const char *name, size_t n)
{
	size_t off = e & KC_OFF_MASK;

	return off + n < kc->len && kc->buf[off + n] == (e & KC_NOTSET ? ' ' : '=') &&
	       memcmp(kc->buf + off, name, n) == 0;
}

/* The slot of @name (hash @h), or the empty slot where it would go; NULL
 * when there is no table. */
static inline kc_slot *kc_find(const struct kconfig *kc, const char *name, size_t n, uint32_t h)
{
	if (!kc->cap)
		return NULL;
	for (size_t j = h & (kc->cap - 1);; j = (j + 1) & (kc->cap - 1)) {
		kc_slot *e = &kc->tab[j];
		if (!*e)
			return e;
		if (KC_TAG(*e) == KC_TAG(h) && kc_is(kc, *e, name, n))
			return e;
	}
}

/* The value of @e, whose name is @n bytes long: 'y', 'm' or 'n' when the
 * line says just that (or is a "not set" line), else 'v'. */
static char kc_value(const struct kconfig *kc, kc_slot e, size_t n)
{
	const char *v = kc->buf + (e & KC_OFF_MASK) + n + 1, *end = kc->buf + kc->len;

	if (e & KC_NOTSET)
		return 'n';
	if (v < end && (*v == 'y' || *v == 'm' || *v == 'n') &&
	    (v + 1 == end || v[1] == '\n' || (v[1] == '\r' && (v + 2 == end || v[2] == '\n'))))
		return *v;
	return 'v';
}

/* The line of @e: counted, as only warnings and tests ask. */
static unsigned kc_line_of(const struct kconfig *kc, kc_slot e)
{
	const char *p = kc->buf, *end = kc->buf + (e & KC_OFF_MASK);
	unsigned line = 1;

	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		line++;
		p++;
	}
	return line;
}

static __attribute__((noinline)) void kc_warn_twice(const struct kconfig *kc, struct kc_warn *w,
						    kc_slot e, const char *name, size_t n,
						    unsigned line)
{
	if (!w->list)
		return;
	if (w->list->n >= KCONFIG_MAX_WARNINGS) {
		w->dropped++;
		return;
	}
	kc_warn(w, line, "'CONFIG_%.*s' set twice (lines %u and %u; the last wins)", (int)n, name,
		kc_line_of(kc, e), line);
}

/* Inlined in the indexing loop, once a line of a distribution config: the
 * rare paths (growing, a duplicate) are calls. */
static inline int kc_set(struct kconfig *kc, struct kc_warn *w, const char *name, size_t n,
			 uint32_t h, bool notset, unsigned line)
{
	kc_slot *e;

	if (n > 0xffff)
		return 0;
	if ((kc->n + 1) * 2 > kc->cap) {
		int r = kc_grow(kc);
		if (r < 0)
			return r;
	}
	e = kc_find(kc, name, n, h);
	if (*e)
		kc_warn_twice(kc, w, *e, name, n, line);
	else
		kc->n++;
	*e = (uint32_t)(name - kc->buf) | (notset ? KC_NOTSET : 0) | KC_TAG(h);
	return 0;
}

/* "# Linux/x86 3.10.0 Kernel Configuration", "# Linux kernel version: 2.6.32" */
static void kc_header(struct kconfig *kc, const char *s, size_t n)
{
	static const char tail[] = " Kernel Configuration";
	const char *p, *end = s + n;

	if (kc->version || n < 8 || memcmp(s, "# Linux", 7) != 0)
		return;
	if (n > 24 && memcmp(s, "# Linux kernel version: ", 24) == 0) {
		p = s + 24;
	} else if (n > sizeof(tail) &&
		   memcmp(end - (sizeof(tail) - 1), tail, sizeof(tail) - 1) == 0) {
		end -= sizeof(tail) - 1;
		p = memchr(s + 7, ' ', (size_t)(end - s - 7));
		if (!p)
			return;
		p++;
	} else {
		return;
	}
	while (end > p && end[-1] == ' ')
		end--;
	if (end <= p || (size_t)(end - p) >= sizeof(kc->release))
		return;
	memcpy(kc->release, p, (size_t)(end - p));
	kc->release[end - p] = '\0';
	if (kversion_parse(kc->release, &kc->version) < 0) {
		kc->version = 0;
		kc->release[0] = '\0';
	}
}

/* Bit i set when byte i of the 64 at @s is a line end.  Config lines are
 * about 30 bytes: a memchr() call a line was a third of the indexing
 * (35 of 105 us for /proc/config.gz), and this finds every line end of a
 * block at once. */
static inline uint64_t kc_nl_mask64(const char *s)
{
	uint64_t m = 0;
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n');
	for (int i = 0; i < 4; i++)
		m |= (uint64_t)(uint16_t)_mm_movemask_epi8(
			     _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(s + 16 * i)), nl))
		     << (16 * i);
#else
	for (int i = 0; i < 64; i++)
		m |= (uint64_t)(s[i] == '\n') << i;
#endif
	return m;
}

/* The line ends of the block at @blk, which may be the text's last and
 * shorter than 64 bytes (read through a copy: nothing past @end is read). */
static inline uint64_t kc_nl_mask(const char *blk, const char *end)
{
	if (end - blk >= 64)
		return kc_nl_mask64(blk);
	char tail[64] = { 0 };
	memcpy(tail, blk, (size_t)(end - blk));
	return kc_nl_mask64(tail);
}

static int kc_index(struct kconfig *kc, struct kc_warn *w, struct diag *ret_diag)
{
	static const char notset[] = " is not set";
	const char *p = kc->buf, *end = kc->buf + kc->len, *blk;
	unsigned line = 0, crlf = 0, noeq = 0;
	uint64_t mask;
	int r;

	/* Sized for one option per 28 bytes, at most half full: distribution
	 * configs have one per 28 to 36, so it grows rarely and is not four
	 * times what it holds (zeroing a page of it costs more than indexing
	 * the lines it holds). */
	kc->cap = 1024;
	while (kc->cap < kc->len / 14)
		kc->cap *= 2;
	kc->tab = kc_table_new(kc->cap);
	if (!kc->tab)
		return -ENOMEM;
	blk = p;
	mask = kc_nl_mask(blk, end);
	while (p < end) {
		const char *nl = NULL, *le;
		size_t n;

		while (!mask && (blk += 64) < end)
			mask = kc_nl_mask(blk, end);
		if (mask) {
			nl = blk + __builtin_ctzll(mask);
			mask &= mask - 1;
		}
		le = nl ? nl : end;

		line++;
		if (le > p && le[-1] == '\r') {
			le--;
			crlf++;
		}
		n = (size_t)(le - p);
		if (n > 7 && memcmp(p, "CONFIG_", 7) == 0) {
			/* The name is everything up to '=': Kconfig writes nothing
			 * else there, and rules only ask for well-formed names. */
			const char *eq = memchr(p + 7, '=', n - 7);
			if (eq && eq > p + 7) {
				size_t nn = (size_t)(eq - p - 7);
				r = kc_set(kc, w, p + 7, nn, kc_hash(p + 7, nn), false, line);
				if (r < 0)
					return r;
			} else {
				noeq += !eq;
				kc_warn(w, line, "%s in '%.*s' (line ignored)",
					eq ? "no option name" : "no '='", (int)(n > 80 ? 80 : n),
					p);
			}
		} else if (n > 9 + sizeof(notset) - 1 && memcmp(p, "# CONFIG_", 9) == 0 &&
			   memcmp(le - (sizeof(notset) - 1), notset, sizeof(notset) - 1) == 0) {
			size_t nn = n - 9 - (sizeof(notset) - 1);
			if (nn > 0 && !memchr(p + 9, ' ', nn)) {
				r = kc_set(kc, w, p + 9, nn, kc_hash(p + 9, nn), true, line);
				if (r < 0)
					return r;
			}
		} else if (line <= 50 && *p == '#') {
			kc_header(kc, p, n);
		}
		p = nl ? nl + 1 : end;
	}
	if (crlf)
		kc_warn(w, 0, "CRLF line ends on %u lines (read as plain line ends)", crlf);
	if (w->dropped && w->list) {
		struct diag d = { 0 };
		snprintf(d.file, sizeof(d.file), "%s", w->name);
		snprintf(d.msg, sizeof(d.msg), "%u more warnings not shown", w->dropped);
		diag_list_add(w->list, &d);
	}
	if (kc->n == 0) {
		diag_set(ret_diag, w->name, 0, NULL,
			 "no CONFIG_ lines; not a kernel configuration%s",
			 noeq ? " (every CONFIG_ line lacks '=')" : "");
		return -ENODATA;
	}
	return 0;
}

static int kc_inflate(const unsigned char *in, size_t inlen, const char *name, char **ret,
		      size_t *ret_len, struct diag *ret_diag)
{
	_cleanup_free_ char *out = NULL;
	size_t cap = inlen * 4 + 4096, len = 0;
	z_stream zs = { 0 };
	int zr;

	if (cap > KCONFIG_MAX_SIZE + 1)
		cap = KCONFIG_MAX_SIZE + 1;
	out = malloc(cap + 1);
	if (!out)
		return -ENOMEM;
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return -ENOMEM;
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (uInt)inlen;
	for (;;) {
		if (len == cap) {
			char *no;
			if (cap > KCONFIG_MAX_SIZE) {
				inflateEnd(&zs);
				diag_set(
					ret_diag, name, 0, NULL,
					"gzip data inflates beyond %u MiB; not a kernel configuration",
					KCONFIG_MAX_SIZE >> 20);
				return -EFBIG;
			}
			cap = cap * 2 > KCONFIG_MAX_SIZE + 1 ? KCONFIG_MAX_SIZE + 1 : cap * 2;
			no = realloc(out, cap + 1);
			if (!no) {
				inflateEnd(&zs);
				return -ENOMEM;
			}
			out = no;
		}
		zs.next_out = (unsigned char *)out + len;
		zs.avail_out = (uInt)(cap - len);
		zr = inflate(&zs, Z_NO_FLUSH);
		len = cap - zs.avail_out;
		if (zr == Z_STREAM_END) {
			/* Concatenated gzip members are one stream (gzip(1) agrees). */
			if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
				inflateReset(&zs);
				continue;
			}
			break;
		}
		if (zr == Z_OK)
			continue;
		if (zr == Z_BUF_ERROR && zs.avail_out == 0)
			continue;
		inflateEnd(&zs);
		if (zr == Z_BUF_ERROR) {
			diag_set(ret_diag, name, 0, NULL,
				 "truncated gzip data (ends after %zu bytes)", inlen);
		} else if (zr == Z_MEM_ERROR) {
			return -ENOMEM;
		} else {
			diag_set(ret_diag, name, 0, NULL, "corrupt gzip data (%s)",
				 zs.msg ? zs.msg : "inflate failed");
		}
		return -EBADMSG;
	}
	inflateEnd(&zs);
	out[len] = '\0';
	*ret = TAKE_PTR(out);
	*ret_len = len;
	return 0;
}

/* Inflates the common case, one gzip member whose trailer gives its size,
 * in one call into memory of that size mapped with its pages in place:
 * libdeflate inflates a kernel config three times as fast as zlib, and
 * most of a plain audit is inflating /proc/config.gz.  Returns 0 with the
 * text in @ret (@ret_maplen bytes mapped), or -EAGAIN for anything else
 * (several members, a trailer that lies, a broken stream): zlib's
 * streaming inflate reads those and says what is wrong with them. */
static int kc_gunzip_fast(const unsigned char *in, size_t inlen, char **ret, size_t *ret_len,
			  size_t *ret_maplen)
{
	struct libdeflate_decompressor *d;
	enum libdeflate_result lr;
	size_t used = 0, got = 0, maplen;
	uint32_t isize;
	char *out;

	if (inlen < 18)
		return -EAGAIN;
	memcpy(&isize, in + inlen - 4, 4);
	isize = le32toh(isize);
	if (isize == 0 || isize > KCONFIG_MAX_SIZE)
		return -EAGAIN;
	maplen = (size_t)isize + 1;
	out = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		   -1, 0);
	if (out == MAP_FAILED)
		return -EAGAIN;
	d = libdeflate_alloc_decompressor();
	if (!d) {
		munmap(out, maplen);
		return -EAGAIN;
	}
	lr = libdeflate_gzip_decompress_ex(d, in, inlen, out, isize, &used, &got);
	libdeflate_free_decompressor(d);
	if (lr != LIBDEFLATE_SUCCESS || used != inlen || got != isize) {
		munmap(out, maplen);
		return -EAGAIN;
	}
	out[got] = '\0';
	*ret = out;
	*ret_len = got;
	*ret_maplen = maplen;
	return 0;
}

/* Text owned by the reader: malloc()ed, or a file mapping of maplen bytes. */
struct kc_text {
	char *p;
	size_t maplen;
};

static void kc_text_release(struct kc_text *t)
{
	if (t->p && t->maplen)
		munmap(t->p, t->maplen);
	else
		free(t->p);
	t->p = NULL;
}

/* Refuses @size bytes of text from @name as too large.  Returns -EFBIG. */
static int kc_too_large(const char *name, uint64_t size, struct diag *ret_diag)
{
	diag_set(ret_diag, name, 0, NULL,
		 "%" PRIu64 " bytes is too large for a kernel configuration (limit %u MiB)", size,
		 KCONFIG_MAX_SIZE >> 20);
	return -EFBIG;
}

/* Takes ownership of @buf (@len bytes; malloc()ed, or mapped when @maplen
 * is not 0). */
static int kc_build(char *buf, size_t len, size_t maplen, const char *name, struct kconfig **ret,
		    struct diag_list *warnings, struct diag *ret_diag)
{
	_cleanup_(kc_text_release) struct kc_text text = { buf, maplen };
	char *data = buf;
	struct kc_warn w = { .list = warnings, .name = name };
	const char *comp = kconfig_compression(data, len);
	enum kconfig_format fmt = KCONFIG_PLAIN;
	struct kconfig *kc;
	const char *nul;
	int r;

	if (len == 0) {
		diag_set(ret_diag, name, 0, NULL, "empty file; not a kernel configuration");
		return -ENODATA;
	}
	if (comp && strcmp(comp, "gzip") == 0) {
		char *plain;
		size_t plen, pmaplen = 0;
		r = kc_gunzip_fast((unsigned char *)data, len, &plain, &plen, &pmaplen);
		if (r < 0)
			r = kc_inflate((unsigned char *)data, len, name, &plain, &plen, ret_diag);
		if (r < 0)
			return r;
		kc_text_release(&text);
		text.p = data = plain;
		text.maplen = pmaplen;
		len = plen;
		fmt = KCONFIG_GZIP;
		if (len == 0) {
			diag_set(ret_diag, name, 0, NULL,
				 "empty gzip data; not a kernel configuration");
			return -ENODATA;
		}
	} else if (comp) {
		static const char *const how[][2] = { { "xz", "xz -dc" },
						      { "zstd", "zstd -dc" },
						      { "bzip2", "bzip2 -dc" },
						      { "lz4", "lz4 -dc" } };
		const char *cmd = "";
		for (size_t i = 0; i < ARRAY_SIZE(how); i++)
			if (strcmp(how[i][0], comp) == 0)
				cmd = how[i][1];
		diag_set(ret_diag, name, 0, NULL,
			 "%s-compressed data is not read; decompress it first: %s '%s' >config "
			 "and pass -c config",
			 comp, cmd, name);
		return -EPROTONOSUPPORT;
	}
	if (len > KCONFIG_MAX_SIZE)
		return kc_too_large(name, len, ret_diag);
	nul = memchr(data, '\0', len);
	if (nul) {
		size_t off = (size_t)(nul - data);
		unsigned line = 1;
		for (const char *q = data; q < nul; q++)
			line += *q == '\n';
		diag_set(ret_diag, name, line, NULL,
			 "binary data (a NUL byte at offset %zu); not a kernel configuration", off);
		return -EBADMSG;
	}
	kc = calloc(1, sizeof(*kc));
	if (!kc)
		return -ENOMEM;
	kc->buf = TAKE_PTR(text.p);
	kc->maplen = text.maplen;
	kc->len = len;
	kc->format = fmt;
	r = kc_index(kc, &w, ret_diag);
	if (r < 0) {
		kconfig_free(kc);
		return r;
	}
	*ret = kc;
	return 0;
}

int kconfig_parse(const void *data, size_t len, const char *name, struct kconfig **ret,
		  struct diag_list *warnings, struct diag *ret_diag)
{
	char *buf;

	if (len > KCONFIG_MAX_SIZE)
		return kc_too_large(name, len, ret_diag);
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, data, len);
	buf[len] = '\0';
	return kc_build(buf, len, 0, name ? name : "<memory>", ret, warnings, ret_diag);
}

int kconfig_load(const char *path, struct kconfig **ret, struct diag_list *warnings,
		 struct diag *ret_diag)
{
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;
	struct stat st;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		diag_set(ret_diag, path, 0, NULL, "cannot open (%s)", strerror(e));
		return -e;
	}
	if (fstat(fd, &st) < 0) {
		int e = errno;
		diag_set(ret_diag, path, 0, NULL, "cannot stat (%s)", strerror(e));
		return -e;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_set(ret_diag, path, 0, NULL, "is a directory, not a kernel configuration");
		return -EISDIR;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > KCONFIG_MAX_SIZE)
		return kc_too_large(path, (uint64_t)st.st_size, ret_diag);
	/* A regular file is mapped, its pages read in one call. */
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
				 fd, 0);
		if (map != MAP_FAILED)
			return kc_build(map, (size_t)st.st_size, (size_t)st.st_size, path, ret,
					warnings, ret_diag);
	}
	/* /proc/config.gz reports size 0: read to EOF, whatever stat said. */
	r = fd_read_all(fd, KCONFIG_MAX_SIZE, &buf, &len);
	if (r == -EFBIG) {
		diag_set(ret_diag, path, 0, NULL, "larger than %u MiB; not a kernel configuration",
			 KCONFIG_MAX_SIZE >> 20);
		return r;
	}
	if (r < 0) {
		diag_set(ret_diag, path, 0, NULL, "cannot read (%s)", strerror(-r));
		return r;
	}
	return kc_build(TAKE_PTR(buf), len, 0, path, ret, warnings, ret_diag);
}

void kconfig_free(struct kconfig *kc)
{
	if (!kc)
		return;
	if (kc->maplen)
		munmap(kc->buf, kc->maplen);
	else
		free(kc->buf);
	kc_table_free(kc->tab, kc->cap);
	free(kc);
}

char kconfig_get(const struct kconfig *kc, const char *name)
{
	size_t n = strlen(name);
	const kc_slot *e = kc_find(kc, name, n, kc_hash(name, n));
	return e && *e ? kc_value(kc, *e, n) : 0;
}

bool kconfig_enabled(const struct kconfig *kc, const char *name)
{
	char v = kconfig_get(kc, name);
	return v == 'y' || v == 'm';
}

unsigned kconfig_line(const struct kconfig *kc, const char *name)
{
	size_t n = strlen(name);
	const kc_slot *e = kc_find(kc, name, n, kc_hash(name, n));
	return e && *e ? kc_line_of(kc, *e) : 0;
}

uint32_t kconfig_version(const struct kconfig *kc)
{
	return kc->version;
}

const char *kconfig_release(const struct kconfig *kc)
{
	return kc->release[0] ? kc->release : NULL;
}

enum kconfig_format kconfig_format(const struct kconfig *kc)
{
	return kc->format;
}

size_t kconfig_count(const struct kconfig *kc)
{
	return kc->n;
}
