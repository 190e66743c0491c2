/*
 * Backups of the books.  A copy is three files: FILE (the database, one
 * consistent moment), FILE.key (the PIN key, without which no PIN in the
 * copy can ever be checked again) and FILE.sha256 (both sums, in
 * sha256sum's format, so `sha256sum -c` checks them by hand too).  The
 * database keeps a check value of its key, a keyed hash of a fixed text,
 * so a restore can prove the key fits before it replaces anything.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "gateway/gateway.h"

#define KEY_CHECK_TEXT	"kopdes PIN key check"
#define BACKUP_PREFIX	"kopdes-"
#define BACKUP_SUFFIX	".db"

void
key_check_value(const struct pin_key *key, char hex[KEY_CHECK_HEX])
{
	unsigned char out[(KEY_CHECK_HEX - 1) / 2];

	crypto_generichash(out, sizeof(out), (const unsigned char *)KEY_CHECK_TEXT,
	    strlen(KEY_CHECK_TEXT), key->k, sizeof(key->k));
	sodium_bin2hex(hex, KEY_CHECK_HEX, out, sizeof(out));
}

enum key_result
key_settle(struct db *db, const struct pin_key *key, char *err, size_t errlen)
{
	char want[KEY_CHECK_HEX], have[KEY_CHECK_HEX];
	int rc;

	key_check_value(key, want);
	if ((rc = setting_get(db, "key_check", have, sizeof(have))) == -1) {
		snprintf(err, errlen, "%s: cannot read its key check", db->path);
		return KEY_REFUSED;
	}
	if (rc == 0) {
		if (setting_set(db, "key_check", want) == -1) {
			snprintf(err, errlen, "%s: cannot record its key check",
			    db->path);
			return KEY_REFUSED;
		}
		return KEY_OK;
	}
	if (strcmp(have, want) != 0) {
		snprintf(err, errlen, "the PIN key does not match %s: its PINs"
		    " were made with another key", db->path);
		return KEY_REFUSED;
	}
	return KEY_OK;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int
file_sha256(const char *path, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char buf[65536], sum[crypto_hash_sha256_BYTES];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	crypto_hash_sha256_init(&st);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
	close(fd);
	if (n < 0)
		return -1;
	crypto_hash_sha256_final(&st, sum);
	sodium_bin2hex(hex, 65, sum, sizeof(sum));
	return 0;
}

/* Copies src to a new dst, mode 0600, synced; dst must not exist. */
int
file_copy(const char *src, const char *dst)
{
	char buf[65536];
	ssize_t n;
	int in, out, rc = -1;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	if (n == 0 && fsync(out) == 0)
		rc = 0;
	close(in);
	if (close(out) == -1)
		rc = -1;
	if (rc == -1)
		unlink(dst);
	return rc;
}

