# nestbox — see README.md.  `make check` and `make demo` do all set-up.
VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR    := $(PREFIX)/bin
MANDIR    := $(PREFIX)/share/man
DATADIR   := $(PREFIX)/share/nestbox

CC        ?= cc
PKGS      := libseccomp libcap uuid
# libwayland-client: its headers only; the library is loaded with dlopen
# when a Wayland socket is passed in (wayland.c), never linked.
HDR_PKGS  := wayland-client
WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
HARDEN    := -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fPIE
CFLAGS    ?= -O2 -g
ALL_CFLAGS = -std=gnu11 -D_GNU_SOURCE $(WARN) $(HARDEN) $(CFLAGS) -iquote include \
             -DNESTBOX_VERSION='"$(VERSION)"' -DNESTBOX_PROFILE_DIR='"$(DATADIR)/profiles"' $(shell pkg-config --cflags $(PKGS) $(HDR_PKGS) 2>/dev/null)
LDHARDEN  := -pie -Wl,-z,relro,-z,now
# libseccomp, libcap and libuuid are linked statically: resolving their
# symbols at every start costs more (~0.4 ms) than the launch itself.
# LIBS_DYNAMIC=1 links them the usual way (e.g. for distribution packages).
ifeq ($(LIBS_DYNAMIC),1)
LIBS      := $(shell pkg-config --libs $(PKGS))
else
LIBS      := -Wl,-Bstatic -lseccomp -lcap -luuid -Wl,-Bdynamic
endif

BUILD     ?= build
# src/STAGE/*.c, one folder per stage of the pipeline (README's layout);
# a stage's own headers sit beside its sources, include/ holds those that
# cross stages.  A source sees include/ and its own folder; the unit tests
# and fuzzers, which test the stages' insides, see every folder.
SRC_DIRS  := $(sort $(dir $(wildcard src/*/*.c)))
SRCS      := $(wildcard src/*.c src/*/*.c)
HDRS      := $(wildcard include/*.h src/*/*.h)
LIB_OBJS  := $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRCS)))
TEST_INC  := $(patsubst %,-iquote %,$(SRC_DIRS))
BIN       := $(BUILD)/nestbox

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
PROBE_SRCS := $(wildcard tests/integration/probe*.c)
PROBES    := $(patsubst tests/integration/%.c,$(BUILD)/tests/%,$(PROBE_SRCS))
# The escape battery's own probes (tests/integration/escape/probe-*.c)
ESCAPE_SRCS := $(wildcard tests/integration/escape/probe*.c)
ESCAPE_PROBES := $(patsubst tests/integration/escape/%.c,$(BUILD)/tests/%,$(ESCAPE_SRCS))

# Debian packages: build, test, run time, and the tools bench compares with.
DEPS_BUILD := build-essential pkg-config libseccomp-dev libcap-dev uuid-dev libwayland-dev
DEPS_TEST  := libcmocka-dev clang libclang-rt-14-dev iproute2 procps passwd \
              util-linux man-db groff-base python3 dbus-daemon dbus-bin dbus-tests \
              xvfb xserver-xephyr x11-utils x11-apps xauth xterm weston wayland-utils \
              pulseaudio pulseaudio-utils pipewire pipewire-bin \
              curl wget git openssh-client unzip p7zip-full poppler-utils nodejs less
# the browsers whose own sandboxes need user namespaces (issue 18), and a
# 32-bit static test program (gcc -m32 -static)
DEPS_TEST  += chromium firefox-esr gcc-multilib
DEPS_RUN   := uidmap passt xdg-dbus-proxy nftables libwayland-client0
# a failed launch from the menu shows a notification through notify-send
# (menulog.c); --integrate's copies are checked by desktop-file-validate
# (tests/integration/integrate.sh)
DEPS_RUN   += libnotify-bin
DEPS_TEST  += desktop-file-utils
DEPS_BENCH := bubblewrap firejail firejail-profiles
# x11 xpra's, tested: installed without its recommends, Debian 12's xpra
# 3.1.3 needs python3-pil to forward a window and python3-gi-cairo to
# draw one (about 37 packages, 90 MB with xserver-xorg-core).
DEPS_TEST  += xpra python3-pil python3-gi-cairo
# --allow-debuggers un-hides them (profiles.sh)
DEPS_TEST  += strace gdb
# make fuzz prints a crash's reproducer in hex (tests/fuzz/run.sh)
DEPS_TEST  += xxd
# ~/.tcshrc's stand-in still reads ~/.cshrc (tests/integration/homerules.sh)
DEPS_TEST  += tcsh
# x11confine.sh's Wayland desktop: X programs on weston's Xwayland
DEPS_TEST  += xwayland
# homerules.sh runs the real emacs and cargo on the home a launch left:
# each reads the user's own configuration, nothing planted, and warns of
# nothing (keep-missing, issue #19).  About 78 MB to download (cargo brings
# rustc and its standard library), 21 s to install here.
DEPS_TEST  += emacs-nox cargo
# busconfine.sh's test services under the real names (GLib's D-Bus, from
# python3)
DEPS_TEST  += python3-gi
# The real programs of the shipped GUI profiles, for tests/integration/
# apps.sh and bench/apps.sh (issue #17), and what checks their work from
# outside: ImageMagick's import (a window's screenshot), xdotool, ffmpeg
# (the clip the players play).  Debian 12 packages all of them; without
# their recommends about 340 packages, 485 MB to download, 2 GB
# installed, 3.5 min to install here (firefox-esr 80 MB, chromium 115,
# libreoffice-writer 89, thunderbird 80, okular 54 with its 184 KDE
# packages).  No Electron app: Debian 12 packages none.  Audacity: its
# shipped profile's test (profiles.sh), 14 MB more to download.
DEPS_APPS  := firefox-esr chromium evince eog feh mpv vlc gimp inkscape \
              libreoffice-writer libreoffice-core thunderbird transmission-gtk \
              gedit mousepad xterm zathura okular \
              audacity imagemagick xdotool ffmpeg
