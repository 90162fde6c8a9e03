"""The commands on the output folder: ``clean`` it, ``serve`` its OParl endpoint."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mitteilung import defaults
from mitteilung.cli.options import given


@click.command("clean", options_metavar="[OPTIONEN]")
@click.argument("folder", metavar="[ZIELORDNER]", required=False, callback=given)
@click.pass_obj
def clean_cmd(root: Path, folder: Path | None) -> None:
    """Einen Zielordner leeren: nur die Dateien, die mitteilung dort geschrieben hat.

    Gelöscht werden nur die Ausgabedateien, die in den Abhängigkeitsdateien
    (ZIELORDNER/.deps/, von --depfile und make) stehen, diese selbst und die Markierung
    .mitteilung-ausgabe. Ein Ordner ohne diese Markierung, der Projektordner, data/,
    templates/ und der persönliche Ordner (und alles, was sie enthält) werden nie angefasst.
    Andere Dateien bleiben, mit ihnen der Ordner.

    \b
    Beispiel:
      mitteilung clean build      # so ruft make clean das Programm auf
    """
    # a stage, imported when the command runs: `--help` stays fast (test_startup.py)
    from mitteilung.write.clean import clean

    folder = folder if folder is not None else root / "build"
    name = str(folder)
    result = clean(folder, root, name)
    if result.missing:
        click.echo(f"{name}: gibt es nicht, nichts zu löschen")
        return
    click.echo(f"{name}: {result.deleted} Datei(en) gelöscht")
    if result.kept:
        first = os.path.relpath(result.kept[0], folder)
        click.echo(
            f"{name} bleibt: {len(result.kept)} Datei(en) darin hat nicht mitteilung "
            f"geschrieben (z. B. {first})"
        )


@click.command("serve", options_metavar="[OPTIONEN]")
@click.argument(
    "folder",
    metavar="[ORDNER]",
    required=False,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port auf 127.0.0.1; 0: irgendein freier.",
)
@click.pass_obj
def serve_cmd(root: Path, folder: Path | None, port: int) -> None:
    """Den OParl-Ordner auf diesem Rechner zeigen (Vorschau), bis Strg+C.

    Nur unter 127.0.0.1 erreichbar. Die Kennungen in den Dateien bleiben die von
    stadt.oparl_basis; der Einstieg ist die Datei system im ORDNER (Standard: build/oparl).

    \b
    Beispiel:
      mitteilung build -f pdf -f oparl && mitteilung serve
      dann im Browser: http://127.0.0.1:8000/system
    """
    from mitteilung.write.serve import server  # a stage: see clean_cmd

    folder = folder if folder is not None else root / "build" / defaults.OPARL_FOLDER
    if not (folder / "system").is_file():
        raise click.ClickException(
            f"{folder}: kein OParl-Ordner (die Datei system fehlt); zuerst "
            "mitteilung build -f oparl ausführen"
        )
    try:
        httpd = server(folder, port)
    except OSError as exc:
        message = f"Port {port} ist nicht frei ({exc.strerror}); einen anderen mit --port wählen"
        raise click.ClickException(message) from None
    host, real_port = httpd.server_address[:2]
    click.echo(f"OParl-Ordner {folder} unter http://{host!s}:{real_port}/system (Ende: Strg+C)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        click.echo("beendet")
    finally:
        httpd.server_close()
