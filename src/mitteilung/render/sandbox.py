"""Jinja's immutable sandbox, bounded: templates read the data, and cannot run away.

Jinja's ImmutableSandboxedEnvironment already keeps templates away from Python internals and
from changing lists and dicts (``vorlage.update(...)``). This adds the limits of RenderLimits
(the first three checked before they run, in checked.py):

- operators that can build huge values in one step (``**``, ``*``, ``+``, ``%``, ``~``) are
  checked before they run: ``9**(9**9)`` or ``'x' * 10**9`` would take minutes or gigabytes in
  one C call that no alarm can interrupt. Intercepted operators are never folded at compile time;
- calls with a huge count (``'x'.ljust(10**9)``, ``'{:>999999999}'.format(1)``) likewise;
- macro calls and includes nested deeper than ``depth`` (a macro or Baustein calling itself);
- the text one template yields, counted as it is produced;
- the time and memory of one document (limits.Bounds), and Python's own RecursionError,
  MemoryError and OverflowError, which become a LimitError at the template line causing them.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import MutableMapping
from types import TracebackType
from typing import Any

from jinja2 import Template, TemplateSyntaxError

from mitteilung.render.checked import CheckedSandbox
from mitteilung.render.limits import (
    DEFAULT,
    MAX_DIGITS,
    Bounds,
    LimitError,
    RenderLimits,
    RenderTimeout,
    size_error,
    timeout_error,
)
from mitteilung.render.sizes import deepest_line, long_number_line

_BATCH = 64  # chunks of text counted at a time
_PYTHON_LIMITS = (RecursionError, MemoryError, OverflowError)


def _python_limit(exc: BaseException) -> str:
    """The German message for a limit of Python itself that a template reached."""
    if isinstance(exc, RecursionError):
        return (
            "die Dokumentvorlage ruft sich zu oft selbst auf (Makro oder include); "
            "Abbruchbedingung prüfen"
        )
    if isinstance(exc, MemoryError):
        return "die Dokumentvorlage braucht mehr Speicher als vorhanden"
    return "eine Zahl ist zu groß für die Rechnung"


class LimitSyntaxError(TemplateSyntaxError):
    """A template too deeply nested, or with too long a number, to be compiled."""


class BoundedTemplate(Template):
    """A template whose render counts its text and reports limits at the template line."""

    environment: BoundedEnvironment

    def render(self, *args: Any, **kwargs: Any) -> str:
        """The rendered text; LimitError (at the template line) when a limit is reached."""
        limit = self.environment.limits.output_bytes
        gen = self.root_render_func(self.new_context(dict(*args, **kwargs)))
        parts: list[str] = []
        size = 0
        try:
            # counted in batches: per chunk in Python, this loop would cost a fifth of the time
            while batch := list(itertools.islice(gen, _BATCH)):
                parts += batch
                size += sum(map(len, batch))
                if size > limit:
                    error = size_error(None, limit)
                    error.template = self.filename
                    # raised inside the template, where its traceback names the line
                    gen.throw(error)  # type: ignore[attr-defined]
        except RenderTimeout:
            self._reraise(timeout_error(self.environment.limits.seconds), sys.exc_info()[2])
        except _PYTHON_LIMITS as exc:
            if not _in_template(exc.__traceback__):
                raise  # a bug of ours (a filter, say): keeps its traceback
            self._reraise(LimitError(_python_limit(exc)), exc.__traceback__)
        except Exception:
            self.environment.handle_exception()
        return "".join(parts)

    def _reraise(self, error: LimitError, tb: Any) -> None:
        """Raise ``error`` with the traceback of what it replaces, rewritten to template lines."""
        try:
            raise error.with_traceback(tb)
        except LimitError:
            self.environment.handle_exception()


class BoundedEnvironment(CheckedSandbox):
    """The sandbox with the limits of one project's build."""

    template_class = BoundedTemplate

    def __init__(self, limits: RenderLimits = DEFAULT, **options: Any) -> None:
        super().__init__(**options)
        self.limits = limits
        self.bounds = Bounds(limits)

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        # every include, import and extends passes here (Jinja has no public hook for it)
        self._check_depth()
        return super()._load_template(name, globals)

    def compile(
        self, source: Any, name: Any = None, filename: Any = None, *a: Any, **k: Any
    ) -> Any:
        """Compile; a template too deeply nested or with a too long number is a syntax error."""
        try:
            with self.bounds.paused():
                return super().compile(source, name, filename, *a, **k)
        except (RecursionError, MemoryError, ValueError, OverflowError):
            text = source if isinstance(source, str) else ""
            line = long_number_line(text)
            if line is not None:
                message = f"Syntaxfehler: eine Zahl hat mehr als {MAX_DIGITS} Stellen"
            else:
                message = "Syntaxfehler: Klammern oder Befehle sind zu tief verschachtelt"
            raise LimitSyntaxError(message, line or deepest_line(text), name, filename) from None


def _in_template(tb: TracebackType | None) -> bool:
    """Whether an error arose in template code or in Jinja running it, not in our filters."""
    last = None
    while tb is not None:
        last, tb = tb, tb.tb_next
    if last is None:
        return False
    frame = last.tb_frame
    name = frame.f_code.co_filename.replace("\\", "/")
    return "__jinja_template__" in frame.f_globals or any(
        part in name for part in ("/jinja2/", "/markupsafe/", "/mitteilung/render/")
    )
