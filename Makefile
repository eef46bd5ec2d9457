# meedoen: `make demo` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_PEOPLE ?= 3000
DEMO_SEED ?= 1
HOST ?= 127.0.0.1:8000

.PHONY: demo serve test lint bench bench-engine messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "meedoen needs Python 3.12 or newer; set PYTHON=/path/to/python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

demo: $(VENV)/.installed
	$(BIN)/meedoen migrate --noinput
	$(BIN)/meedoen demo --people $(DEMO_PEOPLE) --seed $(DEMO_SEED) --keep
	$(BIN)/meedoen engine fit --municipality GM9999
	@$(MAKE) --no-print-directory serve

# The web server and the task worker together; Ctrl-C stops both.
serve: $(VENV)/.installed
	@echo "meedoen runs on http://$(HOST) (Ctrl-C to stop)"
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/meedoen db_worker --interval 1 & \
	$(BIN)/meedoen runserver --noreload $(HOST)

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=meedoen.conf.test $(BIN)/meedoen makemigrations --check --dry-run

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Dutch translations: refresh the catalogue after changing user text, then compile.
messages: $(VENV)/.installed
	cd src/meedoen && ../../$(BIN)/meedoen makemessages -l nl -l en --no-obsolete
	cd src/meedoen && ../../$(BIN)/meedoen compilemessages

bench: $(VENV)/.installed
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.simulation.run
	test -x .venv-bench-matching/bin/python || ($(PYTHON) -m venv .venv-bench-matching && .venv-bench-matching/bin/pip install -q "matching==1.4.3")
	$(BIN)/python -m bench.matching.run

# The engine beside EconML and DoubleML needs its own environment (their pins differ).
bench-engine: $(VENV)/.installed
	test -x .venv-bench/bin/python || ($(PYTHON) -m venv .venv-bench && .venv-bench/bin/pip install -q -r bench/requirements-engine.txt)
	.venv-bench/bin/python -c "import causallib" 2>/dev/null || .venv-bench/bin/pip install -q --no-deps causallib==0.10.0 networkx==3.7 pytz==2026.6
	mkdir -p var/bench && rm -f var/bench/*.jsonl
	PYTHONPATH=src nice -n 10 .venv-bench/bin/python -m bench.engine.run --n 10000 --seeds 0 1 2 3 4 5 6 7 8 9 --jsonl var/bench/seeds_10k.jsonl
	PYTHONPATH=src nice -n 10 .venv-bench/bin/python -m bench.engine.run --n 100000 --seeds 0 1 2 --timeout 1000 --jsonl var/bench/seeds_100k.jsonl
	PYTHONPATH=src nice -n 10 .venv-bench/bin/python -m bench.engine.validation --ihdp 1000 --out var/bench/validation.md --log var/bench/validation_runs.jsonl
	PYTHONPATH=src nice -n 10 $(BIN)/python -m bench.engine.pipeline --n 1000000

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
