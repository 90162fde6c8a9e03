"""The sides the benchmark compares: each function runs one side once and returns its seconds.

Every side runs as it would for a user: our build and make as new processes (start-up
included), the docxtpl loop in this process over contexts prepared beforehand (not timed),
LibreOffice with a warm private profile.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from mitteilung.formatting import FILTERS
from mitteilung.load.loader import load_project
from mitteilung.render.context import full_context
from mitteilung.render.renderer import Renderer
from mitteilung.write.pdf import CONVERT_TO, PdfBatch, find_soffice
from scripts.synthetic import ROOT

MAKEFILE = ROOT / "Makefile"
VENV = Path(sys.executable).parent.parent
# Peak RSS of a command, measured in a wrapper whose only child is the command.
_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def alternate(sides: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """Run each side ``runs`` times, one after the other in turn (A B A B …): a noisy machine
    then slows both sides alike. Returns the seconds of every run, by side."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(runs):
        for name, side in sides.items():
            times[name].append(side())
    return times


def summary(baseline: list[float], ours: list[float], n: int) -> dict[str, Any]:
    """Medians in ms per document and the ratio of each pair of runs (baseline / ours)."""
    ratios = sorted(b / o for b, o in zip(baseline, ours, strict=True))
    return {
        "baseline_ms": round(1000 * statistics.median(baseline) / n, 3),
        "ours_ms": round(1000 * statistics.median(ours) / n, 3),
        "ratio": round(statistics.median(ratios), 1),
        "ratios": [round(r, 1) for r in ratios],
    }


class DocxtplLoop:
    """A plain docxtpl loop over the documents' templates and contexts."""

    def __init__(self, project_dir: Path, limit: int | None = None) -> None:
        project = load_project(project_dir, [project_dir / "data"])
        renderer = Renderer(project)
        self.env = jinja2.Environment()
        self.env.filters.update(FILTERS)
        self.jobs: list[tuple[Path, dict[str, Any]]] = []
        for entry in project.entries:
            art = project.stadt.vorlagenarten[entry.vorlage.vorlagenart]
            assert art.word is not None
            context = full_context(entry, project, renderer.text)
            self.jobs.append((project.templates / art.word, context))
            if limit is not None and len(self.jobs) == limit:
                break

    def __call__(self, out: Path) -> float:
        """Seconds for one loop over every job, writing into ``out`` (made anew)."""
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        os.sync()
        start = time.perf_counter()
        for i, (template, context) in enumerate(self.jobs):
            document = DocxTemplate(template)
            document.render(context, self.env, autoescape=True)
            document.save(out / f"{i}.docx")
        return time.perf_counter() - start


def our_build(project_dir: Path, out: Path, *formats: str, fresh: bool = True) -> float:
    """Seconds for `mitteilung build` as a new process (into an empty ``out`` if ``fresh``)."""
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "mitteilung", "-C", str(project_dir), "build"]
    command += [str(project_dir / "data"), "-o", str(out), *(f"-f{f}" for f in formats)]
    os.sync()
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def one_build(project_dir: Path, out: Path, cache: Path) -> float:
    """Seconds for `mitteilung build` of one Vorlage as a new process, with template cache
    ``cache`` (an empty folder: every template is compiled)."""
    shutil.rmtree(out, ignore_errors=True)
    data = sorted((project_dir / "data" / "vorlagen").glob("1*.yaml"))[0]
    command = [sys.executable, "-m", "mitteilung", "-C", str(project_dir), "build", str(data)]
    env = {**os.environ, "MITTEILUNG_CACHE": str(cache)}
    start = time.perf_counter()
    subprocess.run([*command, "-o", str(out)], check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def peak_mb(project_dir: Path, out: Path) -> float:
    """Peak memory (RSS, MB) of a build of the project."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "mitteilung", "-C", str(project_dir), "build"]
    command += [str(project_dir / "data"), "-o", str(out)]
    wrapped = [sys.executable, "-c", _PEAK, *command]
    peak = subprocess.run(wrapped, check=True, capture_output=True, text=True).stdout
    return round(int(peak) / 1024, 1)


def make(project_dir: Path, out: str = "out") -> float:
    """Seconds for `make` in the project (our Makefile, this venv), as a clerk runs it."""
    command = ["make", "-s", "-f", str(MAKEFILE), "SETUP=", f"VENV={VENV}", f"OUT={out}"]
    start = time.perf_counter()
    subprocess.run(command, cwd=project_dir, check=True, capture_output=True)
    return time.perf_counter() - start


def first_make(project_dir: Path, out: str) -> float:
    """Seconds for the first `make` (no outputs, no depfiles yet)."""
    shutil.rmtree(project_dir / out, ignore_errors=True)
    return make(project_dir, out)


def touch_one(project_dir: Path) -> Path:
    """Change one Vorlage's Betreff (a real edit, not only its time) and return it."""
    path = sorted((project_dir / "data" / "vorlagen").glob("1*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    old, new = ": Sachstand ", ": Sachstand (geändert) "
    text = text.replace(new, old, 1) if new in text else text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path


def soffice_per_file(docx: list[Path], out: Path, profile: Path) -> float:
    """Seconds for one soffice call per document (a warm private profile, same options)."""
    soffice = find_soffice()

    def call(*paths: Path) -> None:
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", CONVERT_TO, "--outdir", str(out), *map(str, paths)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip

    call(docx[0])  # creates the profile: not timed
    start = time.perf_counter()
    for path in docx:
        call(path)
    return time.perf_counter() - start


def soffice_one_call(docx: list[Path], out: Path, profile: Path) -> float:
    """Seconds for one plain `soffice --convert-to pdf` over all documents (warm profile)."""
    soffice = find_soffice()
    shutil.rmtree(out, ignore_errors=True)
    base = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    start = time.perf_counter()
    subprocess.run(
        [*base, "--convert-to", "pdf", "--outdir", str(out), *map(str, docx)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    assert len(list(out.glob("*.pdf"))) == len(docx)
    return elapsed


def pdf_batch(docx: list[Path], out: Path) -> float:
    """Seconds for our conversion of the same documents (PDF/A, title, every PDF checked)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    batch = PdfBatch(out, find_soffice())
    for path in docx:
        batch.add(path.stem, path.read_bytes(), None)
    failed = batch.convert()
    elapsed = time.perf_counter() - start
    assert not failed and len(list(out.glob("*.pdf"))) == len(docx)
    return elapsed
