/*
 * kopdesctl member ...: registering members (one by one or from a CSV the
 * board keeps), listing them, unlocking a PIN and setting a new one.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/ctl.h"

#define CSV_FIELDS 8

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
    const char *role, const char *pin, const char *id, struct member *m,
    char *why, size_t whylen)
{
	struct member other;
	struct hctx ctx;
	enum role r = ROLE_ANGGOTA;
	int rc;

	memset(m, 0, sizeof(*m));
	if (phone == NULL || phone_normalize(phone, m->phone, sizeof(m->phone)) == -1)
		return snprintf(why, whylen, "\"%s\" is not a phone number",
		    phone ? phone : ""), -1;
	if (name == NULL || name[0] == '\0' || strlen(name) >= sizeof(m->name))
		return snprintf(why, whylen, "a name of 1 to %zu characters is"
		    " needed", sizeof(m->name) - 1), -1;
	if (role != NULL && role[0] != '\0' && role_parse(role, &r) == -1)
		return snprintf(why, whylen, "role must be anggota, kasir, bendahara,"
		    " ketua or pengawas"), -1;
	if (pin != NULL && pin[0] != '\0' && !pin_wellformed(pin))
		return snprintf(why, whylen, "a PIN is 4 to 6 digits"), -1;
	if (id != NULL && id[0] != '\0' && !number_valid(id))
		return snprintf(why, whylen, "member number \"%s\" must be 1-3"
		    " letters and 1-6 digits, as A017", id), -1;
	if ((rc = member_by_phone(&c->db, m->phone, &other)) != 0)
		return rc == -1 ? -1 : (snprintf(why, whylen, "%s is already"
		    " registered to %s", m->phone, other.number), -1);
	if (id != NULL && id[0] != '\0') {
		if ((rc = member_by_number(&c->db, id, &other)) != 0)
			return rc == -1 ? -1 : (snprintf(why, whylen,
			    "member number %s is taken", other.number), -1);
		snprintf(m->number, sizeof(m->number), "%s", id);
	}
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->role = r;
	/* Her number and how to ask for her balance, in her first SMS. */
	ctl_hctx(c, &ctx);
	if (member_insert(&c->db, m) == -1 ||
	    (pin != NULL && pin[0] != '\0' && pin_set(&c->db, &c->key, m->id, pin) == -1) ||
	    audit_add(&c->db, m->id, 0, "member_add", role_name(r), c->now) == -1 ||
	    member_by_id(&c->db, m->id, m) != 1 || tell_welcome(&ctx, m) == -1)
		return snprintf(why, whylen, "database error"), -1;
	return 0;
}

int
ctl_member_add(struct ctl *c, int argc, char **argv)
{
	char used[16] = { 0 }, why[256];
	const char *phone, *name, *role, *pin, *id;
	struct member m;
	int i;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	phone = ctl_opt(argc, argv, "--phone", used);
	name = ctl_opt(argc, argv, "--name", used);
	role = ctl_opt(argc, argv, "--role", used);
	pin = ctl_opt(argc, argv, "--pin", used);
	id = ctl_opt(argc, argv, "--id", used);
	for (i = 0; i < argc; i++)
		if (!used[i])
			return CTL_USAGE;
	if (phone == NULL || name == NULL)
		return CTL_USAGE;
	if (db_begin(&c->db) == -1)
		return ctl_refuse("database busy");
	why[0] = '\0';
	if (member_register(c, phone, name, role, pin, id, &m, why,
	    sizeof(why)) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("%s", why[0] ? why : "database error");
	}
	if (db_commit(&c->db) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("database error");
	}
	printf("%s\n", m.number);
	return CTL_OK;
}

struct listing {
	struct ctl	*c;
	int		 csv;
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
	int64_t pokok, wajib, sukarela;
	char a[32], b[32], d[32];

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
	printf("%-7s %-15s %-24s %-9s %s pokok %s wajib %s sukarela %s\n",
	    m->number, m->phone, m->name, role_name(m->role),
	    m->locked ? "TERKUNCI" : "-", fmt_rp(pokok, a, sizeof(a)),
	    fmt_rp(wajib, b, sizeof(b)), fmt_rp(sukarela, d, sizeof(d)));
	return 0;
}

