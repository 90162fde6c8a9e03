"""The commands ``build`` and ``check``: a batch of Vorlagen, written or only checked."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click
import click.exceptions

from mitteilung import defaults
from mitteilung.cli.boundary import report
from mitteilung.cli.options import data_options, folder, render_limits
from mitteilung.cli.progress import Progress
from mitteilung.cli.project import load
from mitteilung.errors import MitteilungError, Problem

if TYPE_CHECKING:
    from mitteilung.model.project import Project
    from mitteilung.pipeline import Report


@click.command("build", options_metavar="[OPTIONEN]")
@click.option(
    "-o",
    "--output",
    callback=folder,
    help="Zielordner; Standard: build/ im Projektordner.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(defaults.FORMATS),
    help="Ausgabeformat, mehrfach möglich; Standard: docx und txt. "
    "html: Webseite; pdf: PDF/A (braucht LibreOffice; auf bis zu zwei Prozesse verteilt); "
    "oparl: OParl-JSON (braucht stadt.oparl_basis, baut die .docx mit).",
)
@click.option(
    "--list",
    "listed",
    metavar="DATEI",
    type=click.File(encoding="utf-8"),
    help="Datendateien aus DATEI bauen (eine je Zeile; so ruft make das Programm auf).",
)
@click.option(
    "--depfile",
    is_flag=True,
    help="Für make je Vorlage eine Abhängigkeitsdatei schreiben (nach ZIELORDNER/.deps/).",
)
@click.option(
    "--oparl-seite",
    "page_size",
    type=click.IntRange(min=1),
    default=defaults.OPARL_PAGE_SIZE,
    show_default=True,
    help="Mit -f oparl: Objekte je Seite der OParl-Listen.",
)
@data_options
@click.pass_obj
def build_cmd(
    root: Path,
    data: tuple[Path, ...],
    output: Path | None,
    formats: tuple[str, ...],
    listed: TextIO | None,
    depfile: bool,
    page_size: int,
    strict: bool,
    max_size: int,
) -> None:
    """Vorlagen bauen: jede Vorlage in DATEN (Dateien oder Ordner, Standard: data/).

    \b
    Beispiel:
      mitteilung build data/ -o build/ -f docx -f txt
    ergibt build/7939-2025-mitteilung.docx und build/7939-2025-mitteilung.txt
      mitteilung build -f pdf -f oparl
    schreibt zu jeder Vorlage die OParl-Drucksache (7939-2025-mitteilung.oparl.json) und
    den ganzen OParl-Ordner build/oparl/ (zum Veröffentlichen; Vorschau: mitteilung serve)
      mitteilung build -f docx -f pdf
    ergibt zu jeder .docx ein PDF/A (LibreOffice auf bis zu zwei Prozessen)
    """
    # the stages, imported when a command runs: `--help` stays fast (test_startup.py)
    from mitteilung.model.index import INDEX_FILE
    from mitteilung.pipeline import load_and_build
    from mitteilung.write.depfile import depfile_path

    if listed is not None:
        data = (*data, *_listed(listed))
        if not data:
            click.echo(f"{listed.name}: keine Datendateien genannt, nichts zu tun", err=True)
            return
    started = time.perf_counter()
    output = output if output is not None else root / "build"
    out = output  # a new Sitzung file (no depfile yet) brings the Vorlagen it dates
    new = (lambda path: not depfile_path(out, path).is_file()) if depfile else None
    index = output / INDEX_FILE if depfile else None  # the build index (model/index.py)
    display = Progress()
    try:
        project, summary, _ = load_and_build(
            lambda split: load(root, data, max_size, index, new, split),
            formats or defaults.DEFAULT_FORMATS,
            output,
            render_limits(),
            strict,
            display,
            depfiles=depfile,
            page_size=page_size,
        )
    finally:
        display.close()
    _finish(project, summary, strict, started, verb="gebaut")


@click.command("check", options_metavar="[OPTIONEN]")
@data_options
@click.pass_obj
def check_cmd(root: Path, data: tuple[Path, ...], strict: bool, max_size: int) -> None:
    """Daten und alle Dokumentvorlagen (auch unbenutzte) prüfen, ohne etwas zu schreiben.

    \b
    Beispiel:
      mitteilung check data/vorlagen/7939-2025-mitteilung.yaml
    """
    from mitteilung.model.formats import RENDERED  # the stages: see build_cmd
    from mitteilung.pipeline import load_and_build

    started = time.perf_counter()
    project, summary, renderer = load_and_build(
        lambda split: load(root, data, max_size, split=split),
        RENDERED,
        None,
        render_limits(),
        strict,
    )
    templates = renderer.check_templates()  # also those no document uses
    _finish(project, summary, strict, started, verb="geprüft", extra=templates)


def _listed(listed: TextIO) -> list[Path]:
    """The data files a --list file names, each of which must exist."""
    try:
        paths = [Path(line.strip()) for line in listed if line.strip()]
    except UnicodeDecodeError as exc:
        raise MitteilungError(
            f"--list {listed.name}: keine UTF-8-Textdatei (Byte {exc.object[exc.start]:#04x}); "
            "die Datei als UTF-8 speichern"
        ) from None
    for path in paths:
        if not path.exists():
            raise click.BadParameter(
                f"{path} (genannt in {listed.name}) gibt es nicht", param_hint="--list"
            )
    return paths


def _finish(
    project: Project,
    summary: Report,
    strict: bool,
    started: float,
    verb: str,
    extra: Sequence[Problem] = (),
) -> None:
    """Report every problem, the summary and the failed files (``extra``: of templates)."""
    problems = sorted({*summary.problems, *extra}, key=lambda p: (p.file, p.line or 0))
    report(problems)
    documents = {os.path.relpath(p) for p in [*project.broken, *summary.failed]}
    templates = {p.file for p in extra} - documents
    for error in summary.errors:
        click.echo(f"Fehler: {error}", err=True)
    sitzungen = f" und {summary.sitzungen} Sitzung(en)" if summary.sitzungen else ""
    line = f"{summary.built} Vorlage(n){sitzungen} {verb}, "
    if summary.unchanged:
        line += f"{summary.unchanged} übersprungen (unverändert), "
    line += f"{len(documents)} fehlgeschlagen"
    if templates:
        line += f", {len(templates)} fehlerhafte Datei(en) in templates/"
    click.echo(f"{line} ({time.perf_counter() - started:.2f} s)", err=True)
    for name in sorted(documents | templates):
        click.echo(f"  fehlgeschlagen: {name}", err=True)
    if documents or templates or summary.errors or (strict and problems):
        raise click.exceptions.Exit(1)
