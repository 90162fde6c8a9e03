"""The sandbox's checks before an operation runs (see sandbox.py for the whole bound).

Operators that can build huge values in one step (``**``, ``*``, ``+``, ``%``, ``~``) are
checked before they run, and so are calls and filters with a huge count or width and calls
nested deeper than the limit: one C call of that kind takes minutes or gigabytes, and no
alarm can interrupt it. Intercepted operators are never folded at compile time.
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import Environment, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mitteilung.render.limits import MAX_DIGITS, LimitError, RenderLimits, size_error
from mitteilung.render.sizes import format_numbers, is_int, joined_length, repeated_length

_BITS = int(MAX_DIGITS * math.log2(10))
_TOO_BIG = f"die Zahl wäre zu groß (mehr als {MAX_DIGITS} Stellen)"
# what Jinja passes its filters besides the values: never a count
_INTERNAL = (Context, EvalContext, Environment)
# text methods and filters whose numbers say how long the text becomes
_WIDTHS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})
_WIDTH_FILTERS = frozenset({"do_center", "do_indent", "do_wordwrap", "do_truncate"})


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


class CheckedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, refusing operations whose result would exceed ``limits``."""

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"**", "*", "+", "%"})
    limits: RenderLimits  # set by the BoundedEnvironment

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
