/*
 * What Gammu's dummy phone is let read.  libGammu 1.42 reads a message
 * file with fixed buffers and no bounds: a long Number, a long UDH or
 * more than 50 sections in one file write past them, and the daemon dies
 * on every start while the file waits.  So the file the dummy will read
 * next is looked at first, and one Gammu cannot read safely, or would
 * hand back as something never deleted, is moved to sms/quarantine.
 *
 * The screen cannot know every way Gammu fails, so a marker
 * (sms/reading) names the file Gammu reads, from just before its read
 * until the next file's (it is emptied once a batch, not after every
 * file: a kill between two reads makes the earlier file look unfinished,
 * which only costs it one more read on its own).  A marker left at
 * the next start means the gateway died in that read: marked "crashed"
 * (by the fatal-signal handler below) the file is quarantined at once;
 * unmarked (killed from outside, say) it is read once more on its own,
 * under a marker saying so, and quarantined if that read is left
 * unfinished too.  A good SMS is not lost to a kill -9 that happened to
 * fall in a read.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gammu.h>

#include "modem/gammu_private.h"

#define DUMMY_FOLDERS	5		/* sms/1..5 */
#define DUMMY_LOCATIONS	10000		/* a name at or above it is never deleted */
#define FILE_MAX	(64 * 1024)	/* the longest SMS we write is ~15 KB */
/*
 * Gammu copies a quoted Number, SMSC or Name into 402 bytes as up to two
 * UTF-16 units a byte, and a hex one as half its length: 100 characters
 * keep both inside.  The UDH is decoded into 140 bytes, one more being
 * its terminator.
 */
#define FIELD_MAX	100
#define UDH_HEX_MAX	(2 * (GSM_MAX_UDH_LENGTH - 1))
#define WHY_MAX		160
#define PROBE_MAX	32		/* names tried before a folder is listed */
/*
 * The marker's record: the file's name, then spaces, always this long,
 * so that naming the next file is one write over it; a fault's note
 * goes after it.
 */
#define RECORD_LEN	32

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
#define NFATAL	(sizeof(fatal_signals) / sizeof(fatal_signals[0]))

/*
 * A signal handler sees only globals: the marker of the read in hand on
 * this thread (a fault is delivered to the thread that made it), and
 * the actions that were in place before ours.
 */
static _Thread_local int marker_fd = -1;
static _Thread_local volatile sig_atomic_t reading;
static _Thread_local char marker_of[PATH_MAX + 16];
static _Thread_local int marker_size;	/* its length: 0 names nothing */
static struct sigaction previous[NFATAL];
static pthread_once_t handler_once = PTHREAD_ONCE_INIT;

static void
on_fatal(int sig)
{
	static const char note[] = "crashed\n";
	size_t i;

	if (reading && (lseek(marker_fd, RECORD_LEN, SEEK_SET) != RECORD_LEN ||
	    write(marker_fd, note, sizeof(note) - 1) < 0)) {
		/* Nothing left to do about it: we are dying anyway. */
	}
	for (i = 0; i < NFATAL; i++)
		if (fatal_signals[i] == sig)
			sigaction(sig, &previous[i], NULL);
	raise(sig);
}

static void
handler_install(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &sa, &previous[i]);
}

/* A name the dummy opens ("%d", nothing else), or -1. */
static int
location_of(const char *name)
{
	char canon[24];
	char *end;
	long n;

	if (!isdigit((unsigned char)name[0]))
		return -1;
	errno = 0;
	n = strtol(name, &end, 10);
	if (*end != '\0' || errno != 0 || n > 999999)
		return -1;
	snprintf(canon, sizeof(canon), "%ld", n);
	return strcmp(canon, name) == 0 ? (int)n : -1;
}

/*
 * Moves sms/<folder>/<name> to sms/quarantine under a name of its own
 * and says so in one line; 0, or -1 when it could not be moved.
 */
