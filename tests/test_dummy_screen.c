/*
 * Files in Gammu's dummy phone that libGammu 1.42 cannot read safely,
 * against real libgammu: each kind is set aside into sms/quarantine with
 * one log line naming it, and the good SMS behind it is still read.  A
 * read the gateway died in is not repeated the same way after a restart.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "modem/modem.h"

static char dir[64], phone[128], logged[4096];

static void
log_line(const char *line)
{
	size_t n = strlen(logged);

	snprintf(logged + n, sizeof(logged) - n, "%s\n", line);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kopdes-screen-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(phone, sizeof(phone), "%s/phone", dir);
	logged[0] = '\0';
	log_capture(log_line);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
put(const char *rel, const char *data, size_t len)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/sms", phone);
	mkdir(phone, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%.*s", phone,
	    (int)(strrchr(rel, '/') - rel), rel);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s", phone, rel);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

/* One section the way the dummy stores an SMS, with fields to vary. */
static size_t
section(char *out, size_t max, int index, const char *pdu, const char *number,
    const char *extra, const char *text_hex)
{
	return (size_t)snprintf(out, max, "[SMSBackup%03d]\nSMSC = \"+123456\"\n"
	    "PDU = %s\nDateTime = 20261123T090000Z\nState = UnRead\n"
	    "Number = %s\nCoding = Default_No_Compression\nFolder = 1\n%s"
	    "Text00 = %s\n\n", index, pdu, number, extra, text_hex);
}

static void
put_section(const char *rel, const char *pdu, const char *number,
    const char *extra, const char *text_hex)
{
	char buf[8192];

	put(rel, buf, section(buf, sizeof(buf), 0, pdu, number, extra, text_hex));
}

static void
inject_good(const char *from, const char *text)
{
	char err[256];

	assert_int_equal(dummy_inject(phone, from, text, time(NULL), err,
	    sizeof(err)), 0);
}

static int
exists(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", phone, rel);
	return access(path, F_OK) == 0;
}

static int
quarantined(void)
{
	char path[256];
	struct dirent *de;
	DIR *dp;
	int n = 0;

	snprintf(path, sizeof(path), "%s/sms/quarantine", phone);
	if ((dp = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL)
		n += de->d_name[0] != '.';
	closedir(dp);
	return n;
}

static void
dummy_settings(struct modem_settings *s)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "test");
	snprintf(s->model, sizeof(s->model), "dummy");
	snprintf(s->connection, sizeof(s->connection), "none");
	snprintf(s->device, sizeof(s->device), "%s", phone);
	s->timeout_seconds = 20;
}

/*
 * Opens the dummy, reads once and expects exactly the good SMS from
 * `from` with `text`; the modem is left open in *out when out is given.
 */
static void
read_expect(size_t want, const char *from, const char *text)
{
	struct modem_settings s;
	struct modem_sms *v;
	struct modem *md;
	char err[256];
	size_t n, i;
	int rc;

	dummy_settings(&s);
	assert_non_null(md = modem_gammu.create(&s, err, sizeof(err)));
	assert_int_equal(modem_gammu.open(md, err, sizeof(err)), 0);
	rc = modem_gammu.read(md, &v, &n, err, sizeof(err));
	assert_true(rc == 0 || rc == MODEM_MORE);
	assert_int_equal(n, want);
	if (want > 0) {
		assert_string_equal(v[0].sender, from);
		assert_string_equal(v[0].text, text);
	}
	for (i = 0; i < n; i++)
		assert_int_equal(modem_gammu.remove(md, &v[i]), 0);
	modem_sms_free(v, n);
	/* Nothing is read again on the next poll: the bad file is gone. */
	assert_int_equal(modem_gammu.read(md, &v, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 0);
	modem_sms_free(v, n);
	modem_gammu.destroy(md);
}

static void
expect_logged(const char *file, const char *why)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", phone, file);
	if (strstr(logged, path) == NULL || strstr(logged, why) == NULL)
		fail_msg("log [%s] lacks [%s] or [%s]", logged, path, why);
}

