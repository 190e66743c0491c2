/*
 * What each fuzz harness offers: libFuzzer's entry point, and where its
 * inputs live in the tree, so that tests/fuzz/replay.c can feed them all
 * to it on every `make test` without clang.
 */
#ifndef KOPDES_FUZZ_H
#define KOPDES_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* NULL-terminated; relative to the top of the tree. */
extern const char *const fuzz_corpus_dirs[];

#endif