DEPS       := $(DEPS_BUILD) $(DEPS_TEST) $(DEPS_RUN) $(DEPS_BENCH) $(DEPS_APPS)

.PHONY: all deps ensure-deps check check-run check-unit check-asan demo bench \
        soak fuzz install clean format

all: $(BIN)

$(BUILD)/%.o: src/%.c $(HDRS) | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BIN): $(LIB_OBJS) $(BUILD)/main.o
	$(CC) $(CFLAGS) $(LDHARDEN) -o $@ $^ $(LIBS)

$(BUILD) $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB_OBJS) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $(TEST_INC) $(LDHARDEN) -o $@ $< $(LIB_OBJS) $(LIBS) -lcmocka

# The probe runs inside the sandbox, where LeakSanitizer cannot work (it
# needs ptrace): never built with the sanitizers.
# One probe per concern: probe.c, probe-landlock.c, ...
$(PROBES): $(BUILD)/tests/%: tests/integration/%.c | $(BUILD)/tests
	$(CC) -std=gnu11 -D_GNU_SOURCE $(WARN) -O2 -o $@ $< $(PROBE_LIBS)
# the stand-in Wayland compositor (runs outside the sandbox, in the tests)
$(BUILD)/tests/probe-wayland: PROBE_LIBS := -lwayland-server
$(ESCAPE_PROBES): $(BUILD)/tests/%: tests/integration/escape/%.c | $(BUILD)/tests
	$(CC) -std=gnu11 -D_GNU_SOURCE $(WARN) -O2 -o $@ $<

# Installs every package the build, the tests and the benchmarks need
# (as root; otherwise prints the apt-get line).
deps:
	@if [ "$$(id -u)" = 0 ]; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -q && apt-get install -y -q --no-install-recommends $(DEPS); \
	else \
		echo "run as root, or: sudo apt-get install $(DEPS)"; \
		dpkg -s $(DEPS) >/dev/null 2>&1 || exit 1; \
	fi

# Only what is missing: a no-op on a machine that has everything.
ensure-deps:
	@sh tests/ensure-deps.sh $(DEPS)

check: ensure-deps
	@$(MAKE) --no-print-directory check-run

check-run: $(BIN) $(UNIT_BINS) $(PROBES) $(ESCAPE_PROBES)
	@BUILD=$(BUILD) bash tests/run.sh

check-unit: $(UNIT_BINS)
	@BUILD=$(BUILD) NESTBOX_UNIT_ONLY=1 bash tests/run.sh

# The same suite, built with AddressSanitizer and UndefinedBehaviorSanitizer.
check-asan: ensure-deps
	$(MAKE) --no-print-directory BUILD=build-asan CC=clang LIBS_DYNAMIC=1 \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		HARDEN="-fPIE" check-run

# libFuzzer targets (clang, ASan+UBSan), each run FUZZ_SECONDS on a copy
# of its committed seed corpus.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS   := -std=gnu11 -D_GNU_SOURCE -iquote include $(TEST_INC) -g -O1 \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

fuzz: ensure-deps
	@mkdir -p build-fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
		clang $(FUZZ_FLAGS) -o build-fuzz/$$t tests/fuzz/$$t.c \
			$(filter-out src/main.c,$(SRCS)) $$(pkg-config --libs $(PKGS)); \
	done
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

demo: ensure-deps
	@$(MAKE) --no-print-directory $(BIN)
	@bash tests/demo.sh $(BIN)

bench: ensure-deps
	@$(MAKE) --no-print-directory $(BIN) $(BUILD)/bench-filter
	@sh bench/startup.sh $(BIN)
	@sh bench/profile.sh $(BIN)
	@sh bench/cli.sh $(BIN)
	@sh bench/seccomp.sh $(BIN)
	@sh bench/desktop.sh $(BIN)
	@bash bench/apps.sh $(BIN)

# The soak test (tests/soak.sh), not part of check: SOAK_MINUTES (default
# 10) of sustained launches as an unprivileged user, then bwrap for
# comparison; fails on a lost or mixed output, an unclear failure, a leak.
SOAK_MINUTES ?= 10
SOAK_WORKERS ?= 8
SOAK_USER    ?= nestbox-soak
soak: ensure-deps
	@$(MAKE) --no-print-directory $(BIN) $(BUILD)/soak-launch
	@SOAK_MINUTES=$(SOAK_MINUTES) SOAK_WORKERS=$(SOAK_WORKERS) SOAK_USER=$(SOAK_USER) \
		bash tests/soak.sh $(BIN) $(BUILD)/soak-launch

$(BUILD)/soak-launch: tests/soak-launch.c | $(BUILD)
	$(CC) -std=gnu11 -D_GNU_SOURCE $(WARN) -O2 -o $@ $<

$(BUILD)/bench-filter: bench/filter.c $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDHARDEN) -o $@ $< $(LIB_OBJS) $(LIBS)

install: $(BIN)
	install -D -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/nestbox
	install -D -m 0644 man/nestbox.1 $(DESTDIR)$(MANDIR)/man1/nestbox.1
	install -D -m 0644 man/nestbox-profile.5 $(DESTDIR)$(MANDIR)/man5/nestbox-profile.5
	install -d $(DESTDIR)$(DATADIR)/profiles
	for f in profiles/*; do [ -f "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/profiles/; done; true

format:
	clang-format -i $(SRCS) $(HDRS) tests/unit/*.c tests/integration/*.c tests/integration/escape/*.c

clean:
	rm -rf build build-asan build-fuzz
