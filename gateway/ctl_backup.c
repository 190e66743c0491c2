/*
 * kopdesctl backup and restore.  A backup is taken while kopdesd runs;
 * a restore only while it does not, and only after the copy has proved
 * itself: its checksums, SQLite's integrity check, a schema this program
 * knows, a clean ledger check, and a PIN key that fits its PIN hashes
 * (without it every member would be locked out).  What it replaces is
 * moved aside, never deleted.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gateway/ctl.h"

int
ctl_backup(struct ctl *c, int argc, char **argv)
{
	struct backup_job j;
	char err[CONFIG_ERR_LEN];
	enum backup_result r;

	if (argc != 1 || argv[0][0] == '-')
		return CTL_USAGE;
	/* The copy must carry its key's check value for a restore to prove. */
	if (key_settle(&c->db, &c->key, err, sizeof(err)) != KEY_OK)
		return ctl_refuse("%s", err);
	if (backup_start(&j, &c->db, argv[0], c->cfg.pin_key_file, err,
	    sizeof(err)) != BACKUP_MORE)
		return ctl_refuse("%s", err);
	/* One step: WAL readers never hold the daemon's writes back. */
	while ((r = backup_step(&j, -1, err, sizeof(err))) == BACKUP_MORE)
		usleep(10000);
	if (r != BACKUP_DONE)
		return ctl_refuse("%s", err);
	if (backup_record(&c->db, c->now, argv[0]) == -1)
		fprintf(stderr, "kopdesctl: peringatan: cadangan sudah dibuat"
		    " tetapi tidak tercatat di %s\n", c->cfg.database);
	printf("cadangan %s\n", argv[0]);
	printf("kunci PIN %s.key: simpan bersama cadangan; tanpanya tidak ada"
	    " PIN di cadangan yang bisa diperiksa\n", argv[0]);
	printf("checksum %s.sha256\n", argv[0]);
	return CTL_OK;
}

static void
problem_count(const char *problem, void *arg)
{
	(void)arg;
	fprintf(stderr, "kopdesctl: buku besar cadangan: %s\n", problem);
}

