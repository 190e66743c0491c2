/*
 * How many SMS a text costs, measured the way the network bills it: GSM-7
 * septets (160 in one SMS, 153 a part when concatenated; the extension
 * characters take two), or UTF-16 units for a text that needs UCS-2 (70,
 * and 67 a part).  Bytes say nothing: "é" is two bytes and one septet.
 */
#include <string.h>

#include "handlers/handlers.h"

#define GSM7_ONE	160
#define GSM7_PART	153
#define UCS2_ONE	70
#define UCS2_PART	67

/* UTF-16 units of a UTF-8 text: two for a character beyond the BMP. */
static int
utf16_units(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c & 0xc0) == 0x80)
			continue;
		n += c >= 0xf0 ? 2 : 1;
	}
	return n;
}

int
sms_parts(const char *utf8)
{
	int units = sms_units(utf8);

	if (units >= 0)
		return units <= GSM7_ONE ? 1 : (units + GSM7_PART - 1) / GSM7_PART;
	units = utf16_units(utf8);
	return units <= UCS2_ONE ? 1 : (units + UCS2_PART - 1) / UCS2_PART;
}
