/*
 * The USSD menus, walked from the top on every hop.  Handsets show ASCII
 * reliably and nothing beyond 160 characters, so every screen is built
 * here from short Indonesian lines and checked against that budget; the
 * PIN is always the last input, so a session's path never holds a PIN
 * before the hop that ends it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "gateway/ussd.h"

#define PRICES_MAX	200
#define PRICE_LINE_MAX	64

enum wstate {
	W_MAIN, W_PRICES, W_PIN, W_LOAN_AMOUNT, W_LOAN_MONTHS, W_DEP_AMOUNT,
	W_DEP_TYPE, W_NEWPIN, W_NEWPIN2, W_DONE
};
enum action { A_SALDO, A_TAGIHAN, A_STATUS, A_PINJAM, A_SIMPAN, A_GANTI };

struct walker {
	struct db		*db;
	const struct rules	*rules;
	int			 registered;
	int			 notice;
	enum wstate		 st;
	enum action		 action;
	int			 wrong;		/* the last input was refused */
	int			 failed;	/* a database error */
	int			 page;
	int64_t			 amount;
	int			 months;
	enum saving_type	 type;
	char			 newpin[8];
	/* the price list, loaded when first shown */
	int			 prices_loaded;
	int			 nprices;
	char			(*lines)[PRICE_LINE_MAX];
	int			 npages;
	int			 page_start[PRICES_MAX + 1];
};

/* Latin-1 letters U+00C0..U+00FF without their accents. */
static const char latin1_plain[] =
    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";

void
ussd_ascii(const char *in, char *out, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;

	_Static_assert(sizeof(latin1_plain) == 65, "64 letters");
	if (len == 0)
		return;
	while (*s != '\0' && o + 1 < len) {
		const char *put = NULL;
		char one[2] = { 0, 0 };

		if (*s < 0x80) {
			one[0] = (*s < 0x20 && *s != '\n') || *s == '`' ? ' ' :
			    (char)*s;
			s++;
		} else if (s[0] == 0xc3 && s[1] >= 0x80 && s[1] <= 0xbf) {
			one[0] = latin1_plain[s[1] - 0x80];
			s += 2;
		} else if (s[0] == 0xe2 && s[1] == 0x80 && s[2] != '\0') {
			/* Quotes, dashes and the ellipsis copied from documents. */
			if (s[2] == 0x98 || s[2] == 0x99)
				one[0] = '\'';
			else if (s[2] == 0x9c || s[2] == 0x9d)
				one[0] = '"';
			else if (s[2] == 0x93 || s[2] == 0x94)
				one[0] = '-';
			else if (s[2] == 0xa6)
				put = "...";
			else
				one[0] = '?';
			s += 3;
		} else {
			one[0] = '?';
			s++;
			while ((*s & 0xc0) == 0x80)
				s++;
		}
		if (put == NULL)
			put = one;
		while (*put != '\0' && o + 1 < len)
			out[o++] = *put++;
	}
	out[o] = '\0';
}

