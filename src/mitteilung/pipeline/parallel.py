"""A large batch on every core: the documents shared out to forked helper processes.

Every process needs the whole loaded project (the rules look across documents), so the build
forks its helpers once loading is done. Each process then checks, renders and writes every
n-th document into the same folder: no two write the same file, and each writes atomically as
before. A helper sends each finished step and at the end its counts and problems through a
pipe, so the build reports one batch as before. Sitzungen, the Beschlusskontrolle, the index,
PDF and OParl stay with the main process (a build with PDF or OParl runs in one process).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from mitteilung import defaults
from mitteilung.errors import MitteilungError, Problem
from mitteilung.pipeline.report import Report

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from mitteilung.write.folder import OutputFolder

#: Environment variable that sets the number of processes of a build (default: one per core)
VARIABLE = "MITTEILUNG_PROZESSE"
#: A helper only pays off with at least this many documents for each process: it costs a fork
#: and its own writer. Measured (build -f docx, whole process, 9 runs a side): 52 documents
#: as fast in two processes as in one (1.00x wall, 1.10x CPU), 102 documents 0.95x wall.
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
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, documents // MIN_SHARE))


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


class Helpers:
    """The helper processes of one build: started, listened to, and stopped."""

    def __init__(self) -> None:
        self.pids: dict[Connection, int] = {}
        self.shares: list[Share] = []

    def start(self, n: int, work: Work) -> None:
        """Fork helpers 1 … n-1; each runs ``work(k, n, step)`` and exits."""
        from multiprocessing.connection import Pipe

        parent = os.getpid()
        for k in range(1, n):
            receiver, sender = Pipe(duplex=False)
            sys.stdout.flush()  # nothing buffered is printed twice
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                for conn in [receiver, *self.pids]:
                    conn.close()
                _helper(parent, k, n, work, sender)
            sender.close()
            self.pids[receiver] = pid

    def poll(self, step: StepFn, wait: bool = False) -> None:
        """Hand on the helpers' finished steps; with ``wait`` until every helper is done."""
        from multiprocessing.connection import wait as ready

        while self.pids:
            readable = ready(list(self.pids), timeout=None if wait else 0)
            if not readable:
                return
            for conn in readable:
                self._receive(cast("Connection", conn), step)

    def _receive(self, conn: Connection, step: StepFn) -> None:
        try:
            message = conn.recv()
        except EOFError:  # it died without a word: killed
            self._lost(conn)
        if message[0] == "step":
            step(*message[1:])
        elif message[0] == "done":
            self.shares.append(message[1])
            self._reap(conn)
        else:
            _, interrupted, text = message
            self._reap(conn)
            if interrupted:
                raise KeyboardInterrupt
            raise RuntimeError(f"Fehler in einem Bauprozess:\n{text}")

    def _lost(self, conn: Connection) -> NoReturn:
        pid = self.pids[conn]
        status = self._reap(conn)
        how = f"Signal {-status}" if status < 0 else f"Code {status}"
        raise MitteilungError(
            f"Ein Bauprozess (PID {pid}) wurde von außen beendet ({how}). Fertige Dateien sind "
            "vollständig; der nächste Bau ergänzt den Rest."
        )

    def _reap(self, conn: Connection) -> int:
        pid = self.pids.pop(conn)
        conn.close()
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)

    def stop(self) -> None:
        """Stop every helper still running (after an error or Ctrl+C here) and wait for it:
        like this process, it finishes the files it has begun."""
        pids = list(self.pids.values())
        for conn, pid in self.pids.items():
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)
            conn.close()  # a helper blocked on a full pipe gets an error, not a wait
        self.pids.clear()
        for pid in pids:
            with suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _helper(parent: int, k: int, n: int, work: Work, sender: Connection) -> NoReturn:
    """The life of helper k: its share of the work, then its report; never returns."""
    code = 1
    try:
        _die_with(parent)
        share = work(k, n, lambda stem, status: sender.send(("step", stem, status)))
        sender.send(("done", share))
        code = 0
    except BaseException as exc:  # told to the main process, which decides what to show
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        with suppress(BaseException):
            from mitteilung.write.atomic import remove_own_temp

            remove_own_temp()  # as the main process does after Ctrl+C
            interrupted = isinstance(exc, KeyboardInterrupt)
            sender.send(("error", interrupted, traceback.format_exc()))
    finally:
        with suppress(BaseException):
            sender.close()
        os._exit(code)  # no atexit, no pytest, no buffered output of the parent's


def _die_with(parent: int) -> None:
    """On Linux the kernel kills this helper when the build is killed: nothing writes on."""
    with suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # killed before the line above
        os._exit(1)
