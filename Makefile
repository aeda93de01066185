# The two commands of the README: `make run` and `make test`. CI (.ci/run) calls `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# CI passes --noreload so that a server that cannot start ends instead of waiting for edits.
RUNSERVER_ARGS ?=

.PHONY: run test lint format mutants install install-test messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Mở http://$(HOST)/ trong trình duyệt (Ctrl+C để dừng)."
	@# The worker that makes long exports (Tệp đã xuất) runs beside the server and stops with it,
	@# at a lower priority: the pages come first.
	nice -n 10 $(BIN)/python manage.py db_worker --no-startup-delay --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(RUNSERVER_ARGS) $(HOST)

# One worker per core (pytest-xdist), an idle worker taking tests queued for the other (a few
# slow tests, a demo seeded or a migration run back and forth, otherwise leave one worker
# finishing alone); PYTEST_ARGS="-n 0" runs in one process.
PYTEST_ARGS ?= -n auto --dist worksteal
test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Mutation testing of the rule modules ([tool.mutmut] in pyproject.toml); by hand, it takes
# a while. `mutmut results` lists the survivors afterwards, `mutmut show NAME` shows one.
mutants: install-test
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,mutation]"
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/mutmut results

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Recompile the Vietnamese messages after editing locale/vi/LC_MESSAGES/django.po.
messages: install
	cd locale && ../$(BIN)/python ../manage.py compilemessages -l vi

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache
