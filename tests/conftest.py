"""Shared fixtures: a copy of the project in a temporary folder, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mitteilung.cli import main
from tests.support.produced import Produced

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference" / "mitteilung-7939-2025.txt"
MITTEILUNG = Path("data/vorlagen/7939-2025-mitteilung.yaml")
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session", autouse=True)
def template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The compiled-template cache of this test run, not the user's (the programs that tests
    start inherit it)."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MITTEILUNG_CACHE", str(folder))
        yield folder


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ and templates/ in a temporary folder, which is the working directory."""
    for name in ("data", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def no_sitzungen(request: pytest.FixtureRequest) -> None:
    """Without the sample Sitzungen, for tests that count or break Vorlagen only: a broken
    Vorlage would also fail the Sitzungen that list it (those are tested in test_sitzungen)."""
    if "project" in request.fixturenames:
        shutil.rmtree(request.getfixturevalue("project") / "data" / "sitzungen")


Run = Callable[..., Result]


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sample project's outputs, built once per test module: every bad-input case starts
    from them."""
    out = tmp_path_factory.mktemp("good")
    result = CliRunner().invoke(
        main, ["-C", str(ROOT), "build", str(ROOT / "data"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.fixture
def built_output(project: Path, good_build: dict[str, bytes]) -> Path:
    """The project's output folder build/, holding the good build's files."""
    out = project / "build"
    out.mkdir()
    for name, data in good_build.items():
        (out / name).write_bytes(data)
    return out


@pytest.fixture(scope="session")
def produced(tmp_path_factory: pytest.TempPathFactory) -> Produced:
    """The .docx files tests produced, kept for one LibreOffice run (test_safety_libreoffice)."""
    return Produced(tmp_path_factory.mktemp("docx"))


@pytest.fixture
def cli() -> Run:
    """Invoke the command line like a user would; returns click's Result."""

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), prog_name="mitteilung", catch_exceptions=False)

    return run


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a data file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def need_shared(path: Path) -> Path:
    """A file of ../shared; skip where it is missing, but fail in CI where it must be there."""
    if not path.exists():
        message = f"fehlt (../shared liegt nicht neben dem Repository): {path}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def need_libreoffice() -> str:
    """Path of soffice; skip when missing, but fail in CI where it must be installed."""
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftotext") is None:
        if IN_CI:
            pytest.fail("LibreOffice (soffice) oder pdftotext fehlt, in CI muss beides da sein")
        pytest.skip("LibreOffice (soffice) oder pdftotext nicht installiert")
    return soffice


def docx_to_pdf(docx: Path, outdir: Path) -> Path:
    """Convert one .docx with LibreOffice, headless, with a private profile."""
    soffice = need_libreoffice()
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = outdir / (docx.stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 0, f"LibreOffice erzeugte kein PDF für {docx}"
    return pdf


def pdf_text(pdf: Path) -> str:
    """The text of a PDF (pdftotext), whitespace folded."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True)
    return " ".join(out.stdout.decode("utf-8").split())
