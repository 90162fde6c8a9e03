"""The Renderer: fills a document's templates; every template is loaded and compiled once."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import TemplateError

from mitteilung.errors import Problem, TemplateProblem
from mitteilung.load.image import read_logo
from mitteilung.model.project import Entry, Project
from mitteilung.render.context import full_context
from mitteilung.render.environment import make_environment
from mitteilung.render.limits import DEFAULT as DEFAULT_LIMITS
from mitteilung.render.limits import RenderLimits
from mitteilung.render.problems import is_template_error, template_problem
from mitteilung.render.word import CoreProperties, WordTemplate
from mitteilung.render.word_xml import WordXMLError, xml_problem

T = TypeVar("T")


class Renderer:
    """Renders documents; every template is loaded and compiled once per process."""

    def __init__(self, project: Project, limits: RenderLimits = DEFAULT_LIMITS) -> None:
        self.project = project
        self.env = make_environment(project.templates, limits)
        self._word: dict[str, WordTemplate] = {}
        self.logo = read_logo(project.stadt_doc, project.stadt)

    def text(self, name: str, context: dict[str, Any]) -> str:
        """Render a text template or Textbaustein."""
        return self.guard(lambda: self.env.get_template(name).render(context))

    def word(self, name: str, context: dict[str, Any], core: CoreProperties) -> bytes:
        """Render a Word template to .docx bytes."""

        def run() -> bytes:
            if name not in self._word:
                self._word[name] = WordTemplate(self.env, name)
            return self._word[name].render(context, core, self.logo)

        return self.guard(run)

    def prepare(self, kinds: Iterable[str], formats: Sequence[str]) -> None:
        """Compile the templates of these Vorlagenarten now (before a fork: once for all
        processes); one that fails is reported when a document uses it."""
        word = "docx" in formats or "pdf" in formats
        for key in kinds:
            art = self.project.stadt.vorlagenarten.get(key)
            if art is None:
                continue
            wanted = (art.word if word else None, art.text if "txt" in formats else None)
            for name in (*wanted, art.html if "html" in formats else None):
                if name is not None:
                    with contextlib.suppress(TemplateProblem):
                        self.guard(functools.partial(self._compile, self.project.templates / name))

    def check_templates(self) -> list[Problem]:
        """Compile every template under templates/, used or not, and report what fails."""
        problems = []
        for path in sorted(self.project.templates.rglob("*")):
            if path.name.startswith(("~$", ".")):  # Word's lock files, editors' backups
                continue
            try:
                self.guard(functools.partial(self._compile, path))
            except TemplateProblem as exc:
                problems.append(exc.problem)
        return problems

    def _compile(self, path: Path) -> None:
        name = path.relative_to(self.project.templates).as_posix()
        if name.endswith(".docx") and name not in self._word:
            self._word[name] = WordTemplate(self.env, name)
        elif name.endswith(".j2"):
            self.env.get_template(name)

    def guard(self, run: Callable[[], T]) -> T:
        """Run a template; turn its errors (not our bugs) into a TemplateProblem."""
        try:
            with self.env.bounds:  # the outermost call (one document) sets time and memory
                return run()
        except WordXMLError as exc:
            raise TemplateProblem(xml_problem(exc)) from None
        except TemplateError as exc:
            raise TemplateProblem(template_problem(exc, list(self.env.filters))) from None
        except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as exc:
            if not is_template_error(exc):
                raise
            raise TemplateProblem(template_problem(exc, list(self.env.filters))) from None

    def render(self, entry: Entry, formats: Sequence[str]) -> dict[str, bytes]:
        """All requested formats of one document, in memory (for "pdf": the .docx)."""
        return self.guard(functools.partial(self._render, entry, formats))

    def _render(self, entry: Entry, formats: Sequence[str]) -> dict[str, bytes]:
        stadt = self.project.stadt
        art = stadt.vorlagenarten[entry.vorlage.vorlagenart]
        context = full_context(entry, self.project, self.text)
        out: dict[str, bytes] = {}
        # A kind without a template for a format simply has no file in that format.
        if ("docx" in formats or "pdf" in formats) and art.word is not None:
            core = core_properties(entry, art.bezeichnung)
            out["docx"] = self.word(art.word, context, core)
        if "txt" in formats and art.text is not None:
            out["txt"] = self.text(art.text, context).encode("utf-8")
        if "html" in formats and art.html is not None:
            out["html"] = self.text(art.html, context).encode("utf-8")
        return out


def core_properties(entry: Entry, kind: str) -> CoreProperties:
    """Title = Betreff, author = the Fachbereich, date = the document's date."""
    v = entry.vorlage
    return CoreProperties(
        title=v.betreff, subject=f"{kind} {v.nummer}", author=v.bereich, created=v.datum
    )
