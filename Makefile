# classify - build, test and install.
#
#   make run       install what is missing, build a release, scan examples/ with the default pack
#   make test      install what is missing, build, run every test (Swift, C ABI, Python, CLI)
#   make lib       build/lib/libclassify.so.1 (Swift stdlib static, classify_* exports only)
#   make cli       build/bin/classify
#   make install PREFIX=/usr/local [DESTDIR=]
#   make python    make lib + pip install ./bindings/python
#   make eval      accuracy per entity type on a generated, labelled corpus
#   make bench     throughput and latency benchmarks
#   make fuzz      libFuzzer targets (FUZZ_SECONDS per target)

SHELL := /bin/bash
PREFIX ?= /usr/local
DESTDIR ?=
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin

VERSION := 1.0.0
SOMAJOR := 1
BUILD := $(CURDIR)/build
LIB_SCRATCH := $(CURDIR)/.build-lib
SWIFT ?= swift
CC ?= cc
PYTHON ?= python3

APT_PACKAGES := libpcre2-dev libjson-c-dev libsodium-dev pkg-config valgrind
LIB_FLAGS := -c release --product ClassifyLib --scratch-path $(LIB_SCRATCH) \
	-Xswiftc -static-stdlib \
	-Xlinker --version-script=$(CURDIR)/Sources/CClassify/exports.map \
	-Xlinker -soname=libclassify.so.$(SOMAJOR)
CLI_FLAGS := -c release --product classify

.PHONY: all deps lib cli cli-debug run test test-slow test-swift test-c test-symbols test-install test-packs test-python test-cli test-docs test-eval eval \
	install python eval bench fuzz test-fuzz-regressions clean

all: lib cli

# Installs the system packages and Python modules the build and tests need, when missing.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@$(PYTHON) -c "import pytest, jsonschema" 2>/dev/null || $(PYTHON) -m pip install -q pytest jsonschema

lib: deps
	$(SWIFT) build $(LIB_FLAGS)
	@mkdir -p $(BUILD)/lib
	@# Copy, strip, then rename into place: a process that has the old library mapped keeps it.
	@cp -f $$($(SWIFT) build $(LIB_FLAGS) --show-bin-path)/libClassifyLib.so $(BUILD)/lib/.libclassify.tmp
	@strip --strip-debug $(BUILD)/lib/.libclassify.tmp
	@mv -f $(BUILD)/lib/.libclassify.tmp $(BUILD)/lib/libclassify.so.$(VERSION)
	@ln -sf libclassify.so.$(VERSION) $(BUILD)/lib/libclassify.so.$(SOMAJOR)
	@ln -sf libclassify.so.$(SOMAJOR) $(BUILD)/lib/libclassify.so
	@echo "built $(BUILD)/lib/libclassify.so.$(VERSION) ($$(stat -c %s $(BUILD)/lib/libclassify.so.$(VERSION)) bytes)"

cli: deps
	$(SWIFT) build $(CLI_FLAGS)
	@mkdir -p $(BUILD)/bin
	@cp -f $$($(SWIFT) build $(CLI_FLAGS) --show-bin-path)/classify $(BUILD)/bin/.classify.tmp
	@mv -f $(BUILD)/bin/.classify.tmp $(BUILD)/bin/classify

run: cli
	$(BUILD)/bin/classify scan examples/ --format table; status=$$?; \
	if [ $$status -eq 2 ]; then exit 2; fi; \
	echo "(exit status $$status: 0 = nothing at or above the --fail-on level, 1 = findings at or above it)"

test: deps test-swift lib test-symbols test-c test-fuzz-regressions test-install test-packs test-python test-cli test-docs test-eval
	@echo "make test: all suites passed"

test-swift: deps
	$(SWIFT) test --parallel --num-workers 2

test-symbols: lib
	@tests/check-exports.sh $(BUILD)/lib/libclassify.so include/classify.h

test-c: lib
	@$(MAKE) --no-print-directory -C Tests/CAPI BUILD=$(BUILD) run

# Replays tests/fuzz-regressions/ and the committed fuzz seeds through plain ASan builds of
# the fuzz targets against build/lib (fuzz/README.md).
test-fuzz-regressions: lib
	@$(MAKE) --no-print-directory -C fuzz BUILD=$(BUILD) replay

# libFuzzer targets with a coverage-instrumented library (.build-fuzz), FUZZ_SECONDS each;
# crashes and timeouts are copied into tests/fuzz-regressions/ (fuzz/README.md).
FUZZ_SECONDS ?= 60
fuzz: deps
	@$(MAKE) --no-print-directory -C fuzz SWIFT=$(SWIFT) FUZZ_SECONDS=$(FUZZ_SECONDS) run

test-install: lib
	@tests/check-install.sh

test-packs: deps
	@$(PYTHON) -m pytest -q tests/packs

test-python: lib
	@cd bindings/python && CLASSIFY_LIBRARY=$(BUILD)/lib/libclassify.so $(PYTHON) -m pytest -q tests

# The CLI tests use the debug build that `swift test` has already compiled most of, to
# keep `make test` short; `make cli` builds the release binary for users.
DEBUG_CLI = $$($(SWIFT) build --show-bin-path)/classify

cli-debug: deps
	@$(SWIFT) build --product classify

test-cli: cli-debug
	@CLASSIFY_BIN=$(DEBUG_CLI) $(PYTHON) -m pytest -q -m "not slow" tests/cli

# Long tests, with the release CLI: a 4 GiB sparse file streamed end to end (10-15 min), a
# 10k-row profile, 64 MiB through standard input.
test-slow: cli
	@CLASSIFY_BIN=$(BUILD)/bin/classify $(PYTHON) -m pytest -q -m slow tests/cli

test-docs: cli-debug
	@tests/check-docs.sh $(DEBUG_CLI)

# Accuracy per entity type on a labelled corpus generated with Faker (eval/README.md).
eval: lib
	$(PYTHON) -m pip install -q -r eval/requirements.txt
	$(PYTHON) eval/run.py $(EVAL_ARGS)

test-eval: lib
	@$(PYTHON) -m pip install -q -r eval/requirements.txt
	@$(PYTHON) -m pytest -q eval/test_eval.py

# Throughput and latency (benchmarks/README.md): writes benchmarks/results/latest.{md,json}.
bench: lib cli
	$(PYTHON) benchmarks/run.py $(BENCH_ARGS)

install: lib
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 0755 $(BUILD)/lib/libclassify.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libclassify.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libclassify.so.$(SOMAJOR)
	ln -sf libclassify.so.$(SOMAJOR) $(DESTDIR)$(LIBDIR)/libclassify.so
	install -m 0644 include/classify.h $(DESTDIR)$(INCLUDEDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
		-e 's|@VERSION@|$(VERSION)|g' classify.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/classify.pc
	@if [ -x $(BUILD)/bin/classify ]; then install -d $(DESTDIR)$(BINDIR) && install -m 0755 $(BUILD)/bin/classify $(DESTDIR)$(BINDIR)/; fi

python: lib
	$(PYTHON) -m pip install -q ./bindings/python

clean:
	rm -rf $(BUILD) $(LIB_SCRATCH) .build
