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

/* Close enough to GSM 03.38 to choose the coding a phone would. */
static int
is_gsm7(const uint16_t *u, int n)
{
	static const char ascii_ok[] =
	    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "[\\]^_abcdefghijklmnopqrstuvwxyz{|}~\n\r";
	int i;

	for (i = 0; i < n; i++)
		if (u[i] >= 0x80 || strchr(ascii_ok, u[i]) == NULL || u[i] == 0)
			return 0;
	return 1;
}

static int
next_location(const char *dir)
{
	struct dirent *de;
	DIR *dp;
	int n, max = 0;
	char *end;

	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL) {
		n = (int)strtol(de->d_name, &end, 10);
		if (*end == '\0' && de->d_name[0] != '\0' && n > max)
			max = n;
	}
	closedir(dp);
	return max + 1;
}

static int
write_sections(FILE *fp, const char *from, time_t when, const uint16_t *u,
    int n)
{
	int gsm7 = is_gsm7(u, n), per = gsm7 ? 153 : 67, parts, p, i, k;
	unsigned ref = (unsigned)(when ^ (time_t)n ^ (time_t)getpid()) & 0xff;
	char stamp[32];
	struct tm tm;

	localtime_r(&when, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm);
	parts = n <= (gsm7 ? 160 : 70) ? 1 : (n + per - 1) / per;
	if (parts > 255)
		return -1;
	for (p = 0; p < parts; p++) {
		int from_unit = parts == 1 ? 0 : p * per;
		int to_unit = parts == 1 ? n : (from_unit + per < n ? from_unit + per : n);

		fprintf(fp, "[SMSBackup%03d]\nSMSC = \"+123456\"\nPDU = Deliver\n"
		    "DateTime = %s\nState = UnRead\nNumber = \"%s\"\n"
		    "Coding = %s\nFolder = 1\n", p, stamp, from,
		    gsm7 ? "Default_No_Compression" : "Unicode_No_Compression");
		if (parts > 1)
			fprintf(fp, "UDH = 050003%02X%02X%02X\n", ref, parts, p + 1);
		/* 50 UCS-2 characters, 200 hex digits, to a line. */
		for (i = from_unit, k = 0; i < to_unit; k++) {
			fprintf(fp, "Text%02d = ", k);
			for (; i < to_unit && i < from_unit + (k + 1) * 50; i++)
				fprintf(fp, "%04X", u[i]);
			fputc('\n', fp);
		}
		if (from_unit == to_unit)
			fprintf(fp, "Text00 = \n");
		fputc('\n', fp);
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
		snprintf(err, errlen, "text too long for one SMS inbox entry");
		free(u);
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/.inject-%ld-%ld", dir, (long)getpid(),
	    (long)random());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s (is this the dummy phone's folder,"
		    " and has the gateway opened it once?)", dir, strerror(errno));
		if (fd != -1)
			close(fd);
		free(u);
		return -1;
	}
	if (write_sections(fp, from, when, u, n) == -1 || fflush(fp) != 0 ||
	    fsync(fileno(fp)) == -1) {
		snprintf(err, errlen, "%s: cannot write", tmp);
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
