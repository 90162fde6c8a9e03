"""One build's run over its documents, Sitzungen and the Beschlusskontrolle: check, render,
hand to the output folder; shared with helper processes for a large batch (parallel.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mitteilung.check import check
from mitteilung.check.sitzungen import check_sitzung
from mitteilung.errors import InputError, Problem, TemplateProblem
from mitteilung.model import formats as fmt
from mitteilung.model.project import Entry, Project
from mitteilung.model.sitzungsplan import SitzungEntry
from mitteilung.pipeline import parallel
from mitteilung.pipeline.report import Progress, Report, Step
from mitteilung.render import beschlusskontrolle as bk
from mitteilung.render.deps import sources
from mitteilung.render.renderer import Renderer
from mitteilung.render.sitzung import documents as sitzungsdokumente
from mitteilung.render.sitzung import formats_of, render_sitzung, sitzung_sources
from mitteilung.write import oparl
from mitteilung.write.folder import Output, OutputFolder

if TYPE_CHECKING:
    from mitteilung.write.oparl_graph import Graph


def checked(project: Project, k: int = 0, n: int = 1) -> Iterator[tuple[Entry, list[Problem]]]:
    """The documents to build (every ``n``-th from the ``k``-th), each with the problems the
    rules find."""
    for entry in project.entries.share(k, n):
        yield entry, check(entry, project)


def documents(
    run: Run, project: Project, n: int, helpers: parallel.Helpers, progress: Progress | None
) -> parallel.StepFn:
    """Build this process's share of the documents, helpers the rest; the progress of all."""
    total, done = len(project.documents), 0

    def step(stem: str, status: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(Step("Vorlagen", done, total, stem, status))

    if n > 1 and helpers.n == 1:  # not started by a split load: start them now
        kinds = {ref.vorlagenart for ref in project.refs if ref.path in project.selected}
        run.renderer.prepare(sorted(kinds), run.formats)  # compiled once, not in each process
        helpers.start(n, lambda k, n, step: share(run, project, k, n, step))
    n = helpers.n  # as many as could be started
    for entry, problems in checked(project, 0, n):
        step(entry.stem, run.document(entry, problems))
        helpers.poll(step)
    return step


def share(run: Run, project: Project, k: int, n: int, step: parallel.StepFn) -> parallel.Share:
    """In helper ``k``: check, render and write its share of the documents."""
    run.report, out = Report(), run.out
    if out is not None:
        out.forked()
    for entry, problems in checked(project, k, n):
        step(entry.stem, run.document(entry, problems))
    if out is None:
        return parallel.Share(run.report)
    return parallel.Share(run.report, out.changed, out.unchanged, out.failed, out.rules)


@dataclass
class Run:
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
