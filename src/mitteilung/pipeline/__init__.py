"""The build pipeline: load, check, render, write; one document failing never stops the rest.

Each stage hands the next plain data: the loaded `Project` and its entries, the problems the
check stage returns, the rendered bytes, the written files. The `Report` of a build is the one
place that collects what happened, for the command line to tell. A large batch runs on every
core (parallel.py): `load_and_build` starts the helpers while loading, `build` after it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from mitteilung import defaults
from mitteilung.errors import Problem, Severity, display_path
from mitteilung.load.shares import Split
from mitteilung.model import formats as fmt
from mitteilung.model.index import Index
from mitteilung.model.project import Project
from mitteilung.pipeline import parallel
from mitteilung.pipeline.report import Progress as Progress
from mitteilung.pipeline.report import Report as Report
from mitteilung.pipeline.report import Step as Step
from mitteilung.pipeline.run import Run, documents, share
from mitteilung.pipeline.run import checked as checked
from mitteilung.render.limits import RenderLimits
from mitteilung.render.renderer import Renderer
from mitteilung.write import makerules, oparl
from mitteilung.write.clean import drop
from mitteilung.write.depfile import make_name
from mitteilung.write.folder import OutputFolder
from mitteilung.write.index import write_index

#: The formats made in this process (pdf, made by LibreOffice, is in CHOICES only).
FORMATS = fmt.IN_PROCESS
CHOICES = fmt.CHOICES
DEFAULT_FORMATS = fmt.DEFAULT
RENDERED = fmt.RENDERED


def build(
    project: Project,
    formats: Sequence[str],
    out_dir: Path | None,
    strict: bool = False,
    progress: Progress | None = None,
    depfiles: bool = False,
    renderer: Renderer | None = None,
    page_size: int = defaults.OPARL_PAGE_SIZE,
    helpers: parallel.Helpers | None = None,
) -> Report:
    """Render every selected document without errors; write them to ``out_dir`` (None: check).

    With ``depfiles``, each written document also gets a make dependency file (see depfile.py).
    A ``renderer`` passed in keeps its compiled templates for the caller. With -f oparl the
    endpoint folder (``out_dir``/oparl, lists of ``page_size`` objects) is written last.
    ``helpers`` started by a split load (see `load_and_build`) build their share of it.
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
    helpers = helpers or parallel.Helpers(formats)
    # a wrong number of processes is refused before anything is written
    processes = helpers.n if helpers.n > 1 else parallel.count(len(project.documents), formats)
    out = OutputFolder(out_dir, formats, depfiles) if out_dir is not None else None
    run = Run(renderer, formats, out, strict, report, papers, graph)
    try:
        step = documents(run, project, processes, helpers, progress)
        for sitzung in project.sitzungen.selected:
            run.sitzung(sitzung)
        run.kontrolle()
        helpers.poll(step, wait=True)
    except BaseException as exc:
        helpers.abort(exc)  # a helper forked above exits here, never runs the caller's code
        raise
    parallel.merge(helpers.shares, report, out)
    if out is not None:
        _written(out, report, progress)
        if depfiles:
            _rules(project, report, out)
        if depfiles and isinstance(project.index, Index):
            write_index(out.folder, project.index)  # the load stage's records, kept for the next
        if graph is not None:
            from mitteilung.write.oparl_endpoint import write_endpoint  # as Graph above

            write_endpoint(graph, out.folder, formats, page_size, report)
    return report


def load_and_build(
    load: Callable[[Split], Project],
    formats: Sequence[str],
    out_dir: Path | None,
    limits: RenderLimits,
    strict: bool = False,
    progress: Progress | None = None,
    depfiles: bool = False,
    page_size: int = defaults.OPARL_PAGE_SIZE,
) -> tuple[Project, Report, Renderer]:
    """Load (``load`` shares the reading with helper processes where that pays off: see
    load/shares.py), then `build` with the same helpers; the project, report and renderer."""
    helpers = parallel.Helpers(formats)
    try:
        project = load(helpers)
        renderer = Renderer(project, limits)
        if helpers.k > 0:  # a helper builds the documents it has read, then exits
            out = OutputFolder(out_dir, formats, depfiles) if out_dir is not None else None
            run = Run(renderer, formats, out, strict, Report(), None)
            helpers.serve(lambda step: share(run, project, helpers.k, helpers.n, step))
        report = build(
            project, formats, out_dir, strict, progress, depfiles, renderer, page_size, helpers
        )
    except BaseException as exc:
        helpers.abort(exc)  # a helper exits here
        raise
    return project, report, renderer


_NOT_FOR_MAKE = (
    "make kann mit diesem Dateinamen nicht arbeiten (; : | % = * ? ( ) [ ] \\ gehen nicht): "
    "die Dokumente, die diese Datei nutzen, baut jedes make neu; bitte umbenennen"
)


def _rules(project: Project, report: Report, out: OutputFolder) -> None:
    """make's view of all documents; a warning for each file whose name make cannot read."""
    gone = _made_nothing(project, report, out)
    for name in makerules.write_rules(out.folder, out.rules, gone):
        report.found.add(Problem(name, None, None, _NOT_FOR_MAKE, Severity.WARNING))


def _made_nothing(project: Project, report: Report, out: OutputFolder) -> set[str]:
    """Drop the depfiles of data files read without error that made no document now; their
    names as make reads them."""
    failed = {*report.failed, *project.broken}
    nothing = [p for p in project.selected if p not in failed and make_name(p) not in out.rules]
    drop(out.folder, nothing)
    return {make_name(p) for p in nothing}


def _written(out: OutputFolder, report: Report, progress: Progress | None) -> None:
    """Count what the output folder wrote and could not write; then make the PDFs."""
    # with PDF every document is made anew (a PDF has its own date inside)
    pdf = "pdf" in out.formats
    report.built += out.changed + (out.unchanged if pdf else 0)
    report.unchanged += 0 if pdf else out.unchanged
    report.sitzungen += out.groups
    for data_file, problem in out.failed:
        report.failed.append(data_file)
        report.found.add(problem)
    _pdf(out, report, progress)


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
