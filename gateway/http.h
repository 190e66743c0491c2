/*
 * What the HTTP listener's files share inside gateway/: a request being
 * served and the table of paths.  Only the daemon's files include it.
 */
#ifndef KOPDES_HTTP_H
#define KOPDES_HTTP_H

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

struct daemon;

struct http_call {
	struct daemon		*d;
	struct evhttp_request	*req;
	enum evhttp_cmd_type	 method;
	char			 path[64];	/* logged; never the query */
	struct evkeyvalq	*form;		/* query and form body, decoded */
};

struct http_route {
	const char	*path;
	int		 methods;	/* EVHTTP_REQ_* bits */
	void		(*serve)(struct http_call *);
};

/* gateway/http.c */
int		 http_start(struct daemon *);	/* off (0) without a secret */
void		 http_stop(struct daemon *);
/* Answers and logs the call: method, path, status and peer, nothing else. */
void		 http_answer(struct http_call *, int code, const char *content_type,
		    const char *body);

/* gateway/http_kannel.c */
extern const struct http_route http_route_kannel_mo, http_route_kannel_dlr;
/* Frees MOs waiting for their commit (unanswered, so Kannel resends them). */
void		 http_kannel_stop(struct daemon *);

/* gateway/http_metrics.c */
extern const struct http_route http_route_metrics;

/* gateway/http_ussd.c */
extern const struct http_route http_route_ussd, http_route_ussd_end;
/* Frees command hops waiting for their commit (unanswered, nothing stored). */
void		 http_ussd_stop(struct daemon *);

#endif
