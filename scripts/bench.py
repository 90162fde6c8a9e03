"""Benchmark (`make bench`): our build against the plain ways, side by side in one run.

Not a test: it prints medians and ratios and writes build/bench.json. On synthetic projects in
a temporary folder (scripts/synthetic.py) it measures, each side alternating with its baseline
over --runs runs (ratios pair by pair, their median reported):
  docx    a plain docxtpl loop (contexts prepared beforehand, not timed) against
          `mitteilung build -f docx` as a new process, start-up included, at N = 100, 1,000 and
          10,000 (at 10,000 the docxtpl loop runs over the first 1,000 documents: its cost per
          document does not depend on N);
  one     one Vorlage built as a new process, with the template cache of the earlier runs
          and with an empty one (every template compiled: the first build after a change of
          the program). All our runs use the benchmark's own cache, empty at the start;
  make    the first `make` of 1,000 Vorlagen (with depfiles) against a plain build, `make`
          after one changed Vorlage in 1,000 and in 10,000, and `make` with nothing to do;
  pdf     20 documents: one soffice call per file, and one plain soffice call for all, against
          our conversion (PDF/A, title repaired, every PDF checked);
  memory  peak RSS of a build of 1,000 and 10,000;
  profile where a build's time goes, by stage (cProfile), and the start of a process alone;
  floor   each stage of one document measured without a profiler against the plainest way
          to do its work (scripts/bench_floor.py), at N = 1,000;
  budget  what each goal leaves a document, from the numbers above (scripts/bench_budget.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from scripts import bench_budget
from scripts import bench_sides as side
from scripts.bench_floor import floors
from scripts.bench_profile import profile, startup_s
from scripts.synthetic import ROOT, make_project

RESULT = ROOT / "build" / "bench.json"


def docx(work: Path, n: int, runs: int, sample: int | None = None) -> dict[str, Any]:
    """The docxtpl loop against our build of ``n`` documents."""
    project = work / f"docs{n}"
    if not project.exists():
        make_project(project, n)
    loop = side.DocxtplLoop(project, limit=sample)
    per_doc = len(loop.jobs)
    times = side.alternate(
        {
            "baseline": lambda: loop(work / "docxtpl") * (n + 2) / per_doc,
            "ours": lambda: side.our_build(project, work / "ours", "docx"),
        },
        runs,
    )
    return side.summary(times["baseline"], times["ours"], n + 2)


def incremental(work: Path, n: int, runs: int) -> dict[str, Any]:
    """`make` after one changed Vorlage, in a project of ``n`` (first make not timed)."""
    project = work / f"docs{n}"
    if not project.exists():
        make_project(project, n)
    side.first_make(project, "out")
    times, unchanged = [], []
    for _ in range(runs):
        side.touch_one(project)
        times.append(side.make(project, "out"))
        unchanged.append(side.make(project, "out"))  # nothing to do: make alone, no Python
    return {
        "median_s": round(statistics.median(times), 3),
        "runs_s": [round(t, 3) for t in times],
        "unchanged_s": round(statistics.median(unchanged), 3),
    }


def first_make(work: Path, runs: int) -> dict[str, Any]:
    """The first `make` of 1,000 Vorlagen against a plain `mitteilung build` of them."""
    project = work / "docs1000"
    times = side.alternate(
        {
            "build": lambda: side.our_build(project, project / "plain"),
            "make": lambda: side.first_make(project, "first"),
        },
        runs,
    )
    ratios = sorted(m / b for m, b in zip(times["make"], times["build"], strict=True))
    return {
        "build_s": round(statistics.median(times["build"]), 2),
        "make_s": round(statistics.median(times["make"]), 2),
        "ratio": round(statistics.median(ratios), 2),
    }


def pdf(work: Path, count: int, runs: int) -> dict[str, Any]:
    """Our PDF conversion against one soffice call per file and one plain call for all."""
    docx_files = sorted((work / "ours").glob("1*.docx"))[:count]
    profile_dir = work / "profile"
    times = side.alternate(
        {
            "per_file": lambda: side.soffice_per_file(docx_files, work / "pf", profile_dir),
            "one_call": lambda: side.soffice_one_call(docx_files, work / "oc", profile_dir),
            "ours": lambda: side.pdf_batch(docx_files, work / "ob"),
        },
        runs,
    )
    per_file = side.summary(times["per_file"], times["ours"], count)
    one_call = side.summary(times["one_call"], times["ours"], count)
    return {
        "per_call_ms": per_file["baseline_ms"],
        "one_call_ms": one_call["baseline_ms"],
        "batch_ms": per_file["ours_ms"],
        "ratio": per_file["ratio"],
        "one_call_ratio": one_call["ratio"],
    }


def one_vorlage(work: Path, runs: int) -> dict[str, Any]:
    """A build of one Vorlage (in the project of 100): template cache warm, and empty."""
    project = work / "docs100"
    warm = work / "cache"
    times = side.alternate(
        {
            "cold": lambda: side.one_build(project, work / "one", Path(tempfile.mkdtemp(dir=work))),
            "warm": lambda: side.one_build(project, work / "one", warm),
        },
        runs,
    )
    return {f"{k}_s": round(statistics.median(v), 3) for k, v in times.items()}


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Measure everything; return the numbers for bench.json."""
    # the benchmark's own template cache, empty at first: the first run of a side fills it
    os.environ["MITTEILUNG_CACHE"] = str(work / "cache")
    result: dict[str, Any] = {"runs": args.runs}
    result["docx_100"] = docx(work, 100, args.runs)
    result["one_vorlage"] = one_vorlage(work, args.runs)
    result["docx"] = docx(work, 1000, args.runs)
    result["pdf"] = pdf(work, args.pdf, args.runs)
    result["first_make_ratio"] = first_make(work, args.runs)["ratio"]
    one = incremental(work, 1000, args.runs)
    result["incremental"] = {"one_of_1000_s": one["median_s"], "none_of_1000_s": one["unchanged_s"]}
    if not args.quick:
        result["docx_10000"] = docx(work, 10000, args.runs, sample=1000)
        one = incremental(work, 10000, args.runs)
        result["incremental"]["one_of_10000_s"] = one["median_s"]
        result["incremental"]["none_of_10000_s"] = one["unchanged_s"]
    sizes = (1000,) if args.quick else (1000, 10000)
    result["memory_mb"] = {str(n): side.peak_mb(work / f"docs{n}", work / f"mem{n}") for n in sizes}
    result["profile"] = profile(work / "docs1000", work / "profiled")
    result["profile"]["startup_s"] = round(startup_s(), 3)
    result["floor_ms_per_doc"] = floors(work / "docs1000")
    result["budget"] = bench_budget.budgets(result)
    return result


