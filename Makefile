# medcoder: `make run` serves the site, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= $(abspath ../shared/data)
CODEBOOK ?= var/codebook.sqlite
export MEDCODER_CODEBOOK := $(abspath $(CODEBOOK))

.PHONY: run test test-deps lint codebook clean

$(BIN)/medcoder: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[web,dev]'
	touch $@

# Rebuilt when the importers change: an older file is refused (CodebookOutdated) once the schema moves on.
$(CODEBOOK): $(BIN)/medcoder $(shell find src/medcoder/codebook -name "*.py" -o -name "*.sql" -o -name "*.tsv")
	$(BIN)/medcoder codebook build --data-dir $(DATA_DIR)

codebook: $(BIN)/medcoder
	$(BIN)/medcoder codebook build --data-dir $(DATA_DIR)

run: $(CODEBOOK)
	$(BIN)/medcoder manage migrate --verbosity 0
	$(BIN)/medcoder careers seed-demo
	MEDCODER_DEBUG=1 $(BIN)/medcoder serve --address 127.0.0.1:8000

test-deps:
	bash scripts/install-test-deps.sh

test: $(BIN)/medcoder test-deps
	MEDCODER_DATA_DIR=$(DATA_DIR) $(BIN)/python -m pytest
	MEDCODER_DATA_DIR=$(DATA_DIR) MEDCODER_TEST_POSTGRES=1 $(BIN)/python -m pytest tests/web -m postgres

lint: $(BIN)/medcoder
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

clean:
	rm -rf $(VENV) var
