/*
 * Members, roles and prices held in memory between batches must never
 * answer with what the file no longer says: kopdesctl changes them
 * through its own connection while the daemon runs, and the daemon's own
 * writes (a wrong PIN counted) change them too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gateway/ussd.h"
#include "tests/support/support.h"

#define SITI		"+6281300000001"
#define RINA		"+6281300000002"
#define KASIR		"+6281100000001"
#define BENDAHARA	"+6281100000002"
#define BENDAHARA_NEW	"+6281100000009"
#define SHOPPER		"+6285700000001"

struct state {
	struct fixture	*f;
	struct db	 ctl;	/* kopdesctl's connection to the same file */
	int		 nsms;
	struct {
		char	 phone[24];
		char	 text[400];
	}		 sms[8];
};

static int
setup(void **arg)
{
	struct state *s = calloc(1, sizeof(*s));
	struct fixture *f = fixture_open();

	s->f = f;
	fixture_member(f, "A017", SITI, "Siti Aminah", "anggota", "2580");
	fixture_member(f, "A018", RINA, "Rina Wati", "anggota", "1357");
	fixture_member(f, "K001", KASIR, "Agus Salim", "kasir", "5303");
	fixture_member(f, "B001", BENDAHARA, "Dewi Lestari", "bendahara", "7788");
	assert_int_equal(price_set(&f->db, "Gula Pasir", 17500, "kg", 0, f->now), 0);
	assert_int_equal(db_open(&s->ctl, f->dbpath), 0);
	*arg = s;
	return 0;
}

static int
teardown(void **arg)
{
	struct state *s = *arg;

	db_close(&s->ctl);
	fixture_close(s->f);
	free(s);
	return 0;
}

static int
collect(struct outbox_msg *m, void *arg)
{
	struct state *s = arg;

	if (s->nsms < 8) {
		snprintf(s->sms[s->nsms].phone, sizeof(s->sms[0].phone), "%s",
		    m->phone);
		snprintf(s->sms[s->nsms].text, sizeof(s->sms[0].text), "%s",
		    m->text);
		s->nsms++;
	}
	return 0;
}

/* One SMS the way the daemon takes it: stored, then a batch of its own. */
static void
batch(struct state *s, const char *from, const char *text)
{
	static time_t smsc;
	struct received_sms r;
	char copy[160];

	memset(&r, 0, sizeof(r));
	r.modem = "gsm1";
	r.sender = from;
	r.smsc_time = s->f->now + ++smsc;
	snprintf(copy, sizeof(copy), "%s", text);
	r.text = copy;
	assert_int_equal(pipeline_store(&s->f->db, &s->f->key, &r, 1,
	    s->f->now), 0);
	s->f->env.now = s->f->now;
	assert_int_equal(pipeline_process(&s->f->env, 50), 1);
	s->nsms = 0;
	assert_int_not_equal(outbox_foreach_inbox(&s->f->db, r.inbox_id, collect,
	    s), -1);
}

static const char *
sms_to(struct state *s, const char *phone)
{
	int i;

	for (i = 0; i < s->nsms; i++)
		if (strcmp(s->sms[i].phone, phone) == 0)
			return s->sms[i].text;
	return NULL;
}

static void
ctl_member(struct state *s, const char *number, struct member *m)
{
	assert_int_equal(db_begin(&s->ctl), 0);
	assert_int_equal(member_by_number(&s->ctl, number, m), 1);
}

static void
test_member_who_left_has_no_access(void **arg)
{
	struct state *s = *arg;
	struct member m;

	batch(s, SITI, "SALDO 2580");
	assert_non_null(strstr(sms_to(s, SITI), "Saldo A017 Siti"));
	ctl_member(s, "A017", &m);
	assert_int_equal(member_set_left(&s->ctl, m.id, "2026-11-23"), 0);
	assert_int_equal(db_commit(&s->ctl), 0);

	batch(s, SITI, "SALDO 2580");
	assert_null(strstr(sms_to(s, SITI), "Saldo"));
	assert_non_null(strstr(sms_to(s, SITI), "belum terdaftar"));
}

static void
test_new_role_takes_effect(void **arg)
{
	struct state *s = *arg;
	struct member m;

	batch(s, SITI, "SIMPAN A018 10rb 2580");
	assert_non_null(strstr(sms_to(s, SITI), "hanya untuk kasir/bendahara"));
	ctl_member(s, "A017", &m);
	m.role = ROLE_KASIR;
	assert_int_equal(member_update(&s->ctl, &m), 0);
	assert_int_equal(db_commit(&s->ctl), 0);

	batch(s, SITI, "SIMPAN A018 10rb 2580");
	assert_non_null(strstr(sms_to(s, SITI), "Setoran dicatat: A018 Rina"
	    " Rp10.000"));
	assert_int_equal(fixture_balance(s->f, "A018", "simpanan_sukarela"),
	    10000);
}

