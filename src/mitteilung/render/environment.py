"""The one Jinja environment for Word and text templates, built in one place.

Sandboxed, with StrictUndefined: a template can neither reach Python internals nor leave a
silent gap. Autoescaping follows the template: XML (Word parts) and HTML are escaped, text is
not. Text from data is only ever a value, never a template.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    StrictUndefined,
    TemplateRuntimeError,
    Undefined,
    UndefinedError,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from mitteilung.errors import found
from mitteilung.formatting import FILTERS, zitat
from mitteilung.render.cache import default_cache
from mitteilung.render.limits import DEFAULT, RenderLimits
from mitteilung.render.limits import TemplateFileError as TemplateFileError  # re-exported
from mitteilung.render.loader import DOCX as DOCX  # re-exported
from mitteilung.render.loader import ProjectLoader
from mitteilung.render.sandbox import BoundedEnvironment

#: Set in the context of a Textbaustein that ``paragraphs`` will split (see _finalize).
PARAGRAPHS = "_absaetze"
_ESCAPED_SUFFIXES = (".xml", ".html", ".htm", ".html.j2", ".htm.j2")
# Values in a Textbaustein are wrapped so that splitting it into paragraphs (at blank lines of
# the template) and trimming it never touches them; NUL cannot occur in checked data.
_WRAP = "\0"
_WRAPPED = re.compile(f"{_WRAP}([0-9a-f]*){_WRAP}")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
#: finalize's message for an empty value; problems.py names the value where it can.
EMPTY = "Wert ist leer; in den Daten ausfüllen oder in der Vorlage mit {% if … %} abfragen"


class FilterInputError(TemplateRuntimeError):
    """A filter got a value of a kind it cannot format (a date filter given a text, ...)."""

    def __init__(self, name: str, function: Callable[..., Any], value: Any) -> None:
        wanted = str(getattr(function, "__annotations__", {}).get("value", ""))
        kind = next((k for w, k in _KINDS if w in wanted), "einen anderen Wert")
        self.empty = value is None
        super().__init__(f"Filter '{name}' erwartet {kind}, bekam {found(value)}")


_KINDS = [
    ("date", "ein Datum"),
    ("float", "eine Zahl"),
    ("int", "eine Zahl"),
    ("Iterable", "eine Liste"),
    ("str", "einen Text"),
]


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith(_ESCAPED_SUFFIXES)


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Refuse None (a missing value is an error) and write line breaks and tabs in Word form."""
    if value is None:
        raise UndefinedError(EMPTY)
    if context.get(PARAGRAPHS):
        if isinstance(value, str) and _WRAP in value:
            return value  # a macro's output: template text with its values wrapped already
        return _WRAP + str(value).encode("utf-8").hex() + _WRAP
    if isinstance(value, Markup) or not (context.name or "").endswith(".xml"):
        return value
    return Markup(word_text(str(value)))


def paragraphs(baustein_output: str) -> list[str]:
    """A Textbaustein rendered with PARAGRAPHS set, as paragraphs: split at the template's
    blank lines, trimmed; a value is split only where it has a blank line itself (as a text
    block is), whatever other spaces and line breaks it holds."""
    parts = _PARAGRAPH_BREAK.split(baustein_output.strip())
    return [q for p in parts if p for q in text_paragraphs(_unwrap(p))]


def text_paragraphs(text: str) -> list[str]:
    """The paragraphs of a text from the data: a blank line starts a new one.

    One rule for every format: the text form separates paragraphs by a blank line, so a blank
    line inside a text block can only mean a new paragraph, in Word and HTML as well. Line
    breaks at the start or end of a paragraph (a YAML ``|`` block ends with one) are dropped;
    every other line break, tab and space stays as written.
    """
    parts = _BLANK_LINES.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [p.strip("\n") for p in parts if p.strip()]


def _unwrap(text: str) -> str:
    return _WRAPPED.sub(lambda m: bytes.fromhex(m[1]).decode("utf-8"), text)


def word_text(text: str) -> str:
    """Escape text for a <w:t> element; line breaks become <w:br/>, tabs <w:tab/>."""
    out = str(escape(text))
    if "\n" in out or "\t" in out:
        run = '</w:t>{}<w:t xml:space="preserve">'
        out = out.replace("\r\n", "\n").replace("\n", run.format("<w:br/>"))
        out = out.replace("\t", run.format("<w:tab/>"))
    return out


def _checked(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that reports a value of the wrong kind as a template error, in German."""

    @functools.wraps(function)
    def run(value: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return function(value, *args, **kwargs)
        except (TypeError, ValueError, AttributeError, AssertionError, ArithmeticError):
            raise FilterInputError(name, function, value) from None

    return run


def make_environment(templates: Path, limits: RenderLimits = DEFAULT) -> BoundedEnvironment:
    """The environment every template of a project is loaded and compiled in."""
    env = BoundedEnvironment(
        limits,
        loader=ProjectLoader(templates, limits.template_bytes, default_cache()),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.filters.update({name: _checked(name, f) for name, f in FILTERS.items()})
    env.filters["zitat"] = _zitat
    env.bound_filters()
    return env


@pass_context
def _zitat(context: Context, value: Any) -> str:
    """The filter zitat with the city's quotation marks (stadt.yaml: anfuehrungszeichen)."""
    stadt = context.get("stadt")
    rule = stadt.get("anfuehrungszeichen") if isinstance(stadt, dict) else None
    if isinstance(value, Undefined):
        str(value)  # StrictUndefined: raises the error that names the missing field
    if not isinstance(value, str):
        raise FilterInputError("zitat", zitat, value)
    return zitat(value, **rule) if isinstance(rule, dict) else zitat(value)
