"""Helpers for browser tests: Debian's Chromium through Playwright, and a local server."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Page, Route

from generator.content.models.check import FillIn, MultipleChoice, SingleChoice, TrueFalse
from generator.content.models.course import Lesson

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


def answer(page: Page, answers: dict[str, object]) -> None:
    """Answer a questionnaire page: an option index, a list of them, or text, per item id."""
    for item, value in answers.items():
        if isinstance(value, str):
            page.locator(f'textarea[name="{item}"]').fill(value)
        else:
            for index in value if isinstance(value, list) else [value]:
                page.locator(f'input[name="{item}"][value="{index}"]').check()


def pass_check(page: Page, lesson: Lesson) -> None:
    """Answer a lesson page's 随堂测验 right, from the lesson's model, and submit it."""
    for item in lesson.check:
        field = page.locator(f'.kbc-item[data-item="{item.id}"]')
        if isinstance(item, SingleChoice | MultipleChoice):
            for n, option in enumerate(item.options):
                if option.correct:
                    field.locator(f'input[value="{n}"]').check()
        elif isinstance(item, TrueFalse):
            field.locator(f'input[value="{str(item.answer).lower()}"]').check()
        elif isinstance(item, FillIn):
            for n, accepted in enumerate(item.blanks):
                field.locator("input[type=text]").nth(n).fill(str(accepted[0]))
    page.get_by_role("button", name="提交答案").click()


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


NGINX = "/usr/sbin/nginx"

#: An intranet's server, configured as docs/deploy.md shows: the site under a sub-path,
#: pages revalidated, Material's hashed assets cached, calendars with their MIME type.
NGINX_CONF = """\
{user}
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    types {{ text/calendar ics; }}
    default_type application/octet-stream;
    access_log {work}/access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {www};
        location /{name}/ {{
            index index.html;
            error_page 404 /{name}/404.html;
            add_header Cache-Control "no-cache";
        }}
        location ~ ^/{name}/assets/(javascripts/(bundle|workers/)|stylesheets/) {{
            expires 30d;
        }}
    }}
}}
"""


@contextmanager
def nginx(site: Path) -> Iterator[str]:
    """Serve *site* with Debian's nginx at /<its folder name>/ on a free port; yield its URL.

    As root, the workers run as nobody, as a packaged nginx's do: a site they cannot
    read answers 403.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="kb-nginx-") as work:
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        conf = Path(work) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(user=user, work=work, port=port, www=site.parent,
                                          name=site.name), encoding="utf-8")
        server = subprocess.Popen([NGINX, "-c", str(conf), "-p", work, "-e", f"{work}/error.log"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = f"http://127.0.0.1:{port}/{site.name}/"
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2).close()
                    break
                except urllib.error.HTTPError:
                    break  # it answers, if not with the page: the test says what is wrong
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("nginx did not start: "
                                           + (server.stderr.read() if server.stderr else "")) from None
                    time.sleep(0.05)
            yield url
        finally:
            server.terminate()
            server.communicate(timeout=20)
