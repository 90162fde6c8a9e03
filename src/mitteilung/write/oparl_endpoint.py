"""The OParl endpoint as a folder of static files (build/oparl/): one file per object, paged
lists, the published documents beside them.

The path of each file is its id after ``stadt.oparl_basis``; object files have no suffix (a
web server must send them as application/json), documents keep theirs (.pdf, .docx). Every
file is written atomically and only when it changed; files of objects no longer published (a
Vorlage made nichtöffentlich, a Sitzung removed) are deleted, so the folder is the graph.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote

from mitteilung import defaults
from mitteilung.errors import display_path, os_reason
from mitteilung.write.atomic import remove_stale_temp, write_if_changed
from mitteilung.write.oparl_graph import LISTS, OPARL, Graph
from mitteilung.write.oparl_ids import Ids
from mitteilung.write.oparl_json import MAIN_FORMATS, FileInfo, dump

FOLDER = defaults.OPARL_FOLDER
PAGE_SIZE = defaults.OPARL_PAGE_SIZE
#: The folders of the endpoint: only files in these are ever deleted as stale.
OWN = ("system", "list", "body", "organization", "legislativeterm", "paper", "consultation",
       "meeting", "agendaitem", "location", "file", "download")  # fmt: skip


def embedded(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``obj`` and every OParl object inside it, each once."""
    yield obj
    for value in obj.values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict) and str(item.get("type", "")).startswith(OPARL):
                yield from embedded(item)


def pages(ids: Ids, name: str, objects: Sequence[dict[str, Any]], size: int) -> Iterator[Any]:
    """The pages of an external list: (id of the page, page object)."""
    total = max(1, -(-len(objects) // size))
    for number in range(1, total + 1):
        links = {"first": ids.list(name), "last": ids.list(name, total)}
        if number > 1:
            links["prev"] = ids.list(name, number - 1)
        if number < total:
            links["next"] = ids.list(name, number + 1)
        links["self"] = ids.list(name, number)
        page = {
            "data": list(objects[(number - 1) * size : number * size]),
            "pagination": {
                "totalElements": len(objects),
                "elementsPerPage": size,
                "currentPage": number,
                "totalPages": total,
            },
            "links": links,
        }
        yield ids.list(name, number), page


@dataclass
class Endpoint:
    """Writes the graph of one build into ``folder``: objects, list pages and documents."""

    graph: Graph
    out: Path  # the build's output folder, where the documents were written
    formats: Sequence[str]
    page_size: int = PAGE_SIZE
    _downloads: dict[str, Path] = field(default_factory=dict)  # file name: built file

    @property
    def folder(self) -> Path:
        """The endpoint folder."""
        return self.out / FOLDER

    def find(self, stem: str) -> FileInfo | None:
        """The built file a document is published as: its PDF, else its .docx, else none."""
        for suffix in MAIN_FORMATS:
            path = self.out / f"{stem}.{suffix}"
            if suffix in self.formats and path.is_file():
                self._downloads[path.name] = path
                return FileInfo.of(suffix, path.read_bytes())
        return None

    def write(self) -> int:
        """Write every file of the endpoint; delete stale ones; return how many it has."""
        ids = self.graph.ids
        by_type: dict[str, list[dict[str, Any]]] = {}
        files: dict[str, bytes] = {}
        for top in self.graph.objects(self.find):
            for obj in embedded(top):
                by_type.setdefault(obj["type"].removeprefix(OPARL), []).append(obj)
                files.setdefault(obj["id"], dump(obj))
        for name, kind in {"body": "Body", **LISTS}.items():
            objects = sorted(by_type.get(kind, []), key=lambda o: str(o["id"]))
            for page_id, page in pages(ids, name, objects, self.page_size):
                files[page_id] = dump(page)
        written = {self._path(url) for url in files}
        for url, data in files.items():
            write_if_changed(self._path(url), data)
        for filename, built in self._downloads.items():
            target = self._path(ids.download(filename))
            write_if_changed(target, built.read_bytes())
            written.add(target)
        self._remove_stale(written)
        return len(written)

    def _path(self, url: str) -> Path:
        relative = url.removeprefix(self.graph.ids.base + "/")
        return self.folder.joinpath(*(unquote(part) for part in relative.split("/")))

    def _remove_stale(self, keep: Iterable[Path]) -> None:
        keep = set(keep)
        for name in OWN:
            for root, _, names in os.walk(self.folder / name):
                remove_stale_temp(Path(root))
                for filename in names:
                    path = Path(root) / filename
                    if path not in keep and not filename.endswith(".tmp"):
                        path.unlink(missing_ok=True)


class _Report(Protocol):
    failed: list[Path]
    errors: list[str]


def write_endpoint(
    graph: Graph, out: Path, formats: Sequence[str], page_size: int, report: _Report
) -> None:
    """Write the endpoint after a build; not after one with failed documents (the old stays)."""
    folder = out / FOLDER
    if report.failed:
        report.errors.append(
            f"{display_path(folder)}: OParl-Ordner nicht geschrieben, weil Vorlagen oder "
            "Sitzungen fehlgeschlagen sind; der bisherige Ordner bleibt"
        )
        return
    try:
        Endpoint(graph, out, formats, page_size).write()
    except OSError as exc:
        report.errors.append(
            f"{display_path(folder)}: OParl-Ordner nicht vollständig geschrieben ({os_reason(exc)})"
        )