static int
quarantine(struct modem *m, int folder, const char *name, const char *why)
{
	char from[PATH_MAX + 32], to[PATH_MAX + 96];
	int k, len;

	snprintf(to, sizeof(to), "%s/sms/quarantine", m->set.device);
	if (mkdir(to, 0755) == -1 && errno != EEXIST) {
		log_warnx("%s: %s: %s", m->set.name, to, strerror(errno));
		return -1;
	}
	snprintf(from, sizeof(from), "%s/sms/%d/%s", m->set.device, folder, name);
	len = snprintf(to, sizeof(to), "%s/sms/quarantine/%d-%s-%ld",
	    m->set.device, folder, name, (long)time(NULL));
	/* rename() would replace a file set aside earlier under that name. */
	for (k = 1; access(to, F_OK) == 0 && k < 100; k++)
		snprintf(to + len, sizeof(to) - (size_t)len, ".%d", k);
	if (rename(from, to) == -1) {
		log_warnx("%s: %s: %s", m->set.name, from, strerror(errno));
		return -1;
	}
	log_warnx("%s: SMS file %s set aside (%s), moved to %s", m->set.name,
	    from, why, to);
	m->discarded++;
	return 0;
}

/*
 * Lists sms/<folder> for its lowest location above `after`, or -1.  A
 * name at 10000 or above is quarantined on the way: the dummy reads
 * 10000 as another file and deletes the wrong one, and never reads those
 * above.
 */
static int
folder_scan(struct modem *m, int folder, int after)
{
	char dir[PATH_MAX + 16], name[16];
	struct dirent *de;
	DIR *dp;
	int n, best, high;

	snprintf(dir, sizeof(dir), "%s/sms/%d", m->set.device, folder);
	for (;;) {
		if ((dp = opendir(dir)) == NULL)
			return -1;
		best = high = -1;
		while ((de = readdir(dp)) != NULL) {
			if ((n = location_of(de->d_name)) == -1)
				continue;
			if (n >= DUMMY_LOCATIONS)
				high = n;
			else if (n > after && (best == -1 || n < best))
				best = n;
		}
		closedir(dp);
		snprintf(name, sizeof(name), "%d", high);
		if (high == -1 ||
		    quarantine(m, folder, name, "location 10000 or more: the "
		    "dummy phone cannot read or delete it") == -1)
			return best;
	}
}

/* The length DecodeSpecialChars gives s (a lone final backslash is dropped). */
static size_t
unescaped_length(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && ++i == len)
			break;
		n++;
	}
	return n;
}

/*
 * One "key = value" line as Gammu's reader takes it (both trimmed, the
 * key matched without case); why is set when Gammu cannot take it.
 */
static void
screen_entry(const char *key, size_t klen, const char *v, size_t vlen,
    char *why)
{
	static const char *const quoted[] = { "Number", "SMSC", "Name" };
	static const char *const hex[] = { "NumberUnicode", "SMSCUnicode",
	    "NameUnicode" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (klen == strlen(quoted[i]) &&
		    strncasecmp(key, quoted[i], klen) == 0) {
			/* Gammu drops the first and last byte, quotes or not. */
			if (vlen > FIELD_MAX)
				snprintf(why, WHY_MAX, "%s is %zu characters, more "
				    "than %d", quoted[i], vlen, FIELD_MAX);
			else if (vlen < 2 || unescaped_length(v + 1, vlen - 1) < 1)
				snprintf(why, WHY_MAX, "%s is not a quoted text",
				    quoted[i]);
			return;
		}
		if (klen == strlen(hex[i]) && strncasecmp(key, hex[i], klen) == 0) {
			if (vlen > FIELD_MAX)
				snprintf(why, WHY_MAX, "%s is %zu characters, more "
				    "than %d", hex[i], vlen, FIELD_MAX);
			return;
		}
	}
	if (klen == 3 && strncasecmp(key, "UDH", 3) == 0 && vlen > UDH_HEX_MAX)
		snprintf(why, WHY_MAX, "UDH is %zu characters, more than %d",
		    vlen, UDH_HEX_MAX);
	/*
	 * "//SEO" opens Siemens OTA data, which Gammu's joining of parts
	 * copies by a length read from the data itself into 140 bytes.
	 */
	if (klen == 6 && strncasecmp(key, "Text00", 6) == 0 && vlen >= 10 &&
	    strncasecmp(v, "2F2F53454F", 10) == 0)
		snprintf(why, WHY_MAX, "Siemens OTA data, which Gammu cannot "
		    "join safely");
}

