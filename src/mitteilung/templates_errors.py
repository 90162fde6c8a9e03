"""Turn Jinja's errors into German problems that name template file, line and variable."""

from __future__ import annotations

import re
from pathlib import Path
from types import TracebackType

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError

from mitteilung.errors import Problem, display_path

_UNDEFINED = re.compile(r"'(?P<name>[^']+)' is undefined")
_NO_ATTR = re.compile(r"has no attribute '(?P<name>[^']+)'")
_NO_FILTER = re.compile(r"No filter named '(?P<name>[^']+)'")
_NO_TEST = re.compile(r"No test named '(?P<name>[^']+)'")


class TemplateProblem(Exception):
    """A template could not be compiled or rendered; carries the German problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def template_problem(exc: BaseException, filters: list[str]) -> Problem:
    """The problem for an error raised while compiling or rendering a template."""
    filename: str | None
    line: int | None
    if isinstance(exc, TemplateSyntaxError):
        filename, line = exc.filename, exc.lineno
    else:
        filename, line = _template_frame(exc.__traceback__)
    message = _message(exc, filters)
    if filename is None:
        return Problem("templates", None, None, message)
    if filename.endswith(".docx"):
        # Word parts are compiled one paragraph per line (see environment.word_part_source)
        return Problem(display_path(filename), None, f"Absatz {line}", message)
    return Problem(display_path(filename), line, None, message)


def is_template_error(exc: BaseException) -> bool:
    """True when a template caused ``exc`` (as opposed to a bug in our own code)."""
    if isinstance(exc, TemplateError):
        return True
    return _template_frame(exc.__traceback__)[0] is not None


def _template_frame(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame in a traceback (Jinja rewrites them)."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if Path(filename).suffix in (".j2", ".docx", ".html", ".txt", ".xml"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _message(exc: BaseException, filters: list[str]) -> str:
    text = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, UndefinedError):
        if m := _UNDEFINED.search(text):
            return f"Variable '{m['name']}' ist nicht definiert"
        if m := _NO_ATTR.search(text):
            return f"Feld '{m['name']}' gibt es hier nicht"
        return text  # our own German message from finalize
    if m := _NO_FILTER.search(text):
        return f"Filter '{m['name']}' gibt es nicht; vorhanden: {', '.join(sorted(filters))}"
    if m := _NO_TEST.search(text):
        return f"Test '{m['name']}' gibt es nicht"
    if isinstance(exc, TemplateSyntaxError):
        return f"Syntaxfehler in der Vorlage: {text}"
    return f"Fehler beim Füllen der Vorlage: {type(exc).__name__}: {text}"