static void
remove_db_files(const char *path)
{
	char p[PATH_MAX * 2];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* The copy at tmp, checked as SQLite, as books and against the key. */
static int
restore_check(struct ctl *c, const char *tmp, const struct pin_key *key,
    const char *keyfile)
{
	struct db db;
	char want[KEY_CHECK_HEX], have[sizeof(c->cfg.timezone)], err[CONFIG_ERR_LEN];
	int64_t pins;
	int rc, problems;

	if (db_open(&db, tmp) == -1)
		return ctl_refuse("cadangan tidak bisa dibuka sebagai basis data");
	if ((rc = db_integrity(&db)) != 1) {
		db_close(&db);
		return ctl_refuse("cadangan gagal dalam pemeriksaan keutuhan SQLite");
	}
	if ((problems = ledger_check(&db, problem_count, NULL)) != 0) {
		db_close(&db);
		return problems < 0 ? ctl_refuse("buku besar cadangan tidak bisa dibaca") :
		    ctl_refuse("pemeriksaan buku besar cadangan menemukan %d masalah",
		    problems);
	}
	/* Refused here, not at the next command: the books keep their zone. */
	if (c->cfg.timezone_set && setting_get(&db, "timezone", have,
	    sizeof(have)) == 1 && strcmp(have, c->cfg.timezone) != 0) {
		db_close(&db);
		return ctl_refuse("cadangan memakai zona waktu %s, tetapi %s memakai"
		    " timezone = \"%s\"", have, c->cfg.path, c->cfg.timezone);
	}
	key_check_value(key, want);
	if ((rc = setting_get(&db, "key_check", have, sizeof(have))) == 1 &&
	    strcmp(have, want) != 0) {
		db_close(&db);
		return ctl_refuse("%s bukan kunci PIN cadangan ini; bila dipulihkan"
		    " dengannya, semua PIN akan salah", keyfile);
	}
	if (rc == 0 && (db_pin_count(&db, &pins) == -1 || pins > 0)) {
		db_close(&db);
		return ctl_refuse("cadangan tidak mencatat cek kunci, jadi tidak"
		    " bisa dipastikan %s cocok dengan PIN-nya", keyfile);
	}
	if (rc == -1 || key_settle(&db, key, err, sizeof(err)) != KEY_OK) {
		db_close(&db);
		return ctl_refuse("cek kunci cadangan tidak bisa dibaca");
	}
	db_close(&db);
	return CTL_OK;
}

/* The PIN key the config names becomes the backup's, the old one kept. */
static int
restore_key(struct ctl *c, const char *keyfile, const char *stamp)
{
	char a[65], b[65], aside[PATH_MAX + 64];

	if (file_sha256(c->cfg.pin_key_file, a) == 0) {
		if (file_sha256(keyfile, b) == 0 && strcmp(a, b) == 0)
			return 0;
		snprintf(aside, sizeof(aside), "%s.before-restore-%s",
		    c->cfg.pin_key_file, stamp);
		if (rename(c->cfg.pin_key_file, aside) == -1)
			return -1;
		printf("kunci PIN sebelumnya disimpan di %s\n", aside);
	}
	return file_copy(keyfile, c->cfg.pin_key_file);
}

static int
restore_swap(struct ctl *c, const char *tmp, const char *stamp)
{
	char aside[PATH_MAX + 64], from[PATH_MAX + 8], to[PATH_MAX + 72];
	const char *dbp = c->cfg.database;

	if (access(dbp, F_OK) == 0) {
		snprintf(aside, sizeof(aside), "%s.before-restore-%s", dbp, stamp);
		/* Its WAL goes with it: committed rows may still live there. */
		snprintf(from, sizeof(from), "%s-wal", dbp);
		snprintf(to, sizeof(to), "%s-wal", aside);
		if (access(from, F_OK) == 0 && rename(from, to) == -1)
			return ctl_refuse("%s: %s", from, strerror(errno));
		snprintf(from, sizeof(from), "%s-shm", dbp);
		unlink(from);
		if (rename(dbp, aside) == -1)
			return ctl_refuse("%s: %s", dbp, strerror(errno));
		printf("basis data sebelumnya disimpan di %s\n", aside);
	}
	if (rename(tmp, dbp) == -1)
		return ctl_refuse("%s: %s", dbp, strerror(errno));
	return CTL_OK;
}

int
ctl_restore(struct ctl *c, int argc, char **argv)
{
	struct lock_holder h;
	struct pin_key key;
	char used[4] = { 0 }, err[CONFIG_ERR_LEN], lock[PATH_MAX + 16];
	char keybuf[PATH_MAX + 8], tmp[PATH_MAX + 16], dir[PATH_MAX], *slash;
	char stamp[32];
	const char *file, *keyfile;
	struct tm tm;
	time_t now = time(NULL);
	int lockfd = -1, version, rc, i;

	if (argc > (int)sizeof(used))
		return CTL_USAGE;
	keyfile = ctl_opt(argc, argv, "--key", used);
	if (argc != (keyfile ? 3 : 1))
		return CTL_USAGE;
	for (i = 0, file = NULL; i < argc; i++)
		if (!used[i])
			file = argv[i];
	if (file == NULL || file[0] == '-')
		return CTL_USAGE;
	if (keyfile == NULL) {
		snprintf(keybuf, sizeof(keybuf), "%s.key", file);
		keyfile = keybuf;
	}
	snprintf(tmp, sizeof(tmp), "%s.restoring", c->cfg.database);
	snprintf(dir, sizeof(dir), "%s", c->cfg.database);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0750);
	}
	/* Held to the end, so no kopdesd starts on a half-restored file. */
	lock_db_path(c->cfg.database, lock, sizeof(lock));
	switch (lock_take(lock, &lockfd, &h)) {
	case LOCK_TAKEN:
		break;
	case LOCK_HELD:
		return ctl_refuse("kopdesd sedang berjalan pada %s (pid %ld);"
		    " hentikan dulu, lalu pulihkan", c->cfg.database, h.pid);
	default:
		return ctl_refuse("%s: basis data tidak bisa dikunci", lock);
	}
	rc = CTL_REFUSED;
	if (pin_key_load(keyfile, &key, 0) == -1) {
		ctl_refuse("%s: tidak ada kunci PIN yang bisa dipakai untuk"
		    " cadangan ini; dipulihkan tanpanya, semua PIN akan salah", keyfile);
		goto out;
	}
	/* A key named by --key is proved by the key check alone. */
	if (backup_verify_sums(file, keyfile == keybuf, err, sizeof(err)) == -1) {
		ctl_refuse("%s", err);
		goto out;
	}
	if (db_file_version(file, &version) == -1) {
		ctl_refuse("%s tidak bisa dibaca sebagai basis data", file);
		goto out;
	}
	if (version < 1 || version > DB_SCHEMA_VERSION) {
		ctl_refuse("%s memakai skema versi %d; program ini mengenal 1 sampai %d",
		    file, version, DB_SCHEMA_VERSION);
		goto out;
	}
	/* Checked as a copy beside the database, so the backup stays as it was. */
	remove_db_files(tmp);
	if (file_copy(file, tmp) == -1) {
		ctl_refuse("%s: tidak bisa disalin: %s", tmp, strerror(errno));
		goto out;
	}
	if (restore_check(c, tmp, &key, keyfile) != CTL_OK)
		goto out;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (restore_key(c, keyfile, stamp) == -1) {
		ctl_refuse("%s: kunci PIN cadangan tidak bisa dipasang: %s",
		    c->cfg.pin_key_file, strerror(errno));
		goto out;
	}
	if ((rc = restore_swap(c, tmp, stamp)) == CTL_OK)
		printf("%s dipulihkan ke %s\n", file, c->cfg.database);
out:
	if (rc != CTL_OK)
		remove_db_files(tmp);
	lock_release(lockfd);
	return rc;
}