/* A good SMS arrives behind the bad sms/1/1: it is read, sms/1/1 set aside. */
static void
good_read_bad_set_aside(const char *why)
{
	inject_good("+6281300000001", "SALDO 1234");
	read_expect(1, "+6281300000001", "SALDO 1234");
	assert_int_equal(quarantined(), 1);
	expect_logged("sms/1/1", why);
}

static void
test_number_too_long(void **state)
{
	char number[3003];

	(void)state;
	/* What "kopdesctl inject --from <3000 digits>" used to write. */
	number[0] = '"';
	memset(number + 1, '8', 3000);
	number[3001] = '"';
	number[3002] = '\0';
	put_section("sms/1/1", "Deliver", number, "", "00480041005200470041");
	good_read_bad_set_aside("Number is 3002 characters");
	assert_false(exists("sms/1/1"));
}

static void
test_number_not_quoted(void **state)
{
	(void)state;
	/* Gammu drops a first and last byte that are not there. */
	put_section("sms/1/1", "Deliver", "7", "", "0041");
	good_read_bad_set_aside("Number is not a quoted text");
}

static void
test_more_than_50_sections(void **state)
{
	char *buf;
	size_t len = 0;
	int i;

	(void)state;
	assert_non_null(buf = malloc(51 * 512));
	for (i = 0; i < 51; i++)
		len += section(buf + len, 512, i, "Deliver", "\"+6281300000009\"",
		    "", "0041");
	put("sms/1/1", buf, len);
	free(buf);
	good_read_bad_set_aside("51 messages in one file");
}

static void
test_oversized_file(void **state)
{
	char *buf;
	size_t len;

	(void)state;
	/* A readable message, padded past what any SMS of ours needs. */
	assert_non_null(buf = malloc(100 * 1024));
	len = section(buf, 1024, 0, "Deliver", "\"+6281300000009\"", "", "0041");
	memset(buf + len, ';', 100 * 1024 - len - 1);
	buf[100 * 1024 - 1] = '\n';
	put("sms/1/1", buf, 100 * 1024);
	free(buf);
	good_read_bad_set_aside("102400 bytes");
}

static void
test_submit_pdu(void **state)
{
	(void)state;
	/* Read but never taken, so never deleted: it used to stay forever. */
	put_section("sms/1/1", "Submit", "\"+6281300000009\"", "", "0041");
	good_read_bad_set_aside("Submit");
	assert_false(exists("sms/1/1"));
}

static void
test_location_10000(void **state)
{
	(void)state;
	/*
	 * The dummy reads 10000 as location 0 and stops there: the SMS in
	 * the phone's own inbox (sms/3) was never reached.
	 */
	put_section("sms/1/10000", "Deliver", "\"+6281300000009\"", "", "0041");
	put_section("sms/3/1", "Deliver", "\"+6281300000003\"", "",
	    "00480041005200470041");
	read_expect(1, "+6281300000003", "HARGA");
	assert_false(exists("sms/1/10000"));
	assert_int_equal(quarantined(), 1);
	expect_logged("sms/1/10000", "location 10000 or more");
}

static void
test_later_folder_read_from_zero(void **state)
{
	char number[303];

	(void)state;
	/* Past sms/1 the dummy reads from location 0: "0" is read there. */
	number[0] = '"';
	memset(number + 1, '8', 300);
	number[301] = '"';
	number[302] = '\0';
	inject_good("+6281300000001", "SALDO 1234");
	put_section("sms/2/0", "Deliver", number, "", "0041");
	put_section("sms/3/1", "Deliver", "\"+6281300000003\"", "", "0041");
	read_expect(2, "+6281300000001", "SALDO 1234");
	assert_false(exists("sms/2/0"));
	assert_int_equal(quarantined(), 1);
	expect_logged("sms/2/0", "Number is 302 characters");
}