enum backup_result
backup_start(struct backup_job *j, struct db *src, const char *file,
    const char *key_file, char *err, size_t errlen)
{
	int fd;

	memset(j, 0, sizeof(*j));
	snprintf(j->file, sizeof(j->file), "%s", file);
	snprintf(j->tmp, sizeof(j->tmp), "%s.part", file);
	snprintf(j->key_file, sizeof(j->key_file), "%s", key_file);
	if (file[0] == '\0') {
		snprintf(err, errlen, "a backup needs a file name");
		return BACKUP_FAILED;
	}
	if (access(file, F_OK) == 0) {
		snprintf(err, errlen, "%s exists already; name a new file", file);
		return BACKUP_FAILED;
	}
	/* Made first with mode 0600: SQLite then keeps the file's mode. */
	if ((fd = open(j->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1) {
		snprintf(err, errlen, "%s: %s", j->tmp, strerror(errno));
		return BACKUP_FAILED;
	}
	close(fd);
	if (db_copy_start(src, j->tmp, &j->copy) == -1) {
		unlink(j->tmp);
		snprintf(err, errlen, "%s: cannot start the copy", file);
		return BACKUP_FAILED;
	}
	j->started = 1;
	return BACKUP_MORE;
}

static enum backup_result
backup_seal(struct backup_job *j, char *err, size_t errlen)
{
	char keycopy[PATH_MAX + 8], sums[PATH_MAX + 8], part[PATH_MAX + 16];
	char h1[65], h2[65];
	FILE *fp;
	int fd;

	if ((fd = open(j->tmp, O_RDONLY | O_CLOEXEC)) == -1 || fsync(fd) == -1) {
		if (fd != -1)
			close(fd);
		snprintf(err, errlen, "%s: %s", j->tmp, strerror(errno));
		return BACKUP_FAILED;
	}
	close(fd);
	snprintf(keycopy, sizeof(keycopy), "%s.key", j->file);
	snprintf(sums, sizeof(sums), "%s.sha256", j->file);
	snprintf(part, sizeof(part), "%s.part", sums);
	unlink(keycopy);
	if (file_copy(j->key_file, keycopy) == -1) {
		snprintf(err, errlen, "%s: cannot copy the PIN key beside the"
		    " backup: %s", keycopy, strerror(errno));
		return BACKUP_FAILED;
	}
	if (rename(j->tmp, j->file) == -1) {
		snprintf(err, errlen, "%s: %s", j->file, strerror(errno));
		unlink(keycopy);
		return BACKUP_FAILED;
	}
	if (file_sha256(j->file, h1) == -1 || file_sha256(keycopy, h2) == -1 ||
	    (fp = fopen(part, "w")) == NULL) {
		snprintf(err, errlen, "%s: cannot write the checksums", sums);
		return BACKUP_FAILED;
	}
	fprintf(fp, "%s  %s\n%s  %s.key\n", h1, base_name(j->file), h2,
	    base_name(j->file));
	if (fflush(fp) != 0 || fsync(fileno(fp)) == -1 || fclose(fp) != 0 ||
	    rename(part, sums) == -1) {
		snprintf(err, errlen, "%s: cannot write the checksums", sums);
		return BACKUP_FAILED;
	}
	return BACKUP_DONE;
}

enum backup_result
backup_step(struct backup_job *j, int pages, char *err, size_t errlen)
{
	switch (db_copy_step(&j->copy, pages)) {
	case DB_COPY_MORE:
		return BACKUP_MORE;
	case DB_COPY_DONE:
		j->started = 0;
		if (backup_seal(j, err, errlen) == BACKUP_DONE)
			return BACKUP_DONE;
		unlink(j->tmp);
		return BACKUP_FAILED;
	default:
		j->started = 0;
		unlink(j->tmp);
		snprintf(err, errlen, "%s: the copy failed", j->file);
		return BACKUP_FAILED;
	}
}

void
backup_abort(struct backup_job *j)
{
	if (!j->started)
		return;
	db_copy_abort(&j->copy);
	unlink(j->tmp);
	j->started = 0;
}

/* Checks FILE (and FILE.key) against FILE.sha256: 0 good, -1 with err. */
int
backup_verify_sums(const char *file, int with_key, char *err, size_t errlen)
{
	char sums[PATH_MAX + 8], line[PATH_MAX + 80], want[65], name[PATH_MAX];
	char path[PATH_MAX * 2], have[65], dir[PATH_MAX], *slash;
	const char *base = base_name(file);
	size_t blen = strlen(base);
	int seen = 0;
	FILE *fp;

	snprintf(sums, sizeof(sums), "%s.sha256", file);
	snprintf(dir, sizeof(dir), "%s", file);
	if ((slash = strrchr(dir, '/')) != NULL)
		slash[1] = '\0';
	else
		dir[0] = '\0';
	if ((fp = fopen(sums, "r")) == NULL) {
		snprintf(err, errlen, "%s: berkas checksum tidak ada: %s", sums,
		    strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (sscanf(line, "%64s %1023s", want, name) != 2)
			continue;
		/* Only the copy's own two files: a checksum file names nothing else. */
		if (strncmp(name, base, blen) != 0 || (name[blen] != '\0' &&
		    (strcmp(name + blen, ".key") != 0 || !with_key)))
			continue;
		snprintf(path, sizeof(path), "%s%s", dir, name);
		if (file_sha256(path, have) == -1 || strcmp(have, want) != 0) {
			snprintf(err, errlen, "%s tidak cocok dengan checksum-nya di"
			    " %s", path, sums);
			fclose(fp);
			return -1;
		}
		seen |= name[blen] == '\0' ? 1 : 2;
	}
	fclose(fp);
	if (seen != (with_key ? 3 : 1)) {
		snprintf(err, errlen, "%s harus memuat checksum %s dan %s.key",
		    sums, base, base);
		return -1;
	}
	return 0;
}

static int
is_backup_name(const struct dirent *e)
{
	size_t n = strlen(e->d_name), p = strlen(BACKUP_PREFIX),
	    s = strlen(BACKUP_SUFFIX);

	return n > p + s && strncmp(e->d_name, BACKUP_PREFIX, p) == 0 &&
	    strcmp(e->d_name + n - s, BACKUP_SUFFIX) == 0;
}

void
backup_file_name(const char *dir, time_t t, char *out, size_t len)
{
	char stamp[32];
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(out, len, "%s/" BACKUP_PREFIX "%s" BACKUP_SUFFIX, dir, stamp);
}

/* Names sort by their time stamp: the oldest go first. */
int
backup_prune(const char *dir, int keep)
{
	static const char *const tails[] = { "", ".key", ".sha256" };
	struct dirent **list;
	char path[PATH_MAX * 2];
	int n, i, removed = 0;
	size_t t;

	if ((n = scandir(dir, &list, is_backup_name, alphasort)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (i < n - keep) {
			for (t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
				snprintf(path, sizeof(path), "%s/%s%s", dir,
				    list[i]->d_name, tails[t]);
				unlink(path);
			}
			log_info("backup: removed %s/%s (keeping %d)", dir,
			    list[i]->d_name, keep);
			removed++;
		}
		free(list[i]);
	}
	free(list);
	return removed;
}

int
backup_record(struct db *db, time_t at, const char *file)
{
	char v[PATH_MAX + 32];

	snprintf(v, sizeof(v), "%lld %s", (long long)at, file);
	return setting_set(db, "backup_last", v);
}
