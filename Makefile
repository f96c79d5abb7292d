# CrashSift: `make demo` and `make test` work on a fresh Debian machine with Swift; they
# install what is missing (the -dev packages of SYSTEM_LIBRARIES, through apt-get) and then
# build and run.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_SAMPLE ?= Samples/rhel7-rt-csd-deadlock.article.txt

.PHONY: all deps test-tools build demo install uninstall scan-report-demo test test-asan test-tsan bench fuzz fuzz-smoke fuzz-runs clean

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

# Python's jsonschema checks the JSON outputs against Sources/CrashSift/Schemas/ in `make test`:
# pip for a Python of one's own (pyenv), Debian's package for the system's Python.
test-tools:
	@python3 -c 'import jsonschema' 2>/dev/null || { \
		echo "make: installing Python's jsonschema"; \
		{ command -v python3 >/dev/null && python3 -m pip install --quiet jsonschema 2>/dev/null; } || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-jsonschema; }; }

# The Swift tests, then the README's command blocks marked `<!-- tested -->`, as written
# (Tests/readme-commands.sh: `make install PREFIX=~/.local` in a fresh $HOME, then the usage).
test: deps test-tools
	$(SWIFT) test
	Tests/readme-commands.sh

# The suite under AddressSanitizer and under ThreadSanitizer, each in its own build folder.
# LeakSanitizer is off: at exit it reports buffers of Foundation's Data(contentsOf:) and, now
# and then, objects that finishing concurrent tasks still hold (the XCTest runner's own leaks
# too); single-threaded runs of the CLI show no leak (README, "Tests").
# SWIFT_BACKTRACE=enable=no keeps Swift's backtracer from confusing the sanitizers' reports.
test-asan: deps test-tools
	ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no $(SWIFT) test --sanitize=address --scratch-path .build-asan

test-tsan: deps test-tools
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# Throughput of the parser against `LC_ALL=C grep -c '^ *#'` on the same generated 100 MB
# `foreach bt` text, in the same run (see README, "Performance").
bench: deps
	$(SWIFT) build -c release --product crashsift-benchmark
	$(SWIFT) build -c release --product crashsift
	$$($(SWIFT) build -c release --show-bin-path)/crashsift-benchmark $(BENCH_ARGS)

# libFuzzer on the three entry points (README, "Fuzzing"), one after the other, each for
# FUZZ_SECONDS: `make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS="parse"`. The build command is the one
# that instruments deterministically for coverage and ASan (two --sanitize flags do not), in its
# own scratch path. Corpora grow in .fuzz/corpus/<target>/, findings go to .fuzz/artifacts/<target>/.
# libFuzzer checks each input for leaks; the check at exit is off because LeakSanitizer cannot
# see Swift's pointers that carry enum tags in their spare bits, and reports the catalogue that
# fuzz-analyze keeps for the whole run (indirect enum cases of its templates) as leaked.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= parse rules analyze
FUZZ_FLAGS ?=
FUZZ_SCRATCH := .build-fuzz
FUZZ_BUILD = $(SWIFT) build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --scratch-path $(FUZZ_SCRATCH)

fuzz: deps
	Fuzz/seed.sh
	for target in $(FUZZ_TARGETS); do $(FUZZ_BUILD) --product fuzz-$$target || exit 1; done
	for target in $(FUZZ_TARGETS); do \
		case $$target in rules) dict=rules ;; *) dict=parse ;; esac; \
		mkdir -p .fuzz/artifacts/$$target; \
		SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=leak_check_at_exit=0 $(FUZZ_SCRATCH)/release/fuzz-$$target -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
			-max_total_time=$(FUZZ_SECONDS) -dict=Fuzz/$$dict.dict -artifact_prefix=.fuzz/artifacts/$$target/ \
			-print_final_stats=1 $(FUZZ_FLAGS) .fuzz/corpus/$$target || exit 1; \
	done

# The long campaign: FUZZ_RUNS executions per target (issue 7 asks for ten million), with
# coverage instrumentation only — about three times the speed of the ASan build above — and short
# inputs (512 bytes; 4 KiB for rule files, which are longer). A leak shows as growth: the run stops
# if the process ever passes -rss_limit_mb. Each target writes .fuzz/logs/<target>.log; the count
# is its last `stat::number_of_executed_units`. Targets run one after the other; give each its
# own `make fuzz-runs FUZZ_TARGETS=…` to use more cores.
FUZZ_RUNS ?= 10000000
FUZZ_FAST_SCRATCH := .build-fuzz-fast

