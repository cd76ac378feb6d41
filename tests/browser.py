"""Helpers for browser tests: Debian's Chromium through Playwright, and a local server."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Route

CHROMIUM = "/usr/bin/chromium"
#: Flags for a headless root container with no network beyond the registries:
#: without the background-networking ones Chromium keeps calling home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class Watch:
    """Every request a page makes; those leaving the site's origin are blocked and kept."""

    def __init__(self, allowed: str) -> None:
        self.allowed = allowed  # an origin with its trailing slash, or a loopback prefix
        self.local: list[str] = []
        self.foreign: list[str] = []

    def route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith((self.allowed, "data:", "blob:")):
            self.local.append(url)
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve *folder* on a free loopback port; yield its origin."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
