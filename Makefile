# mitteilung: Sitzungsvorlagen aus Daten bauen.  `make help` zeigt alle Ziele.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data
OUT    ?= build

.DEFAULT_GOAL := build
.PHONY: help build check test lint golden schema clean

help: ## Diese Hilfe anzeigen
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

build: $(STAMP) ## Alle Vorlagen aus data/ nach build/ bauen (docx und txt)
	$(BIN)/mitteilung build $(DATA) -o $(OUT)

check: $(STAMP) ## Daten und Vorlagen prüfen, nichts schreiben
	$(BIN)/mitteilung check $(DATA)

test: $(STAMP) ## Alle Tests ausführen (mit Lint und Typprüfung)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy src
	$(BIN)/pytest

golden: $(STAMP) ## Referenzdateien der Tests (tests/golden/) neu erzeugen
	$(BIN)/python scripts/make_golden.py

schema: $(STAMP) ## JSON-Schemata der Datendateien (schema/) neu erzeugen
	$(BIN)/mitteilung schema -o schema

clean: ## build/ löschen
	rm -rf $(OUT)