static int
is_space(char c)
{
	return isspace((unsigned char)c);
}

/*
 * The file's text, NUL-ended; why is set when Gammu cannot read it
 * safely.  Where Gammu's reading is intricate (a section may open in the
 * middle of a line before the first one) this counts and checks more
 * than Gammu would see, never less.
 */
static void
screen_text(char *buf, size_t len, char *why)
{
	char *p, *end = buf + len, *eol, *eq, *k, *ke, *v, *ve;
	int sections = 0;

	if (memchr(buf, '\0', len) != NULL) {
		snprintf(why, WHY_MAX, "a NUL byte in it");
		return;
	}
	for (p = buf; (p = strchr(p, '[')) != NULL; p++)
		if (strncasecmp(p + 1, "SMSBackup", 9) == 0)
			sections++;
	if (sections == 0) {
		snprintf(why, WHY_MAX, "no message in it");
		return;
	}
	if (sections > GSM_MAX_MULTI_SMS) {
		snprintf(why, WHY_MAX, "%d messages in one file, more than %d",
		    sections, GSM_MAX_MULTI_SMS);
		return;
	}
	for (p = buf; p < end && why[0] == '\0'; p = eol + 1) {
		for (eol = p; eol < end && *eol != '\n' && *eol != '\r'; eol++)
			;
		for (k = p; k < eol && is_space(*k); k++)
			;
		if (k == eol || *k == ';' || *k == '#' || *k == '[' ||
		    (eq = memchr(k, '=', (size_t)(eol - k))) == NULL)
			continue;
		for (ke = eq; ke > k && is_space(ke[-1]); ke--)
			;
		for (v = eq + 1; v < eol && is_space(*v); v++)
			;
		for (ve = eol; ve > v && is_space(ve[-1]); ve--)
			;
		screen_entry(k, (size_t)(ke - k), v, (size_t)(ve - v), why);
	}
}

/*
 * Why Gammu cannot read sms/<folder>/<n> safely, or "" when it can;
 * -1 when the file has gone meanwhile.
 */
static int
screen_file(struct modem *m, int folder, int n, char *why)
{
	char path[PATH_MAX + 32];
	struct stat st;
	ssize_t got;
	int fd;

	why[0] = '\0';
	snprintf(path, sizeof(path), "%s/sms/%d/%d", m->set.device, folder, n);
	/* O_NONBLOCK: a FIFO must not hang us the way it hangs Gammu. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK)) == -1) {
		if (errno == ENOENT)
			return -1;
		snprintf(why, WHY_MAX, "cannot be read: %s", strerror(errno));
		return 0;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		snprintf(why, WHY_MAX, "not a regular file");
		close(fd);
		return 0;
	}
	if (st.st_size > FILE_MAX) {
		snprintf(why, WHY_MAX, "%lld bytes, more than %d",
		    (long long)st.st_size, FILE_MAX);
		close(fd);
		return 0;
	}
	/* Kept from file to file: one a read would be most of its cost. */
	if (m->screen_buf == NULL &&
	    (m->screen_buf = malloc(FILE_MAX + 2)) == NULL) {
		snprintf(why, WHY_MAX, "out of memory");
		close(fd);
		return 0;
	}
	got = read(fd, m->screen_buf, (size_t)st.st_size + 1);
	close(fd);
	if (got < 0 || got > st.st_size) {
		/* Changed while we looked: it is looked at again next time. */
		snprintf(why, WHY_MAX, got < 0 ? "cannot be read" :
		    "grew while it was read");
		return 0;
	}
	m->screen_buf[got] = '\0';
	screen_text(m->screen_buf, (size_t)got, why);
	return 0;
}