static void
test_garbage(void **state)
{
	static const char head[] = "[SMSBackup000]\nNumber = \"";
	char buf[2048];
	unsigned seed = 7;
	size_t i;

	(void)state;
	memcpy(buf, head, sizeof(head) - 1);
	for (i = sizeof(head) - 1; i < sizeof(buf); i++) {
		seed = seed * 1103515245 + 12345;
		buf[i] = (char)(seed >> 16);
	}
	buf[sizeof(head) - 1] = '\0';
	put("sms/1/1", buf, sizeof(buf));
	good_read_bad_set_aside("NUL byte");
}

static void
test_udh_too_long(void **state)
{
	char extra[700];

	(void)state;
	snprintf(extra, sizeof(extra), "UDH = 050003010101");
	memset(extra + strlen(extra), '0', 600);
	extra[18 + 600] = '\n';
	extra[18 + 601] = '\0';
	put_section("sms/1/1", "Deliver", "\"+6281300000009\"", extra, "0041");
	good_read_bad_set_aside("UDH is 612 characters");
}

static void
test_siemens_ota(void **state)
{
	char buf[1024];
	size_t len;

	(void)state;
	/* 8-bit, class 1, "//SEO" version 1 claiming 65535 bytes of data. */
	len = (size_t)snprintf(buf, sizeof(buf), "[SMSBackup000]\n"
	    "SMSC = \"+123456\"\nPDU = Deliver\nDateTime = 20261123T090000Z\n"
	    "Number = \"+6281300000009\"\nCoding = 8bit\nClass = 1\n"
	    "Text00 = 2F2F53454F01FFFF000000000100010000000000000000000000\n");
	put("sms/1/1", buf, len);
	good_read_bad_set_aside("Siemens OTA");
}

static void
put_marker(const char *text)
{
	put("sms/reading", text, strlen(text));
}

static void
test_marker_crashed(void **state)
{
	(void)state;
	/* A file that passes the screen, read by a gateway that crashed. */
	inject_good("+6281300000009", "HARGA GULA");
	inject_good("+6281300000001", "SALDO 1234");
	put_marker("sms/1/1\ncrashed\n");
	read_expect(1, "+6281300000001", "SALDO 1234");
	assert_false(exists("sms/1/1"));
	assert_false(exists("sms/reading"));
	assert_int_equal(quarantined(), 1);
	expect_logged("sms/1/1", "crashed reading it");
}

static void
test_marker_killed_twice(void **state)
{
	(void)state;
	inject_good("+6281300000009", "HARGA GULA");
	inject_good("+6281300000001", "SALDO 1234");
	put_marker("sms/1/1\nagain\n");
	read_expect(1, "+6281300000001", "SALDO 1234");
	assert_int_equal(quarantined(), 1);
	expect_logged("sms/1/1", "stopped twice");
}

static void
test_marker_killed_once_keeps_the_sms(void **state)
{
	(void)state;
	/* Killed from outside mid-read: the SMS was fine and is not lost. */
	inject_good("+6281300000001", "SALDO 1234");
	put_marker("sms/1/1\n");
	read_expect(1, "+6281300000001", "SALDO 1234");
	assert_false(exists("sms/reading"));
	assert_int_equal(quarantined(), 0);
	expect_logged("sms/1/1", "once more");
}

/* Reads the phone over and over without deleting, until killed. */
static void __attribute__((noreturn))
read_forever(void)
{
	struct modem_settings s;
	struct modem_sms *v;
	struct modem *md;
	char err[256];
	size_t n;

	dummy_settings(&s);
	if ((md = modem_gammu.create(&s, err, sizeof(err))) == NULL ||
	    modem_gammu.open(md, err, sizeof(err)) != 0)
		_exit(3);
	for (;;) {
		if (modem_gammu.read(md, &v, &n, err, sizeof(err)) < 0)
			_exit(4);
		modem_sms_free(v, n);
	}
}

/* Waits (a few seconds at most) until the marker names a later file. */
static void
marker_past_first(const char *path)
{
	struct timespec t0, t;
	char text[64];
	ssize_t got;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		if ((fd = open(path, O_RDONLY)) != -1) {
			got = read(fd, text, sizeof(text) - 1);
			close(fd);
			text[got > 0 ? got : 0] = '\0';
			if (strncmp(text, "sms/", 4) == 0 &&
			    strncmp(text, "sms/1/1\n", 8) != 0)
				return;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 5);
}

