// SPDX-License-Identifier: LGPL-2.1-or-later
/* Sizes, signals and hex digits; see ctr/strutil.h. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ctr/cleanup.h"
#include "ctr/strutil.h"

int size_parse(const char *s, uint64_t *ret)
{
	uint64_t v = 0, mult = 1;
	const char *p = s;

	if (!s || !isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	if (*p) {
		switch (tolower((unsigned char)*p)) {
		case 'k':
			mult = 1ULL << 10;
			break;
		case 'm':
			mult = 1ULL << 20;
			break;
		case 'g':
			mult = 1ULL << 30;
			break;
		case 't':
			mult = 1ULL << 40;
			break;
		case 'p':
			mult = 1ULL << 50;
			break;
		case 'e':
			mult = 1ULL << 60;
			break;
		case 'b':
			mult = 1;
			break;
		default:
			return -EINVAL;
		}
		p++;
		if (mult > 1 && (*p == 'i' || *p == 'I') && (p[1] == 'b' || p[1] == 'B'))
			p += 2;
		else if (mult > 1 && (*p == 'b' || *p == 'B'))
			p++;
		if (*p)
			return -EINVAL;
	}
	if (v > UINT64_MAX / mult)
		return -ERANGE;
	*ret = v * mult;
	return 0;
}

int str_to_ulong(const char *s, unsigned long max, unsigned long *ret)
{
	char *end;
	unsigned long v;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

static const struct {
	const char *name;
	int sig;
} sig_names[] = {
	{ "HUP", SIGHUP },	 { "INT", SIGINT },   { "QUIT", SIGQUIT },     { "ILL", SIGILL },
	{ "TRAP", SIGTRAP },	 { "ABRT", SIGABRT }, { "IOT", SIGIOT },       { "BUS", SIGBUS },
	{ "FPE", SIGFPE },	 { "KILL", SIGKILL }, { "USR1", SIGUSR1 },     { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 },	 { "PIPE", SIGPIPE }, { "ALRM", SIGALRM },     { "TERM", SIGTERM },
	{ "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD }, { "CONT", SIGCONT },     { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP },	 { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },     { "URG", SIGURG },
	{ "XCPU", SIGXCPU },	 { "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
	{ "WINCH", SIGWINCH },	 { "IO", SIGIO },     { "POLL", SIGPOLL },     { "PWR", SIGPWR },
	{ "SYS", SIGSYS },
};

int signal_parse(const char *s)
{
	unsigned long n;

	if (!s)
		return -EINVAL;
	if (isdigit((unsigned char)*s)) {
		if (str_to_ulong(s, (unsigned long)SIGRTMAX, &n) < 0 || n == 0)
			return -EINVAL;
		return (int)n;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < ARRAY_SIZE(sig_names); i++)
		if (strcasecmp(s, sig_names[i].name) == 0)
			return sig_names[i].sig;
	if (strncasecmp(s, "RTMIN", 5) == 0 || strncasecmp(s, "RTMAX", 5) == 0) {
		bool max = tolower((unsigned char)s[3]) == 'a';
		if (!s[5])
			return max ? SIGRTMAX : SIGRTMIN;
		if (s[5] != (max ? '-' : '+') ||
		    str_to_ulong(s + 6, (unsigned long)(SIGRTMAX - SIGRTMIN), &n) < 0)
			return -EINVAL;
		return max ? SIGRTMAX - (int)n : SIGRTMIN + (int)n;
	}
	return -EINVAL;
}

const char *signal_name(int sig, char *buf, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(sig_names); i++)
		if (sig_names[i].sig == sig && strcmp(sig_names[i].name, "IOT") != 0 &&
		    strcmp(sig_names[i].name, "POLL") != 0) {
			snprintf(buf, len, "SIG%s", sig_names[i].name);
			return buf;
		}
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, len, "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, len, "%d", sig);
	return buf;
}

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t strv_len(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

int strv_add(char ***v, const char *s)
{
	size_t n = strv_len(*v);
	char *d = strdup(s);
	char **nv;

	if (!d)
		return -ENOMEM;
	nv = realloc(*v, (n + 2) * sizeof(*nv));
	if (!nv) {
		free(d);
		return -ENOMEM;
	}
	nv[n] = d;
	nv[n + 1] = NULL;
	*v = nv;
	return 0;
}
