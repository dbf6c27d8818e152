# yangguang: `make demo` on a fresh machine, `make test` for the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export YANGGUANG_MODE ?= demo

.PHONY: demo serve test test-fast lint check pytest install assets clean bench-audit messages bench-env bench-conformance bench-ingest bench-dashboard

demo: install
	$(BIN)/yangguang demo
	$(BIN)/yangguang serve

serve: install
	$(BIN)/yangguang serve

install: $(STAMP)

$(STAMP): pyproject.toml tools/fetch_assets.py tools/assets.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python tools/fetch_assets.py
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

assets: install
	$(BIN)/python tools/fetch_assets.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	DJANGO_SETTINGS_MODULE=yangguang.settings_test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=yangguang.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python tools/compile_messages.py --check

messages: install
	$(BIN)/python tools/compile_messages.py

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

# The whole suite: lint, check, then pytest on the configured database (SQLite by default);
# with TEST_POSTGRES=postgres://... pytest runs on PostgreSQL and on SQLite at the same time
# (one core each). TEST_BUDGET=seconds fails the run, naming the stage, when it passes that.
# Each stage's time and the total are printed at the end (tools/test_stages.py).
TEST_POSTGRES ?=
TEST_BUDGET ?=
test: install
	$(BIN)/python tools/test_stages.py $(if $(TEST_POSTGRES),--postgres '$(TEST_POSTGRES)') \
		$(if $(TEST_BUDGET),--budget $(TEST_BUDGET)) -- $(PYTEST_ARGS)

# The inner loop: no browser, no demo county, stop at the first failure, failures first.
test-fast: install
	YANGGUANG_TESTS=fast $(BIN)/pytest -x -q --ff $(PYTEST_ARGS)

bench-audit: install
	$(BIN)/python bench/audit.py

# integration API events/s and the deadline sweep over 1M open cases (PostgreSQL)
bench-ingest: install
	$(BIN)/python bench/ingest.py

# the commission's dashboard under 50 connections through the real server (PostgreSQL, 10^5 cases)
bench-dashboard: install
	$(BIN)/python bench/dashboard_load.py

# pm4py for the conformance benchmark only: a separate venv, never the platform's deps
bench-env:
	test -x var/bench-env/bin/python || $(PYTHON) -m venv var/bench-env
	var/bench-env/bin/python -m pip install --quiet pm4py==2.7.23.11

bench-conformance: install
	$(BIN)/python bench/conformance_vs_pm4py.py

clean:
	rm -rf $(VENV) var build *.egg-info src/*.egg-info src/yangguang/static/vendor
