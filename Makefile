# CrashSift: `make demo` and `make test` work on a fresh Debian machine with Swift; they
# install what is missing (libpcre2-dev, zlib1g-dev and liblzma-dev, through apt-get) and
# then build and run.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_SAMPLE ?= Samples/rhel7-rt-csd-deadlock.article.txt

.PHONY: all deps build demo test bench clean

all: build

# The system libraries are PCRE2, zlib and liblzma (the last two for compressed inputs and
# archives); pkg-config finds them (and is itself installed if absent).
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libpcre2-8; then \
		echo "make: installing libpcre2-dev and pkg-config with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpcre2-dev pkg-config; \
	fi
	@if ! pkg-config --exists zlib liblzma; then \
		echo "make: installing zlib1g-dev and liblzma-dev with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq zlib1g-dev liblzma-dev; \
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

# Throughput of the parser against `LC_ALL=C grep -c '^ *#'` on the same generated 100 MB
# `foreach bt` text, in the same run (see README, "Performance").
bench: deps
	$(SWIFT) build -c release --product crashsift-benchmark
	$$($(SWIFT) build -c release --show-bin-path)/crashsift-benchmark $(BENCH_ARGS)

clean:
	rm -rf .build
