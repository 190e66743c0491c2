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
load_text(const char *text)
{
	FILE *fp;
	int fd;

	snprintf(path, sizeof(path), "/tmp/kopdes-conf-XXXXXX");
	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		return -2;
	fputs(text, fp);
	fclose(fp);
	err[0] = '\0';
	fd = config_load(path, &cfg, err, sizeof(err));
	unlink(path);
	return fd;
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
	assert_int_equal(cfg.rules.loan_rate_bp_month, 150);
	assert_int_equal(cfg.rules.loan_min_months, 1);
	assert_int_equal(cfg.rules.loan_max_months, 24);
	assert_int_equal(cfg.rules.loan_max_multiple, 3);
	assert_int_equal(cfg.rules.loan_max_amount, 10000000);
	assert_int_equal(cfg.rules.loan_penalty_bp_day, 10);
	assert_int_equal(cfg.rules.pin_max_tries, 3);
	assert_int_equal(cfg.rules.rate_messages, 10);
	assert_int_equal(cfg.rules.rate_per_seconds, 600);
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
	assert_string_equal(cfg.rules.cooperative, "Koperasi Desa Merah Putih Contoh");
	assert_string_equal(cfg.modems[0].name, "modem1");
	assert_string_equal(cfg.modems[0].connection, "none");
	assert_int_equal(cfg.rules.loan_rate_bp_month, 150);
	assert_int_equal(cfg.rules.loan_max_amount, 10000000);
	assert_int_equal(cfg.rules.pin_max_tries, 3);
	assert_int_equal(cfg.rules.rate_messages, 10);
	assert_int_equal(cfg.rules.rate_per_seconds, 600);
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
	    "pin.max_tries must be a whole number from 1 to 10");
	refused_at("loan = {\n max_months = 200;\n};\n", 2,
	    "loan.max_months must be a whole number from 1 to 120");
	refused_at("\nloan = { min_months = 12;\n max_months = 6; };\n", 2,
	    "min_months must not exceed");
	refused_at("modems = (\n { name = \"a\"; device = \"/dev/x\"; },\n"
	    " { name = \"a\"; device = \"/dev/y\"; }\n);\n", 3, "used twice");
	refused_at("\nmodems = ( );\n", 2, "1 to 16 modems");
	refused_at("modems = (\n { name = \"a\"; model = \"dummy\"; }\n);\n", 2,
	    "needs a device");
	refused_at("alerts = {\n summary_time = \"25:00\";\n};\n", 2, "HH:MM");
	refused_at("log = { level = \"loud\"; };\n", 1, "log.level must be");
	refused_at("http = {\n\n port = 70000; };\n", 3, "http.port");
	memset(longdev, 'x', sizeof(longdev) - 1);
	longdev[sizeof(longdev) - 1] = '\0';
	snprintf(text, sizeof(text), "modems = (\n { name = \"a\"; device = \"%.*s\"; }\n);\n",
	    PATH_MAX + 10, longdev);
	refused_at(text, 2, "too long");
	assert_int_equal(config_load("/nonexistent/kopdes.conf", &cfg, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/kopdes.conf: cannot open"));
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
		cmocka_unit_test(test_clock_can_be_pinned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
