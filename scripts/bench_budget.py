"""What each speed goal of issue 14 leaves a document, against what its stages need.

Computed from one `make bench` run's own numbers, nothing assumed:
  .docx    a goal of r times the docxtpl loop at N documents allows baseline_ms / r of wall
           time a document, start-up included. The start of a process (one Vorlage built,
           template cache warm) spread over N is taken off; what is left, times the cores,
           is the CPU time all stages of a document may use. The stages with a known floor
           (scripts/bench_floor.py: the plainest way to read, parse YAML, deflate and write,
           keeping nothing of our guarantees) are counted at that floor; "factor" is how many
           times faster every other stage (model, rules, Textbausteine, Jinja, XML check)
           would have to get than measured there. Optimistic for the goal: measured in a
           tight loop, a stage costs less than inside a build.
  make     one changed Vorlage in 10,000 in under 0.5 s: make alone (nothing to do) plus the
           start of the program, before it has read a file.
A budget below zero, or below the known floors, cannot be met by making our code faster.
"""

from __future__ import annotations

from typing import Any

from mitteilung.pipeline.processes import cores

#: (key in bench.json, N, goal as a multiple of the docxtpl loop)
DOCX_GOALS = (("docx_100", 100, 8), ("docx", 1000, 25), ("docx_10000", 10000, 50))
#: seconds for `make` after one changed Vorlage in 10,000
MAKE_GOAL_S = 0.5


def budgets(r: dict[str, Any], n_cores: int | None = None) -> dict[str, Any]:
    """For each goal: the time it leaves a document, and what the stages need."""
    n_cores = n_cores or cores()
    start_s = r["one_vorlage"]["warm_s"]
    stages = r["floor_ms_per_doc"].values()
    floors = sum(s["floor"] for s in stages if s["floor"] is not None)
    rest = sum(s["ours"] for s in stages if s["floor"] is None)
    result: dict[str, Any] = {"cores": n_cores, "start_s": start_s}
    result["known_floors_ms"] = round(floors, 3)
    result["other_stages_ms"] = round(rest, 3)
    for key, n, goal in DOCX_GOALS:
        if key not in r:
            continue
        allowed = r[key]["baseline_ms"] / goal
        cpu = (allowed - 1000 * start_s / n) * n_cores
        result[key] = {
            "allowed_ms": round(allowed, 3),
            "cpu_for_stages_ms": round(cpu, 3),
            "factor": round(rest / (cpu - floors), 1) if cpu > floors else None,
        }
    make_alone = r["incremental"].get("none_of_10000_s")
    if make_alone is not None:
        left = MAKE_GOAL_S - make_alone - start_s
        result["one_of_10000"] = {"make_alone_s": make_alone, "left_s": round(left, 3)}
    return result


def report(b: dict[str, Any]) -> list[str]:
    """The budgets as German lines for the benchmark's output."""
    lines = [
        f"Was die Ziele einer Vorlage lassen ({b['cores']} Kerne; Start eines Baus "
        f"{b['start_s']} s; Stufen mit bekannter Untergrenze dort zusammen "
        f"{b['known_floors_ms']} ms CPU je Vorlage, die übrigen heute {b['other_stages_ms']} ms):"
    ]
    for key, n, goal in DOCX_GOALS:
        if key not in b:
            continue
        d = b[key]
        verdict = (
            "unmöglich: Start und Untergrenzen allein brauchen mehr"
            if d["factor"] is None
            else f"die übrigen Stufen müssten {d['factor']}x so schnell werden"
        )
        lines.append(
            f"  .docx N = {n:<6} {goal}x: {d['allowed_ms']:.3f} ms je Vorlage erlaubt, für die "
            f"Stufen bleiben {d['cpu_for_stages_ms']:.3f} ms CPU ({verdict})"
        )
    if "one_of_10000" in b:
        o = b["one_of_10000"]
        lines.append(
            f"  make, eine in 10000 unter {MAKE_GOAL_S} s: make allein {o['make_alone_s']} s, "
            f"dazu der Start; für die Arbeit bleiben {o['left_s']} s"
        )
    return lines
