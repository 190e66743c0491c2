/*
 * kopdesctl member ...: registering members (one by one or from a CSV the
 * board keeps), listing them, unlocking a PIN and setting a new one.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/ctl.h"

#define CSV_FIELDS 16

/* A member number the parser will recognise: A017, KSR1. */
static int
number_valid(const char *s)
{
	size_t i = 0, d;

	while (isalpha((unsigned char)s[i]) && i < 3)
		i++;
	for (d = 0; isdigit((unsigned char)s[i + d]); d++)
		;
	return i >= 1 && d >= 1 && d <= 6 && s[i + d] == '\0';
}

/* Checks and registers one member; *why says what was wrong. */
static int
member_register(struct ctl *c, const char *phone, const char *name,
    const char *role, const char *pin, const char *id, const char **extra,
    struct member *m, char *why, size_t whylen)
{
	struct member other;
	struct hctx ctx;
	enum role r = ROLE_ANGGOTA;
	int rc;

	memset(m, 0, sizeof(*m));
	if (phone == NULL || phone_normalize(phone, m->phone, sizeof(m->phone)) == -1)
		return snprintf(why, whylen, "\"%s\" bukan nomor telepon",
		    phone ? phone : ""), -1;
	if (name == NULL || name[0] == '\0' || strlen(name) >= sizeof(m->name))
		return snprintf(why, whylen, "nama 1 sampai %zu karakter"
		    " diperlukan", sizeof(m->name) - 1), -1;
	if (role != NULL && role[0] != '\0' && role_parse(role, &r) == -1)
		return snprintf(why, whylen, "peran harus anggota, kasir, bendahara,"
		    " ketua atau pengawas"), -1;
	if (pin != NULL && pin[0] != '\0' && !pin_wellformed(pin))
		return snprintf(why, whylen, "PIN adalah 4 sampai 6 angka"), -1;
	if (!ctl_member_fields_ok(extra[0], extra[1], extra[2], why, whylen))
		return -1;
	if (id != NULL && id[0] != '\0' && !number_valid(id))
		return snprintf(why, whylen, "nomor anggota \"%s\" harus 1-3"
		    " huruf dan 1-6 angka, seperti A017", id), -1;
	/* One who left keeps her number until an officer edits it away. */
	if ((rc = member_any(&c->db, m->phone, &other)) != 0)
		return rc == -1 ? -1 : (snprintf(why, whylen, "%s sudah"
		    " terdaftar untuk %s", m->phone, other.number), -1);
	if (id != NULL && id[0] != '\0') {
		if ((rc = member_any(&c->db, id, &other)) != 0)
			return rc == -1 ? -1 : (snprintf(why, whylen,
			    "nomor anggota %s sudah dipakai", other.number), -1);
		snprintf(m->number, sizeof(m->number), "%s", id);
	}
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->role = r;
	/* Her number and how to ask for her balance, in her first SMS. */
	ctl_hctx(c, &ctx);
	if (member_insert(&c->db, m) == -1 ||
	    (pin != NULL && pin[0] != '\0' && pin_set(&c->db, &c->key, m->id, pin) == -1) ||
	    audit_add(&c->db, m->id, 0, "member_add", role_name(r), c->now) == -1)
		return snprintf(why, whylen, "kesalahan basis data"), -1;
	if (ctl_member_fields(c, m->id, extra[0], extra[1], extra[2], 1) == -1 ||
	    member_by_id(&c->db, m->id, m) != 1 || tell_welcome(&ctx, m) == -1)
		return snprintf(why, whylen, "kesalahan basis data"), -1;
	return 0;
}

int
ctl_member_add(struct ctl *c, int argc, char **argv)
{
	char used[24] = { 0 }, why[256];
	const char *phone, *name, *role, *pin, *id, *extra[3];
	struct member m;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	phone = ctl_opt(argc, argv, "--phone", used);
	name = ctl_opt(argc, argv, "--name", used);
	role = ctl_opt(argc, argv, "--role", used);
	pin = ctl_opt(argc, argv, "--pin", used);
	id = ctl_opt(argc, argv, "--id", used);
	extra[0] = ctl_opt(argc, argv, "--nik", used);
	extra[1] = ctl_opt(argc, argv, "--address", used);
	extra[2] = ctl_opt(argc, argv, "--joined", used);
	if (!ctl_all_used(argc, used))
		return CTL_USAGE;
	if (phone == NULL || name == NULL)
		return CTL_USAGE;
	if (db_begin(&c->db) == -1)
		return ctl_refuse("basis data sibuk");
	why[0] = '\0';
	if (member_register(c, phone, name, role, pin, id, extra, &m, why,
	    sizeof(why)) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("%s", why[0] ? why : "kesalahan basis data");
	}
	if (db_commit(&c->db) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("kesalahan basis data");
	}
	printf("%s\n", m.number);
	return CTL_OK;
}

