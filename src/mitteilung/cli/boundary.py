"""The one place where the project's errors become German messages and exit codes."""

from __future__ import annotations

import signal
from collections.abc import Iterable
from typing import Any

import click
import click.exceptions

from mitteilung.errors import InputError, MitteilungError, Problem, TemplateProblem


class Boundary(click.Group):
    """The command group: reports input and template problems without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; its problems become German messages and exit code 1."""
        try:
            return super().invoke(ctx)
        except InputError as exc:
            report(exc.problems)
        except TemplateProblem as exc:
            report([exc.problem])
        except MitteilungError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            _interrupted()
        raise click.exceptions.Exit(1)


def report(problems: Iterable[Problem]) -> None:
    """Print problems, one a line, on standard error."""
    for problem in problems:
        click.echo(str(problem), err=True)


def _interrupted() -> None:
    """Ctrl+C: remove this run's temporary files, say so in German, exit code 130."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not stop the clean-up
    from mitteilung.write.atomic import remove_own_temp  # a stage: only when a command ran

    remove_own_temp()
    click.echo(
        "\nAbgebrochen (Strg+C). Angefangene Dateien wurden entfernt; fertige bleiben, "
        "der nächste Bau ergänzt den Rest.",
        err=True,
    )
    raise click.exceptions.Exit(130)
