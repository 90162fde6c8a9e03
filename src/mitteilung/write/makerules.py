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
from collections.abc import Iterator, Mapping
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
#: Lines written at a time
_CHUNK = 1000


def write_rules(out_dir: Path, written: Mapping[str, Rule]) -> None:
    """Rewrite make's file in ``out_dir``: the rules before, those ``written`` now.

    Both are in the order of their data files: the old file is read as it is written anew,
    so that a project of any size needs no more memory than the rules of this build."""
    path = out_dir / FOLDER / DOCS_FILE
    new = sorted((doc, r) for doc, r in written.items() if not _UNSAFE.search(doc))
    old = _Old(path)
    write_atomic(path, _chunks(_merged(old.pairs(), new), old, new))


def _merged(
    old: Iterator[tuple[str, _Lines]], new: list[tuple[str, Rule]]
) -> Iterator[tuple[str, _Lines]]:
    """The lines of every document, in order: from ``new`` where it has them."""
    i = 0
    for doc, lines in old:
        while i < len(new) and new[i][0] < doc:
            yield new[i][0], _lines(new[i][1])
            i += 1
        if i < len(new) and new[i][0] == doc:
            continue  # written anew: yielded with the next older document or at the end
        yield doc, lines
    for doc, r in new[i:]:
        yield doc, _lines(r)


def _lines(r: Rule) -> _Lines:
    return (
        f"{_SRC}{r.doc} := {_value(' '.join(r.sources))}",
        f"{_OUT}{r.doc} := {_value(' '.join(r.targets))}",
    )


def _chunks(
    merged: Iterator[tuple[str, _Lines]], old: _Old, new: list[tuple[str, Rule]]
) -> Iterator[bytes]:
    """The new file, a few lines at a time; data files that are gone left out."""
    lines, kept = [_HEADER, f"MITTEILUNG_LAYOUT := {LAYOUT}"], []
    for doc, pair in merged:
        if os.path.lexists(doc):  # a safe name: no escapes
            kept.append(doc)
            lines += pair
        if len(lines) >= _CHUNK:
            yield _text(lines)
            lines = []
    lines.append("MITTEILUNG_DOCS := " + " ".join(kept))
    used = {**old.used, **{s: None for _, r in new for s in r.sources[1:]}}
    if used:  # sorted: the same whichever process wrote which depfile
        lines.append(" ".join(sorted(used)) + ":")
    yield _text(lines)


def _text(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8", errors="surrogateescape")


def _value(words: str) -> str:
    """Words as make reads them in a rule, written as a variable's value that keeps them so:
    the Makefile hands them to $(eval), which reads them as a rule again."""
    if "$" not in words and "#" not in words:
        return words
    return words.replace("$", "$$").replace("\\#", "\\\\\\#")


class _Old:
    """dokumente.mk as it was, read one document after another (nothing where it is missing
    or of another layout)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: the files used, known once every document is read. Only ever added to: an empty
        #: rule for a file no document uses any more does no harm.
        self.used: dict[str, None] = {}

    def pairs(self) -> Iterator[tuple[str, _Lines]]:
        """Each document's two lines, in the order of the file."""
        try:
            file = open(self.path, encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
        except OSError:
            return
        with file:
            if file.readline().rstrip("\n") != _HEADER:
                return
            src = None
            for line in file:
                line = line.rstrip("\n")
                if line.startswith(_SRC):
                    src = line
                elif line.startswith(_OUT) and src is not None:
                    yield src[len(_SRC) : src.index(" := ")], (src, line)
                    src = None
                elif line.endswith(":") and not line.startswith("MITTEILUNG_"):
                    self.used = dict.fromkeys(_words(line[:-1]))


def _words(line: str) -> list[str]:
    """make's words: split at spaces, where a space is not escaped."""
    return _WORD.findall(line) if "\\" in line else line.split()
