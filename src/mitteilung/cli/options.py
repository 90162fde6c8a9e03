"""The options several commands share, and the checks of option values.

Only light modules here (click, errors, defaults): ``mitteilung --help`` and ``build --help``
import this module, and must not pay for the stages (see test_startup.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from mitteilung import defaults
from mitteilung.errors import MitteilungError, parse_size, short

if TYPE_CHECKING:
    from mitteilung.render.limits import RenderLimits

T = TypeVar("T")
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def given(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """A folder: an empty value would silently mean the working folder."""
    if value is not None and not value.strip():
        name = param.opts[0] if param.opts[0].startswith("-") else "ZIELORDNER"
        raise MitteilungError(f"{name}: leerer Pfad; einen Ordner angeben, z. B. build")
    return None if value is None else Path(value)


def folder(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """A folder to write into: given, and not a file."""
    path = given(ctx, param, value)
    # os.path, not Path: an over-long name is an error for Path.exists, and reported later
    if path is not None and os.path.exists(path) and not os.path.isdir(path):
        raise MitteilungError(f"{param.opts[0]} {short(str(path))}: ist eine Datei, kein Ordner")
    return path


def size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """A size such as 5MB, as click reports a bad value."""
    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _megabytes(number: int) -> str:
    """20_000_000 -> '20MB', as the help shows a default size."""
    return f"{number // 1_000_000}MB"


def _limit(key: str, flag: str, metavar: str, default: Any, text: str, **kind: Any) -> Decorator:
    """One option bounding the rendering, kept for ``render_limits``; without a ``type``
    its value is a size such as 20MB."""

    def store(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        ctx.meta.setdefault("render_limits", {})[key] = value if kind else size(ctx, param, value)

    settings = {"metavar": metavar, "default": default, "help": text, **kind}
    return click.option(flag, show_default=True, expose_value=False, callback=store, **settings)


_RENDER_LIMITS = [
    _limit(
        "seconds", "--max-render-time", "SEKUNDEN", defaults.RENDER_SECONDS,
        "Längste Rechenzeit der Dokumentvorlagen je Vorlage.",
        type=click.FloatRange(min=0.1),
    ),
    _limit(
        "output_bytes", "--max-output", "GRÖSSE", _megabytes(defaults.RENDER_OUTPUT_BYTES),
        "Größter Text, den eine Dokumentvorlage ergeben darf.",
    ),
    _limit(
        "depth", "--max-depth", "EBENEN", defaults.RENDER_DEPTH,
        "Tiefste Verschachtelung von Makros und eingebundenen Vorlagen.",
        type=click.IntRange(1, defaults.DEPTH_CEILING),
    ),
    _limit(
        "template_bytes", "--max-template-size", "GRÖSSE", _megabytes(defaults.TEMPLATE_BYTES),
        "Größte Datei einer Dokumentvorlage (Word-Vorlagen entpackt).",
    ),
]  # fmt: skip


def render_limits() -> RenderLimits:
    """The render limits the running command was given (see render/limits.py)."""
    from mitteilung.render.limits import RenderLimits  # a stage: only when a command runs

    return RenderLimits(**click.get_current_context().meta.get("render_limits", {}))


def data_options(function: Callable[..., T]) -> Callable[..., T]:
    """What build and check share: the data files, --strict, --max-size and the render limits
    (below a command's own options, so that they follow them in its help)."""
    shared: list[Decorator] = [
        click.argument(
            "data", nargs=-1, metavar="[DATEN]...", type=click.Path(exists=True, path_type=Path)
        ),
        click.option("--strict", is_flag=True, help="Warnungen wie Fehler behandeln."),
        click.option(
            "--max-size",
            metavar="GRÖSSE",
            callback=size,
            default=_megabytes(defaults.DATA_BYTES),
            show_default=True,
            help="Größte erlaubte Datendatei, z. B. 10MB oder 500kB.",
        ),
        *_RENDER_LIMITS,
    ]
    decorated: Callable[..., Any] = function
    for decorate in reversed(shared):
        decorated = decorate(decorated)
    return cast(Callable[..., T], decorated)
