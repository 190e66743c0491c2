/*
 * A burst longer than one batch on Gammu's dummy phone, against real
 * libgammu: every SMS is handed over once, in arrival order, batch after
 * batch, although the files of those already removed are unlinked by a
 * thread of their own and may still be there; a batch not removed (the
 * loop could not store it) is handed over again from its start; and no
 * file of a removed SMS is left once the modem is gone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "modem/modem.h"

#define BURST	250

static char dir[64], phone[128];

static int
setup(void **state)
{
	char path[256];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kopdes-burst-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(phone, sizeof(phone), "%s/phone", dir);
	mkdir(phone, 0755);
	snprintf(path, sizeof(path), "%s/sms", phone);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sms/1", phone);
	mkdir(path, 0755);
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

/* The i-th shopper's SMS in sms/1/<i + 1>, as the dummy stores one. */
static void
put_sms(int i)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/sms/1/%d", phone, i + 1);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "[SMSBackup000]\nSMSC = \"+123456\"\nPDU = Deliver\n"
	    "DateTime = 20261123T090000Z\nState = UnRead\n"
	    "Number = \"+628130%07d\"\nCoding = Default_No_Compression\n"
	    "Folder = 1\nText00 = 00480041005200470041\n\n", i);
	fclose(fp);
}

static int
files_left(void)
{
	char path[256];
	struct dirent *de;
	DIR *dp;
	int n = 0;

	snprintf(path, sizeof(path), "%s/sms/1", phone);
	assert_non_null(dp = opendir(path));
	while ((de = readdir(dp)) != NULL)
		n += de->d_name[0] != '.';
	closedir(dp);
	return n;
}

/* One read: rc, and n SMS from shoppers first, first + 1, ... */
static void
read_expect(struct modem *md, int rc_want, size_t n_want, int first,
    int remove)
{
	struct modem_sms *v;
	char err[256], want[32];
	size_t n, i;

	assert_int_equal(modem_gammu.read(md, &v, &n, err, sizeof(err)), rc_want);
	assert_int_equal(n, n_want);
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "+628130%07d", first + (int)i);
		assert_string_equal(v[i].sender, want);
		assert_string_equal(v[i].text, "HARGA");
		if (remove)
			assert_int_equal(modem_gammu.remove(md, &v[i]), 0);
	}
	modem_sms_free(v, n);
}

static void
test_burst_handed_over_once(void **state)
{
	struct modem_settings s;
	struct modem *md;
	char err[256];
	int i;

	(void)state;
	for (i = 0; i < BURST; i++)
		put_sms(i);
	memset(&s, 0, sizeof(s));
	snprintf(s.name, sizeof(s.name), "test");
	snprintf(s.model, sizeof(s.model), "dummy");
	snprintf(s.connection, sizeof(s.connection), "none");
	snprintf(s.device, sizeof(s.device), "%s", phone);
	s.timeout_seconds = 20;
	assert_non_null(md = modem_gammu.create(&s, err, sizeof(err)));
	assert_int_equal(modem_gammu.open(md, err, sizeof(err)), 0);
	/* Not removed: the next read hands the same over again. */
	read_expect(md, MODEM_MORE, MODEM_READ_BATCH, 0, 0);
	read_expect(md, MODEM_MORE, MODEM_READ_BATCH, 0, 1);
	read_expect(md, MODEM_MORE, MODEM_READ_BATCH, MODEM_READ_BATCH, 1);
	read_expect(md, MODEM_OK, BURST - 2 * MODEM_READ_BATCH,
	    2 * MODEM_READ_BATCH, 1);
	/* From the first file again: nothing removed is met twice. */
	read_expect(md, MODEM_OK, 0, 0, 0);
	modem_gammu.destroy(md);
	assert_int_equal(files_left(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_burst_handed_over_once, setup,
		    teardown),
	};

	modem_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
