/*
 * An incoming SMS for Gammu's dummy phone, written the way the dummy
 * stores one: Gammu's smsbackup format in the inbox folder, its text as
 * UCS-2 in hex.  The file is written under a name the dummy never reads
 * and then linked to a free numeric name, so a reader never sees half a
 * message; a long text is one file with a section per part.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "modem/modem.h"

#define UNITS_MAX	2000	/* UTF-16 code units of one injected text */
#define LOCATION_MAX	9999	/* the dummy's highest location in a folder */

/* UTF-8 to UTF-16 code units; invalid bytes become U+FFFD. */
static int
utf16_from_utf8(const char *s, uint16_t *out, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	int n = 0, extra;

	while (*p != '\0') {
		if (*p < 0x80) {
			c = *p++;
			extra = 0;
		} else if ((*p & 0xe0) == 0xc0) {
			c = *p++ & 0x1f;
			extra = 1;
		} else if ((*p & 0xf0) == 0xe0) {
			c = *p++ & 0x0f;
			extra = 2;
		} else if ((*p & 0xf8) == 0xf0) {
			c = *p++ & 0x07;
			extra = 3;
		} else {
			p++;
			c = 0xfffd;
			extra = 0;
		}
		while (extra-- > 0) {
			if ((*p & 0xc0) != 0x80) {
				c = 0xfffd;
				break;
			}
			c = (c << 6) | (*p++ & 0x3f);
		}
		if (c > 0xffff) {
			if (n + 2 > max)
				return -1;
			c -= 0x10000;
			out[n++] = (uint16_t)(0xd800 | (c >> 10));
			out[n++] = (uint16_t)(0xdc00 | (c & 0x3ff));
		} else {
			if (n + 1 > max)
				return -1;
			out[n++] = (uint16_t)c;
		}
	}
	return n;
}

/*
 * Septets a UTF-16 unit takes in GSM 03.38 (2 for the extension table),
 * or 0 when it needs UCS-2.  Close enough to choose the coding a phone
 * would: the accented Latin letters of the default alphabet count as
 * UCS-2 here, which only makes parts shorter.
 */
static int
gsm7_septets(uint16_t c)
{
	static const char plain[] =
	    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "_abcdefghijklmnopqrstuvwxyz\n\r";
	static const char ext[] = "[\\]^{|}~";

	if (c == 0 || c >= 0x80)
		return c == 0x20ac ? 2 : 0;	/* the euro sign is in the extension */
	if (strchr(plain, c) != NULL)
		return 1;
	return strchr(ext, c) != NULL ? 2 : 0;
}

static int
is_gsm7(const uint16_t *u, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (gsm7_septets(u[i]) == 0)
			return 0;
	return 1;
}

/*
 * Where the part starting at unit `from` ends: 153 septets (GSM 7-bit,
 * an escaped character never cut in two) or 67 UCS-2 units (a surrogate
 * pair never cut in two), the rest of the 160/70 going to the header.
 */
static int
part_end(const uint16_t *u, int n, int from, int gsm7)
{
	int i = from, used = 0, w;

	if (gsm7) {
		for (; i < n && used + (w = gsm7_septets(u[i])) <= 153; i++)
			used += w;
		return i;
	}
	i = from + 67 < n ? from + 67 : n;
	if (i < n && u[i - 1] >= 0xd800 && u[i - 1] < 0xdc00)
		i--;
	return i;
}

/* One whole text fits one SMS: 160 septets or 70 units. */
static int
fits_one(const uint16_t *u, int n, int gsm7)
{
	int i, used = 0;

	if (!gsm7)
		return n <= 70;
	for (i = 0; i < n; i++)
		used += gsm7_septets(u[i]);
	return used <= 160;
}

/*
 * A sender a network gives: a phone number (a "+" maybe, then 3 to 20
 * digits) or an alphanumeric name of at most 11 characters.  Nothing
 * else may reach the file: Gammu copies the Number into a fixed buffer
 * unchecked, and a quote or a line break would end the field early.
 */
static int
sender_ok(const char *s)
{
	size_t n = strlen(s), i, letters = 0;
	const char *d = s[0] == '+' ? s + 1 : s;

	if (strspn(d, "0123456789") == strlen(d))
		return strlen(d) >= 3 && strlen(d) <= 20;
	if (n > 11 || s[0] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))
			letters++;
		else if (!(s[i] >= '0' && s[i] <= '9') && strchr(" .-_", s[i]) == NULL)
			return 0;
	}
	return letters > 0;
}

/* The lowest free location above every used one, else the lowest free. */
static int
next_location(const char *dir)
{
	char used[LOCATION_MAX + 1];
	struct dirent *de;
	DIR *dp;
	int n, max = 0;
	char *end;

	if ((dp = opendir(dir)) == NULL)
		return -1;
	memset(used, 0, sizeof(used));
	while ((de = readdir(dp)) != NULL) {
		n = (int)strtol(de->d_name, &end, 10);
		if (*end != '\0' || de->d_name[0] == '\0' || n < 1)
			continue;
		if (n <= LOCATION_MAX)
			used[n] = 1;
		if (n > max)
			max = n;
	}
	closedir(dp);
	/* Above the rest keeps arrival order: the dummy reads by number. */
	if (max < LOCATION_MAX)
		return max + 1;
	for (n = 1; n <= LOCATION_MAX; n++)
		if (!used[n])
			return n;
	return LOCATION_MAX + 1;
}

