# kopdes-gateway: one Makefile for the daemon, the control tool and the tests.
#
#   make              build bin/kopdesd and bin/kopdesctl
#   make run          install what is missing, seed the demo cooperative, run kopdesd -f
#   make test         install what is missing, build and run every test
#   make test SANITIZE=1   the same under AddressSanitizer + UBSan
#   make bench        the benchmarks (figures, not pass/fail)
#   make install PREFIX=/usr/local DESTDIR=   programs, man pages, systemd unit, config
#   make fuzz         the libFuzzer harnesses, FUZZ_SECONDS (60) each
#
# Objects go to $(O); several checkouts or builds may share a tree by
# setting O and BIN (the sanitizer build does so by itself).

CC      ?= cc
PKGS     = gammu sqlite3 libevent libevent_pthreads libconfig libsodium
DEBS     = build-essential pkg-config gammu libgammu-dev gammu-smsd \
           libsqlite3-dev sqlite3 libevent-dev libconfig-dev libsodium-dev \
           libcmocka-dev tzdata kannel kannel-extras
# Only `make fuzz` needs these: libFuzzer comes with clang's runtime.
FUZZ_DEBS = clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60

ifeq ($(FUZZ),1)
O       ?= build/fuzz
BIN     ?= build/fuzz/bin
CC       = clang
SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      = -O1
else ifeq ($(SANITIZE),1)
O       ?= build/san
BIN     ?= build/san/bin
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      = -O1
else
O       ?= build/obj
BIN     ?= bin
SANFLAGS =
OPT      = -O2
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_LIBS  := $(shell pkg-config --libs cmocka 2>/dev/null)

CFLAGS  ?= $(OPT) -g
CFLAGS  += -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
           -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -I. $(PKG_CFLAGS) $(SANFLAGS) -MMD -MP
LDFLAGS += $(SANFLAGS)
LDLIBS  += $(PKG_LIBS) -lpthread -lm

MAINS    = gateway/kopdesd.c gateway/kopdesctl.c
LIB_SRC  = $(filter-out $(MAINS),$(wildcard log/*.c db/*.c handlers/*.c modem/*.c gateway/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(O)/%.o)
LIB      = $(O)/libkopdes.a

TEST_SUPPORT = $(wildcard tests/support/*.c)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(O)/tests/%)
TOOL_SRC = $(wildcard tests/tools/*.c)
TOOL_BIN = $(TOOL_SRC:tests/tools/%.c=$(O)/tools/%)
BENCH_SRC = $(wildcard tests/bench/*.c)
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=$(O)/bench/%)
FUZZ_SRC  = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REPLAY = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(O)/tests/fuzz/replay_%)
FUZZ_BIN  = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(O)/fuzz/fuzz_%)

all: $(BIN)/kopdesd $(BIN)/kopdesctl

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/kopdesd: $(O)/gateway/kopdesd.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BIN)/kopdesctl: $(O)/gateway/kopdesctl.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/tests/%: $(O)/tests/%.o $(TEST_SUPPORT:%.c=$(O)/%.o) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

$(O)/tools/%: $(O)/tests/tools/%.o $(TEST_SUPPORT:%.c=$(O)/%.o) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/bench/%: $(O)/tests/bench/%.o $(TEST_SUPPORT:%.c=$(O)/%.o) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

# The fuzz harnesses: replayed over their corpus by `make test`, fuzzed by
# `make fuzz` (the libFuzzer build, FUZZ=1).
$(O)/tests/fuzz/replay_%: $(O)/tests/fuzz/fuzz_%.o $(O)/tests/fuzz/replay.o \
    $(TEST_SUPPORT:%.c=$(O)/%.o) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/fuzz/fuzz_%: $(O)/tests/fuzz/fuzz_%.o $(TEST_SUPPORT:%.c=$(O)/%.o) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# Installs exactly the Debian packages the build, the tests and the
# benchmark need, and only when one is missing, so a warm machine pays nothing.
deps:
	@missing=""; for p in $(DEBS) $(EXTRA_DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

build-tests: $(BIN)/kopdesd $(BIN)/kopdesctl $(TEST_BIN) $(FUZZ_REPLAY) $(TOOL_BIN)

# Each step is a separate make so that deps are in place before pkg-config
# is asked for flags on a machine that had none of them.
test: deps
	@$(MAKE) --no-print-directory build-tests
	@KOPDES_BIN=$(abspath $(BIN)) KOPDES_TOOLS=$(abspath $(O)/tools) \
	  KOPDES_SANITIZE=$(SANITIZE) sh tests/run.sh $(TEST_BIN) $(FUZZ_REPLAY)

bench: deps
	@$(MAKE) --no-print-directory SANITIZE= $(BIN)/kopdesd $(BIN)/kopdesctl $(BENCH_BIN) $(TOOL_BIN)
	@KOPDES_BIN=$(abspath $(BIN)) KOPDES_TOOLS=$(abspath $(O)/tools) sh tests/bench/run.sh $(BENCH_BIN)

# Debian's layout: programs in sbin, the unit where systemd looks for
# local units, the config in /etc/kopdes (never overwritten), state in
# /var/lib/kopdes (made by systemd's StateDirectory=).
PREFIX      ?= /usr/local
SBINDIR     ?= $(PREFIX)/sbin
MANDIR      ?= $(PREFIX)/share/man
UNITDIR     ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
SYSCONFDIR  ?= /etc
STATEDIR    ?= /var/lib/kopdes

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
	    $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(SYSCONFDIR)/kopdes
	install -m 0755 $(BIN)/kopdesd $(BIN)/kopdesctl $(DESTDIR)$(SBINDIR)/
	install -m 0644 man/kopdesd.8 man/kopdesctl.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 man/kopdes.conf.5 $(DESTDIR)$(MANDIR)/man5/
	sed -e 's|/usr/local/sbin/|$(SBINDIR)/|' -e 's|/etc/kopdes/|$(SYSCONFDIR)/kopdes/|' \
	    -e 's|/var/lib/kopdes|$(STATEDIR)|' etc/kopdesd.service > $(O)/kopdesd.service
	install -m 0644 $(O)/kopdesd.service $(DESTDIR)$(UNITDIR)/kopdesd.service
	install -m 0644 etc/kopdes.sysusers $(DESTDIR)$(SYSUSERSDIR)/kopdes.conf
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/kopdes/kopdes.conf ]; then \
	  echo "kept $(DESTDIR)$(SYSCONFDIR)/kopdes/kopdes.conf; the new sample is kopdes.conf.sample"; \
	  conf=kopdes.conf.sample; else conf=kopdes.conf; fi; \
	sed -e 's|"var/|"$(STATEDIR)/|' etc/kopdes.conf > $(O)/kopdes.conf && \
	install -m 0644 $(O)/kopdes.conf $(DESTDIR)$(SYSCONFDIR)/kopdes/$$conf

fuzz:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="$(FUZZ_DEBS)"
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	@sh tests/fuzz/run.sh build/fuzz/fuzz $(FUZZ_SECONDS)

fuzz-build: $(FUZZ_BIN)

run: deps
	@$(MAKE) --no-print-directory all
	@sh etc/demo.sh $(BIN)

clean:
	rm -rf build bin

.PHONY: all deps test build-tests bench fuzz fuzz-build run clean install
.SECONDARY:

-include $(shell find $(O) -name '*.d' 2>/dev/null)
