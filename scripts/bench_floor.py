"""Where one document's time goes, stage by stage, and the floor of each (issue 14, point 1).

Measured in this process without a profiler (cProfile inflates code with many small calls),
each stage over every document of the project, the fastest of ``repeat`` passes (the least
disturbed by a loaded machine). "ours" is what the build does; "floor" is the plainest way to
do the same work in Python that keeps nothing of our guarantees:
  lesen       read_data (link and size checks, bounded read)  | Path.read_bytes
  YAML        parse_yaml (libyaml, plus line numbers)          | libyaml's CSafeLoader alone
  Modell ...  the rest of load_project (pydantic, facts, Sitzungen) | -
  prüfen      every rule (check)                               | -
  Kontext     full_context (data, facts, Textbausteine)        | -
  Text        the .txt template                                | -
  Jinja       the Word template's tagged parts rendered        | -
  XML-Prüfung check_xml of those parts                         | -
  deflate     their compression (level 6)                      | level 1
  zip         write_zip of the members                         | -
  schreiben   write_atomic (temporary file, rename)            | open, write, close
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from jinja2 import Template

from mitteilung.check import check
from mitteilung.load.loader import load_project
from mitteilung.load.reader import Limits, decode, parse_yaml, read_data
from mitteilung.model.project import Entry
from mitteilung.render.context import full_context
from mitteilung.render.renderer import Renderer
from mitteilung.render.word import WordTemplate
from mitteilung.render.word_xml import check_xml
from mitteilung.render.zipwrite import Member, write_zip
from mitteilung.write.atomic import write_atomic

T = TypeVar("T")


def _fastest(repeat: int, items: Iterable[T], work: Callable[[T], object]) -> float:
    """Seconds of the fastest of ``repeat`` passes of ``work`` over ``items``."""
    items = list(items)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            work(item)
        best = min(best, time.perf_counter() - start)
    return best


def _tagged(renderer: Renderer, entry: Entry) -> list[Template]:
    """The compiled tagged parts of the document's Word template (compiled on first use)."""
    art = renderer.project.stadt.vorlagenarten[entry.vorlage.vorlagenart]
    assert art.word is not None
    if art.word not in renderer._word:
        renderer._word[art.word] = WordTemplate(renderer.env, art.word)
    parts = renderer._word[art.word].parts
    return [p[1] for p in parts if not isinstance(p, Member) and p[1] is not None]


def floors(project_dir: Path, repeat: int = 3) -> dict[str, dict[str, float | None]]:
    """ms per document of each stage: {stage: {"ours": ms, "floor": ms or None}}."""
    files = sorted((project_dir / "data" / "vorlagen").glob("*.yaml"))
    limits = Limits()
    texts = [(path, decode(path, read_data(path, limits))) for path in files]

    def load(_: object) -> None:
        loaded = load_project(project_dir, [project_dir / "data"])
        for _entry in loaded.entries:  # entries are read when reached
            pass

    loading = _fastest(repeat, [None], load)
    project = load_project(project_dir, [project_dir / "data"])
    renderer = Renderer(project)
    entries = list(project.entries)
    contexts = [full_context(e, project, renderer.text) for e in entries]
    tagged = [_tagged(renderer, e) for e in entries]
    jobs = list(zip(tagged, contexts, strict=True))
    parts = [[t.render(c) for t in ts] for ts, c in jobs]
    encoded = [[xml.encode("utf-8") for xml in doc] for doc in parts]
    members = [[Member.deflate("word/document.xml", data) for data in doc] for doc in encoded]
    blobs = [write_zip(doc) for doc in members]

    def deflate(level: int) -> Callable[[list[bytes]], object]:
        return lambda doc: [Member.deflate("x", data, level) for data in doc]

    def text(pair: tuple[Entry, dict[str, Any]]) -> object:
        art = project.stadt.vorlagenarten[pair[0].vorlage.vorlagenart]
        return None if art.text is None else renderer.text(art.text, pair[1])

    def render(job: tuple[list[Template], dict[str, Any]]) -> object:
        return renderer.guard(lambda: [t.render(job[1]) for t in job[0]])

    with tempfile.TemporaryDirectory(dir=_ram()) as tmp:
        out = Path(tmp)
        numbered = list(enumerate(blobs))
        stages: dict[str, tuple[float, float | None]] = {
            "lesen": (
                _fastest(repeat, files, lambda p: read_data(p, limits)),
                _fastest(repeat, files, Path.read_bytes),
            ),
            "YAML": (
                _fastest(repeat, texts, lambda pt: parse_yaml(pt[0], pt[1], limits)),
                _fastest(repeat, texts, lambda pt: yaml.load(pt[1], yaml.CSafeLoader)),
            ),
            "Modell, Validierung, abgeleitete Fakten": (loading, None),  # less the two above
            "prüfen": (_fastest(repeat, entries, lambda e: check(e, project)), None),
            "Kontext und Textbausteine": (
                _fastest(repeat, entries, lambda e: full_context(e, project, renderer.text)),
                None,
            ),
            "Text (.txt)": (_fastest(repeat, zip(entries, contexts, strict=True), text), None),
            "Jinja (Word-Teile)": (_fastest(repeat, jobs, render), None),
            "XML-Prüfung": (
                _fastest(repeat, parts, lambda doc: [check_xml(Path("x"), "p", x) for x in doc]),
                None,
            ),
            "deflate": (
                _fastest(repeat, encoded, deflate(6)),
                _fastest(repeat, encoded, deflate(1)),
            ),
            "zip": (_fastest(repeat, members, write_zip), None),
            "schreiben": (
                _fastest(repeat, numbered, lambda ib: write_atomic(out / f"{ib[0]}.docx", ib[1])),
                _fastest(repeat, numbered, lambda ib: (out / f"{ib[0]}.docx").write_bytes(ib[1])),
            ),
        }
    n = len(entries)
    model = stages["Modell, Validierung, abgeleitete Fakten"][0]
    model -= stages["lesen"][0] + stages["YAML"][0]
    stages["Modell, Validierung, abgeleitete Fakten"] = (max(model, 0.0), None)
    return {
        stage: {
            "ours": round(1000 * o / n, 3),
            "floor": None if f is None else round(1000 * f / n, 3),
        }
        for stage, (o, f) in stages.items()
    }


def _ram() -> str | None:
    ram = Path("/dev/shm")
    return str(ram) if ram.is_dir() else None
