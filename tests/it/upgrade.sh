#!/bin/sh
# A database made by the first release (schema 1: a kasir, a member with a
# deposit and a loan application, a price) is migrated by `init` to
# today's schema and works as before: the books balance, her PIN and
# balance are the same, the application is weighed and decided.
. tests/it/lib.sh

write_config
sqlite3 "$T/kopdes.db" < tests/it/release1/kopdes.sql || fail "load the old database"
cp tests/it/release1/kopdes.key "$T/kopdes.key" && chmod 600 "$T/kopdes.key"
# An SMS a modem handed over, stored under the old form of duplicate key.
q "INSERT INTO inbox(modem, sender, smsc_time, received_at, text, dedupe, state, command, processed_at) VALUES ('gsm0', '+6281200000011', 1795165800, 1795165810, 'SALDO ****', randomblob(16), 'selesai', 'SALDO', 1795165810)" >/dev/null
expect_eq "$(q "PRAGMA user_version")" 1 "the old file's schema"
ctl init > "$T/init.out" || fail "init on the old database"
expect_has "$(cat "$T/init.out")" "2 anggota" "init names the members it found"
want=$(sed -n 's/^#define DB_SCHEMA_VERSION \([0-9]*\)$/\1/p' db/db.h)
expect_eq "$(q "PRAGMA user_version")" "$want" "migrated to today's schema"
ctl ledger check >/dev/null || fail "ledger check after the migration"
expect_eq "$(q "SELECT value FROM settings WHERE key = 'dedupe_legacy_until'")" 1795165800 "old duplicate keys looked for up to their newest SMS"
expect_has "$(ctl sim --from 081200000011 SALDO 1111)" "Sukarela Rp50.000" "her balance and PIN survive"
expect_eq "$(q "SELECT channel FROM inbox ORDER BY id LIMIT 1")" sms "old rows came by SMS"
# Kas holds Rp50.000, the application asks Rp100.000: the limits of
# today are weighed against the old books, then it can be decided.
ctl loan approve P0001 >/dev/null 2>"$T/approve.err" && fail "approved beyond the cash"
expect_has "$(cat "$T/approve.err")" "tidak cukup" "the failing limit named"
ctl loan reject P0001 >/dev/null || fail "the old application can be rejected"
expect_eq "$(q "SELECT state FROM loans WHERE code = 'P0001'")" ditolak "rejected"
ctl ledger check >/dev/null || fail "ledger check after the approval"
echo "upgrade: ok"