fuzz-runs: deps
	Fuzz/seed.sh
	for target in $(FUZZ_TARGETS); do $(SWIFT) build -c release --sanitize=fuzzer --scratch-path $(FUZZ_FAST_SCRATCH) --product fuzz-$$target || exit 1; done
	mkdir -p .fuzz/logs
	for target in $(FUZZ_TARGETS); do \
		case $$target in rules) dict=rules; len=4096 ;; *) dict=parse; len=512 ;; esac; \
		mkdir -p .fuzz/artifacts/$$target .fuzz/corpus-short/$$target; \
		SWIFT_BACKTRACE=enable=no $(FUZZ_FAST_SCRATCH)/release/fuzz-$$target -runs=$(FUZZ_RUNS) -max_len=$$len -timeout=10 \
			-rss_limit_mb=1024 -dict=Fuzz/$$dict.dict -artifact_prefix=.fuzz/artifacts/$$target/ -print_final_stats=1 \
			$(FUZZ_FLAGS) .fuzz/corpus-short/$$target .fuzz/corpus/$$target > .fuzz/logs/$$target.log 2>&1 || { tail -40 .fuzz/logs/$$target.log; exit 1; }; \
		grep -E 'stat::(number_of_executed_units|peak_rss_mb)' .fuzz/logs/$$target.log; \
	done

# Ten seconds per target: a check that the entry points build and run, not part of `make test`
# (the instrumented release build alone takes minutes).
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=10

# The README's screenshot of `crashsift scan --html` (Samples/scan-report.png): the 676 console
# logs of ../shared's syzkaller corpus as a year of cases (they carry no dates of their own, so
# their modification days are spread over 2025), rendered by headless Chromium (Debian's
# `chromium` package, installed when missing).
DEMO_FOLDER := .build/scan-report-demo
scan-report-demo: deps
	$(SWIFT) build --product crashsift
	rm -rf $(DEMO_FOLDER) && mkdir -p $(DEMO_FOLDER)/cases
	i=0; for name in $$(ls ../shared/corpus/syzkaller | sort -n); do \
		i=$$((i + 1)); \
		cp ../shared/corpus/syzkaller/$$name $(DEMO_FOLDER)/cases/syzkaller-$$name.log; \
		touch -d "2025-$$(printf %02d $$((i * 7 % 12 + 1)))-$$(printf %02d $$((i * 13 % 28 + 1))) 12:00" $(DEMO_FOLDER)/cases/syzkaller-$$name.log; \
	done
	$$($(SWIFT) build --show-bin-path)/crashsift scan --quiet --html $(DEMO_FOLDER)/report.html $(DEMO_FOLDER)/cases > $(DEMO_FOLDER)/outcomes.jsonl
	command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1500 \
		--screenshot=Samples/scan-report.png file://$(CURDIR)/$(DEMO_FOLDER)/report.html 2>/dev/null
	@echo "wrote $(DEMO_FOLDER)/report.html and Samples/scan-report.png"

# `sudo make install` (PREFIX=/usr/local by default; DESTDIR for packaging): the release binary,
# its man page (swift-argument-parser's generate-manual plugin, from the command tree) and the
# bash, zsh and fish completions (the binary's own --generate-completion-script).
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
MANUAL_DATE ?= $(shell git log -1 --format=%cs 2>/dev/null || date +%F)

install: deps
	$(SWIFT) build -c release --product crashsift
	$(SWIFT) package generate-manual --date $(MANUAL_DATE)
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/crashsift" $(BINDIR)/crashsift
	# The built-in rules are a resource bundle that the binary looks for beside itself.
	rm -rf $(BINDIR)/CrashSift_CrashSiftRules.resources
	cp -R "$$($(SWIFT) build -c release --show-bin-path)/CrashSift_CrashSiftRules.resources" $(BINDIR)/
	install -m 644 .build/plugins/GenerateManual/outputs/crashsift/crashsift.1 $(MANDIR)/crashsift.1
	$(BINDIR)/crashsift --generate-completion-script bash > $(BASHDIR)/crashsift
	$(BINDIR)/crashsift --generate-completion-script zsh > $(ZSHDIR)/_crashsift
	$(BINDIR)/crashsift --generate-completion-script fish > $(FISHDIR)/crashsift.fish
	@echo "installed crashsift in $(BINDIR); try: crashsift analyze --help, man crashsift"

uninstall:
	rm -f $(BINDIR)/crashsift $(MANDIR)/crashsift.1 $(BASHDIR)/crashsift $(ZSHDIR)/_crashsift $(FISHDIR)/crashsift.fish
	rm -rf $(BINDIR)/CrashSift_CrashSiftRules.resources

clean:
	rm -rf .build
