"""Turn Jinja's errors into German problems that name template file, line and variable."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from mitteilung.environment import DOCX, FilterInputError, TemplateFileError
from mitteilung.errors import Problem, display_path
from mitteilung.formatting import FILTERS
from mitteilung.word_errors import word_location

# Jinja's English messages, most specific first: (pattern, German; {0}, {1} = groups).
_RUNTIME = [
    (r"'(.+)' is undefined", "Variable '{0}' ist nicht definiert"),
    (r".*has no attribute '(.+)'", "Feld '{0}' gibt es hier nicht"),
    (r".*object has no element (\d+)", "Eintrag Nr. {0}+1 gibt es nicht (die Liste ist kürzer)"),
    (r"No filter named '(.+?)'.*", "Filter '{0}' gibt es nicht; {filters}"),
    (r"No test named '(.+?)'.*", "Test '{0}' gibt es nicht"),
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
_SYNTAX = [
    (
        r"Unexpected end of template\. Jinja was looking for the following tags: .*The innermost "
        r"block that needs to be closed is '(\w+)'\.",
        "der Block {{% {0} %}} wird nicht geschlossen: {{% end{0} %}} fehlt",
    ),
    (r"Encountered unknown tag '(end\w+)'.*", "{{% {0} %}} ohne passenden Anfang"),
    (r"Encountered unknown tag '(\w+)'.*", "unbekannter Befehl {{% {0} %}}"),
    (
        r"expected token 'end of print statement', got '(.+)'",
        "nach dem Platzhalter fehlt }}}} (gefunden: {0})",
    ),
    (
        r"expected token 'end of statement block', got '(.+)'",
        "nach dem Befehl fehlt %}} (gefunden: {0})",
    ),
    (r"unexpected char '(.)'.*", "unerwartetes Zeichen '{0}'"),
    (r"unexpected '(.+)'", "unerwartetes '{0}' (Platzhalter so schreiben: {{{{ name }}}})"),
    (r"unexpected end of template.*", "die Vorlage endet mitten in einem Platzhalter oder Befehl"),
    (r"tag name expected", "nach {{% fehlt der Befehl"),
    (
        r"expected token 'name', got '(.+)'",
        "hier fehlt ein Name (etwa nach '|' der Filter oder nach '.' das Feld), gefunden: {0}",
    ),
    (r"expected token '(.+)', got '(.+)'", "erwartet {0}, gefunden: {1}"),
]
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


class TemplateProblem(Exception):
    """A template could not be compiled or rendered; carries the German problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def template_problem(exc: BaseException, filters: list[str]) -> Problem:
    """The problem for an error raised while compiling or rendering a template."""
    filename: str | None
    line: int | None
    if isinstance(exc, TemplateFileError):
        return Problem(display_path(exc.path), exc.line, None, str(exc))
    if isinstance(exc, TemplateSyntaxError):
        filename, line = exc.filename, exc.lineno
    else:
        filename, line = _template_frame(exc.__traceback__)
    message = _message(exc, filters)
    if filename is None:
        return Problem("templates", None, None, message)
    if DOCX in filename:
        docx, part = filename.split(DOCX, 1)
        path = Path(docx + ".docx")
        return Problem(display_path(path), None, word_location(path, part, line), message)
    return Problem(display_path(filename), line, None, message)


def is_template_error(exc: BaseException) -> bool:
    """True when a template caused ``exc`` (as opposed to a bug in our own code)."""
    if isinstance(exc, TemplateError):
        return True
    return _template_frame(exc.__traceback__)[0] is not None


def _template_frame(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame in a traceback (Jinja rewrites them)."""
    found_: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if Path(filename).suffix in (".j2", ".docx", ".html", ".txt", ".xml"):
            found_ = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found_


def _message(exc: BaseException, filters: list[str]) -> str:
    text = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, FilterInputError):
        return text
    if isinstance(exc, TemplateNotFound):
        return f"Vorlage '{exc.name}' nicht gefunden (Namen gelten relativ zu templates/)"
    if isinstance(exc, UndefinedError) and not text.isascii():
        return text  # our own German message from finalize
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


def _fill(german: str, groups: tuple[str | Any, ...], filters: list[str]) -> str:
    if "{0}+1" in german:
        groups = (str(int(groups[0]) + 1), *groups[1:])
        german = german.replace("{0}+1", "{0}")
    first = str(groups[0]) if groups else ""
    return german.format(*groups, filters=_filter_help(first, filters))


def _filter_help(name: str, filters: list[str]) -> str:
    """'meinten Sie 'datum'?' or the project's own (German) filters."""
    close = difflib.get_close_matches(name, filters, n=1, cutoff=0.6)
    if close:
        return f"meinten Sie '{close[0]}'?"
    return (
        f"deutsche Filter: {', '.join(sorted(FILTERS))} (dazu die Jinja-Filter wie join, default)"
    )
