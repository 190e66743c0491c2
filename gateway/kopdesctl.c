/*
 * kopdesctl: everything an operator does by hand (SPEC §7).
 *
 *   kopdesctl [-c CONFIG] [--db PATH] COMMAND [ARGS...]
 *
 * Exit 0 done, 1 refused (one line on stderr, nothing changed), 2 usage.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gateway/ctl.h"

#define CTL_INSTALLED_CONFIG	"/etc/kopdes/kopdes.conf"	/* make install */

static const struct ctl_command commands[] = {
	{ NULL, "init", "init [--timezone ZONE]", ctl_init, 0 },
	{ "member", "add", "member add --phone PHONE --name NAME [--role ROLE]"
	    " [--pin PIN] [--id ID] [--nik NIK] [--address TEXT]"
	    " [--joined YYYY-MM-DD]", ctl_member_add, 1 },
	{ "member", "list", "member list [--csv]", ctl_member_list, 0 },
	{ "member", "import", "member import FILE.csv", ctl_member_import, 1 },
	{ "member", "show", "member show ID", ctl_member_show, 0 },
	{ "member", "edit", "member edit ID [--phone PHONE] [--name NAME]"
	    " [--role ROLE] [--nik NIK] [--address TEXT] [--joined YYYY-MM-DD]"
	    " [--by ID]", ctl_member_edit, 0 },
	{ "member", "leave", "member leave ID [--by ID]", ctl_member_leave, 0 },
	{ "member", "unlock", "member unlock ID", ctl_member_unlock, 0 },
	{ "member", "pin-reset", "member pin-reset ID --pin PIN",
	    ctl_member_pin_reset, 1 },
	{ "price", "set", "price set ITEM PRICE [--unit UNIT]", ctl_price_set, 0 },
	{ "price", "list", "price list [--csv]", ctl_price_list, 0 },
	{ "price", "alias", "price alias WORD ITEM", ctl_price_alias, 0 },
	{ NULL, "sim", "sim --from PHONE [--dry-run] TEXT...", ctl_sim, 1 },
	{ NULL, "ussd", "ussd --from PHONE [--dry-run] [--session ID] [INPUT...]",
	    ctl_ussd, 1 },
	{ "ledger", "check", "ledger check", ctl_ledger_check, 0 },
	{ "ledger", "list", "ledger list [--member ID] [--from YYYY-MM-DD]"
	    " [--to YYYY-MM-DD] [--ref REF] [--csv]", ctl_ledger_list, 0 },
	{ "ledger", "reverse", "ledger reverse REF --reason TEXT",
	    ctl_ledger_reverse, 0 },
	{ "loan", "list", "loan list [--state STATE] [--overdue] [--csv]",
	    ctl_loan_list, 0 },
	{ "loan", "approve", "loan approve CODE", ctl_loan_approve, 1 },
	{ "loan", "reject", "loan reject CODE", ctl_loan_reject, 1 },
	{ "deposit", "confirm", "deposit confirm CODE", ctl_deposit_confirm, 1 },
	{ NULL, "inject", "inject --from PHONE TEXT...", ctl_inject, 0 },
	{ "outbox", "list", "outbox list [--state antri|terkirim|gagal]"
	    " [--phone PHONE] [--last N] [--csv]", ctl_outbox_view, 0 },
	{ "outbox", "cancel", "outbox cancel --reason TEXT", ctl_outbox_cancel, 0 },
	{ "inbox", "list", "inbox list [--state STATE] [--phone PHONE] [--last N]"
	    " [--csv]", ctl_inbox_list, 0 },
	{ "deposit", "list", "deposit list [--csv]", ctl_deposit_list, 0 },
	{ NULL, "status", "status", ctl_status, 0 },
	{ NULL, "backup", "backup FILE", ctl_backup, 1 },
	{ NULL, "restore", "restore FILE [--key KEYFILE]", ctl_restore, 0 },
	{ "export", "members", "export members [--from YYYY-MM-DD] [--to YYYY-MM-DD]"
	    " FILE.csv", ctl_export_members, 0 },
	{ "export", "loans", "export loans [--from YYYY-MM-DD] [--to YYYY-MM-DD]"
	    " FILE.csv", ctl_export_loans, 0 },
	{ "export", "ledger", "export ledger [--from YYYY-MM-DD] [--to YYYY-MM-DD]"
	    " FILE.csv", ctl_export_ledger, 0 },
	{ "report", "harian", "report harian [YYYY-MM-DD] [--csv]",
	    ctl_report_harian, 0 },
	{ "report", "bulanan", "report bulanan [YYYY-MM] [--csv]",
	    ctl_report_bulanan, 0 },
	{ "report", "neraca", "report neraca [YYYY-MM-DD] [--csv]",
	    ctl_report_neraca, 0 },
	{ "report", "kolektibilitas", "report kolektibilitas [--csv]",
	    ctl_report_kolektibilitas, 0 },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage_to(FILE *fp)
{
	const char *text;
	size_t i;

	fprintf(fp, "cara pakai: kopdesctl [-c CONFIG] [--db PATH] COMMAND ...\n"
	    "Perintah (bentuknya tetap dalam bahasa Inggris):\n");
	for (i = 0; i < NCOMMANDS; i++) {
		fprintf(fp, "  %s\n", commands[i].usage);
		if ((text = ctl_help_text(&commands[i])) != NULL)
			fprintf(fp, "      %s\n", text);
	}
	fprintf(fp, "Keluar: 0 selesai, 1 ditolak (alasan satu baris), 2 salah"
	    " pakai.\n");
}

static void __attribute__((noreturn))
usage(void)
{
	usage_to(stderr);
	exit(CTL_USAGE);
}

/* An unknown form is named, then the forms there are. */
static void __attribute__((noreturn))
unknown_command(int argc, char **argv)
{
	fprintf(stderr, "kopdesctl: perintah tidak dikenal: %s%s%s\n", argv[0],
	    argc > 1 && argv[1][0] != '-' ? " " : "",
	    argc > 1 && argv[1][0] != '-' ? argv[1] : "");
	usage();
}

int
ctl_refuse(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kopdesctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CTL_REFUSED;
}

const char *
ctl_opt(int argc, char **argv, const char *name, char *used)
{
	int i;

	for (i = 0; i < argc - 1; i++)
		if (!used[i] && strcmp(argv[i], name) == 0) {
			used[i] = used[i + 1] = 1;
			return argv[i + 1];
		}
	return NULL;
}

int
ctl_has_flag(int argc, char **argv, const char *name, char *used)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!used[i] && strcmp(argv[i], name) == 0) {
			used[i] = 1;
			return 1;
		}
	return 0;
}