static void
marker_path(struct modem *m, char *path, size_t len)
{
	snprintf(path, len, "%s/sms/reading", m->set.device);
}

/*
 * Names sms/<folder>/<n>, with a note after it, in the marker.  The
 * marker stays open until a pass has read everything: making and
 * removing a file for each read cost more than the read, and so did
 * emptying it after each.
 */
static void
marker_open(struct modem *m, int folder, int n, const char *note)
{
	char path[PATH_MAX + 16], line[RECORD_LEN + 16];
	int len;

	marker_path(m, path, sizeof(path));
	if (marker_fd != -1 && strcmp(marker_of, path) != 0) {
		close(marker_fd);
		unlink(marker_of);
		marker_fd = -1;
	}
	if (marker_fd == -1) {
		if ((marker_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC,
		    0644)) == -1) {
			log_warnx("%s: %s: %s", m->set.name, path, strerror(errno));
			return;
		}
		snprintf(marker_of, sizeof(marker_of), "%s", path);
		marker_size = 0;
	}
	len = snprintf(line, sizeof(line), "sms/%d/%d\n", folder, n);
	memset(line + len, ' ', (size_t)(RECORD_LEN - len));
	len = RECORD_LEN + snprintf(line + RECORD_LEN, sizeof(line) - RECORD_LEN,
	    "%s", note);
	/* The whole record each time: nothing of the last name is left. */
	if (pwrite(marker_fd, line, (size_t)len, 0) != len ||
	    (marker_size > len && ftruncate(marker_fd, len) == -1))
		log_warnx("%s: %s: cannot write", m->set.name, path);
	marker_size = len;
	reading = 1;
}

void
dummy_screen_done(struct modem *m)
{
	(void)m;
	reading = 0;
}

/*
 * A batch is read: the marker names nothing while the gateway stores it
 * (the file last read is not read once more after a kill then).
 */
void
dummy_screen_end(struct modem *m)
{
	reading = 0;
	if (marker_fd == -1 || marker_size == 0)
		return;
	marker_size = 0;
	if (ftruncate(marker_fd, 0) == -1)
		log_warnx("%s: %s: %s", m->set.name, marker_of, strerror(errno));
}

/* Everything is read: no marker is left behind. */
static void
marker_close(void)
{
	if (marker_fd == -1)
		return;
	close(marker_fd);
	unlink(marker_of);
	marker_fd = -1;
}

/*
 * A read of the file a marker names that another gateway left behind
 * unfinished: quarantine the file, or read it once more on its own.
 */
static void
marker_left(struct modem *m)
{
	char path[PATH_MAX + 16], file[PATH_MAX + 32], text[128], name[16];
	char why[WHY_MAX];
	GSM_SMS_Backup *backup;
	int fd, folder, n;
	ssize_t got;

	marker_path(m, path, sizeof(path));
	/* Ours, from an earlier pass: empty, since that read finished. */
	if (marker_fd != -1 && strcmp(marker_of, path) == 0)
		return;
	if ((fd = open(path, O_RDONLY)) == -1)
		return;
	got = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[got > 0 ? got : 0] = '\0';
	if (sscanf(text, "sms/%d/%d", &folder, &n) != 2 || folder < 1 ||
	    folder > DUMMY_FOLDERS || n < 0 || n >= DUMMY_LOCATIONS) {
		unlink(path);
		return;
	}
	snprintf(name, sizeof(name), "%d", n);
	if (strstr(text, "crashed") != NULL || strstr(text, "again") != NULL) {
		quarantine(m, folder, name, strstr(text, "crashed") != NULL ?
		    "the gateway crashed reading it" :
		    "the gateway stopped twice reading it");
		unlink(path);
		return;
	}
	unlink(path);
	if (screen_file(m, folder, n, why) == -1)
		return;
	if (why[0] != '\0') {
		quarantine(m, folder, name, why);
		return;
	}
	snprintf(file, sizeof(file), "%s/sms/%d/%d", m->set.device, folder, n);
	log_warnx("%s: the gateway stopped while reading %s; reading it once "
	    "more on its own", m->set.name, file);
	if ((backup = malloc(sizeof(*backup))) != NULL) {
		marker_open(m, folder, n, "again\n");
		/* Whatever it says: only finishing the read matters here. */
		(void)GSM_ReadSMSBackupFile(file, backup);
		GSM_FreeSMSBackup(backup);
		free(backup);
	}
	dummy_screen_done(m);
	marker_close();
}

