"""Regenerate tests/golden/ from data/ (run through `make golden`, never edit by hand).

The golden files are the text form of every sample document; tests compare builds with them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

from mitteilung.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def run() -> int:
    """Build the text form of data/ into tests/golden/."""
    shutil.rmtree(GOLDEN, ignore_errors=True)
    result = CliRunner().invoke(
        main, ["-C", str(ROOT), "build", str(ROOT / "data"), "-o", str(GOLDEN), "-f", "txt"]
    )
    print(result.output, end="")
    return result.exit_code


if __name__ == "__main__":
    sys.exit(run())
