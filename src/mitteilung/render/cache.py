"""Compiled templates kept on disk between runs, so that a build compiles only what changed.

(And the names a template pulls in, which a build with --depfile follows: finding them means
parsing the template, and for a Word part patching it with docxtpl first.)

Jinja turns every template into Python code (about 3 ms a template, and a Word part must first
be patched by docxtpl); a build uses 10 to 30 of them, which was a fifth of a small build's
time. The code is kept in the user's cache folder (``$XDG_CACHE_HOME/mitteilung``, else
``~/.cache/mitteilung``) under a key made of everything it depends on: the template's bytes,
its name and file name, and this program (Python, Jinja, docxtpl and our own code, by their
versions and the contents of their files). A changed template or program finds no entry and
compiles as before; nothing that could be stale is ever used. Each entry carries its key and a
digest of its value and is read only whole and unchanged.

The cache is only an aid: when its folder cannot be made, is a link, belongs to someone else or
can be written by others (the code in it is run), or an entry is damaged, templates are compiled as
before and the build goes on. ``MITTEILUNG_CACHE`` names another folder; ``aus`` turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import marshal
import os
import re
import shutil
import stat
import sys
from pathlib import Path
from types import CodeType

import jinja2

from mitteilung import __version__

VARIABLE = "MITTEILUNG_CACHE"
OFF = ("aus", "off", "0", "nein", "no", "false")
_PREFIX = "jinja-"
_VERSION_FOLDER = re.compile(r"jinja-[0-9a-f]{16}")
_ENTRY = re.compile(r"[0-9a-f]{64}")
_MAGIC = b"mitteilung-jinja 2\n"
_DIGEST = 16  # bytes of the blake2b digest of an entry's value
# The standard tag of a cache folder (https://bford.info/cachedir/): backups skip it, and only
# a folder with our tag is ever removed as another version's
_TAG = "CACHEDIR.TAG"
_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# Übersetzte Dokumentvorlagen von mitteilung; jederzeit löschbar.\n"
)
#: more entries than this (templates edited over the years) and the older half goes
_MAX_ENTRIES = 2000


class TemplateCache:
    """Values made from templates (compiled code, names), in one folder, one file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def key(name: str, filename: str, raw: bytes) -> str:
        """The key of one template: its name, its file and its bytes, in this program."""
        digest = hashlib.sha256(_signature().encode())
        for part in (name.encode(), filename.encode(errors="surrogateescape"), raw):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def get(self, key: str) -> object:
        """The value kept under ``key``, or None (never kept, or damaged)."""
        try:
            with open(self.folder / key, "rb") as file:
                data = file.read()
        except OSError:
            return None
        head = _head(key, data[len(_MAGIC) + 64 + 1 + _DIGEST :])
        # marshal trusts its input (a changed byte can crash Python): only our own bytes
        if not data.startswith(head):
            return None
        try:
            return marshal.loads(data[len(head) :])
        except Exception:  # checked above; an unreadable value is compiled again
            return None

    def put(self, key: str, value: CodeType | tuple[str, ...]) -> None:
        """Keep ``value`` under ``key``: whole or not at all (a temporary file, renamed)."""
        temp = self.folder / f".{key}.{os.getpid()}"
        payload = marshal.dumps(value)
        try:
            with open(temp, "xb") as file:
                file.write(_head(key, payload) + payload)
            os.replace(temp, self.folder / key)
        except OSError:
            temp.unlink(missing_ok=True)
            return
        _prune(self.folder)


def _head(key: str, payload: bytes) -> bytes:
    """What an entry starts with: our mark, its key and the digest of the value that follows."""
    digest = hashlib.blake2b(payload, digest_size=_DIGEST).digest()
    return _MAGIC + key.encode() + b"\n" + digest


def default_cache() -> TemplateCache | None:
    """The cache of this user and program, or None when it is off or cannot be used."""
    setting = os.environ.get(VARIABLE, "")
    if setting.lower() in OFF:
        return None
    base = Path(setting) if setting else _user_cache()
    if base is None:
        return None
    return _open(base, _PREFIX + _signature()[:16])


def _user_cache() -> Path | None:
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "mitteilung"
    home = os.environ.get("HOME", "")
    return Path(home) / ".cache" / "mitteilung" if os.path.isabs(home) else None


@functools.cache
def _open(base: Path, name: str) -> TemplateCache | None:
    """The folder ``base/name``, made if needed; None if it is not this user's alone."""
    folder = base / name
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(base.lstat()):
            return None  # checked before anything is made in it
        if not folder.is_dir():
            folder.mkdir(mode=0o700, exist_ok=True)  # a helper process may be first
            _drop_other_versions(base, name)
        if not _private(folder.lstat()):
            return None
        tag = folder / _TAG
        if not tag.exists():
            tag.write_text(_TAG_TEXT, encoding="utf-8")
    except OSError:
        return None
    return TemplateCache(folder)


def _private(info: os.stat_result) -> bool:
    """A real folder of this user that no one else may write into."""
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and mine and not info.st_mode & 0o022


def _drop_other_versions(base: Path, keep: str) -> None:
    """Remove the caches of other versions of this program (never used again): folders
    named as ours, with our tag (a folder of the user's own of that name stays)."""
    for entry in os.scandir(base):
        if not _VERSION_FOLDER.fullmatch(entry.name) or entry.name == keep:
            continue
        try:
            with open(os.path.join(entry.path, _TAG), encoding="utf-8") as file:
                ours = file.read() == _TAG_TEXT
        except (OSError, UnicodeDecodeError):
            ours = False
        if ours and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def _prune(folder: Path) -> None:
    """Keep the folder small: past _MAX_ENTRIES entries, remove the older half of them."""
    try:
        entries = [e for e in os.scandir(folder) if _ENTRY.fullmatch(e.name)]
        if len(entries) <= _MAX_ENTRIES:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
    except OSError:
        return  # another process pruned first
    for entry in entries[: len(entries) // 2]:
        with contextlib.suppress(OSError):  # gone already, or no file: the others still go
            os.unlink(entry.path)


@functools.cache
def _signature() -> str:
    """What compiled code depends on besides the template: this program and its libraries,
    by the contents of their files (times and versions can stay the same across a change)."""
    digest = hashlib.blake2b(sys.version.encode())
    digest.update(f"{jinja2.__version__}\0{__version__}\n".encode())
    # docxtpl patches Word parts before Jinja sees them; its files, not its slow import
    spec = importlib.util.find_spec("docxtpl")
    places = spec.submodule_search_locations if spec else None
    files = sorted(Path(places[0]).glob("*.py")) if places else []
    files += sorted(Path(jinja2.__file__).parent.glob("*.py"))
    # our own code: the compiler, the sandbox and the filters it checks at compile time
    files += sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))
    for path in files:
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()