int
ctl_member_list(struct ctl *c, int argc, char **argv)
{
	struct listing l = { c, 0 };
	char used[4] = { 0 };

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	l.csv = ctl_has_flag(argc, argv, "--csv", used);
	if (argc != l.csv)
		return CTL_USAGE;
	if (l.csv)
		printf("number,phone,name,role,locked,pokok,wajib,sukarela\n");
	return member_foreach(&c->db, list_one, &l) == -1 ? CTL_REFUSED : CTL_OK;
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
	char header[512], line[1024], *head[CSV_FIELDS], *f[CSV_FIELDS], why[256];
	int nhead, n, lineno = 1, count = 0, cp, cn, cr, cpin, cid;
	struct member m;
	FILE *fp;

	if (argc != 1)
		return CTL_USAGE;
	if ((fp = fopen(argv[0], "r")) == NULL)
		return ctl_refuse("%s: cannot open", argv[0]);
	if (fgets(header, sizeof(header), fp) == NULL ||
	    (nhead = csv_split(header, head, CSV_FIELDS)) < 2 ||
	    (cp = column(head, nhead, "phone")) == -1 ||
	    (cn = column(head, nhead, "name")) == -1) {
		fclose(fp);
		return ctl_refuse("%s:1: the header must name phone and name"
		    " (and may name role, pin, id)", argv[0]);
	}
	cr = column(head, nhead, "role");
	cpin = column(head, nhead, "pin");
	cid = column(head, nhead, "id");
	/* All or nothing: one bad line and the file is refused whole. */
	if (db_begin(&c->db) == -1) {
		fclose(fp);
		return ctl_refuse("database busy");
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		why[0] = '\0';
		if ((n = csv_split(line, f, CSV_FIELDS)) != nhead) {
			snprintf(why, sizeof(why), "%d fields, the header has %d",
			    n < 0 ? 0 : n, nhead);
			goto bad;
		}
		if (member_register(c, f[cp], f[cn], cr >= 0 ? f[cr] : NULL,
		    cpin >= 0 ? f[cpin] : NULL, cid >= 0 ? f[cid] : NULL, &m, why,
		    sizeof(why)) == -1)
			goto bad;
		count++;
	}
	fclose(fp);
	if (db_commit(&c->db) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("database error");
	}
	printf("imported %d members\n", count);
	return CTL_OK;
bad:
	fclose(fp);
	db_rollback(&c->db);
	return ctl_refuse("%s:%d: %s; nothing imported", argv[0], lineno,
	    why[0] ? why : "database error");
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
		return ctl_refuse("no member %s", argv[0]);
	if (db_begin(&c->db) == -1)
		return ctl_refuse("database busy");
	ctl_hctx(c, &ctx);
	if (member_set_tries(&c->db, m.id, 0, 0) == -1 ||
	    audit_add(&c->db, m.id, 0, "pin_dibuka", "kopdesctl", c->now) == -1 ||
	    tell_pin_unlocked(&ctx, &m) == -1 || db_commit(&c->db) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("database error");
	}
	printf("%s %s: PIN unlocked\n", m.number, m.name);
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
		return ctl_refuse("a PIN is 4 to 6 digits");
	if (member_find(c, argv[used[0] ? 2 : 0], &m) != 1)
		return ctl_refuse("no member %s", argv[used[0] ? 2 : 0]);
	if (db_begin(&c->db) == -1)
		return ctl_refuse("database busy");
	ctl_hctx(c, &ctx);
	if (pin_set(&c->db, &c->key, m.id, pin) == -1 ||
	    audit_add(&c->db, m.id, 0, "pin_diganti", "kopdesctl", c->now) == -1 ||
	    tell_pin_reset(&ctx, &m) == -1 || db_commit(&c->db) == -1) {
		db_rollback(&c->db);
		return ctl_refuse("database error");
	}
	printf("%s %s: new PIN set\n", m.number, m.name);
	return CTL_OK;
}
