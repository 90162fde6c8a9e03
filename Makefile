# mitteilung: Sitzungsvorlagen aus Daten bauen.  `make help` zeigt alle Ziele.
#
# `make` baut nur veraltete Vorlagen. `mitteilung build --depfile` schreibt je Vorlage eine
# Datei $(OUT)/.deps/<Datendatei>.d: welche Dateien aus ihr entstehen und welche Dateien sie
# nutzt (Daten, Fakten, stadt.yaml, Vorlagen, Textbausteine), und dasselbe für alle Vorlagen
# zusammen in $(OUT)/.deps/make/. make liest diese wenigen Dateien, sammelt alle veralteten
# Vorlagen und ruft das Programm EINMAL für alle auf. Ist nichts veraltet, startet kein
# Python. Neue oder geänderte YAML-Dateien ohne Regeln bekommt das Programm auch: es
# entscheidet, ob sie Vorlagen sind.
# Nach einem Update des Programms selbst: `make clean && make` baut alles neu.

PYTHON ?= python3
SELF   := $(abspath $(lastword $(MAKEFILE_LIST)))
HERE   := $(dir $(SELF))
VENV   ?= $(HERE).venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
COMPILED := $(VENV)/.compiled
# SETUP richtet .venv ein; mit `make SETUP= VENV=...` wird ein vorhandenes venv genutzt
SETUP  ?= $(STAMP) $(COMPILED)
DATA   ?= data
OUT    ?= build
# Die Formate, die make aktuell hält: docx txt html pdf oparl (pdf braucht LibreOffice)
FORMATS ?= docx txt

MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
.DEFAULT_GOAL := build
.PHONY: help build pdf oparl check test golden schema bench clean

help: ## Diese Hilfe anzeigen
	@grep -E '^[a-z-]+:.*## ' $(SELF) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'
	@echo "  Variablen: DATA=$(DATA) (Daten), OUT=$(OUT) (Zielordner), z. B. make OUT=ausgabe"
	@echo "  FORMATS=\"$(FORMATS)\": die Formate, die make aktuell hält, z. B."
	@echo "    make FORMATS=\"docx txt html pdf oparl\" (möglich: $(ALL_FORMATS))"
	@echo "  make clean löscht nur, was mitteilung in OUT geschrieben hat"
	@echo "  Nach einem Update des Programms: make clean && make (baut alles neu)"

$(STAMP): $(HERE)pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '$(HERE).[dev]'
	touch $@

# Das Programm vorab übersetzen (.pyc): sonst übersetzt Python bei jedem Start alle Module neu,
# wo PYTHONDONTWRITEBYTECODE gesetzt ist (0,05 bis 0,1 s je Aufruf).
$(COMPILED): $(STAMP) $(wildcard $(HERE)src/mitteilung/*.py $(HERE)src/mitteilung/*/*.py)
	$(BIN)/python -m compileall -q $(HERE)src
	touch $@

# --- Vorlagen: nur veraltete bauen, mit einem Aufruf ----------------------------------------
# make vergleicht Pfade als Text. DATA und OUT stehen deshalb in der Form, in der das Programm
# Pfade in die .d-Dateien schreibt: relativ zum Arbeitsordner, wenn sie darin liegen, sonst
# absolut; ohne './' und ohne '/' am Ende (OUT=build/ und OUT=/abs/pfad gehen also auch).
# Ist DATA eine Verknüpfung auf einen Ordner, nennt das Programm die Dateien nach dem Ordner,
# auf den sie zeigt: make auch (realpath).
norm = $(patsubst $(CURDIR)/%,%,$(patsubst $(CURDIR),.,$(abspath $(1))))
OUT_AS_GIVEN := $(OUT)
override DATA := $(call norm,$(or $(realpath $(DATA)),$(DATA)))
override OUT := $(call norm,$(OUT))

