"""`make bench` says what each speed goal leaves a document, from the run's own numbers."""

from __future__ import annotations

from typing import Any

from scripts.bench_budget import budgets, report


def result(start_s: float, make_alone_s: float) -> dict[str, Any]:
    """A benchmark result as bench.py writes it, with round numbers."""
    return {
        "one_vorlage": {"warm_s": start_s},
        "docx_100": {"baseline_ms": 16.0},
        "docx": {"baseline_ms": 15.0},
        "floor_ms_per_doc": {
            "YAML": {"ours": 0.12, "floor": 0.1},
            "deflate": {"ours": 0.2, "floor": 0.1},
            "Jinja (Word-Teile)": {"ours": 0.4, "floor": None},
        },
        "incremental": {"none_of_10000_s": make_alone_s},
    }


def test_the_time_left_for_the_stages_and_how_much_faster_they_must_get() -> None:
    b = budgets(result(start_s=0.1, make_alone_s=0.3), n_cores=2)
    # 15 ms / 25 = 0.6 ms a document; 0.1 ms of it the start; (0.6 - 0.1) * 2 = 1.0 ms CPU;
    # the floors take 0.2 of it; Jinja's 0.4 ms fits in the 0.8 left: 0.5x (met)
    assert b["docx"] == {"allowed_ms": 0.6, "cpu_for_stages_ms": 1.0, "factor": 0.5}
    assert b["one_of_10000"] == {"make_alone_s": 0.3, "left_s": 0.1}
    assert "docx_10000" not in b  # not measured (--quick)


def test_a_goal_the_start_alone_exceeds_is_called_impossible() -> None:
    b = budgets(result(start_s=0.3, make_alone_s=0.4), n_cores=2)
    assert b["docx_100"]["factor"] is None  # 16 / 8 = 2 ms allowed, the start takes 3 ms
    lines = report(b)
    assert any("N = 100" in line and "unmöglich" in line for line in lines)
    assert any("bleiben -0.2 s" in line for line in lines)
