"""Make dependency files (like `gcc -MD`): what each document's output files are built from.

For data/vorlagen/7939-2025-mitteilung.yaml and output folder build/, the file
build/.deps/data/vorlagen/7939-2025-mitteilung.d says:

    MITTEILUNG_OUTPUTS/data/vorlagen/7939-2025-mitteilung.yaml := build/7939-2025-mitteilung.docx …
    build/7939-2025-mitteilung.docx ...: MITTEILUNG_DOC := data/vorlagen/7939-2025-mitteilung.yaml
    build/7939-2025-mitteilung.docx ...: data/vorlagen/7939-2025-mitteilung.yaml data/stadt.yaml ...
    data/stadt.yaml ...:

Each is a makefile of its own, but the Makefile reads what all of them say from one file
(makerules.py, built from the same `Rule`s): at 10,000 documents, opening the depfiles cost
make more than all the rest. `make clean` and the build itself (outputs a data file made under
an old name) read the outputs of a data file from its depfile. The last line (like `gcc -MP`)
makes a deleted facts file or template rebuild its documents instead of stopping make.

make compares paths as text, so both sides write every path by one rule (`make_path`): relative
to the working directory where make runs if it lies inside it, absolute otherwise, without './'
or a '/' at the end. The Makefile brings DATA and OUT into that form before it uses them; an
output folder given as `/abs/pfad/` or `build/` then names the same targets here and there.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mitteilung.errors import display_path

DEPS_DIR = ".deps"
OUTPUTS_VAR = "MITTEILUNG_OUTPUTS"
# the line naming a document's outputs: its own variable, or `+=` as written before issue 14
_OUTPUTS_LINE = re.compile(rf"{OUTPUTS_VAR}(?:/(?:\\.|\S)*)? [:+]= (.*)")


def make_path(path: Path) -> str:
    """A path as the Makefile writes it: like $(abspath), with the working directory cut off."""
    absolute, cwd = os.path.abspath(path), os.getcwd()
    inside = os.path.join(cwd, "")  # with the separator: /a/bc is not inside /a/b
    if absolute == cwd:
        return "."
    return absolute.removeprefix(inside) if absolute.startswith(inside) else absolute


def depfile_path(out_dir: Path, data_file: Path) -> Path:
    """Where the dependency file of ``data_file`` goes: mirrors its path under out/.deps/."""
    name = os.path.splitext(make_path(data_file))[0] + ".d"  # as Path.with_suffix, faster
    # a data file outside the working directory is named by its absolute path, without the '/'
    return out_dir / DEPS_DIR / name.lstrip("/")


@dataclass(frozen=True, slots=True)  # one per document of a build, kept until its end
class Rule:
    """What make must know of one data file, every path as make reads it (see `make_path`):
    the data file, the files made from it, the files they are made from (the data file
    first). The depfile (`depfile_text`) and make's view of all documents (makerules.py)."""

    doc: str
    targets: tuple[str, ...]
    sources: tuple[str, ...]


def make_name(path: Path) -> str:
    """A path as make reads it (the name of a `Rule`'s data file)."""
    return _escape(os.fspath(path), os.getcwd())


def rule(data_file: Path, outputs: Iterable[Path], sources: Iterable[Path]) -> Rule:
    """The make rule of one data file: its outputs depend on every file it uses."""
    cwd = os.getcwd()  # once: the shared templates and facts files are escaped once per build
    doc = _escape(os.fspath(data_file), cwd)
    targets = tuple(_escape(os.fspath(p), cwd) for p in outputs)
    used = dict.fromkeys(_escape(os.fspath(p), cwd) for p in sources)
    used.pop(doc, None)
    return Rule(doc, targets, (doc, *used))


def depfile_text(data_file: Path, rule: Rule) -> str:
    """The depfile of one data file (see the module's docstring)."""
    doc, targets = rule.doc, " ".join(rule.targets)
    others = rule.sources[1:]
    lines = [
        f"# mitteilung build --depfile: wovon {display_path(data_file)} abhängt "
        "(wird bei jedem Bau neu geschrieben)",
        f"{OUTPUTS_VAR}/{doc} := {targets}",
        f"{targets}: MITTEILUNG_DOC := {doc}",
        f"{targets}: " + " \\\n  ".join(rule.sources),
    ]
    if others:
        lines.append(" ".join(others) + ":")
    return "\n".join(lines) + "\n"


def listed_outputs(line: str) -> str | None:
    """The outputs (as make reads them) a depfile line names, or None for any other line."""
    match = _OUTPUTS_LINE.fullmatch(line)
    return match.group(1) if match else None


@functools.lru_cache(maxsize=4096)
def _escape(path: str, cwd: str) -> str:
    """A path as make reads it (see `make_path`; ``cwd``: the working directory, part of the
    cache key), with spaces, '#' and '$' escaped."""
    return make_path(Path(path)).replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ")
