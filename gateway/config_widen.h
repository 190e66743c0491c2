/*
 * gateway/config_widen.c: libconfig 1.5 (Debian 12) reads an integer
 * literal without an L suffix into 32 bits and wraps it silently, so a
 * money limit of 4295967296 would be enforced as 1000000.  The config
 * text is therefore handed to libconfig with every integer literal marked
 * 64-bit; range checks then see the number as written, or a saturated one
 * when it does not fit 64 bits either.
 */
#ifndef KOPDES_CONFIG_WIDEN_H
#define KOPDES_CONFIG_WIDEN_H

#include <stddef.h>

/*
 * A copy of text[0..len) with `L` after each integer literal that has no
 * suffix; strings, comments and lines are kept as they are, so libconfig's
 * line numbers still point into the file.  NUL-terminated; free() it.
 * NULL when out of memory.
 */
char	*config_widen_ints(const char *text, size_t len);

#endif
