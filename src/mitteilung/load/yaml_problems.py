"""PyYAML's English complaints, in words a clerk understands, located at the right spot."""

from __future__ import annotations

import re

import yaml

_ESCAPE = (
    "ungültiges Zeichen nach '\\' in einem Text in doppelten Anführungszeichen "
    "(einen Rückstrich als '\\\\' schreiben oder einfache Anführungszeichen verwenden)"
)
_INDENT = "Einrückung passt nicht zur Zeile davor (gleich weit einrücken wie die Einträge darüber)"

# (pattern on the problem or context text, German text, report the context mark instead)
_TABLE: list[tuple[str, str, bool]] = [
    (
        r"mapping values are not allowed here",
        "Doppelpunkt an unerwarteter Stelle (Text mit ': ' in Anführungszeichen setzen; "
        "oder fehlt in der Zeile davor der Doppelpunkt nach dem Schlüssel?)",
        False,
    ),
    (
        r"found character '\\t' that cannot start any token",
        "Tabulator zum Einrücken (nur Leerzeichen verwenden)",
        False,
    ),
    (
        r"found character '(.)' that cannot start any token",
        "das Zeichen {0} darf nicht am Anfang "
        "eines Wertes stehen (Wert in Anführungszeichen setzen)",
        False,
    ),
    (r"could not find expected ':'", "Doppelpunkt fehlt: erwartet 'schlüssel: wert'", True),
    (r"found undefined alias '(.*)'", "unbekannter Verweis *{0} (Anker &{0} fehlt)", False),
    (r"found duplicate anchor '(.*)'; first occurrence", "Anker &{0} doppelt vergeben", False),
    (
        r"expected <block end>, but found '-'",
        "Listenstrich '- ' an unerwarteter Stelle (Einrückung prüfen)",
        False,
    ),
    (r"expected <block end>, but found .*", _INDENT, False),
    (
        r"found unexpected end of stream",
        "Datei endet mitten in einem Text in Anführungszeichen "
        "(fehlt das schließende Anführungszeichen?)",
        True,
    ),
    (r"did not find expected key", _INDENT, False),
    (
        r"did not find expected '-' indicator",
        "Listenstrich '- ' erwartet (Einrückung prüfen)",
        False,
    ),
    (
        r"sequence entries are not allowed here",
        "Listenstrich '- ' an unerwarteter Stelle (Einrückung prüfen)",
        False,
    ),
    (
        r"expected ',' or '\]', but got .*",
        "Liste mit [ ] nicht richtig geschlossen (fehlt ']' oder ein Komma?); Text, der mit "
        "'[' beginnt, in Anführungszeichen setzen",
        True,
    ),
    (
        r"expected ',' or '\}', but got .*",
        "Zuordnung mit { } nicht richtig geschlossen (fehlt '}' oder ein Komma?); Text, der "
        "mit '{' beginnt, in Anführungszeichen setzen",
        True,
    ),
    (r"expected escape sequence .*", _ESCAPE, False),
    (r"found unknown escape character .*", _ESCAPE, False),
    (
        r"expected a single document in the stream",
        "mehr als ein Dokument in der Datei (Trennlinie '---'); nur eines ist erlaubt",
        False,
    ),
    (
        r"found unexpected document separator",
        "'---' mitten in einem Text in Anführungszeichen",
        False,
    ),
    (r"expected the node content, but found .*", "Wert fehlt oder steht an falscher Stelle", False),
    (
        r"expected alphabetic or numeric character, but found .*",
        "nach '&' oder '*' muss ein Name folgen",
        False,
    ),
    (
        r"expected a mapping or list of mappings for merging.*|expected a mapping for merging.*",
        "nach '<<:' muss ein Verweis auf eine Zuordnung stehen (*name)",
        False,
    ),
    (
        r"expected (indentation|chomping) .*",
        "nach '|' oder '>' ist nur '-', '+' oder eine Ziffer von 1 bis 9 erlaubt",
        False,
    ),
    (
        r"expected a comment or a line break, but found .*",
        "unerwartete Zeichen nach dem Wert",
        False,
    ),
    (
        r"found incompatible YAML document.*",
        "nur YAML 1.x wird unterstützt (Zeile %YAML entfernen)",
        False,
    ),
]
_COMPILED = [(re.compile(p), german, ctx) for p, german, ctx in _TABLE]
_FALLBACK = (
    "die Datei ist an dieser Stelle kein gültiges YAML (Einrückung, Doppelpunkte und "
    "Anführungszeichen prüfen)"
)


def describe(exc: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """Line and German message ('YAML-Syntaxfehler, Spalte 8: ...') for a PyYAML error."""
    for text in (exc.problem, exc.context):
        for pattern, german, use_context in _COMPILED:
            match = pattern.match(text or "")
            if match:
                mark = exc.context_mark if use_context else exc.problem_mark
                return _located(
                    mark or exc.problem_mark,
                    german.replace("{0}", match.group(1)) if match.groups() else german,
                )
    return _located(exc.problem_mark or exc.context_mark, _FALLBACK)


def _located(mark: yaml.Mark | None, message: str) -> tuple[int | None, str]:
    if mark is None:
        return None, f"YAML-Syntaxfehler: {message}"
    return mark.line + 1, f"YAML-Syntaxfehler, Spalte {mark.column + 1}: {message}"
