"""The output folder of a build: every file written atomically, unchanged files left alone,
a make dependency file per document (on request), and the batch's PDFs made in one run.

Each document's files are written as soon as it is rendered, in the same thread. (A writer
thread beside rendering was slower: writes without fsync only copy into the page cache, and
the two threads handing the interpreter lock back and forth cost more than they overlapped,
0.85 to 0.98 times the wall time of a build of 1,000 without it; see CHANGELOG.)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mitteilung.errors import InputError, MitteilungError, Problem, display_path, os_reason, short
from mitteilung.model.formats import filename
from mitteilung.write import makerules
from mitteilung.write.atomic import creatable, remove_stale_temp, write_if_changed
from mitteilung.write.clean import mark, outputs_of
from mitteilung.write.depfile import Rule, depfile_path, depfile_text, rule
from mitteilung.write.oparl_json import FileInfo, dump, main_file

if TYPE_CHECKING:
    from mitteilung.write.pdf import PdfBatch

#: Makes a document's OParl Paper once its main file is known (size and checksum)
PaperMaker = Callable[[FileInfo | None], dict[str, Any]]
#: What is written of a document: its stem, files by format, every format it has,
#: its date (the PDF's creation date)
_Files = tuple[str, dict[str, bytes], Sequence[str], date | None]


@dataclass(frozen=True)
class Output:
    """One document to write: its rendered files and what make must know of them."""

    stem: str  # the output files' name without suffix
    data_file: Path  # the file it is built from (named when it fails)
    files: dict[str, bytes]  # by format
    available: Sequence[str]  # every format it has (the targets of its depfile)
    sources: Sequence[Path] = ()  # every file it is made from (its depfile's prerequisites)
    paper: PaperMaker | None = None  # with -f oparl
    datum: date | None = None  # the Vorlage's or Sitzung's date: its PDF's creation date


class OutputFolder:
    """Writes the requested formats of each document into one folder."""

    def __init__(
        self,
        folder: Path,
        formats: Sequence[str],
        depfiles: bool = False,
    ) -> None:
        self.folder, self.formats, self.depfiles = folder, formats, depfiles
        self._cleaned: set[Path] = set()
        self._marked = False  # the marker written (see clean.py)
        try:
            creatable(folder)  # made with the first file: a build without any leaves none
        except OSError as exc:
            raise MitteilungError(
                f"Zielordner {short(display_path(folder))} kann nicht angelegt werden "
                f"({os_reason(exc)}); einen anderen Ordner mit -o angeben"
            ) from None
        self._clean(folder)
        self.pdf: PdfBatch | None = None
        self.error: str | None = None  # why the PDFs cannot be made at all
        if "pdf" in formats:
            # only here: the PDF writer loads pikepdf, which a build without -f pdf never needs
            from mitteilung.write.pdf import PdfBatch, PdfError, find_soffice

            try:
                self.pdf = PdfBatch(folder, find_soffice())
                self.pdf.touch = depfiles
            except PdfError as exc:
                self.error = str(exc)
        self.changed = self.unchanged = 0  # documents written, documents already up to date
        self.groups = 0  # data files with several documents (Sitzungen) written
        self._group_files: set[Path] = set()
        self.uncounted: set[Path] = set()  # groups not counted in ``groups``
        self.failed: list[tuple[Path, Problem]] = []  # data file, why it could not be written
        self.rules: dict[str, Rule] = {}  # by data file: the depfiles written (for makerules.py)
        self.sources: dict[str, Path] = {}  # data file of each document queued for PDF
        # OParl Papers that describe a PDF: written once the PDF exists (a few kB each)
        self._papers_for_pdf: dict[str, dict[str, Any]] = {}

    def forked(self) -> None:
        """In a helper process (pipeline/parallel.py): nothing counted yet."""
        self.changed = self.unchanged = 0
        self.failed, self.rules = [], {}

    def write(self, doc: Output) -> None:
        """Write one document's files (and its depfile)."""
        if self.pdf is not None:
            self.sources[doc.stem] = doc.data_file
        try:
            outputs = self._paper(doc) if doc.paper is not None else doc.files
        except InputError as exc:  # an id of another object: nothing of it is written
            self.failed.extend((doc.data_file, problem) for problem in exc.problems)
            return
        self._submit(doc.data_file, doc.sources, [(doc.stem, outputs, doc.available, doc.datum)])

    def write_group(self, docs: Sequence[Output], counted: bool = True) -> None:
        """Write several documents made from one data file (a Sitzung's): one depfile for all,
        counted as one in ``groups`` (not with ``counted`` false: the Beschlusskontrolle)."""
        data_file = docs[0].data_file
        if not counted:
            self.uncounted.add(data_file)
        if self.pdf is not None:
            for doc in docs:
                self.sources[doc.stem] = data_file
        self._group_files.add(data_file)
        sources = list(dict.fromkeys(p for doc in docs for p in doc.sources))
        self._submit(data_file, sources, [(d.stem, d.files, d.available, d.datum) for d in docs])

    def is_group(self, data_file: Path) -> bool:
        """Whether the data file's documents were written as a group (a Sitzung's)."""
        return data_file in self._group_files

    def _submit(self, data_file: Path, sources: Sequence[Path], docs: list[_Files]) -> None:
        self._count(data_file, self._write(data_file, list(sources), docs))

    def _paper(self, doc: Output) -> dict[str, bytes]:
        """Add the OParl Paper to the files, or keep it until its PDF is made."""
        assert doc.paper is not None
        if self.pdf is not None and "docx" in doc.files:
            # size and checksum of the PDF are filled in by finish()
            pending = FileInfo("pdf", 0, "")
            self._papers_for_pdf[doc.stem] = doc.paper(pending)
            return doc.files
        written = {k: v for k, v in doc.files.items() if k in self.formats}
        return {**doc.files, "oparl": dump(doc.paper(main_file(written)))}

    def _count(self, data_file: Path, result: Problem | bool) -> None:
        if isinstance(result, Problem):
            self.failed.append((data_file, result))
        elif data_file in self._group_files:
            self.groups += data_file not in self.uncounted
        elif result:
            self.changed += 1
        else:
            self.unchanged += 1

    def _write(self, data_file: Path, sources: list[Path], docs: list[_Files]) -> Problem | bool:
        """Write the files of one data file's documents: True if any of them changed, the
        problem if one cannot be written (the old file stays, as write_atomic promises)."""
        path = self.folder
        made = self._rule(data_file, sources, docs) if self.depfiles else None
        if isinstance(made, Problem):
            return made
        try:
            if self.depfiles and not self._marked:  # make's output folder: only one with the
                mark(self.folder)  # marker may be cleaned
                makerules.begin(self.folder)  # its rules unsure until the build ends
                self._marked = True
            changed = False
            for stem, outputs, _, day in docs:
                for fmt, data in outputs.items():
                    if fmt in self.formats:
                        path = self.folder / filename(stem, fmt)
                        changed |= write_if_changed(path, data, touch=self.depfiles)
                if self.pdf is not None and "docx" in outputs:
                    self.pdf.add(stem, outputs["docx"], day)
            if made is not None:
                made_rule, text = made
                path = depfile_path(self.folder, data_file)
                self._clean(path.parent)
                # what this data file made before under another name (a Sitzung's new date)
                stale = outputs_of(self._absolute, path) - set(self._targets(docs, absolute=True))
                write_if_changed(path, text)
                for path in sorted(stale):
                    path.unlink(missing_ok=True)
                self.rules[made_rule.doc] = made_rule
        except OSError as exc:
            message = f"kann nicht geschrieben werden ({os_reason(exc)}); die alte Datei bleibt"
            return Problem(display_path(path), None, None, message)
        return changed

    def _rule(
        self, data_file: Path, sources: list[Path], docs: list[_Files]
    ) -> tuple[Rule, bytes] | Problem:
        """The make rule and depfile of a data file, or why make could not use them (before
        anything is written)."""
        try:
            made = rule(data_file, self._targets(docs), sources)
            return made, depfile_text(data_file, made).encode("utf-8")
        except UnicodeEncodeError:
            # a file name that is no UTF-8 (e.g. from an old Windows archive) cannot be listed
            message = (
                "der Dateiname ist kein gültiger UTF-8-Text; für make die Datei umbenennen "
                "(nur Buchstaben, Ziffern, - und _)"
            )
            return Problem(display_path(data_file), None, None, message)

    def _targets(self, docs: list[_Files], absolute: bool = False) -> list[Path]:
        """Every file the documents of one data file have, in every format they have."""
        folder = self._absolute if absolute else self.folder
        return [folder / filename(stem, fmt) for stem, _, available, _ in docs for fmt in available]

    @property
    def _absolute(self) -> Path:
        return Path(os.path.abspath(self.folder))

    def finish(self, progress: Callable[[str], None] | None = None) -> list[str]:
        """Make the queued PDFs; return the stems that got none (and set ``error`` why)."""
        if self.pdf is None:
            return []
        from mitteilung.write.pdf import PdfError  # loaded already: self.pdf is a PdfBatch

        try:
            failed = self.pdf.convert(progress)
        except PdfError as exc:
            self.error = str(exc)
            failed = exc.failed
        for stem in set(self._papers_for_pdf) & set(self.pdf.stems) - set(failed):
            self._write_paper(stem, self._papers_for_pdf[stem])
        return failed

    def _write_paper(self, stem: str, paper: dict[str, Any]) -> None:
        """Write a Paper once its PDF exists: with the PDF's size and checksum."""
        info = FileInfo.of("pdf", (self.folder / filename(stem, "pdf")).read_bytes())
        paper["mainFile"].update(size=info.size, sha512Checksum=info.sha512)
        path = self.folder / filename(stem, "oparl")
        write_if_changed(path, dump(paper), touch=self.depfiles)

    def _clean(self, folder: Path) -> None:
        """Remove temporary files of killed builds, once per folder."""
        if folder not in self._cleaned:
            self._cleaned.add(folder)
            remove_stale_temp(folder)