size_t
ussd_copy(char *dst, size_t len, const char *src)
{
	size_t n;

	if (len == 0)
		return 0;
	n = strnlen(src, len - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

/*
 * Appends an ASCII line; the screen never grows past its budget.  Most
 * lines are constants (arg NULL, no conversion in fmt) or "%s": printf
 * only for the others, as every hop builds a screen.
 */
static void
add(char *screen, const char *fmt, const char *arg)
{
	char line[USSD_SCREEN_MAX + 1];
	size_t o = strlen(screen);

	if (arg == NULL)
		ussd_copy(line, sizeof(line), fmt);
	else if (strcmp(fmt, "%s") == 0)
		ussd_copy(line, sizeof(line), arg);
	else
		snprintf(line, sizeof(line), fmt, arg);
	if (o > 0 && o < USSD_SCREEN_MAX)
		screen[o++] = '\n';
	ussd_ascii(line, screen + o, USSD_SCREEN_MAX + 1 - o);
}

static int
price_line(const struct price *p, void *arg)
{
	struct walker *w = arg;
	char rp[32], line[160];

	if (w->nprices == PRICES_MAX)
		return 0;
	snprintf(line, sizeof(line), "%s %s/%s", p->item,
	    fmt_rp(p->price, rp, sizeof(rp)), p->unit);
	ussd_ascii(line, w->lines[w->nprices], PRICE_LINE_MAX);
	w->nprices++;
	return 0;
}

#define PRICE_HEAD	"Harga sembako %d/%d:"
#define PRICE_FOOT	"\n9. Lanjut\n0. Kembali"

/* Pages filled greedily, each with room for the longest head and foot. */
static int
prices_load(struct walker *w)
{
	size_t budget, used;
	int i;

	if (w->prices_loaded)
		return 0;
	w->prices_loaded = 1;
	if ((w->lines = calloc(PRICES_MAX, PRICE_LINE_MAX)) == NULL)
		return -1;
	if (price_foreach(w->db, price_line, w) == -1)
		return -1;
	budget = USSD_SCREEN_MAX - strlen("Harga sembako 99/99:") -
	    strlen(PRICE_FOOT);
	w->npages = 0;
	for (i = 0; i < w->nprices;) {
		w->page_start[w->npages++] = i;
		used = 0;
		do {
			used += strlen(w->lines[i]) + 1;
			i++;
		} while (i < w->nprices && used + strlen(w->lines[i]) + 1 <= budget);
	}
	w->page_start[w->npages] = w->nprices;
	return 0;
}

static const char *
action_title(struct walker *w, char *buf, size_t len)
{
	char rp[32];

	switch (w->action) {
	case A_SALDO:
		return "Cek saldo";
	case A_TAGIHAN:
		return "Tagihan";
	case A_STATUS:
		return "Status pinjaman";
	case A_PINJAM:
		snprintf(buf, len, "Pinjam %s, %d bln",
		    fmt_rp(w->amount, rp, sizeof(rp)), w->months);
		return buf;
	case A_SIMPAN:
		snprintf(buf, len, "Setor %s %s", fmt_rp(w->amount, rp, sizeof(rp)),
		    saving_type_name(w->type));
		return buf;
	default:
		return "Ganti PIN";
	}
}

static void
command_text(struct walker *w, const char *pin, struct ussd_walk *out)
{
	static const char *const types[] = { "POKOK", "WAJIB", "SUKARELA" };

	switch (w->action) {
	case A_SALDO:
		snprintf(out->command, sizeof(out->command), "SALDO %.32s", pin);
		break;
	case A_TAGIHAN:
		snprintf(out->command, sizeof(out->command), "TAGIHAN %.32s", pin);
		break;
	case A_STATUS:
		snprintf(out->command, sizeof(out->command), "PINJAM %.32s", pin);
		break;
	case A_PINJAM:
		snprintf(out->command, sizeof(out->command), "PINJAM %lld %d %.32s",
		    (long long)w->amount, w->months, pin);
		break;
	case A_SIMPAN:
		snprintf(out->command, sizeof(out->command), "SIMPAN %lld %s %.32s",
		    (long long)w->amount, types[w->type], pin);
		break;
	case A_GANTI:
		snprintf(out->command, sizeof(out->command), "PIN %.32s %s", pin,
		    w->newpin);
		break;
	}
}

static int
is_number(const char *s, size_t maxlen)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > maxlen)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void
ask_pin(struct walker *w, enum action a)
{
	w->action = a;
	w->st = W_PIN;
}

/* One input in the current state; returns whether it is a PIN. */
static int
step(struct walker *w, const char *in, struct ussd_walk *out)
{
	int64_t amount;

	w->wrong = 0;
	switch (w->st) {
	case W_MAIN:
		if (!w->registered) {
			if (strcmp(in, "1") == 0) {
				w->st = W_PRICES;
				w->page = 0;
			} else
				w->wrong = 1;
			return 0;
		}
		if (strlen(in) != 1 || in[0] < '1' || in[0] > '7') {
			w->wrong = 1;
			return 0;
		}
		switch (in[0]) {
		case '1': ask_pin(w, A_SALDO); break;
		case '2': ask_pin(w, A_TAGIHAN); break;
		case '3': ask_pin(w, A_STATUS); break;
		case '4': w->st = W_LOAN_AMOUNT; break;
		case '5': w->st = W_DEP_AMOUNT; break;
		case '6': w->st = W_PRICES; w->page = 0; break;
		default: w->st = W_NEWPIN; break;
		}
		return 0;
	case W_PRICES:
		if (prices_load(w) == -1) {
			w->failed = 1;
			return 0;
		}
		if (strcmp(in, "9") == 0 && w->page + 1 < w->npages)
			w->page++;
		else if (strcmp(in, "0") == 0 && w->page == 0)
			w->st = W_MAIN;
		else if (strcmp(in, "0") == 0)
			w->page--;
		else
			w->wrong = 1;
		return 0;
	case W_LOAN_AMOUNT:
	case W_DEP_AMOUNT:
		if (!is_number(in, 12) || parse_amount(in, strlen(in), &amount) !=
		    PARSE_OK || amount <= 0) {
			w->wrong = 1;
			return 0;
		}
		w->amount = amount;
		w->st = w->st == W_LOAN_AMOUNT ? W_LOAN_MONTHS : W_DEP_TYPE;
		return 0;
	case W_LOAN_MONTHS:
		if (!is_number(in, 3) || atoi(in) < w->rules->loan_min_months ||
		    atoi(in) > w->rules->loan_max_months) {
			w->wrong = 1;
			return 0;
		}
		w->months = atoi(in);
		ask_pin(w, A_PINJAM);
		return 0;
	case W_DEP_TYPE:
		if (strcmp(in, "1") == 0)
			w->type = SAVING_SUKARELA;
		else if (strcmp(in, "2") == 0)
			w->type = SAVING_WAJIB;
		else if (strcmp(in, "3") == 0)
			w->type = SAVING_POKOK;
		else {
			w->wrong = 1;
			return 0;
		}
		ask_pin(w, A_SIMPAN);
		return 0;
	case W_NEWPIN:
		if (!pin_wellformed(in))
			w->wrong = 1;
		else {
			/* Well formed: 4 to 6 digits. */
			memcpy(w->newpin, in, strlen(in) + 1);
			w->st = W_NEWPIN2;
		}
		return 1;
	case W_NEWPIN2:
		if (strcmp(in, w->newpin) != 0) {
			out->end = 1;
			add(out->screen, "PIN baru tidak sama. Silakan ulangi.", NULL);
			w->st = W_DONE;
		} else
			ask_pin(w, A_GANTI);
		return 1;
	case W_PIN:
		command_text(w, in, out);
		out->end = 1;
		w->st = W_DONE;
		return 1;
	case W_DONE:
		break;
	}
	return 0;
}

static int
render(struct walker *w, struct ussd_walk *out)
{
	char buf[64], rp[32], head[32];
	int i;

	switch (w->st) {
	case W_MAIN:
		if (w->wrong)
			add(out->screen, "Pilihan salah.", NULL);
		else
			add(out->screen, "%.40s", w->rules->cooperative);
		if (!w->registered) {
			if (w->notice)
				add(out->screen, "Nomor Anda belum terdaftar."
				    " Hubungi pengurus.", NULL);
			add(out->screen, "1. Harga sembako", NULL);
			break;
		}
		add(out->screen, "1. Saldo\n2. Tagihan\n3. Status pinjaman\n"
		    "4. Ajukan pinjaman\n5. Lapor setoran\n6. Harga sembako\n"
		    "7. Ganti PIN", NULL);
		break;
	case W_PRICES:
		if (prices_load(w) == -1)
			return -1;
		if (w->npages == 0) {
			add(out->screen, "Belum ada daftar harga.\n0. Kembali", NULL);
			break;
		}
		snprintf(head, sizeof(head), PRICE_HEAD, w->page + 1, w->npages);
		add(out->screen, "%s", head);
		for (i = w->page_start[w->page]; i < w->page_start[w->page + 1]; i++)
			add(out->screen, "%s", w->lines[i]);
		if (w->page + 1 < w->npages)
			add(out->screen, "9. Lanjut", NULL);
		add(out->screen, "0. Kembali", NULL);
		break;
	case W_PIN:
		add(out->screen, "%s", action_title(w, buf, sizeof(buf)));
		add(out->screen, "Masukkan PIN:", NULL);
		break;
	case W_LOAN_AMOUNT:
	case W_DEP_AMOUNT:
		if (w->wrong)
			add(out->screen, "Jumlah tidak sah.", NULL);
		add(out->screen, w->st == W_LOAN_AMOUNT ? "Ajukan pinjaman" :
		    "Lapor setoran", NULL);
		add(out->screen, "Jumlah (Rp):", NULL);
		break;
	case W_LOAN_MONTHS:
		snprintf(buf, sizeof(buf), "Lama pinjaman (%d-%d bulan):",
		    w->rules->loan_min_months, w->rules->loan_max_months);
		if (w->wrong)
			add(out->screen, "Lama tidak sah.", NULL);
		add(out->screen, "Pinjam %s", fmt_rp(w->amount, rp, sizeof(rp)));
		add(out->screen, "%s", buf);
		break;
	case W_DEP_TYPE:
		if (w->wrong)
			add(out->screen, "Pilihan salah.", NULL);
		add(out->screen, "Setor %s", fmt_rp(w->amount, rp, sizeof(rp)));
		add(out->screen, "Jenis simpanan:\n1. Sukarela\n2. Wajib\n3. Pokok",
		    NULL);
		break;
	case W_NEWPIN:
		if (w->wrong)
			add(out->screen, "PIN harus 4-6 angka.", NULL);
		add(out->screen, "Ganti PIN\nPIN baru (4-6 angka):", NULL);
		break;
	case W_NEWPIN2:
		add(out->screen, "Ulangi PIN baru:", NULL);
		break;
	case W_DONE:
		break;
	}
	return 0;
}

/* Cut, as the path is, at len - 1. */
static size_t
append(char *buf, size_t len, size_t o, const char *s, int star)
{
	if (star && o + 1 < len)
		buf[o++] = '*';
	return o + ussd_copy(buf + o, len - o, s);
}

int
ussd_walk(struct db *db, const struct rules *rules, int registered,
    int show_notice, const char *text, struct ussd_walk *out)
{
	struct walker w;
	char path[USSD_TEXT_MAX], *in, *next;
	size_t n, oc = 0, orr = 0;
	int inputs = 0, rc = 0, pin;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.db = db;
	w.rules = rules;
	w.registered = registered;
	w.notice = show_notice;
	n = ussd_copy(path, sizeof(path), text);
	/* A dial string's closing # may come along with the inputs. */
	if (n > 0 && path[n - 1] == '#')
		path[--n] = '\0';
	for (in = path; n > 0 && in != NULL && w.st != W_DONE; in = next) {
		if ((next = strchr(in, '*')) != NULL)
			*next++ = '\0';
		if (++inputs > USSD_INPUTS_MAX) {
			out->end = 1;
			add(out->screen, "Terlalu banyak masukan. Silakan ulangi.",
			    NULL);
			w.st = W_DONE;
			break;
		}
		pin = step(&w, in, out);
		oc = append(out->consumed, sizeof(out->consumed), oc, in, inputs > 1);
		orr = append(out->redacted, sizeof(out->redacted), orr,
		    pin ? USSD_PIN_MARK : in, inputs > 1);
	}
	if (w.failed)
		rc = -1;
	else if (w.st != W_DONE)
		rc = render(&w, out);
	sodium_memzero(path, sizeof(path));
	sodium_memzero(w.newpin, sizeof(w.newpin));
	free(w.lines);
	return rc;
}

void
ussd_redact(struct db *db, const struct rules *rules, int registered,
    const char *text, char *out, size_t len)
{
	struct ussd_walk *w = calloc(1, sizeof(*w));

	if (w == NULL || ussd_walk(db, rules, registered, 0, text, w) == -1)
		snprintf(out, len, USSD_PIN_MARK);
	else
		snprintf(out, len, "%s", w->redacted);
	if (w != NULL) {
		sodium_memzero(w, sizeof(*w));
		free(w);
	}
}