static void
test_new_treasurer_phone_is_told(void **arg)
{
	struct state *s = *arg;
	struct member m;

	batch(s, KASIR, "SIMPAN A017 10rb 5303");
	assert_non_null(sms_to(s, BENDAHARA));
	ctl_member(s, "B001", &m);
	snprintf(m.phone, sizeof(m.phone), "%s", BENDAHARA_NEW);
	assert_int_equal(member_update(&s->ctl, &m), 0);
	assert_int_equal(db_commit(&s->ctl), 0);

	batch(s, KASIR, "SIMPAN A017 10rb 5303");
	assert_null(sms_to(s, BENDAHARA));
	assert_non_null(strstr(sms_to(s, BENDAHARA_NEW), "Setoran A017 Siti"
	    " Rp10.000"));
}

static void
test_new_price_is_quoted(void **arg)
{
	struct state *s = *arg;

	batch(s, SHOPPER, "HARGA gula");
	assert_string_equal(sms_to(s, SHOPPER), "Harga Gula Pasir Rp17.500/kg.");
	assert_int_equal(db_begin(&s->ctl), 0);
	assert_int_equal(price_set(&s->ctl, "Gula Pasir", 18000, NULL, 0,
	    s->f->now), 0);
	assert_int_equal(price_alias_set(&s->ctl, "tebu", "Gula Pasir", 0,
	    s->f->now), 0);
	assert_int_equal(db_commit(&s->ctl), 0);

	batch(s, SHOPPER, "HARGA gula");
	assert_string_equal(sms_to(s, SHOPPER), "Harga Gula Pasir Rp18.000/kg.");
	batch(s, SHOPPER, "HARGA tebu");
	assert_string_equal(sms_to(s, SHOPPER), "Harga Gula Pasir Rp18.000/kg.");
}

/* The daemon's own writes: each wrong PIN counts, batch after batch. */
/* A USSD menu hop outside any transaction, as the daemon answers one. */
static void
menu(struct state *s, const char *phone, struct ussd_answer *a)
{
	struct ussd_request rq;
	struct ussd_command *c = NULL;

	memset(&rq, 0, sizeof(rq));
	rq.session_id = "menu";
	rq.phone = phone;
	rq.text = "";
	s->f->env.now = s->f->now;
	assert_int_equal(ussd_hop_start(&s->f->env, &rq, a, &c), USSD_OK);
	assert_null(c);
}

/* The menus between transactions still see what kopdesctl changed. */
static void
test_menu_after_member_left(void **arg)
{
	struct state *s = *arg;
	struct ussd_answer a;
	struct member m;

	batch(s, SITI, "SALDO 2580");
	menu(s, SITI, &a);
	assert_non_null(strstr(a.screen, "1. Saldo"));
	menu(s, SITI, &a);
	assert_non_null(strstr(a.screen, "1. Saldo"));
	ctl_member(s, "A017", &m);
	assert_int_equal(member_set_left(&s->ctl, m.id, "2026-11-23"), 0);
	assert_int_equal(db_commit(&s->ctl), 0);

	menu(s, SITI, &a);
	assert_null(strstr(a.screen, "Saldo"));
	assert_non_null(strstr(a.screen, "1. Harga sembako"));
}

static void
test_wrong_pins_lock(void **arg)
{
	struct state *s = *arg;

	batch(s, SITI, "SALDO 2580");
	batch(s, SITI, "SALDO 1111");
	assert_non_null(strstr(sms_to(s, SITI), "Sisa 2 kali"));
	batch(s, SITI, "SALDO 1111");
	assert_non_null(strstr(sms_to(s, SITI), "Sisa 1 kali"));
	batch(s, SITI, "SALDO 1111");
	assert_non_null(strstr(sms_to(s, SITI), "terkunci"));
	batch(s, SITI, "SALDO 2580");
	assert_non_null(strstr(sms_to(s, SITI), "PIN Anda terkunci"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_member_who_left_has_no_access,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_role_takes_effect, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_new_treasurer_phone_is_told,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_price_is_quoted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wrong_pins_lock, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_menu_after_member_left,
		    setup, teardown),
	};

	log_init(0, LOG_LEVEL_WARNING, "test_cache");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
