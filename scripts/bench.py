"""Benchmark (`make bench`): our batch build against the plain ways, and its peak memory.

Not a test: it prints milliseconds per document and writes build/bench.json. In one run it
measures, on N synthetic documents in a temporary folder (scripts/synthetic.py):
  (a) a plain docxtpl loop (DocxTemplate(path), render(context), save) over the same templates
      and contexts (the contexts are prepared beforehand and not timed),
  (b) our batch build: `mitteilung build -f docx` as a new process, all included (start of
      Python, loading, checking, rendering, writing),
  (c) PDF: one `soffice --convert-to` call per document against our one-run conversion, for
      the same 20 documents and the same export options,
and the peak memory (RSS) of a build of 1,000 and of 10,000 documents, each in a new process.

The files go to a folder in memory (/dev/shm) where there is one, so the numbers compare the
code, not the state of the disk (with --disk: the system's temporary folder).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from mitteilung.formatting import FILTERS
from mitteilung.load.loader import load_project
from mitteilung.render.context import full_context
from mitteilung.render.renderer import Renderer
from mitteilung.write.pdf import CONVERT_TO, PdfBatch, find_soffice
from scripts.synthetic import ROOT, make_project

RESULT = ROOT / "build" / "bench.json"
# Peak RSS of the build, measured in a wrapper whose only child is the build.
_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def docxtpl_loop(project_dir: Path, out: Path) -> tuple[float, int]:
    """Seconds for the plain loop over every document, and the number of documents."""
    project = load_project(project_dir, [project_dir / "data"])
    renderer = Renderer(project)
    env = jinja2.Environment()
    env.filters.update(FILTERS)
    jobs = []
    for entry in project.entries:
        art = project.stadt.vorlagenarten[entry.vorlage.vorlagenart]
        assert art.word is not None
        jobs.append((project.templates / art.word, full_context(entry, project, renderer.text)))
    out.mkdir()
    os.sync()  # start with nothing left to write from before
    start = time.perf_counter()
    for i, (template, context) in enumerate(jobs):
        document = DocxTemplate(template)
        document.render(context, env, autoescape=True)
        document.save(out / f"{i}.docx")
    return time.perf_counter() - start, len(jobs)


def our_build(project_dir: Path, out: Path, *formats: str) -> tuple[float, float]:
    """Seconds for `mitteilung build` as a new process, and its peak memory in MB."""
    command = [sys.executable, "-m", "mitteilung", "-C", str(project_dir), "build"]
    command += [str(project_dir / "data"), "-o", str(out), *(f"-f{f}" for f in formats)]
    os.sync()
    start = time.perf_counter()
    peak = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], check=True, capture_output=True, text=True
    ).stdout
    return time.perf_counter() - start, int(peak) / 1024


def pdf_per_call(docx: list[Path], out: Path, profile: Path) -> float:
    """Seconds for one soffice call per document (a warm private profile, same options)."""
    soffice = find_soffice()

    def call(path: Path) -> None:
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", CONVERT_TO, "--outdir", str(out), str(path)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip

    call(docx[0])  # creates the profile: not timed, so the per-call way is not slowed by it
    start = time.perf_counter()
    for path in docx:
        call(path)
    assert all((out / f"{p.stem}.pdf").stat().st_size > 0 for p in docx)
    return time.perf_counter() - start


def pdf_batch(docx: list[Path], out: Path) -> float:
    """Seconds for our conversion of the same documents (one LibreOffice run, new profile)."""
    out.mkdir()
    start = time.perf_counter()
    batch = PdfBatch(out, find_soffice())
    for path in docx:
        batch.add(path.stem, path.read_bytes())
    failed = batch.convert()
    elapsed = time.perf_counter() - start
    assert not failed and len(list(out.glob("*.pdf"))) == len(docx)
    return elapsed


def run(count: int, pdf_count: int, sizes: list[int], work: Path) -> dict[str, Any]:
    """Measure everything; return the numbers for bench.json."""
    make_project(work / "docs", count)
    plain_s, n = docxtpl_loop(work / "docs", work / "docxtpl")
    ours_s, _ = our_build(work / "docs", work / "ours", "docx")
    docx = sorted((work / "ours").glob("*.docx"))[:pdf_count]
    per_call_s = pdf_per_call(docx, work / "pdf-per-call", work / "profile")
    batch_s = pdf_batch(docx, work / "pdf-batch")
    memory = {}
    for size in sizes:
        make_project(work / f"mem{size}", size)
        memory[str(size)] = round(our_build(work / f"mem{size}", work / f"mem{size}-out")[1], 1)
    docxtpl_ms, ours_ms = 1000 * plain_s / n, 1000 * ours_s / n
    per_call_ms, batch_ms = 1000 * per_call_s / len(docx), 1000 * batch_s / len(docx)
    return {
        "docx": {
            "docxtpl_ms": round(docxtpl_ms, 2),
            "ours_ms": round(ours_ms, 2),
            "ratio": round(docxtpl_ms / ours_ms, 1),
        },
        "pdf": {
            "per_call_ms": round(per_call_ms, 1),
            "batch_ms": round(batch_ms, 1),
            "ratio": round(per_call_ms / batch_ms, 1),
        },
        "memory_mb": memory,
    }


def report(result: dict[str, Any], count: int, pdf_count: int) -> str:
    """The numbers as a few lines of German text."""
    d, p, m = result["docx"], result["pdf"], result["memory_mb"]
    lines = [
        f".docx, {count} Vorlagen (+2 Beispiele), ms je Vorlage:",
        f"  docxtpl-Schleife   {d['docxtpl_ms']:8.2f}",
        f"  mitteilung build   {d['ours_ms']:8.2f}   ({d['ratio']}x schneller; Ziel: 10x)",
        f"PDF, {pdf_count} Vorlagen, ms je Vorlage:",
        f"  soffice je Datei   {p['per_call_ms']:8.1f}",
        f"  ein Lauf (unserer) {p['batch_ms']:8.1f}   ({p['ratio']}x schneller; Ziel: 5x)",
        "Spitzenspeicher eines Baus (RSS, MB; Ziel: unter 200, nicht mit N wachsend):",
        *(f"  {size:>6} Vorlagen  {mb:8.1f}" for size, mb in m.items()),
    ]
    return "\n".join(lines)


def main() -> int:
    """Run the benchmark with the options given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-n", "--count", type=int, default=1000, help="Vorlagen (Standard 1000)")
    parser.add_argument("--pdf", type=int, default=20, help="Vorlagen für PDF (Standard 20)")
    parser.add_argument("--memory", default="1000,10000", help="Größen für den Speicher")
    parser.add_argument("--disk", action="store_true", help="auf die Platte statt in den RAM")
    args = parser.parse_args()
    sizes = [int(s) for s in args.memory.split(",")]
    ram = Path("/dev/shm")
    where = None if args.disk or not ram.is_dir() else ram
    with tempfile.TemporaryDirectory(prefix="mitteilung-bench-", dir=where) as work:
        result = run(args.count, args.pdf, sizes, Path(work))
        print(f"Arbeitsordner: {work} ({'im RAM' if where else 'auf der Platte'})")
    print(report(result, args.count, args.pdf))
    RESULT.parent.mkdir(exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"geschrieben: {RESULT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
