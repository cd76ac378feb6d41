"""Publishing: a built site a web server can read, and builds and previews that stop cleanly.

A unit copies site/ to its web server, or builds straight into the server's folder
with --out, while readers keep using the old site; these tests hold the guarantees
that makes safe: plain permissions, a complete site at every moment, no litter.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.commands.build import build_site
from tests.conftest import MINIMAL_COURSE


@pytest.fixture
def built(project: Path, write_course: Callable[..., Path]) -> Path:
    write_course(MINIMAL_COURSE)
    return project


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def modes(site: Path) -> set[tuple[str, int]]:
    """('dir' or 'file', permission bits) of everything in *site*, the folder itself included."""
    return {("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode))
            for p in [site, *site.rglob("*")]}


@pytest.mark.parametrize("where", ["site", "out"])
def test_the_site_has_the_modes_of_a_plain_mkdocs_build(built: Path, tmp_path: Path,
                                                        where: str) -> None:
    out = built / "site" if where == "site" else tmp_path / "www" / "kb"
    with umask(0o022):
        build_site(built, None if where == "site" else out)
        assert modes(out) == {("dir", 0o755), ("file", 0o644)}
        build_site(built, None if where == "site" else out)  # a rebuild too
        assert modes(out) == {("dir", 0o755), ("file", 0o644)}
    with umask(0o027):
        build_site(built, None if where == "site" else out)
        assert modes(out) == {("dir", 0o750), ("file", 0o640)}


def generator(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "generator", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def staging(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site-"))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP],
                         ids=["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_stopped_build_removes_its_temporary_folder(built: Path, sig: signal.Signals) -> None:
    build_site(built)
    before = (built / "site" / "index.html").read_bytes()
    build = generator("build", "-C", str(built))
    wait_for(lambda: bool(staging(built)), "the build's temporary folder")
    build.send_signal(sig)
    out, err = build.communicate(timeout=60)
    assert build.returncode == 1, (out, err)
    assert "Traceback" not in err
    assert err == "\nAborted!\n"
    assert staging(built) == []
    assert (built / "site" / "index.html").read_bytes() == before


def test_a_killed_build_leaves_litter_that_the_next_build_removes(built: Path) -> None:
    build_site(built)
    build = generator("build", "-C", str(built))
    wait_for(lambda: bool(staging(built)), "the build's temporary folder")
    build.kill()
    build.communicate()
    assert staging(built) != []  # SIGKILL runs no cleanup at all
    build_site(built)
    assert staging(built) == []
    assert (built / "site" / "demo" / "m1" / "l1.html").is_file()


def test_two_builds_at_once_both_succeed(built: Path) -> None:
    builds = [generator("build", "-C", str(built)) for _ in range(2)]
    results = [b.communicate(timeout=120) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], results
    assert staging(built) == []
    assert (built / "site" / "demo" / "m1" / "l2.html").is_file()


def test_there_is_never_a_moment_without_a_complete_site(built: Path) -> None:
    build_site(built)
    index = built / "site" / "index.html"
    lesson = built / "site" / "demo" / "m1" / "l1.html"
    missing: list[float] = []
    stop = threading.Event()

    def reader() -> None:  # what a web server does: open the files, again and again
        while not stop.is_set():
            if not (index.is_file() and lesson.is_file()):
                missing.append(time.monotonic())

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(3):
            build_site(built)
    finally:
        stop.set()
        thread.join()
    assert missing == []


# ---- serve ----

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_stopping_serve_stops_its_server(built: Path, sig: signal.Signals) -> None:
    port = free_port()
    serve = generator("serve", "-C", str(built), "-a", f"127.0.0.1:{port}")
    try:
        wait_for(lambda: answers(port), "the preview to answer")
        serve.send_signal(sig)
        _, err = serve.communicate(timeout=30)
    finally:
        serve.kill()
    assert serve.returncode == 0
    assert "Traceback" not in err
    wait_for(lambda: port_is_free(port), "the port to be free", seconds=10)
    # The next serve on that port starts as usual.
    again = generator("serve", "-C", str(built), "-a", f"127.0.0.1:{port}")
    try:
        wait_for(lambda: answers(port), "the second preview to answer")
    finally:
        again.terminate()
        again.communicate(timeout=30)


def test_serve_on_a_port_in_use_names_the_port(built: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        serve = generator("serve", "-C", str(built), "-a", f"127.0.0.1:{port}")
        _, err = serve.communicate(timeout=30)
    assert serve.returncode == 1
    assert err == (f"Error: port {port} on 127.0.0.1 is already in use: stop the other server, "
                   f"or choose another port with --address 127.0.0.1:{port + 1}\n")


def test_serve_with_a_malformed_address(built: Path) -> None:
    serve = generator("serve", "-C", str(built), "-a", "localhost")
    _, err = serve.communicate(timeout=30)
    assert (serve.returncode, err) == (
        1, "Error: expected an address such as 127.0.0.1:8000, found 'localhost'\n")
