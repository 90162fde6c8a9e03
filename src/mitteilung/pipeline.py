"""The build pipeline: load, check, render, write; one document failing never stops the rest."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import TemplateError

from mitteilung.check import rules
from mitteilung.errors import Problem, display_path
from mitteilung.model import Vorlagenart
from mitteilung.model.project import Entry, Project
from mitteilung.render.context import full_context
from mitteilung.render.environment import make_environment
from mitteilung.render.limits import DEFAULT as DEFAULT_LIMITS
from mitteilung.render.limits import RenderLimits
from mitteilung.render.problems import TemplateProblem, is_template_error, template_problem
from mitteilung.render.word import CoreProperties, WordTemplate
from mitteilung.render.word_xml import WordXMLError, xml_problem
from mitteilung.write import oparl
from mitteilung.write.folder import OutputFolder

#: The formats made in this process (pdf, made by LibreOffice, is in CHOICES only).
FORMATS = ("docx", "txt", "html", "oparl")
#: Every format `build -f` accepts.
CHOICES = ("docx", "txt", "html", "pdf", "oparl")
DEFAULT_FORMATS = ("docx", "txt")
#: The formats made from templates: what `check` renders (without writing).
RENDERED = ("docx", "txt", "html")
T = TypeVar("T")


@dataclass
class Summary:
    """What a build did (counts only: a batch of any size keeps no documents here)."""

    built: int = 0
    unchanged: int = 0  # rendered to exactly the files already there: left alone
    failed: list[Path] = field(default_factory=list)  # data files of documents not built
    errors: list[str] = field(default_factory=list)  # of the whole build (e.g. no LibreOffice)


@dataclass(frozen=True)
class Step:
    """One finished step of a build, for a progress display."""

    phase: str  # "Vorlagen", "PDF"
    done: int
    total: int
    name: str  # the document's file name without suffix
    status: str  # "gebaut", "fehlgeschlagen", "geprüft" (Vorlagen); "umgewandelt" (PDF)


Progress = Callable[[Step], None]


class Renderer:
    """Renders documents; every template is loaded and compiled once per process."""

    def __init__(self, project: Project, limits: RenderLimits = DEFAULT_LIMITS) -> None:
        self.project = project
        self.env = make_environment(project.templates, limits)
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
        if name.endswith(".docx") and name not in self._word:
            self._word[name] = WordTemplate(self.env, name)
        elif name.endswith(".j2"):
            self.env.get_template(name)

    def guard(self, run: Callable[[], T]) -> T:
        """Run a template; turn its errors (not our bugs) into a TemplateProblem."""
        try:
            with self.env.bounds:  # the outermost call (one document) sets time and memory
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
        """All requested formats of one document, in memory (for "pdf": the .docx)."""
        return self.guard(functools.partial(self._render, entry, formats))

    def _render(self, entry: Entry, formats: Sequence[str]) -> dict[str, bytes]:
        stadt = self.project.stadt
        art = stadt.vorlagenarten[entry.vorlage.vorlagenart]
        context = full_context(entry, self.project, self.text)
        out: dict[str, bytes] = {}
        # A kind without a template for a format simply has no file in that format.
        if ("docx" in formats or "pdf" in formats) and art.word is not None:
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


def checked(project: Project) -> Iterator[Entry]:
    """The documents to build, one after another, each checked by the rules."""
    for entry in project.selection:
        rules.check(entry, project)
        project.seen.update(entry.problems)
        yield entry


def available(art: Vorlagenart) -> list[str]:
    """The formats a kind of document has: those it has a template for (PDF from Word)."""
    templates = {"docx": art.word, "txt": art.text, "html": art.html, "pdf": art.word}
    return [f for f in CHOICES if templates.get(f, "oparl") is not None]


def build(
    project: Project,
    formats: Sequence[str],
    out_dir: Path | None,
    strict: bool = False,
    progress: Progress | None = None,
    depfiles: bool = False,
    renderer: Renderer | None = None,
) -> Summary:
    """Render every selected document without errors; write them to ``out_dir`` (None: check).

    With ``depfiles``, each written document also gets a make dependency file (see depfile.py).
    A ``renderer`` passed in keeps its compiled templates for the caller.
    """
    # Refuse a missing OParl base URL before anything is written.
    papers = oparl.Papers(project, oparl.base_url(project)) if "oparl" in formats else None
    if papers is not None and "pdf" not in formats and "docx" not in formats:
        formats = (*formats, "docx")  # OParl describes the Word file: build it too
    summary = Summary()
    renderer = renderer or Renderer(project)
    out = OutputFolder(out_dir, formats, depfiles, papers) if out_dir is not None else None
    total = len(project.documents)
    try:
        for done, entry in enumerate(checked(project), 1):
            status = _build_one(entry, renderer, formats, out, strict, summary)
            project.seen.update(entry.problems)  # with the template's, if it failed
            if progress is not None:
                progress(Step("Vorlagen", done, total, entry.stem, status))
    finally:
        if out is not None:
            out.close()
    if out is not None:
        # with PDF every document is made anew (a PDF has its own date inside)
        pdf = "pdf" in formats
        summary.built += out.changed + (out.unchanged if pdf else 0)
        summary.unchanged += 0 if pdf else out.unchanged
        for data_file, problem in out.failed:
            summary.failed.append(data_file)
            project.seen.add(problem)
        _pdf(project, out, summary, progress)
    return summary


def _build_one(
    entry: Entry,
    renderer: Renderer,
    formats: Sequence[str],
    out: OutputFolder | None,
    strict: bool,
    summary: Summary,
) -> str:
    """Render and write one document; count it; return its status for the progress display."""
    if blocked(entry, strict):
        summary.failed.append(entry.doc.path)
        return "fehlgeschlagen"
    try:
        outputs = renderer.render(entry, formats)
    except TemplateProblem as exc:
        entry.problems.append(exc.problem)
        summary.failed.append(entry.doc.path)
        return "fehlgeschlagen"
    if out is None:
        summary.built += 1
        return "geprüft"
    art = renderer.project.stadt.vorlagenarten[entry.vorlage.vorlagenart]
    out.write(entry, outputs, available(art))  # counted by ``out`` once written
    return "gebaut"


def _pdf(project: Project, out: OutputFolder, summary: Summary, progress: Progress | None) -> None:
    """Convert the batch's PDFs in one LibreOffice run; a document without PDF has failed."""
    total = len(out.pdf.stems) if out.pdf is not None else 0
    done = 0

    def step(stem: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(Step("PDF", done, total, stem, "umgewandelt"))

    for stem in out.finish(step):
        data_file = out.sources[stem]
        project.seen.add(
            Problem(
                display_path(data_file),
                None,
                None,
                f"keine PDF-Datei: LibreOffice hat {stem}.docx nicht umgewandelt",
            )
        )
        summary.built -= 1
        summary.failed.append(data_file)
    if out.error is not None:
        summary.errors.append(out.error)


def blocked(entry: Entry, strict: bool) -> bool:
    """Whether a document's problems stop it (warnings only with --strict)."""
    return any(p.is_error or strict for p in entry.problems)