static void
test_crash_in_read_is_not_repeated(void **state)
{
	char path[256], text[128];
	int i, tries, status, fd;
	ssize_t got;
	pid_t pid;

	(void)state;
	for (i = 0; i < 20; i++)
		inject_good("+6281300000001", "SALDO 1234");
	snprintf(path, sizeof(path), "%s/sms/reading", phone);
	/* A fault can fall between two reads; then it proves nothing: again. */
	for (tries = 0; tries < 50; tries++) {
		/* A fresh process: cmocka's own fault handlers are not in it. */
		if ((pid = fork()) == 0) {
			/* A sanitizer reports the fault at length: not wanted here. */
			if ((fd = open("/dev/null", O_WRONLY)) != -1)
				dup2(fd, 2);
			execl("/proc/self/exe", "test_dummy_screen", "--read-forever",
			    phone, (char *)NULL);
			_exit(5);
		}
		assert_true(pid > 0);
		/*
		 * Not at the marker's first line: a signal is taken on the
		 * way out of a system call, and those right after the marker
		 * is made are the marker's own writes, outside the read.
		 */
		marker_past_first(path);
		kill(pid, SIGSEGV);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		/* Dead by the signal (or by a sanitizer's report of it). */
		assert_false(WIFEXITED(status) && WEXITSTATUS(status) >= 3 &&
		    WEXITSTATUS(status) <= 5);
		if ((fd = open(path, O_RDONLY)) == -1)
			continue;
		got = read(fd, text, sizeof(text) - 1);
		close(fd);
		text[got > 0 ? got : 0] = '\0';
		if (strstr(text, "crashed") != NULL)
			break;
		unlink(path);
	}
	assert_true(tries < 50);
	/* The file it died in is set aside; the other 19 are read. */
	read_expect(19, "+6281300000001", "SALDO 1234");
	assert_int_equal(quarantined(), 1);
	expect_logged("sms/1/", "crashed reading it");
}

static void
test_inject_refuses_what_the_file_cannot_carry(void **state)
{
	static const char *const bad[] = {
		"", "12", "+", "081234567890123456789", "TELKOMSEL123",
		"A\"B", "A\nB", " BANK", "Bank=1", "0812 3456",
	};
	static const char *const good[] = {
		"+6281300000001", "081300000001", "3636", "TELKOMSEL",
		"BANK BRI", "M-Kios",
	};
	char err[256], number[3001];
	size_t i;

	(void)state;
	memset(number, '8', 3000);
	number[3000] = '\0';
	assert_int_equal(dummy_inject(phone, number, "HARGA", time(NULL), err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "nomor telepon"));
	assert_null(strchr(err, '\n'));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (dummy_inject(phone, bad[i], "HARGA", time(NULL), err,
		    sizeof(err)) != -1)
			fail_msg("sender [%s] accepted", bad[i]);
	assert_false(exists("sms/1/1"));
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (dummy_inject(phone, good[i], "HARGA", time(NULL), err,
		    sizeof(err)) != 0)
			fail_msg("sender [%s] refused: %s", good[i], err);
	read_expect(6, "+6281300000001", "HARGA");
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_number_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_number_not_quoted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_more_than_50_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversized_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submit_pdu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_location_10000, setup, teardown),
		cmocka_unit_test_setup_teardown(test_later_folder_read_from_zero,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udh_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_siemens_ota, setup, teardown),
		cmocka_unit_test_setup_teardown(test_marker_crashed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_marker_killed_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_marker_killed_once_keeps_the_sms,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash_in_read_is_not_repeated,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_inject_refuses_what_the_file_cannot_carry,
		    setup, teardown),
	};

	if (argc == 3 && strcmp(argv[1], "--read-forever") == 0) {
		snprintf(phone, sizeof(phone), "%s", argv[2]);
		read_forever();
	}
	modem_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
