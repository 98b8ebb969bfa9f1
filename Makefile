# The few commands people type. `make run` and `make test` set up everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

RUN_DEBS := libpulse0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 \
	libxkbcommon-x11-0 libx11-xcb1 libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core \
	fonts-lobster fonts-bebas-neue fonts-roboto-slab fonts-noto-cjk
TEST_DEBS := $(RUN_DEBS) pulseaudio pulseaudio-utils xvfb playerctl dbus ffmpeg imagemagick xdotool \
	desktop-file-utils appstream gtk-update-icon-cache shared-mime-info x11-utils util-linux passwd \
	libglib2.0-bin
BENCH_DEBS := $(TEST_DEBS) mpv mpv-mpris
TS_FILES := $(wildcard resources/translations/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

.PHONY: run test bench screenshots lint typecheck pytest bytecode debs-run debs-test debs-bench clean \
	install-desktop uninstall-desktop icons translations update-translations fuzz soak

run: debs-run $(STAMP) bytecode translations
	$(PY) main.py $(ARGS)

test: debs-test $(STAMP) lint typecheck translations pytest

bench: debs-bench $(STAMP) bytecode translations
	$(PY) -m benchmarks.run

screenshots: debs-test $(STAMP) bytecode translations
	$(PY) tools/screenshots.py

lint: $(STAMP)
	$(VENV)/bin/ruff check app tests benchmarks tools main.py

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP) bytecode translations
	$(PY) -m pytest $(PYTEST_ARGS)

# About 90 minutes: 1,000 short tracks, then an hour of playback, watched for leaks and
# underruns. SOAK_ARGS="--quick" checks the harness in about 5 minutes.
soak: debs-bench $(STAMP) bytecode translations
	$(PY) -m benchmarks.soak $(SOAK_ARGS)

# Longer fuzzing than the test suite's: the property tests with more examples, then the
# tag-reading fuzzer on mutated real files (crashing inputs land in build/fuzz/crashes).
FUZZ_SECONDS ?= 600
FUZZ_EXAMPLES ?= 2000
fuzz: debs-test $(STAMP) bytecode
	STARLIGHT_PROPERTY_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/property -q
	$(PY) tools/fuzz_tags.py --seconds $(FUZZ_SECONDS) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

# The catalogues the app loads, built from the .ts sources (build products, git-ignored).
translations: $(QM_FILES)

resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# After adding or changing visible strings: collect them into the .ts for the translator.
update-translations: $(STAMP)
	$(PY) tools/update_translations.py

# Add the app to the desktop's menu for this user (XDG folders); see tools/install_desktop.py.
install-desktop: debs-run $(STAMP) bytecode
	$(PY) tools/install_desktop.py $(INSTALL_ARGS)
uninstall-desktop: $(STAMP)
	$(PY) tools/install_desktop.py --uninstall
icons: $(STAMP)
	$(PY) tools/render_icons.py

# Compile the bytecode ahead (also where PYTHONDONTWRITEBYTECODE is set, as on the CI
# machines): otherwise every process compiles each module at its first import, holding the
# GIL for tens of milliseconds at a time, and an app started by a test answers keys late
# and can starve its audio thread into a gap.
bytecode: $(STAMP)
	$(PY) -m compileall -q app tests benchmarks tools main.py > /dev/null

debs-run:
	@sh tools/ensure-debs.sh $(RUN_DEBS)
debs-test:
	@sh tools/ensure-debs.sh $(TEST_DEBS)
debs-bench:
	@sh tools/ensure-debs.sh $(BENCH_DEBS)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dev]' --config-settings editable_mode=compat
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
	rm -f resources/translations/*.qm
