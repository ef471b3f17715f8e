# obzor: two commands get a stranger running: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= obzor.db
# `make demo SERVE=0` stops after the summary instead of serving the UI on PORT.
SERVE ?= 1
PORT ?= 8000
EXTRAS := server,postgres,scale,report,export,dev

.PHONY: setup demo test lint typecheck unit bench bench-load eval models clean

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
	@# Last: the web UI on loopback, read-only without a login (skip with `make demo SERVE=0`)
	@if [ "$(SERVE)" != "0" ]; then $(BIN)/obzor serve --db sqlite:///$(DB) --host 127.0.0.1 --port $(PORT) --open; fi

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	@sh scripts/install-services.sh  # loopback services some tests start (redis-server, PostgreSQL, chromium)
	$(BIN)/pytest -q

test: lint typecheck unit

# One core and single-threaded numeric libraries, so that throughput is per core.
ONE_CORE := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 taskset -c 0

bench: $(STAMP)
	$(ONE_CORE) $(BIN)/python bench/pipeline.py
	$(ONE_CORE) $(BIN)/python bench/stories.py
	$(BIN)/python bench/workers.py
	$(BIN)/python bench/startup.py
	$(ONE_CORE) $(BIN)/python bench/hostile.py

# Search under load on loopback (issue 18): 50 searches/s on 20,000 articles for 20 s.
bench-load: $(STAMP)
	$(BIN)/python bench/load.py

# A base of ARTICLES synthetic articles and its query latencies (a million takes hours);
# SCALE_FLAGS=--postgres builds it in a throwaway PostgreSQL cluster instead of SQLite.
ARTICLES ?= 1000000
SCALE_FLAGS ?=
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py --articles $(ARTICLES) $(SCALE_FLAGS)

eval: $(STAMP)
	$(BIN)/obzor eval

# Rebuild the shipped NER models from ../shared/eval (CPU, several minutes; see docs/ner.md).
models: $(STAMP)
	$(BIN)/python -m obzor.nlp.ner.train
	$(BIN)/python -m obzor.nlp.ner.train_kk
	$(BIN)/python -m obzor.nlp.ner.train_en

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info $(DB) $(DB)-wal $(DB)-shm
