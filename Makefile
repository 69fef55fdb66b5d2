# Chỉ tiêu. A newcomer needs two commands (see README):
#   make run    install everything, load the demo on SQLite, start the portal on http://127.0.0.1:8000
#   make test   install everything (Chromium too, when it can) and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000

.PHONY: run test install check browsers messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(ADDR)

test: install browsers
	$(BIN)/python -m pytest $(PYTEST_ARGS)

browsers:
	@scripts/ensure-chromium

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l vi --ignore=.venv --ignore=staticfiles --ignore=node_modules
	DEBUG=1 $(BIN)/python manage.py compilemessages -l vi --ignore=.venv
