"""Help for template authors: which variables a template uses, and which the data lacks.

Reads the template like Jinja does (for Word: the parts docxtpl patched), follows the
attribute chains in its syntax tree (uses.py) and compares each with the shape of the context
(shape.py). A template Jinja cannot read is reported as such, not as missing variables.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError, meta
from jinja2.exceptions import TemplateAssertionError
from pydantic import BaseModel

from mitteilung.errors import InputError, Problem, display_path
from mitteilung.model.project import Entry, Project
from mitteilung.pipeline import checked
from mitteilung.render.context import full_context
from mitteilung.render.environment import DOCX, make_environment
from mitteilung.render.package import open_docx, read_part
from mitteilung.render.problems import template_problem
from mitteilung.render.renderer import Renderer
from mitteilung.render.sandbox import BoundedEnvironment
from mitteilung.render.shape import context_shape, kinds_using, missing
from mitteilung.render.uses import Chain, Use, find_uses
from mitteilung.render.word import RENDERED_PARTS as WORD_PARTS


def sources(env: BoundedEnvironment, name: str) -> Iterator[str]:
    """The Jinja template names of a template: the Word parts with tags, or itself."""
    if not name.endswith(".docx"):
        yield name
        return
    path = Path(env.loader.root / name)  # type: ignore[union-attr]
    with open_docx(path, env.limits.template_bytes) as zf:
        for info in zf.infolist():
            if WORD_PARTS.fullmatch(info.filename):
                data = read_part(zf, info.filename, path)
                if b"{{" in data or b"{%" in data:
                    yield f"{name.removesuffix('.docx')}{DOCX}{info.filename}"


def template_uses(
    env: BoundedEnvironment, name: str
) -> tuple[list[tuple[Use, Chain]], list[Problem]]:
    """Every variable use in a template and the templates it extends or includes."""
    uses: list[tuple[Use, Chain]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    try:
        todo = list(sources(env, name))
    except TemplateError as exc:  # not a Word file, damaged, too large
        return [], [_unreadable(exc, list(env.filters))]
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
            problems.append(_unreadable(exc, list(env.filters)))
            continue
        uses.extend(find_uses(env, tree, display_path(filename or current)))
        todo.extend(t for t in meta.find_referenced_templates(tree) if t is not None)
    return uses, problems


def _unreadable(exc: TemplateError, filters: list[str]) -> Problem:
    """The problem of a template Jinja cannot compile; a syntax error says it is one."""
    problem = template_problem(exc, filters)
    syntax = isinstance(exc, TemplateSyntaxError) and not isinstance(exc, TemplateAssertionError)
    if syntax and not problem.message.startswith("Syntaxfehler"):
        return replace(problem, message=f"Syntaxfehler: {problem.message}")
    return problem


@dataclass
class TemplateReport:
    """What template-check found: the kinds using the template, its variables, its problems."""

    kinds: list[str]
    variables: list[str]
    problems: list[Problem]


def check_template(project: Project, name: str) -> TemplateReport:
    """The variables template ``name`` (relative to templates/) uses and those not provided.

    A template Jinja cannot read (syntax error, unknown filter, missing include) raises
    InputError: its variables cannot be listed, and they are not what is wrong with it.
    """
    env = make_environment(project.templates)
    kinds = kinds_using(project.stadt, name)
    shape = context_shape(project.stadt, kinds, sections=not name.startswith("bausteine/"))
    uses, unreadable = template_uses(env, name)
    if unreadable:
        raise InputError(unreadable)
    problems: list[Problem] = []
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
    if len(entries) == 1 and not any(p.is_error for p in entries[0][1]):
        return entries[0][0]
    problems = list({*project.load_problems(), *(p for _, found in entries for p in found)})
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
