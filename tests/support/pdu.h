/* PDU coding for the AT modem emulator and the tests (tests/support/pdu.c). */
#ifndef KOPDES_PDU_H
#define KOPDES_PDU_H

#include <stdint.h>
#include <time.h>

struct submit {
	char	 phone[32];
	int	 ucs2;
	int	 ref, part, parts;
	char	 text[800];	/* UTF-8 */
};

int	 utf8_decode(const char *, uint32_t *out, int max);
int	 text_is_gsm7(const uint32_t *, int n);
/* Hex PDU with SMSC into out; returns the TPDU length for +CMGL. */
int	 pdu_deliver(const char *from, const uint32_t *text, int n, int ucs2,
	    int ref, int part, int parts, time_t when, char *out);
int	 pdu_submit_decode(const char *hex, struct submit *);
/*
 * What else lands on a SIM, hex with its SMSC field into out, TPDU
 * length returned: a delivery report, an SMS-SUBMIT kept in the inbox,
 * and a WAP push (8-bit data to port 2948).
 */
int	 pdu_status_report(const char *recipient, int mr, time_t when, char *out);
int	 pdu_submit_stored(const char *to, const char *ascii, char *out);
int	 pdu_wap_push(const char *from, time_t when, char *out);

#endif
