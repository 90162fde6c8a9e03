"""The loader of a project's templates: text templates from templates/, Word parts from the
.docx files in it, never anything outside; compiled code comes from the cache where it can."""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import BaseLoader, Template, TemplateNotFound
from jinja2.loaders import split_template_path

from mitteilung.errors import control_character, os_reason
from mitteilung.render.cache import TemplateCache
from mitteilung.render.limits import DEFAULT, TemplateFileError
from mitteilung.render.package import open_docx, read_part, regular_file

#: A Word part is addressed as "<template>.docx/<part>", e.g. "mitteilung.docx/word/document.xml".
DOCX = ".docx/"


class ProjectLoader(BaseLoader):
    """Loads text templates from templates/ and the XML parts of Word templates in it."""

    def __init__(
        self,
        root: Path,
        max_bytes: int = DEFAULT.template_bytes,
        cache: TemplateCache | None = None,
    ) -> None:
        self.root, self.max_bytes, self.cache = root, max_bytes, cache

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        """Source, file name and up-to-date check of a template or a Word part."""
        raw, path, part = self._raw(template)
        return _source(raw, path, part), _filename(path, part), _uptodate(path)

    def load(
        self, environment: Any, name: str, globals: MutableMapping[str, Any] | None = None
    ) -> Template:
        """The compiled template: from the cache if these bytes were compiled before."""
        raw, path, part = self._raw(name)
        filename = _filename(path, part)
        key = self.cache.key(name, filename, raw) if self.cache else ""
        code = self.cache.get(key) if self.cache else None
        if not isinstance(code, CodeType):
            code = environment.compile(_source(raw, path, part), name, filename)
            if self.cache:
                self.cache.put(key, code)
        template: Template = environment.template_class.from_code(
            environment, code, globals if globals is not None else {}, _uptodate(path)
        )
        return template

    def file_bytes(self, name: str) -> bytes:
        """The bytes of the template file ``name`` (a whole .docx), within templates/."""
        return _read(self._path(name, name), name, self.max_bytes)

    def _raw(self, template: str) -> tuple[bytes, Path, str | None]:
        """The bytes of a template (of a Word part: that part), its file and its part."""
        if DOCX not in template:
            path = self._path(template, template)
            return _read(path, template, self.max_bytes), path, None
        docx, part = template.split(DOCX, 1)
        path = self._path(docx + ".docx", template)
        return _part(path, part, self.max_bytes), path, part

    def _path(self, name: str, template: str) -> Path:
        """The file for a template name; never outside templates/ ('..', links, '/...')."""
        path = self.root.joinpath(*split_template_path(name))
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise TemplateNotFound(template)
        return path


def _filename(path: Path, part: str | None) -> str:
    return f"{path}/{part}" if part else str(path)


def _uptodate(path: Path) -> Callable[[], bool]:
    mtime = path.stat().st_mtime
    return lambda: path.stat().st_mtime == mtime


def _source(raw: bytes, path: Path, part: str | None) -> str:
    """The Jinja source of a template's bytes (of a Word part: patched by docxtpl)."""
    if part is None:
        return _decode(path, raw)
    try:
        return _patched(raw.decode("utf-8"), path)
    except UnicodeDecodeError:
        raise TemplateFileError(path, None, "ist nicht in UTF-8 gespeichert", part) from None


def _read(path: Path, template: str, max_bytes: int) -> bytes:
    """A text template's bytes: only a regular file, never more than ``max_bytes``."""
    try:
        regular_file(path, max_bytes)
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)  # the file may have grown since stat
    except (FileNotFoundError, NotADirectoryError, TemplateNotFound):  # (an OSError, too)
        raise TemplateNotFound(template) from None
    except OSError as exc:
        raise TemplateFileError(
            path, None, f"kann nicht gelesen werden ({os_reason(exc)})"
        ) from None
    if len(raw) > max_bytes:
        regular_file(path, len(raw) - 1)  # reports the size
    return raw


def _decode(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TemplateFileError(
            path, line, "ist nicht in UTF-8 gespeichert (im Editor als UTF-8 speichern)"
        ) from None
    # NUL marks values inside a Textbaustein (see _finalize): none may come from the file
    nul = text.find("\0")
    if nul >= 0:
        line_start = text.rfind("\n", 0, nul) + 1
        line = text.count("\n", 0, nul) + 1
        raise TemplateFileError(path, line, control_character("\0", nul - line_start + 1))
    return text


def word_part_source(path: Path, part: str, max_bytes: int = DEFAULT.template_bytes) -> str:
    """The XML of one part of a Word template, made readable for Jinja by docxtpl."""
    return _source(_part(path, part, max_bytes), path, part)


def _part(path: Path, part: str, max_bytes: int) -> bytes:
    """The bytes of one part of the Word template ``path``."""
    with open_docx(path, max_bytes) as zf:
        if part not in zf.namelist():
            raise TemplateNotFound(f"{path.name}/{part}")
        return read_part(zf, part, path)


def _patched(xml: str, path: Path) -> str:
    """A Word part's XML as Jinja reads it."""
    from docxtpl import DocxTemplate  # 40 ms to import: only when a part is not in the cache

    # docxtpl joins tags that Word split across runs, handles {%p %}, {%tr %} etc. and marks
    # every <w:t> with a tag as xml:space="preserve" (leading and trailing spaces survive).
    xml = DocxTemplate(path).patch_xml(xml)
    # One paragraph (or table row) per line, so Jinja's line numbers point at a paragraph.
    return re.sub(r"(?<!\n)(<w:(?:p|tr|tbl)[ >])", r"\n\1", xml)
