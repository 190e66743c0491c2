/*
 * The SMS command language as a sender meets it: which command and form
 * a text becomes and what it fills in, or exactly why it is refused, what
 * the refusal says, and that no PIN survives in the stored text or the
 * reply.  Every table input is parsed from a heap buffer of exactly its
 * length with no terminating NUL, so a read past the end is a crash under
 * the sanitizers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "handlers/handlers.h"

struct pcase {
	const char	*text;
	size_t		 len;		/* 0: strlen(text) */
	enum parse_error err;
	const char	*cmd;		/* entry name, NULL: none */
	int		 form;
	const char	*member;
	int		 phone;
	int64_t		 amount;
	int		 months;
	const char	*type;		/* POKOK/WAJIB/SUKARELA, NULL: absent */
	const char	*code;
	const char	*item;
	const char	*pin;
	const char	*newpin;
	const char	*word;		/* err_word */
	const char	*redacted;	/* checked when not NULL */
};

#define S(t, c, f, ...)	{ .text = (t), .cmd = (c), .form = (f), __VA_ARGS__ }
#define E(t, e, c, f, w)	{ .text = (t), .err = (e), .cmd = (c), .form = (f), .word = (w) }
/* A deposit of the member form, to try one way of writing an amount. */
#define AMT(a, v)	S("SIMPAN " a " 1234", "SIMPAN", 1, .amount = (v), .pin = "1234")
#define BADAMT(a, e)	E("SIMPAN " a " 1234", (e), "SIMPAN", 1, a)

