/*
 * Pipeline throughput (SPEC §9): SMS per second from stored inbox rows to
 * committed replies, with durable commits (synchronous=FULL), and the
 * latency of each message from its arrival in the inbox to the commit of
 * its reply.  Messages arrive in chunks, as modems hand them over; each
 * chunk is stored in one transaction and handled in another.
 *
 *   bench_pipeline [messages] [chunk]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/support/support.h"

#define MEMBERS 10000

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
message_for(int i, char *from, size_t flen, char *text, size_t tlen)
{
	int member = (i * 7919) % MEMBERS;

	switch (i % 10) {
	case 0: case 1: case 2: case 3:
		snprintf(from, flen, "+62813%08d", member);
		snprintf(text, tlen, "SALDO %04d", 1000 + member % 9000);
		break;
	case 4: case 5: case 6:
		snprintf(from, flen, "+6281100000001");
		snprintf(text, tlen, "SIMPAN A%05d %drb 9911", member + 1,
		    10 + i % 90);
		break;
	case 7: case 8:
		snprintf(from, flen, "+62857%08d", i);
		snprintf(text, tlen, "HARGA %s", i % 2 ? "BERAS" : "gula");
		break;
	default:
		snprintf(from, flen, "+62813%08d", member);
		snprintf(text, tlen, "TAGIHAN %04d", 1000 + member % 9000);
		break;
	}
}

int
main(int argc, char **argv)
{
	int total = argc > 1 ? atoi(argv[1]) : 30000;
	int chunk = argc > 2 ? atoi(argv[2]) : 50;
	struct fixture *f = fixture_open();
	struct received_sms *r;
	char (*from)[24], (*text)[64], num[16], phone[24], pin[8];
	double *lat, t0, t1, start, store_ms = 0, proc_ms = 0;
	int i, j, done = 0, n;

	r = calloc((size_t)chunk, sizeof(*r));
	from = calloc((size_t)chunk, sizeof(*from));
	text = calloc((size_t)chunk, sizeof(*text));
	lat = calloc((size_t)total, sizeof(*lat));
	if (r == NULL || from == NULL || text == NULL || lat == NULL)
		return 1;

	db_begin(&f->db);
	fixture_member(f, "K001", "+6281100000001", "Kasir Bench", "kasir", "9911");
	fixture_member(f, "B001", "+6281100000002", "Bendahara Bench",
	    "bendahara", "9922");
	for (i = 0; i < MEMBERS; i++) {
		snprintf(num, sizeof(num), "A%05d", i + 1);
		snprintf(phone, sizeof(phone), "+62813%08d", i);
		snprintf(pin, sizeof(pin), "%04d", 1000 + i % 9000);
		fixture_member(f, num, phone, "Anggota Bench", "anggota", pin);
	}
	price_set(&f->db, "Beras Premium", 14500, "kg", 0, f->now);
	price_set(&f->db, "Gula Pasir", 17000, "kg", 0, f->now);
	db_commit(&f->db);

	start = now_ms();
	while (done < total) {
		n = total - done < chunk ? total - done : chunk;
		for (j = 0; j < n; j++) {
			message_for(done + j, from[j], sizeof(from[j]), text[j],
			    sizeof(text[j]));
			r[j].modem = "bench";
			r[j].sender = from[j];
			r[j].smsc_time = f->now + done + j;
			r[j].text = text[j];
		}
		t0 = now_ms();
		if (pipeline_store(&f->db, &f->key, r, (size_t)n, f->now) == -1)
			return 1;
		t1 = now_ms();
		store_ms += t1 - t0;
		f->env.now = f->now;
		if (pipeline_process(&f->env, n) != n)
			return 1;
		proc_ms += now_ms() - t1;
		for (j = 0; j < n; j++)
			lat[done + j] = now_ms() - t0;
		done += n;
	}
	t1 = now_ms() - start;
	qsort(lat, (size_t)total, sizeof(*lat), cmp_double);
	printf("pipeline: %d SMS in chunks of %d, %d members\n", total, chunk,
	    MEMBERS);
	printf("  handled:   %.0f SMS/s (inbox rows to committed replies)\n",
	    total / (proc_ms / 1e3));
	printf("  end to end: %.0f SMS/s (store + handle, two durable commits"
	    " a chunk)\n", total / (t1 / 1e3));
	printf("  latency from arrival to committed reply: p50 %.2f ms,"
	    " p99 %.2f ms\n", lat[total / 2], lat[(size_t)(total * 0.99)]);
	printf("  outbox rows: %lld, ledger problems: %d\n",
	    (long long)fixture_count(f, "outbox"), fixture_ledger_problems(f));
	(void)store_ms;
	fixture_close(f);
	free(r);
	free(from);
	free(text);
	free(lat);
	return 0;
}