def _docx_line(label: str, d: dict[str, Any], goal: str) -> str:
    return (
        f"  {label:<10} docxtpl {d['baseline_ms']:7.2f}  mitteilung {d['ours_ms']:7.2f}  "
        f"{d['ratio']:5.1f}x (Paare: {', '.join(map(str, d['ratios']))}; Ziel: {goal})"
    )


def report(r: dict[str, Any]) -> str:
    """The numbers as German text."""
    lines = [f".docx, ganzer Prozess, ms je Vorlage (Median aus {r['runs']} Läufen je Seite):"]
    lines.append(_docx_line("N = 100", r["docx_100"], "8x"))
    lines.append(_docx_line("N = 1000", r["docx"], "25x"))
    if "docx_10000" in r:
        lines.append(_docx_line("N = 10000", r["docx_10000"], "50x"))
    p = r["pdf"]
    lines += [
        "PDF, ms je Vorlage:",
        f"  soffice je Datei {p['per_call_ms']:8.1f}   ein soffice-Aufruf {p['one_call_ms']:8.1f}"
        f"   unserer {p['batch_ms']:8.1f}",
        f"  {p['ratio']}x gegen je Datei (Ziel 15x), {p['one_call_ratio']}x gegen einen Aufruf "
        "(Ziel 1,5x)",
        f"make: erster Lauf {r['first_make_ratio']}x ein build (Ziel: höchstens 1,2x); "
        + ", ".join(f"{k}: {v} s" for k, v in r["incremental"].items())
        + " (one: eine Vorlage geändert, Ziel bei 10000: unter 0,5 s; none: nichts geändert)",
        "Spitzenspeicher (MB; Ziel: unter 100, flach): "
        + ", ".join(f"{k}: {v}" for k, v in r["memory_mb"].items()),
        f"Eine Vorlage bauen: {r['one_vorlage']['warm_s']} s, mit leerem Cache der "
        f"Dokumentvorlagen {r['one_vorlage']['cold_s']} s",
        f"Wohin die Zeit geht (1000 Vorlagen, im Prozess, {r['profile']['total_s']} s; "
        f"Start eines Prozesses allein: {r['profile']['startup_s']} s):",
    ]
    fractions = r["profile"]["stages_fraction"]
    for stage, ms in r["profile"]["stages_ms_per_doc"].items():
        lines.append(f"  {stage:<40} {ms:7.3f} ms je Vorlage  {100 * fractions[stage]:5.1f} %")
    lines.append("Je Stufe ohne Profiler, ms je Vorlage (unser Weg / der schlichteste Weg):")
    for stage, f in r["floor_ms_per_doc"].items():
        floor = "      -" if f["floor"] is None else f"{f['floor']:7.3f}"
        lines.append(f"  {stage:<40} {f['ours']:7.3f} / {floor}")
    ours = sum(f["ours"] for f in r["floor_ms_per_doc"].values())
    lines.append(f"  {'zusammen':<40} {ours:7.3f}")
    lines += bench_budget.report(r["budget"])
    return "\n".join(lines)


def main() -> int:
    """Run the benchmark with the options given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="Läufe je Seite (Standard 3)")
    parser.add_argument("--pdf", type=int, default=20, help="Vorlagen für PDF (Standard 20)")
    parser.add_argument("--quick", action="store_true", help="ohne die Messungen mit 10.000")
    parser.add_argument("--disk", action="store_true", help="auf die Platte statt in den RAM")
    args = parser.parse_args()
    ram = Path("/dev/shm")
    where = None if args.disk or not ram.is_dir() else ram
    if shutil.which("make") is None:
        print("make fehlt: make bench braucht GNU make", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="mitteilung-bench-", dir=where) as work:
        result = run(args, Path(work))
        print(f"Arbeitsordner: {work} ({'im RAM' if where else 'auf der Platte'})")
    print(report(result))
    RESULT.parent.mkdir(exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"geschrieben: {RESULT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