static void
write_part(FILE *fp, int index, const char *from, const char *stamp,
    int gsm7, const char *udh, const uint16_t *u, int n)
{
	int i, k;

	fprintf(fp, "[SMSBackup%03d]\nSMSC = \"+123456\"\nPDU = Deliver\n"
	    "DateTime = %s\nState = UnRead\nNumber = \"%s\"\n"
	    "Coding = %s\nFolder = 1\n", index, stamp, from,
	    gsm7 ? "Default_No_Compression" : "Unicode_No_Compression");
	if (udh != NULL)
		fprintf(fp, "UDH = %s\n", udh);
	/* 50 UCS-2 units, 200 hex digits, to a line; an empty text is Text00. */
	k = 0;
	do {
		fprintf(fp, "Text%02d = ", k);
		for (i = k * 50; i < n && i < (k + 1) * 50; i++)
			fprintf(fp, "%04X", u[i]);
		fputc('\n', fp);
	} while (++k * 50 < n);
	fputc('\n', fp);
}

/*
 * The time is written in UTC ("Z"): the dummy reads it without a zone,
 * and the driver takes a time without a zone as UTC, so the SMSC time
 * read back is the one injected whatever the machine's zone.
 */
static int
write_sections(FILE *fp, const char *from, time_t when, const uint16_t *u,
    int n)
{
	int gsm7 = is_gsm7(u, n), parts = 0, p, at, end;
	unsigned ref = (unsigned)(when ^ (time_t)n ^ (time_t)getpid()) & 0xff;
	char stamp[32], udh[32];
	struct tm tm;

	/* Gammu reads the time back as exactly YYYYMMDDTHHMMSS. */
	if (gmtime_r(&when, &tm) == NULL || tm.tm_year < 70 ||
	    tm.tm_year > 9999 - 1900)
		return -1;
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (fits_one(u, n, gsm7)) {
		write_part(fp, 0, from, stamp, gsm7, NULL, u, n);
		return 0;
	}
	for (at = 0; at < n; at = part_end(u, n, at, gsm7))
		parts++;
	/* Gammu's dummy reads at most 50 sections of a file into 50 slots. */
	if (parts > MODEM_PARTS_MAX)
		return -1;
	for (p = 0, at = 0; at < n; p++, at = end) {
		end = part_end(u, n, at, gsm7);
		snprintf(udh, sizeof(udh), "050003%02X%02X%02X", ref, parts, p + 1);
		write_part(fp, p, from, stamp, gsm7, udh, u + at, end - at);
	}
	return 0;
}

int
dummy_inject(const char *phone_dir, const char *from, const char *utf8,
    time_t when, char *err, size_t errlen)
{
	char dir[PATH_MAX], tmp[PATH_MAX + 64], dst[PATH_MAX + 16];
	uint16_t *u;
	FILE *fp;
	int n, loc, tries, fd;

	if (!sender_ok(from)) {
		snprintf(err, errlen, "pengirim harus nomor telepon (paling banyak 20"
		    " angka) atau nama paling banyak 11 huruf dan angka");
		return -1;
	}
	/* Gammu makes these on first open; a demo may inject before that. */
	snprintf(dir, sizeof(dir), "%s", phone_dir);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/sms", phone_dir);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/sms/1", phone_dir);
	mkdir(dir, 0755);
	if ((u = calloc(UNITS_MAX, sizeof(*u))) == NULL)
		return -1;
	if ((n = utf16_from_utf8(utf8, u, UNITS_MAX)) == -1) {
		snprintf(err, errlen, "teks terlalu panjang untuk satu SMS masuk");
		free(u);
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/.inject-%ld-%ld", dir, (long)getpid(),
	    (long)random());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s (apakah ini folder telepon dummy, dan"
		    " sudah pernah dibuka oleh gateway?)", dir, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		free(u);
		return -1;
	}
	if (write_sections(fp, from, when, u, n) == -1 || fflush(fp) != 0 ||
	    fsync(fileno(fp)) == -1) {
		snprintf(err, errlen, "%s: tidak bisa ditulis (teks lebih dari 50"
		    " bagian, atau waktu di luar jangkauan?)", tmp);
		fclose(fp);
		unlink(tmp);
		free(u);
		return -1;
	}
	fclose(fp);
	free(u);
	/* link() fails if the name is taken: another writer won that number. */
	for (tries = 0; tries < 100; tries++) {
		if ((loc = next_location(dir)) == -1 || loc > LOCATION_MAX) {
			snprintf(err, errlen, "%s: the dummy phone's inbox is full", dir);
			break;
		}
		snprintf(dst, sizeof(dst), "%s/%d", dir, loc);
		if (link(tmp, dst) == 0) {
			unlink(tmp);
			return 0;
		}
		if (errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", dst, strerror(errno));
			break;
		}
	}
	unlink(tmp);
	return -1;
}
