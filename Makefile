# Two commands do all the set-up on a fresh machine: `make demo` (the tool, end to end) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint wheel-check install clean redis-server

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/mentionfinder demo

test: $(VENV)/.installed redis-server
	$(BIN)/python -m pytest -q

# Ruff (pinned in the test extra) and every third-party import declared in pyproject.toml.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python .ci/check-deps.py

# Build the wheel, install it into a fresh venv and run it from an empty folder (see the script).
wheel-check: $(VENV)/.installed
	PYTHON=$(abspath $(BIN))/python BASE_PYTHON=$(PYTHON) bash .ci/wheel-check

# The scale-out tests start a real redis-server (Debian's package) on a loopback port.
redis-server:
	@command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server; }

clean:
	rm -rf $(VENV) .pytest_cache
