"""The one Jinja environment for Word and text templates, built in one place.

Sandboxed, with StrictUndefined: a template can neither reach Python internals nor leave a
silent gap. Autoescaping follows the template: XML (Word parts) and HTML are escaped, text is
not. Text from data is only ever a value, never a template.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import (
    BaseLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    Undefined,
    UndefinedError,
    pass_context,
)
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from mitteilung.errors import found
from mitteilung.formatting import FILTERS, zitat

#: A Word part is addressed as "<template>.docx/<part>", e.g. "mitteilung.docx/word/document.xml".
DOCX = ".docx/"
#: Set in the context of a Textbaustein that ``paragraphs`` will split (see _finalize).
PARAGRAPHS = "_absaetze"
_ESCAPED_SUFFIXES = (".xml", ".html", ".htm", ".html.j2", ".htm.j2")
# Values in a Textbaustein are wrapped so that splitting it into paragraphs (at blank lines of
# the template) and trimming it never touches them; NUL cannot occur in checked data.
_WRAP = "\0"
_WRAPPED = re.compile(f"{_WRAP}([0-9a-f]*){_WRAP}")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
#: finalize's message for an empty value; problems.py names the value where it can.
EMPTY = "Wert ist leer; in den Daten ausfüllen oder in der Vorlage mit {% if … %} abfragen"


class TemplateFileError(TemplateError):
    """A template file that cannot be read as one (not UTF-8, not a Word file)."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path, self.line = path, line
        super().__init__(message)


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


class ProjectLoader(BaseLoader):
    """Loads text templates from templates/ and the XML parts of Word templates in it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        """Source, file name and up-to-date check of a template or a Word part."""
        if DOCX in template:
            docx, part = template.split(DOCX, 1)
            path = self._path(docx + ".docx", template)
            source = word_part_source(path, part)
            filename = f"{path}/{part}"
        else:
            path = self._path(template, template)
            filename = str(path)
            try:
                raw = path.read_bytes()
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                raise TemplateNotFound(template) from None
            source = _decode(path, raw)
        mtime = path.stat().st_mtime
        return source, filename, lambda: path.stat().st_mtime == mtime

    def _path(self, name: str, template: str) -> Path:
        """The file for a template name; never outside templates/ ('..', links, '/...')."""
        path = self.root.joinpath(*split_template_path(name))
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise TemplateNotFound(template)
        return path


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TemplateFileError(
            path, line, "ist nicht in UTF-8 gespeichert (im Editor als UTF-8 speichern)"
        ) from None


def open_docx(path: Path) -> zipfile.ZipFile:
    """A Word template as zip archive; a file that is none is the user's mistake."""
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise TemplateNotFound(path.name) from None
    except (zipfile.BadZipFile, OSError):
        raise TemplateFileError(
            path, None, "ist keine Word-Datei (.docx); in Word öffnen und als .docx speichern"
        ) from None


def word_part_source(path: Path, part: str) -> str:
    """The XML of one part of a Word template, made readable for Jinja by docxtpl."""
    with open_docx(path) as zf:
        try:
            xml = zf.read(part).decode("utf-8")
        except KeyError:
            raise TemplateNotFound(f"{path.name}/{part}") from None
        except (UnicodeDecodeError, zipfile.BadZipFile, OSError):
            raise TemplateFileError(path, None, f"Teil {part} ist beschädigt") from None
    # docxtpl joins tags that Word split across runs, handles {%p %}, {%tr %} etc. and marks
    # every <w:t> with a tag as xml:space="preserve" (leading and trailing spaces survive).
    xml = DocxTemplate(path).patch_xml(xml)
    # One paragraph (or table row) per line, so Jinja's line numbers point at a paragraph.
    return re.sub(r"(?<!\n)(<w:(?:p|tr|tbl)[ >])", r"\n\1", xml)


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith(_ESCAPED_SUFFIXES)


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Refuse None (a missing value is an error) and write line breaks and tabs in Word form."""
    if value is None:
        raise UndefinedError(EMPTY)
    if context.get(PARAGRAPHS):
        return _WRAP + str(value).encode("utf-8").hex() + _WRAP
    if isinstance(value, Markup) or not (context.name or "").endswith(".xml"):
        return value
    return Markup(word_text(str(value)))


def paragraphs(baustein_output: str) -> list[str]:
    """A Textbaustein rendered with PARAGRAPHS set, as paragraphs: split at the template's
    blank lines, trimmed; values arrive whole, whatever spaces and line breaks they hold."""
    parts = _PARAGRAPH_BREAK.split(baustein_output.strip())
    return [_unwrap(p) for p in parts if p]


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


def make_environment(templates: Path) -> SandboxedEnvironment:
    """The environment every template of a project is loaded and compiled in."""
    env = SandboxedEnvironment(
        loader=ProjectLoader(templates),
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
