# CrashSift: `make demo` and `make test` work on a fresh Debian machine with Swift; they
# install what is missing (the -dev packages of SYSTEM_LIBRARIES, through apt-get) and then
# build and run.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_SAMPLE ?= Samples/rhel7-rt-csd-deadlock.article.txt

.PHONY: all deps build demo test test-asan test-tsan bench clean

all: build

# The system libraries, as pkg-config module:Debian package: PCRE2 (the rules' patterns), zlib
# and liblzma (compressed inputs and archives), SQLite (the scan index, through GRDB).
SYSTEM_LIBRARIES := libpcre2-8:libpcre2-dev zlib:zlib1g-dev liblzma:liblzma-dev sqlite3:libsqlite3-dev

deps:
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"; \
	for pair in $(SYSTEM_LIBRARIES); do \
		pkg-config --exists "$${pair%%:*}" 2>/dev/null || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "make: installing$$missing with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

# Analyze the seed sample (a knowledge-base article with crash output pasted into prose): the
# finding it confirms, with its evidence lines, and the kernel reports of its log.
demo: deps
	$(SWIFT) build --product crashsift
	$$($(SWIFT) build --show-bin-path)/crashsift analyze $(DEMO_SAMPLE)

test: deps
	$(SWIFT) test

# The suite under AddressSanitizer and under ThreadSanitizer, each in its own build folder.
# LeakSanitizer is off: at exit it reports buffers of Foundation's Data(contentsOf:) and, now
# and then, objects that finishing concurrent tasks still hold (the XCTest runner's own leaks
# too); single-threaded runs of the CLI show no leak (README, "Tests").
# SWIFT_BACKTRACE=enable=no keeps Swift's backtracer from confusing the sanitizers' reports.
test-asan: deps
	ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no $(SWIFT) test --sanitize=address --scratch-path .build-asan

test-tsan: deps
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# Throughput of the parser against `LC_ALL=C grep -c '^ *#'` on the same generated 100 MB
# `foreach bt` text, in the same run (see README, "Performance").
bench: deps
	$(SWIFT) build -c release --product crashsift-benchmark
	$(SWIFT) build -c release --product crashsift
	$$($(SWIFT) build -c release --show-bin-path)/crashsift-benchmark $(BENCH_ARGS)

clean:
	rm -rf .build