# Alle YAML-Dateien in DATA. Was davon eine Vorlage ist, entscheidet das Programm, nicht grep:
# eine Vorlage mit Tippfehler in 'vorlagenart:' darf nicht still übergangen werden.
# Namen, mit denen make nicht umgehen kann (Leerzeichen trennen Namen, ':' ';' '|' '=' bauen
# Regeln, '#' beginnt einen Kommentar, '$$' und '%' sind Zeichen von make, dazu * ? [ ] ( ) \),
# kommen nicht in die Liste: jedes make meldet sie mit Namen, baut die übrigen und endet mit
# Fehler.
UNSAFE_CHARS := [][[:space:];:\#|$$%=*?()\\]
find_yamls = find $(DATA) ! -type d \( -name '*.yaml' -o -name '*.yml' \) -print0 2>/dev/null \
  | LC_ALL=C grep -z $(1) '$(UNSAFE_CHARS)'
YAMLS := $(patsubst ./%,%,$(shell $(call find_yamls,-v) | tr '\0' '\n' | LC_ALL=C sort))
UNSAFE := $(filter-out 0,$(shell $(call find_yamls) | tr -dc '\0' | wc -c))
, := ,
hash := \#
report_unsafe = $(if $(UNSAFE),@$(call find_yamls) | tr '\0' '\n' | LC_ALL=C sort | awk '{ \
  n = $$0; sub(/.*\//$(,) ""$(,) n); gsub(/$(UNSAFE_CHARS)+/$(,) "-"$(,) n); print $$0 ": make \
  kann mit diesem Dateinamen nicht arbeiten (Leerzeichen und ; : $(hash) | $$ % = * ? [ ] ( ) \\ \
  gehen nicht); bitte umbenennen$(,) z. B. in " n }' >&2)
ALL_FORMATS := docx txt html pdf oparl
# Was make über alle Dokumente weiß, steht in einer Datei, $(OUT)/.deps/make/dokumente.mk, die
# jeder Bau mit --depfile neu schreibt (siehe src/mitteilung/write/makerules.py): je Datendatei
# die Dateien, die sie nutzt (MITTEILUNG_SRC/<Datei>, die Datendatei zuerst), und die Dateien,
# die aus ihr entstehen (MITTEILUNG_OUT/<Datei>). Daraus entsteht mit einem $(eval) je Dokument
# eine Regel, nur für die Formate, die make aktuell hält. (Eine .d-Datei je Vorlage zu lesen
# kostete make bei 10.000 Vorlagen Sekunden, bevor es ein Datum verglich.)
RULES := $(OUT)/.deps/make
-include $(RULES)/dokumente.mk
# Die Regeln gelten, wenn sie diesen Aufbau haben und kein Bau seither abgebrochen wurde (dann
# liegt $(RULES)/unfertig da); sonst geht jede Datei an das Programm.
RULES_OK := $(if $(filter 2,$(MITTEILUNG_LAYOUT)),$(if $(wildcard $(RULES)/unfertig),,ja))
# Die Dokumente mit Regeln, deren Datendatei es noch gibt
MITTEILUNG_DOCS := $(if $(RULES_OK),$(filter $(YAMLS),$(MITTEILUNG_DOCS)))
define newline


endef
KEPT_FORMATS := $(filter $(ALL_FORMATS),$(FORMATS) $(if $(filter pdf,$(MAKECMDGOALS)),pdf))
suffixes = $(addprefix %.,$(patsubst oparl,oparl.json,$(1)))
KEPT := $(call suffixes,$(KEPT_FORMATS))
$(eval $(foreach doc,$(MITTEILUNG_DOCS),$(foreach first,$(firstword $(filter $(KEPT),\
  $(MITTEILUNG_OUT/$(doc)))),$(newline)$(filter $(KEPT),$(MITTEILUNG_OUT/$(doc))): \
  $(MITTEILUNG_SRC/$(doc)))))
# Ausgabedateien aller Vorlagen und Sitzungen in den Formaten $(1)
outputs = $(call outputs_in,$(call suffixes,$(1)))
outputs_in = $(foreach doc,$(MITTEILUNG_DOCS),$(filter $(1),$(MITTEILUNG_OUT/$(doc))))

OUTDATED :=
# Eine veraltete Ausgabedatei merkt sich nur ihre Vorlage (kein Prozess); gebaut wird danach
# mit einem Aufruf für alle. So ist auch make -j2 sicher: es läuft nur ein Programm.
# Die erste Voraussetzung einer Ausgabe ist ihre Datendatei.
$(OUT)/%.docx $(OUT)/%.txt $(OUT)/%.pdf $(OUT)/%.html $(OUT)/%.oparl.json:
	$(eval OUTDATED += $<)

# Die übrigen Dateien (ohne Regeln): neue Vorlagen, Faktendateien, stadt.yaml, fehlerhafte Dateien.
# Jede geht an das Programm, solange es sie nicht ohne Fehler gelesen hat oder wenn sie sich
# seither geändert hat (Stempel $(OUT)/.deps/<Datei>.ok). So scheitert eine fehlerhafte Datei
# bei jedem make, und ein make ohne Änderung startet trotzdem kein Python.
# Gelten die Regeln nicht (siehe RULES_OK), zählen die Stempel nicht: dann geht jede Datei an das
# Programm, und es schreibt die Regeln neu. Ebenso eine Datei mit .d-Datei, aber ohne Regel (eine
# Vorlage, weggenommen und zurückgelegt, oder von Hand in einen Ordner ohne Regeln gebaut).
OTHERS := $(filter-out $(MITTEILUNG_DOCS),$(YAMLS))
stamps = $(foreach file,$(1),$(OUT)/.deps/$(patsubst /%,%,$(file)).ok)
depfile = $(OUT)/.deps/$(patsubst /%,%,$(basename $(1))).d
unsure = $(if $(RULES_OK),$(if $(wildcard $(call depfile,$(1))),mitteilung-ohne-regeln),\
  mitteilung-ohne-regeln)
$(foreach file,$(OTHERS),$(eval $(call stamps,$(file)): $(file) $(call unsure,$(file))))
.PHONY: mitteilung-ohne-regeln
mitteilung-ohne-regeln: ;
CHANGED :=
$(OUT)/.deps/%.ok:
	$(eval CHANGED += $<)

space := $(subst ,, )
lines = $(subst $(space),$(newline),$(strip $(1)))
TODO = $(sort $(OUTDATED) $(CHANGED))
LIST := $(OUT)/.deps/veraltet.txt
READ := $(OUT)/.deps/gelesen.txt
# Die Listen gehen über Dateien an die Programme: bei Tausenden Vorlagen wäre die
# Befehlszeile zu lang.
build_todo = $(if $(refusal),@echo "$(refusal)" >&2; exit 1,$(if $(TODO),$(info \
  $(todo_info))$(file >$(LIST),$(call lines,$(TODO)))$(call run_build,$(1)),$(info Alle \
  $(words $(MITTEILUNG_DOCS)) Vorlage(n) und Sitzung(en) sind aktuell.)@true))
# Was make nicht bauen lässt: ein DATA, das es nicht gibt (sonst hieße es "Alle 0 Vorlage(n)
# sind aktuell."), ein unbekanntes Format
refusal = $(strip $(if $(wildcard $(DATA)),,DATA=$(DATA): diesen Ordner gibt es nicht \
  (die Daten liegen in data/; DATA=... nennt einen anderen Ordner)) $(if $(filter-out \
  $(ALL_FORMATS),$(FORMATS)),FORMATS: unbekanntes Format $(filter-out $(ALL_FORMATS),$(FORMATS)) \
  (möglich: $(ALL_FORMATS))))
run_build = $(BIN)/mitteilung build --depfile -o $(OUT) $(addprefix -f ,$(1)) --list $(LIST)$(stamp_read)
todo_info = $(strip $(if $(OUTDATED),$(words $(sort $(OUTDATED))) von $(words $(MITTEILUNG_DOCS)) \
  Vorlage(n) und Sitzung(en) veraltet$(if $(CHANGED),;)) $(if $(CHANGED),$(words $(CHANGED)) Datei(en) neu oder \
  geändert))
# nach einem Lauf ohne Fehler: die übrigen Dateien sind gelesen
stamp_read = $(if $(CHANGED), && mkdir -p $(sort $(dir $(call stamps,$(CHANGED))))$(file \
  >$(READ),$(call lines,$(call stamps,$(CHANGED)))) && tr '\n' '\0' <$(READ) | xargs -0 touch)

build: $(SETUP) $(call outputs,$(FORMATS)) $(call stamps,$(OTHERS)) | $(OUT)/.deps ## Veraltete Vorlagen bauen: FORMATS (docx txt) aus DATA nach OUT
	$(report_unsafe)
	$(call build_todo,$(FORMATS))
	$(if $(UNSAFE),@exit 1)

pdf: $(SETUP) $(call outputs,$(FORMATS) pdf) $(call stamps,$(OTHERS)) | $(OUT)/.deps ## Wie build, dazu PDF/A (braucht LibreOffice)
	$(report_unsafe)
	$(call build_todo,$(sort $(FORMATS) pdf))
	$(if $(UNSAFE),@exit 1)

# Der OParl-Ordner ist der ganze Graph (alle Vorlagen und Sitzungen): er entsteht mit einem
# Bau aller Daten, nicht nur der veralteten; unveränderte Dateien bleiben dabei unberührt.
oparl: $(SETUP) ## OParl-Schnittstelle als Ordner OUT/oparl/ (mit PDF, braucht LibreOffice)
	$(BIN)/mitteilung build -o $(OUT) -f docx -f pdf -f oparl $(DATA)

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

# Das Programm löscht nur, was es selbst geschrieben hat, und nur in einem Ordner mit seiner
# Markierung; OUT geht über die Umgebung an es, damit die Shell nichts daran ändert (etwa ~).
clean: export MITTEILUNG_CLEAN := $(OUT_AS_GIVEN)
clean: $(SETUP) ## In OUT löschen, was mitteilung dort geschrieben hat (sonst nichts)
	@$(BIN)/mitteilung clean "$$MITTEILUNG_CLEAN"
