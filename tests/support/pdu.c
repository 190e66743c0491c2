/*
 * SMS PDUs for the AT modem emulator: SMS-DELIVER built from text, and
 * SMS-SUBMIT taken apart, GSM 03.38 7-bit (with its extension table) and
 * UCS-2, with the concatenation header.  Written for the tests, so that
 * what leaves the gateway is checked byte for byte by code that shares
 * nothing with Gammu.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/support/pdu.h"

/* The GSM 03.38 default alphabet, as Unicode code points. */
static const uint16_t gsm7[128] = {
	'@', 0xa3, '$', 0xa5, 0xe8, 0xe9, 0xf9, 0xec, 0xf2, 0xc7, '\n', 0xd8,
	0xf8, '\r', 0xc5, 0xe5, 0x394, '_', 0x3a6, 0x393, 0x39b, 0x3a9, 0x3a0,
	0x3a8, 0x3a3, 0x398, 0x39e, 0x1b, 0xc6, 0xe6, 0xdf, 0xc9, ' ', '!', '"',
	'#', 0xa4, '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/', '0',
	'1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>',
	'?', 0xa1, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L',
	'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
	0xc4, 0xd6, 0xd1, 0xdc, 0xa7, 0xbf, 'a', 'b', 'c', 'd', 'e', 'f', 'g',
	'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u',
	'v', 'w', 'x', 'y', 'z', 0xe4, 0xf6, 0xf1, 0xfc, 0xe0
};
static const struct { uint8_t code; uint16_t ch; } gsm7_ext[] = {
	{ 0x0a, 0x0c }, { 0x14, '^' }, { 0x28, '{' }, { 0x29, '}' },
	{ 0x2f, '\\' }, { 0x3c, '[' }, { 0x3d, '~' }, { 0x3e, ']' },
	{ 0x40, '|' }, { 0x65, 0x20ac },
};
#define NEXT (sizeof(gsm7_ext) / sizeof(gsm7_ext[0]))

int
utf8_decode(const char *s, uint32_t *out, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0, extra;
	uint32_t c;

	while (*p && n < max) {
		if (*p < 0x80) { c = *p++; extra = 0; }
		else if ((*p & 0xe0) == 0xc0) { c = *p++ & 0x1f; extra = 1; }
		else if ((*p & 0xf0) == 0xe0) { c = *p++ & 0x0f; extra = 2; }
		else { c = *p++ & 0x07; extra = 3; }
		while (extra-- > 0 && (*p & 0xc0) == 0x80)
			c = (c << 6) | (*p++ & 0x3f);
		out[n++] = c;
	}
	return n;
}

