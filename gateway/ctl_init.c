/*
 * kopdesctl init: creates or migrates the database and makes the PIN key,
 * but never a key for a database whose PINs were hashed with another one
 * (a new key would turn every member's right PIN into a wrong one), and
 * never a database beside the -wal of one that is gone.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gateway/ctl.h"

/* A -wal left by a deleted database would be replayed into a new one. */
static int
wal_orphaned(const char *database)
{
	char wal[PATH_MAX + 8];
	struct stat sb;

	if (stat(database, &sb) == 0 || errno != ENOENT)
		return 0;
	snprintf(wal, sizeof(wal), "%s-wal", database);
	return stat(wal, &sb) == 0 && sb.st_size > 0;
}

/* init makes the database's folder (var/ in a fresh checkout). */
static void
make_folder(const char *database)
{
	char dir[PATH_MAX], *slash;

	snprintf(dir, sizeof(dir), "%s", database);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0750);
	}
}

/*
 * A database made before files were created private loses the access
 * others had; a group the operator gave it (the daemon's) stays.
 */
static void
make_private(const char *database)
{
	static const char *const tails[] = { "", "-wal", "-shm" };
	char path[PATH_MAX + 8];
	struct stat sb;
	size_t i;

	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", database, tails[i]);
		if (stat(path, &sb) == 0 && (sb.st_mode & 007) != 0 &&
		    chmod(path, sb.st_mode & 0770) == -1)
			log_warn("%s: chmod", path);
	}
}

/*
 * init on a database already in use must not look like a fresh start:
 * it names the cooperative and how many members it holds, so a demo
 * database is not taken for one's own.
 */
static int
init_says_whose(struct ctl *c)
{
	int64_t n = member_count_active(&c->db), all = member_count(&c->db);

	if (n == -1 || all == -1)
		return ctl_refuse("%s: anggota tidak bisa dihitung", c->cfg.database);
	if (all == 0)
		printf("basis data baru untuk %s: belum ada anggota\n",
		    c->cfg.rules.cooperative);
	else
		printf("basis data %s sudah berisi %lld anggota aktif (%lld"
		    " pernah terdaftar); init tidak mengubah data\n",
		    c->cfg.rules.cooperative, (long long)n, (long long)all);
	return CTL_OK;
}

int
ctl_init(struct ctl *c, int argc, char **argv)
{
	const char *key = c->cfg.pin_key_file, *zone;
	char used[4] = { 0 }, err[CONFIG_ERR_LEN];
	struct stat sb;
	int64_t pins;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	zone = ctl_opt(argc, argv, "--timezone", used);
	if (argc != (zone ? 2 : 0))
		return CTL_USAGE;
	make_folder(c->cfg.database);
	if (wal_orphaned(c->cfg.database))
		return ctl_refuse("%s hilang tetapi %s-wal masih ada: pulihkan"
		    " basis data, atau pindahkan -wal itu untuk mulai baru",
		    c->cfg.database, c->cfg.database);
	if (db_open(&c->db, c->cfg.database) == -1)
		return ctl_refuse("%s: basis data tidak bisa dibuka", c->cfg.database);
	c->db_open = 1;
	if (ctl_settle_zone(c, zone) != CTL_OK)
		return CTL_REFUSED;
	if (stat(key, &sb) == -1 && errno == ENOENT) {
		if ((pins = member_count_with_pin(&c->db)) == -1)
			return ctl_refuse("%s: PIN anggota tidak bisa dihitung",
			    c->cfg.database);
		if (pins > 0)
			return ctl_refuse("%s: kunci PIN tidak ada, padahal %lld anggota"
			    " di %s punya PIN yang dibuat dengannya; kembalikan"
			    " berkas kunci itu dari cadangan (kunci baru membuat"
			    " semua PIN salah), atau arahkan pin_key_file ke"
			    " tempatnya", key,
			    (long long)pins, c->cfg.database);
	}
	make_private(c->cfg.database);
	if (pin_key_load(key, &c->key, 1) == -1)
		return ctl_refuse("%s: kunci PIN tidak bisa dibuat atau dibaca", key);
	if (key_settle(&c->db, &c->key, err, sizeof(err)) != KEY_OK)
		return ctl_refuse("%s", err);
	printf("basis data %s siap (skema %d)\n", c->cfg.database,
	    DB_SCHEMA_VERSION);
	printf("kunci PIN %s\n", key);
	printf("zona waktu %s\n", c->cfg.timezone);
	return init_says_whose(c);
}
