"""Broken input of every kind: exit code 1, the exact German message, no traceback, no output.

Each case edits a copy of the sample project that was built once before, builds again and
checks: exit code 1, exactly the expected messages (file, line, field, text), the summary naming
the failed files, and the output folder byte for byte and time for time as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.support.edits import (
    BAUSTEIN,
    DOCX,
    INTERESSE,
    KOOP,
    LAST_TEXT,
    PROG,
    STADT,
    TXT,
    Case,
    M,
    both,
    m,
    snapshot,
    sub,
    word_sub,
    write,
)

TOO_DEEP = "zu tief verschachtelt (mehr als 32 Ebenen)"
CONTROL = "(kann nicht in Word stehen; bitte entfernen)"
NOT_ALLOWED_TAG = "(nur einfache Werte, Listen und Zuordnungen)"
WORD_HINT = (
    "meist beginnt ein {% if %} oder {% for %} in einem Absatz und endet in einem anderen "
    "(dafür {%p if … %} und {%p endif %} je in einem eigenen Absatz verwenden) oder ein "
    "Platzhalter mit |safe gibt '<' oder '&' aus den Daten weiter (|safe entfernen)"
)
STRAIGHT = 'gerade Anführungszeichen " verwenden (Word ersetzt sie beim Tippen durch typografische)'
SANDBOX = "ist in Vorlagen nicht erlaubt (nur Daten, Filter und Schleifen verwenden)"
FILTERS = (
    "deutsche Filter: betrag, dativ, datum, datum_lang, liste, liste_oder, prozent, tausend, "
    "zahl, zitat (dazu die Jinja-Filter wie join, default)"
)


def one(
    id: str, path: str, old: str, new: str, line: int | None, message: str, shown: str = M
) -> Case:
    """The common case: one replacement in ``path``, one message (about file ``shown``)."""
    return Case(id, sub(path, old, new), [m(line, message, shown)])


# fmt: off
CASES = [
    # 1. YAML syntax, with line and column
    one("yaml-unclosed-list", M, "betreff: interkommunale", "betreff: [interkommunale", 7,
        "YAML-Syntaxfehler, Spalte 10: Liste mit [ ] nicht richtig geschlossen (fehlt ']' oder "
        "ein Komma?); Text, der mit '[' beginnt, in Anführungszeichen setzen"),
    one("yaml-colon-in-text", M, "bereich: Zentralbereiche", "bereich: Zentral: bereiche", 8,
        "YAML-Syntaxfehler, Spalte 17: Doppelpunkt an unerwarteter Stelle (Text mit ': ' in "
        "Anführungszeichen setzen; oder fehlt in der Zeile davor der Doppelpunkt nach dem "
        "Schlüssel?)"),
    one("yaml-tab-indent", M, "  - gremium: stadtrat", "\t- gremium: stadtrat", 12,
        "YAML-Syntaxfehler, Spalte 1: Tabulator zum Einrücken (nur Leerzeichen verwenden)"),
    one("yaml-unclosed-quote", M, "bereich: Zentralbereiche", 'bereich: "Zentralbereiche', 8,
        "YAML-Syntaxfehler, Spalte 10: Datei endet mitten in einem Text in Anführungszeichen "
        "(fehlt das schließende Anführungszeichen?)"),
    one("yaml-indentation", M, "  - gremium: stadtrat", "   - gremium: stadtrat", 12,
        "YAML-Syntaxfehler, Spalte 4: Einrückung passt nicht zur Zeile davor (gleich weit "
        "einrücken wie die Einträge darüber)"),
    one("yaml-missing-colon", M, "bereich: Zentralbereiche", "bereich Zentralbereiche", 8,
        "YAML-Syntaxfehler, Spalte 1: Doppelpunkt fehlt: erwartet 'schlüssel: wert'"),
    one("yaml-undefined-alias", M, "bereich: Zentralbereiche", "bereich: *zb", 8,
        "YAML-Syntaxfehler, Spalte 10: unbekannter Verweis *zb (Anker &zb fehlt)"),
    one("yaml-two-documents", M, "bereich: Zentralbereiche", "bereich: Zentralbereiche\n---", 9,
        "YAML-Syntaxfehler, Spalte 1: mehr als ein Dokument in der Datei (Trennlinie '---'); nur "
        "eines ist erlaubt"),
    one("yaml-backslash", M, "bereich: Zentralbereiche", 'bereich: "C:\\Users\\Alter"', 8,
        "YAML-Syntaxfehler, Spalte 15: ungültiges Zeichen nach '\\' in einem Text in doppelten "
        "Anführungszeichen (einen Rückstrich als '\\\\' schreiben oder einfache "
        "Anführungszeichen verwenden)"),
    one("yaml-duplicate-key", M, "sachbearbeitung: Frau Alter",
        "sachbearbeitung: Frau Alter\nbereich: Finanzen", 10,
        "bereich: Schlüssel 'bereich' kommt doppelt vor"),
    # 1. structure: unknown keys, missing fields, wrong types
    Case(
        "unknown-key-suggestion",
        sub(M, "betreff:", "betref:"),
        [
            m(
                3,
                "betreff: Pflichtfeld fehlt (Betreff, wie er im Kopf der Vorlage steht); die Zeile "
                "'betreff: …' ergänzen",
            ),
            m(7, "betref: unbekanntes Feld; meinten Sie 'betreff'?"),
        ],
    ),
    one("unknown-key-list", M, "bereich: Zentralbereiche",
        "bereich: Zentralbereiche\nfarbe: blau", 9,
        "farbe: unbekanntes Feld; erlaubt sind: abschnitte, anlagen, beratungsfolge, bereich, "
        "betreff, datum, entwurf, klimaschutz, kooperation, mitzeichnung, nummer, oeffentlich, "
        "sachbearbeitung, vorlagenart"),
    one("missing-field", M, "sachbearbeitung: Frau Alter\n", "", 3,
        "sachbearbeitung: Pflichtfeld fehlt (z. B. 'Frau Alter'); die Zeile 'sachbearbeitung: …' "
        "ergänzen"),
    one("missing-nested-field", KOOP, "    ebene: Büroleitungen\n", "", 21,
        "kooperation.gespraeche.ebene: Pflichtfeld fehlt (z. B. 'Büroleitungen'); unter "
        "'gespraeche:' die Zeile 'ebene: …' ergänzen",
        KOOP),
    one("missing-in-list-item", M, "  - gremium: stadtrat", "  - sitzung: 01.10.2025", 12,
        "beratungsfolge[2].gremium: Pflichtfeld fehlt (Schlüssel eines Gremiums aus stadt.yaml); "
        "im Listeneintrag die Zeile 'gremium: …' ergänzen"),
    one("list-expected", M, "beratungsfolge:\n  - gremium: hfa\n  - gremium: stadtrat",
        "beratungsfolge: hfa", 10,
        "beratungsfolge: Liste erwartet (jeder Eintrag in eigener Zeile mit '- '), gefunden: "
        "'hfa'"),
    one("text-got-number", M, "nummer: 7939/2025", "nummer: 7939", 4,
        "nummer: Text erwartet, gefunden: die Zahl 7939; in Anführungszeichen setzen"),
    one("text-got-yes-no", KOOP, "beginn: Sommer", "beginn: no", 22,
        "kooperation.gespraeche.beginn: Text erwartet, gefunden: ein Ja/Nein-Wert (false); in "
        "Anführungszeichen setzen",
        KOOP),
    one("bool-expected", M, "bereich: Zentralbereiche",
        "bereich: Zentralbereiche\noeffentlich: vielleicht", 9,
        "oeffentlich: Ja/Nein-Wert erwartet: true oder false, gefunden: 'vielleicht'"),
    one("int-expected", KOOP, "anzahl: 8", "anzahl: acht", 11,
        "kooperation.partner[1].anzahl: ganze Zahl erwartet (nur Ziffern, z. B. 8), gefunden: "
        "'acht'",
        KOOP),
    one("choice-expected", M, "  - gremium: hfa",
        "  - gremium: hfa\n    zustaendigkeit: Beschluss", 12,
        "beratungsfolge[1].zustaendigkeit: erwartet wird eines von: 'Vorberatung', "
        "'Entscheidung', 'Kenntnisnahme' oder 'Anhörung'; gefunden: 'Beschluss'"),
    one("empty-value", M, "bereich: Zentralbereiche", "bereich:", 8,
        "bereich: Text erwartet, gefunden: nichts (das Feld ist leer)"),
    one("blank-text", M, "bereich: Zentralbereiche", 'bereich: "   "', 8,
        "bereich: ist leer; Text eintragen oder die Zeile löschen"),
    Case(
        "text-and-baustein",
        sub(M, LAST_TEXT, "- text: Schluss\n      baustein: ikz/gespraeche"),
        [m(24, "abschnitte.information[9]: genau eines von 'text' oder 'baustein' angeben")],
    ),
    Case(
        "key-pattern",
        sub(STADT, "  hfa:", "  HFA:"),
        [
            m(
                40,
                "gremien.HFA: nur Kleinbuchstaben, Ziffern, '_' und '-' erlaubt, gefunden: 'HFA'",
                STADT,
            )
        ],
        [],
    ),
    # 1. impossible dates, amounts in German notation
    one("date-german-impossible", M, "datum: 22.09.2025", "datum: 31.02.2025", 6,
        "datum: 31.02.2025 ist kein gültiges Datum (diesen Tag gibt es nicht)"),
    one("date-iso-impossible", M, "datum: 22.09.2025", "datum: 2025-02-31", 6,
        "datum: 2025-02-31 ist kein gültiges Datum (diesen Tag gibt es nicht)"),
    one("date-words", M, "datum: 22.09.2025", "datum: nächste Woche", 6,
        "datum: Datum erwartet, gefunden: 'nächste Woche'; schreiben Sie TT.MM.JJJJ (z. B. "
        "15.10.2025) oder JJJJ-MM-TT"),
    one("amount-euro-text", KOOP, "foerderung_je_behoerde: 45000",
        "foerderung_je_behoerde: 45.000 €", 20,
        "kooperation.foerderung_je_behoerde: Betrag als Zahl erwartet, gefunden: '45.000 €'; "
        "schreiben Sie 45000 (ohne Tausenderpunkt und Währungszeichen)",
        KOOP),
    one("amount-thousands-dot", KOOP, "foerderung_je_behoerde: 45000",
        "foerderung_je_behoerde: 45.000", 20,
        "kooperation.foerderung_je_behoerde: Betrag als Zahl erwartet, gefunden: '45.000'; "
        "schreiben Sie 45000 (ohne Tausenderpunkt und Währungszeichen)",
        KOOP),
    one("amount-decimal-comma", KOOP, "foerderung_je_behoerde: 45000",
        "foerderung_je_behoerde: 45000,50", 20,
        "kooperation.foerderung_je_behoerde: Betrag als Zahl erwartet, gefunden: '45000,50'; "
        "schreiben Sie 45000.50 (ohne Tausenderpunkt und Währungszeichen)",
        KOOP),
    one("amount-negative", PROG, "hoechstbetrag: 210000", "hoechstbetrag: -210000", 19,
        "foerderprogramm.foerderstufen[1].hoechstbetrag: Betrag darf nicht negativ sein, "
        "gefunden: -210000",
        PROG),
    one("amount-infinite", PROG, "hoechstbetrag: 210000", "hoechstbetrag: .inf", 19,
        "foerderprogramm.foerderstufen[1].hoechstbetrag: Betrag als Zahl erwartet, gefunden: "
        "unendlich (.inf)",
        PROG),
    one("percent-sign", PROG, "effizienzgewinn_prozent: 15", "effizienzgewinn_prozent: 15 %", 11,
        "foerderprogramm.effizienzgewinn_prozent: Zahl erwartet (Nachkommastellen mit Punkt, z. "
        "B. 12.5), gefunden: '15 %'; schreiben Sie 15",
        PROG),
    # 1. numbers: a plain decimal number in range, or a message at the data file's line
    one("amount-octal", KOOP, "foerderung_je_behoerde: 45000", "foerderung_je_behoerde: 045000", 20,
        "kooperation.foerderung_je_behoerde: '045000' hat eine führende Null (YAML liest sie als "
        "Oktalzahl); schreiben Sie 45000",
        KOOP),
    one("amount-hex", KOOP, "foerderung_je_behoerde: 45000", "foerderung_je_behoerde: 0xAFC8", 20,
        "kooperation.foerderung_je_behoerde: '0xAFC8' ist eine Hexadezimalzahl; schreiben Sie "
        "45000",
        KOOP),
    one("amount-underscore", KOOP, "foerderung_je_behoerde: 45000",
        "foerderung_je_behoerde: 45_000", 20,
        "kooperation.foerderung_je_behoerde: '45_000' hat '_' zwischen den Ziffern; schreiben "
        "Sie 45000",
        KOOP),
    one("amount-quoted", KOOP, "foerderung_je_behoerde: 45000",
        'foerderung_je_behoerde: "45000"', 20,
        "kooperation.foerderung_je_behoerde: '45000' steht in Anführungszeichen; Zahlen ohne "
        "Anführungszeichen schreiben",
        KOOP),
    Case(
        "amount-10-to-the-30",  # was blamed on the Textbaustein that formats it
        sub(KOOP, "foerderung_je_behoerde: 45000", "foerderung_je_behoerde: 1" + "0" * 30),
        [
            m(
                20,
                "kooperation.foerderung_je_behoerde: Zahl außerhalb des erlaubten Bereichs: "
                "erlaubt sind 0 bis 1.000.000.000.000 €, gefunden: 100000000000… (31 Ziffern)",
                KOOP,
            )
        ],
    ),
    Case(
        "amount-10-to-the-400",  # was an OverflowError traceback
        sub(KOOP, "foerderung_je_behoerde: 45000", "foerderung_je_behoerde: 1" + "0" * 400),
        [
            m(
                20,
                "kooperation.foerderung_je_behoerde: Zahl außerhalb des erlaubten Bereichs: "
                "erlaubt sind 0 bis 1.000.000.000.000 €, gefunden: 100000000000… (401 Ziffern)",
                KOOP,
            )
        ],
    ),
    Case(
        "amount-5000-digits",  # never echoed whole
        sub(KOOP, "foerderung_je_behoerde: 45000", "foerderung_je_behoerde: " + "9" * 5000),
        [
            m(
                20,
                "kooperation.foerderung_je_behoerde: Zahl außerhalb des erlaubten Bereichs: "
                "erlaubt sind 0 bis 1.000.000.000.000 €, gefunden: 999999999999… (5000 Ziffern)",
                KOOP,
            )
        ],
    ),
    one("amount-float-overflow", KOOP, "foerderung_je_behoerde: 45000",
        "foerderung_je_behoerde: 1.0e+400", 20,
        "kooperation.foerderung_je_behoerde: Zahl außerhalb des erlaubten Bereichs: erlaubt sind "
        "0 bis 1.000.000.000.000 €, gefunden: 1.0e+400",
        KOOP),
    one("count-yes", KOOP, "anzahl: 8", "anzahl: yes", 11,
        "kooperation.partner[1].anzahl: ganze Zahl erwartet (nur Ziffern, z. B. 8), gefunden: "
        "ein Ja/Nein-Wert (true); yes/no, on/off und true/false sind in YAML Ja/Nein-Werte, "
        "keine Zahlen",
        KOOP),
    one("count-true", KOOP, "laufzeit_jahre: 5", "laufzeit_jahre: true", 16,
        "kooperation.laufzeit_jahre: ganze Zahl erwartet (nur Ziffern, z. B. 8), gefunden: ein "
        "Ja/Nein-Wert (true); yes/no, on/off und true/false sind in YAML Ja/Nein-Werte, keine "
        "Zahlen",
        KOOP),
    one("count-binary", KOOP, "anzahl: 8", "anzahl: 0b1000", 11,
        "kooperation.partner[1].anzahl: '0b1000' ist eine Binärzahl; schreiben Sie 8",
        KOOP),
    one("count-sexagesimal", KOOP, "anzahl: 8", "anzahl: 1:30", 11,
        "kooperation.partner[1].anzahl: ganze Zahl erwartet (nur Ziffern, z. B. 8), gefunden: "
        "'1:30'",
        KOOP),
    one("count-decimals", KOOP, "anzahl: 8", "anzahl: 8.0", 11,
        "kooperation.partner[1].anzahl: ganze Zahl erwartet (ohne Nachkommastellen), gefunden: "
        "die Zahl 8.0",
        KOOP),
    one("count-too-large", KOOP, "anzahl: 8", "anzahl: 10000000", 11,
        "kooperation.partner[1].anzahl: Zahl außerhalb des erlaubten Bereichs: erlaubt sind 0 "
        "bis 1.000.000, gefunden: 10000000",
        KOOP),
    one("percent-yes", PROG, "effizienzgewinn_prozent: 15", "effizienzgewinn_prozent: on", 11,
        "foerderprogramm.effizienzgewinn_prozent: Zahl erwartet (Nachkommastellen mit Punkt, z. "
        "B. 12.5), gefunden: ein Ja/Nein-Wert (true); yes/no, on/off und true/false sind in YAML "
        "Ja/Nein-Werte, keine Zahlen",
        PROG),
    one("date-iso-quoted-impossible", M, "datum: 22.09.2025", 'datum: "2025-02-31"', 6,
        "datum: 2025-02-31 ist kein gültiges Datum (diesen Tag gibt es nicht)"),
    # 5. a reference to a file that is not a facts file blames the reference, not the file
    one("facts-reference-to-stadt", M, "kooperation: ../fakten/ikz-ki.yaml",
        "kooperation: ../stadt.yaml", 13,
        "kooperation: ../stadt.yaml ist keine Faktendatei mit 'kooperation:'"),
    one("facts-reference-to-document", M, "kooperation: ../fakten/ikz-ki.yaml",
        "kooperation: 8012-2025-beschlussvorlage.yaml", 13,
        "kooperation: 8012-2025-beschlussvorlage.yaml ist keine Faktendatei mit 'kooperation:'"),
    # 1. files that are empty or not text
    Case("empty-file", write(M, ""), [m(None, "Datei ist leer")]),
    Case("only-comments", write(M, "# noch nichts\n\n"), [m(None, "Datei ist leer")]),
    Case(
        "binary-file",
        write(M, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        [m(None, "ist keine Textdatei (enthält Binärdaten); erwartet wird YAML-Text in UTF-8")],
    ),
    Case(
        "latin-1",
        write(M, "vorlagenart: mitteilung\nbetreff: Straßenbeleuchtung\n".encode("latin-1")),
        [
            m(
                2,
                "Byte 0xdf in Spalte 14 ist kein UTF-8; die Datei ist nicht in UTF-8 gespeichert "
                "(im Editor als UTF-8 speichern)",
            )
        ],
    ),
    Case(
        "utf-16",
        write(M, "vorlagenart: mitteilung\n".encode("utf-16")),
        [m(1, "ist in UTF-16 gespeichert; im Editor als UTF-8 speichern")],
    ),
    Case(
        "unknown-kind",
        write(M, "- eins\n- zwei\n"),
        [
            m(
                1,
                "unbekannte Art von Datei: erwartet eine Vorlage (mit 'vorlagenart:'), eine "
                "Sitzung (mit 'sitzung:') oder eine Faktendatei (mit 'kooperation:' oder "
                "'foerderprogramm:')",
            )
        ],
    ),
    # 1. references that do not exist
    one("facts-file-missing", M, "kooperation: ../fakten/ikz-ki.yaml",
        "kooperation: ../fakten/ikz.yaml", 13,
        "kooperation: Faktendatei ../fakten/ikz.yaml nicht gefunden (gesucht: "
        "data/fakten/ikz.yaml)"),
    one("facts-file-wrong-kind", M, "../fakten/ikz-ki.yaml",
        "../fakten/foerderprogramm-ikz.yaml", 13,
        "kooperation: ../fakten/foerderprogramm-ikz.yaml ist keine Faktendatei mit 'kooperation:'"),
    one("gremium-missing", M, "- gremium: stadtrat", "- gremium: stadtrat2", 12,
        "beratungsfolge[2].gremium: Gremium 'stadtrat2' gibt es in data/stadt.yaml unter "
        "'gremien:' nicht; dort steht 'stadtrat' – Tippfehler?"),
    Case(
        "gremium-missing-in-facts",
        sub(KOOP, "    gremium: stadtrat", "    gremium: rat"),
        [
            m(
                26,
                "Warnung: kooperation.beschluss: die Teilnahme braucht einen Beschluss rat, aber "
                "keine Beschlussvorlage zu dieser Kooperation nennt 'rat' mit Zuständigkeit "
                "'Entscheidung'",
                KOOP,
            ),
            m(
                28,
                "kooperation.beschluss.gremium: Gremium 'rat' gibt es in data/stadt.yaml unter "
                "'gremien:' nicht; dort stehen: hfa, stadtrat",
                KOOP,
            ),
        ],
    ),
    one("vorlagenart-missing", M, "vorlagenart: mitteilung", "vorlagenart: mitteilun", 3,
        "vorlagenart: Vorlagenart 'mitteilun' gibt es in data/stadt.yaml unter 'vorlagenarten:' "
        "nicht; dort steht 'mitteilung' – Tippfehler?"),
    one("baustein-missing", M, "baustein: ikz/gespraeche", "baustein: ikz/gespraech", 16,
        "abschnitte.information[1].baustein: Textbaustein 'ikz/gespraech' gibt es nicht; meinten "
        "Sie 'ikz/gespraeche'?"),
    one("quelle-missing", PROG, "quelle: add", "quelle: adx", 35,
        "foerderprogramm.fristen[1].quelle: Quelle 'adx' gibt es nicht; meinten Sie 'add'?",
        PROG),
    Case(
        "gremium-misspelt-in-stadt",  # the list is wrong, not the document: name where it is
        sub(STADT, "  stadtrat:", "  stadtrta:"),
        [
            m(
                28,
                "kooperation.beschluss.gremium: Gremium 'stadtrat' gibt es in data/stadt.yaml "
                "unter 'gremien:' nicht; dort steht 'stadtrta' – Tippfehler?",
                KOOP,
            ),
            m(
                12,
                "beratungsfolge[2].gremium: Gremium 'stadtrat' gibt es in data/stadt.yaml unter "
                "'gremien:' nicht; dort steht 'stadtrta' – Tippfehler?",
            ),
        ],
    ),
    one("baustein-missing-folder", M, "baustein: ikz/interesse", "baustein: interesse", 20,
        "abschnitte.information[5].baustein: Textbaustein 'interesse' gibt es nicht; meinten Sie "
        "'ikz/interesse'?"),
    # 3. characters XML cannot hold: the field and the position, never a silent deletion
    Case(
        "control-escaped-betreff",
        sub(
            M,
            'betreff: interkommunale Zusammenarbeit zum Thema "künstliche Intelligenz"',
            'betreff: "Zeile\\veins"',
        ),
        [m(7, f"betreff: enthält das unzulässige Steuerzeichen U+000B an Position 6 {CONTROL}")],
    ),
    Case(
        "control-raw-in-text",  # pasted from Word: a vertical tab in the middle of a paragraph
        sub(M, LAST_TEXT, "- text: Die Verwaltung wird\x0b zum Thema weiter berichten."),
        [
            m(
                24,
                "abschnitte.information[9].text: enthält das unzulässige Steuerzeichen U+000B an "
                f"Position 20 {CONTROL}",
            )
        ],
    ),
    one("control-raw-author", M, "bereich: Zentralbereiche", "bereich: Zentral\x01bereiche", 8,
        f'bereich: enthält das unzulässige Steuerzeichen U+0001 an Position 8 {CONTROL}'),
    one("control-raw-c1", M, "bereich: Zentralbereiche", "bereich: Zentral\x80bereiche", 8,
        f'bereich: enthält das unzulässige Steuerzeichen U+0080 an Position 8 {CONTROL}'),
    one("control-raw-in-comment", M, "# Mitteilung 7939/2025", "# Mitteilung\x0c 7939/2025", 2,
        "Spalte 13: unzulässiges Steuerzeichen U+000C (unsichtbar; bitte entfernen)"),
    one("lone-surrogate", M, "bereich: Zentralbereiche", 'bereich: "Zentral\\ud800"', 8,
        f'bereich: enthält das unzulässige Steuerzeichen U+D800 an Position 8 {CONTROL}'),
    # 4. safe loading: no objects, no files outside the project
    one("python-object-tag", M, "bereich: Zentralbereiche",
        "bereich: !!python/object/apply:os.system ['ls']", 8,
        "bereich: YAML-Tag !!python/object/apply:os.system ist nicht erlaubt " + NOT_ALLOWED_TAG),
    one("python-name-tag", M, "bereich: Zentralbereiche", "bereich: !!python/name:os.system ''", 8,
        f'bereich: YAML-Tag !!python/name:os.system ist nicht erlaubt {NOT_ALLOWED_TAG}'),
    one("local-tag", M, "bereich: Zentralbereiche", "bereich: !include geheim.yaml", 8,
        f'bereich: YAML-Tag !include ist nicht erlaubt {NOT_ALLOWED_TAG}'),
    one("facts-path-traversal", M, "kooperation: ../fakten/ikz-ki.yaml",
        "kooperation: ../../../../../../etc/passwd", 13,
        "kooperation: ../../../../../../etc/passwd liegt außerhalb des Projektordners; "
        "Faktendateien müssen unter data/ liegen"),
    one("facts-path-absolute", M, "kooperation: ../fakten/ikz-ki.yaml",
        "kooperation: /etc/passwd", 13,
        "kooperation: absoluter Pfad /etc/passwd ist nicht erlaubt; Pfad relativ zu dieser Datei "
        "angeben, z. B. ../fakten/ikz-ki.yaml"),
    one("baustein-path-traversal", M, "baustein: ikz/gespraeche", "baustein: ../../x", 16,
        "abschnitte.information[1].baustein: Textbaustein '../../x' ist nicht erlaubt: Namen "
        "gelten relativ zu templates/bausteine/, ohne '..', ohne '/' am Anfang und ohne '\\'"),
    one("baustein-path-absolute", M, "baustein: ikz/gespraeche", "baustein: /etc/passwd", 16,
        "abschnitte.information[1].baustein: Textbaustein '/etc/passwd' ist nicht erlaubt: Namen "
        "gelten relativ zu templates/bausteine/, ohne '..', ohne '/' am Anfang und ohne '\\'"),
    one("template-path-traversal", STADT, "word: mitteilung.docx", "word: ../../mitteilung.docx", 3,
        "vorlagenart: Dokumentvorlage '../../mitteilung.docx' ist nicht erlaubt: Namen gelten "
        "relativ zu templates/, ohne '..', ohne '/' am Anfang und ohne '\\' (in data/stadt.yaml)"),
    # 6. limits
    Case(
        "too-deep",
        sub(M, "bereich: Zentralbereiche", "bereich: " + "[" * 40 + "]" * 40),
        [m(8, TOO_DEEP)],
    ),
    Case(
        "too-deep-for-pyyaml",  # PyYAML alone would die with RecursionError
        sub(M, "bereich: Zentralbereiche", "bereich: " + "[" * 5000 + "]" * 5000),
        [m(8, TOO_DEEP)],
    ),
    one("alias-loop", M, "bereich: Zentralbereiche", "bereich: &schleife [*schleife]", 8,
        f'bereich: {TOO_DEEP}'),
    Case(
        "alias-bomb",
        sub(
            M,
            "bereich: Zentralbereiche",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n"
                for p, n in zip("abcde", "bcdef", strict=True)
            )
            + "bereich: Zentralbereiche",
        ),
        [
            m(
                None,
                "Datei hat zu viele Einträge (mehr als 200000; Verweise mit * vervielfachen "
                "Einträge)",
            )
        ],
    ),
    Case(
        "too-large",
        # the limit above data/stadt.yaml (with its partnerarten and sitzungen, about 4.5 kB)
        sub(M, LAST_TEXT, "- text: " + "x" * 6000),
        [
            m(
                None,
                "Datei ist zu groß (7,1 kB; erlaubt sind höchstens 6 kB, einstellbar mit "
                "--max-size)",
            )
        ],
        args=("--max-size", "6kB"),
    ),
    # 2. templates: file, line (Absatz for Word) and the variable
    one("txt-undefined-variable", TXT, "{{ vorlage.nummer }}", "{{ nummer }}", 4,
        "Variable 'nummer' ist nicht definiert",
        TXT),
    one("txt-undefined-field", TXT, "{{ vorlage.nummer }}", "{{ vorlage.nummmer }}", 4,
        "Feld 'nummmer' gibt es bei 'vorlage' nicht; meinten Sie 'nummer'?",
        TXT),
    one("txt-syntax", TXT, "{{ vorlage.nummer }}", "{{ vorlage.nummer }", 4,
        "unerwartetes '}' (Platzhalter so schreiben: {{ name }})",
        TXT),
    one("txt-unclosed-block", TXT, "{{ vorlage.nummer }}", "{% if vorlage.nummer %}", 10,
        "der Block {% if %} wird nicht geschlossen: {% endif %} fehlt",
        TXT),
    one("txt-unknown-filter", TXT, "{{ vorlage.nummer }}", "{{ vorlage.nummer|gross }}", 4,
        f"Filter 'gross' gibt es nicht; {FILTERS}",
        TXT),
    one("txt-filter-suggestion", TXT, "{{ vorlage.nummer }}", "{{ vorlage.datum|datun }}", 4,
        "Filter 'datun' gibt es nicht; meinten Sie 'datum'?",
        TXT),
    one("txt-filter-wrong-value", TXT, "{{ vorlage.nummer }}", "{{ vorlage.bereich|datum }}", 4,
        "Filter 'datum' erwartet ein Datum, bekam 'Zentralbereiche'",
        TXT),
    one("baustein-undefined-field", BAUSTEIN, "{{ kooperation.kurzthema|zitat }}",
        "{{ kooperation.kreis|zitat }}", 2,
        "Feld 'kreis' gibt es bei 'kooperation' nicht; vorhanden: beschluss, "
        "effizienzgewinn_prozent, foerderprogramm, foerderung_je_behoerde, gespraeche, kommunen, "
        "kurzthema, laufzeit_jahre, partner, thema, ziele",
        BAUSTEIN),
    one("baustein-syntax", BAUSTEIN, "{{ kooperation.gespraeche.ebene }}",
        "{{ kooperation.gespraeche.ebene", 2,
        "nach dem Platzhalter fehlt }} (gefunden: 'intensiviert')",
        BAUSTEIN),
    Case(
        "word-undefined-field",
        word_sub("{{ vorlage.nummer }}", "{{ vorlage.nummmer }}"),
        [
            m(
                None,
                "Absatz 2 „{{ vorlage.nummmer }}“: Feld 'nummmer' gibt es bei 'vorlage' nicht; "
                "meinten Sie 'nummer'?",
                DOCX,
            )
        ],
    ),
    Case(
        "word-paragraph-counted-as-in-word",  # after {%p for %} paragraphs docxtpl removes
        word_sub("{{ absatz }}", "{{ absatz|fett }}"),
        [
            m(
                None,
                "Absatz 12 „{{ absatz|fett }} {% endfor %}“: Filter 'fett' gibt es nicht; "
                + FILTERS,
                DOCX,
            )
        ],
    ),
    Case(
        "word-undefined-variable-header",
        word_sub("{{ stadt.name }}", "{{ stadtname }}", part="word/header1.xml"),
        [
            m(
                None,
                "Kopfzeile, Absatz 1 „{{ stadtname }}“: Variable 'stadtname' ist nicht definiert",
                DOCX,
            )
        ],
    ),
    Case(
        "word-syntax",
        word_sub("{{ vorlage.betreff }}", "{{ vorlage.betreff }"),
        [
            m(
                None,
                "Absatz 5 „{{ vorlage.betreff }{{ vorlage.art.beschriftungen.gremien }}…“: "
                "unerwartetes '}' (Platzhalter so schreiben: {{ name }})",
                DOCX,
            )
        ],
    ),
    Case(
        "word-unknown-filter",
        word_sub("{{ vorlage.betreff }}", "{{ vorlage.betreff|fett }}"),
        [
            m(
                None,
                "Absatz 5 „{{ vorlage.betreff|fett }}“: Filter 'fett' gibt es nicht; " + FILTERS,
                DOCX,
            )
        ],
    ),
    # 2b. mistakes a clerk makes in Word: the message says what was meant
    Case(
        "word-misspelt-end-tag",
        word_sub("{%p endfor %}", "{%p endfro %}"),
        [
            m(
                None,
                "Absatz 8 „{{ beratung.gremium.name }} {% endfro %}“: unbekannter Befehl "
                "'endfro'; gemeint ist wohl 'endfor'",
                DOCX,
            )
        ],
    ),
    one("txt-misspelt-end-tag", TXT, "{{ vorlage.nummer }}", "{% endfro %}", 4,
        "unbekannter Befehl 'endfro'; gemeint ist wohl 'endfor'",
        TXT),
    one("txt-misspelt-tag", TXT, "{{ vorlage.nummer }}", "{% iff vorlage.nummer %}{% endif %}", 4,
        "unbekannter Befehl 'iff'; gemeint ist wohl 'if'",
        TXT),
    one("txt-end-tag-of-another-block", TXT, "{{ vorlage.nummer }}",
        "{% if vorlage.nummer %}{% endfor %}", 4,
        "{% endfor %} ohne passenden Anfang (offen ist {% if %}, das mit {% endif %} endet)",
        TXT),
    one("baustein-fakten-field", INTERESSE, "fakten.anzahl_behoerden", "fakten.anzahl_behorden", 2,
        "Feld 'anzahl_behorden' gibt es bei 'fakten' nicht; meinten Sie 'anzahl_behoerden'?",
        INTERESSE),
    Case(
        "word-loop-variable-field",
        word_sub("{{ beratung.gremium.name }}", "{{ beratung.gremium.nmae }}"),
        [
            m(
                None,
                "Absatz 8 „{{ beratung.gremium.nmae }} {% endfor %}“: Feld 'nmae' gibt es bei "
                "'vorlage.beratungsfolge[].gremium' nicht; meinten Sie 'name'?",
                DOCX,
            )
        ],
    ),
    one("txt-gremium-key", TXT, "{{ vorlage.nummer }}", "{{ gremien.stadtrta.name }}", 4,
        "Schlüssel 'stadtrta' gibt es bei 'gremien' nicht; meinten Sie 'stadtrat'?",
        TXT),
    Case(
        "word-field-of-empty-value",  # a Mitteilung has no deciding Gremium
        word_sub("{{ vorlage.nummer }}", "{{ vorlage.entscheidung.gremium.name }}"),
        [
            m(
                None,
                "Absatz 2 „{{ vorlage.entscheidung.gremium.name }}“: 'vorlage.entscheidung' ist "
                "leer, hat also kein Feld 'gremium'; in den Daten ausfüllen oder in der Vorlage "
                "mit {% if vorlage.entscheidung %} abfragen",
                DOCX,
            )
        ],
    ),
    one("txt-field-of-unknown-object", TXT, "{{ vorlage.nummer }}",
        "{{ (vorlage.beratungsfolge|first).gremium.nmae }}", 4,
        "Feld 'nmae' gibt es hier nicht",
        TXT),
    one("txt-typographic-quotes", TXT, "{{ vorlage.nummer }}",
        "{{ vorlage.nummer ~ „ (Entwurf)“ }}", 4,
        f"unerwartetes Zeichen '„'; {STRAIGHT}",
        TXT),
    Case(
        "word-typographic-quotes",  # docxtpl straightens “ ”, not the German opening „
        word_sub("{{ vorlage.nummer }}", "{{ vorlage.nummer ~ „ (Entwurf)“ }}"),
        [
            m(
                None,
                "Absatz 2 „{{ vorlage.nummer ~ „ (Entwurf)\" }}“: unerwartetes Zeichen '„'; "
                + STRAIGHT,
                DOCX,
            )
        ],
    ),
    Case(
        "word-typographic-apostrophe",
        word_sub("{{ vorlage.nummer }}", "{{ vorlage.nummer ~ ‚ (Entwurf)‘ }}"),
        [
            m(
                None,
                "Absatz 2 „{{ vorlage.nummer ~ ‚ (Entwurf)' }}“: unerwartetes Zeichen '‚'; "
                "gerade Apostrophe ' verwenden (Word ersetzt sie beim Tippen durch typografische)",
                DOCX,
            )
        ],
    ),
    Case(
        "word-guillemets",
        word_sub("{{ vorlage.nummer }}", "{{ vorlage.nummer ~ « (Entwurf)» }}"),
        [
            m(
                None,
                "Absatz 2 „{{ vorlage.nummer ~ « (Entwurf)» }}“: unerwartetes Zeichen '«'; "
                + STRAIGHT,
                DOCX,
            )
        ],
    ),
    Case(
        "word-if-across-paragraphs",  # renders to XML Word cannot open: refused, explained
        both(
            word_sub(
                "{{ vorlage.art.beschriftungen.gremien }}",
                "{% if false %}{{ vorlage.art.beschriftungen.gremien }}",
            ),
            word_sub(
                "{{ vorlage.art.beschriftungen.information }}",
                "{% endif %}{{ vorlage.art.beschriftungen.information }}",
            ),
        ),
        [
            m(
                None,
                "Haupttext: die Vorlage ergibt kein gültiges Word-Dokument (Anfang und Ende von "
                "Absatz, Tabelle oder Zeile passen nicht zusammen) beim Text „Information: "
                f"Bereits im Sommer fanden erste Gespräche mit de…“; {WORD_HINT}",
                DOCX,
            )
        ],
    ),
    Case(
        "word-safe-filter",  # |safe would let '<' from the data break the XML
        both(
            word_sub("{{ vorlage.betreff }}", "{{ vorlage.betreff|safe }}"),
            sub(M, "betreff: interkommunale", "betreff: Sitzung <öffentlich> interkommunale"),
        ),
        [
            m(
                None,
                "Haupttext: die Vorlage ergibt kein gültiges Word-Dokument (Anfang und Ende von "
                "Absatz, Tabelle oder Zeile passen nicht zusammen) beim Text „Sitzung "
                f'interkommunale Zusammenarbeit zum Thema "künstliche…“; {WORD_HINT}',
                DOCX,
            )
        ],
    ),
    Case(
        "word-not-a-docx",
        write(DOCX, b"Das ist keine Word-Datei."),
        [m(None, "ist keine Word-Datei (.docx); in Word öffnen und als .docx speichern", DOCX)],
    ),
    Case(
        "txt-template-not-utf8",
        write(TXT, "{{ vorlage.nummer }} – Größe\n".encode("cp1252")),
        [m(1, "ist nicht in UTF-8 gespeichert (im Editor als UTF-8 speichern)", TXT)],
    ),
    # 4. the template engine's internals stay out of reach
    one("sandbox-class", TXT, "{{ vorlage.nummer }}", "{{ vorlage.__class__ }}", 4,
        f"Zugriff auf '__class__' {SANDBOX}",
        TXT),
    one("sandbox-mro", TXT, "{{ vorlage.nummer }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}", 4,
        f"Zugriff auf '__class__' {SANDBOX}",
        TXT),
    one("sandbox-globals", TXT, "{{ vorlage.nummer }}", "{{ cycler.__init__.__globals__ }}", 4,
        f"Zugriff auf '__init__' {SANDBOX}",
        TXT),
    one("include-outside", TXT, "{{ vorlage.nummer }}", "{% include '/etc/passwd' %}", 4,
        "Dokumentvorlage '/etc/passwd' nicht gefunden (Namen gelten relativ zu templates/)",
        TXT),
    one("include-parent", TXT, "{{ vorlage.nummer }}", "{% include '../data/stadt.yaml' %}", 4,
        "Dokumentvorlage '../data/stadt.yaml' nicht gefunden (Namen gelten relativ zu templates/)",
        TXT),
]
# fmt: on


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_reported_and_nothing_is_written(
    project: Path, cli: Run, built_output: Path, case: Case
) -> None:
    out = built_output
    before = snapshot(out)
    case.edit(project)

    result = cli("build", M, *case.args)  # the document under test (all of data/ is read)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    if not case.failed:  # data/stadt.yaml is broken: nothing can be built, no summary
        assert lines == case.messages
    else:
        assert lines[: len(case.messages)] == case.messages
        summary = re.sub(r"\(\d+\.\d\d s\)", "(… s)", lines[len(case.messages)])
        assert summary == f"0 Vorlage(n) gebaut, {len(case.failed)} fehlgeschlagen (… s)"
        assert lines[len(case.messages) + 1 :] == [f"  fehlgeschlagen: {f}" for f in case.failed]
    assert snapshot(out) == before


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


def test_check_finds_the_same_problems_without_writing(project: Path, cli: Run) -> None:
    sub(M, "datum: 22.09.2025", "datum: 31.02.2025")(project)
    sub(TXT, "{{ vorlage.nummer }}", "{{ vorlage.nummer }")(project)
    result = cli("check", M)
    assert result.exit_code == 1
    # the text template is broken too, though no valid document uses it now: check says so
    assert result.output.splitlines()[:2] == [
        m(6, "datum: 31.02.2025 ist kein gültiges Datum (diesen Tag gibt es nicht)"),
        m(4, "unerwartetes '}' (Platzhalter so schreiben: {{ name }})", TXT),
    ]
    assert not (project / "build").exists()


def test_check_compiles_templates_no_document_uses(project: Path, cli: Run) -> None:
    write("templates/bausteine/entwurf.txt.j2", "Text {{ kooperation.thema ")(project)
    (project / "templates/~$tteilung.docx").write_bytes(b"Word lock file, not a template")
    result = cli("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "templates/bausteine/entwurf.txt.j2:1: die Vorlage endet mitten in einem Platzhalter "
        "oder Befehl"
    )
    assert "  fehlgeschlagen: templates/bausteine/entwurf.txt.j2" in result.output
    assert "~$" not in result.output
