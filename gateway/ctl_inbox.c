/*
 * kopdesctl inbox list, outbox list, outbox cancel, deposit list: what
 * villagers asked and were told, what is waiting to leave, and deposits
 * announced by SMS whose cash has not been received yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/ctl.h"

/* One SMS text on one table line. */
static const char *
one_line(const char *in, char *out, size_t len)
{
	size_t i;

	snprintf(out, len, "%s", in);
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == '\n' || out[i] == '\r' || out[i] == '\t')
			out[i] = ' ';
	return out;
}

static int
phone_opt(const char *phone, char *e164, size_t len)
{
	if (phone == NULL)
		return 0;
	if (phone_normalize(phone, e164, len) == -1)
		return ctl_refuse("\"%s\" bukan nomor telepon", phone);
	return 0;
}

/* --state, when given, must be one the list knows; refusal says which. */
static int
state_opt(const char *state, const char *const *states, size_t n,
    const char *refusal)
{
	size_t s;

	if (state == NULL)
		return 0;
	for (s = 0; s < n; s++)
		if (strcmp(state, states[s]) == 0)
			return 0;
	return ctl_refuse("%s", refusal);
}

/* The minute a message came or went, in the desk's local time. */
static void
minute_of(time_t when, char *out, size_t len)
{
	struct tm tm;

	localtime_r(&when, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}

static int
last_opt(const char *last, int *n)
{
	char *end;
	long v;

	*n = 0;
	if (last == NULL)
		return 0;
	v = strtol(last, &end, 10);
	if (*end != '\0' || v < 1 || v > 100000)
		return ctl_refuse("--last harus angka 1 sampai 100000");
	*n = (int)v;
	return 0;
}

/* What inbox list and outbox list take: --state --phone --last --csv. */
struct msg_filter {
	char		 used[12];
	const char	*state, *phone, *last;	/* as typed; NULL: not given */
	char		 e164[24];
	int		 n, csv;
};

static int
filter_take(struct msg_filter *f, int argc, char **argv)
{
	memset(f, 0, sizeof(*f));
	if (argc > (int)sizeof(f->used))
		return CTL_USAGE;
	f->state = ctl_opt(argc, argv, "--state", f->used);
	f->phone = ctl_opt(argc, argv, "--phone", f->used);
	f->last = ctl_opt(argc, argv, "--last", f->used);
	f->csv = ctl_has_flag(argc, argv, "--csv", f->used);
	return CTL_OK;
}

/* Nothing else on the line, and values the list can use; phone then E.164. */
static int
filter_check(struct msg_filter *f, int argc, const char *const *states,
    size_t nstates, const char *refusal)
{
	if (!ctl_all_used(argc, f->used))
		return CTL_USAGE;
	if (state_opt(f->state, states, nstates, refusal) != 0 ||
	    phone_opt(f->phone, f->e164, sizeof(f->e164)) != 0 ||
	    last_opt(f->last, &f->n) != 0)
		return CTL_REFUSED;
	if (f->phone != NULL)
		f->phone = f->e164;
	return CTL_OK;
}

/* rc is the listing's; the table's rows are counted as `what`. */
static int
list_print(struct table *t, int rc, const char *what)
{
	if (rc == -1) {
		table_free(t);
		return ctl_refuse("kesalahan basis data");
	}
	table_print(t, stdout);
	if (!t->csv)
		printf("%d %s\n", t->nrows, what);
	table_free(t);
	return CTL_OK;
}

static int
inbox_row_print(const struct inbox_row *r, void *arg)
{
	struct table *t = arg;
	char at[20], text[1024], masked[1024], reply[1024];

	minute_of(r->received_at, at, sizeof(at));
	/* Not handled yet: the text is as typed, so every run is hidden. */
	if (strcmp(r->state, "baru") == 0)
		pin_runs_masked(r->text, masked, sizeof(masked));
	else
		snprintf(masked, sizeof(masked), "%s", r->text);
	return table_row(t, at, r->sender, r->state, r->command,
	    one_line(masked, text, sizeof(text)),
	    one_line(r->reply, reply, sizeof(reply)));
}

int
ctl_inbox_list(struct ctl *c, int argc, char **argv)
{
	static const char *const states[] = { "baru", "selesai", "dibatasi",
	    "diabaikan", "gagal" };
	struct msg_filter f;
	struct table t;
	int rc;

	if ((rc = filter_take(&f, argc, argv)) != CTL_OK ||
	    (rc = filter_check(&f, argc, states, sizeof(states) /
	    sizeof(states[0]), "--state harus baru, selesai, dibatasi,"
	    " diabaikan atau gagal")) != CTL_OK)
		return rc;
	table_init(&t, f.csv, "Diterima|Pengirim|Status|Perintah|Teks|Balasan");
	return list_print(&t, inbox_list(&c->db, f.state, f.phone, f.n,
	    inbox_row_print, &t), "pesan");
}

int
ctl_outbox_cancel(struct ctl *c, int argc, char **argv)
{
	char used[4] = { 0 };
	const char *reason;
	int64_t n;

	if (argc != 2 || (reason = ctl_opt(argc, argv, "--reason", used)) == NULL)
		return CTL_USAGE;
	if (reason[0] == '\0')
		return ctl_refuse("alasan diperlukan: disimpan bersama SMS-nya");
	if (db_begin(&c->db) == -1)
		return ctl_refuse("basis data sibuk");
	if (outbox_cancel_queued(&c->db, reason, &n) == -1 ||
	    audit_add(&c->db, 0, 0, "outbox_batal", reason, c->now) == -1 ||
	    db_commit(&c->db) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("kesalahan basis data");
	}
	printf("%lld SMS dibatalkan\n", (long long)n);
	return CTL_OK;
}

struct waiting {
	struct ctl	*c;
	struct table	 t;
	int64_t		 total;
};

static int
deposit_row(const struct pending_deposit *d, void *arg)
{
	struct waiting *w = arg;
	struct member m;
	char rp[32], day[11], age[24];
	int days;

	if (member_by_id(&w->c->db, d->member_id, &m) != 1)
		return -1;
	date_of(d->created_at, day);
	days = (int)((w->c->now - d->created_at) / 86400);
	if (days > 0)
		snprintf(age, sizeof(age), "%d hari", days);
	else
		snprintf(age, sizeof(age), "%lld jam",
		    (long long)((w->c->now - d->created_at) / 3600));
	w->total += d->amount;
	return table_row(&w->t, d->code, m.number, m.name, m.phone,
	    saving_type_name(d->type), table_rp(&w->t, d->amount, rp, sizeof(rp)),
	    day, age);
}

int
ctl_deposit_list(struct ctl *c, int argc, char **argv)
{
	struct waiting w;
	char rp[32], n[24];
	int csv;

	if (ctl_csv_only(argc, argv, &csv) != CTL_OK)
		return CTL_USAGE;
	memset(&w, 0, sizeof(w));
	w.c = c;
	table_init(&w.t, csv, "Kode|No|Nama|Telepon|Jenis|>Jumlah|Diajukan|>Umur");
	if (deposit_foreach_waiting(&c->db, deposit_row, &w) == -1) {
		table_free(&w.t);
		return ctl_refuse("kesalahan basis data");
	}
	snprintf(n, sizeof(n), "%d menunggu", w.t.nrows);
	table_total(&w.t, "Jumlah", n, "", "", "", fmt_rp(w.total, rp, sizeof(rp)),
	    "", "");
	table_print(&w.t, stdout);
	table_free(&w.t);
	return CTL_OK;
}

static int
count_waiting(const struct pending_deposit *d, void *arg)
{
	int64_t *n = arg;

	n[0]++;
	n[1] += d->amount;
	return 0;
}

int
ctl_deposits_waiting(struct ctl *c, int64_t *n, int64_t *amount)
{
	int64_t acc[2] = { 0, 0 };

	if (deposit_foreach_waiting(&c->db, count_waiting, acc) == -1)
		return -1;
	*n = acc[0];
	*amount = acc[1];
	return 0;
}

static int
outbox_row(struct outbox_msg *m, void *arg)
{
	struct table *t = arg;
	char made[20], sent[20] = "", text[1024], tries[16];

	minute_of(m->created_at, made, sizeof(made));
	if (m->sent_at != 0)
		minute_of(m->sent_at, sent, sizeof(sent));
	return table_row(t, made, m->phone, outbox_state_name(m->state), m->modem,
	    table_int(m->tries, tries, sizeof(tries)), sent, m->last_error,
	    one_line(m->text, text, sizeof(text)));
}

/*
 * outbox list with --last, --phone or --csv is a table of the newest
 * rows; without them it is the long-standing tab-separated listing.
 */
int
ctl_outbox_view(struct ctl *c, int argc, char **argv)
{
	static const char *const states[] = { "antri", "terkirim", "gagal" };
	struct msg_filter f;
	struct table t;
	int rc;

	if ((rc = filter_take(&f, argc, argv)) != CTL_OK)
		return rc;
	if (f.phone == NULL && f.last == NULL && !f.csv)
		return ctl_outbox_list(c, argc, argv);
	if ((rc = filter_check(&f, argc, states, sizeof(states) /
	    sizeof(states[0]), "--state harus antri, terkirim atau gagal")) !=
	    CTL_OK)
		return rc;
	table_init(&t, f.csv, "Dibuat|Telepon|Status|Modem|>Coba|Terkirim"
	    "|Kesalahan|Teks");
	return list_print(&t, outbox_list(&c->db, f.state, f.phone, f.n,
	    outbox_row, &t), "SMS");
}
