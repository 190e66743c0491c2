# kopdes-gateway: one Makefile for the daemon, the control tool and the tests.
#
#   make              build bin/kopdesd and bin/kopdesctl
#   make run          install what is missing, seed the demo cooperative, run kopdesd -f
#   make test         install what is missing, build and run every test
#   make test SANITIZE=1   the same under AddressSanitizer + UBSan
#   make bench        the benchmarks (figures, not pass/fail)
#
# Objects go to $(O); several checkouts or builds may share a tree by
# setting O and BIN (the sanitizer build does so by itself).

CC      ?= cc
PKGS     = gammu sqlite3 libevent libevent_pthreads libconfig libsodium
DEBS     = build-essential pkg-config gammu libgammu-dev gammu-smsd \
           libsqlite3-dev sqlite3 libevent-dev libconfig-dev libsodium-dev \
           libcmocka-dev kannel kannel-extras

ifeq ($(SANITIZE),1)
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
LIB_SRC  = $(filter-out $(MAINS),$(wildcard db/*.c handlers/*.c modem/*.c gateway/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(O)/%.o)
LIB      = $(O)/libkopdes.a

TEST_SUPPORT = $(wildcard tests/support/*.c)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(O)/tests/%)
TOOL_SRC = $(wildcard tests/tools/*.c)
TOOL_BIN = $(TOOL_SRC:tests/tools/%.c=$(O)/tools/%)
BENCH_SRC = $(wildcard tests/bench/*.c)
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=$(O)/bench/%)

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

# Installs exactly the Debian packages the build, the tests and the
# benchmark need, and only when one is missing, so a warm machine pays nothing.
deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

build-tests: $(BIN)/kopdesd $(BIN)/kopdesctl $(TEST_BIN) $(TOOL_BIN)

# Each step is a separate make so that deps are in place before pkg-config
# is asked for flags on a machine that had none of them.
test: deps
	@$(MAKE) --no-print-directory build-tests
	@KOPDES_BIN=$(abspath $(BIN)) KOPDES_TOOLS=$(abspath $(O)/tools) \
	  KOPDES_SANITIZE=$(SANITIZE) sh tests/run.sh $(TEST_BIN)

bench: deps
	@$(MAKE) --no-print-directory SANITIZE= $(BIN)/kopdesd $(BIN)/kopdesctl $(BENCH_BIN) $(TOOL_BIN)
	@KOPDES_BIN=$(abspath $(BIN)) KOPDES_TOOLS=$(abspath $(O)/tools) sh tests/bench/run.sh $(BENCH_BIN)

run: deps
	@$(MAKE) --no-print-directory all
	@sh etc/demo.sh $(BIN)

clean:
	rm -rf build bin

.PHONY: all deps test build-tests bench run clean
.SECONDARY:

-include $(shell find $(O) -name '*.d' 2>/dev/null)
