/*
 * The config file: SPEC §8's defaults, the shipped sample, and a broken
 * line named by file and line number; and the test clock KOPDES_NOW.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "gateway/gateway.h"

static struct config cfg;
static char path[64], err[CONFIG_ERR_LEN];

static int
load_bytes(const char *text, size_t len)
{
	FILE *fp;
	int fd;

	snprintf(path, sizeof(path), "/tmp/kopdes-conf-XXXXXX");
	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		return -2;
	fwrite(text, 1, len, fp);
	fclose(fp);
	err[0] = '\0';
	fd = config_load(path, &cfg, err, sizeof(err));
	unlink(path);
	return fd;
}

static int
load_text(const char *text)
{
	return load_bytes(text, strlen(text));
}

/* The error must name this file and line, and say what was expected. */
static void
refused_at(const char *text, int line, const char *what)
{
	char want[128];

	assert_int_equal(load_text(text), -1);
	snprintf(want, sizeof(want), "%s:%d: ", path, line);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got \"%s\", expected it to start \"%s\"", err, want);
	if (strstr(err, what) == NULL)
		fail_msg("got \"%s\", expected it to say \"%s\"", err, what);
}

/* SPEC §8's loan, pin and rate_limit defaults. */
static void
assert_spec_rules(const struct rules *ru)
{
	assert_int_equal(ru->loan_rate_bp_month, 150);
	assert_int_equal(ru->loan_min_months, 1);
	assert_int_equal(ru->loan_max_months, 24);
	assert_int_equal(ru->loan_max_multiple, 3);
	assert_int_equal(ru->loan_max_amount, 10000000);
	assert_int_equal(ru->loan_penalty_bp_day, 10);
	assert_int_equal(ru->pin_max_tries, 3);
	assert_int_equal(ru->rate_messages, 10);
	assert_int_equal(ru->rate_per_seconds, 600);
}

static void
test_defaults_are_spec(void **state)
{
	(void)state;
	config_default(&cfg);
	assert_string_equal(cfg.database, "var/kopdes.db");
	assert_string_equal(cfg.pin_key_file, "var/kopdes.key");
	assert_int_equal(cfg.nmodems, 1);
	assert_string_equal(cfg.modems[0].model, "dummy");
	assert_string_equal(cfg.modems[0].device, "var/phone");
	assert_spec_rules(&cfg.rules);
	assert_string_equal(cfg.http_listen, "127.0.0.1");
	assert_int_equal(cfg.http_port, 13080);	/* not Kannel's 13013 */
	assert_int_equal(cfg.ussd_last_input_only, 0);
	assert_int_equal(cfg.ussd_session_seconds, 180);
}

static void
test_http_and_ussd_keys(void **state)
{
	(void)state;
	assert_int_equal(load_text("http = { secret = \"s\"; timeout_seconds = 3; };\n"
	    "ussd = { service_code = \"*384*1234#\"; last_input_only = true;"
	    " session_seconds = 120; };\n"), 0);
	assert_int_equal(cfg.http_timeout_seconds, 3);
	assert_int_equal(cfg.ussd_last_input_only, 1);
	assert_int_equal(cfg.ussd_session_seconds, 120);
	/* BANTUAN shows the code only when the listener can answer it. */
	assert_string_equal(cfg.rules.ussd_code, "*384*1234#");
	assert_int_equal(load_text("ussd = { service_code = \"*384*1234#\"; };\n"), 0);
	assert_string_equal(cfg.rules.ussd_code, "");
	refused_at("ussd = {\n last_input_only = 1; };\n", 2,
	    "ussd.last_input_only must be true or false");
	refused_at("ussd = { sessions = 2; };\n", 1, "unknown key \"ussd.sessions\"");
}

static void
test_kannel_may_replace_modems(void **state)
{
	(void)state;
	assert_int_equal(load_text("modems = ( );\nkannel = { sendsms_url ="
	    " \"http://127.0.0.1:13013/cgi-bin/sendsms\"; username = \"k\";"
	    " password = \"p\"; from = \"1234\"; send_per_second = 20; };\n"), 0);
	assert_int_equal(cfg.nmodems, 0);
	assert_int_equal(cfg.kannel.enabled, 1);
	assert_int_equal(cfg.kannel.send_per_second, 20);
	assert_int_equal(cfg.kannel.max_parts, 8);
	assert_string_equal(cfg.kannel.from, "1234");
	refused_at("\nkannel = { sendsms_url = \"http://h/\"; };\n", 2,
	    "kannel needs username and password");
	refused_at("kannel = { sendsms_url = \"ftp://h/\"; username = \"k\";"
	    " password = \"p\"; };\n", 1, "must be an http:// URL");
}

