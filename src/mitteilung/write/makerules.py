"""make's view of every document, in one file: OUT/.deps/make/dokumente.mk (see the Makefile).

Reading one depfile per document cost make more than everything else it did: at 10,000
Vorlagen about a second to open the files and as much again for their target-specific
variables, before it compared a single date. So each build with --depfile also keeps what all
depfiles say in one file, which make reads instead:

    # Arbeitsordner: <the working folder of make and the program, to which paths are relative>
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
writes it anew (also after an update from the depfiles alone). So it does while a build has
begun and not finished (the file `unfertig` beside it, see `begin`), and for a data file that
has a depfile but no rule here (moved away and back, or built by hand into a folder without
this file): it is a document, whose rule is unknown.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from mitteilung.write.atomic import write_atomic
from mitteilung.write.depfile import DEPS_DIR, Rule

#: The folder of make's files in the output folder
FOLDER = Path(DEPS_DIR) / "make"
DOCS_FILE = "dokumente.mk"
#: There while a build with depfiles runs, and after one that was broken off (see `begin`)
UNFINISHED = "unfertig"
#: Raised whenever the layout of these files changes
LAYOUT = 2
_BASE = "# Arbeitsordner: "  # make's, to which the paths are relative
_HEADER = (
    f"# mitteilung build --depfile (Aufbau {LAYOUT}): was make über alle Dokumente wissen muss "
    "(wird bei jedem Bau neu geschrieben)"
)
_SRC, _OUT = "MITTEILUNG_SRC/", "MITTEILUNG_OUT/"
# what make cannot read in a variable's name or a target (escaped spaces included)
_UNSAFE = re.compile(r"[\s;:#|$%=*?()\[\]\\]")
_WORD = re.compile(r"(?:\\.|[^\s\\])+")
# what make cannot read in a file it compares, even escaped: ';' starts a recipe, ':' '|' '='
# make rules, order-only files and variables of it, '%' '*' '?' '[' ']' patterns, '(' ')'
# archive members; a backslash other than the escapes of ' ' and '#' (see depfile._escape)
_NOT_READABLE = re.compile(r"[;:|%=*?()\[\]]|\\(?![# ])")


#: A document's two lines in dokumente.mk
_Lines = tuple[str, str]
#: Lines written at a time
_CHUNK = 1000


def begin(out_dir: Path) -> None:
    """Mark the rules as unsure until `write_rules` ends this build: depfiles and outputs are
    written as the build goes, the rules only at its end. The Makefile hands every data file
    to the program while the mark is there (after Ctrl+C or a kill: everything is checked
    once, unchanged outputs stay untouched)."""
    write_atomic(out_dir / FOLDER / UNFINISHED, _MARK)


def write_rules(
    out_dir: Path, written: Mapping[str, Rule], gone: Collection[str] = frozenset()
) -> list[str]:
    """Rewrite make's file in ``out_dir``: the rules before, those ``written`` now, none of
    the data files ``gone`` (that made no document now); then the rules are sure again (see
    `begin`).

    Both are in the order of their data files: the old file is read as it is written anew,
    so that a project of any size needs no more memory than the rules of this build. Paths
    are relative to the working folder: a build run by hand from another folder than the one
    make runs in leaves the file alone (and the mark: the next make checks everything).

    Returns the files whose names make cannot read: the documents using them get no rule."""
    path = out_dir / FOLDER / DOCS_FILE
    unreadable = {doc: names for doc, r in written.items() if (names := _unreadable(r))}
    new = sorted(
        (doc, r) for doc, r in written.items() if not _UNSAFE.search(doc) and doc not in unreadable
    )
    with _Old(path) as old:
        if old.base not in (None, os.getcwd()):
            return []
        pairs = (p for p in old.pairs() if p[0] not in gone and p[0] not in unreadable)
        write_atomic(path, _chunks(_merged(pairs, new), old, new))
    (out_dir / FOLDER / UNFINISHED).unlink(missing_ok=True)
    return sorted({_shown(name) for names in unreadable.values() for name in names})


def _unreadable(r: Rule) -> list[str]:
    """The files of a rule that make cannot read (a document without a rule goes to the
    program at every make: slower, never outdated)."""
    return [name for name in (*r.sources, *r.targets) if _NOT_READABLE.search(name)]


def _shown(name: str) -> str:
    """A file's name as written in the rules, as the user sees it (see depfile._escape)."""
    return name.replace("\\ ", " ").replace("\\#", "#").replace("$$", "$")


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
    lines, kept = [_HEADER, _BASE + os.getcwd(), f"MITTEILUNG_LAYOUT := {LAYOUT}"], []
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
        #: the files used, known once every document is read. Only ever added to: an empty
        #: rule for a file no document uses any more does no harm.
        self.used: dict[str, None] = {}
        self.base: str | None = None  # the working folder it was written in
        self.file: TextIO | None = None
        try:
            self.file = open(path, encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
        except OSError:
            self.file = None
            return
        if self.file.readline().rstrip("\n") != _HEADER:
            self.close()
            return
        self.base = self.file.readline().rstrip("\n").removeprefix(_BASE)

    def __enter__(self) -> _Old:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (the pairs not read yet are then none)."""
        if self.file is not None:
            self.file.close()
            self.file = None

    def pairs(self) -> Iterator[tuple[str, _Lines]]:
        """Each document's two lines, in the order of the file."""
        src = None
        for line in self.file or ():
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


_MARK = (
    "Ein Bau mit --depfile läuft oder wurde abgebrochen: make gibt beim nächsten Mal jede\n"
    "Datendatei an das Programm (siehe src/mitteilung/write/makerules.py).\n"
).encode()
