"""The templates a template pulls in with {% extends %}, {% include %} or {% import %}.

A document depends on them as much as on its own templates: make must rebuild it when the page
frame of the HTML templates changes, or a Textbaustein that another one includes. Names are
looked up as the renderer looks them up (relative to templates/, never outside it). A name that
is only known when rendering ({% include name %}) cannot be followed. Each file is parsed once
per version (modification time and size), however many documents use it.
"""

from __future__ import annotations

import functools
import os
import weakref
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateNotFound, meta

from mitteilung.model.project import Entry, Project, baustein_template
from mitteilung.render.cache import TemplateCache
from mitteilung.render.environment import make_environment
from mitteilung.render.loader import DOCX, ProjectLoader
from mitteilung.render.logo import logo_files
from mitteilung.render.package import open_docx
from mitteilung.render.word import RENDERED_PARTS

_BODY = "word/document.xml"
# the names a template pulls in are kept in the template cache under this prefix
_REFS = "refs:"


def sources(entry: Entry, project: Project) -> list[Path]:
    """Every file a document's outputs are made from, each once: its data and facts files, its
    kind's templates and Textbausteine with what they pull in, and the Vorlagen it names as
    Anlagen (their Betreff and date appear in it)."""
    found = list(entry.sources)
    art = project.stadt.vorlagenarten.get(entry.vorlage.vorlagenart)
    names = [n for n in (art.word, art.text, art.html) if n is not None] if art else []
    names += [
        baustein_template(block.baustein)
        for blocks in entry.vorlage.abschnitte.values()
        for block in blocks
        if block.baustein is not None
    ]
    for name in names:
        found += _PER_RUN.files(project, name)
    if art is not None and art.word is not None:
        found += _PER_RUN.logos(project)  # the .docx holds the logo
    for anlage in entry.vorlage.anlagen:
        named = project.by_number.get(anlage.vorlage or "")
        if named:
            found.append(named[0].path)
    # the Sitzungen that list it: their date and TOP appear in its Beratungsfolge
    found += [t.sitzung.doc.path for t in project.sitzungen.termine(entry.vorlage.nummer)]
    return list(dict.fromkeys(found))


class _PerRun:
    """The files each template name stands for, found once per project (one run).

    Thousands of documents name the same few templates: each was stat'ed and its references
    followed for every document. A new run (a new Project) starts afresh and sees later edits.
    """

    def __init__(self) -> None:
        self._project: weakref.ref[Project] | None = None
        self._found: dict[str, list[Path]] = {}
        self._logos: list[Path] | None = None

    def files(self, project: Project, name: str) -> list[Path]:
        """The template ``name`` and what it pulls in; nothing where it is no file."""
        self._start(project)
        if (found := self._found.get(name)) is None:
            templates = project.templates
            path = templates.joinpath(*name.split("/"))
            found = [path, *referenced(templates, name)] if path.is_file() else []
            self._found[name] = found
        return found

    def logos(self, project: Project) -> list[Path]:
        """The logo files of stadt.yaml (see `logo_files`), once per project."""
        self._start(project)
        if self._logos is None:
            self._logos = logo_files(project)
        return self._logos

    def _start(self, project: Project) -> None:
        if self._project is None or self._project() is not project:
            self._project, self._found, self._logos = weakref.ref(project), {}, None


_PER_RUN = _PerRun()


def referenced(templates: Path, name: str) -> list[Path]:
    """Every file the template ``name`` pulls in, directly or through others, each once.

    Not ``name`` itself; names that do not exist or are not allowed are left out (rendering
    reports them).
    """
    found: list[Path] = []
    seen = {name}
    todo = [name]
    folder = os.fspath(templates)  # a str: hashed and joined faster than a Path, per document
    while todo:
        current = todo.pop()
        refs = _references(folder, current)
        if refs is None:
            continue
        if current != name:
            found.append(templates.joinpath(*current.split("/")))
        for ref in refs:
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return found


def _references(folder: str, name: str) -> tuple[str, ...] | None:
    """The names template ``name`` refers to; None when there is no such template file."""
    try:  # os.stat: pathlib would cost more than the rest for thousands of documents
        stat = os.stat(os.path.join(folder, name))
    except (OSError, ValueError):
        return None
    return _parse(folder, name, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _parse(folder: str, name: str, mtime_ns: int, size: int) -> tuple[str, ...] | None:
    """The names in one version of a template file (of a Word template: in all its parts)."""
    parser = _parser(folder)
    loader = parser.loader
    assert isinstance(loader, ProjectLoader)
    cache = loader.cache
    raw = _bytes(loader, name) if cache is not None else None
    key = TemplateCache.key(_REFS + name, folder, raw) if raw is not None else ""
    if cache is not None and key:
        found = cache.get(key)
        if isinstance(found, tuple) and all(type(r) is str for r in found):
            return found
    refs, clean = _parsed(parser, name)
    # kept only when parsed without a mistake from the very bytes of the key (an editor may
    # be saving the file while it is parsed)
    if cache is not None and key and clean and _bytes(loader, name) == raw:
        cache.put(key, refs or ())
    return refs


def _bytes(loader: ProjectLoader, name: str) -> bytes | None:
    """The bytes of template ``name``; None when its file cannot be read."""
    try:
        return loader.file_bytes(name)
    except (TemplateError, OSError):
        return None  # not there, too large, no access: _parsed finds out and says so


def _parsed(parser: Environment, name: str) -> tuple[tuple[str, ...] | None, bool]:
    """The names in template ``name``, and whether it was parsed without a mistake."""
    refs: list[str] = []
    try:
        for source in _sources(parser, name):
            ast = parser.parse(source)
            refs.extend(r for r in meta.find_referenced_templates(ast) if r is not None)
    except TemplateNotFound:  # outside templates/, or not there
        return None, False
    except (TemplateError, OSError, RecursionError, ValueError):  # rendering reports it
        return (), False  # a mistake in (also: nested too deep, a huge number) or no access
    return tuple(dict.fromkeys(refs)), True


@functools.lru_cache(maxsize=8)
def _parser(folder: str) -> Environment:
    """The project's environment, here only to parse (the same syntax and loader)."""
    return make_environment(Path(folder))


def _sources(parser: Environment, name: str) -> list[str]:
    """The Jinja source of a template, or of each part of a Word template the renderer fills."""
    loader = parser.loader
    assert isinstance(loader, ProjectLoader)
    if not name.endswith(".docx"):
        return [loader.get_source(parser, name)[0]]
    prefix = name.removesuffix(".docx") + DOCX
    # the loader refuses a name outside templates/ before the file is opened
    sources = [loader.get_source(parser, prefix + _BODY)[0]]
    with open_docx(loader.root / name) as zf:
        parts = [p for p in zf.namelist() if p != _BODY and RENDERED_PARTS.fullmatch(p)]
        tagged = [p for p in parts if b"{%" in zf.read(p)]
    return sources + [loader.get_source(parser, prefix + part)[0] for part in tagged]