int
ctl_all_used(int argc, const char *used)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!used[i])
			return 0;
	return 1;
}

int
ctl_one_word(int argc, char **argv, const char *used, const char **word)
{
	int i;

	*word = NULL;
	for (i = 0; i < argc; i++)
		if (!used[i]) {
			if (*word != NULL)
				return -1;
			*word = argv[i];
		}
	return 0;
}

int
ctl_csv_only(int argc, char **argv, int *csv)
{
	char used[4] = { 0 };

	*csv = 0;
	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	*csv = ctl_has_flag(argc, argv, "--csv", used);
	return argc == *csv ? CTL_OK : CTL_USAGE;
}

int
ctl_rest(int argc, char **argv, int from, char *used, char *out, size_t len)
{
	size_t o = 0, n;
	int i, words = 0;

	out[0] = '\0';
	for (i = from; i < argc; i++) {
		if (used[i])
			continue;
		n = strlen(argv[i]);
		if (o + n + 2 > len)
			return -1;
		if (o > 0)
			out[o++] = ' ';
		memcpy(out + o, argv[i], n + 1);
		o += n;
		used[i] = 1;
		words++;
	}
	return words;
}

void
ctl_env(struct ctl *c, struct handlers_env *env)
{
	memset(env, 0, sizeof(*env));
	env->db = &c->db;
	env->rules = &c->cfg.rules;
	env->key = &c->key;
	env->now = c->now;
}

void
ctl_hctx(struct ctl *c, struct hctx *ctx)
{
	struct handlers_env env;

	ctl_env(c, &env);
	hctx_from_env(&env, ctx);
}

int64_t
ctl_last_outbox_id(struct ctl *c)
{
	int64_t id = 0;

	if (outbox_max_id(&c->db, &id) == -1)
		return 0;
	return id;
}

