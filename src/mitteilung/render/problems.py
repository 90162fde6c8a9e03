"""Turn Jinja's errors into German problems that name template file, line and variable."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.parser import _statement_keywords  # Jinja's own list; it has no public one

from mitteilung.errors import Problem, closest, did_you_mean, display_path
from mitteilung.formatting import FILTERS
from mitteilung.render.environment import (
    DOCX,
    EMPTY,
    FilterInputError,
    TemplateFileError,
    make_environment,
)
from mitteilung.render.limits import LimitError
from mitteilung.render.sandbox import LimitSyntaxError
from mitteilung.render.shape import UNKNOWN, Kinds, context_shape, missing
from mitteilung.render.uses import Chain, dotted, find_uses
from mitteilung.render.word_xml import word_location

_NO_ATTRIBUTE = r".*has no attribute '(.+)'"
# Jinja's English messages, most specific first: (pattern, German; {0}, {1} = groups).
_RUNTIME = [
    (r"'(.+)' is undefined", "Variable '{0}' ist nicht definiert"),
    (_NO_ATTRIBUTE, "Feld '{0}' gibt es hier nicht"),
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


def template_problem(exc: BaseException, filters: list[str]) -> Problem:
    """The problem for an error raised while compiling or rendering a template."""
    filename: str | None
    line: int | None
    frame: FrameType | None = None
    if isinstance(exc, TemplateFileError):
        part = f"Teil {exc.part}" if exc.part else None
        return Problem(display_path(exc.path), exc.line, part, str(exc))
    if isinstance(exc, TemplateSyntaxError):
        # Jinja's lexer passes the file name as the template name ("Missing end of raw")
        filename, line = exc.filename or exc.name, exc.lineno
    else:
        frame, line = _template_frame(exc.__traceback__)
        filename = frame.f_code.co_filename if frame is not None else None
    message = _message(exc, filters)
    if isinstance(exc, UndefinedError) and frame is not None and line is not None:
        message = _attribute_message(exc, frame, line) or message
    if frame is not None and line is not None:
        message = _empty_message(exc, frame, line) or message
    if filename is None and isinstance(exc, LimitError) and exc.template is not None:
        filename = exc.template
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


def _template_frame(tb: TracebackType | None) -> tuple[FrameType | None, int | None]:
    """The innermost template frame in a traceback and its line (Jinja rewrites them)."""
    found_: tuple[FrameType | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if Path(filename).suffix in (".j2", ".docx", ".html", ".txt", ".xml"):
            found_ = (tb.tb_frame, tb.tb_lineno)
        tb = tb.tb_next
    return found_


def _text(exc: BaseException) -> str:
    """The text of an exception as Jinja wrote it."""
    return str(getattr(exc, "message", None) or exc)


def _attribute_message(exc: UndefinedError, frame: FrameType, line: int) -> str | None:
    """'Feld 'x' gibt es bei 'fakten' nicht; meinten Sie …?' as template-check says it.

    Jinja names only the missing field. The uses on the failing line (uses.py) give the object;
    the context's shape (shape.py) its fields, and the values the template saw (Jinja's frame
    of the template holds them as its locals) the keys of mappings and which values are empty.
    """
    name = re.fullmatch(_NO_ATTRIBUTE, _text(exc), re.DOTALL)
    uses = _uses(frame.f_code.co_filename)
    if name is None or uses is None:
        return None
    shape = context_shape(None, Kinds())
    for use_line, chain in uses:
        if use_line != line:
            continue
        for k in range(1, len(chain)):  # the step that fails is the missing field's
            if chain[k] != name[1] or missing(shape, chain[:k], frame.f_locals) is not None:
                continue
            reason = missing(shape, chain[: k + 1], frame.f_locals)
            if reason is not None:
                return reason
    return None


def _empty_message(exc: BaseException, frame: FrameType, line: int) -> str | None:
    """Name the empty value ('kooperation.gespraeche.mit' ist leer) where Jinja gives none.

    finalize and the filters see only the value; the uses on the failing line whose value in
    the template's frame is None tell which one it was.
    """
    empty_filter = isinstance(exc, FilterInputError) and exc.empty
    if not empty_filter and not (isinstance(exc, UndefinedError) and _text(exc) == EMPTY):
        return None
    for use_line, chain in _uses(frame.f_code.co_filename) or []:
        if use_line == line and _value(chain, frame.f_locals) is None:
            name = dotted(chain)
            if empty_filter:
                return f"{_text(exc)}: '{name}' ist leer"
            return (
                f"'{name}' ist leer; in den Daten ausfüllen oder in der Vorlage mit "
                f"{{% if {name} %}} abfragen"
            )
    return None


def _value(chain: Chain, data: Any) -> Any:
    """The value at ``chain`` in the template's variables (UNKNOWN inside lists)."""
    for part in chain:
        if not isinstance(data, dict) or part not in data:
            return UNKNOWN
        data = data[part]
    return data


def _uses(filename: str) -> list[tuple[int, Chain]] | None:
    """Line and context path of each variable use in a template file (None: unreadable)."""
    docx, _, part = filename.partition(DOCX)
    path = Path(f"{docx}.docx" if part else filename)
    try:
        return _parsed_uses(path, part, path.stat().st_mtime_ns)
    except (OSError, TemplateError):
        return None


@functools.lru_cache(maxsize=16)
def _parsed_uses(path: Path, part: str, mtime_ns: int) -> list[tuple[int, Chain]]:
    # Parsed once per template file (and version), however many documents fail on it.
    env = make_environment(path.parent)
    name = f"{path.name}/{part}" if part else path.name
    source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    tree = env.parse(source, name, filename)
    return [(use.line, chain) for use, chain in find_uses(env, tree, display_path(path))]


def _message(exc: BaseException, filters: list[str]) -> str:
    text = _text(exc)
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
