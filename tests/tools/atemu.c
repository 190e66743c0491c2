/*
 * An AT modem on a pseudo-terminal, for testing the Gammu driver without
 * hardware.  It speaks what Gammu 1.42's AT driver asks (PDU mode), keeps
 * SMS dropped into --inbox DIR as files "SENDER<TAB>TEXT" in its SIM (a
 * file "PDU<TAB>HEX" puts HEX on the SIM as it is, so that a test can
 * hand Gammu exactly what a real modem would, broken or not), and
 * appends every SMS sent to it to --sent FILE as
 * "PHONE<TAB>PART/PARTS<TAB>REF<TAB>gsm7|ucs2<TAB>TEXT".  While
 * --hang-flag FILE exists it reads and never answers, as a modem that
 * has stopped responding.  With --sim FILE it keeps FILE showing what the
 * SIM holds, a line "INDEX<TAB>PDU" a message, rewritten on every change.
 *
 *   atemu --link PATH --inbox DIR --sent FILE [--hang-flag FILE] [--sim FILE]
 */
#define _XOPEN_SOURCE 600	/* posix_openpt and friends */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tests/support/pdu.h"

#define SLOTS 60

static struct slot {
	int	 used, read;
	char	 pdu[600];
	int	 tpdu_len;
} sim[SLOTS];

static int fd, echo_on = 1, cnmi, mr;
static const char *inbox, *sent_path, *hang_flag, *sim_path;
static volatile sig_atomic_t quit;

static void
on_term(int sig)
{
	(void)sig;
	quit = 1;
}

