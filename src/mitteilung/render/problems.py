"""Turn Jinja's errors into German problems that name template file, line and variable."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError

from mitteilung.errors import Problem, display_path
from mitteilung.render.environment import (
    DOCX,
    EMPTY,
    FilterInputError,
    TemplateFileError,
    make_environment,
)
from mitteilung.render.jinja_messages import NO_ATTRIBUTE, german, text_of
from mitteilung.render.limits import LimitError
from mitteilung.render.shape import UNKNOWN, Kinds, context_shape, missing
from mitteilung.render.uses import Chain, dotted, find_uses
from mitteilung.render.word_xml import word_location


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
    message = german(exc, filters)
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


def _attribute_message(exc: UndefinedError, frame: FrameType, line: int) -> str | None:
    """'Feld 'x' gibt es bei 'fakten' nicht; meinten Sie …?' as template-check says it.

    Jinja names only the missing field. The uses on the failing line (uses.py) give the object;
    the context's shape (shape.py) its fields, and the values the template saw (Jinja's frame
    of the template holds them as its locals) the keys of mappings and which values are empty.
    """
    name = re.fullmatch(NO_ATTRIBUTE, text_of(exc), re.DOTALL)
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
    if not empty_filter and not (isinstance(exc, UndefinedError) and text_of(exc) == EMPTY):
        return None
    for use_line, chain in _uses(frame.f_code.co_filename) or []:
        if use_line == line and _value(chain, frame.f_locals) is None:
            name = dotted(chain)
            if empty_filter:
                return f"{text_of(exc)}: '{name}' ist leer"
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
