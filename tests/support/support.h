/*
 * What the tests share: a fresh cooperative in a temporary SQLite file,
 * and a way to send it an SMS through the real path and read what it
 * answered.
 */
#ifndef KOPDES_TEST_SUPPORT_H
#define KOPDES_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "db/checkpoint.h"
#include "db/db.h"
#include "handlers/handlers.h"
#include "gateway/gateway.h"

#define FIXTURE_SMS_MAX 16

struct fixture {
	char			 dir[256];	/* temporary, removed by fixture_close */
	char			 dbpath[300];
	struct db		 db;
	struct rules		 rules;
	struct pin_key		 key;
	struct handlers_env	 env;
	time_t			 now;
	struct checkpointer	*ckpt;		/* fixture_checkpointer */
	/* What the last fixture_sms caused, in outbox order. */
	int			 nsms;
	struct {
		char	 phone[24];
		char	 text[1200];
		int	 priority;
	}			 sms[FIXTURE_SMS_MAX];
};

/* A new database with rules_default and a fixed clock (2026-11-23 09:00). */
struct fixture	*fixture_open(void);
void		 fixture_close(struct fixture *);
/* Checkpoints off the commits, as kopdesd does; 0, or -1 on error. */
int		 fixture_checkpointer(struct fixture *);
void		 fixture_set_today(struct fixture *, const char *ymd);	/* 09:00 that day */
/* Registers a member (role by name, pin may be NULL); returns her id. */
int64_t		 fixture_member(struct fixture *, const char *number, const char *phone,
		    const char *name, const char *role, const char *pin);
/* Sends text from phone through sim_message; fills f->sms; returns how many. */
int		 fixture_sms(struct fixture *, const char *from, const char *text);
/* The text of the SMS the last message caused to phone, or NULL. */
const char	*fixture_sms_to(struct fixture *, const char *phone);
int64_t		 fixture_balance(struct fixture *, const char *number, const char *code);
int64_t		 fixture_kas(struct fixture *);
int64_t		 fixture_count(struct fixture *, const char *table);	/* count(*) */
/*
 * The first column of the first row of sql, on the fixture's connection
 * but prepared apart, so it never meets the fault counter; aborts on error.
 */
int64_t		 fixture_int64(struct fixture *, const char *sql);
/*
 * config_default for kopdesd on the fixture's file, with keypath as its PIN
 * key and one dummy phone "modem1" in dir/phone, polled each second.
 */
void		 fixture_daemon_config(struct fixture *, struct config *,
		    const char *keypath);
/* Runs ledger_check; returns the number of problems. */
int		 fixture_ledger_problems(struct fixture *);

#endif
