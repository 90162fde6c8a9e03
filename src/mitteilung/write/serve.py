"""Serve the OParl folder on this computer, for a preview and for tests.

A plain static web server as a city's would be set up: files without suffix are OParl objects
and go out as application/json, documents by their suffix, every answer with the CORS header
that lets a portal's browser code read the endpoint. For the preview the ids, which start with
``stadt.oparl_basis``, are sent with this server's address instead, so that any OParl client
can follow them here; the files themselves are not changed.
"""

from __future__ import annotations

import json
import mimetypes
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

JSON = "application/json; charset=utf-8"


class OParlHandler(SimpleHTTPRequestHandler):
    """Static files with the content types and headers an OParl client expects."""

    base = b""  # the ids' base URL in the files
    local = b""  # this server's address, which replaces it

    def do_GET(self) -> None:
        """An object file with the ids pointing here; anything else as it is."""
        path = Path(self.translate_path(self.path))
        if not path.is_file() or "." in path.name or not self.base:
            super().do_GET()
            return
        data = path.read_bytes().replace(self.base, self.local)
        self.send_response(200)
        self.send_header("Content-Type", JSON)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def guess_type(self, path: Any) -> str:
        """JSON for the object files (no suffix), else the type of the suffix."""
        name = Path(str(path)).name
        if "." not in name:
            return JSON
        return mimetypes.guess_type(name)[0] or "application/octet-stream"

    def end_headers(self) -> None:
        """Every answer may be read by a portal on another host (CORS)."""
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a walk of 10,000 objects would print 10,000 lines."""


def server(
    folder: Path, port: int = 0, host: str = "127.0.0.1", rewrite: bool = True
) -> ThreadingHTTPServer:
    """A server for ``folder`` on ``host``; port 0 takes a free one (see ``server_address``).

    With ``rewrite`` the ids are sent with this server's address (read from the System file).
    """
    # a subclass per server: two servers (tests in parallel) keep their own addresses
    handler: type[OParlHandler] = type("Handler", (OParlHandler,), {})
    httpd = ThreadingHTTPServer((host, port), partial(handler, directory=str(folder)))
    system = folder / "system"
    if rewrite and system.is_file():
        system_id = str(json.loads(system.read_text(encoding="utf-8"))["id"])
        handler.base = system_id.removesuffix("/system").encode("utf-8")
        handler.local = f"http://{host}:{httpd.server_address[1]}".encode()
    return httpd