struct listing {
	struct ctl	*c;
	int		 csv;
	struct table	 t;
	int64_t		 active, pokok, wajib, sukarela;
};

static void
csv_field(const char *s, int last)
{
	if (strpbrk(s, ",\"\n") != NULL) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	} else
		fputs(s, stdout);
	putchar(last ? '\n' : ',');
}

static int
list_one(const struct member *m, void *arg)
{
	struct listing *l = arg;
	struct member_extra x;
	int64_t pokok, wajib, sukarela;
	char a[32], b[32], d[32], e[32], state[24];

	if (member_savings(&l->c->db, m->id, &pokok, &wajib, &sukarela) == -1)
		return -1;
	if (l->csv) {
		csv_field(m->number, 0);
		csv_field(m->phone, 0);
		csv_field(m->name, 0);
		csv_field(role_name(m->role), 0);
		printf("%d,%lld,%lld,%lld\n", m->locked, (long long)pokok,
		    (long long)wajib, (long long)sukarela);
		return 0;
	}
	if (member_extra_get(&l->c->db, m->id, &x) != 1)
		return -1;
	if (x.left_on[0] == '\0')
		l->active++;
	l->pokok += pokok;
	l->wajib += wajib;
	l->sukarela += sukarela;
	snprintf(state, sizeof(state), "%s%s", x.left_on[0] ? "keluar " :
	    m->locked ? "PIN TERKUNCI" : "aktif", x.left_on);
	return table_row(&l->t, m->number, m->phone, m->name, role_name(m->role),
	    state, fmt_rp(pokok, a, sizeof(a)), fmt_rp(wajib, b, sizeof(b)),
	    fmt_rp(sukarela, d, sizeof(d)), fmt_rp(pokok + wajib + sukarela, e,
	    sizeof(e)));
}

int
ctl_member_list(struct ctl *c, int argc, char **argv)
{
	struct listing l;
	char n[32], a[32], b[32], d[32], e[32];
	int rc;

	memset(&l, 0, sizeof(l));
	l.c = c;
	if (ctl_csv_only(argc, argv, &l.csv) != CTL_OK)
		return CTL_USAGE;
	if (l.csv)
		printf("number,phone,name,role,locked,pokok,wajib,sukarela\n");
	else
		table_init(&l.t, 0, "No|Telepon|Nama|Peran|Status|>Pokok|>Wajib"
		    "|>Sukarela|>Total");
	rc = member_foreach(&c->db, list_one, &l);
	if (!l.csv) {
		snprintf(n, sizeof(n), "%lld aktif", (long long)l.active);
		table_total(&l.t, "Jumlah", n, "", "", "", fmt_rp(l.pokok, a,
		    sizeof(a)), fmt_rp(l.wajib, b, sizeof(b)), fmt_rp(l.sukarela,
		    d, sizeof(d)), fmt_rp(l.pokok + l.wajib + l.sukarela, e,
		    sizeof(e)));
		if (rc == 0)
			table_print(&l.t, stdout);
		table_free(&l.t);
	}
	return rc == -1 ? ctl_refuse("kesalahan basis data") : CTL_OK;
}

/* Splits one CSV line in place; quotes may hold commas and doubled quotes. */
static int
csv_split(char *line, char **f, int max)
{
	char *r = line, *w;
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = w = r;
		if (*r == '"') {
			for (r++; *r; r++) {
				if (*r == '"' && r[1] == '"')
					*w++ = *r++;
				else if (*r == '"')
					break;
				else
					*w++ = *r;
			}
			if (*r != '"')
				return -1;
			r++;
			if (*r != ',' && *r != '\0')
				return -1;
		} else
			for (; *r && *r != ','; r++)
				*w++ = *r;
		if (*r == '\0') {
			*w = '\0';
			return n;
		}
		*w = '\0';
		r++;
	}
	return -1;
}

static int
column(char **head, int nhead, const char *name)
{
	int i;

	for (i = 0; i < nhead; i++)
		if (strcmp(head[i], name) == 0)
			return i;
	return -1;
}

