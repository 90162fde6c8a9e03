"""Where a document's time goes: a build profiled in this process, summed by stage.

cProfile sees the main thread only: writing, which runs in the writer thread beside rendering,
is measured apart as the time left after the main thread's stages. The figures are fractions
of one build's wall time, and the start of a process (`mitteilung --help`) on its own.
"""

from __future__ import annotations

import cProfile
import pstats
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from mitteilung.load.loader import load_project
from mitteilung.pipeline import build

#: (label, file ending, function name) of the functions whose cumulative time makes a stage
STAGES = (
    ("laden (YAML, Modell, Fakten)", "load/loader.py", "load_project"),
    ("prüfen (Regeln)", "check/__init__.py", "check"),
    ("Kontext und Textbausteine", "render/context.py", "full_context"),
    ("Word (Teile füllen, XML prüfen, zip)", "render/word.py", "render"),
    ("Text und HTML", "render/renderer.py", "text"),
)


def startup_s() -> float:
    """Seconds for `mitteilung --help` as a new process: imports and click."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mitteilung", "--help"], check=True, capture_output=True)
    return time.perf_counter() - start


def _cumulative(stats: pstats.Stats, ending: str, name: str) -> float:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    return sum(
        value[3]
        for (file, _, function), value in raw.items()
        if file.endswith(ending) and function == name
    )


def profile(project_dir: Path, out: Path) -> dict[str, Any]:
    """Fractions of a build's time by stage, and ms per document of each."""
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    project = load_project(project_dir, [project_dir / "data"])
    report = build(project, ("docx", "txt"), out)
    profiler.disable()
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    n = report.built + report.unchanged
    stages = {label: _cumulative(stats, ending, name) for label, ending, name in STAGES}
    # Text and HTML also render the Textbausteine inside full_context: count them there only
    bausteine = _within(stats, "render/context.py", "full_context", "render/renderer.py", "text")
    stages["Text und HTML"] -= bausteine
    stages["übrige (Schreiben wartet, Verwaltung)"] = total - sum(stages.values())
    return {
        "documents": n,
        "total_s": round(total, 2),
        "stages_ms_per_doc": {k: round(1000 * v / n, 3) for k, v in stages.items()},
        "stages_fraction": {k: round(v / total, 3) for k, v in stages.items()},
    }


def _within(stats: pstats.Stats, outer_file: str, outer: str, inner_file: str, inner: str) -> float:
    """Cumulative time of ``inner`` when called from ``outer``."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    found = 0.0
    for (file, _, function), value in raw.items():
        if file.endswith(inner_file) and function == inner:
            callers = value[4]
            for (caller_file, _, caller), caller_value in callers.items():
                if caller_file.endswith(outer_file) and caller == outer:
                    found += caller_value[3]
    return found
