"""The command line, the last stage: receives the user's arguments, hands them to the
pipeline and authoring stages, and turns their problems into German messages and exit codes.

Each command's module imports its stage only when the command runs, so that ``--help`` and
click's parsing stay fast; ``boundary`` is the one place errors become messages.
"""

from __future__ import annotations

from pathlib import Path

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

from mitteilung import __version__
from mitteilung.cli.texts import germanize

# before any command is made: click's types take their words (e.g. "file") when constructed
germanize(
    [
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
    ]
)

from mitteilung.cli import authoring, build, new, output  # noqa: E402
from mitteilung.cli.boundary import Boundary  # noqa: E402


@click.group(
    cls=Boundary,
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


for _command in (
    build.build_cmd,
    build.check_cmd,
    authoring.schema_cmd,
    output.clean_cmd,
    output.serve_cmd,
    authoring.template_check_cmd,
    authoring.context_cmd,
    new.new_cmd,
):
    main.add_command(_command)