int
ctl_member_import(struct ctl *c, int argc, char **argv)
{
	char header[1024], line[2048], *head[CSV_FIELDS], *f[CSV_FIELDS], why[256];
	const char *extra[3];
	int nhead, n, lineno = 1, count = 0, cp, cn, cr, cpin, cid, cx[3], k, cl;
	struct member m;
	FILE *fp;

	if (argc != 1)
		return CTL_USAGE;
	if ((fp = fopen(argv[0], "r")) == NULL)
		return ctl_refuse("%s: tidak dapat dibuka", argv[0]);
	if (fgets(header, sizeof(header), fp) == NULL ||
	    (nhead = csv_split(header, head, CSV_FIELDS)) < 2 ||
	    (cp = column(head, nhead, "phone")) == -1 ||
	    (cn = column(head, nhead, "name")) == -1) {
		fclose(fp);
		return ctl_refuse("%s:1: baris judul harus memuat phone dan name"
		    " (boleh juga role, pin, id atau number, nik, address,"
		    " joined_on, left_on)", argv[0]);
	}
	cr = column(head, nhead, "role");
	cpin = column(head, nhead, "pin");
	/* The members export comes back in: its number is the id. */
	if ((cid = column(head, nhead, "id")) == -1)
		cid = column(head, nhead, "number");
	cx[0] = column(head, nhead, "nik");
	cx[1] = column(head, nhead, "address");
	cx[2] = column(head, nhead, "joined_on");
	cl = column(head, nhead, "left_on");
	/* All or nothing: one bad line and the file is refused whole. */
	if (db_begin(&c->db) == -1) {
		fclose(fp);
		return ctl_refuse("basis data sibuk");
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		why[0] = '\0';
		if ((n = csv_split(line, f, CSV_FIELDS)) != nhead) {
			snprintf(why, sizeof(why), "%d kolom, baris judul punya %d",
			    n < 0 ? 0 : n, nhead);
			goto bad;
		}
		for (k = 0; k < 3; k++)
			extra[k] = cx[k] >= 0 ? f[cx[k]] : NULL;
		if (member_register(c, f[cp], f[cn], cr >= 0 ? f[cr] : NULL,
		    cpin >= 0 ? f[cpin] : NULL, cid >= 0 ? f[cid] : NULL, extra, &m,
		    why, sizeof(why)) == -1)
			goto bad;
		/* A member who left comes back as one who left, history apart. */
		if (cl >= 0 && f[cl][0] != '\0') {
			time_t t;

			if (ctl_day_start(f[cl], &t) == -1) {
				snprintf(why, sizeof(why), "left_on \"%s\" harus"
				    " YYYY-MM-DD", f[cl]);
				goto bad;
			}
			if (member_set_left(&c->db, m.id, f[cl]) == -1)
				goto bad;
		}
		count++;
	}
	fclose(fp);
	if (db_commit(&c->db) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("kesalahan basis data");
	}
	printf("%d anggota diimpor\n", count);
	return CTL_OK;
bad:
	fclose(fp);
	db_rollback(&c->db);
	return ctl_refuse("%s:%d: %s; tidak ada yang diimpor", argv[0], lineno,
	    why[0] ? why : "kesalahan basis data");
}

static int
member_find(struct ctl *c, const char *ref, struct member *m)
{
	char e164[24];

	if (phone_normalize(ref, e164, sizeof(e164)) == 0)
		return member_by_phone(&c->db, e164, m);
	return member_by_number(&c->db, ref, m);
}

int
ctl_member_unlock(struct ctl *c, int argc, char **argv)
{
	struct member m;
	struct hctx ctx;
	int rc;

	if (argc != 1)
		return CTL_USAGE;
	if ((rc = member_find(c, argv[0], &m)) != 1)
		return ctl_refuse("tidak ada anggota %s", argv[0]);
	if (db_begin(&c->db) == -1)
		return ctl_refuse("basis data sibuk");
	ctl_hctx(c, &ctx);
	if (member_set_tries(&c->db, m.id, 0, 0) == -1 ||
	    audit_add(&c->db, m.id, 0, "pin_dibuka", "kopdesctl", c->now) == -1 ||
	    tell_pin_unlocked(&ctx, &m) == -1 || db_commit(&c->db) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("kesalahan basis data");
	}
	printf("%s %s: PIN dibuka\n", m.number, m.name);
	return CTL_OK;
}

int
ctl_member_pin_reset(struct ctl *c, int argc, char **argv)
{
	char used[4] = { 0 };
	const char *pin;
	struct member m;
	struct hctx ctx;

	if (argc != 3 || (pin = ctl_opt(argc, argv, "--pin", used)) == NULL)
		return CTL_USAGE;
	if (!pin_wellformed(pin))
		return ctl_refuse("PIN adalah 4 sampai 6 angka");
	if (member_find(c, argv[used[0] ? 2 : 0], &m) != 1)
		return ctl_refuse("tidak ada anggota %s", argv[used[0] ? 2 : 0]);
	if (db_begin(&c->db) == -1)
		return ctl_refuse("basis data sibuk");
	ctl_hctx(c, &ctx);
	if (pin_set(&c->db, &c->key, m.id, pin) == -1 ||
	    audit_add(&c->db, m.id, 0, "pin_diganti", "kopdesctl", c->now) == -1 ||
	    tell_pin_reset(&ctx, &m) == -1 || db_commit(&c->db) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("kesalahan basis data");
	}
	printf("%s %s: PIN baru dipasang\n", m.number, m.name);
	return CTL_OK;
}
