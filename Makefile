# SafeCommunity — the README's quick start is `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

# With DEBUG=0 the settings refuse to start without SECRET_KEY. The local targets (run, seed,
# bench, ...) use one generated once into var/secret_key unless the environment sets it.
ifndef SECRET_KEY
SECRET_KEY := $(shell mkdir -p var && { test -s var/secret_key || $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" >var/secret_key; } && cat var/secret_key)
endif
export SECRET_KEY

# Where `make run` serves, and so the links in its e-mails (make run PORT=8080).
PORT ?= 8000
RUN_HOST ?= 127.0.0.1
run seed: export PORT := $(PORT)
run seed: export HOST := $(RUN_HOST)
run seed: export SITE_URL ?= http://$(RUN_HOST):$(PORT)

.PHONY: run test lint format bench sysdeps install migrate seed remove-demo messages translations clean-db loadtest faults prod-smoke

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --quiet --python $(PY) -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

sysdeps:
	scripts/sysdeps.sh

migrate: install
	mkdir -p var/static
	$(PY) manage.py migrate --noinput

messages: install
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true

# After adding strings: refresh the catalogues, fill English from locale/pending-*.po, check, compile.
translations: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests --no-obsolete
	if ls locale/pending-*.po >/dev/null 2>&1; then \
	  $(PY) scripts/po_fill.py locale/en/LC_MESSAGES/django.po locale/pending-*.po; fi
	msgfmt --check-format -o /dev/null locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore=.venv

# DEMO=0 starts empty (no demo county); a database somebody has set up never gets it either.
DEMO ?= 1
seed: migrate
	@if [ "$(DEMO)" = "0" ]; then echo "DEMO=0: demo county not loaded."; \
	else EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend} \
	  $(PY) manage.py seed_demo --if-empty; fi

remove-demo: install
	$(PY) manage.py remove_demo

run: sysdeps install messages migrate seed
	scripts/run.sh

test: sysdeps install messages
	scripts/test.sh

# Style, then the layers: dependencies run one way and no module imports itself back
# (contracts in pyproject.toml, [tool.importlinter]; docs/architecture.md, "Layers").
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: sysdeps install messages
	$(PY) scripts/bench.py

clean-db:
	rm -rf var/safecommunity.sqlite3* var/celery var/celerybeat-schedule*

# Figures, not pass/fail on time: 50 users against gunicorn + PostgreSQL, then the scripted faults.
loadtest: sysdeps install messages
	$(PY) scripts/loadtest.py
	$(PY) scripts/faults.py

faults: sysdeps install messages
	$(PY) scripts/faults.py

# The production stack end to end (gunicorn, Celery worker + beat, PostgreSQL, Redis); run by CI.
prod-smoke: sysdeps install messages
	$(PY) scripts/prod_smoke.py
