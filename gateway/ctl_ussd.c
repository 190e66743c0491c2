/*
 * kopdesctl ussd: a USSD session played in-process, one hop per INPUT,
 * each screen printed as the handset would show it.  The same walk and
 * handlers as POST /ussd, so trainers and tests see what members see.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gateway/ctl.h"
#include "gateway/ussd.h"

static void
print_screen(const char *input, const struct ussd_answer *a)
{
	printf("> %s\n%s %s\n", input, a->end ? "END" : "CON", a->screen);
}

int
ctl_ussd(struct ctl *c, int argc, char **argv)
{
	struct handlers_env env;
	struct ussd_request rq;
	struct ussd_answer a;
	char used[64] = { 0 }, path[USSD_TEXT_MAX], session[64];
	const char *from, *sid;
	size_t o = 0;
	int dry, i, hops = 0;

	if (argc > (int)sizeof(used) ||
	    (from = ctl_opt(argc, argv, "--from", used)) == NULL)
		return CTL_USAGE;
	dry = ctl_has_flag(argc, argv, "--dry-run", used);
	if ((sid = ctl_opt(argc, argv, "--session", used)) == NULL) {
		snprintf(session, sizeof(session), "ctl-%ld-%lld", (long)getpid(),
		    (long long)c->now);
		sid = session;
	}
	ctl_env(c, &env);
	memset(&rq, 0, sizeof(rq));
	rq.session_id = sid;
	rq.service_code = c->cfg.ussd_service_code;
	rq.phone = from;
	rq.network = "";
	rq.dry_run = dry;
	path[0] = '\0';
	/* The dial itself, then every input not taken by an option. */
	for (i = -1; i < argc; i++) {
		if (i >= 0) {
			if (used[i])
				continue;
			if (a.end) {
				fprintf(stderr, "kopdesctl: sesi sudah berakhir; \"%s\""
				    " dan sesudahnya tidak dikirim\n", argv[i]);
				break;
			}
			o += (size_t)snprintf(path + o, sizeof(path) - o, "%s%s",
			    hops > 1 ? "*" : "", argv[i]);
			if (o >= sizeof(path))
				return ctl_refuse("masukan terlalu panjang");
		}
		rq.text = path;
		if (ussd_hop(&env, &rq, &a) == USSD_ERROR)
			return ctl_refuse("langkah ini tidak bisa ditangani (lihat di atas)");
		hops++;
		print_screen(i < 0 ? c->cfg.ussd_service_code : argv[i], &a);
	}
	if (dry)
		fprintf(stderr, "uji coba: tidak ada yang disimpan\n");
	return CTL_OK;
}
