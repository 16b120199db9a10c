# Two commands do all the set-up on a fresh machine: `make demo` (the tool, end to end) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install clean redis-server

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

# The scale-out tests start a real redis-server (Debian's package) on a loopback port.
redis-server:
	@command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server; }

clean:
	rm -rf $(VENV) .pytest_cache
