# Every target works from a fresh clone by itself: the ones that need the
# virtual environment depend on its stamp file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# An editable install leaves the package uncompiled, and with PYTHONDONTWRITEBYTECODE set
# (as on CI machines) every command would compile its modules again at start-up, ~60 ms
# of a search. Compiled here, as a regular `pip install` does; up-to-date files are skipped.
BYTECODE := $(BIN)/python -m compileall -q src/normcorpus

.PHONY: install run test lint bench eval eval-text eval-wrapped eval-parallel eval-check clean

install: $(STAMP)

# The C parts are built in place by the editable install: a change to them reinstalls.
$(STAMP): pyproject.toml setup.py $(wildcard src/normcorpus/*.c src/normcorpus/*.h src/normcorpus/accel/*.c src/normcorpus/accel/*.h)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BYTECODE)
	touch $(STAMP)

run: $(STAMP)
	$(BYTECODE)
	$(BIN)/normcorpus ingest
	$(BIN)/normcorpus search "an ninh mang" --limit 5
	$(BIN)/normcorpus search cybersecurity --limit 3
	@echo
	@echo "The web app: $(BIN)/normcorpus serve   (then open http://127.0.0.1:8765/; --open opens it)"
	@echo "Plots for papers: $(BIN)/normcorpus plot dispersion 'an ninh mạng' -o dispersion.svg"

# The project's own gates: lint, the glossary strictly against the corpus, the
# shipped translations against the glossary (errors fail), then the suite.
test: $(STAMP)
	$(BIN)/ruff check src tests scripts eval setup.py
	$(BIN)/normcorpus glossary validate glossary.yaml --strict --corpus corpus/ --quiet
	$(BIN)/normcorpus check --corpus --fail-on error --quiet --format table
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts eval setup.py
	$(BIN)/ruff format --check src tests scripts eval setup.py

bench: $(STAMP)
	$(BYTECODE)
	$(BIN)/python scripts/bench.py

# The gold evaluation on real text (eval/README.md): plain tables for the README;
# `make eval EVAL_ARGS="--format json"` for machines. Texts that may not be copied
# are read from ../shared/realtexts (NORMEVAL_REALTEXTS) and skipped when absent.
eval: eval-text eval-wrapped eval-parallel eval-check

eval-text: $(STAMP)
	cd eval && ../$(BIN)/python -m normeval $(EVAL_ARGS)

# legal structure of the statute and the codification hard-wrapped at 60-100 columns:
# lines filed under another unit than unwrapped, and false units (docs/decisions.md).
eval-wrapped: $(STAMP)
	$(BIN)/python eval/tools/wrap_structure.py

eval-parallel: $(STAMP)
	$(BIN)/python eval/parallel_alignment.py

# check: recall on planted errors, and the share of false findings on real
# bilingual files (verdicts in eval/check/precision.tsv; eval/check/README.md).
eval-check: $(STAMP)
	$(BIN)/python eval/check/score_planted.py
	$(BIN)/python scripts/check_realtexts.py --show none

clean:
	rm -rf $(VENV) .normcorpus bench/out .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find src -name "*.so" -delete
