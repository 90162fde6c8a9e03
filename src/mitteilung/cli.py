"""The command line: translates options into calls and errors into German messages."""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

from mitteilung import __version__, cli_texts
from mitteilung.authoring import new as scaffold
from mitteilung.authoring import schema
from mitteilung.authoring import templates as inspect
from mitteilung.errors import InputError, MitteilungError, Problem, os_reason, parse_size, short
from mitteilung.load.loader import load_project
from mitteilung.load.reader import Limits
from mitteilung.model.index import INDEX_FILE
from mitteilung.model.project import Project
from mitteilung.pipeline import (
    CHOICES,
    DEFAULT_FORMATS,
    RENDERED,
    Report,
    Step,
    build,
)
from mitteilung.render.limits import DEFAULT as DEFAULT_LIMITS
from mitteilung.render.limits import DEPTH_CEILING, RenderLimits
from mitteilung.render.problems import TemplateProblem
from mitteilung.render.renderer import Renderer
from mitteilung.write.atomic import remove_own_temp, write_atomic
from mitteilung.write.clean import clean
from mitteilung.write.oparl_endpoint import FOLDER as OPARL_FOLDER
from mitteilung.write.oparl_endpoint import PAGE_SIZE
from mitteilung.write.serve import server


def _given(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """A folder: an empty value would silently mean the working folder."""
    if value is not None and not value.strip():
        name = param.opts[0] if param.opts[0].startswith("-") else "ZIELORDNER"
        raise MitteilungError(f"{name}: leerer Pfad; einen Ordner angeben, z. B. build")
    return None if value is None else Path(value)


def _folder(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """A folder to write into: given, and not a file."""
    path = _given(ctx, param, value)
    # os.path, not Path: an over-long name is an error for Path.exists, and reported later
    if path is not None and os.path.exists(path) and not os.path.isdir(path):
        raise MitteilungError(f"{param.opts[0]} {short(str(path))}: ist eine Datei, kein Ordner")
    return path


def _size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


# click prints through gettext without a catalogue of its own: give it German.
for _module in (
    click.core,
    click.decorators,
    click.exceptions,
    click.formatting,
    click.parser,
    click.termui,
    click.types,
):
    if hasattr(_module, "_"):
        _module._ = cli_texts.gettext  # type: ignore[attr-defined]
    if hasattr(_module, "ngettext"):
        _module.ngettext = cli_texts.ngettext  # type: ignore[attr-defined]

DATA_ARG = click.argument(
    "data", nargs=-1, metavar="[DATEN]...", type=click.Path(exists=True, path_type=Path)
)
T = TypeVar("T")
STRICT = click.option("--strict", is_flag=True, help="Warnungen wie Fehler behandeln.")
MAX_SIZE = click.option(
    "--max-size",
    metavar="GRÖSSE",
    callback=_size,
    default="5MB",
    show_default=True,
    help="Größte erlaubte Datendatei, z. B. 10MB oder 500kB.",
)


def _limit(key: str, convert: Callable[[Any], Any]) -> Callable[..., None]:
    """A callback collecting one render limit into the command's RenderLimits."""

    def store(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        limits = ctx.meta.get("render_limits", DEFAULT_LIMITS)
        ctx.meta["render_limits"] = dataclasses.replace(limits, **{key: convert(value)})

    return store


def render_limits(function: Callable[..., T]) -> Callable[..., T]:
    """The options bounding the rendering of one document (see render/limits.py)."""
    options = [
        click.option(
            "--max-render-time",
            metavar="SEKUNDEN",
            type=click.FloatRange(min=0.1),
            default=DEFAULT_LIMITS.seconds,
            show_default=True,
            expose_value=False,
            callback=_limit("seconds", float),
            help="Längste Rechenzeit der Dokumentvorlagen je Vorlage.",
        ),
        click.option(
            "--max-output",
            metavar="GRÖSSE",
            default="20MB",
            show_default=True,
            expose_value=False,
            callback=lambda c, p, v: _limit("output_bytes", int)(c, p, _size(c, p, v)),
            help="Größter Text, den eine Dokumentvorlage ergeben darf.",
        ),
        click.option(
            "--max-depth",
            metavar="EBENEN",
            type=click.IntRange(1, DEPTH_CEILING),
            default=DEFAULT_LIMITS.depth,
            show_default=True,
            expose_value=False,
            callback=_limit("depth", int),
            help="Tiefste Verschachtelung von Makros und eingebundenen Vorlagen.",
        ),
        click.option(
            "--max-template-size",
            metavar="GRÖSSE",
            default="50MB",
            show_default=True,
            expose_value=False,
            callback=lambda c, p, v: _limit("template_bytes", int)(c, p, _size(c, p, v)),
            help="Größte Datei einer Dokumentvorlage (Word-Vorlagen entpackt).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _render_limits() -> RenderLimits:
    limits: RenderLimits = click.get_current_context().meta.get("render_limits", DEFAULT_LIMITS)
    return limits


class _Boundary(click.Group):
    """The one place where the project's errors become German messages and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report input and template problems without a traceback."""
        try:
            return super().invoke(ctx)
        except InputError as exc:
            _report(exc.problems)
        except TemplateProblem as exc:
            _report([exc.problem])
        except MitteilungError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            _interrupted()
        raise click.exceptions.Exit(1)


def _interrupted() -> None:
    """Ctrl+C: remove this run's temporary files, say so in German, exit code 130."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not stop the clean-up
    remove_own_temp()
    click.echo(
        "\nAbgebrochen (Strg+C). Angefangene Dateien wurden entfernt; fertige bleiben, "
        "der nächste Bau ergänzt den Rest.",
        err=True,
    )
    raise click.exceptions.Exit(130)


@click.group(
    cls=_Boundary,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPTIONEN]",
    subcommand_metavar="BEFEHL [ARGUMENTE]...",
)
@click.version_option(__version__, "--version", message="mitteilung %(version)s")
@click.option(
    "-C",
    "root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=".",
    help="Projektordner (mit data/ und templates/); Standard: hier.",
)
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Sitzungsvorlagen (Mitteilungen, Beschlussvorlagen) aus Daten erzeugen.

    \b
    Beispiel:
      mitteilung build            # alle Vorlagen aus data/ nach build/
      mitteilung check data/      # nur prüfen, nichts schreiben
      mitteilung new --kind beschlussvorlage   # neue Vorlage anlegen
    """
    ctx.obj = root


@main.command("build", options_metavar="[OPTIONEN]")
@DATA_ARG
@click.option(
    "-o",
    "--output",
    callback=_folder,
    help="Zielordner; Standard: build/ im Projektordner.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(CHOICES),
    help="Ausgabeformat, mehrfach möglich; Standard: docx und txt. "
    "html: Webseite; pdf: PDF/A (braucht LibreOffice; alle in einem Lauf); "
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
    default=PAGE_SIZE,
    show_default=True,
    help="Mit -f oparl: Objekte je Seite der OParl-Listen.",
)
@STRICT
@MAX_SIZE
@render_limits
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
    ergibt zu jeder .docx ein PDF/A (alle mit einem Aufruf von LibreOffice)
    """
    if listed is not None:
        data = (*data, *_listed(listed))
        if not data:
            click.echo(f"{listed.name}: keine Datendateien genannt, nichts zu tun", err=True)
            return
    started = time.perf_counter()
    output = output if output is not None else root / "build"
    project = _load(root, data, max_size, output / INDEX_FILE if depfile else None)
    display = _Progress(len(project.documents))
    try:
        summary = build(
            project,
            formats or DEFAULT_FORMATS,
            output,
            strict,
            display,
            depfiles=depfile,
            renderer=Renderer(project, _render_limits()),
            page_size=page_size,
        )
    finally:
        display.close()
    _finish(project, summary, strict, started, verb="gebaut")


@main.command("check", options_metavar="[OPTIONEN]")
@DATA_ARG
@STRICT
@MAX_SIZE
@render_limits
@click.pass_obj
def check_cmd(root: Path, data: tuple[Path, ...], strict: bool, max_size: int) -> None:
    """Daten und alle Dokumentvorlagen (auch unbenutzte) prüfen, ohne etwas zu schreiben.

    \b
    Beispiel:
      mitteilung check data/vorlagen/7939-2025-mitteilung.yaml
    """
    started = time.perf_counter()
    project = _load(root, data, max_size)
    renderer = Renderer(project, _render_limits())
    summary = build(project, RENDERED, None, strict=strict, renderer=renderer)
    templates = renderer.check_templates()  # also those no document uses
    _finish(project, summary, strict, started, verb="geprüft", extra=templates)


def _listed(listed: TextIO) -> list[Path]:
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


def _load(
    root: Path, data: tuple[Path, ...], max_size: int = Limits.max_bytes, index: Path | None = None
) -> Project:
    return load_project(root, data or (root / "data",), Limits(max_bytes=max_size), index)


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


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
    _report(problems)
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


class _Progress:
    """Progress of a batch: click's bar on a terminal, otherwise a plain line per percent."""

    BATCH = 20  # fewer documents are done before a display would help

    def __init__(self, documents: int) -> None:
        self.enabled = documents >= self.BATCH
        self.terminal = sys.stderr.isatty()
        self.bar: Any = None
        self.phase = ""

    def __call__(self, step: Step) -> None:
        if not self.enabled:
            return
        if not self.terminal:
            if step.done * 100 // step.total > (step.done - 1) * 100 // step.total:
                click.echo(
                    f"{step.phase}: {step.done}/{step.total} ({step.name} {step.status})",
                    err=True,
                )
            return
        if step.phase != self.phase:
            self.close()
            self.phase = step.phase
            self.bar = click.progressbar(
                length=step.total, label=step.phase, file=sys.stderr, show_pos=True
            )
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        """End the bar on the screen (a new line), if there is one."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command("schema", options_metavar="[OPTIONEN]")
@click.option(
    "-o",
    "--output",
    callback=_folder,
    default=None,
    help="Zielordner; Standard: schema/ im Projektordner.",
)
@click.pass_obj
def schema_cmd(root: Path, output: Path | None) -> None:
    """JSON-Schemata der Datendateien schreiben, damit Editoren Schlüssel ergänzen und prüfen.

    Je Art von Datei ein Schema (stadt, vorlage, kooperation, foerderprogramm). Jede Datei
    in data/ nennt ihres in der ersten Zeile, z. B.:

    \b
      # yaml-language-server: $schema=../../schema/vorlage.schema.json

    \b
    Beispiel:
      mitteilung schema            # schreibt schema/vorlage.schema.json usw.
    """
    folder = output if output is not None else root / schema.FOLDER
    for name, data in schema.schemas().items():
        try:
            write_atomic(folder / name, data)
        except OSError as exc:
            raise MitteilungError(
                f"{short(os.path.relpath(folder / name))} kann nicht geschrieben werden "
                f"({os_reason(exc)}); einen Ordner mit -o angeben"
            ) from None
        click.echo(f"geschrieben: {os.path.relpath(folder / name)}")


@main.command("clean", options_metavar="[OPTIONEN]")
@click.argument("folder", metavar="[ZIELORDNER]", required=False, callback=_given)
@click.pass_obj
def clean_cmd(root: Path, folder: Path | None) -> None:
    """Einen Zielordner leeren: nur die Dateien, die mitteilung dort geschrieben hat.

    Gelöscht werden nur die Ausgabedateien, die in den Abhängigkeitsdateien
    (ZIELORDNER/.deps/, von --depfile und make) stehen, diese selbst und die Markierung
    .mitteilung-ausgabe. Ein Ordner ohne diese Markierung, der Projektordner, data/,
    templates/ und der persönliche Ordner (und alles, was sie enthält) werden nie angefasst.
    Andere Dateien bleiben, mit ihnen der Ordner.

    \b
    Beispiel:
      mitteilung clean build      # so ruft make clean das Programm auf
    """
    folder = folder if folder is not None else root / "build"
    name = str(folder)
    result = clean(folder, root, name)
    if result.missing:
        click.echo(f"{name}: gibt es nicht, nichts zu löschen")
        return
    click.echo(f"{name}: {result.deleted} Datei(en) gelöscht")
    if result.kept:
        first = os.path.relpath(result.kept[0], folder)
        click.echo(
            f"{name} bleibt: {len(result.kept)} Datei(en) darin hat nicht mitteilung "
            f"geschrieben (z. B. {first})"
        )


@main.command("serve", options_metavar="[OPTIONEN]")
@click.argument(
    "folder",
    metavar="[ORDNER]",
    required=False,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port auf 127.0.0.1; 0: irgendein freier.",
)
@click.pass_obj
def serve_cmd(root: Path, folder: Path | None, port: int) -> None:
    """Den OParl-Ordner auf diesem Rechner zeigen (Vorschau), bis Strg+C.

    Nur unter 127.0.0.1 erreichbar. Die Kennungen in den Dateien bleiben die von
    stadt.oparl_basis; der Einstieg ist die Datei system im ORDNER (Standard: build/oparl).

    \b
    Beispiel:
      mitteilung build -f pdf -f oparl && mitteilung serve
      dann im Browser: http://127.0.0.1:8000/system
    """
    folder = folder if folder is not None else root / "build" / OPARL_FOLDER
    if not (folder / "system").is_file():
        raise click.ClickException(
            f"{folder}: kein OParl-Ordner (die Datei system fehlt); zuerst "
            "mitteilung build -f oparl ausführen"
        )
    try:
        httpd = server(folder, port)
    except OSError as exc:
        message = f"Port {port} ist nicht frei ({exc.strerror}); einen anderen mit --port wählen"
        raise click.ClickException(message) from None
    host, real_port = httpd.server_address[:2]
    click.echo(f"OParl-Ordner {folder} unter http://{host!s}:{real_port}/system (Ende: Strg+C)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        click.echo("beendet")
    finally:
        httpd.server_close()


@main.command("template-check", options_metavar="[OPTIONEN]")
@click.argument(
    "template", metavar="VORLAGE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.pass_obj
def template_check_cmd(root: Path, template: Path) -> None:
    """Variablen einer Word- oder Textvorlage auflisten und prüfen, ob die Daten sie liefern.

    Rückgabewert 1, wenn eine Variable im Datenmodell fehlt oder die Dokumentvorlage einen
    Syntaxfehler hat (dann wird nur dieser gemeldet).

    \b
    Beispiel:
      mitteilung template-check templates/mitteilung.docx
    """
    project = _load(root, ())
    report = inspect.check_template(project, inspect.template_name(project, template))
    kinds = f" (Vorlagenart: {', '.join(report.kinds)})" if report.kinds else ""
    click.echo(f"{os.path.relpath(template)}{kinds} verwendet:")
    for variable in report.variables:
        click.echo(f"  {variable}")
    if report.problems:
        click.echo(f"Nicht im Datenmodell ({len(report.problems)}):", err=True)
        _report(report.problems)
        raise click.exceptions.Exit(1)
    click.echo("Alle Variablen sind im Datenmodell vorhanden.")


@main.command("context", options_metavar="[OPTIONEN]")
@click.argument(
    "data", metavar="DATEI", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.pass_obj
def context_cmd(root: Path, data: Path) -> None:
    """Den Kontext, den die Dokumentvorlagen für eine Vorlage erhalten, als JSON ausgeben.

    \b
    Beispiel:
      mitteilung context data/vorlagen/7939-2025-mitteilung.yaml
    """
    project = _load(root, (data,))
    text = inspect.context_json(project, inspect.document(project))
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except OSError as exc:
        raise MitteilungError(
            f"die Ausgabe kann nicht geschrieben werden ({os_reason(exc)})"
        ) from None


@main.command("new", options_metavar="[OPTIONEN]")
@click.option(
    "--kind", "key", metavar="ART", help="Vorlagenart aus data/stadt.yaml, z. B. beschlussvorlage."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Zieldatei; Standard: data/vorlagen/<nummer>-<vorlagenart>.yaml.",
)
@click.pass_obj
def new_cmd(root: Path, key: str | None, output: Path | None) -> None:
    """Eine neue Vorlage anlegen: fragt die Kopfdaten ab, schreibt eine kommentierte Datei.

    Eine vorhandene Datei wird nie überschrieben.

    \b
    Beispiel:
      mitteilung new --kind beschlussvorlage
    """
    project = _load(root, ())
    kinds = ", ".join(project.stadt.vorlagenarten)
    if key is None:
        key = click.prompt(f"Vorlagenart ({kinds})", value_proc=_checked(lambda v: v.strip()))
    art = _checked(lambda k: scaffold.kind(project, k), exit_on_error=True)(key)
    if output is not None and output.exists():
        raise InputError([Problem(os.path.relpath(output), None, None, "Datei gibt es schon")])
    answers = scaffold.interview(project, art, _ask)
    path = output if output is not None else scaffold.target(project, key, answers.nummer)
    content = scaffold.render(project, key, answers, path)
    scaffold.check_file(path, content)
    scaffold.write_new(path, content)
    name = os.path.relpath(path)
    click.echo(f"geschrieben: {name}\nweiter: Platzhalter ersetzen, dann mitteilung build {name}")


def _ask(label: str, check: Callable[[str], T], default: str | None) -> T:
    """One question on the terminal; a wrong answer is explained and asked again."""
    answer: T = click.prompt(label, default=default, value_proc=_checked(check))
    return answer


def _checked(check: Callable[[str], T], exit_on_error: bool = False) -> Callable[[str], T]:
    """A check raising ValueError as click expects it: ask again, or stop with exit code 1."""

    def run(value: str) -> T:
        try:
            return check(value)
        except ValueError as exc:
            if exit_on_error:
                click.echo(f"Fehler: {exc}", err=True)
                raise click.exceptions.Exit(1) from None
            raise click.UsageError(str(exc)) from None

    return run
