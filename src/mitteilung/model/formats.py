"""The output formats: one table says what each is made from, how its file is named, and who
makes it."""

from __future__ import annotations

from dataclasses import dataclass

from mitteilung import defaults
from mitteilung.model.stadt import Vorlagenart


@dataclass(frozen=True)
class Format:
    """One output format of a document."""

    name: str  # as `build -f` takes it
    suffix: str  # of the output file: 7939-2025-mitteilung.<suffix>
    template: str | None  # the Vorlagenart field naming its template; None: none needed
    made_by: str  # "render" (from a template), "libreoffice" (from the .docx), "oparl"


TABLE: tuple[Format, ...] = (
    Format("docx", "docx", "word", "render"),
    Format("txt", "txt", "text", "render"),
    Format("html", "html", "html", "render"),
    Format("pdf", "pdf", "word", "libreoffice"),
    Format("oparl", "oparl.json", None, "oparl"),
)
BY_NAME = {f.name: f for f in TABLE}
#: Every format `build -f` accepts.
CHOICES = tuple(f.name for f in TABLE)
DEFAULT = defaults.DEFAULT_FORMATS
#: The formats made from templates: what `check` renders (without writing).
RENDERED = tuple(f.name for f in TABLE if f.made_by == "render")
#: The formats made in this process (pdf is made by LibreOffice).
IN_PROCESS = tuple(f.name for f in TABLE if f.made_by != "libreoffice")


def filename(stem: str, fmt: str) -> str:
    """The output file of a document in a format: 7939-2025-mitteilung.oparl.json."""
    return f"{stem}.{BY_NAME[fmt].suffix}"


def template(art: Vorlagenart, fmt: str) -> str | None:
    """The template a kind of document names for a format made from one."""
    field = BY_NAME[fmt].template
    return getattr(art, field) if field is not None else None


def available(art: Vorlagenart) -> list[str]:
    """The formats a kind of document has: those it has a template for (PDF from Word)."""
    return [f.name for f in TABLE if f.template is None or getattr(art, f.template) is not None]
