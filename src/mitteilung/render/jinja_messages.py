"""German for Jinja's error messages: its English texts matched by pattern, most specific
first, with help where a tag or filter is misspelt ("meinten Sie ...?")."""

from __future__ import annotations

import re
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.parser import _statement_keywords  # Jinja's own list; it has no public one

from mitteilung.errors import closest, did_you_mean
from mitteilung.formatting import FILTERS
from mitteilung.render.environment import FilterInputError
from mitteilung.render.limits import LimitError
from mitteilung.render.sandbox import LimitSyntaxError

NO_ATTRIBUTE = r".*has no attribute '(.+)'"
# Jinja's English messages, most specific first: (pattern, German; {0}, {1} = groups).
_RUNTIME = [
    (r"'(.+)' is undefined", "Variable '{0}' ist nicht definiert"),
    (NO_ATTRIBUTE, "Feld '{0}' gibt es hier nicht"),
    (r".*object has no element (\d+)", "Eintrag Nr. {0}+1 gibt es nicht (die Liste ist kürzer)"),
    (r"No filter named '(.+?)'.*", "Filter '{0}' gibt es nicht; {filters}"),
    (r"No test named '(.+?)'.*", "Test '{0}' gibt es nicht"),
    (
        r"access to attribute '([a-z]\w*)' of '(?:dict|list|set|deque)' object is unsafe.*",
        "'{0}' würde die Daten ändern; Dokumentvorlagen lesen die Daten nur (eigene Werte "
        "mit {{% set name = … %}} festlegen)",
    ),
    (
        r"access to attribute '(.+)' of '.*' object is unsafe.*",
        "Zugriff auf '{0}' ist in "
        "Vorlagen nicht erlaubt (nur Daten, Filter und Schleifen verwenden)",
    ),
    (r".*unsafe.*", "in Vorlagen nicht erlaubt (nur Daten, Filter und Schleifen verwenden)"),
    (r"Range too big.*", "Bereich zu groß (höchstens 100000 Einträge)"),
    (r"division by zero", "Division durch null"),
    (
        r"'.+' object is not callable",
        "Klammern () nach einem Wert sind nicht erlaubt (z. B. {{{{ vorlage.nummer }}}} "
        "statt {{{{ vorlage.nummer() }}}})",
    ),
    (
        r"(can only concatenate|unsupported operand).*",
        "Werte verschiedener Art können nicht "
        "verknüpft werden (Text mit ~ verbinden, z. B. {{{{ a ~ ' ' ~ b }}}})",
    ),
]
# Typographic quotes. docxtpl straightens “ ” ‘ ’ inside the tags of a Word template, but not
# the German opening „ ‚ nor guillemets; in a text template none of them is straightened.
_DOUBLE_QUOTES = "„“”«»‹›"
_SINGLE_QUOTES = "‚‘’"
_TYPED = "(Word ersetzt sie beim Tippen durch typografische)"
_STRAIGHT = f'gerade Anführungszeichen " verwenden {_TYPED}'
_APOSTROPHE = f"gerade Apostrophe ' verwenden {_TYPED}"
_SYNTAX = [
    (
        r"Unexpected end of template\. Jinja was looking for the following tags: .*The innermost "
        r"block that needs to be closed is '(\w+)'\.",
        "der Block {{% {0} %}} wird nicht geschlossen: {{% end{0} %}} fehlt",
    ),
    (
        r"expected token 'end of print statement', got '(.+)'",
        "nach dem Platzhalter fehlt }}}} (gefunden: {0})",
    ),
    (
        r"expected token 'end of statement block', got '(.+)'",
        "nach dem Befehl fehlt %}} (gefunden: {0})",
    ),
    (f"unexpected char '([{_DOUBLE_QUOTES}])'.*", "unerwartetes Zeichen '{0}'; " + _STRAIGHT),
    (f"unexpected char '([{_SINGLE_QUOTES}])'.*", "unerwartetes Zeichen '{0}'; " + _APOSTROPHE),
    (r"unexpected char '(.)'.*", "unerwartetes Zeichen '{0}'"),
    (r"unexpected '(.+)'", "unerwartetes '{0}' (Platzhalter so schreiben: {{{{ name }}}})"),
    (r"unexpected end of template.*", "die Vorlage endet mitten in einem Platzhalter oder Befehl"),
    (r"Missing end of raw directive", "{{% raw %}} wird nicht geschlossen: {{% endraw %}} fehlt"),
    (r"tag name expected", "nach {{% fehlt der Befehl"),
    (
        r"expected token 'name', got '(.+)'",
        "hier fehlt ein Name (etwa nach '|' der Filter oder nach '.' das Feld), gefunden: {0}",
    ),
    (r"expected token '(.+)', got '(.+)'", "erwartet {0}, gefunden: {1}"),
]
_UNKNOWN_TAG = re.compile(
    r"Encountered unknown tag '(\w+)'\.(?: Jinja was looking for the following tags: (.*?)\. "
    r"The innermost block that needs to be closed is '(\w+)'\.)?"
)
# The tags Jinja knows: its statements, the parts of if and for, and the end of each block.
_BLOCKS = ("for", "if", "block", "macro", "call", "filter", "set", "with", "autoescape", "raw")
_TAGS = sorted(
    {*_statement_keywords, *_BLOCKS, "elif", "else", *(f"end{block}" for block in _BLOCKS)}
)
# Jinja's names of tokens, as they appear in "expected token 'x', got 'y'".
_TOKENS = {
    "name": "einen Namen",
    "end of print statement": "'}}'",
    "end of statement block": "'%}'",
    "end of template": "das Ende der Vorlage",
    "integer": "eine Zahl",
    "float": "eine Zahl",
    "string": "einen Text in Anführungszeichen",
}