static void
test_sample_config_loads(void **state)
{
	(void)state;
	assert_int_equal(config_load("etc/kopdes.conf", &cfg, err, sizeof(err)), 0);
	assert_string_equal(cfg.rules.cooperative, "Koperasi Desa Merah Putih");
	assert_string_equal(cfg.database, "var/kopdes.db");
	assert_int_equal(cfg.kol_from_days[0], 1);
	assert_int_equal(cfg.kol_from_days[3], 181);
	/* The demo lives apart from the cooperative's own books. */
	assert_int_equal(config_load("etc/demo.conf", &cfg, err, sizeof(err)), 0);
	assert_string_equal(cfg.rules.cooperative, "Koperasi Desa Merah Putih Contoh");
	assert_string_equal(cfg.database, "var/demo/kopdes.db");
	assert_string_equal(cfg.pin_key_file, "var/demo/kopdes.key");
	assert_string_equal(cfg.modems[0].device, "var/demo/phone");
	assert_int_equal(config_load("etc/kopdes.conf", &cfg, err, sizeof(err)), 0);
	assert_string_equal(cfg.modems[0].name, "modem1");
	assert_string_equal(cfg.modems[0].connection, "none");
	assert_spec_rules(&cfg.rules);
}

static void
test_few_keys_keep_defaults(void **state)
{
	(void)state;
	assert_int_equal(load_text("database = \"/srv/k.db\";\n"
	    "modems = ( { name = \"tsel\"; connection = \"at\";"
	    " device = \"/dev/ttyUSB0\"; send_per_minute = 6; } );\n"
	    "loan = { max_amount = 5000000L; };\n"), 0);
	assert_string_equal(cfg.database, "/srv/k.db");
	assert_string_equal(cfg.modems[0].device, "/dev/ttyUSB0");
	assert_int_equal(cfg.modems[0].send_per_minute, 6);
	assert_int_equal(cfg.rules.loan_max_amount, 5000000);
	assert_int_equal(cfg.rules.loan_rate_bp_month, 150);
	assert_int_equal(cfg.outbox_max_tries, 5);
	assert_int_equal(cfg.rules.alert_per_withdrawal, 1);
	assert_int_equal(cfg.rules.alert_per_repayment, 1);
	assert_int_equal(cfg.rules.alert_per_pin_lock, 1);
	/* Each kind of alert can be left to the daily summary. */
	assert_int_equal(load_text("alerts = { per_withdrawal = false;"
	    " per_repayment = false; per_pin_lock = false; };\n"), 0);
	assert_int_equal(cfg.rules.alert_per_withdrawal, 0);
	assert_int_equal(cfg.rules.alert_per_repayment, 0);
	assert_int_equal(cfg.rules.alert_per_pin_lock, 0);
	assert_int_equal(cfg.rules.alert_per_deposit, 1);
	assert_int_equal(load_text("wajib = { amount = 10000; due_day = 10; };\n"), 0);
	assert_int_equal(cfg.rules.wajib_amount, 10000);
	assert_int_equal(cfg.rules.wajib_due_day, 10);
}

