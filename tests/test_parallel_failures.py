"""A helper of a large build that fails, is killed or is left behind: a message, never a hang."""

from __future__ import annotations

import os
import re
import resource
import signal
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mitteilung.errors import MitteilungError
from mitteilung.load import loader
from mitteilung.load.loader import load_project
from mitteilung.pipeline import build, load_and_build, parallel
from mitteilung.pipeline import run as pipeline_run
from mitteilung.render import limits
from mitteilung.render.limits import DEFAULT
from tests.conftest import Run
from tests.support.parallel import COUNT
from tests.support.parallel import batch as batch


def test_a_killed_helper_is_a_message_not_a_hang(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*args: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(pipeline_run, "share", killed)
    project = load_project(batch, [batch / "data"])
    with pytest.raises(MitteilungError) as caught:
        build(project, ("docx",), batch / "out")
    assert re.fullmatch(
        r"Ein Bauprozess \(PID \d+\) wurde von außen beendet \(Signal 9\)\. Fertige Dateien "
        r"sind vollständig; der nächste Bau ergänzt den Rest\.",
        str(caught.value),
    )


def test_a_bug_in_a_helper_keeps_its_traceback(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise ValueError("ein Fehler im Programm")

    monkeypatch.setattr(pipeline_run, "share", broken)
    project = load_project(batch, [batch / "data"])
    with pytest.raises(RuntimeError) as caught:
        build(project, ("docx",), batch / "out")
    assert str(caught.value).startswith("Fehler in einem Bauprozess:\nTraceback")
    assert "ValueError: ein Fehler im Programm" in str(caught.value)


def load_failing(monkeypatch: pytest.MonkeyPatch, in_helper: Callable[[], None]) -> None:
    """Make the reading of a split load run ``in_helper`` in the helper (k > 0) only."""
    real = loader._read

    def read(*args: Any) -> Any:
        if args[5] > 0:  # k
            in_helper()
        return real(*args)

    monkeypatch.setattr(loader, "_read", read)


def split_build(batch: Path) -> None:
    """`load_and_build` as `mitteilung build` calls it: the helpers start while loading."""
    load_and_build(
        lambda split: load_project(batch, [batch / "data"], split=split),
        ("docx",),
        batch / "out",
        DEFAULT,
    )


def no_helper_left() -> bool:
    """Every helper has been waited for: none runs on, none is left a zombie."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_a_helper_killed_while_loading_is_a_message(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_failing(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(MitteilungError, match=r"Ein Bauprozess \(PID \d+\) wurde von außen"):
        split_build(batch)
    assert no_helper_left()


def test_a_bug_in_a_helper_while_loading_keeps_its_traceback(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug() -> None:
        raise ValueError("ein Fehler beim Laden")

    load_failing(monkeypatch, bug)
    with pytest.raises(RuntimeError) as caught:
        split_build(batch)
    assert "ValueError: ein Fehler beim Laden" in str(caught.value)
    assert no_helper_left()


def test_a_helper_s_message_reaches_the_user(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> None:
        raise MitteilungError("Zielordner kann nicht angelegt werden")

    load_failing(monkeypatch, refused)
    with pytest.raises(MitteilungError, match=r"^Zielordner kann nicht angelegt werden$"):
        split_build(batch)
    assert no_helper_left()


def test_an_error_in_the_main_process_stops_the_helpers(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = loader._read

    def read(*args: Any) -> Any:
        if args[5] == 0:  # the main process: the helper waits for its part
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(loader, "_read", read)
    with pytest.raises(KeyboardInterrupt):
        split_build(batch)
    assert no_helper_left()
    assert not (batch / "out").exists() or not any((batch / "out").glob("*.docx"))


def test_temporary_files_of_a_killed_helper_are_removed_though_not_yet_waited_for(
    tmp_path: Path,
) -> None:
    from mitteilung.write.atomic import remove_stale_temp

    pid = os.fork()
    if pid == 0:  # a helper killed mid-write: its temporary file stays, it is a zombie
        (tmp_path / f".7939-2025-mitteilung.docx.{os.getpid()}.abcdefgh.tmp").write_bytes(b"x")
        os._exit(0)
    try:
        deadline = time.monotonic() + 10
        while not any(tmp_path.iterdir()) or not zombie(pid):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert [p.name for p in remove_stale_temp(tmp_path)] == [
            f".7939-2025-mitteilung.docx.{pid}.abcdefgh.tmp"
        ]
        assert list(tmp_path.iterdir()) == []
    finally:
        os.waitpid(pid, 0)


def zombie(pid: int) -> bool:
    """Whether ``pid`` has ended and waits to be waited for (Linux)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rfind(")") + 2] == "Z"


def test_a_helper_measures_its_own_memory() -> None:
    restore = limits._cap_memory(1 << 40)  # opens /proc/self/statm, kept open
    if restore is not None:
        resource.setrlimit(resource.RLIMIT_AS, restore)
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the parent's /proc/self/statm would give the parent's size
        os.write(writing, b"fresh" if limits._statm is None else b"inherited")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(reading, 16) == b"fresh"


def test_a_fork_that_fails_leaves_the_build_in_one_process(
    batch: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel.os, "fork", refused)
    result = cli("build", "-o", "out")
    assert result.exit_code == 0, result.output
    assert f"{COUNT + 2} Vorlage(n) gebaut, 0 fehlgeschlagen" in result.output


def test_a_helper_killed_in_the_middle_of_a_message_is_a_message() -> None:
    helpers = parallel.Helpers()

    def torn(k: int, n: int, step: object) -> parallel.Share:
        assert helpers.parent is not None  # header of a long message, then the end
        os.write(helpers.parent.fileno(), struct.pack("!i", 100_000) + b"x" * 1000)
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("not reached")

    helpers.start(2, torn)
    with pytest.raises(MitteilungError, match=r"wurde von außen beendet \(Signal 9\)"):
        helpers.poll(lambda stem, status: None, wait=True)
    assert no_helper_left()
