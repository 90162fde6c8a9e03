"""Which context variables a template uses: the attribute chains in its syntax tree.

``beratung.gremium.name`` inside a loop over ``vorlage.beratungsfolge`` is the context path
``vorlage.beratungsfolge[].gremium.name``; shape.py says whether the context has it. Used by
``mitteilung template-check`` (inspect.py) and by the messages of build and check
(templates_errors.py), so both name a wrong variable the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from mitteilung.errors import Problem
from mitteilung.render.environment import DOCX
from mitteilung.render.shape import ITEM
from mitteilung.render.word_xml import word_location

Chain = tuple[str | int, ...]
# Names Jinja itself provides inside templates.
_BUILTIN = {"loop", "super", "self", "varargs", "kwargs", "caller"}


@dataclass(frozen=True, order=True)
class Use:
    """One variable a template uses: where, as written, and as a path in the context."""

    file: str
    line: int
    path: str
    written: str

    def problem(self, message: str) -> Problem:
        """A problem at this use; in a Word part, the paragraph as Word counts it."""
        if DOCX in self.file:
            docx, part = self.file.split(DOCX, 1)
            where = word_location(Path(docx + ".docx"), part, self.line)
            return Problem(docx + ".docx", None, f"{where}: {self.written}", message)
        return Problem(self.file, self.line, self.written, message)


def dotted(chain: Chain) -> str:
    """('vorlage', 'beratungsfolge', '[]', 'gremium') -> vorlage.beratungsfolge[].gremium"""
    out = ""
    for part in chain:
        if part == ITEM:
            out += ITEM
        elif isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class _Walker:
    """Collects the attribute chains of one syntax tree, resolving loop and set variables."""

    def __init__(self, env: SandboxedEnvironment, file: str) -> None:
        self.env = env
        self.file = file
        self.uses: list[tuple[Use, Chain]] = []

    def walk(self, node: nodes.Node, scope: dict[str, Chain | None]) -> None:
        """Visit ``node`` and its children with ``scope`` (local name -> context path)."""
        if isinstance(node, nodes.For):
            self.walk(node.iter, scope)
            inner = dict(scope, loop=None)
            item = self.chain(node.iter, scope)
            for name in _targets(node.target):
                single = isinstance(node.target, nodes.Name)
                inner[name] = (*item, ITEM) if item is not None and single else None
            for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
                self.walk(child, inner)
            return
        if isinstance(node, nodes.Assign):
            self.walk(node.node, scope)
            value = self.chain(node.node, scope)
            for name in _targets(node.target):
                scope[name] = value if isinstance(node.target, nodes.Name) else None
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope, **{a.name: None for a in node.args})
            for child in node.body:
                self.walk(child, inner)
            return
        if isinstance(node, nodes.Name) and node.ctx != "load":
            scope[node.name] = None  # bound by with, macro arguments, set blocks
            return
        if isinstance(node, nodes.Filter) and node.name == "map" and node.node is not None:
            self._map(node, scope)
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            chain = self.chain(node, scope)
            if chain is not None:
                self._record(node, chain)
                return
        for child in node.iter_child_nodes():
            self.walk(child, scope)

    def chain(self, node: nodes.Node, scope: dict[str, Chain | None]) -> Chain | None:
        """The context path of a name/attribute/constant-index expression, else None."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.env.globals or node.name in _BUILTIN:
                return None
            return (node.name,)
        if isinstance(node, nodes.Getattr):
            base = self.chain(node.node, scope)
            return None if base is None else (*base, node.attr)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            base = self.chain(node.node, scope)
            key = node.arg.value
            return None if base is None or not isinstance(key, str | int) else (*base, key)
        return None

    def _map(self, node: nodes.Filter, scope: dict[str, Chain | None]) -> None:
        """``items|map(attribute="gremium.name")`` uses items[].gremium.name."""
        assert node.node is not None
        base = self.chain(node.node, scope)
        for kwarg in node.kwargs:
            if (
                base is not None
                and kwarg.key == "attribute"
                and isinstance(kwarg.value, nodes.Const)
            ):
                path = (*base, ITEM, *str(kwarg.value.value).split("."))
                self._record(node, path)

    def _record(self, node: nodes.Node, chain: Chain) -> None:
        written = _written(node)
        self.uses.append((Use(self.file, node.lineno, dotted(chain), written), chain))


def _targets(node: nodes.Node) -> list[str]:
    return [n.name for n in node.find_all(nodes.Name)] + (
        [node.name] if isinstance(node, nodes.Name) else []
    )


def _written(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_written(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_written(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"{_written(node.node)}|{node.name}"
    return "…"


def find_uses(
    env: SandboxedEnvironment, tree: nodes.Template, file: str
) -> list[tuple[Use, Chain]]:
    """Every variable use in one parsed template (``file`` as shown), with its context path."""
    walker = _Walker(env, file)
    walker.walk(tree, {})
    return walker.uses
