"""The command ``new``: a new Vorlage from a short interview on the terminal."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click
import click.exceptions

from mitteilung.cli.project import load
from mitteilung.errors import InputError, Problem

T = TypeVar("T")


@click.command("new", options_metavar="[OPTIONEN]")
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
    # a stage, imported when the command runs: `--help` stays fast (test_startup.py)
    from mitteilung.authoring import new as scaffold

    project = load(root, ())
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
