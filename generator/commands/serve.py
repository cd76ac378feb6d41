"""``serve``: generate, then run ``mkdocs serve`` with live reload until stopped."""

from __future__ import annotations

import errno
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from generator.errors import BuildError, ProjectError
from generator.i18n import _
from generator.site.build import generate
from generator.site.mkdocs import ServeLog, die_with_parent, mkdocs_env, stop_child
from generator.site.project import load_project
from generator.utils.processes import stop_on_signals


def serve_site(root: Path, address: str, say: Callable[[str], None]) -> None:
    """Generate, then run ``mkdocs serve`` with live reload until stopped, handing *say* one
    line per rebuild (and MkDocs' warnings and errors) instead of MkDocs' own chatter.

    Ctrl+C, SIGTERM and SIGHUP stop the MkDocs child too, so the port is free again.
    """
    host, port = _address(address)
    _check_port(host, port)
    project = load_project(root)
    generated = generate(project, serve=True)
    # --dirty: a change rebuilds the pages whose Markdown changed, not all of them (at 1,000
    # lessons, one second instead of twenty; benchmarks/README.md). Pages that only list the
    # changed one (its module, the navigation) may show an old title until the next full build.
    args = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(generated.config),
            "--dev-addr", address, "--livereload", "--dirty"]
    proc = subprocess.Popen(args, cwd=project.paths.root, env=mkdocs_env(),
                            stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True,
                            errors="replace", preexec_fn=die_with_parent)
    assert proc.stdout is not None
    try:
        with stop_on_signals():
            log = ServeLog()
            for line in proc.stdout:
                shown = log.line(line)
                if shown is not None:
                    say(shown)
            status = proc.wait()
    except KeyboardInterrupt:
        stop_child(proc)
        return
    if status != 0:
        raise BuildError(_("mkdocs serve stopped with exit status {status} (its messages are "
                           "above)").format(status=status))


def _address(address: str) -> tuple[str, int]:
    host, _colon, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ProjectError(_("expected an address such as 127.0.0.1:8000, found '{address}'")
                           .format(address=address))
    return host.strip("[]"), int(port)


def _check_port(host: str, port: int) -> None:
    """Say so when the port is taken, before MkDocs would fail with a traceback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise ProjectError(_("cannot serve on {host}:{port}: expected a host name or IP address "
                             "of this computer, found '{host}'").format(host=host, port=port)
                           ) from None
    family, kind, proto, _name, where = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
        try:
            probe.bind(where)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ProjectError(_("port {port} on {host} is already in use: stop the other "
                                     "server, or choose another port with --address {other}")
                                   .format(port=port, host=host, other=f"{host}:{port + 1}")
                                   ) from None
            raise ProjectError(_("cannot serve on {host}:{port}: {reason}").format(
                host=host, port=port, reason=exc.strerror)) from None
