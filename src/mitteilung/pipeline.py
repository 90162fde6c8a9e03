"""The build pipeline: load, check, render, write; one document failing never stops the rest."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import TemplateError

from mitteilung import oparl, rules
from mitteilung.context import full_context
from mitteilung.environment import make_environment
from mitteilung.errors import Problem, display_path, os_reason
from mitteilung.project import Entry, Project, load_project
from mitteilung.reader import Limits
from mitteilung.templates_errors import TemplateProblem, is_template_error, template_problem
from mitteilung.word import CoreProperties, WordTemplate
from mitteilung.word_errors import WordXMLError, xml_problem
from mitteilung.writers import write_atomic

FORMATS = ("docx", "txt", "html", "oparl")
DEFAULT_FORMATS = ("docx", "txt")
#: The formats made from templates: what `check` renders (without writing).
RENDERED = ("docx", "txt", "html")
T = TypeVar("T")


@dataclass
class Summary:
    """What a build did."""

    built: list[Entry] = field(default_factory=list)
    failed: list[Entry] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0


class Renderer:
    """Renders documents; every template is loaded and compiled once per process."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.env = make_environment(project.templates)
        self._word: dict[str, WordTemplate] = {}

    def text(self, name: str, context: dict[str, Any]) -> str:
        """Render a text template or Textbaustein."""
        return self.guard(lambda: self.env.get_template(name).render(context))

    def word(self, name: str, context: dict[str, Any], core: CoreProperties) -> bytes:
        """Render a Word template to .docx bytes."""

        def run() -> bytes:
            if name not in self._word:
                self._word[name] = WordTemplate(self.env, name)
            return self._word[name].render(context, core)

        return self.guard(run)

    def check_templates(self) -> list[Problem]:
        """Compile every template under templates/, used or not, and report what fails."""
        problems = []
        for path in sorted(self.project.templates.rglob("*")):
            if path.name.startswith(("~$", ".")):  # Word's lock files, editors' backups
                continue
            try:
                self.guard(functools.partial(self._compile, path))
            except TemplateProblem as exc:
                problems.append(exc.problem)
        return problems

    def _compile(self, path: Path) -> None:
        name = path.relative_to(self.project.templates).as_posix()
        if name.endswith(".docx"):
            self._word[name] = WordTemplate(self.env, name)
        elif name.endswith(".j2"):
            self.env.get_template(name)

    def guard(self, run: Callable[[], T]) -> T:
        """Run a template; turn its errors (not our bugs) into a TemplateProblem."""
        try:
            return run()
        except WordXMLError as exc:
            raise TemplateProblem(xml_problem(exc)) from None
        except TemplateError as exc:
            raise TemplateProblem(template_problem(exc, list(self.env.filters))) from None
        except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as exc:
            if not is_template_error(exc):
                raise
            raise TemplateProblem(template_problem(exc, list(self.env.filters))) from None

    def render(self, entry: Entry, formats: Sequence[str]) -> dict[str, bytes]:
        """All requested formats of one document, in memory.

        OParl describes the Word or PDF file, so "oparl" brings the .docx along when
        neither is requested.
        """
        stadt = self.project.stadt
        art = stadt.vorlagenarten[entry.vorlage.vorlagenart]
        context = full_context(entry, self.project, self.text)
        out: dict[str, bytes] = {}
        # A kind without a template for a format simply has no file in that format.
        wants_docx = "docx" in formats or ("oparl" in formats and "pdf" not in formats)
        if wants_docx and art.word is not None:
            core = core_properties(entry, art.bezeichnung)
            out["docx"] = self.word(art.word, context, core)
        if "txt" in formats and art.text is not None:
            out["txt"] = self.text(art.text, context).encode("utf-8")
        if "html" in formats and art.html is not None:
            out["html"] = self.text(art.html, context).encode("utf-8")
        return out


def core_properties(entry: Entry, kind: str) -> CoreProperties:
    """Title = Betreff, author = the Fachbereich, date = the document's date."""
    v = entry.vorlage
    return CoreProperties(
        title=v.betreff, subject=f"{kind} {v.nummer}", author=v.bereich, created=v.datum
    )


def load(root: Path, paths: Sequence[Path], limits: Limits | None = None) -> Project:
    """Load the project and run the rules: what `check` and every build start with."""
    project = load_project(root, paths, limits)
    rules.check(project)
    return project


def build(
    project: Project,
    formats: Sequence[str],
    out_dir: Path | None,
    strict: bool = False,
    progress: Callable[[Entry], None] | None = None,
) -> Summary:
    """Render every document without errors; write them to ``out_dir`` unless it is None."""
    start = time.perf_counter()
    # Refuse a missing OParl base URL before anything is written.
    base = oparl.base_url(project) if "oparl" in formats else None
    summary = Summary()
    renderer = Renderer(project)
    papers: list[tuple[Entry, oparl.FileInfo | None]] = []
    for entry in project.selection:
        if blocked(entry, strict):
            summary.failed.append(entry)
        else:
            try:
                outputs = renderer.render(entry, formats)
            except TemplateProblem as exc:
                entry.problems.append(exc.problem)
                summary.failed.append(entry)
            else:
                if not _write_all(summary, entry, outputs, out_dir):
                    summary.failed.append(entry)
                else:
                    if base is not None:
                        papers.append((entry, oparl.main_file(outputs)))
                    summary.built.append(entry)
        if progress is not None:
            progress(entry)
    # After every file is rendered: a Paper describes its file and the documents beside it.
    for entry, data in oparl.export(project, base, papers) if base is not None else []:
        if out_dir is not None and not _write(
            summary, entry, out_dir / f"{entry.stem}.{oparl.SUFFIX}", data
        ):
            summary.built.remove(entry)
            summary.failed.append(entry)
    summary.seconds = time.perf_counter() - start
    return summary


def _write_all(
    summary: Summary, entry: Entry, outputs: dict[str, bytes], out_dir: Path | None
) -> bool:
    """Write a document's files (none without ``out_dir``); False if one could not be."""
    return out_dir is None or all(
        _write(summary, entry, out_dir / f"{entry.stem}.{suffix}", data)
        for suffix, data in outputs.items()
    )


def _write(summary: Summary, entry: Entry, path: Path, data: bytes) -> bool:
    """Write one file atomically; one that cannot be written is a problem of its document."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        message = f"kann nicht geschrieben werden ({os_reason(exc)}); die alte Datei bleibt"
        entry.problems.append(Problem(display_path(path), None, None, message))
        return False
    summary.written.append(path)
    return True


def blocked(entry: Entry, strict: bool) -> bool:
    """Whether a document's problems stop it (warnings only with --strict)."""
    return any(p.is_error or strict for p in entry.problems)
