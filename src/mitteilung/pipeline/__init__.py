"""The build pipeline: load, check, render, write; one document failing never stops the rest.

Each stage hands the next plain data: the loaded `Project` and its entries, the problems the
check stage returns, the rendered bytes, the written files. The `Report` of a build is the one
place that collects what happened, for the command line to tell.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mitteilung import defaults
from mitteilung.check import check
from mitteilung.check.sitzungen import check_sitzung
from mitteilung.errors import InputError, Problem, TemplateProblem, display_path
from mitteilung.model import formats as fmt
from mitteilung.model.index import Index
from mitteilung.model.project import Entry, Project
from mitteilung.model.sitzungsplan import SitzungEntry
from mitteilung.pipeline.report import Progress as Progress
from mitteilung.pipeline.report import Report as Report
from mitteilung.pipeline.report import Step as Step
from mitteilung.render import beschlusskontrolle as bk
from mitteilung.render.deps import sources
from mitteilung.render.renderer import Renderer
from mitteilung.render.sitzung import documents as sitzungsdokumente
from mitteilung.render.sitzung import formats_of, render_sitzung, sitzung_sources
from mitteilung.write import oparl
from mitteilung.write.folder import Output, OutputFolder
from mitteilung.write.index import write_index

if TYPE_CHECKING:
    from mitteilung.write.oparl_graph import Graph

#: The formats made in this process (pdf, made by LibreOffice, is in CHOICES only).
FORMATS = fmt.IN_PROCESS
CHOICES = fmt.CHOICES
DEFAULT_FORMATS = fmt.DEFAULT
RENDERED = fmt.RENDERED


def checked(project: Project) -> Iterator[tuple[Entry, list[Problem]]]:
    """The documents to build, one after another, each with the problems the rules find."""
    for entry in project.entries:
        yield entry, check(entry, project)


def build(
    project: Project,
    formats: Sequence[str],
    out_dir: Path | None,
    strict: bool = False,
    progress: Progress | None = None,
    depfiles: bool = False,
    renderer: Renderer | None = None,
    page_size: int = defaults.OPARL_PAGE_SIZE,
) -> Report:
    """Render every selected document without errors; write them to ``out_dir`` (None: check).

    With ``depfiles``, each written document also gets a make dependency file (see depfile.py).
    A ``renderer`` passed in keeps its compiled templates for the caller. With -f oparl the
    endpoint folder (``out_dir``/oparl, lists of ``page_size`` objects) is written last.
    """
    # Refuse a missing OParl base URL before anything is written.
    papers = oparl.Papers(project, oparl.base_url(project)) if "oparl" in formats else None
    renderer = renderer or Renderer(project)
    graph = None
    if papers is not None:
        # only with -f oparl: a build without it need not load the endpoint's writer
        from mitteilung.write.oparl_graph import Graph, whole_project

        if whole_project(project):
            graph = Graph(project, papers.ids, renderer.text)
    if papers is not None and "pdf" not in formats and "docx" not in formats:
        formats = (*formats, "docx")  # OParl describes the Word file: build it too
    report = Report(found=set(project.load_problems()))
    out = OutputFolder(out_dir, formats, depfiles) if out_dir is not None else None
    run = _Run(renderer, formats, out, strict, report, papers, graph)
    total = len(project.documents)
    try:
        for done, (entry, problems) in enumerate(checked(project), 1):
            status = run.document(entry, problems)
            if progress is not None:
                progress(Step("Vorlagen", done, total, entry.stem, status))
        for sitzung in project.sitzungen.selected:
            run.sitzung(sitzung)
        run.kontrolle()
    finally:
        if out is not None:
            out.close()
    if out is not None:
        # with PDF every document is made anew (a PDF has its own date inside)
        pdf = "pdf" in formats
        report.built += out.changed + (out.unchanged if pdf else 0)
        report.unchanged += 0 if pdf else out.unchanged
        report.sitzungen += out.groups
        for data_file, problem in out.failed:
            report.failed.append(data_file)
            report.found.add(problem)
        _pdf(out, report, progress)
        if depfiles and isinstance(project.index, Index) and out_dir is not None:
            write_index(out_dir, project.index)  # the load stage's records, kept for the next
        if graph is not None and out_dir is not None:
            from mitteilung.write.oparl_endpoint import write_endpoint  # as Graph above

            write_endpoint(graph, out_dir, formats, page_size, report)
    return report


@dataclass
class _Run:
    """One build's settings and report, for one document after another."""

    renderer: Renderer
    formats: Sequence[str]
    out: OutputFolder | None
    strict: bool
    report: Report
    papers: oparl.Papers | None
    graph: Graph | None = None  # with -f oparl: the Papers of the endpoint

    def document(self, entry: Entry, problems: list[Problem]) -> str:
        """Render and write one document; count it; return its status for the progress display."""
        report = self.report
        report.found.update(problems)
        if any(p.is_error or self.strict for p in problems):
            report.failed.append(entry.doc.path)
            return "fehlgeschlagen"
        try:
            outputs = self.renderer.render(entry, self.formats)
        except TemplateProblem as exc:
            report.found.add(exc.problem)
            report.failed.append(entry.doc.path)
            return "fehlgeschlagen"
        if self.out is None:
            report.built += 1
            return "geprüft"
        self.out.write(self._output(entry, outputs))  # counted by ``out`` once written
        if self.graph is not None and self.papers is not None:
            # an id of another object: ``out`` has recorded it, and the endpoint is not written
            with suppress(InputError):
                self.graph.add(entry, self.papers.paper(entry, None))
        return "gebaut"

    def sitzung(self, entry: SitzungEntry) -> None:
        """Check, render and write every document of one Sitzung (see render/sitzung.py)."""
        project, report = self.renderer.project, self.report
        problems = check_sitzung(entry, project)
        report.found.update(problems)
        if any(p.is_error or self.strict for p in problems):
            report.failed.append(entry.doc.path)
            return
        r = self.renderer
        try:
            rendered = render_sitzung(entry, project, self.formats, r.text, r.word)
        except TemplateProblem as exc:
            report.found.add(exc.problem)
            report.failed.append(entry.doc.path)
            return
        if self.out is None:
            report.sitzungen += 1
            return
        deps = sitzung_sources(entry, project) if self.out.depfiles else []
        if not rendered:  # stadt.yaml names no Sitzungsdokumente
            return
        self.out.write_group(
            [
                Output(
                    stem,
                    entry.doc.path,
                    rendered[stem],
                    formats_of(art),
                    deps,
                    datum=entry.sitzung.datum,  # as in the documents' properties
                )
                for stem, art, _ in sitzungsdokumente(entry, project)
            ]
        )

    def kontrolle(self) -> None:
        """Check, render and write the Beschlusskontrolle (see render/beschlusskontrolle.py)."""
        r, project = self.renderer, self.renderer.project
        stadt = project.stadt_doc.path
        problems, rendered = bk.kontrolle(project, self.formats, r.text, r.word)
        self.report.found.update(problems)
        self.report.failed += [stadt] if problems else []
        if rendered and self.out is not None:
            deps = bk.kontroll_sources(project) if self.out.depfiles else []
            day = bk.stichtag(project)
            docs = [Output(stem, stadt, f, fmts, deps, datum=day) for stem, f, fmts in rendered]
            self.out.write_group(docs, counted=False)  # no Sitzung: not counted as one

    def _output(self, entry: Entry, files: dict[str, bytes]) -> Output:
        project = self.renderer.project
        papers = self.papers
        art = project.stadt.vorlagenarten[entry.vorlage.vorlagenart]
        depfiles = self.out is not None and self.out.depfiles
        return Output(
            stem=entry.stem,
            data_file=entry.doc.path,
            files=files,
            available=fmt.available(art),
            sources=sources(entry, project) if depfiles else (),
            paper=(lambda main: papers.paper(entry, main)) if papers is not None else None,
            datum=entry.vorlage.datum,
        )


def _pdf(out: OutputFolder, report: Report, progress: Progress | None) -> None:
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
        message = f"keine PDF-Datei: LibreOffice hat {stem}.docx nicht umgewandelt"
        report.found.add(Problem(display_path(data_file), None, None, message))
        if not out.is_group(data_file):
            report.built -= 1
        # a Sitzung counts once, however many PDFs fail; the Beschlusskontrolle not at all
        elif data_file not in report.failed and data_file not in out.uncounted:
            report.sitzungen -= 1
        report.failed.append(data_file)
    if out.error is not None:
        report.errors.append(out.error)
