"""Jinja's immutable sandbox, bounded: templates read the data, and cannot run away.

Jinja's ImmutableSandboxedEnvironment already keeps templates away from Python internals and
from changing lists and dicts (``vorlage.update(...)``). This adds the limits of RenderLimits:

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

import functools
import itertools
import math
import sys
from collections.abc import Callable, MutableMapping, Sequence
from types import TracebackType
from typing import Any

from jinja2 import Environment, Template, TemplateSyntaxError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

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
from mitteilung.render.sizes import (
    deepest_line,
    format_numbers,
    is_int,
    joined_length,
    long_number_line,
    repeated_length,
)

_BITS = int(MAX_DIGITS * math.log2(10))
_TOO_BIG = f"die Zahl wäre zu groß (mehr als {MAX_DIGITS} Stellen)"
# what Jinja passes its filters besides the values: never a count
_INTERNAL = (Context, EvalContext, Environment)
# text methods and filters whose numbers say how long the text becomes
_WIDTHS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})
_WIDTH_FILTERS = frozenset({"do_center", "do_indent", "do_wordwrap", "do_truncate"})
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


class _CodeGenerator(CodeGenerator):
    """Jinja's compiler, with ``a ~ b`` checked like ``a + b`` (doubling text 40 times in a
    loop would otherwise ask for a terabyte in a single step)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """``environment.concat(join, (a, b))`` instead of ``join((a, b))``."""
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.concat_checked({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with the limits of one project's build."""

    template_class = BoundedTemplate
    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"**", "*", "+", "%"})

    def __init__(self, limits: RenderLimits = DEFAULT, **options: Any) -> None:
        super().__init__(**options)
        self.limits = limits
        self.bounds = Bounds(limits)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse an operation whose result would be too large, before it runs."""
        if operator == "**" and is_int(left) and is_int(right) and right > 0 and abs(left) > 1:
            if right * math.log2(abs(left)) > _BITS:
                raise LimitError(_TOO_BIG)
        elif operator == "*":
            if is_int(left) and is_int(right) and left.bit_length() + right.bit_length() > _BITS:
                raise LimitError(_TOO_BIG)
            self._check_length(repeated_length(left, right) or repeated_length(right, left) or 0)
        elif operator == "+" and isinstance(left, str | list | tuple):
            if isinstance(right, str | list | tuple):
                self._check_length(len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            values = right if isinstance(right, tuple) else (right,)
            self._check_format(left, values)
        return super().call_binop(context, operator, left, right)

    def concat_checked(self, join: Callable[[Any], str], values: tuple[Any, ...]) -> str:
        """``a ~ b``: no longer than the output limit."""
        self._check_length(sum(len(v) for v in values if isinstance(v, str)))
        return join(values)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A call from a template: not nested too deep, no width larger than the output."""
        __self._check_depth()
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and name in _WIDTHS:  # 'x'.ljust(10**9)
            __self._check_counts((*args, *kwargs.values()))
        elif isinstance(owner, str) and name in ("replace", "join"):
            __self._check_length(joined_length(name, [owner, *args]))
        elif __obj is __self.globals.get("lipsum"):  # n paragraphs of up to ``max`` words
            n = kwargs.get("n", args[0] if args else 5)  # lipsum(n, html, min, max)
            maximum = kwargs.get("max", args[3] if len(args) > 3 else 100)
            if is_int(n) and is_int(maximum):
                __self._check_length(n * maximum * 12)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'{:>10}'.format(x)``: widths no larger than the output limit."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = str(value.__self__)

        def checked(*args: Any, **kwargs: Any) -> str:
            self._check_format(text, ())
            return wrapped(*args, **kwargs)

        return checked

    def bound_filters(self) -> None:
        """Jinja's filters that take a count or multiply text, checked like the operators."""
        for name in ("center", "indent", "wordwrap", "truncate", "format", "replace", "join"):
            self.filters[name] = self._bounded_filter(self.filters[name])

    def _bounded_filter(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            values = [a for a in (*args, *kwargs.values()) if not isinstance(a, _INTERNAL)]
            if function.__name__ in _WIDTH_FILTERS:  # 'x'|center(10**9); not format's values
                self._check_counts(values)
            if function.__name__ == "do_format" and len(values) > 1:
                self._check_format(str(values[0]), tuple(values[1:]))
            if function.__name__ in ("do_replace", "do_join") and values:
                self._check_length(joined_length(function.__name__.removeprefix("do_"), values))
            result = function(*args, **kwargs)
            if isinstance(result, str):
                self._check_length(len(result))
            return result

        return run

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

    def _check_depth(self) -> None:
        depth = 0
        frame = sys._getframe(1)
        while frame is not None:
            depth += "__jinja_template__" in frame.f_globals
            frame = frame.f_back  # type: ignore[assignment]
        if depth > self.limits.depth:
            raise LimitError(
                "Makros oder eingebundene Dokumentvorlagen sind mehr als "
                f"{self.limits.depth} Ebenen tief verschachtelt (ruft sich eine Dokumentvorlage "
                "oder ein Makro selbst auf?); mehr mit --max-depth"
            )

    def _check_counts(self, values: Sequence[Any]) -> None:
        """Widths and counts: none larger than the output may become."""
        for value in values:
            if is_int(value) and abs(value) > self.limits.output_bytes:
                raise LimitError(
                    f"die Zahl {value} ist als Anzahl oder Breite zu groß (höchstens "
                    f"{self.limits.output_bytes})"
                )

    def _check_length(self, length: int) -> None:
        if length > self.limits.output_bytes:
            raise size_error(length, self.limits.output_bytes)

    def _check_format(self, text: str, values: tuple[Any, ...]) -> None:
        for number in format_numbers(text, values):
            self._check_length(number)


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
