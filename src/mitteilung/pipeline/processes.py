"""How many processes a build uses, and what a helper process hands back (see parallel.py)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mitteilung import defaults
from mitteilung.errors import MitteilungError, Problem
from mitteilung.pipeline.report import Report

if TYPE_CHECKING:
    from mitteilung.write.depfile import Rule
    from mitteilung.write.folder import OutputFolder

#: Environment variable that sets the number of processes of a build (default: one per core)
VARIABLE = "MITTEILUNG_PROZESSE"
#: A helper only pays off with at least this many documents for each process: it costs a
#: fork and the hand-back of its report. Measured (build -f docx, whole process, 9 runs a
#: side): 52 documents as fast in two processes as in one (1.00x wall, 1.10x CPU), 102
#: documents 0.95x wall.
MIN_SHARE = 50

#: What a helper reports of one finished document: its stem and status
StepFn = Callable[[str, str], None]


@dataclass
class Share:
    """What one helper did: its report and its output folder's counts."""

    report: Report = field(default_factory=Report)
    changed: int = 0
    unchanged: int = 0
    failed: list[tuple[Path, Problem]] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)  # of the depfiles it wrote


#: The work of helper k (of n), handing on each step; returns what it did
Work = Callable[[int, int, StepFn], Share]


def asked() -> int | None:
    """The number of processes asked for in the environment (None: choose)."""
    try:
        return defaults.processes(VARIABLE, "Prozessen")
    except ValueError as exc:
        raise MitteilungError(str(exc)) from None


def count(documents: int, formats: Sequence[str]) -> int:
    """How many processes build ``documents``: as asked, else one per core with at least
    `MIN_SHARE` documents each; one where forking is not safe or PDF/OParl are made."""
    wanted = asked()
    if not hasattr(os, "fork") or "pdf" in formats or "oparl" in formats:
        return 1
    if threading.active_count() > 1:  # a fork copies no other thread: never fork a server
        return 1
    if wanted is not None:
        return max(1, min(wanted, documents))
    return max(1, min(cores(), documents // MIN_SHARE))


def cores() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def merge(shares: list[Share], report: Report, out: OutputFolder | None) -> None:
    """Add what the helpers did to this process's report and output folder."""
    for share in shares:
        report.found |= share.report.found
        report.failed += share.report.failed
        report.built += share.report.built
        if out is not None:
            out.changed += share.changed
            out.unchanged += share.unchanged
            out.failed += share.failed
            out.rules.update(share.rules)
