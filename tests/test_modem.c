/*
 * The modem layer against real libgammu: Gammu's dummy phone in a folder,
 * and Gammu's AT driver talking to the project's AT modem emulator
 * (tests/tools/atemu) on a pseudo-terminal, whose record of what it was
 * sent is decoded from the PDUs independently of Gammu.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "modem/modem.h"
#include "tests/support/pdu.h"

static char dir[64];

static void
settings(struct modem_settings *s, const char *model, const char *conn,
    const char *device)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "test");
	snprintf(s->model, sizeof(s->model), "%s", model);
	snprintf(s->connection, sizeof(s->connection), "%s", conn);
	snprintf(s->device, sizeof(s->device), "%s", device);
	s->timeout_seconds = 20;
	s->poll_ms = 200;
	s->status_ms = 60000;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kopdes-modem-XXXXXX");
	assert_non_null(mkdtemp(dir));
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

static const struct modem_sms *
find_from(const struct modem_sms *v, size_t n, const char *sender)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].sender, sender) == 0)
			return &v[i];
	return NULL;
}

static void
test_dummy_read_join_quarantine_send(void **state)
{
	struct modem_settings s;
	struct modem_sms *v;
	const struct modem_sms *m;
	struct modem *md;
	char phone[128], path[256], err[256], big[401];
	time_t now = time(NULL);
	size_t n;
	int parts;
	FILE *fp;

	(void)state;
	snprintf(phone, sizeof(phone), "%s/phone", dir);
	memset(big, 'a', 400);
	big[400] = '\0';
	memcpy(big, "HARGA ", 6);
	assert_int_equal(dummy_inject(phone, "+6281300000001", "SALDO 1234", now,
	    err, sizeof(err)), 0);
	assert_int_equal(dummy_inject(phone, "+6281300000002", big, now, err,
	    sizeof(err)), 0);
	assert_int_equal(dummy_inject(phone, "+6281300000003",
	    "Harga cabé ≥ 40rb? 🙏", now, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/sms/1/900", phone);
	assert_non_null(fp = fopen(path, "w"));
	fputs("not an sms\n", fp);
	fclose(fp);

	settings(&s, "dummy", "none", phone);
	assert_non_null(md = modem_gammu.create(&s, err, sizeof(err)));
	assert_int_equal(modem_gammu.open(md, err, sizeof(err)), 0);
	assert_int_equal(modem_gammu.read(md, &v, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 3);
	assert_non_null(m = find_from(v, n, "+6281300000001"));
	assert_string_equal(m->text, "SALDO 1234");
	assert_non_null(m = find_from(v, n, "+6281300000002"));
	assert_string_equal(m->text, big);
	assert_int_equal(m->parts, 3);
	assert_non_null(m = find_from(v, n, "+6281300000003"));
	assert_string_equal(m->text, "Harga cabé ≥ 40rb? 🙏");
	/* The unreadable file was set aside, not left to stop every read. */
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/sms/quarantine", phone);
	assert_int_equal(access(path, F_OK), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(modem_gammu.remove(md, &v[i]), 0);
	modem_sms_free(v, n);
	assert_int_equal(modem_gammu.read(md, &v, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 0);
	modem_sms_free(v, n);

	assert_int_equal(modem_gammu.send(md, "+6281300000001",
	    "Saldo Anda Rp1.250.000", &parts, err, sizeof(err)), 0);
	assert_int_equal(parts, 1);
	assert_int_equal(modem_gammu.send(md, "+6281300000001", big, &parts, err,
	    sizeof(err)), 0);
	assert_int_equal(parts, 3);
	modem_gammu.destroy(md);
}

static int
wait_fd(int fd, int ms)
{
	uint64_t v;
	int waited;

	for (waited = 0; waited < ms; waited += 20) {
		if (read(fd, &v, sizeof(v)) > 0)
			return 0;
		usleep(20000);
	}
	return -1;
}

static void
test_worker_acks_then_deletes(void **state)
{
	struct modem_settings s;
	struct modem_worker *w;
	struct modem_sms *v = NULL;
	struct modem_result r;
	char phone[128], err[256], file[300];
	int fds[2], i;
	size_t n = 0;

	(void)state;
	snprintf(phone, sizeof(phone), "%s/wphone", dir);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(dummy_inject(phone, "+6281300000001", "SALDO 1234",
	    time(NULL), err, sizeof(err)), 0);
	settings(&s, "dummy", "none", phone);
	assert_non_null(w = modem_worker_start(&modem_gammu, &s, fds[1]));
	for (i = 0; i < 100 && n == 0; i++) {
		wait_fd(fds[0], 100);
		n = modem_worker_take_received(w, &v);
	}
	assert_int_equal(n, 1);
	assert_string_equal(v[0].text, "SALDO 1234");
	/* Not acked yet: still on the phone. */
	snprintf(file, sizeof(file), "%s/sms/1/1", phone);
	assert_int_equal(access(file, F_OK), 0);
	modem_worker_ack(w, v, n);
	for (i = 0; i < 100 && access(file, F_OK) == 0; i++)
		usleep(20000);
	assert_int_equal(access(file, F_OK), -1);

	assert_int_equal(modem_worker_submit(w, 42, "+6281300000001", "Halo"), 0);
	for (i = 0, n = 0; i < 100 && n == 0; i++) {
		wait_fd(fds[0], 100);
		n = modem_worker_take_results(w, &r, 1);
	}
	assert_int_equal(n, 1);
	assert_int_equal(r.id, 42);
	assert_true(r.ok);
	assert_int_equal(r.parts, 1);
	modem_worker_stop(w);
	close(fds[0]);
	close(fds[1]);
}

/* The AT emulator in a child process. */
static pid_t
atemu_start_sim(const char *link, const char *inbox, const char *sent,
    const char *flag, const char *sim)
{
	const char *tools = getenv("KOPDES_TOOLS");
	char path[512];
	pid_t pid;
	int i;

	if (tools == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/atemu", tools);
	mkdir(inbox, 0755);
	if ((pid = fork()) == 0) {
		if (sim != NULL)
			execl(path, "atemu", "--link", link, "--inbox", inbox, "--sent",
			    sent, "--hang-flag", flag, "--sim", sim, (char *)NULL);
		else
			execl(path, "atemu", "--link", link, "--inbox", inbox, "--sent",
			    sent, "--hang-flag", flag, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100 && access(link, F_OK) == -1; i++)
		usleep(20000);
	return pid;
}

static pid_t
atemu_start(const char *link, const char *inbox, const char *sent,
    const char *flag)
{
	return atemu_start_sim(link, inbox, sent, flag, NULL);
}

static void
atemu_stop(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

static void
drop(const char *inbox, const char *name, const char *from, const char *text)
{
	char path[512], tmp[520];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", inbox, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s", inbox, name);
	assert_non_null(fp = fopen(tmp, "w"));
	fprintf(fp, "%s\t%s\n", from, text);
	fclose(fp);
	assert_int_equal(rename(tmp, path), 0);
}

static char *
slurp(const char *path)
{
	static char buf[8192];
	FILE *fp;
	size_t n;

	buf[0] = '\0';
	if ((fp = fopen(path, "r")) == NULL)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
test_at_driver_reads_and_sends_pdus(void **state)
{
	struct modem_settings s;
	struct modem_sms *v;
	const struct modem_sms *m;
	struct modem *md;
	char link[128], inbox[128], sent[128], flag[128], err[256], longtext[300];
	size_t n;
	int parts;
	pid_t pid;

	(void)state;
	snprintf(link, sizeof(link), "%s/modem", dir);
	snprintf(inbox, sizeof(inbox), "%s/at-in", dir);
	snprintf(sent, sizeof(sent), "%s/at-sent", dir);
	snprintf(flag, sizeof(flag), "%s/hang", dir);
	if ((pid = atemu_start(link, inbox, sent, flag)) == -1) {
		skip();
		return;
	}
	drop(inbox, "a", "+6281300000001", "SALDO 1234");
	snprintf(longtext, sizeof(longtext), "%s", "Harga cabé naik? 🙏 "
	    "Mohon info harga terbaru untuk cabai merah keriting dan bawang"
	    " merah di koperasi minggu ini, terima kasih banyak ya Bu.");
	drop(inbox, "b", "+6281300000002", longtext);
	usleep(500000);

	settings(&s, "", "at", link);
	assert_non_null(md = modem_gammu.create(&s, err, sizeof(err)));
	assert_int_equal(modem_gammu.open(md, err, sizeof(err)), 0);
	assert_int_equal(modem_gammu.read(md, &v, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_non_null(m = find_from(v, n, "+6281300000001"));
	assert_string_equal(m->text, "SALDO 1234");
	assert_non_null(m = find_from(v, n, "+6281300000002"));
	assert_string_equal(m->text, longtext);
	assert_int_equal(m->parts, 3);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(modem_gammu.remove(md, &v[i]), 0);
	modem_sms_free(v, n);
	assert_int_equal(modem_gammu.read(md, &v, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 0);
	modem_sms_free(v, n);

	/* GSM 7-bit with extension characters, then a text that needs UCS-2. */
	assert_int_equal(modem_gammu.send(md, "+6281300000009",
	    "Saldo Rp1.250.000 {ok} [x] ~ ^ | \\ €", &parts, err, sizeof(err)), 0);
	assert_int_equal(parts, 1);
	assert_int_equal(modem_gammu.send(md, "+6281300000009",
	    "Terima kasih 🙏", &parts, err, sizeof(err)), 0);
	assert_int_equal(parts, 1);
	assert_string_equal(slurp(sent),
	    "+6281300000009\t1/1\t0\tgsm7\tSaldo Rp1.250.000 {ok} [x] ~ ^ | \\ €\n"
	    "+6281300000009\t1/1\t0\tucs2\tTerima kasih 🙏\n");
	modem_gammu.destroy(md);
	atemu_stop(pid);
}

static void
test_hung_modem_is_aborted_and_recovers(void **state)
{
	struct modem_settings s;
	struct modem_worker *w;
	struct modem_result r;
	struct modem_status st;
	char link[128], inbox[128], sent[128], flag[128];
	int fds[2], i;
	size_t n = 0;
	time_t t0;
	pid_t pid;
	FILE *fp;

	(void)state;
	snprintf(link, sizeof(link), "%s/hmodem", dir);
	snprintf(inbox, sizeof(inbox), "%s/h-in", dir);
	snprintf(sent, sizeof(sent), "%s/h-sent", dir);
	snprintf(flag, sizeof(flag), "%s/h-hang", dir);
	if ((pid = atemu_start(link, inbox, sent, flag)) == -1) {
		skip();
		return;
	}
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	settings(&s, "", "at", link);
	s.timeout_seconds = 3;
	s.poll_ms = 60000;
	assert_non_null(w = modem_worker_start(&modem_gammu, &s, fds[1]));
	for (i = 0; i < 300; i++) {
		modem_worker_status(w, &st);
		if (st.connected)
			break;
		usleep(50000);
	}
	assert_true(st.connected);

	/* The modem stops answering in the middle of a send. */
	assert_non_null(fp = fopen(flag, "w"));
	fclose(fp);
	t0 = time(NULL);
	assert_int_equal(modem_worker_submit(w, 7, "+6281300000001", "Halo"), 0);
	for (i = 0; i < 600 && n == 0; i++) {
		wait_fd(fds[0], 50);
		n = modem_worker_take_results(w, &r, 1);
	}
	assert_int_equal(n, 1);
	assert_int_equal(r.id, 7);
	assert_false(r.ok);
	/* Aborted near the timeout, not after Gammu's own minutes. */
	assert_true(time(NULL) - t0 <= 10);
	modem_worker_status(w, &st);
	assert_true(st.errors >= 1);

	/* It answers again: a fresh connection sends. */
	unlink(flag);
	for (i = 0; i < 600; i++) {
		if (modem_worker_submit(w, 8, "+6281300000001", "Halo lagi") == 0)
			break;
		usleep(50000);
	}
	for (i = 0, n = 0; i < 600 && n == 0; i++) {
		wait_fd(fds[0], 50);
		n = modem_worker_take_results(w, &r, 1);
	}
	assert_int_equal(n, 1);
	assert_int_equal(r.id, 8);
	assert_true(r.ok);
	assert_non_null(strstr(slurp(sent), "Halo lagi"));
	modem_worker_stop(w);
	atemu_stop(pid);
	close(fds[0]);
	close(fds[1]);
}

/* What the modem layer logged, for counting its lines; the worker's thread writes it. */
static char modem_lines[16384];
static pthread_mutex_t modem_lines_mu = PTHREAD_MUTEX_INITIALIZER;

static void
log_keep(const char *line)
{
	size_t n;

	pthread_mutex_lock(&modem_lines_mu);
	n = strlen(modem_lines);
	snprintf(modem_lines + n, sizeof(modem_lines) - n, "%s\n", line);
	pthread_mutex_unlock(&modem_lines_mu);
}

static int
log_count(const char *needle)
{
	const char *p;
	int n = 0;

	pthread_mutex_lock(&modem_lines_mu);
	for (p = modem_lines; (p = strstr(p, needle)) != NULL; p++)
		n++;
	pthread_mutex_unlock(&modem_lines_mu);
	return n;
}

/* A file atemu takes into its SIM; waits until it has, so slots follow the order. */
static void
drop_taken(const char *inbox, const char *name, const char *from,
    const char *text)
{
	char path[512];
	int i;

	drop(inbox, name, from, text);
	snprintf(path, sizeof(path), "%s/%s", inbox, name);
	for (i = 0; i < 200 && access(path, F_OK) == 0; i++)
		usleep(20000);
	assert_int_equal(access(path, F_OK), -1);
}

/*
 * What real modems hand over besides text: PDUs libGammu cannot decode
 * (user data cut short, an odd number of hex digits, a line broken in
 * two, which also cuts the modem's list short) and PDUs it decodes that
 * are no SMS for a person (a delivery report, an SMS-SUBMIT kept in the
 * inbox, a WAP push).  They sit in SIM slots 1-6, ahead of two good SMS;
 * the good ones must be read and a send must go through meanwhile, and
 * the SIM must end up empty, so that it can receive again.
 */
static void
test_at_unreadable_pdus_are_stepped_past(void **state)
{
	struct modem_settings s;
	struct modem_worker *w;
	struct modem_sms *v = NULL, got[2];
	struct modem_status st;
	struct modem_result r;
	char link[128], inbox[128], sent[128], flag[128], sim[128], hex[800];
	uint32_t u[80];
	time_t now = time(NULL);
	size_t n, total = 0, results = 0, i;
	int fds[2], k, len;
	pid_t pid;

	(void)state;
	snprintf(link, sizeof(link), "%s/bmodem", dir);
	snprintf(inbox, sizeof(inbox), "%s/b-in", dir);
	snprintf(sent, sizeof(sent), "%s/b-sent", dir);
	snprintf(flag, sizeof(flag), "%s/b-hang", dir);
	snprintf(sim, sizeof(sim), "%s/b-sim", dir);
	if ((pid = atemu_start_sim(link, inbox, sent, flag, sim)) == -1) {
		skip();
		return;
	}
	/* 1: a DELIVER whose user data stops short of its stated length. */
	len = utf8_decode("HARGA BERAS dan minyak goreng hari ini", u, 80);
	pdu_deliver("+6281300000007", u, len, 0, 0, 1, 1, now, hex);
	hex[strlen(hex) - 8] = '\0';
	drop_taken(inbox, "bad1", "PDU", hex);
	/* 2: an SMS-SUBMIT the phone stored among received messages. */
	pdu_submit_stored("+6281300000007", "SALDO 1234", hex);
	drop_taken(inbox, "bad2", "PDU", hex);
	/* 3: a delivery report. */
	pdu_status_report("+6281300000007", 9, now, hex);
	drop_taken(inbox, "bad3", "PDU", hex);
	/* 4: a WAP push: 8-bit data to a port. */
	pdu_wap_push("+6281300000007", now, hex);
	drop_taken(inbox, "bad4", "PDU", hex);
	/* 5: a hex line with one digit missing. */
	len = utf8_decode("SALDO 1234", u, 80);
	pdu_deliver("+6281300000007", u, len, 0, 0, 1, 1, now, hex);
	hex[strlen(hex) - 1] = '\0';
	drop_taken(inbox, "bad5", "PDU", hex);
	/* 6: a PDU the modem wraps onto two lines ('/' to the emulator). */
	pdu_deliver("+6281300000007", u, len, 0, 0, 1, 1, now, hex);
	memmove(hex + 21, hex + 20, strlen(hex + 20) + 1);
	hex[20] = '/';
	drop_taken(inbox, "bad6", "PDU", hex);
	drop_taken(inbox, "good1", "+6281300000001", "SALDO 1234");
	drop_taken(inbox, "good2", "+6281300000002", "HARGA BERAS");

	modem_lines[0] = '\0';
	log_capture(log_keep);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	settings(&s, "", "at", link);
	assert_non_null(w = modem_worker_start(&modem_gammu, &s, fds[1]));
	for (k = 0; k < 600 && modem_worker_submit(w, 11, "+6281300000001",
	    "Saldo Anda Rp1.250.000") == -1; k++)
		usleep(20000);
	assert_true(k < 600);

	/* Both good SMS arrive and the reply leaves, all in seconds. */
	for (k = 0; k < 600 && (total < 2 || results < 1); k++) {
		wait_fd(fds[0], 50);
		if ((n = modem_worker_take_received(w, &v)) > 0) {
			for (i = 0; i < n && total < 2; i++) {
				snprintf(got[total].sender, sizeof(got[total].sender), "%s",
				    v[i].sender);
				got[total].text = strdup(v[i].text);
				total++;
			}
			modem_worker_ack(w, v, n);
		}
		results += modem_worker_take_results(w, &r, 1);
	}
	assert_int_equal(total, 2);
	assert_non_null(find_from(got, 2, "+6281300000001"));
	assert_string_equal(find_from(got, 2, "+6281300000001")->text, "SALDO 1234");
	assert_non_null(find_from(got, 2, "+6281300000002"));
	assert_string_equal(find_from(got, 2, "+6281300000002")->text, "HARGA BERAS");
	free(got[0].text);
	free(got[1].text);
	assert_int_equal(results, 1);
	assert_int_equal(r.id, 11);
	assert_true(r.ok);
	assert_non_null(strstr(slurp(sent), "Saldo Anda Rp1.250.000"));

	/* The SIM empties: the bad six are deleted, the good two once acked. */
	for (k = 0; k < 600 && slurp(sim)[0] != '\0'; k++)
		usleep(20000);
	assert_string_equal(slurp(sim), "");
	for (k = 0; k < 100; k++) {
		modem_worker_status(w, &st);
		if (st.discarded == 6)
			break;
		usleep(20000);
	}
	assert_int_equal(st.discarded, 6);
	assert_true(st.connected);
	/* Each undecodable one is logged once by its index, not at every poll. */
	assert_int_equal(log_count("SIM location 1 cannot be read"), 1);
	assert_int_equal(log_count("SIM location 5 cannot be read"), 1);
	assert_int_equal(log_count("SIM location 6 cannot be read"), 1);
	/* Nothing more arrives: no SMS was made from the six. */
	assert_int_equal(modem_worker_take_received(w, &v), 0);
	/* The connection is as sound as before: another send goes out. */
	assert_int_equal(modem_worker_submit(w, 12, "+6281300000002",
	    "Harga beras Rp12.500/kg"), 0);
	for (k = 0, n = 0; k < 600 && n == 0; k++) {
		wait_fd(fds[0], 50);
		n = modem_worker_take_results(w, &r, 1);
	}
	assert_int_equal(n, 1);
	assert_int_equal(r.id, 12);
	assert_true(r.ok);
	assert_non_null(strstr(slurp(sent), "Harga beras Rp12.500/kg"));
	modem_worker_stop(w);
	log_capture(NULL);
	atemu_stop(pid);
	close(fds[0]);
	close(fds[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dummy_read_join_quarantine_send),
		cmocka_unit_test(test_worker_acks_then_deletes),
		cmocka_unit_test(test_at_driver_reads_and_sends_pdus),
		cmocka_unit_test(test_hung_modem_is_aborted_and_recovers),
		cmocka_unit_test(test_at_unreadable_pdus_are_stepped_past),
	};

	modem_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
