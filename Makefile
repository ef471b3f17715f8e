# obzor: two commands get a stranger running: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= obzor.db
EXTRAS := server,postgres,scale,report,dev

.PHONY: setup demo test lint typecheck unit bench eval clean

$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[$(EXTRAS)]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	rm -f $(DB) $(DB)-wal $(DB)-shm
	@# examples/corpus/broken/ holds bad inputs on purpose, so ingest exits 1 after skipping them
	$(BIN)/obzor ingest examples/corpus --db sqlite:///$(DB) || test $$? -eq 1
	$(BIN)/obzor summary --db sqlite:///$(DB)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python bench/pipeline.py

eval: $(STAMP)
	$(BIN)/obzor eval

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info $(DB) $(DB)-wal $(DB)-shm