static size_t
utf8_put(char *out, uint32_t c)
{
	if (c < 0x80) { out[0] = (char)c; return 1; }
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Septets for one character: 1, 2 (escape + extension), or -1. */
static int
gsm7_code(uint32_t c, uint8_t *code, int *ext)
{
	size_t i;

	for (i = 0; i < 128; i++)
		if (gsm7[i] == c && i != 0x1b) {
			*code = (uint8_t)i;
			*ext = 0;
			return 1;
		}
	for (i = 0; i < NEXT; i++)
		if (gsm7_ext[i].ch == c) {
			*code = gsm7_ext[i].code;
			*ext = 1;
			return 2;
		}
	return -1;
}

int
text_is_gsm7(const uint32_t *u, int n)
{
	uint8_t code;
	int i, ext;

	for (i = 0; i < n; i++)
		if (gsm7_code(u[i], &code, &ext) == -1)
			return 0;
	return 1;
}

static void
hex_put(char **o, unsigned v)
{
	sprintf(*o, "%02X", v & 0xff);
	*o += 2;
}

static void
number_put(char **o, const char *num, int with_len_digits)
{
	const char *d = num[0] == '+' ? num + 1 : num;
	size_t n = strlen(d), i;

	if (with_len_digits)
		hex_put(o, (unsigned)n);
	else
		hex_put(o, (unsigned)((n + 1) / 2 + 1));
	hex_put(o, num[0] == '+' ? 0x91 : 0x81);
	for (i = 0; i < n; i += 2) {
		unsigned lo = (unsigned)(d[i] - '0');
		unsigned hi = i + 1 < n ? (unsigned)(d[i + 1] - '0') : 0xf;

		hex_put(o, (hi << 4) | lo);
	}
}

/* Packs septets after `fill` leading zero bits into octets. */
static int
pack7(const uint8_t *sept, int n, int fill, uint8_t *out)
{
	int bits = fill, i, o = 0;
	uint32_t acc = 0;

	for (i = 0; i < n; i++) {
		acc |= (uint32_t)(sept[i] & 0x7f) << bits;
		bits += 7;
		while (bits >= 8) {
			out[o++] = (uint8_t)acc;
			acc >>= 8;
			bits -= 8;
		}
	}
	if (bits > 0)
		out[o++] = (uint8_t)acc;
	return o;
}

int
pdu_deliver(const char *from, const uint32_t *u, int n, int ucs2, int ref,
    int part, int parts, time_t when, char *out)
{
	char *o = out;
	uint8_t sept[320], oct[320];
	int i, ns = 0, ext = 0, udh = parts > 1, len, k;
	uint8_t code;
	struct tm tm;

	hex_put(&o, 7);			/* SMSC: +628100000000 */
	o -= 2;
	number_put(&o, "+628100000000", 0);
	hex_put(&o, udh ? 0x44 : 0x04);
	number_put(&o, from, 1);
	hex_put(&o, 0);			/* PID */
	hex_put(&o, ucs2 ? 0x08 : 0x00);
	gmtime_r(&when, &tm);
	{
		int f[7] = { tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec, 0 };

		for (i = 0; i < 7; i++)
			hex_put(&o, (unsigned)((f[i] % 10) << 4 | f[i] / 10));
	}
	if (ucs2) {
		len = (udh ? 6 : 0) + 2 * n;
		hex_put(&o, (unsigned)len);
		if (udh) {
			hex_put(&o, 5); hex_put(&o, 0); hex_put(&o, 3);
			hex_put(&o, (unsigned)ref); hex_put(&o, (unsigned)parts);
			hex_put(&o, (unsigned)part);
		}
		for (i = 0; i < n; i++) {
			hex_put(&o, u[i] >> 8);
			hex_put(&o, u[i]);
		}
		*o = '\0';
		return (int)(o - out) / 2 - 8;
	}
	for (i = 0; i < n; i++) {
		if (gsm7_code(u[i], &code, &ext) == -1)
			code = '?';
		if (ext)
			sept[ns++] = 0x1b;
		sept[ns++] = code;
	}
	if (udh) {
		hex_put(&o, (unsigned)(7 + ns));
		hex_put(&o, 5); hex_put(&o, 0); hex_put(&o, 3);
		hex_put(&o, (unsigned)ref); hex_put(&o, (unsigned)parts);
		hex_put(&o, (unsigned)part);
		k = pack7(sept, ns, 1, oct);
	} else {
		hex_put(&o, (unsigned)ns);
		k = pack7(sept, ns, 0, oct);
	}
	for (i = 0; i < k; i++)
		hex_put(&o, oct[i]);
	*o = '\0';
	return (int)(o - out) / 2 - 8;
}

static void
smsc_put(char **o)
{
	hex_put(o, 7);			/* SMSC: +628100000000 */
	*o -= 2;
	number_put(o, "+628100000000", 0);
}

static void
time_put(char **o, time_t when)
{
	struct tm tm;
	int f[7], i;

	gmtime_r(&when, &tm);
	f[0] = tm.tm_year % 100;
	f[1] = tm.tm_mon + 1;
	f[2] = tm.tm_mday;
	f[3] = tm.tm_hour;
	f[4] = tm.tm_min;
	f[5] = tm.tm_sec;
	f[6] = 0;
	for (i = 0; i < 7; i++)
		hex_put(o, (unsigned)((f[i] % 10) << 4 | f[i] / 10));
}

int
pdu_status_report(const char *recipient, int mr, time_t when, char *out)
{
	char *o = out;

	smsc_put(&o);
	hex_put(&o, 0x06);		/* SMS-STATUS-REPORT */
	hex_put(&o, (unsigned)mr);
	number_put(&o, recipient, 1);
	time_put(&o, when);		/* when the SMSC took it */
	time_put(&o, when + 5);		/* when it was delivered */
	hex_put(&o, 0x00);		/* status: received by the recipient */
	*o = '\0';
	return (int)(o - out) / 2 - 8;
}

int
pdu_submit_stored(const char *to, const char *ascii, char *out)
{
	uint8_t sept[160], oct[160];
	char *o = out;
	int n, k, i;

	hex_put(&o, 0x00);		/* no SMSC: the modem's own */
	hex_put(&o, 0x11);		/* SMS-SUBMIT, relative validity */
	hex_put(&o, 0x00);		/* message reference */
	number_put(&o, to, 1);
	hex_put(&o, 0x00);		/* PID */
	hex_put(&o, 0x00);		/* GSM 7-bit */
	hex_put(&o, 0xa7);		/* valid 24 hours */
	for (n = 0; ascii[n] != '\0' && n < 160; n++)
		sept[n] = (uint8_t)ascii[n];
	hex_put(&o, (unsigned)n);
	k = pack7(sept, n, 0, oct);
	for (i = 0; i < k; i++)
		hex_put(&o, oct[i]);
	*o = '\0';
	return (int)(o - out) / 2 - 1;
}

int
pdu_wap_push(const char *from, time_t when, char *out)
{
	/* WSP push: transaction id, type, headers (SI), a few body octets. */
	static const uint8_t wsp[] = {
		0x01, 0x06, 0x04, 0x03, 0xae, 0x81, 0xea, 0x02, 0x05, 0x6a,
		0x00, 0x45, 0xc6, 0x0c, 0x03, 'k', 'o', 'p', 'd', 'e', 's',
		0x00, 0x01, 0x01,
	};
	char *o = out;
	size_t i;

	smsc_put(&o);
	hex_put(&o, 0x44);		/* SMS-DELIVER with a user data header */
	number_put(&o, from, 1);
	hex_put(&o, 0x00);		/* PID */
	hex_put(&o, 0x04);		/* 8-bit data */
	time_put(&o, when);
	hex_put(&o, (unsigned)(7 + sizeof(wsp)));
	/* UDH: 16-bit application ports, to 2948 (WAP push) from 9200. */
	hex_put(&o, 6); hex_put(&o, 0x05); hex_put(&o, 4);
	hex_put(&o, 0x0b); hex_put(&o, 0x84); hex_put(&o, 0x23); hex_put(&o, 0xf0);
	for (i = 0; i < sizeof(wsp); i++)
		hex_put(&o, wsp[i]);
	*o = '\0';
	return (int)(o - out) / 2 - 8;
}

static int
hexval(const char *h, size_t i, size_t len, uint8_t *v)
{
	unsigned x;

	if (2 * i + 2 > len || sscanf(h + 2 * i, "%2x", &x) != 1)
		return -1;
	*v = (uint8_t)x;
	return 0;
}

int
pdu_submit_decode(const char *hex, struct submit *s)
{
	uint8_t b[200];
	size_t len = strlen(hex), n = len / 2, i, at;
	int udhi, vpf, ndigits, udl, udhl = 0, fill = 0, k, sept_n;
	char *o;

	memset(s, 0, sizeof(*s));
	if (n > sizeof(b))
		return -1;
	for (i = 0; i < n; i++)
		if (hexval(hex, i, len, &b[i]) == -1)
			return -1;
	at = 1 + b[0];			/* skip the SMSC */
	if (at + 3 > n || (b[at] & 3) != 1)
		return -1;
	udhi = b[at] & 0x40;
	vpf = (b[at] >> 3) & 3;
	at += 2;			/* first octet, message reference */
	ndigits = b[at++];
	s->phone[0] = b[at] == 0x91 ? '+' : '\0';
	o = s->phone + (s->phone[0] ? 1 : 0);
	at++;
	for (k = 0; k < ndigits; k++) {
		uint8_t d = k % 2 ? b[at + k / 2] >> 4 : b[at + k / 2] & 0xf;

		*o++ = (char)('0' + d);
	}
	*o = '\0';
	at += (size_t)(ndigits + 1) / 2;
	at++;				/* PID */
	s->ucs2 = (b[at++] & 0x0c) == 0x08;
	at += vpf == 2 ? 1 : vpf ? 7 : 0;
	if (at >= n)
		return -1;
	udl = b[at++];
	s->part = s->parts = 1;
	if (udhi) {
		udhl = b[at] + 1;
		for (i = at + 1; i + 1 < at + (size_t)udhl; i += 2 + b[i + 1]) {
			if (b[i] == 0x00 && b[i + 1] == 3) {
				s->ref = b[i + 2];
				s->parts = b[i + 3];
				s->part = b[i + 4];
			} else if (b[i] == 0x08 && b[i + 1] == 4) {
				s->ref = b[i + 2] << 8 | b[i + 3];
				s->parts = b[i + 4];
				s->part = b[i + 5];
			}
		}
	}
	o = s->text;
	if (s->ucs2) {
		for (i = at + (size_t)udhl; i + 1 < at + (size_t)udl && i + 1 < n; i += 2) {
			uint32_t c = (uint32_t)b[i] << 8 | b[i + 1];

			if (c >= 0xd800 && c < 0xdc00 && i + 3 < n) {
				uint32_t lo = (uint32_t)b[i + 2] << 8 | b[i + 3];

				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
			o += utf8_put(o, c);
		}
		*o = '\0';
		return 0;
	}
	/* 7-bit: the header's octets are skipped as whole septets plus fill. */
	if (udhi)
		fill = (7 - (udhl * 8) % 7) % 7;
	sept_n = udl - (udhi ? (udhl * 8 + fill) / 7 : 0);
	{
		int bitpos = (udhl * 8) + fill, esc = 0;

		for (k = 0; k < sept_n; k++, bitpos += 7) {
			size_t byte = at + (size_t)bitpos / 8;
			int shift = bitpos % 8;
			uint16_t v = b[byte] >> shift;
			uint8_t c;

			if (shift > 1 && byte + 1 < n)
				v |= (uint16_t)(b[byte + 1] << (8 - shift));
			c = v & 0x7f;
			if (esc) {
				for (i = 0; i < NEXT; i++)
					if (gsm7_ext[i].code == c)
						o += utf8_put(o, gsm7_ext[i].ch);
				esc = 0;
			} else if (c == 0x1b)
				esc = 1;
			else
				o += utf8_put(o, gsm7[c]);
		}
	}
	*o = '\0';
	return 0;
}
