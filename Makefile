# Wijkpartner: `make run` serves the app with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test install install-dev chromium node oidc-provider vnu lint format messages bench clean

# Re-install only when a requirements file changed.
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed
install-dev: $(BIN)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Browser tests use Debian's Chromium (Playwright cannot download browsers here).
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "Installing Chromium from Debian for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is missing. Install it with: sudo apt-get install chromium" >&2; \
		echo "(or run only the other tests: make test PYTEST_ARGS=\"-m 'not browser'\")" >&2; \
		exit 1; \
	fi

# The single sign-on tests start a real OpenID Provider on Node 20.19+ (tests/oidc_provider, panva's
# oidc-provider); its packages: `npm ci`, once per lock file. Without Node those tests are skipped
# (Debian bookworm's own nodejs is 18, too old: install Node 20 or later from nodejs.org's packages).
OIDC_PROVIDER := tests/oidc_provider

node:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || \
		echo "Node.js 20+ with npm is missing: the single sign-on tests will be skipped." >&2

$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund --loglevel=error; \
	fi

oidc-provider: node $(OIDC_PROVIDER)/node_modules/.package-lock.json

# The W3C Nu HTML Checker (npm vnu-jar, a Java program: needs Java 11+) for tests/pages/test_valid_html.py;
# without Java or npm that test is skipped.
VNU := tests/vnu

$(VNU)/node_modules/.package-lock.json: $(VNU)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(VNU) --no-audit --no-fund --loglevel=error; \
	fi

vnu: $(VNU)/node_modules/.package-lock.json
	@command -v java >/dev/null 2>&1 || echo "Java is missing: the HTML validation test will be skipped." >&2

test: install-dev chromium oidc-provider vnu
	$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the translation files after changing strings; then translate locale/nl and compile.
messages: install-dev
	$(BIN)/python manage.py makemessages -l nl -l en --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

# National-scale load benchmark (not a test): builds its own database, runs gunicorn on
# 127.0.0.1, writes docs/performance.md. SQLite by default, PostgreSQL with DATABASE_URL.
# The pages and the API under load, then the import of a national-size CBS GeoPackage.
bench: install-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/gpkg_import.py

clean:
	rm -rf $(VENV) var $(OIDC_PROVIDER)/node_modules $(VNU)/node_modules
