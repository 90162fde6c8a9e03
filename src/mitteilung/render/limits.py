"""How far one document's rendering may go: time, output size, nesting, template size.

A template is code written by a clerk: a recursive macro, a loop of 10^10 steps or
``'x' * 10**9`` must fail that one document with a message, not hang or crash the batch. The
limits are options of the command line (the defaults fit every real council document).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from typing import Any

try:
    import resource
except ImportError:  # not on Windows: there the memory is not capped
    resource = None  # type: ignore[assignment]
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType

from jinja2 import TemplateError, TemplateRuntimeError

from mitteilung import defaults
from mitteilung.errors import format_size

#: Digits a number in a template may have: Python cannot print more (sys.int_max_str_digits).
MAX_DIGITS = 4300
#: Memory a document's rendering may take beyond what the process holds, at least.
MEMORY_HEADROOM = 2_000_000_000
#: The deepest nesting the --max-depth option allows (Python's own stack must hold it).
DEPTH_CEILING = defaults.DEPTH_CEILING


@dataclass(frozen=True)
class RenderLimits:
    """The bounds of rendering one document."""

    seconds: float = defaults.RENDER_SECONDS  # for all templates of one document together
    output_bytes: int = defaults.RENDER_OUTPUT_BYTES  # of one template's text, and any value
    depth: int = defaults.RENDER_DEPTH  # macro calls and include/import/extends inside each other
    template_bytes: int = defaults.TEMPLATE_BYTES  # a template file; a Word template unpacked


DEFAULT = RenderLimits()


class TemplateFileError(TemplateError):
    """A template file that cannot be read as one (not UTF-8, not a Word file, damaged)."""

    def __init__(
        self, path: Path | str, line: int | None, message: str, part: str | None = None
    ) -> None:
        self.path, self.line, self.part = path, line, part
        super().__init__(message)


class LimitError(TemplateRuntimeError):
    """A template went beyond a limit of RenderLimits (or of Python) while rendering."""

    template: str | None = None  # the file, where no line of it can be named


class RenderTimeout(BaseException):
    """Raised by the alarm in whatever code runs when time is up.

    A BaseException, so that no ``except Exception`` in a library or filter swallows it; it
    becomes a LimitError where a template's render returns (see sandbox.BoundedTemplate).
    """


def timeout_error(seconds: float) -> LimitError:
    """The message for a document whose templates ran out of time."""
    shown = f"{seconds:g}".replace(".", ",")
    return LimitError(
        f"die Dokumentvorlage rechnet länger als {shown} s (etwa eine zu große Schleife); Schleife "
        "verkleinern oder mehr Zeit mit --max-render-time erlauben"
    )


def size_error(size: int | None, limit: int) -> LimitError:
    """The message for text that would be larger than the output limit (None: the text so
    far, counted while it is produced, just went beyond it)."""
    if size is None:
        shown = f"mehr als die erlaubten {format_size(limit)}"
    else:
        shown = f"{format_size(size)}; erlaubt sind höchstens {format_size(limit)}"
    return LimitError(f"die Dokumentvorlage ergäbe zu viel Text ({shown}, mehr mit --max-output)")


class Bounds:
    """Time and memory of one document: armed while the outermost ``with`` block runs.

    Re-entrant: a document's templates render inside its block and share its time. The alarm
    is armed only in the main thread (signals reach no other). Memory is capped through the
    address-space limit where the system has one: a single C call (joining a list of huge
    texts, say) cannot be interrupted by the alarm, but fails at once with MemoryError when
    it asks for more than the cap. Both are undone on the way out, so they never reach code
    after rendering.
    """

    def __init__(self, limits: RenderLimits) -> None:
        self.seconds = limits.seconds
        self.headroom = max(MEMORY_HEADROOM, 50 * limits.output_bytes)
        self._depth = 0
        self._previous: Any = None
        self._armed = self._paused = False
        self._memory: tuple[int, int] | None = None  # the limit to restore

    def __enter__(self) -> Bounds:
        self._depth += 1
        if self._depth == 1:
            self._memory = _cap_memory(self.headroom)
            if self.seconds > 0 and _can_alarm():
                self._previous = signal.signal(signal.SIGALRM, self._expire)
                signal.setitimer(signal.ITIMER_REAL, self.seconds)
                self._armed = True
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._depth -= 1
        if self._depth == 0:
            if self._armed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                # None: a handler installed outside Python; the default is the closest
                signal.signal(signal.SIGALRM, self._previous or signal.SIG_DFL)
                self._armed = False
            if self._memory is not None:
                resource.setrlimit(resource.RLIMIT_AS, self._memory)
                self._memory = None
        if isinstance(exc, RenderTimeout):  # out of time between two templates
            raise timeout_error(self.seconds) from None

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Stop the clock while a template is compiled: that is bounded by its size, and done
        once per process, not by the document that happens to need it first."""
        if not self._armed or self._paused:  # (a template compiled while compiling another)
            yield
            return
        remaining = signal.setitimer(signal.ITIMER_REAL, 0)[0]
        self._paused = True
        try:
            yield
        finally:
            self._paused = False
            if self._armed:
                signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))

    def _expire(self, signum: int, frame: FrameType | None) -> None:
        if self._armed:
            raise RenderTimeout


_statm: int | None = None


def _forget_statm() -> None:
    """In a forked process: /proc/self/statm opened before the fork reads the parent's size."""
    global _statm
    if _statm is not None:
        with contextlib.suppress(OSError):
            os.close(_statm)
    _statm = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_statm)


def _cap_memory(headroom: int) -> tuple[int, int] | None:
    """Limit the address space to what the process uses now plus ``headroom``.

    Returns the limit to restore, or None where there is no such limit (not Linux, or a
    hard limit already lower).
    """
    global _statm
    if resource is None:
        return None
    try:
        if _statm is None:  # kept open: one read per document, not open and close
            _statm = os.open("/proc/self/statm", os.O_RDONLY)
        used = int(os.pread(_statm, 64, 0).split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = used + headroom
        if hard != resource.RLIM_INFINITY and cap >= hard:
            return None
        if soft != resource.RLIM_INFINITY and cap >= soft:
            return None
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError):
        return None
    return soft, hard


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
