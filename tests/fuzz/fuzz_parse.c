/*
 * The parser on arbitrary bytes: SMS text comes from anyone, of any
 * length, not terminated, not ASCII.  Beyond the sanitizers, what the
 * parser hands on must be what its callers rely on: terminated strings
 * of bounded length and a PIN only of four to six digits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/handlers.h"
#include "tests/fuzz/fuzz.h"

const char *const fuzz_corpus_dirs[] = {
	"tests/fuzz/corpus/parse", "tests/fuzz/crashes/parse", NULL
};

static void
must(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_parse: %s\n", what);
		abort();
	}
}

static int
terminated(const char *s, size_t len)
{
	return memchr(s, '\0', len) != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parsed p;
	char buf[512], small[8], *copy;
	int64_t amount;
	int rc;

	/* Exactly size bytes, so ASan sees any read past the end. */
	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	rc = parse_command(copy, size, &p);
	must(terminated(p.redacted, sizeof(p.redacted)), "redacted not terminated");
	must(terminated(p.err_word, sizeof(p.err_word)), "err_word not terminated");
	if (rc == 0) {
		must(p.entry != NULL && p.err == PARSE_OK, "parsed without a command");
		must(terminated(p.member, sizeof(p.member)) &&
		    terminated(p.code, sizeof(p.code)) &&
		    terminated(p.item, sizeof(p.item)), "a field not terminated");
		must(!p.has_pin || pin_wellformed(p.pin), "a PIN that is not 4-6 digits");
		must(p.newpin[0] == '\0' || pin_wellformed(p.newpin),
		    "a new PIN that is not 4-6 digits");
		must(p.amount >= 0, "a negative amount");
	} else {
		must(p.err != PARSE_OK, "refused without a reason");
		must(strlen(parse_error_text(&p, buf, sizeof(buf))) < sizeof(buf),
		    "error text overflows");
	}
	/* The other entry points the handlers call on sender text. */
	(void)parse_amount(copy, size, &amount);
	redact_unparsed(copy, size, small, sizeof(small));
	must(terminated(small, sizeof(small)), "short redaction not terminated");
	if (size < sizeof(buf)) {
		memcpy(buf, data, size);
		buf[size] = '\0';
		if (phone_normalize(buf, small, sizeof(small)) == 0)
			must(terminated(small, sizeof(small)), "phone not terminated");
		(void)sender_is_person(buf);
		(void)handler_find(buf, strlen(buf));
	}
	free(copy);
	return 0;
}
