"""Checking OParl: the official schema (its links between files followed by hand), and a
generic OParl client for the tests that starts at the System URL and follows every URL.

Like a portal's importer it knows only OParl: System -> body list -> Body -> every external
list, page by page through ``links.next`` -> every object -> every URL inside. It records
what a portal would trip over: links that do not resolve, objects that break the schema,
an object whose copy in a list differs from the object under its id, documents whose size or
checksum differ from their File object.
"""

from __future__ import annotations

import hashlib
import json
import threading
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker

from mitteilung.write.serve import server
from tests.conftest import SHARED, need_shared

OPARL_SCHEMA = SHARED / "oparl-1.1" / "schema"
_CHECKER = FormatChecker()


@_CHECKER.checks("url")
def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@_CHECKER.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("date-time ohne Zeitzone")
    return True


def schema_folder() -> Path:
    """The official schema; skip outside CI where ../shared is absent, fail in CI."""
    need_shared(OPARL_SCHEMA / "Paper.json")
    return OPARL_SCHEMA


def oparl_errors(obj: Any, name: str, folder: Path, where: str = "$") -> list[str]:
    """Errors of ``obj`` against schema file ``name`` and of every nested object it links."""
    name = name if name.endswith(".json") else name + ".json"
    schema = json.loads((folder / name).read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, format_checker=_CHECKER)
    errors = [f"{where} ({name}): {e.message}" for e in validator.iter_errors(obj)]
    if not isinstance(obj, dict):
        return errors
    for key, prop in schema.get("properties", {}).items():
        value = obj.get(key)
        if "schema" in prop and isinstance(value, dict):
            errors += oparl_errors(value, prop["schema"], folder, f"{where}.{key}")
        items = prop.get("items", {})
        if "schema" in items and isinstance(value, list):
            for i, item in enumerate(value):
                errors += oparl_errors(item, items["schema"], folder, f"{where}.{key}[{i}]")
    return errors


OPARL = "https://schema.oparl.org/1.1/"


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) while the block runs; yield the System URL."""
    httpd = server(folder, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/system"
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Walk:
    """What the walker found."""

    objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # by id
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)  # list pages, by URL
    downloads: dict[str, bytes] = field(default_factory=dict)  # documents, by URL
    broken: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    content_types: set[str] = field(default_factory=set)

    def of_type(self, name: str) -> list[dict[str, Any]]:
        """Every object of an OParl type, e.g. 'Paper'."""
        return [o for o in self.objects.values() if o["type"] == OPARL + name]


def _get(url: str) -> tuple[bytes, str, str] | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            cors = response.headers.get("Access-Control-Allow-Origin", "")
            return response.read(), response.headers.get("Content-Type", ""), cors
    except urllib.error.HTTPError:
        return None


def _urls(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (key, URL) in a JSON value, nested objects included."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _urls(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item, key)
    elif isinstance(value, str) and value.startswith("http://127.0.0.1:"):
        yield key, value


def walk(system_url: str, schema: Path, validate: bool = True) -> Walk:
    """Follow every URL from the System; validate every object once (``validate``)."""
    result = Walk()
    queue: deque[tuple[str, str]] = deque([("system", system_url)])
    seen = {system_url}
    listed: list[dict[str, Any]] = []
    while queue:
        key, url = queue.popleft()
        got = _get(url)
        if got is None:
            result.broken.append(f"{key}: {url}")
            continue
        data, content_type, cors = got
        result.content_types.add(content_type)
        if cors != "*":
            result.errors.append(f"{url}: kein CORS-Kopf")
        if key in ("accessUrl", "downloadUrl"):
            result.downloads[url] = data
            continue
        obj = json.loads(data)
        if "data" in obj and "pagination" in obj:  # a page of a list
            result.pages[url] = obj
            listed += obj["data"]
        else:
            if obj.get("id") != url:
                result.errors.append(f"{url}: id ist {obj.get('id')}")
            result.objects[url] = obj
            if validate:
                result.errors += oparl_errors(obj, obj["type"].removeprefix(OPARL), schema, url)
        for k, link in _urls(obj):
            if link not in seen:
                seen.add(link)
                queue.append((k, link))
    for item in listed:  # a list holds the objects themselves: the same as under their ids
        if result.objects.get(item["id"]) != item:
            result.errors.append(f"{item['id']}: in der Liste anders als unter der Kennung")
    _check_files(result)
    return result


def _check_files(result: Walk) -> None:
    for obj in result.of_type("File"):
        data = result.downloads.get(obj["accessUrl"])
        if data is None:
            continue  # reported as broken
        if len(data) != obj["size"] or hashlib.sha512(data).hexdigest() != obj["sha512Checksum"]:
            result.errors.append(f"{obj['id']}: Größe oder Prüfsumme stimmt nicht")
