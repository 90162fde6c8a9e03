"""The progress display of a batch on standard error."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from mitteilung.pipeline import Step


class Progress:
    """Progress of a batch: click's bar on a terminal, otherwise a plain line per percent."""

    BATCH = 20  # fewer documents are done before a display would help

    def __init__(self) -> None:
        self.enabled: bool | None = None  # known with the first step, which names the total
        self.terminal = sys.stderr.isatty()
        self.bar: Any = None
        self.phase = ""

    def __call__(self, step: Step) -> None:
        if self.enabled is None:
            self.enabled = step.total >= self.BATCH
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