def text_of(exc: BaseException) -> str:
    """The text of an exception as Jinja wrote it."""
    return str(getattr(exc, "message", None) or exc)


def german(exc: BaseException, filters: list[str]) -> str:
    """The German message for a template error: Jinja's English translated, ours kept."""
    text = text_of(exc)
    if isinstance(exc, FilterInputError):
        return text
    if isinstance(exc, TemplateNotFound):
        return f"Dokumentvorlage '{exc.name}' nicht gefunden (Namen gelten relativ zu templates/)"
    if isinstance(exc, LimitError | LimitSyntaxError) or (
        isinstance(exc, UndefinedError) and not text.isascii()
    ):
        return text  # our own German message (limits, finalize)
    unknown_tag = _UNKNOWN_TAG.fullmatch(text)
    if isinstance(exc, TemplateSyntaxError) and unknown_tag:
        return _unknown_tag(*unknown_tag.groups())
    table = [*_SYNTAX, *_RUNTIME] if isinstance(exc, TemplateSyntaxError) else _RUNTIME
    for pattern, german in table:
        match = re.fullmatch(pattern, text, re.DOTALL)
        if match:
            groups = match.groups()
            if "expected token" in pattern:
                groups = tuple(_TOKENS.get(g, f"'{g}'") for g in groups)
            return _fill(german, groups, filters)
    if isinstance(exc, TemplateSyntaxError):
        return f"Syntaxfehler in der Vorlage ({text})"
    if isinstance(exc, SecurityError):
        return "in Vorlagen nicht erlaubt (nur Daten, Filter und Schleifen verwenden)"
    return f"Fehler beim Füllen der Vorlage ({type(exc).__name__}: {text})"


def _unknown_tag(name: str, expected: str | None, innermost: str | None) -> str:
    """A tag Jinja does not know here: misspelt (which one was meant?) or out of place."""
    if name in _TAGS:
        opened = f" (offen ist {{% {innermost} %}}, das mit {{% end{innermost} %}} endet)"
        return f"{{% {name} %}} ohne passenden Anfang" + (opened if innermost else "")
    # the tags Jinja looks for at this point first: a misspelt end is meant to close the block
    wanted = re.findall(r"'(\w+)'", expected or "")
    close = closest(name, wanted) or closest(name, _TAGS)
    return f"unbekannter Befehl '{name}'" + (f"; gemeint ist wohl '{close}'" if close else "")


def _fill(german: str, groups: tuple[str | Any, ...], filters: list[str]) -> str:
    if "{0}+1" in german:
        groups = (str(int(groups[0]) + 1), *groups[1:])
        german = german.replace("{0}+1", "{0}")
    first = str(groups[0]) if groups else ""
    return german.format(*groups, filters=_filter_help(first, filters))


def _filter_help(name: str, filters: list[str]) -> str:
    """'meinten Sie 'datum'?' or the project's own (German) filters."""
    if hint := did_you_mean(name, filters):
        return hint
    return (
        f"deutsche Filter: {', '.join(sorted(FILTERS))} (dazu die Jinja-Filter wie join, default)"
    )
