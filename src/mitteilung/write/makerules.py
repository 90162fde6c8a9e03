"""make's view of every document, in one file: OUT/.deps/make/dokumente.mk (see the Makefile).

Reading one depfile per document cost make more than everything else it did: at 10,000
Vorlagen about a second to open the files and as much again for their target-specific
variables, before it compared a single date. So each build with --depfile also keeps what all
depfiles say in one file, which make reads instead:

    MITTEILUNG_LAYOUT := <LAYOUT>
    MITTEILUNG_SRC/<data file> := <data file> <every file it uses>
    MITTEILUNG_OUT/<data file> := <every file made from it, in every format it has>
    ...
    MITTEILUNG_DOCS := <every data file above>
    <every file used>:          (like `gcc -MP`: a deleted template rebuilds, never stops make)

From it the Makefile makes, with one $(eval), a rule per document for only the formats it
keeps current: `<its outputs in them>: $(MITTEILUNG_SRC/<data file>)`. The first prerequisite
of an output is its data file, so the recipe finds it as `$<`.

A build adds the rules of the depfiles it wrote to those before and drops the data files that
are gone. A data file whose name make cannot handle (see the Makefile) gets its depfile but is
left out here: one such line would stop make for every document. A file of another layout
(another `LAYOUT`) is not read; the Makefile then hands every data file to the program, which
writes it anew (also after an update from the depfiles alone).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from mitteilung.write.atomic import write_atomic
from mitteilung.write.depfile import DEPS_DIR, Rule

#: The folder of make's files in the output folder
FOLDER = Path(DEPS_DIR) / "make"
DOCS_FILE = "dokumente.mk"
#: Raised whenever the layout of these files changes
LAYOUT = 1
_HEADER = (
    f"# mitteilung build --depfile (Aufbau {LAYOUT}): was make über alle Dokumente wissen muss "
    "(wird bei jedem Bau neu geschrieben)"
)
_SRC, _OUT = "MITTEILUNG_SRC/", "MITTEILUNG_OUT/"
# what make cannot read in a variable's name or a target (escaped spaces included)
_UNSAFE = re.compile(r"[\s;:#|$%=*?()\[\]\\]")
_WORD = re.compile(r"(?:\\.|[^\s\\])+")


#: A document's two lines in dokumente.mk
_Lines = tuple[str, str]


def write_rules(out_dir: Path, written: Mapping[str, Rule]) -> None:
    """Rewrite make's file in ``out_dir``: the rules before, those ``written`` now."""
    path = out_dir / FOLDER / DOCS_FILE
    docs, used = _read(path)
    for doc, r in written.items():
        if not _UNSAFE.search(doc):
            docs[doc] = (
                f"{_SRC}{doc} := {_value(' '.join(r.sources))}",
                f"{_OUT}{doc} := {_value(' '.join(r.targets))}",
            )
            used.update(dict.fromkeys(r.sources[1:]))
    kept = [doc for doc in sorted(docs) if os.path.lexists(doc)]  # a safe name: no escapes
    lines = [_HEADER, f"MITTEILUNG_LAYOUT := {LAYOUT}"]
    for doc in kept:
        lines += docs[doc]
    lines.append("MITTEILUNG_DOCS := " + " ".join(kept))
    if used:  # sorted: the same whichever process wrote which depfile
        lines.append(" ".join(sorted(used)) + ":")
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8", errors="surrogateescape"))


def _value(words: str) -> str:
    """Words as make reads them in a rule, written as a variable's value that keeps them so:
    the Makefile hands them to $(eval), which reads them as a rule again."""
    if "$" not in words and "#" not in words:
        return words
    return words.replace("$", "$$").replace("\\#", "\\\\\\#")


def _read(path: Path) -> tuple[dict[str, _Lines], dict[str, None]]:
    """The lines of each document in dokumente.mk and the files they use (none where it is
    missing or of another layout). The files used are only ever added to: an empty rule for a
    file no document uses any more does no harm."""
    try:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return {}, {}
    lines = text.splitlines()
    if not lines or lines[0] != _HEADER:
        return {}, {}
    docs: dict[str, _Lines] = {}
    used: dict[str, None] = {}
    for i, line in enumerate(lines):
        if line.startswith(_SRC) and i + 1 < len(lines) and lines[i + 1].startswith(_OUT):
            docs[line[len(_SRC) : line.index(" := ")]] = (line, lines[i + 1])
        elif line.endswith(":") and not line.startswith("MITTEILUNG_"):
            used = dict.fromkeys(_words(line[:-1]))
    return docs, used


def _words(line: str) -> list[str]:
    """make's words: split at spaces, where a space is not escaped."""
    return _WORD.findall(line) if "\\" in line else line.split()
