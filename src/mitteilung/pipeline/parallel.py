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
from typing import TYPE_CHECKING, Any, NoReturn, cast

from mitteilung.errors import MitteilungError
from mitteilung.pipeline.processes import MIN_SHARE as MIN_SHARE
from mitteilung.pipeline.processes import VARIABLE as VARIABLE
from mitteilung.pipeline.processes import Share as Share
from mitteilung.pipeline.processes import StepFn as StepFn
from mitteilung.pipeline.processes import Work
from mitteilung.pipeline.processes import count as count
from mitteilung.pipeline.processes import merge as merge

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from mitteilung.load.shares import Part


class Helpers:
    """The helper processes of one build: started (before or after loading), listened to,
    stopped. In a helper, `k` is its number and `parent` its pipe to the main process."""

    def __init__(self, formats: Sequence[str] = ()) -> None:
        self.formats = formats
        self.pids: dict[Connection, int] = {}
        self.shares: list[Share] = []
        self.k, self.n = 0, 1
        self.parent: Connection | None = None

    def begin(self, documents: int) -> tuple[int, int]:
        """For a split load (load/shares.py): fork as many as pay off; (k, n)."""
        return self.fork(count(documents, self.formats)), self.n

    def fork(self, n: int) -> int:
        """Fork helpers 1 … n-1; return this process's number (0: the main process). Where a
        fork fails (a process limit) or a thread runs, the build stays in one process."""
        from multiprocessing.connection import Pipe

        self.n, main = n, os.getpid()
        for k in range(1, n):
            if threading.active_count() > 1:  # a fork copies no other thread
                return self._alone()
            here, there = Pipe()
            sys.stdout.flush()  # nothing buffered is printed twice
            sys.stderr.flush()
            # Ctrl+C waits until each side knows which it is (else a helper could run on as
            # the main process, or the interrupt be lost in an at-fork hook)
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                pid = os.fork()
            except OSError:
                here.close()
                there.close()
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
                return self._alone()
            if pid == 0:
                for conn in [here, *self.pids]:
                    conn.close()
                self.pids, self.k, self.parent = {}, k, there
                _die_with(main)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
                return k
            there.close()
            self.pids[here] = pid
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        return 0

    def _alone(self) -> int:
        """Give up the helpers started so far: the build runs in this process alone."""
        self.stop()
        self.n = 1
        return 0

    def start(self, n: int, work: Work) -> None:
        """Fork helpers after loading; each runs ``work(k, n, step)`` and exits."""
        if k := self.fork(n):
            self.serve(lambda step: work(k, n, step))

    def exchange(self, part: Part) -> list[Part]:
        """Hand this process's part of a split load to all others; the parts of the others."""
        if self.parent is not None:
            self.parent.send(("part", part))
            parts: list[Part] = self.parent.recv()
            return parts
        parts = [self._expect_part(conn) for conn in list(self.pids)]
        for i, conn in enumerate(self.pids):
            conn.send([part, *parts[:i], *parts[i + 1 :]])
        return parts

    def serve(self, work: Callable[[StepFn], Share]) -> NoReturn:
        """In a helper: its work, each step and the result sent to the main process; exit."""
        assert self.parent is not None
        parent, code = self.parent, 1
        try:
            share = work(lambda stem, status: parent.send(("step", stem, status)))
            parent.send(("done", share))
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: nothing may come between
            code = 0
        except BaseException as exc:  # told to the main process, which decides what to show
            self._tell(exc)
        finally:
            os._exit(code)  # no atexit, no pytest, no buffered output of the parent's

    def abort(self, exc: BaseException) -> None:
        """After ``exc``: a helper tells the main process and exits; the main process stops
        its helpers (and goes on raising)."""
        if self.parent is not None:
            self._tell(exc)
            os._exit(1)
        self.stop()

    def _tell(self, exc: BaseException) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        with suppress(BaseException):
            from mitteilung.write.atomic import remove_own_temp

            remove_own_temp()  # as the main process does after Ctrl+C
            said = str(exc) if isinstance(exc, MitteilungError) else None
            interrupted = isinstance(exc, KeyboardInterrupt)
            assert self.parent is not None
            self.parent.send(("error", interrupted, said, traceback.format_exc()))
        with suppress(BaseException):
            self.parent.close()  # type: ignore[union-attr]

    def poll(self, step: StepFn, wait: bool = False) -> None:
        """Hand on the helpers' finished steps; with ``wait`` until every helper is done."""
        from multiprocessing.connection import wait as ready

        while self.pids:
            readable = ready(list(self.pids), timeout=None if wait else 0)
            if not readable:
                return
            for conn in readable:
                self._receive(cast("Connection", conn), step)

    def _expect_part(self, conn: Connection) -> Part:
        message = self._message(conn)
        if message[0] != "part":
            raise RuntimeError(f"Bauprozess: Teil des Ladens erwartet, nicht {message[0]!r}")
        part: Part = message[1]
        return part

    def _receive(self, conn: Connection, step: StepFn) -> None:
        message = self._message(conn)
        if message[0] == "step":
            step(*message[1:])
        elif message[0] == "done":
            self.shares.append(message[1])
            self._reap(conn)
        else:
            raise RuntimeError(f"Bauprozess: unerwartete Nachricht {message[0]!r}")

    def _message(self, conn: Connection) -> tuple[Any, ...]:
        """The next message of a helper; its error raised here."""
        try:
            message: tuple[Any, ...] = conn.recv()
        except (EOFError, OSError):  # it died without a word or in the middle of one: killed
            self._lost(conn)
        if message[0] == "error":
            _, interrupted, said, text = message
            self._reap(conn)
            if interrupted:
                raise KeyboardInterrupt
            if said is not None:
                raise MitteilungError(said)
            raise RuntimeError(f"Fehler in einem Bauprozess:\n{text}")
        return message

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


def _die_with(parent: int) -> None:
    """On Linux the kernel kills this helper when the build is killed: nothing writes on."""
    with suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # killed before the line above
        os._exit(1)
