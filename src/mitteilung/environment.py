"""The one Jinja environment for Word and text templates, built in one place.

Sandboxed, with StrictUndefined: a template can neither reach Python internals nor leave a
silent gap. Autoescaping follows the template: XML (Word parts) and HTML are escaped, text is
not. Text from data is only ever a value, never a template.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, UndefinedError, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from mitteilung.formatting import FILTERS

#: A Word part is addressed as "<template>.docx/<part>", e.g. "mitteilung.docx/word/document.xml".
DOCX = ".docx/"
_ESCAPED_SUFFIXES = (".xml", ".html", ".htm", ".html.j2", ".htm.j2")


class ProjectLoader(BaseLoader):
    """Loads text templates from templates/ and the XML parts of Word templates in it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        """Source, file name and up-to-date check of a template or a Word part."""
        if DOCX in template:
            docx, part = template.split(DOCX, 1)
            path = self.root / (docx + ".docx")
            source = word_part_source(path, part)
        else:
            path = self.root / template
            try:
                source = path.read_text(encoding="utf-8")
            except (FileNotFoundError, IsADirectoryError):
                raise TemplateNotFound(template) from None
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == mtime


def word_part_source(path: Path, part: str) -> str:
    """The XML of one part of a Word template, made readable for Jinja by docxtpl."""
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read(part).decode("utf-8")
    except (FileNotFoundError, KeyError):
        raise TemplateNotFound(f"{path.name}/{part}") from None
    # docxtpl joins tags that Word split across runs and handles {%p %}, {%tr %} etc.
    xml = DocxTemplate(path).patch_xml(xml)
    # One paragraph (or table row) per line, so Jinja's line numbers point at a paragraph.
    return re.sub(r"(?<!\n)(<w:(?:p|tr|tbl)[ >])", r"\n\1", xml)


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith(_ESCAPED_SUFFIXES)


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Refuse None (a missing value is an error) and write line breaks and tabs in Word form."""
    if value is None:
        raise UndefinedError(
            "Wert ist leer (None); in den Daten ausfüllen oder in der Vorlage "
            "mit {% if ... %} abfragen"
        )
    if isinstance(value, Markup) or not (context.name or "").endswith(".xml"):
        return value
    return Markup(word_text(str(value)))


def word_text(text: str) -> str:
    """Escape text for a <w:t> element; line breaks become <w:br/>, tabs <w:tab/>."""
    out = str(escape(text))
    if "\n" in out or "\t" in out:
        run = '</w:t>{}<w:t xml:space="preserve">'
        out = out.replace("\r\n", "\n").replace("\n", run.format("<w:br/>"))
        out = out.replace("\t", run.format("<w:tab/>"))
    return out


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
    env.filters.update(FILTERS)
    return env