/*
 * The next file above `after` in sms/<folder> for Gammu to read, with
 * why set when it cannot read it safely ("" when it can), or -1.  An
 * inbox we fill has its names one after another, so the next few are
 * opened first, as the dummy itself does; listing a folder of thousands
 * for each read would cost more than the read.
 */
static int
next_screened(struct modem *m, int folder, int after, char *why)
{
	int i;

	for (i = after + 1; i <= after + PROBE_MAX && i < DUMMY_LOCATIONS; i++)
		if (screen_file(m, folder, i, why) == 0)
			return i;
	/* One gone between the listing and its opening: look above it. */
	for (after = i - 1; (i = folder_scan(m, folder, after)) != -1; after = i)
		if (screen_file(m, folder, i, why) == 0)
			return i;
	return -1;
}

enum dummy_next
dummy_screen_next(struct modem *m, int start)
{
	char why[WHY_MAX], name[16];
	int n;

	pthread_once(&handler_once, handler_install);
	if (start) {
		marker_left(m);
		m->screen_folder = 1;
		m->screen_after = 0;
	}
	/* Past the first folder the dummy starts from -1: "0" is read there. */
	for (; m->screen_folder <= DUMMY_FOLDERS; m->screen_folder++,
	    m->screen_after = -1) {
		while ((n = next_screened(m, m->screen_folder, m->screen_after,
		    why)) != -1) {
			m->screen_after = n;
			if (why[0] == '\0') {
				marker_open(m, m->screen_folder, n, "");
				return DUMMY_NEXT_READ;
			}
			snprintf(name, sizeof(name), "%d", n);
			/* One that cannot be moved stops the reading, not the gateway. */
			if (quarantine(m, m->screen_folder, name, why) == -1) {
				marker_close();
				return DUMMY_NEXT_NONE;
			}
		}
	}
	marker_close();
	return DUMMY_NEXT_NONE;
}

/*
 * GSM_GetSMS reads the file chosen, where DUMMY_GetNextSMS would first
 * open every name from its cursor up to it once more.
 */
void
dummy_screen_target(struct modem *m, GSM_MultiSMSMessage *sms)
{
	sms->SMS[0].Folder = m->screen_folder;
	sms->SMS[0].Location = m->screen_after;
}

int
dummy_screen_failed(struct modem *m, const char *why)
{
	char name[16];

	snprintf(name, sizeof(name), "%d", m->screen_after);
	return quarantine(m, m->screen_folder, name, why);
}

void
dummy_screen_unwanted(struct modem *m, const GSM_MultiSMSMessage *sms)
{
	const GSM_SMSMessage *p = &sms->SMS[0];
	char name[16];

	snprintf(name, sizeof(name), "%d", p->Location % DUMMY_LOCATIONS);
	quarantine(m, p->Folder, name, sms->Number < 1 ? "no message in it" :
	    p->PDU == SMS_Submit ? "an outgoing SMS (PDU Submit), never deleted" :
	    "not an incoming SMS, never deleted");
}
