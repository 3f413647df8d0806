# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
DEV_ENV := DEBUG=1
PORT ?= 8000

.PHONY: install run test lint screenshots messages

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py demo_data
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

screenshots: install
	$(BIN)/python scripts/screenshots.py

# Collect the pages' strings into locale/ru/LC_MESSAGES/django.po; translate the new ones (no empty
# msgstr, no fuzzy: config/tests/test_language.py checks), then compile the .mo. Needs GNU gettext.
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l ru --ignore=.venv --ignore=staticfiles --ignore="*/tests/*"
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l ru --ignore=.venv
