# mitteilung: Sitzungsvorlagen aus Daten bauen.  `make help` zeigt alle Ziele.
#
# `make` baut nur veraltete Vorlagen. `mitteilung build --depfile` schreibt je Vorlage eine
# Datei $(OUT)/.deps/<Datendatei>.d: welche Dateien aus ihr entstehen und welche Dateien sie
# nutzt (Daten, Fakten, stadt.yaml, Vorlagen, Textbausteine). make liest diese Dateien, sammelt
# alle veralteten Vorlagen und ruft das Programm EINMAL für alle auf. Ist nichts veraltet,
# startet kein Python. Neue Vorlagen (noch ohne .d-Datei) gelten als veraltet.
# Nach einem Update des Programms selbst: `make -B` baut alles neu.

PYTHON ?= python3
SELF   := $(abspath $(lastword $(MAKEFILE_LIST)))
HERE   := $(dir $(SELF))
VENV   ?= $(HERE).venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# SETUP richtet .venv ein; mit `make SETUP= VENV=...` wird ein vorhandenes venv genutzt
SETUP  ?= $(STAMP)
DATA   ?= data
OUT    ?= build

MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
.DEFAULT_GOAL := build
.PHONY: help build pdf check test golden schema bench clean

help: ## Diese Hilfe anzeigen
	@grep -E '^[a-z-]+:.*## ' $(SELF) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'
	@echo "  Variablen: DATA=$(DATA) (Daten), OUT=$(OUT) (Zielordner), z. B. make OUT=ausgabe"

$(STAMP): $(HERE)pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '$(HERE).[dev]'
	touch $@

# --- Vorlagen: nur veraltete bauen, mit einem Aufruf ----------------------------------------
# Vorlagen sind YAML-Dateien mit 'vorlagenart:' (gefunden ohne Python, mit grep).
DOCS := $(patsubst ./%,%,$(shell grep -rlE --include='*.yaml' --include='*.yml' \
          '^vorlagenart:' $(DATA) 2>/dev/null | LC_ALL=C sort))
depfile = $(OUT)/.deps/$(basename $(1)).d
-include $(foreach doc,$(DOCS),$(call depfile,$(doc)))

# Ausgabedateien der Vorlagen (aus den .d-Dateien) in den Formaten $(1); Vorlagen ohne .d: neu
outputs = $(filter $(addprefix %.,$(1)),$(MITTEILUNG_OUTPUTS))
NEW := $(filter-out $(MITTEILUNG_DOCS),$(DOCS))
OUTDATED :=
# Eine veraltete Ausgabedatei merkt sich nur ihre Vorlage (kein Prozess); gebaut wird danach
# mit einem Aufruf für alle. So ist auch make -j2 sicher: es läuft nur ein Programm.
$(OUT)/%.docx $(OUT)/%.txt $(OUT)/%.pdf:
	$(eval OUTDATED += $(MITTEILUNG_DOC))

space := $(subst ,, )
define newline


endef
TODO = $(sort $(OUTDATED) $(NEW))
LIST := $(OUT)/.deps/veraltet.txt
# Die Liste geht über eine Datei an das Programm: bei Tausenden Vorlagen wäre die
# Befehlszeile zu lang.
build_todo = $(if $(TODO),$(info $(words $(TODO)) von $(words $(DOCS)) Vorlage(n) veraltet)$(file \
  >$(LIST),$(subst $(space),$(newline),$(TODO)))$(BIN)/mitteilung build --depfile -o $(OUT) \
  $(addprefix -f ,$(1)) --list $(LIST),$(info Alle $(words $(DOCS)) Vorlage(n) sind aktuell.))

build: $(SETUP) $(call outputs,docx txt) | $(OUT)/.deps ## Veraltete Vorlagen bauen: docx und txt aus DATA nach OUT
	$(call build_todo,docx txt)

pdf: $(SETUP) $(call outputs,docx txt pdf) | $(OUT)/.deps ## Wie build, dazu PDF/A (braucht LibreOffice)
	$(call build_todo,docx txt pdf)

$(OUT)/.deps:
	mkdir -p $@

# --- Prüfen, Testen, Messen ---------------------------------------------------------------
check: $(SETUP) ## Alle Daten und Vorlagen prüfen, nichts schreiben
	$(BIN)/mitteilung check $(DATA)

test: $(SETUP) ## Alle Tests ausführen (mit Lint und Typprüfung)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy src
	$(BIN)/pytest

bench: $(SETUP) ## Geschwindigkeit und Speicher messen (Ergebnis: build/bench.json)
	$(BIN)/python -m scripts.bench

golden: $(SETUP) ## Referenzdateien der Tests (tests/golden/) neu erzeugen
	$(BIN)/python scripts/make_golden.py

schema: $(SETUP) ## JSON-Schemata der Datendateien (schema/) neu erzeugen
	$(BIN)/mitteilung schema -o schema

clean: ## Den Zielordner OUT löschen
	rm -rf $(OUT)
