/*
 * PINs (SPEC §6): a keyed BLAKE2b hash over a per-member salt and the PIN.
 * The key lives in its own file, never in the database, so a copied
 * database alone gives no PIN away; a check costs microseconds, so the
 * gateway's throughput is not capped by a slow password hash.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "handlers/handlers.h"

static int
key_create(const char *path, struct pin_key *key)
{
	int fd;
	ssize_t n;

	randombytes_buf(key->k, sizeof(key->k));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd == -1) {
		log_warn("%s: create", path);
		return -1;
	}
	n = write(fd, key->k, sizeof(key->k));
	if (n != (ssize_t)sizeof(key->k) || fsync(fd) == -1) {
		log_warn("%s: write", path);
		close(fd);
		unlink(path);
		return -1;
	}
	return close(fd);
}

int
pin_key_load(const char *path, struct pin_key *key, int create)
{
	struct stat sb;
	ssize_t n;
	int fd;

	if (sodium_init() == -1) {
		log_warnx("libsodium: init failed");
		return -1;
	}
	fd = open(path, O_RDONLY);
	if (fd == -1 && errno == ENOENT && create)
		return key_create(path, key);
	if (fd == -1) {
		log_warn("%s: open PIN key", path);
		return -1;
	}
	if (fstat(fd, &sb) == -1 || (sb.st_mode & 077) != 0) {
		log_warnx("%s: PIN key must be readable by its owner only"
		    " (chmod 600)", path);
		close(fd);
		return -1;
	}
	n = read(fd, key->k, sizeof(key->k));
	close(fd);
	if (n != (ssize_t)sizeof(key->k)) {
		log_warnx("%s: PIN key must be %zu bytes", path, sizeof(key->k));
		return -1;
	}
	return 0;
}

void
pin_hash(const struct pin_key *key, const unsigned char *salt, const char *pin,
    unsigned char *out)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, key->k, sizeof(key->k), PIN_HASH_LEN);
	crypto_generichash_update(&st, salt, PIN_SALT_LEN);
	crypto_generichash_update(&st, (const unsigned char *)pin, strlen(pin));
	crypto_generichash_final(&st, out, PIN_HASH_LEN);
}

int
pin_set(struct db *db, const struct pin_key *key, int64_t member_id,
    const char *pin)
{
	unsigned char salt[PIN_SALT_LEN], hash[PIN_HASH_LEN];

	if (!pin_wellformed(pin))
		return -1;
	randombytes_buf(salt, sizeof(salt));
	pin_hash(key, salt, pin, hash);
	return member_set_pin(db, member_id, salt, hash);
}

int
pin_check(struct db *db, const struct pin_key *key, const struct rules *rules,
    struct member *m, const char *pin, time_t now, int *locked)
{
	unsigned char hash[PIN_HASH_LEN];
	char detail[48];

	*locked = m->locked;
	if (m->locked || !m->has_pin)
		return 0;
	pin_hash(key, m->pin_salt, pin, hash);
	if (sodium_memcmp(hash, m->pin_hash, PIN_HASH_LEN) == 0) {
		if (m->failed_tries != 0) {
			m->failed_tries = 0;
			if (member_set_tries(db, m->id, 0, 0) == -1)
				return -1;
		}
		return 1;
	}
	m->failed_tries++;
	if (m->failed_tries >= rules->pin_max_tries)
		m->locked = 1;
	*locked = m->locked;
	snprintf(detail, sizeof(detail), "percobaan ke-%d", m->failed_tries);
	if (member_set_tries(db, m->id, m->failed_tries, m->locked) == -1 ||
	    audit_add(db, m->id, m->id, "pin_salah", detail, now) == -1)
		return -1;
	if (m->locked && audit_add(db, m->id, m->id, "pin_terkunci",
	    "terlalu banyak PIN salah", now) == -1)
		return -1;
	return 0;
}
