"""How far one document's rendering may go: time, output size, nesting, template size.

A template is code written by a clerk: a recursive macro, a loop of 10^10 steps or
``'x' * 10**9`` must fail that one document with a message, not hang or crash the batch. The
limits are options of the command line (the defaults fit every real council document).
"""

from __future__ import annotations

import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType

from jinja2 import TemplateError, TemplateRuntimeError

from mitteilung.errors import format_size

#: Digits a number in a template may have: Python cannot print more (sys.int_max_str_digits).
MAX_DIGITS = 4300
#: The deepest nesting the --max-depth option allows (Python's own stack must hold it).
DEPTH_CEILING = 100


@dataclass(frozen=True)
class RenderLimits:
    """The bounds of rendering one document."""

    seconds: float = 10.0  # for all templates of one document together
    output_bytes: int = 20_000_000  # of one template's text, and of any one value in it
    depth: int = 40  # macro calls and include/import/extends inside each other
    template_bytes: int = 50_000_000  # a template file; a Word template unpacked


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


class RenderTimeout(BaseException):
    """Raised by the alarm in whatever code runs when time is up.

    A BaseException, so that no ``except Exception`` in a library or filter swallows it; it
    becomes a LimitError where a template's render returns (see sandbox.BoundedTemplate).
    """


def timeout_error(seconds: float) -> LimitError:
    """The message for a document whose templates ran out of time."""
    shown = f"{seconds:g}".replace(".", ",")
    return LimitError(
        f"die Vorlage rechnet länger als {shown} s (etwa eine zu große Schleife); Schleife "
        "verkleinern oder mehr Zeit mit --max-render-time erlauben"
    )


def size_error(size: int, limit: int) -> LimitError:
    """The message for text that would be larger than the output limit."""
    return LimitError(
        f"die Vorlage ergäbe zu viel Text ({format_size(size)}; erlaubt sind höchstens "
        f"{format_size(limit)}, mehr mit --max-output)"
    )


class Clock:
    """The time limit of one document: an alarm while the outermost ``with`` block runs.

    Re-entrant: a document's templates render inside its block and share its time. The alarm
    is armed only in the main thread (signals reach no other); it is disarmed and the previous
    handler restored on the way out, so it never fires in code after rendering.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._depth = 0
        self._previous: object = None
        self._armed = False

    def __enter__(self) -> Clock:
        self._depth += 1
        if self._depth == 1 and self.seconds > 0 and _can_alarm():
            self._previous = signal.signal(signal.SIGALRM, self._expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self._armed = True
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._depth -= 1
        if self._depth == 0 and self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]
            self._armed = False
        if isinstance(exc, RenderTimeout):  # out of time between two templates
            raise timeout_error(self.seconds) from None

    def _expire(self, signum: int, frame: FrameType | None) -> None:
        if self._armed:
            raise RenderTimeout


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
