"""A synthetic batch large enough for several build processes, and what tests see of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mitteilung.pipeline import parallel
from scripts.synthetic import make_project

COUNT = 2 * parallel.MIN_SHARE  # synthetic Vorlagen: enough for two processes


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A synthetic project of ``COUNT`` Vorlagen (and the samples) as working directory, built
    by two processes (also on a machine with one core)."""
    make_project(tmp_path, COUNT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(parallel.VARIABLE, "2")
    return tmp_path


def files(out: Path) -> dict[str, bytes]:
    """Every file below ``out`` by relative path, but the index (it holds times)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "index.json"
    }


def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the helpers the build starts (in this process: a helper exits on its own)."""
    started: list[int] = []
    real = os.fork

    def counted() -> int:
        started.append(1)
        return real()

    monkeypatch.setattr(parallel.os, "fork", counted)
    return started