static const struct pcase cases[] = {
	/* SALDO and CEK */
	S("SALDO 1234", "SALDO", 0, .pin = "1234", .redacted = "SALDO ****"),
	S("saldo 1234", "SALDO", 0, .pin = "1234"),
	S("Saldo 123456", "SALDO", 0, .pin = "123456", .redacted = "Saldo ****"),
	S("CEK 2580", "SALDO", 0, .pin = "2580"),
	S("cek 2580", "SALDO", 0, .pin = "2580"),
	S("SALDO#1234", "SALDO", 0, .pin = "1234", .redacted = "SALDO#****"),
	S("#SALDO##1234#", "SALDO", 0, .pin = "1234", .redacted = "#SALDO##****#"),
	S("  SALDO   1234  ", "SALDO", 0, .pin = "1234",
	    .redacted = "  SALDO   ****  "),
	S("SALDO\t1234\r\n", "SALDO", 0, .pin = "1234", .redacted = "SALDO\t****\r\n"),
	S("  \r\n SALDO 1234 \r\n", "SALDO", 0, .pin = "1234"),
	S("SALDO 1234.", "SALDO", 0, .pin = "1234", .redacted = "SALDO ****."),
	S("SALDO 1234 .", "SALDO", 0, .pin = "1234", .redacted = "SALDO **** ."),
	S("SALDO 1234.  ", "SALDO", 0, .pin = "1234"),
	{ .text = "SALDO\0" "1234", .len = 10, .cmd = "SALDO", .pin = "1234",
	    .redacted = "SALDO ****" },
	E("SALDO 123", PARSE_BAD_PIN, "SALDO", 0, ""),
	E("SALDO 1234567", PARSE_BAD_PIN, "SALDO", 0, ""),
	E("SALDO 12a4", PARSE_BAD_PIN, "SALDO", 0, ""),
	/* Repeated full stops are separators like repeated spaces. */
	S("SALDO 1234..", "SALDO", 0, .pin = "1234", .redacted = "SALDO ****.."),
	E("SALDO \xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4", PARSE_BAD_PIN, "SALDO", 0, ""),
	E("SALDO", PARSE_BAD_FORM, "SALDO", 0, ""),
	E("SALDO.", PARSE_BAD_FORM, "SALDO", 0, ""),
	E("SALDO 1234 5678", PARSE_BAD_FORM, "SALDO", 0, ""),

	/* SIMPAN and SETOR: officer form 0, member form 1 */
	S("SIMPAN A017 50000 1234", "SIMPAN", 0, .member = "A017", .amount = 50000,
	    .pin = "1234", .redacted = "SIMPAN A017 50000 ****"),
	S("simpan a017 50.000 pokok 1234", "SIMPAN", 0, .member = "A017",
	    .amount = 50000, .type = "POKOK", .pin = "1234"),
	S("SETOR A017 Rp50.000 WAJIB 1234", "SIMPAN", 0, .member = "A017",
	    .amount = 50000, .type = "WAJIB", .pin = "1234"),
	S("SIMPAN A017 50rb Sukarela 1234", "SIMPAN", 0, .member = "A017",
	    .amount = 50000, .type = "SUKARELA", .pin = "1234"),
	S("sImPaN a017 50RB pOkOk 1234", "SIMPAN", 0, .member = "A017",
	    .amount = 50000, .type = "POKOK", .pin = "1234"),
	S("SIMPAN A017 50K WAJIB 654321", "SIMPAN", 0, .member = "A017",
	    .amount = 50000, .type = "WAJIB", .pin = "654321"),
	S("SIMPAN\tA017\t50000\t1234", "SIMPAN", 0, .member = "A017", .amount = 50000,
	    .pin = "1234"),
	S("SIMPAN\r\nA017 50000 1234", "SIMPAN", 0, .member = "A017", .amount = 50000,
	    .pin = "1234"),
	S("SIMPAN#A017#50.000#1234", "SIMPAN", 0, .member = "A017", .amount = 50000,
	    .pin = "1234", .redacted = "SIMPAN#A017#50.000#****"),
	S("SIMPAN A017 50000 1234.  ", "SIMPAN", 0, .member = "A017", .amount = 50000,
	    .pin = "1234", .redacted = "SIMPAN A017 50000 ****.  "),
	S("SIMPAN 081234567890 50000 1234", "SIMPAN", 0, .member = "+6281234567890",
	    .phone = 1, .amount = 50000, .pin = "1234"),
	S("SIMPAN +6281234567890 25rb 1234", "SIMPAN", 0,
	    .member = "+6281234567890", .phone = 1, .amount = 25000, .pin = "1234"),
	S("SIMPAN 6281234567890 25rb 1234", "SIMPAN", 0,
	    .member = "+6281234567890", .phone = 1, .amount = 25000, .pin = "1234"),
	S("SIMPAN 0812-3456-7890 25rb 1234", "SIMPAN", 0,
	    .member = "+6281234567890", .phone = 1, .amount = 25000, .pin = "1234"),
	S("SIMPAN A017 1,5jt 1234", "SIMPAN", 0, .member = "A017",
	    .amount = 1500000, .pin = "1234"),
	S("SIMPAN A017 Rp.50.000 1234", "SIMPAN", 0, .member = "A017",
	    .amount = 50000, .pin = "1234"),
	S("SIMPAN A017 50.000,00 1234", "SIMPAN", 0, .member = "A017",
	    .amount = 50000, .pin = "1234"),
	S("SIMPAN 50000 1234", "SIMPAN", 1, .amount = 50000, .pin = "1234"),
	S("SIMPAN 50000 POKOK 1234", "SIMPAN", 1, .amount = 50000, .type = "POKOK",
	    .pin = "1234"),
	S("SETOR 2juta 1234", "SIMPAN", 1, .amount = 2000000, .pin = "1234"),
	/* Two numbers are an amount and a PIN: the grammar cannot know better. */
	S("SIMPAN 1234 5678", "SIMPAN", 1, .amount = 1234, .pin = "5678"),
	E("SIMPAN 50x 1234", PARSE_BAD_AMOUNT, "SIMPAN", 1, "50x"),
	E("SIMPAN A017 50x 1234", PARSE_BAD_AMOUNT, "SIMPAN", 0, "50x"),
	E("SIMPAN A017 0 1234", PARSE_BAD_AMOUNT, "SIMPAN", 0, "0"),
	E("SIMPAN A017 050000 1234", PARSE_BAD_AMOUNT, "SIMPAN", 0, "050000"),
	E("SIMPAN A017 9999999999999 1234", PARSE_AMOUNT_TOO_LARGE, "SIMPAN", 0,
	    "9999999999999"),
	E("SIMPAN A017 99999999999999999999999 1234", PARSE_AMOUNT_TOO_LARGE,
	    "SIMPAN", 0, "99999999999999999999999"),
	E("SIMPAN A017 50000", PARSE_BAD_FORM, "SIMPAN", 0, ""),
	E("SIMPAN 50000", PARSE_BAD_FORM, "SIMPAN", 1, ""),
	E("SIMPAN", PARSE_BAD_FORM, "SIMPAN", 1, ""),
	E("SIMPAN A017 50000 POKOK", PARSE_BAD_FORM, "SIMPAN", 0, ""),
	E("SIMPAN A017 50000 BANYAK 1234", PARSE_BAD_FORM, "SIMPAN", 0, "BANYAK"),
	E("SIMPAN 50000 BANYAK 1234", PARSE_BAD_FORM, "SIMPAN", 1, "BANYAK"),
	E("SIMPAN XYZW12 50000 1234", PARSE_BAD_MEMBER, "SIMPAN", 0, "XYZW12"),
	E("SIMPAN A017 50000 12", PARSE_BAD_PIN, "SIMPAN", 0, ""),
	E("SIMPAN 50000 12", PARSE_BAD_PIN, "SIMPAN", 1, ""),
	/* A member number where the amount belongs: the officer form is meant. */
	E("SIMPAN k50 1234", PARSE_BAD_FORM, "SIMPAN", 0, ""),
	/* A phone number alone is no amount: the PIN is what is missing. */
	E("SIMPAN 6281234567890 1234", PARSE_BAD_FORM, "SIMPAN", 0, ""),

	/* Every way of writing an amount */
	AMT("50000", 50000),
	AMT("50.000", 50000),
	AMT("1.250.000", 1250000),
	AMT("1.234.567", 1234567),
	AMT("999.999.999.999", 999999999999LL),
	AMT("Rp50.000", 50000),
	AMT("RP50.000", 50000),
	AMT("rp50000", 50000),
	AMT("Rp.50.000", 50000),
	AMT("RP50RB", 50000),
	AMT("50rb", 50000),
	AMT("50RB", 50000),
	AMT("50ribu", 50000),
	AMT("50Ribu", 50000),
	AMT("50k", 50000),
	AMT("50K", 50000),
	AMT("1,5jt", 1500000),
	AMT("1.5jt", 1500000),
	AMT("1,25jt", 1250000),
	AMT("1.25JT", 1250000),
	AMT("0,5jt", 500000),
	AMT("0.5jt", 500000),
	AMT("0,0005jt", 500),
	AMT("1,000001jt", 1000001),
	AMT("2juta", 2000000),
	AMT("2JUTA", 2000000),
	AMT("2jt", 2000000),
	AMT("1.500jt", 1500000000LL),
	AMT("999999jt", 999999000000LL),
	AMT("1,5rb", 1500),
	AMT("12.5rb", 12500),
	AMT("1.05rb", 1050),
	AMT("1.005rb", 1005000),
	AMT("1.5k", 1500),
	AMT("50.000,00", 50000),
	AMT("50000,00", 50000),
	AMT("50.000,-", 50000),
	AMT("Rp50.000,00", 50000),
	BADAMT("0", PARSE_BAD_AMOUNT),
	BADAMT("00", PARSE_BAD_AMOUNT),
	BADAMT("0rb", PARSE_BAD_AMOUNT),
	BADAMT("050000", PARSE_BAD_AMOUNT),
	BADAMT("0.500", PARSE_BAD_AMOUNT),
	BADAMT("1,0005rb", PARSE_BAD_AMOUNT),
	BADAMT("1,0000001jt", PARSE_BAD_AMOUNT),
	BADAMT("1,5,5jt", PARSE_BAD_AMOUNT),
	BADAMT("1.25.000", PARSE_BAD_AMOUNT),
	BADAMT("1234.567", PARSE_BAD_AMOUNT),
	BADAMT("12.34", PARSE_BAD_AMOUNT),
	BADAMT("5.0000", PARSE_BAD_AMOUNT),
	BADAMT("1,5", PARSE_BAD_AMOUNT),
	BADAMT("50.00", PARSE_BAD_AMOUNT),
	BADAMT("50.000,50", PARSE_BAD_AMOUNT),
	BADAMT("50,000", PARSE_BAD_AMOUNT),
	BADAMT("-50000", PARSE_BAD_AMOUNT),
	BADAMT("50rbu", PARSE_BAD_AMOUNT),
	BADAMT("rb", PARSE_BAD_AMOUNT),
	/* Rp and the number after it are one amount: the PIN is missing. */
	E("SIMPAN Rp 1234", PARSE_BAD_FORM, "SIMPAN", 1, ""),
	BADAMT("1e6", PARSE_BAD_AMOUNT),
	BADAMT("1,jt", PARSE_BAD_AMOUNT),
	BADAMT("1.000.000.000.000", PARSE_AMOUNT_TOO_LARGE),
	BADAMT("1000000000000", PARSE_AMOUNT_TOO_LARGE),
	BADAMT("9223372036854775807", PARSE_AMOUNT_TOO_LARGE),
	BADAMT("9223372036854775808", PARSE_AMOUNT_TOO_LARGE),
	BADAMT("1000000jt", PARSE_AMOUNT_TOO_LARGE),
	BADAMT("99999999999999999999jt", PARSE_AMOUNT_TOO_LARGE),

	/* TERIMA */
	S("TERIMA S0042 1234", "TERIMA", 0, .code = "S0042", .pin = "1234"),
	S("terima s42 1234", "TERIMA", 0, .code = "S42", .pin = "1234"),
	S("TERIMA S12345678 1234", "TERIMA", 0, .code = "S12345678", .pin = "1234"),
	E("TERIMA 0042 1234", PARSE_BAD_CODE, "TERIMA", 0, "0042"),
	E("TERIMA S123456789 1234", PARSE_BAD_CODE, "TERIMA", 0, "S123456789"),
	E("TERIMA SS42 1234", PARSE_BAD_CODE, "TERIMA", 0, "SS42"),
	E("TERIMA S0042", PARSE_BAD_FORM, "TERIMA", 0, ""),

	/* TARIK */
	S("TARIK A017 100000 1234", "TARIK", 0, .member = "A017", .amount = 100000,
	    .pin = "1234"),
	S("tarik b5 100rb 1234", "TARIK", 0, .member = "B5", .amount = 100000,
	    .pin = "1234"),
	S("TARIK abc123456 1 1234", "TARIK", 0, .member = "ABC123456", .amount = 1,
	    .pin = "1234"),
	S("TARIK +14155552671 50000 1234", "TARIK", 0, .member = "+14155552671",
	    .phone = 1, .amount = 50000, .pin = "1234"),
	E("TARIK A017 100000", PARSE_BAD_FORM, "TARIK", 0, ""),
	E("TARIK A017 100000 POKOK 1234", PARSE_BAD_PIN, "TARIK", 0, ""),
	E("TARIK 12345 100000 1234", PARSE_BAD_MEMBER, "TARIK", 0, "12345"),
	E("TARIK 0812345 100000 1234", PARSE_BAD_MEMBER, "TARIK", 0, "0812345"),
	E("TARIK abcd1 50000 1234", PARSE_BAD_MEMBER, "TARIK", 0, "abcd1"),
	E("TARIK a1234567 50000 1234", PARSE_BAD_MEMBER, "TARIK", 0, "a1234567"),
	E("TARIK A-017 50000 1234", PARSE_BAD_MEMBER, "TARIK", 0, "A-017"),
	E("TARIK +62212345678 50000 1234", PARSE_BAD_MEMBER, "TARIK", 0,
	    "+62212345678"),
	E("TARIK 0812345678901234 50000 1234", PARSE_BAD_MEMBER, "TARIK", 0,
	    "0812345678901234"),

	/* PINJAM */
	S("PINJAM 5jt 12 1234", "PINJAM", 0, .amount = 5000000, .months = 12,
	    .pin = "1234"),
	S("PINJAM 5.000.000 12 1234", "PINJAM", 0, .amount = 5000000, .months = 12,
	    .pin = "1234"),
	S("pinjam 1.5JT 6 1234", "PINJAM", 0, .amount = 1500000, .months = 6,
	    .pin = "1234"),
	S("PINJAM 2,5jt 24 1234", "PINJAM", 0, .amount = 2500000, .months = 24,
	    .pin = "1234"),
	S("PINJAM 5jt 06 1234", "PINJAM", 0, .amount = 5000000, .months = 6,
	    .pin = "1234"),
	S("PINJAM 5jt 999 1234", "PINJAM", 0, .amount = 5000000, .months = 999,
	    .pin = "1234"),
	S("PINJAM 1234", "PINJAM", 1, .pin = "1234", .redacted = "PINJAM ****"),
	E("PINJAM 5jt 0 1234", PARSE_BAD_MONTHS, "PINJAM", 0, "0"),
	E("PINJAM 5jt 1000 1234", PARSE_BAD_MONTHS, "PINJAM", 0, "1000"),
	E("PINJAM 5jt 12x 1234", PARSE_BAD_MONTHS, "PINJAM", 0, "12x"),
	E("PINJAM 5jt 12", PARSE_BAD_FORM, "PINJAM", 0, ""),
	E("PINJAM 123", PARSE_BAD_PIN, "PINJAM", 1, ""),
	E("PINJAM 5x 12 1234", PARSE_BAD_AMOUNT, "PINJAM", 0, "5x"),

	/* SETUJU and TOLAK */
	S("SETUJU P0007 5101", "SETUJU", 0, .code = "P0007", .pin = "5101"),
	S("setuju p7 5101", "SETUJU", 0, .code = "P7", .pin = "5101"),
	S("TOLAK P0007 5101", "TOLAK", 0, .code = "P0007", .pin = "5101"),
	E("TOLAK P0007", PARSE_BAD_FORM, "TOLAK", 0, ""),
	E("SETUJU 7 5101", PARSE_BAD_CODE, "SETUJU", 0, "7"),

	/* BAYAR and ANGSUR */
	S("BAYAR A017 250000 1234", "BAYAR", 0, .member = "A017", .amount = 250000,
	    .pin = "1234"),
	S("ANGSUR A017 250.000 1234", "BAYAR", 0, .member = "A017", .amount = 250000,
	    .pin = "1234"),
	S("angsur 081300000001 1jt 1234", "BAYAR", 0, .member = "+6281300000001",
	    .phone = 1, .amount = 1000000, .pin = "1234"),
	E("BAYAR A017 250000 1234 lagi", PARSE_BAD_FORM, "BAYAR", 0, ""),

	/* TAGIHAN */
	S("TAGIHAN 1234", "TAGIHAN", 0, .pin = "1234"),
	S("tagihan 12345", "TAGIHAN", 0, .pin = "12345"),
	E("TAGIHAN", PARSE_BAD_FORM, "TAGIHAN", 0, ""),

	/* HARGA: the list, a price update, one item */
	S("HARGA", "HARGA", 0),
	S("harga", "HARGA", 0),
	S("HARGA.", "HARGA", 0),
	S("HARGA beras", "HARGA", 3, .item = "beras"),
	S("HARGA Beras Premium", "HARGA", 3, .item = "Beras Premium"),
	S("HARGA   gula   pasir  ", "HARGA", 3, .item = "gula pasir"),
	S("HARGA gula#pasir", "HARGA", 3, .item = "gula pasir"),
	S("HARGA CAB\xc3\x89", "HARGA", 3, .item = "CAB\xc3\x89"),
	S("HARGA beras 14500", "HARGA", 3, .item = "beras 14500"),
	S("HARGA beras 14500 1234", "HARGA", 1, .item = "beras", .amount = 14500,
	    .pin = "1234", .redacted = "HARGA beras 14500 ****"),
	S("HARGA beras premium 14.500 1234", "HARGA", 1, .item = "beras premium",
	    .amount = 14500, .pin = "1234"),
	S("HARGA minyak goreng 1 liter 15rb 1234", "HARGA", 1,
	    .item = "minyak goreng 1 liter", .amount = 15000, .pin = "1234"),
	S("HARGA beras#14500#1234", "HARGA", 1, .item = "beras", .amount = 14500,
	    .pin = "1234"),
	/* An item that holds what may be a PIN is not stored with it. */
	S("HARGA cabe 12,5 1234", "HARGA", 3, .item = "cabe 12,5 1234",
	    .redacted = "HARGA cabe 12,5 ****"),

	/* PIN */
	S("PIN 1234 567890", "PIN", 0, .pin = "1234", .newpin = "567890",
	    .redacted = "PIN **** ****"),
	S("pin 1234 5678.", "PIN", 0, .pin = "1234", .newpin = "5678",
	    .redacted = "pin **** ****."),
	S("PIN#1234#5678", "PIN", 0, .pin = "1234", .newpin = "5678",
	    .redacted = "PIN#****#****"),
	E("PIN 1234", PARSE_BAD_FORM, "PIN", 0, ""),
	E("PIN 1234 56", PARSE_BAD_PIN, "PIN", 0, ""),
	E("PIN 12 5678", PARSE_BAD_PIN, "PIN", 0, ""),
	E("PIN 1234 1234567", PARSE_BAD_PIN, "PIN", 0, ""),

	/* BANTUAN, HELP, INFO, ? */
	S("BANTUAN", "BANTUAN", 0),
	S("bantuan", "BANTUAN", 0),
	S("help", "BANTUAN", 0),
	S("Info", "BANTUAN", 0),
	S("?", "BANTUAN", 0),
	S("?.", "BANTUAN", 0),
	S("BANTUAN.", "BANTUAN", 0),
	S("BANTUAN SIMPAN", "BANTUAN", 1, .item = "SIMPAN"),
	S("HELP simpan pinjam", "BANTUAN", 1, .item = "simpan pinjam"),

	/* Nothing to parse */
	E("", PARSE_EMPTY, NULL, 0, ""),
	E("   ", PARSE_EMPTY, NULL, 0, ""),
	E("\t\r\n", PARSE_EMPTY, NULL, 0, ""),
	E("###", PARSE_EMPTY, NULL, 0, ""),
	E(".", PARSE_EMPTY, NULL, 0, ""),
	E(" . ", PARSE_EMPTY, NULL, 0, ""),

	/* Unknown commands, other scripts, emoji */
	/* A greeting alone is courtesy, answered warmly; one typo is forgiven. */
	E("halo pak", PARSE_COURTESY, NULL, 0, ""),
	S("SALDOO 2580", "SALDO", 0, .pin = "2580", .redacted = "SALDOO ****"),
	{ .text = "12345", .err = PARSE_UNKNOWN_COMMAND, .word = "12345",
	    .redacted = "****" },
	E("SAL DO 1234", PARSE_UNKNOWN_COMMAND, NULL, 0, "SAL"),
	E("S A L D O", PARSE_UNKNOWN_COMMAND, NULL, 0, "S"),
	S("SALDO. 1234", "SALDO", 0, .pin = "1234", .redacted = "SALDO. ****"),
	E("\xe4\xbd\xa0\xe5\xa5\xbd", PARSE_UNKNOWN_COMMAND, NULL, 0,
	    "\xe4\xbd\xa0\xe5\xa5\xbd"),
	E("\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 1234", PARSE_UNKNOWN_COMMAND, NULL, 0,
	    "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7"),
	E("\xf0\x9f\x98\x80 SALDO 1234", PARSE_UNKNOWN_COMMAND, NULL, 0,
	    "\xf0\x9f\x98\x80"),
	E("SALDO\xf0\x9f\x98\x80 1234", PARSE_UNKNOWN_COMMAND, NULL, 0,
	    "SALDO\xf0\x9f\x98\x80"),
	/* SALDO in full-width letters is not SALDO */
	E("\xef\xbc\xb3\xef\xbc\xa1\xef\xbc\xac\xef\xbc\xa4\xef\xbc\xaf 1234",
	    PARSE_UNKNOWN_COMMAND, NULL, 0,
	    "\xef\xbc\xb3\xef\xbc\xa1\xef\xbc\xac\xef\xbc\xa4\xef\xbc\xaf"),
	/* 24 Cyrillic letters, 48 bytes: cut to 15 whole letters, not 31 bytes. */
	E("\xd0\x97\xd0\x94\xd0\xa0\xd0\x90\xd0\x92\xd0\xa1\xd0\xa2\xd0\x92"
	  "\xd0\xa3\xd0\x99\xd0\xa2\xd0\x95\xd0\x97\xd0\x94\xd0\xa0\xd0\x90"
	  "\xd0\x92\xd0\xa1\xd0\xa2\xd0\x92\xd0\xa3\xd0\x99\xd0\xa2\xd0\x95",
	    PARSE_UNKNOWN_COMMAND, NULL, 0,
	    "\xd0\x97\xd0\x94\xd0\xa0\xd0\x90\xd0\x92\xd0\xa1\xd0\xa2\xd0\x92"
	    "\xd0\xa3\xd0\x99\xd0\xa2\xd0\x95\xd0\x97\xd0\x94\xd0\xa0"),
	/* Control bytes never reach a reply. */
	E("HAL\x01O", PARSE_UNKNOWN_COMMAND, NULL, 0, "HAL?O"),
	E("\xff\xfe\xfd", PARSE_UNKNOWN_COMMAND, NULL, 0, "\xff\xfe\xfd"),

	/* As villagers write: filler, courtesy, glued keywords, separators */
	S("cek saldo 1111", "SALDO", 0, .pin = "1111", .redacted = "cek saldo ****"),
	S("saldo saya 1212", "SALDO", 0, .pin = "1212"),
	S("saldo 1313 terima kasih", "SALDO", 0, .pin = "1313",
	    .redacted = "saldo **** terima kasih"),
	S("saldo1414", "SALDO", 0, .pin = "1414", .redacted = "saldo****"),
	S("Saldo 1515 makasih bu", "SALDO", 0, .pin = "1515"),
	S("tolong cek saldo saya ya bu 1616", "SALDO", 0, .pin = "1616"),
	S("SALDO.1234", "SALDO", 0, .pin = "1234", .redacted = "SALDO.****"),
	S("SALDO*1234", "SALDO", 0, .pin = "1234"),
	S("saldo, 1234", "SALDO", 0, .pin = "1234"),
	S("saldo? 1234", "SALDO", 0, .pin = "1234"),
	S("CEKSALDO 1234", "SALDO", 0, .pin = "1234"),
	S("ceksaldo1234", "SALDO", 0, .pin = "1234", .redacted = "ceksaldo****"),
	S("SALDOO 1234", "SALDO", 0, .pin = "1234"),
	S("SLDO 1234", "SALDO", 0, .pin = "1234"),
	S("mau pinjam 2 juta 12 bulan 1212", "PINJAM", 0, .amount = 2000000,
	    .months = 12, .pin = "1212",
	    .redacted = "mau pinjam 2 juta 12 bulan ****"),
	S("PINJAM 1,5 jt 12bln 1234", "PINJAM", 0, .amount = 1500000, .months = 12,
	    .pin = "1234"),
	S("pinjam Rp.1,5juta 6 bln 1234", "PINJAM", 0, .amount = 1500000,
	    .months = 6, .pin = "1234"),
	S("PINJAMAN 1234", "PINJAM", 1, .pin = "1234"),
	S("SIMPAN*A002*75000*5303", "SIMPAN", 0, .member = "A002", .amount = 75000,
	    .pin = "5303", .redacted = "SIMPAN*A002*75000*****"),
	S("SIMPAN A017 Rp. 50.000,- 1234", "SIMPAN", 0, .member = "A017",
	    .amount = 50000, .pin = "1234",
	    .redacted = "SIMPAN A017 Rp. 50.000,- ****"),
	S("SIMPAN A017 Rp 20.000 1234", "SIMPAN", 0, .member = "A017",
	    .amount = 20000, .pin = "1234"),
	S("SIMPAN A017 50 ribu sukarla 1234", "SIMPAN", 0, .member = "A017",
	    .amount = 50000, .type = "SUKARELA", .pin = "1234"),
	S("SIMPN 50rb wjb 1234", "SIMPAN", 1, .amount = 50000, .type = "WAJIB",
	    .pin = "1234"),
	S("simpan 50rb wjib 1234", "SIMPAN", 1, .amount = 50000, .type = "WAJIB",
	    .pin = "1234"),
	S("SETOR 1 juta pkk 1234", "SIMPAN", 1, .amount = 1000000, .type = "POKOK",
	    .pin = "1234"),
	S("TAGIAN 1234", "TAGIHAN", 0, .pin = "1234"),
	S("tagih 1234", "TAGIHAN", 0, .pin = "1234"),
	S("HRG gula", "HARGA", 3, .item = "gula"),
	S("harga migor", "HARGA", 3, .item = "migor"),
	S("cek harga beras dong", "HARGA", 3, .item = "beras"),
	S("HARGA ALIAS migor minyak goreng 1234", "HARGA", 2,
	    .item = "migor minyak goreng", .pin = "1234"),
	S("GANTI PIN 1234 7391", "PIN", 0, .pin = "1234", .newpin = "7391",
	    .redacted = "GANTI PIN **** ****"),
	S("gantipin 1234 7391", "PIN", 0, .pin = "1234", .newpin = "7391"),
	S("TOLAK P0007 simpanan kurang 5101", "TOLAK", 1, .code = "P0007",
	    .item = "simpanan kurang", .pin = "5101"),
	S("BAYAR A017 Rp 250.000 1234", "BAYAR", 0, .member = "A017",
	    .amount = 250000, .pin = "1234"),
	S("info saldo 1234", "SALDO", 0, .pin = "1234"),
	S("INFO", "BANTUAN", 0),
	E("terima kasih", PARSE_COURTESY, NULL, 0, ""),
	E("selamat pagi bu", PARSE_COURTESY, NULL, 0, ""),
	{ .text = "mau tanya cara cek saldo gmn ya", .err = PARSE_UNKNOWN_COMMAND,
	    .word = "tanya" },
	/* .5jt is refused, not read as 5jt. */
	BADAMT(".5jt", PARSE_BAD_AMOUNT),
	/* The PIN glued to a later word is still refused whole. */
	E("SALDO PIN2580", PARSE_BAD_PIN, "SALDO", 0, ""),
	E("PINJAM 2jt 12x 1234", PARSE_BAD_MONTHS, "PINJAM", 0, "12x"),

	/* Word limits */
	S("HARGA a b c d e f g h i j k l m n o p q r s t u v w", "HARGA", 3,
	    .item = "a b c d e f g h i j k l m n o p q r s t u v w"),
	E("HARGA a b c d e f g h i j k l m n o p q r s t u v w x",
	    PARSE_TOO_MANY_WORDS, "HARGA", 0, ""),
	E("BANTUAN 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25",
	    PARSE_TOO_MANY_WORDS, "BANTUAN", 0, ""),
	E("apa a b c d e f g h i j k l m n o p q r s t u v w x y z",
	    PARSE_UNKNOWN_COMMAND, NULL, 0, "apa"),
	S("HARGA aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "HARGA", 3,
	    .item = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	E("HARGA aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    PARSE_BAD_FORM, "HARGA", 3, ""),
	E("HARGA aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    " 15rb 1234", PARSE_BAD_FORM, "HARGA", 1, ""),
};

static const char *
type_name(enum saving_type t)
{
	return t == SAVING_POKOK ? "POKOK" : t == SAVING_WAJIB ? "WAJIB" :
	    t == SAVING_SUKARELA ? "SUKARELA" : "?";
}

static int
str_differs(const char *what, const char *want, const char *got, size_t i)
{
	if (strcmp(want != NULL ? want : "", got) == 0)
		return 0;
	print_error("case %zu (%s): %s \"%s\", want \"%s\"\n", i, cases[i].text,
	    what, got, want != NULL ? want : "");
	return 1;
}

static int
int_differs(const char *what, long long want, long long got, size_t i)
{
	if (want == got)
		return 0;
	print_error("case %zu (%s): %s %lld, want %lld\n", i, cases[i].text, what,
	    got, want);
	return 1;
}

/* Parses one case from an unterminated heap copy; counts what differs. */
static int
case_check(size_t i)
{
	const struct pcase *c = &cases[i];
	size_t len = c->len != 0 ? c->len : strlen(c->text);
	char *buf = malloc(len > 0 ? len : 1);
	struct parsed p;
	int rc, bad = 0;

	assert_non_null(buf);
	memcpy(buf, c->text, len);
	rc = parse_command(buf, len, &p);
	bad += int_differs("rc", c->err == PARSE_OK ? 0 : -1, rc, i);
	bad += int_differs("err", c->err, p.err, i);
	bad += str_differs("command", c->cmd, p.entry ? p.entry->name : "", i);
	bad += str_differs("err_word", c->word, p.err_word, i);
	if (c->redacted != NULL)
		bad += str_differs("redacted", c->redacted, p.redacted, i);
	if (c->cmd != NULL)
		bad += int_differs("form", c->form, p.form, i);
	if (c->err == PARSE_OK) {
		bad += str_differs("member", c->member, p.member, i);
		bad += int_differs("member_is_phone", c->phone, p.member_is_phone, i);
		bad += int_differs("amount", c->amount, p.amount, i);
		bad += int_differs("months", c->months, p.months, i);
		bad += int_differs("has_type", c->type != NULL, p.has_type, i);
		if (c->type != NULL && p.has_type)
			bad += str_differs("type", c->type, type_name(p.type), i);
		bad += str_differs("code", c->code, p.code, i);
		bad += str_differs("item", c->item, p.item, i);
		bad += str_differs("pin", c->pin, p.pin, i);
		bad += int_differs("has_pin", c->pin != NULL, p.has_pin, i);
		bad += str_differs("newpin", c->newpin, p.newpin, i);
	}
	free(buf);
	return bad;
}

static void
test_table(void **state)
{
	size_t i, n = sizeof(cases) / sizeof(cases[0]);
	int bad = 0;

	(void)state;
	assert_true(n >= 150);
	for (i = 0; i < n; i++)
		bad += case_check(i);
	assert_int_equal(bad, 0);
}

/* Every command and alias in the table is reached by its own name. */
static void
test_every_keyword(void **state)
{
	const struct handler_entry *const *e;
	const char *const *a;
	struct parsed p;

	(void)state;
	for (e = handler_table; *e != NULL; e++) {
		parse_command((*e)->name, strlen((*e)->name), &p);
		assert_ptr_equal(p.entry, *e);
		for (a = (*e)->aliases; *a != NULL; a++) {
			parse_command(*a, strlen(*a), &p);
			assert_ptr_equal(p.entry, *e);
		}
	}
}

/* The parser reads len bytes and not one more. */
static void
test_unterminated_prefix(void **state)
{
	static const char text[] = "SALDO 12345678 TAGIHAN";
	static const char deposit[] = "SIMPAN A017 50000 1234POKOK";
	struct parsed p;

	(void)state;
	assert_int_equal(parse_command(text, 10, &p), 0);
	assert_string_equal(p.pin, "1234");
	assert_string_equal(p.redacted, "SALDO ****");
	assert_int_equal(parse_command(text, 9, &p), -1);
	assert_int_equal(p.err, PARSE_BAD_PIN);
	assert_int_equal(parse_command(text, 5, &p), -1);
	assert_int_equal(p.err, PARSE_BAD_FORM);
	assert_int_equal(parse_command(text, 3, &p), -1);
	assert_int_equal(p.err, PARSE_UNKNOWN_COMMAND);
	assert_string_equal(p.err_word, "SAL");
	assert_int_equal(parse_command(text, 0, &p), -1);
	assert_int_equal(p.err, PARSE_EMPTY);
	assert_int_equal(parse_command(deposit, 22, &p), 0);
	assert_int_equal(p.amount, 50000);
	assert_string_equal(p.pin, "1234");
	assert_false(p.has_type);
	assert_int_equal(parse_amount("50000abc", 5, &p.amount), PARSE_OK);
	assert_int_equal(p.amount, 50000);
}

/* A heap buffer of n bytes: the message, then pad, then tail at the very end. */
static char *
sized(const char *head, char pad, const char *tail, size_t n)
{
	char *b = malloc(n);

	assert_non_null(b);
	memset(b, pad, n);
	memcpy(b, head, strlen(head));
	memcpy(b + n - strlen(tail), tail, strlen(tail));
	return b;
}

static void
test_length_limit(void **state)
{
	struct parsed p;
	char *b;
	size_t i;

	(void)state;
	/* Exactly MSG_MAX bytes is a message, the PIN its last four. */
	b = sized("SALDO", ' ', "2580", MSG_MAX);
	assert_int_equal(parse_command(b, MSG_MAX, &p), 0);
	assert_string_equal(p.pin, "2580");
	assert_int_equal(strlen(p.redacted), MSG_MAX);
	assert_memory_equal(p.redacted + MSG_MAX - 4, "****", 4);
	assert_null(strstr(p.redacted, "2580"));
	free(b);
	/* One byte more is refused whole, and still stored without a PIN. */
	b = sized("SALDO", ' ', "2580", MSG_MAX + 1);
	assert_int_equal(parse_command(b, MSG_MAX + 1, &p), -1);
	assert_int_equal(p.err, PARSE_TOO_LONG);
	assert_null(p.entry);
	assert_null(strstr(p.redacted, "2580"));
	free(b);
	b = sized("", '#', "", MSG_MAX);
	assert_int_equal(parse_command(b, MSG_MAX, &p), -1);
	assert_int_equal(p.err, PARSE_EMPTY);
	free(b);
	b = sized("", 'x', "", 64 * 1024);
	assert_int_equal(parse_command(b, 64 * 1024, &p), -1);
	assert_int_equal(p.err, PARSE_TOO_LONG);
	free(b);
	/* A thousand bytes of emoji: one unknown word, cut whole. */
	b = malloc(MSG_MAX);
	assert_non_null(b);
	for (i = 0; i < MSG_MAX; i += 4)
		memcpy(b + i, "\xf0\x9f\x98\x80", 4);
	assert_int_equal(parse_command(b, MSG_MAX, &p), -1);
	assert_int_equal(p.err, PARSE_UNKNOWN_COMMAND);
	assert_int_equal(strlen(p.err_word), 28);
	free(b);
	/* A thousand separate words are too many. */
	b = sized("BANTUAN", ' ', "", MSG_MAX);
	for (i = 8; i + 1 < MSG_MAX; i += 2)
		b[i] = 'x';
	assert_int_equal(parse_command(b, MSG_MAX, &p), -1);
	assert_int_equal(p.err, PARSE_TOO_MANY_WORDS);
	free(b);
}

/* Every byte value in every position: no crash, and an answer. */
static void
test_any_bytes(void **state)
{
	unsigned char b[16];
	struct parsed p;
	unsigned i, k;
	char why[320];

	(void)state;
	for (i = 0; i < 256; i++)
		for (k = 0; k < sizeof(b); k++) {
			memcpy(b, "SIMPAN A017 5rb ", sizeof(b));
			b[k] = (unsigned char)i;
			if (parse_command((const char *)b, sizeof(b), &p) == -1)
				assert_true(strlen(parse_error_text(&p, why,
				    sizeof(why))) > 0);
		}
}

struct etext {
	const char	*in;
	const char	*want;
};

/* What to type and an example, never "Format salah"; no digits she typed. */
static const struct etext etexts[] = {
	{ "SIMPAN 50x 1234", "Jumlah \"50x\" tidak dikenali. Ketik SIMPAN, jumlah,"
	    " [jenis], PIN Anda; mis. SIMPAN 50rb 6789." },
	{ "SIMPAN A017 50x 1234", "Jumlah \"50x\" tidak dikenali. Ketik SIMPAN, no."
	    " anggota, jumlah, [jenis], PIN; mis. SIMPAN A017 50rb WAJIB 6789." },
	{ "SIMPAN 9999999999999 1234", "Jumlah \"9999999999999\" terlalu besar."
	    " Ketik SIMPAN, jumlah, [jenis], PIN Anda; mis. SIMPAN 50rb 6789." },
	{ "SALDO 12", "PIN harus 4-6 angka. Ketik SALDO lalu PIN Anda, mis. SALDO"
	    " 1234." },
	{ "PIN 1234 1234567", "PIN harus 4-6 angka. Ketik PIN, PIN lama, PIN baru;"
	    " mis. PIN 6789 7391." },
	{ "SALDO", "Ketik SALDO lalu PIN Anda, mis. SALDO 1234." },
	{ "SIMPAN A017 50000", "Ketik SIMPAN, no. anggota, jumlah, [jenis], PIN;"
	    " mis. SIMPAN A017 50rb WAJIB 1234." },
	{ "SIMPAN A017 50000 BANYAK 1234", "Kata \"BANYAK\" tidak dikenali. Ketik"
	    " SIMPAN, no. anggota, jumlah, [jenis], PIN; mis. SIMPAN A017 50rb"
	    " WAJIB 6789." },
	{ "TARIK X-1 50000 1234", "Anggota \"X-1\" tidak dikenali; pakai nomor"
	    " anggota (A017) atau nomor HP. Ketik TARIK, no. anggota, jumlah, PIN;"
	    " mis. TARIK A017 100rb 6789." },
	/* A word of four to six digits may be a PIN in the wrong place. */
	{ "TARIK 12345 50000 1234", "Anggota tidak dikenali; pakai nomor anggota"
	    " (A017) atau nomor HP. Ketik TARIK, no. anggota, jumlah, PIN; mis."
	    " TARIK A017 100rb 6789." },
	{ "PINJAM 5jt 0 1234", "Lama pinjaman \"0\" tidak dikenali. Ketik PINJAM,"
	    " jumlah, lama (bulan), PIN Anda; mis. PINJAM 2jt 12 6789." },
	{ "PINJAM 123", "PIN harus 4-6 angka. Ketik PINJAM lalu PIN Anda, mis."
	    " PINJAM 1234." },
	{ "TERIMA SS42 1234", "Kode \"SS42\" tidak dikenali. Ketik TERIMA, kode"
	    " setoran, PIN; mis. TERIMA S0042 6789." },
	{ "halo pak", "Halo! Ketik BANTUAN untuk daftar perintah." },
	{ "terima kasih", "Sama-sama. Ketik BANTUAN untuk daftar perintah." },
	{ "apa kabar", "Perintah \"apa\" tidak dikenal. Ketik BANTUAN untuk daftar"
	    " perintah." },
	{ "", "Pesan kosong. Ketik BANTUAN untuk daftar perintah." },
	{ "BANTUAN 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24",
	    "Terlalu banyak kata. Ketik BANTUAN." },
	/* Both the example's digits and their shift were typed: no example. */
	{ "SALDO 1234 6789", "Ketik SALDO lalu PIN Anda." },
	/* The refused word is shown up to 20 bytes, cut between characters. */
	{ "SIMPAN A017 abcdefghijklmnopqrstuvwxyz 1234", "Jumlah"
	    " \"abcdefghijklmnopqrst\" tidak dikenali. Ketik SIMPAN, no. anggota,"
	    " jumlah, [jenis], PIN; mis. SIMPAN A017 50rb WAJIB 6789." },
	{ "SIMPAN A017 \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 1234", "Jumlah \"\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\" tidak"
	    " dikenali. Ketik SIMPAN, no. anggota, jumlah, [jenis], PIN; mis. SIMPAN"
	    " A017 50rb WAJIB 6789." },
};

static void
test_error_text(void **state)
{
	struct parsed p;
	char why[320];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(etexts) / sizeof(etexts[0]); i++) {
		assert_int_equal(parse_command(etexts[i].in, strlen(etexts[i].in),
		    &p), -1);
		assert_string_equal(parse_error_text(&p, why, sizeof(why)),
		    etexts[i].want);
	}
	p.err = PARSE_TOO_LONG;
	p.entry = NULL;
	assert_string_equal(parse_error_text(&p, why, sizeof(why)),
	    "Pesan terlalu panjang. Ketik BANTUAN untuk daftar perintah.");
	/* A short buffer gets a cut, terminated line. */
	assert_int_equal(parse_command("SALDO 12", 8, &p), -1);
	assert_string_equal(parse_error_text(&p, why, 8), "PIN har");
	why[0] = 'x';
	parse_error_text(&p, why, 0);
	assert_int_equal(why[0], 'x');
}

/*
 * No refusal repeats a word of four to six digits, and every refusal of
 * the table fits one SMS.
 */
static void
test_error_text_never_has_pin(void **state)
{
	size_t i, n = sizeof(cases) / sizeof(cases[0]), s, e;
	struct parsed p;
	char why[320], word[8], *q;
	const char *t;

	(void)state;
	for (i = 0; i < n; i++) {
		t = cases[i].text;
		if (cases[i].len != 0 ||
		    parse_command(t, strlen(t), &p) == 0)
			continue;
		parse_error_text(&p, why, sizeof(why));
		if (sms_units(why) != -1)
			assert_in_range(sms_units(why), 1, 160);
		/* The refused word itself may hold those digits (1234.567). */
		if (p.err_word[0] != '\0' && (q = strstr(why, "\"")) != NULL &&
		    strncmp(q + 1, p.err_word, strlen(p.err_word)) == 0)
			memset(q, '"', strlen(p.err_word) + 2);
		for (s = 0; t[s] != '\0'; s = e + (t[e] == '.')) {
			s += strspn(t + s, " #");
			e = s + strcspn(t + s, " #");
			if (e > s && t[e - 1] == '.')
				e--;
			if (e - s < 4 || e - s > 6 ||
			    strspn(t + s, "0123456789") != e - s)
				continue;
			memcpy(word, t + s, e - s);
			word[e - s] = '\0';
			if (strstr(why, word) != NULL)
				fail_msg("\"%s\" answered with %s: %s", t, word, why);
		}
	}
}

struct acase {
	const char	*in;
	int		 rc;
	int64_t		 value;
};

static const struct acase amounts[] = {
	{ "1", PARSE_OK, 1 },
	{ "50000", PARSE_OK, 50000 },
	{ "50.000", PARSE_OK, 50000 },
	{ "Rp50.000", PARSE_OK, 50000 },
	{ "Rp.1.250.000", PARSE_OK, 1250000 },
	{ "50rb", PARSE_OK, 50000 },
	{ "50ribu", PARSE_OK, 50000 },
	{ "50k", PARSE_OK, 50000 },
	{ "1,5jt", PARSE_OK, 1500000 },
	{ "1.5jt", PARSE_OK, 1500000 },
	{ "1,25jt", PARSE_OK, 1250000 },
	{ "0,5jt", PARSE_OK, 500000 },
	{ "2juta", PARSE_OK, 2000000 },
	{ "2Jt", PARSE_OK, 2000000 },
	{ "50.000,00", PARSE_OK, 50000 },
	{ "999999999999", PARSE_OK, 999999999999LL },
	{ "999999,999999jt", PARSE_OK, 999999999999LL },
	{ "", PARSE_BAD_AMOUNT, 0 },
	{ "0", PARSE_BAD_AMOUNT, 0 },
	{ "050000", PARSE_BAD_AMOUNT, 0 },
	{ "1,0005rb", PARSE_BAD_AMOUNT, 0 },
	{ "50.0000", PARSE_BAD_AMOUNT, 0 },
	{ "5.00", PARSE_BAD_AMOUNT, 0 },
	{ ".500", PARSE_BAD_AMOUNT, 0 },
	{ "500.", PARSE_BAD_AMOUNT, 0 },
	{ "1..000", PARSE_BAD_AMOUNT, 0 },
	{ "50 000", PARSE_BAD_AMOUNT, 0 },
	{ "lima puluh", PARSE_BAD_AMOUNT, 0 },
	{ "1000000000000", PARSE_AMOUNT_TOO_LARGE, 0 },
	{ "1000000,000001jt", PARSE_AMOUNT_TOO_LARGE, 0 },
	{ "999999,9999999jt", PARSE_BAD_AMOUNT, 0 },
	{ "9223372036854775807", PARSE_AMOUNT_TOO_LARGE, 0 },
	{ "18446744073709551616", PARSE_AMOUNT_TOO_LARGE, 0 },
	{ "9223372036854775807jt", PARSE_AMOUNT_TOO_LARGE, 0 },
	{ "99999999999999999999999999999999999999999999", PARSE_AMOUNT_TOO_LARGE, 0 },
};

static void
test_parse_amount(void **state)
{
	size_t i;
	int64_t v;

	(void)state;
	for (i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
		v = -7;
		if (parse_amount(amounts[i].in, strlen(amounts[i].in), &v) !=
		    amounts[i].rc)
			fail_msg("%s: rc %d, want %d", amounts[i].in,
			    parse_amount(amounts[i].in, strlen(amounts[i].in), &v),
			    amounts[i].rc);
		/* A refused amount leaves the output alone. */
		assert_int_equal(v, amounts[i].rc == PARSE_OK ? amounts[i].value : -7);
	}
}

struct phcase {
	const char	*in;
	const char	*out;	/* NULL: not a phone number */
};

static const struct phcase phones[] = {
	{ "081234567890", "+6281234567890" },
	{ "6281234567890", "+6281234567890" },
	{ "+6281234567890", "+6281234567890" },
	{ "0812-3456-7890", "+6281234567890" },
	{ "0812 3456 7890", "+6281234567890" },
	{ "+62 812-3456-7890", "+6281234567890" },
	{ "08123456789", "+628123456789" },
	{ "0812345678", "+62812345678" },
	{ "08123456789012", "+628123456789012" },
	{ "+14155552671", "+14155552671" },
	{ "+4915112345678", "+4915112345678" },
	{ "+12345678", "+12345678" },
	{ "081234567", NULL },
	{ "081234567890123", NULL },
	{ "0212345678", NULL },
	{ "+62212345678", NULL },
	{ "6221234567", NULL },
	{ "+1234567", NULL },
	{ "+1234567890123456", NULL },
	{ "4915112345678", NULL },
	{ "812345678", NULL },
	{ "", NULL },
	{ "+", NULL },
	{ "628", NULL },
	{ "0812--3456-7890", NULL },
	{ "-081234567890", NULL },
	{ "081234567890-", NULL },
	{ "0812  3456 7890", NULL },
	{ "08123456789a", NULL },
	{ "+0812345678", NULL },
	{ "++6281234567890", NULL },
	{ "00628123456789", "+628123456789" },
	{ "0062 812-3456-7890", "+6281234567890" },
	{ "004915112345678", "+4915112345678" },
	{ "00", NULL },
	{ "000812345678", NULL },
	{ "0062212345678", NULL },
	{ "+00628123456789", NULL },
	{ "A017", NULL },
	{ "\xd9\xa0\xd9\xa8\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5", NULL },
};

static void
test_phone_normalize(void **state)
{
	char out[24];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(phones) / sizeof(phones[0]); i++) {
		rc = phone_normalize(phones[i].in, out, sizeof(out));
		if (phones[i].out == NULL) {
			if (rc != -1)
				fail_msg("%s: accepted as %s", phones[i].in, out);
			continue;
		}
		if (rc != 0)
			fail_msg("%s: refused", phones[i].in);
		assert_string_equal(out, phones[i].out);
	}
	/* Too small an output is a refusal, not a cut number. */
	assert_int_equal(phone_normalize("081234567890", out, 14), -1);
	assert_int_equal(phone_normalize("081234567890", out, 15), 0);
	assert_string_equal(out, "+6281234567890");
}

static void
test_sender_is_person(void **state)
{
	(void)state;
	assert_int_equal(sender_is_person("+6281234567890"), 1);
	assert_int_equal(sender_is_person("081234567890"), 1);
	assert_int_equal(sender_is_person("6281234567890"), 1);
	assert_int_equal(sender_is_person("+14155552671"), 1);
	assert_int_equal(sender_is_person("006281234567890"), 1);
	assert_int_equal(sender_is_person("TELKOMSEL"), 0);
	assert_int_equal(sender_is_person("Info"), 0);
	assert_int_equal(sender_is_person("INDOSAT"), 0);
	assert_int_equal(sender_is_person("BANK123456789"), 0);
	assert_int_equal(sender_is_person("3636"), 0);
	assert_int_equal(sender_is_person("+123"), 0);
	assert_int_equal(sender_is_person("123456"), 0);
	assert_int_equal(sender_is_person("1234567"), 0);
	assert_int_equal(sender_is_person(""), 0);
	assert_int_equal(sender_is_person("\xc3\x8fnfo"), 0);
	assert_int_equal(sender_is_person("0812345678\xc3\xa9"), 0);
}

static void
test_pin_wellformed(void **state)
{
	(void)state;
	assert_true(pin_wellformed("1234"));
	assert_true(pin_wellformed("0000"));
	assert_true(pin_wellformed("123456"));
	assert_false(pin_wellformed("123"));
	assert_false(pin_wellformed("1234567"));
	assert_false(pin_wellformed("12a4"));
	assert_false(pin_wellformed(" 1234"));
	assert_false(pin_wellformed(""));
}

struct rcase {
	const char	*in;
	const char	*out;
};

static const struct rcase redactions[] = {
	{ "SALDOO 2580", "SALDOO ****" },
	{ "PIN 1234 5678", "PIN **** ****" },
	{ "SALDO 123456", "SALDO ****" },
	{ "saldo 1234.", "saldo ****." },
	{ "saldo 1234!", "saldo ****!" },
	{ "SALDO#1234#", "SALDO#****#" },
	{ "\t1234\r\n", "\t****\r\n" },
	{ "1234", "****" },
	{ "SALDO 123", "SALDO 123" },
	{ "SALDO 1234567", "SALDO 1234567" },
	/* A PIN glued to letters or signs is a PIN all the same. */
	{ "SALDO abc1234", "SALDO abc****" },
	{ "SALDO 1234abc", "SALDO ****abc" },
	{ "SALDO.2580", "SALDO.****" },
	{ "saldo=2580;cek:123456", "saldo=****;cek:****" },
	{ "PIN2580x1234567", "PIN****x1234567" },
	{ "SIMPAN Rp50.000", "SIMPAN Rp50.000" },
	{ "SIMPAN 12.345", "SIMPAN 12.345" },
	{ "TARIK 081234567890 50000 9911", "TARIK 081234567890 **** ****" },
	{ "\xe4\xbd\xa0\xe5\xa5\xbd 1234", "\xe4\xbd\xa0\xe5\xa5\xbd ****" },
	{ "", "" },
};

static void
test_redact_unparsed(void **state)
{
	char out[MSG_MAX + 1], *b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(redactions) / sizeof(redactions[0]); i++) {
		redact_unparsed(redactions[i].in, strlen(redactions[i].in), out,
		    sizeof(out));
		assert_string_equal(out, redactions[i].out);
	}
	/* A NUL inside the text is a space in the stored copy. */
	redact_unparsed("SALDO\0" "1234", 10, out, sizeof(out));
	assert_string_equal(out, "SALDO ****");
	/* Only len bytes are read. */
	redact_unparsed("SALDO 12345678", 10, out, sizeof(out));
	assert_string_equal(out, "SALDO ****");
	/* No room for the stars: the digits are left out, not shown. */
	redact_unparsed("SALDO 1234", 10, out, 8);
	assert_string_equal(out, "SALDO ");
	redact_unparsed("SALDO 1234", 10, out, 11);
	assert_string_equal(out, "SALDO ****");
	redact_unparsed("SALDO 1234", 10, out, 1);
	assert_string_equal(out, "");
	out[0] = 'x';
	redact_unparsed("SALDO 1234", 10, out, 0);
	assert_int_equal(out[0], 'x');
	/* Longer text is cut at MSG_MAX, and a PIN at the cut is still hidden. */
	b = sized("SALDOO", ' ', "", MSG_MAX + 10);
	memcpy(b + MSG_MAX - 4, "2580", 4);
	redact_unparsed(b, MSG_MAX + 10, out, sizeof(out));
	assert_int_equal(strlen(out), MSG_MAX);
	assert_string_equal(out + MSG_MAX - 4, "****");
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_keyword),
		cmocka_unit_test(test_unterminated_prefix),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_any_bytes),
		cmocka_unit_test(test_error_text),
		cmocka_unit_test(test_error_text_never_has_pin),
		cmocka_unit_test(test_parse_amount),
		cmocka_unit_test(test_phone_normalize),
		cmocka_unit_test(test_sender_is_person),
		cmocka_unit_test(test_pin_wellformed),
		cmocka_unit_test(test_redact_unparsed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
