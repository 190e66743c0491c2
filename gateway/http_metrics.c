/*
 * GET /metrics in the Prometheus text format: the queues by state and
 * channel, each SMS link's sends and errors, USSD sessions and hops, PIN
 * failures and locks, and how long ago the database last committed (a
 * stuck loop shows as a growing age).  Same secret as every path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gateway/daemon.h"
#include "gateway/http.h"

struct scrape {
	FILE		*f;
	const char	*name;
	const char	*label1;
	const char	*label2;
};

/* Label values come from the config and the database: escape them. */
static void
label_value(FILE *f, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			fputc('\\', f);
		if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
}

static void
family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A family of one sample without labels. */
static void
single(FILE *f, const char *name, const char *type, const char *help,
    long long value)
{
	family(f, name, type, help);
	fprintf(f, "%s %lld\n", name, value);
}

static int
one_count(const char *a, const char *b, int64_t n, void *arg)
{
	struct scrape *s = arg;

	fprintf(s->f, "%s{%s=\"", s->name, s->label1);
	label_value(s->f, a);
	if (s->label2 != NULL) {
		fprintf(s->f, "\",%s=\"", s->label2);
		label_value(s->f, b);
	}
	fprintf(s->f, "\"} %lld\n", (long long)n);
	return 0;
}

static int
one_link(const struct modem_row *r, void *arg)
{
	FILE *f = arg;

	fputs("kopdes_link_sent_total{link=\"", f);
	label_value(f, r->name);
	fprintf(f, "\"} %lld\n", (long long)r->sent);
	fputs("kopdes_link_received_total{link=\"", f);
	label_value(f, r->name);
	fprintf(f, "\"} %lld\n", (long long)r->received);
	fputs("kopdes_link_errors_total{link=\"", f);
	label_value(f, r->name);
	fprintf(f, "\"} %lld\n", (long long)r->errors);
	fputs("kopdes_link_connected{link=\"", f);
	label_value(f, r->name);
	fprintf(f, "\"} %d\n", r->connected ? 1 : 0);
	return 0;
}

static int
scrape(struct daemon *d, FILE *f)
{
	struct scrape s = { f, NULL, "state", "channel" };
	struct db *db = &d->db;
	int64_t locked, failures, locks;

	family(f, "kopdes_inbox_messages", "gauge", "Inbox rows by state and channel.");
	s.name = "kopdes_inbox_messages";
	if (inbox_count_by(db, one_count, &s) == -1)
		return -1;
	family(f, "kopdes_outbox_messages", "gauge", "Outbox rows by state and"
	    " channel (sms: sent by an SMS link; ussd, sim: answered on screen).");
	s.name = "kopdes_outbox_messages";
	if (outbox_count_by(db, one_count, &s) == -1)
		return -1;
	family(f, "kopdes_link_sent_total", "counter", "SMS sent per link.");
	family(f, "kopdes_link_received_total", "counter", "SMS received per link.");
	family(f, "kopdes_link_errors_total", "counter", "Errors per link.");
	family(f, "kopdes_link_connected", "gauge", "1 when the link is up.");
	/* As of the last status save, at most a minute old. */
	if (modem_status_foreach(db, one_link, f) == -1)
		return -1;
	if (d->kannel != NULL) {
		struct kannel_counts kc;

		kannel_counts(d, &kc);
		fprintf(f, "kopdes_link_sent_total{link=\"kannel\"} %llu\n",
		    (unsigned long long)kc.sent);
		fprintf(f, "kopdes_link_errors_total{link=\"kannel\"} %llu\n",
		    (unsigned long long)kc.failed);
		fprintf(f, "kopdes_link_connected{link=\"kannel\"} %d\n", kc.up);
	}
	family(f, "kopdes_outbox_dlr", "gauge", "Outbox rows by Kannel's delivery"
	    " report (diterima, gagal, tertunda, di_smsc, ditolak).");
	s.name = "kopdes_outbox_dlr";
	s.label1 = "dlr";
	s.label2 = NULL;
	if (outbox_dlr_count_by(db, one_count, &s) == -1)
		return -1;
	s.label1 = "state";
	family(f, "kopdes_ussd_sessions", "gauge", "USSD sessions stored, by state.");
	s.name = "kopdes_ussd_sessions";
	s.label2 = NULL;
	if (ussd_session_count_by(db, one_count, &s) == -1)
		return -1;
	single(f, "kopdes_ussd_hops_total", "counter",
	    "USSD hops answered since start.", (long long)d->ussd_hops);
	single(f, "kopdes_ussd_commands_total", "counter",
	    "USSD hops that ran a command since start.",
	    (long long)d->ussd_commands);
	single(f, "kopdes_ussd_command_commits_total", "counter",
	    "Durable commits those commands took; hops that arrive together"
	    " share one.", (long long)d->ussd_commits);
	single(f, "kopdes_http_requests_total", "counter",
	    "HTTP requests since start.", (long long)d->http_requests);
	single(f, "kopdes_http_refused_total", "counter", "HTTP requests refused"
	    " for a wrong or missing secret since start.",
	    (long long)d->http_refused);
	if (member_locked_count(db, &locked) == -1 ||
	    audit_action_count(db, "pin_salah", &failures) == -1 ||
	    audit_action_count(db, "pin_terkunci", &locks) == -1)
		return -1;
	single(f, "kopdes_members_pin_locked", "gauge",
	    "Members whose PIN is locked.", (long long)locked);
	single(f, "kopdes_pin_failures_total", "counter", "Wrong PINs, ever.",
	    (long long)failures);
	single(f, "kopdes_pin_locks_total", "counter", "PIN locks, ever.",
	    (long long)locks);
	single(f, "kopdes_last_commit_age_seconds", "gauge", "Seconds since the"
	    " database last committed; -1 none since start.",
	    db->last_commit == 0 ? -1 : (long long)(time(NULL) - db->last_commit));
	return 0;
}

static void
serve_metrics(struct http_call *call)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (f == NULL) {
		http_answer(call, 503, "text/plain", "no memory\n");
		return;
	}
	rc = scrape(call->d, f);
	fclose(f);
	if (rc == -1)
		http_answer(call, 503, "text/plain", "cannot read the database\n");
	else
		http_answer(call, 200, "text/plain; version=0.0.4", text);
	free(text);
}

const struct http_route http_route_metrics = {
	"/metrics", EVHTTP_REQ_GET, serve_metrics
};