static void
test_broken_lines_are_named(void **state)
{
	char longdev[PATH_MAX + 64], text[PATH_MAX + 200];

	(void)state;
	refused_at("database = \"a.db\";\nloan = { max_months = 24 ;\n", 3, "");
	refused_at("database = \"a.db\";\n\nmodem = ( );\n", 3, "unknown key \"modem\"");
	refused_at("loan = {\n  rate_bp_month = 150;\n  interest = 2;\n};\n", 3,
	    "unknown key \"loan.interest\"");
	refused_at("pin = {\n max_tries = \"three\";\n};\n", 2,
	    "pin.max_tries must be a whole number between 1 and 10");
	refused_at("loan = {\n max_months = 200;\n};\n", 2,
	    "loan.max_months must be between 1 and 120");
	refused_at("\nloan = { min_months = 12;\n max_months = 6; };\n", 2,
	    "min_months must not exceed");
	refused_at("modems = (\n { name = \"a\"; device = \"/dev/x\"; },\n"
	    " { name = \"a\"; device = \"/dev/y\"; }\n);\n", 3, "used twice");
	refused_at("\nmodems = ( );\n", 2, "1 to 16 modems");
	refused_at("modems = (\n { name = \"a\"; model = \"dummy\"; }\n);\n", 2,
	    "needs a device");
	refused_at("alerts = {\n summary_time = \"25:00\";\n};\n", 2, "HH:MM");
	refused_at("log = { level = \"loud\"; };\n", 1, "log.level must be");
	refused_at("modems = (\n { name = \"a\"; driver = \"kannel\";"
	    " device = \"/dev/x\"; }\n);\n", 2, "driver must be \"gammu\"");
	refused_at("wajib = {\n due_day = 31; };\n", 2, "wajib.due_day");
	refused_at("http = {\n\n port = 70000; };\n", 3, "http.port");
	refused_at("kolektibilitas = {\n kurang_lancar = 91;\n diragukan = 60; };\n",
	    1, "diragukan after kurang_lancar");
	refused_at("kolektibilitas = {\n lancar = 0; };\n", 2,
	    "unknown key \"kolektibilitas.lancar\"");
	memset(longdev, 'x', sizeof(longdev) - 1);
	longdev[sizeof(longdev) - 1] = '\0';
	snprintf(text, sizeof(text), "modems = (\n { name = \"a\"; device = \"%.*s\"; }\n);\n",
	    PATH_MAX + 10, longdev);
	refused_at(text, 2, "too long");
	assert_int_equal(config_load("/nonexistent/kopdes.conf", &cfg, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/kopdes.conf: cannot open"));
}

/*
 * Every integer key, as a line 2 of a file, with what it may hold.  Money
 * keys are int64_t rupiah; the others are int.
 */
struct int_key {
	const char	*name;
	const char	*text;		/* one %s: the value, on line 2 */
	long long	 lo, hi;
	size_t		 off;
	int		 wide;		/* int64_t, not int */
};

#define AT(f)	offsetof(struct config, f)
static const struct int_key int_keys[] = {
	{ "loan.rate_bp_month", "loan = {\n rate_bp_month = %s; };\n", 0, 10000,
	  AT(rules.loan_rate_bp_month), 0 },
	{ "loan.min_months", "loan = { max_months = 120;\n min_months = %s; };\n",
	  1, 120, AT(rules.loan_min_months), 0 },
	{ "loan.max_months", "loan = { min_months = 1;\n max_months = %s; };\n",
	  1, 120, AT(rules.loan_max_months), 0 },
	{ "loan.max_multiple_of_savings",
	  "loan = {\n max_multiple_of_savings = %s; };\n", 1, 1000,
	  AT(rules.loan_max_multiple), 0 },
	{ "loan.max_amount", "loan = {\n max_amount = %s; };\n", 1,
	  1000000000000LL, AT(rules.loan_max_amount), 1 },
	{ "loan.penalty_bp_day", "loan = {\n penalty_bp_day = %s; };\n", 0, 10000,
	  AT(rules.loan_penalty_bp_day), 0 },
	{ "loan.reminder_days_before", "loan = {\n reminder_days_before = %s; };\n",
	  0, 60, AT(rules.reminder_days_before), 0 },
	{ "pin.max_tries", "pin = {\n max_tries = %s; };\n", 1, 10,
	  AT(rules.pin_max_tries), 0 },
	{ "rate_limit.messages", "rate_limit = {\n messages = %s; };\n", 1, 100000,
	  AT(rules.rate_messages), 0 },
	{ "rate_limit.per_seconds", "rate_limit = {\n per_seconds = %s; };\n", 1,
	  86400, AT(rules.rate_per_seconds), 0 },
	{ "http.port", "http = {\n port = %s; };\n", 1, 65535, AT(http_port), 0 },
	{ "http.timeout_seconds", "http = {\n timeout_seconds = %s; };\n", 1, 300,
	  AT(http_timeout_seconds), 0 },
	{ "ussd.session_seconds", "ussd = {\n session_seconds = %s; };\n", 10,
	  3600, AT(ussd_session_seconds), 0 },
	{ "kannel.send_per_second", "kannel = { sendsms_url = \"http://h/\";"
	  " username = \"u\"; password = \"p\";\n send_per_second = %s; };\n", 0,
	  100000, AT(kannel.send_per_second), 0 },
	{ "kannel.max_parts", "kannel = { sendsms_url = \"http://h/\";"
	  " username = \"u\"; password = \"p\";\n max_parts = %s; };\n", 1, 255,
	  AT(kannel.max_parts), 0 },
	{ "wajib.amount", "wajib = {\n amount = %s; };\n", 0, 1000000000000LL,
	  AT(rules.wajib_amount), 1 },
	{ "wajib.due_day", "wajib = {\n due_day = %s; };\n", 1, 28,
	  AT(rules.wajib_due_day), 0 },
	{ "backup.keep", "backup = { dir = \"b\";\n keep = %s; };\n", 1, 1000,
	  AT(backup.keep), 0 },
	{ "outbox.max_tries", "outbox = {\n max_tries = %s; };\n", 1, 100,
	  AT(outbox_max_tries), 0 },
	{ "outbox.retry_seconds", "outbox = {\n retry_seconds = %s; };\n", 1, 86400,
	  AT(outbox_retry_seconds), 0 },
	{ "modems[0].send_per_minute", "modems = ( { name = \"a\"; device = \"d\";\n"
	  " send_per_minute = %s; } );\n", 0, 6000, AT(modems[0].send_per_minute), 0 },
	{ "modems[0].timeout_seconds", "modems = ( { name = \"a\"; device = \"d\";\n"
	  " timeout_seconds = %s; } );\n", 1, 3600, AT(modems[0].timeout_seconds), 0 },
	{ "poll_seconds", "\npoll_seconds = %s;\n", 1, 3600, AT(poll_seconds), 0 },
	{ "status_seconds", "\nstatus_seconds = %s;\n", 5, 86400,
	  AT(status_seconds), 0 },
};

static int
load_value(const struct int_key *k, const char *value)
{
	char text[256];

	snprintf(text, sizeof(text), k->text, value);
	return load_text(text);
}

static long long
stored(const struct int_key *k)
{
	const char *p = (const char *)&cfg + k->off;
	int64_t w;
	int i;

	if (k->wide) {
		memcpy(&w, p, sizeof(w));
		return w;
	}
	memcpy(&i, p, sizeof(i));
	return i;
}

static void
accepted(const struct int_key *k, long long v)
{
	char value[32];

	snprintf(value, sizeof(value), "%lld", v);
	if (load_value(k, value) != 0)
		fail_msg("%s = %s refused: %s", k->name, value, err);
	if (stored(k) != v)
		fail_msg("%s = %s read as %lld", k->name, value, stored(k));
}

static void
refused(const struct int_key *k, const char *value, const char *what)
{
	char text[256], want[160];

	snprintf(text, sizeof(text), k->text, value);
	snprintf(want, sizeof(want), "%s must %s between %lld and %lld", k->name,
	    what, k->lo, k->hi);
	refused_at(text, 2, want);
}

static void
refused_ll(const struct int_key *k, long long v)
{
	char value[32];

	snprintf(value, sizeof(value), "%lld", v);
	refused(k, value, "be");
}

static void
test_large_integers_are_not_wrapped(void **state)
{
	(void)state;
	/* 2^32 + 1000000: the limit as written, not Rp1.000.000. */
	assert_int_equal(load_text("loan = {\n max_amount = 4295967296;\n};\n"), 0);
	assert_true(cfg.rules.loan_max_amount == 4295967296LL);
	/* Would pass as 1569325055. */
	refused_at("\nloan = { max_amount = 99999999999999999; };\n", 2,
	    "loan.max_amount must be between 1 and 1000000000000");
	refused_at("loan = {\n max_amount = 99999999999999999999; };\n", 2,
	    "loan.max_amount must be between");
	refused_at("loan = {\n max_amount = -99999999999999999999; };\n", 2,
	    "loan.max_amount must be between");
	refused_at("pin = {\n max_tries = 0x100000003; };\n", 2,
	    "pin.max_tries must be between 1 and 10");
	assert_int_equal(load_text("loan = { max_amount = 1000000000000; };\n"), 0);
	assert_true(cfg.rules.loan_max_amount == 1000000000000LL);
	assert_int_equal(load_text("loan = { max_amount = 25000000L; };\n"), 0);
	assert_int_equal(cfg.rules.loan_max_amount, 25000000);
	assert_int_equal(load_text("http = { port = 0x1F90; };\n"), 0);
	assert_int_equal(cfg.http_port, 8080);
}

static void
test_every_integer_key_has_its_range(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(int_keys) / sizeof(int_keys[0]); i++) {
		const struct int_key *k = &int_keys[i];

		accepted(k, k->lo);
		accepted(k, k->hi);
		refused_ll(k, k->lo - 1);
		refused_ll(k, k->hi + 1);
		refused_ll(k, -1 - k->hi);
		/* Each of these is lo or hi again once cut to 32 bits. */
		if (k->lo + 4294967296LL > k->hi)
			refused_ll(k, k->lo + 4294967296LL);
		else
			accepted(k, k->lo + 4294967296LL);
		refused_ll(k, k->hi + 4294967296LL);
		refused_ll(k, k->lo - 4294967296LL);
		refused(k, "1.5", "be a whole number");
		refused(k, "2e3", "be a whole number");
		refused(k, "\"5\"", "be a whole number");
		refused(k, "true", "be a whole number");
	}
}

static void
test_numbers_in_names_strings_and_comments_stay(void **state)
{
	static const char nul[] = "pin = { max_tries = 3; };\n#\0\n"
	    "loan = { max_months = 999; };\n";
	char want[96];

	(void)state;
	/* A name with digits, a string of digits and comments are not numbers. */
	assert_int_equal(load_text("# 4295967296\n"
	    "cooperative = \"Koperasi 4295967296 /* 7 */\"; // 99\n"
	    "/* 1\n 2 */ modems = ( { name = \"m2\"; device = \"/dev/ttyUSB2\";"
	    " timeout_seconds = 30; } );\n"
	    "loan = { max_amount = 12000000; };\n"), 0);
	assert_string_equal(cfg.rules.cooperative, "Koperasi 4295967296 /* 7 */");
	assert_string_equal(cfg.modems[0].name, "m2");
	assert_string_equal(cfg.modems[0].device, "/dev/ttyUSB2");
	assert_int_equal(cfg.modems[0].timeout_seconds, 30);
	assert_int_equal(cfg.rules.loan_max_amount, 12000000);
	/* A line of the file is still that line after the comments. */
	refused_at("/* a\n b */ # c\nloan = {\n max_amount = 99999999999999999; };\n",
	    4, "loan.max_amount must be between");
	/* Nothing after a NUL byte may go unread. */
	assert_int_equal(load_bytes(nul, sizeof(nul) - 1), -1);
	snprintf(want, sizeof(want), "%s:2: a NUL byte", path);
	assert_true(strncmp(err, want, strlen(want)) == 0);
}

/* Each level names its own; a phone is logged without its middle. */
static void
test_log_level_and_driver(void **state)
{
	char buf[LOG_PHONE_LEN];

	(void)state;
	assert_int_equal(load_text("log = { level = \"warning\"; };\n"
	    "modems = ( { name = \"a\"; driver = \"gammu\"; device = \"/dev/x\"; } );\n"), 0);
	assert_string_equal(cfg.log_level, "warning");
	assert_string_equal(cfg.modems[0].driver, "gammu");
	assert_int_equal(log_level_parse("error"), LOG_LEVEL_ERROR);
	assert_int_equal(log_level_parse("warning"), LOG_LEVEL_WARNING);
	assert_int_equal(log_level_parse("info"), LOG_LEVEL_INFO);
	assert_int_equal(log_level_parse("debug"), LOG_LEVEL_DEBUG);
	assert_int_equal(log_level_parse("warn"), -1);
	assert_string_equal(log_phone("+6281234567890", buf, sizeof(buf)),
	    "+62812\xe2\x80\xa6" "890");
	assert_string_equal(log_phone("3000", buf, sizeof(buf)), "3000");
}

static void
test_clock_can_be_pinned(void **state)
{
	struct tm tm;
	time_t t;

	(void)state;
	setenv("KOPDES_NOW", "1795000000", 1);
	assert_int_equal(clock_now(), 1795000000);
	setenv("KOPDES_NOW", "2026-11-23", 1);
	t = clock_now();
	localtime_r(&t, &tm);
	assert_int_equal(tm.tm_year, 126);
	assert_int_equal(tm.tm_mon, 10);
	assert_int_equal(tm.tm_mday, 23);
	assert_int_equal(tm.tm_hour, 9);
	setenv("KOPDES_NOW", "2026-12-01T17:45", 1);
	t = clock_now();
	localtime_r(&t, &tm);
	assert_int_equal(tm.tm_mday, 1);
	assert_int_equal(tm.tm_hour, 17);
	assert_int_equal(tm.tm_min, 45);
	setenv("KOPDES_NOW", "kemarin", 1);
	assert_int_equal(clock_now(), (time_t)-1);
	unsetenv("KOPDES_NOW");
	assert_true(clock_now() > 1700000000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_are_spec),
		cmocka_unit_test(test_sample_config_loads),
		cmocka_unit_test(test_http_and_ussd_keys),
		cmocka_unit_test(test_kannel_may_replace_modems),
		cmocka_unit_test(test_few_keys_keep_defaults),
		cmocka_unit_test(test_broken_lines_are_named),
		cmocka_unit_test(test_large_integers_are_not_wrapped),
		cmocka_unit_test(test_every_integer_key_has_its_range),
		cmocka_unit_test(test_numbers_in_names_strings_and_comments_stay),
		cmocka_unit_test(test_clock_can_be_pinned),
		cmocka_unit_test(test_log_level_and_driver),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