static void
say(const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Written aside and renamed, so a reader never sees half of it. */
static void
sim_show(void)
{
	char tmp[4096];
	FILE *fp;
	int i;

	if (sim_path == NULL)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", sim_path);
	if ((fp = fopen(tmp, "w")) == NULL)
		return;
	for (i = 0; i < SLOTS; i++)
		if (sim[i].used)
			fprintf(fp, "%d\t%s\n", i + 1, sim[i].pdu);
	fclose(fp);
	rename(tmp, sim_path);
}

static int
hanging(void)
{
	struct stat sb;

	return hang_flag != NULL && stat(hang_flag, &sb) == 0;
}

static void
announce(int slot)
{
	char note[64];

	if (!cnmi)
		return;
	snprintf(note, sizeof(note), "\r\n+CMTI: \"SM\",%d\r\n", slot + 1);
	say(note);
}

/*
 * A raw PDU goes on the SIM unchecked; its length for +CMGL/+CMGR is
 * what a modem would say: the octets after the SMSC field.
 */
static void
take_raw(const char *hex)
{
	unsigned smsc = 0;
	int slot, len;
	char *p;

	for (slot = 0; slot < SLOTS && sim[slot].used; slot++)
		;
	if (slot == SLOTS || strlen(hex) >= sizeof(sim[slot].pdu))
		return;
	snprintf(sim[slot].pdu, sizeof(sim[slot].pdu), "%s", hex);
	/* A '/' breaks the line, as a modem that wraps long PDUs does. */
	for (p = sim[slot].pdu; (p = strchr(p, '/')) != NULL;)
		*p = '\n';
	if (sscanf(hex, "%2x", &smsc) != 1)
		smsc = 0;
	len = (int)strlen(hex) / 2 - 1 - (int)smsc;
	sim[slot].tpdu_len = len > 0 ? len : 0;
	sim[slot].used = 1;
	sim[slot].read = 0;
	sim_show();
	announce(slot);
}

/* Takes one file from the inbox folder into SIM slots, as parts. */
static void
take_file(const char *path)
{
	static int ref = 1;
	char buf[2000], *tab;
	uint32_t u[800];
	FILE *fp;
	int n, ucs2, per, parts, p, i, slot, first;

	if ((fp = fopen(path, "r")) == NULL)
		return;
	n = (int)fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	unlink(path);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if ((tab = strchr(buf, '\t')) == NULL)
		return;
	*tab++ = '\0';
	if (strcmp(buf, "PDU") == 0) {
		take_raw(tab);
		return;
	}
	n = utf8_decode(tab, u, 800);
	ucs2 = !text_is_gsm7(u, n);
	if (ucs2) {
		/* UCS-2 on the air is UTF-16: characters past U+FFFF take two. */
		uint32_t w[800];
		int k = 0;

		for (i = 0; i < n && k + 2 <= 800; i++) {
			if (u[i] > 0xffff) {
				w[k++] = 0xd800 | ((u[i] - 0x10000) >> 10);
				w[k++] = 0xdc00 | ((u[i] - 0x10000) & 0x3ff);
			} else
				w[k++] = u[i];
		}
		memcpy(u, w, (size_t)k * sizeof(*u));
		n = k;
	}
	per = ucs2 ? 67 : 153;
	parts = n <= (ucs2 ? 70 : 160) ? 1 : (n + per - 1) / per;
	ref = (ref + 1) & 0xff;
	for (p = 0; p < parts; p++) {
		for (slot = 0; slot < SLOTS && sim[slot].used; slot++)
			;
		if (slot == SLOTS)
			return;
		first = parts == 1 ? 0 : p * per;
		i = parts == 1 ? n : (first + per < n ? per : n - first);
		sim[slot].tpdu_len = pdu_deliver(buf, u + first, i, ucs2, ref, p + 1,
		    parts, time(NULL), sim[slot].pdu);
		sim[slot].used = 1;
		sim[slot].read = 0;
		sim_show();
		announce(slot);
	}
}

static void
scan_inbox(void)
{
	char path[4096];
	struct dirent *de;
	DIR *dp;

	if (inbox == NULL || (dp = opendir(inbox)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", inbox, de->d_name);
		take_file(path);
	}
	closedir(dp);
}

static void
record_sent(const char *hex)
{
	struct submit s;
	FILE *fp;

	if (pdu_submit_decode(hex, &s) == -1 || (fp = fopen(sent_path, "a")) == NULL)
		return;
	fprintf(fp, "%s\t%d/%d\t%d\t%s\t%s\n", s.phone, s.part, s.parts, s.ref,
	    s.ucs2 ? "ucs2" : "gsm7", s.text);
	fclose(fp);
}

static int
count_used(void)
{
	int i, n = 0;

	for (i = 0; i < SLOTS; i++)
		n += sim[i].used;
	return n;
}

static void
list_sms(int which)
{
	char line[800];
	int i;

	for (i = 0; i < SLOTS; i++) {
		if (!sim[i].used || (which == 0 && sim[i].read) ||
		    (which == 1 && !sim[i].read))
			continue;
		snprintf(line, sizeof(line), "\r\n+CMGL: %d,%d,,%d\r\n%s", i + 1,
		    sim[i].read, sim[i].tpdu_len, sim[i].pdu);
		say(line);
		sim[i].read = 1;
	}
	say("\r\n\r\nOK\r\n");
}

static void
command(const char *c)
{
	char out[800];
	int n;

	if (strcmp(c, "AT") == 0 || strncmp(c, "AT+CMEE", 7) == 0 ||
	    strcmp(c, "AT+CFUN=1") == 0 || strncmp(c, "AT+CSCS=\"", 9) == 0 ||
	    strcmp(c, "AT+CMGF=0") == 0 || strncmp(c, "AT+CNMI=", 8) == 0 ||
	    strcmp(c, "AT+CHUP=?") == 0 || strncmp(c, "AT&", 3) == 0 ||
	    strncmp(c, "ATZ", 3) == 0) {
		if (strncmp(c, "AT+CNMI=", 8) == 0 && c[8] != '?')
			cnmi = 1;
		say("\r\nOK\r\n");
	} else if (strcmp(c, "ATE0") == 0 || strcmp(c, "ATE1") == 0) {
		echo_on = c[3] == '1';
		say("\r\nOK\r\n");
	} else if (strcmp(c, "AT+CSCS?") == 0)
		say("\r\n+CSCS: \"GSM\"\r\n\r\nOK\r\n");
	else if (strcmp(c, "AT+CSCS=?") == 0)
		say("\r\n+CSCS: (\"GSM\",\"UCS2\",\"HEX\")\r\n\r\nOK\r\n");
	else if (strcmp(c, "AT+CGMM") == 0)
		say("\r\nKOPDES-EMU\r\n\r\nOK\r\n");
	else if (strcmp(c, "AT+CGMI") == 0)
		say("\r\nKOPDES\r\n\r\nOK\r\n");
	else if (strcmp(c, "AT+CGMR") == 0)
		say("\r\n1.0\r\n\r\nOK\r\n");
	else if (strcmp(c, "AT+CGSN") == 0)
		say("\r\n356938035643809\r\n\r\nOK\r\n");
	else if (strcmp(c, "AT+CIMI") == 0)
		say("\r\n510109876543210\r\n\r\nOK\r\n");
	else if (strcmp(c, "AT+CPMS=?") == 0)
		say("\r\n+CPMS: (\"SM\"),(\"SM\"),(\"SM\")\r\n\r\nOK\r\n");
	else if (strncmp(c, "AT+CPMS", 7) == 0) {
		n = count_used();
		snprintf(out, sizeof(out), "\r\n+CPMS: %d,%d,%d,%d,%d,%d\r\n\r\nOK\r\n",
		    n, SLOTS, n, SLOTS, n, SLOTS);
		say(out);
	} else if (strcmp(c, "AT+CNMI=?") == 0)
		say("\r\n+CNMI: (0-2),(0-3),(0-3),(0-2),(0,1)\r\n\r\nOK\r\n");
	else if (strncmp(c, "AT+CMGL=", 8) == 0)
		list_sms(atoi(c + 8));
	else if (strncmp(c, "AT+CMGR=", 8) == 0) {
		n = atoi(c + 8) - 1;
		if (n < 0 || n >= SLOTS || !sim[n].used) {
			say("\r\n+CMS ERROR: 321\r\n");
			return;
		}
		snprintf(out, sizeof(out), "\r\n+CMGR: %d,,%d\r\n%s\r\n\r\nOK\r\n",
		    sim[n].read, sim[n].tpdu_len, sim[n].pdu);
		sim[n].read = 1;
		say(out);
	} else if (strncmp(c, "AT+CMGD=", 8) == 0) {
		n = atoi(c + 8) - 1;
		if (n >= 0 && n < SLOTS)
			sim[n].used = 0;
		sim_show();
		say("\r\nOK\r\n");
	} else if (strcmp(c, "AT+CSCA?") == 0)
		say("\r\n+CSCA: \"+628100000000\",145\r\n\r\nOK\r\n");
	else if (strcmp(c, "AT+CSQ") == 0)
		say("\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
	else if (strcmp(c, "AT+CBC") == 0)
		say("\r\n+CBC: 0,85\r\n\r\nOK\r\n");
	else if (strcmp(c, "AT+CREG?") == 0)
		say("\r\n+CREG: 0,1\r\n\r\nOK\r\n");
	else if (strncmp(c, "AT+COPS", 7) == 0)
		say("\r\n+COPS: 0,0,\"KOPDES NET\"\r\n\r\nOK\r\n");
	else
		say("\r\nERROR\r\n");
}

int
main(int argc, char **argv)
{
	const char *link_path = NULL;
	char buf[4096], line[2048], pdu[1024];
	struct termios tio;
	struct pollfd pfd;
	size_t ll = 0, pl = 0;
	int i, slave, in_pdu = 0;
	ssize_t n;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--link") == 0)
			link_path = argv[i + 1];
		else if (strcmp(argv[i], "--inbox") == 0)
			inbox = argv[i + 1];
		else if (strcmp(argv[i], "--sent") == 0)
			sent_path = argv[i + 1];
		else if (strcmp(argv[i], "--hang-flag") == 0)
			hang_flag = argv[i + 1];
		else if (strcmp(argv[i], "--sim") == 0)
			sim_path = argv[i + 1];
	}
	if (link_path == NULL || sent_path == NULL) {
		fprintf(stderr, "usage: atemu --link PATH --inbox DIR --sent FILE"
		    " [--hang-flag FILE] [--sim FILE]\n");
		return 2;
	}
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	if ((fd = posix_openpt(O_RDWR | O_NOCTTY)) == -1 || grantpt(fd) == -1 ||
	    unlockpt(fd) == -1)
		return 1;
	/* Keep the slave open so the master never sees a hang-up. */
	if ((slave = open(ptsname(fd), O_RDWR | O_NOCTTY)) == -1)
		return 1;
	tcgetattr(slave, &tio);
	cfmakeraw(&tio);
	tcsetattr(slave, TCSANOW, &tio);
	unlink(link_path);
	if (symlink(ptsname(fd), link_path) == -1)
		return 1;
	sim_show();
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!quit) {
		scan_inbox();
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		if ((n = read(fd, buf, sizeof(buf))) <= 0)
			continue;
		if (hanging())
			continue;
		for (i = 0; i < n; i++) {
			char ch = buf[i];

			if (in_pdu) {
				if (ch == 0x1a) {	/* Ctrl-Z: the PDU is complete */
					pdu[pl] = '\0';
					record_sent(pdu);
					snprintf(line, sizeof(line),
					    "\r\n+CMGS: %d\r\n\r\nOK\r\n", ++mr & 0xff);
					say(line);
					in_pdu = 0;
					pl = 0;
				} else if (ch == 0x1b) {
					in_pdu = 0;
					pl = 0;
					say("\r\nOK\r\n");
				} else if (pl + 1 < sizeof(pdu) && ch != '\r' && ch != '\n')
					pdu[pl++] = ch;
				continue;
			}
			if (ch == 0x1b) {
				ll = 0;
				continue;
			}
			if (echo_on) {
				char e[2] = { ch, 0 };

				say(e);
			}
			if (ch != '\r') {
				if (ch != '\n' && ll + 1 < sizeof(line))
					line[ll++] = ch;
				continue;
			}
			line[ll] = '\0';
			ll = 0;
			if (line[0] == '\0')
				continue;
			if (strncmp(line, "AT+CMGS=", 8) == 0) {
				in_pdu = 1;
				pl = 0;
				say("\r\n> ");
				continue;
			}
			command(line);
		}
	}
	unlink(link_path);
	return 0;
}
