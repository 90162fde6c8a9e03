"""Write a build's index (see model/index.py) atomically beside the depfiles."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from mitteilung.model.index import INDEX_FILE, SCHEMA, Index, Record, Used
from mitteilung.write.atomic import write_atomic


def write_index(out_dir: Path, index: Index) -> None:
    """Write ``index`` to OUT/.deps/index.json: a reader sees the old index or the new one.

    The first line names schema, program, project and the SHA-256 of the second: a truncated
    or edited index is found before a record is used. The second holds the stamps of the
    files records were read with (each pair once: thousands of Vorlagen share a facts file)
    and the records, as lists: [stamp, broken, [used, ...], ref or null], a ref as
    [nummer, vorlagenart, betreff, datum, kooperation, [entscheidung], [anlagen]].
    """
    table: dict[Used, int] = {}
    records = {path: _record(r, table) for path, r in index.records.items()}
    used = [[path, *stamp] for path, stamp in table]
    # ASCII: a file name that is no UTF-8 (a surrogate in Python) survives as an escape
    body = json.dumps([used, records], separators=(",", ":"))
    data = body.encode("utf-8")
    header = {
        "schema": SCHEMA,
        "version": index.version,
        "root": index.root,
        "started_ns": index.started_ns,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    write_atomic(out_dir / INDEX_FILE, json.dumps(header).encode("utf-8") + b"\n" + data)


def _record(record: Record, table: dict[Used, int]) -> list[Any]:
    ref = record.ref
    uses = [table.setdefault(u, len(table)) for u in record.uses]
    if ref is None:
        return [record.stamp, record.broken, uses, None]
    koop = str(ref.kooperation) if ref.kooperation is not None else None
    fields = [ref.nummer, ref.vorlagenart, ref.betreff, ref.datum.isoformat(), koop]
    return [record.stamp, record.broken, uses, [*fields, sorted(ref.entscheidung), ref.anlagen]]
