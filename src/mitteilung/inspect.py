"""Help for template authors: which variables a template uses, and which the data lacks.

Reads the template like Jinja does (for Word: the parts docxtpl patched), follows the
attribute chains in its syntax tree (``beratung.gremium.name`` inside a loop over
``vorlage.beratungsfolge`` is ``vorlage.beratungsfolge[].gremium.name``) and compares each
with the shape of the context (shape.py).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import TemplateError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from mitteilung.context import full_context
from mitteilung.environment import DOCX, make_environment
from mitteilung.errors import InputError, Problem, display_path
from mitteilung.pipeline import Renderer, checked
from mitteilung.project import Entry, Project
from mitteilung.shape import ITEM, context_shape, kinds_using, missing
from mitteilung.templates_errors import template_problem
from mitteilung.word import _RENDERED as WORD_PARTS  # the parts WordTemplate renders
from mitteilung.word_errors import word_location

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


def sources(env: SandboxedEnvironment, name: str) -> Iterator[str]:
    """The Jinja template names of a template: the Word parts with tags, or itself."""
    if not name.endswith(".docx"):
        yield name
        return
    path = Path(env.loader.root / name)  # type: ignore[union-attr]
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if WORD_PARTS.fullmatch(info.filename):
                data = zf.read(info)
                if b"{{" in data or b"{%" in data:
                    yield f"{name.removesuffix('.docx')}{DOCX}{info.filename}"


def template_uses(
    env: SandboxedEnvironment, name: str
) -> tuple[list[tuple[Use, Chain]], list[Problem]]:
    """Every variable use in a template and the templates it extends or includes."""
    uses: list[tuple[Use, Chain]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    todo = list(sources(env, name))
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        try:
            env.get_template(current)  # compiles: syntax errors, unknown filters
            source, filename, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
            tree = env.parse(source, current, filename)
        except TemplateError as exc:
            problems.append(template_problem(exc, list(env.filters)))
            continue
        walker = _Walker(env, display_path(filename or current))
        walker.walk(tree, {})
        uses.extend(walker.uses)
        todo.extend(t for t in meta.find_referenced_templates(tree) if t is not None)
    return uses, problems


@dataclass
class TemplateReport:
    """What template-check found: the kinds using the template, its variables, its problems."""

    kinds: list[str]
    variables: list[str]
    problems: list[Problem]


def check_template(project: Project, name: str) -> TemplateReport:
    """The variables template ``name`` (relative to templates/) uses and those not provided."""
    env = make_environment(project.templates)
    kinds = kinds_using(project.stadt, name)
    shape = context_shape(project.stadt, kinds, sections=not name.startswith("bausteine/"))
    uses, problems = template_uses(env, name)
    for use, chain in sorted(uses, key=lambda u: u[0]):
        reason = missing(shape, chain)
        if reason is not None:
            problems.append(use.problem(reason))
    variables = sorted({use.path for use, _ in uses})
    return TemplateReport(kinds.names, variables, list(dict.fromkeys(problems)))


def template_name(project: Project, path: Path) -> str:
    """A template file given on the command line, as name relative to templates/."""
    try:
        return path.resolve().relative_to(project.templates.resolve()).as_posix()
    except ValueError:
        raise InputError(
            [
                Problem(
                    display_path(path),
                    None,
                    None,
                    f"liegt nicht im Ordner {display_path(project.templates)}/; "
                    "nur Vorlagen dort können geprüft werden",
                )
            ]
        ) from None


def document(project: Project) -> Entry:
    """The one selected document, ready to render; InputError with what stops it."""
    entries = list(checked(project))
    if len(entries) == 1 and entries[0].ok:
        return entries[0]
    problems = project.all_problems()
    if not entries and not problems:
        names = ", ".join(sorted(display_path(p) for p in project.selected))
        problems = [Problem(names, None, None, "ist keine Vorlage (ohne 'vorlagenart:')")]
    raise InputError(problems)


def context_json(project: Project, entry: Entry) -> str:
    """The context a template receives for ``entry``, as JSON (dates as ISO strings)."""
    context = full_context(entry, project, Renderer(project).text)
    return json.dumps(context, ensure_ascii=False, indent=2, default=_plain)


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
