"""The commands that help write data and templates: ``schema``, ``template-check``,
``context``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import click.exceptions

from mitteilung.cli.boundary import report
from mitteilung.cli.options import folder
from mitteilung.cli.project import load
from mitteilung.errors import MitteilungError, os_reason, short


@click.command("schema", options_metavar="[OPTIONEN]")
@click.option(
    "-o",
    "--output",
    callback=folder,
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
    # the stages, imported when a command runs: `--help` stays fast (test_startup.py)
    from mitteilung.authoring import schema
    from mitteilung.write.atomic import write_atomic

    target = output if output is not None else root / schema.FOLDER
    for name, data in schema.schemas().items():
        try:
            write_atomic(target / name, data)
        except OSError as exc:
            raise MitteilungError(
                f"{short(os.path.relpath(target / name))} kann nicht geschrieben werden "
                f"({os_reason(exc)}); einen Ordner mit -o angeben"
            ) from None
        click.echo(f"geschrieben: {os.path.relpath(target / name)}")


@click.command("template-check", options_metavar="[OPTIONEN]")
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
    from mitteilung.authoring import templates as inspect  # a stage: see schema_cmd

    project = load(root, ())
    result = inspect.check_template(project, inspect.template_name(project, template))
    kinds = f" (Vorlagenart: {', '.join(result.kinds)})" if result.kinds else ""
    click.echo(f"{os.path.relpath(template)}{kinds} verwendet:")
    for variable in result.variables:
        click.echo(f"  {variable}")
    if result.problems:
        click.echo(f"Nicht im Datenmodell ({len(result.problems)}):", err=True)
        report(result.problems)
        raise click.exceptions.Exit(1)
    click.echo("Alle Variablen sind im Datenmodell vorhanden.")


@click.command("context", options_metavar="[OPTIONEN]")
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
    from mitteilung.authoring import templates as inspect  # a stage: see schema_cmd

    project = load(root, (data,))
    text = inspect.context_json(project, inspect.document(project))
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except OSError as exc:
        raise MitteilungError(
            f"die Ausgabe kann nicht geschrieben werden ({os_reason(exc)})"
        ) from None
