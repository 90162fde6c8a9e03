"""Make dependency files (like `gcc -MD`): what each document's output files are built from.

For data/vorlagen/7939-2025-mitteilung.yaml and output folder build/, the file
build/.deps/data/vorlagen/7939-2025-mitteilung.d says:

    MITTEILUNG_DOCS += data/vorlagen/7939-2025-mitteilung.yaml
    MITTEILUNG_OUTPUTS += build/7939-2025-mitteilung.docx build/7939-2025-mitteilung.txt ...
    build/7939-2025-mitteilung.docx ...: MITTEILUNG_DOC := data/vorlagen/7939-2025-mitteilung.yaml
    build/7939-2025-mitteilung.docx ...: data/vorlagen/7939-2025-mitteilung.yaml data/stadt.yaml ...
    data/stadt.yaml ...:

The Makefile includes these files; the last line (like `gcc -MP`) makes a deleted facts file
or template rebuild its documents instead of stopping make.

make compares paths as text, so both sides write every path by one rule (`make_path`): relative
to the working directory where make runs if it lies inside it, absolute otherwise, without './'
or a '/' at the end. The Makefile brings DATA and OUT into that form before it uses them; an
output folder given as `/abs/pfad/` or `build/` then names the same targets here and there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from mitteilung.errors import display_path

DEPS_DIR = ".deps"


def make_path(path: Path) -> str:
    """A path as the Makefile writes it: like $(abspath), with the working directory cut off."""
    absolute, cwd = os.path.abspath(path), os.getcwd()
    inside = os.path.join(cwd, "")  # with the separator: /a/bc is not inside /a/b
    if absolute == cwd:
        return "."
    return absolute.removeprefix(inside) if absolute.startswith(inside) else absolute


def depfile_path(out_dir: Path, data_file: Path) -> Path:
    """Where the dependency file of ``data_file`` goes: mirrors its path under out/.deps/."""
    name = Path(make_path(data_file)).with_suffix(".d")
    # a data file outside the working directory is named by its absolute path, without the '/'
    return out_dir / DEPS_DIR / name.relative_to(name.anchor)


def depfile_text(data_file: Path, outputs: Iterable[Path], sources: Iterable[Path]) -> str:
    """The make rules for one document: its outputs depend on every file it uses."""
    doc = _escape(data_file)
    targets = " ".join(_escape(p) for p in outputs)
    used = list(dict.fromkeys(_escape(p) for p in sources))
    others = [s for s in used if s != doc]
    lines = [
        f"# mitteilung build --depfile: wovon {display_path(data_file)} abhängt "
        "(wird bei jedem Bau neu geschrieben)",
        f"MITTEILUNG_DOCS += {doc}",
        f"MITTEILUNG_OUTPUTS += {targets}",
        f"{targets}: MITTEILUNG_DOC := {doc}",
        f"{targets}: " + " \\\n  ".join(used),
    ]
    if others:
        lines.append(" ".join(others) + ":")
    return "\n".join(lines) + "\n"


def _escape(path: Path) -> str:
    """A path as make reads it (see `make_path`), with spaces, '#' and '$' escaped."""
    return make_path(path).replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ")