void
ctl_print_line(const char *phone, const char *text, const char *mark)
{
	const char *p;

	/* One message, one line: scripts read this; a mark only after it. */
	printf("%s\t", phone);
	for (p = text; *p != '\0'; p++)
		putchar(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
	if (mark != NULL)
		printf("\t%s", mark);
	putchar('\n');
}

static int
print_sms(struct outbox_msg *m, void *arg)
{
	(void)arg;
	ctl_print_line(m->phone, m->text, NULL);
	return 0;
}

int
ctl_print_inbox(struct ctl *c, int64_t inbox_id)
{
	return outbox_foreach_inbox(&c->db, inbox_id, print_sms, NULL) == -1 ?
	    -1 : 0;
}

int
ctl_print_queued(struct ctl *c, int64_t since)
{
	return outbox_foreach(&c->db, since, print_sms, NULL) == -1 ? -1 : 0;
}

static int
ctl_open(struct ctl *c)
{
	char err[CONFIG_ERR_LEN];
	const char *path = c->config_path;
	struct stat sb;

	if (path == NULL && c->dbpath == NULL) {
		if (stat("etc/kopdes.conf", &sb) == 0)
			path = "etc/kopdes.conf";
		else if (stat(CTL_INSTALLED_CONFIG, &sb) == 0)
			/* An installed gateway, wherever the operator stands. */
			path = CTL_INSTALLED_CONFIG;
	}
	if (path == NULL)
		config_default(&c->cfg);
	else if (config_load(path, &c->cfg, err, sizeof(err)) == -1)
		return ctl_refuse("%s", err);
	tz_apply(c->cfg.timezone);
	if (c->dbpath != NULL) {
		snprintf(c->cfg.database, sizeof(c->cfg.database), "%s", c->dbpath);
		if (c->config_path == NULL)
			snprintf(c->cfg.pin_key_file, sizeof(c->cfg.pin_key_file),
			    "%.4090s.key", c->dbpath);
	}
	if ((c->now = clock_now()) == (time_t)-1)
		return ctl_refuse("KOPDES_NOW harus detik epoch, YYYY-MM-DD"
		    " atau YYYY-MM-DDTHH:MM");
	return CTL_OK;
}

int
ctl_settle_zone(struct ctl *c, const char *change_to)
{
	char err[CONFIG_ERR_LEN];

	if (tz_settle(&c->db, &c->cfg, change_to, err, sizeof(err)) != TZ_OK)
		return ctl_refuse("%s", err);
	/* KOPDES_NOW in local time means the cooperative's local time. */
	c->now = clock_now();
	return CTL_OK;
}

/*
 * Every form but init needs a database that is there already: opening a
 * path that names nothing (a typo, a disk not mounted) must not make an
 * empty cooperative.  init opens on its own, and it alone makes a key.
 */
static int
ctl_open_db(struct ctl *c, int needs_key, int init)
{
	char err[CONFIG_ERR_LEN];
	int rc;

	if (init)
		return CTL_OK;
	rc = db_open_existing(&c->db, c->cfg.database);
	if (rc == DB_OPEN_MISSING)
		return ctl_refuse("%s: basis data tidak ada; pulihkan bila dulu"
		    " ada (log kopdesd yang berjalan memberi caranya), bila belum"
		    " pernah ada jalankan `kopdesctl init` dulu", c->cfg.database);
	if (rc != DB_OPEN_OK)
		return ctl_refuse("%s: basis data tidak bisa dibuka", c->cfg.database);
	c->db_open = 1;
	/* init settles the zone itself: it may be asked to change it. */
	if (ctl_settle_zone(c, NULL) != CTL_OK)
		return CTL_REFUSED;
	if (needs_key && pin_key_load(c->cfg.pin_key_file, &c->key, 0) == -1)
		return ctl_refuse("%s: kunci PIN tidak ada; jalankan `kopdesctl init`"
		    " dulu",
		    c->cfg.pin_key_file);
	if (needs_key && key_settle(&c->db, &c->key, err, sizeof(err)) != KEY_OK)
		return ctl_refuse("%s", err);
	return CTL_OK;
}

int
main(int argc, char **argv)
{
	struct ctl *c;
	const struct ctl_command *cmd = NULL;
	size_t i;
	int rc, words;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return CTL_REFUSED;
	log_init(0, LOG_LEVEL_WARNING, "kopdesctl");
	argv++;
	argc--;
	while (argc > 0 && argv[0][0] == '-') {
		if (strcmp(argv[0], "-c") == 0 && argc > 1)
			c->config_path = argv[1];
		else if (strcmp(argv[0], "--db") == 0 && argc > 1)
			c->dbpath = argv[1];
		else if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
			usage_to(stdout);
			free(c);
			return CTL_OK;
		} else
			usage();
		argv += 2;
		argc -= 2;
	}
	if (argc < 1)
		usage();
	for (i = 0; i < NCOMMANDS && cmd == NULL; i++) {
		if (commands[i].group == NULL && strcmp(argv[0], commands[i].name) == 0)
			cmd = &commands[i];
		else if (commands[i].group != NULL && argc > 1 &&
		    strcmp(argv[0], commands[i].group) == 0 &&
		    strcmp(argv[1], commands[i].name) == 0)
			cmd = &commands[i];
	}
	if (cmd == NULL)
		unknown_command(argc, argv);
	words = cmd->group == NULL ? 1 : 2;
	argv += words;
	argc -= words;
	for (i = 0; i < (size_t)argc; i++)
		if (strcmp(argv[i], "--help") == 0) {
			const char *text = ctl_help_text(cmd);

			printf("cara pakai: kopdesctl %s\n", cmd->usage);
			if (text != NULL)
				printf("  %s\n", text);
			free(c);
			return CTL_OK;
		}
	/* restore may find no database, and must not make one. */
	if ((rc = ctl_open(c)) == CTL_OK && (cmd->fn == ctl_restore ||
	    (rc = ctl_open_db(c, cmd->needs_key, cmd->fn == ctl_init)) == CTL_OK))
		rc = cmd->fn(c, argc, argv);
	if (rc == CTL_USAGE)
		fprintf(stderr, "cara pakai: kopdesctl %s\n", cmd->usage);
	if (c->db_open)
		db_close(&c->db);
	free(c);
	return rc;
}
