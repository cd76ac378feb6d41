"""Live preview at scale: from saving one lesson to the reloaded page in ``serve``.

For each N it writes the synthetic course of ``bench_build.py`` (N lessons), starts
``python -m generator serve`` on a free loopback port, waits for the first build, then
several times changes one lesson's text in the course YAML (as a trainer saving the file
does) and polls that lesson's page over HTTP until the new text is served. It reports the
first build and the median and worst time from the save to the new page, wall clock and the
CPU time the serve processes (ours and MkDocs') spent meanwhile: on a shared machine the
clock also counts other people's work, the CPU time does not.

Run: ``python benchmarks/bench_serve.py 100 1000`` (``--saves 20`` for more saves per size).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.bench_build import make_project

#: Saves measured per size; the first rebuild after start-up warms caches, so one more is made.
SAVES = 5

#: Clock ticks per second of the CPU times in /proc/PID/stat.
TICKS = os.sysconf("SC_CLK_TCK")

#: How long one reload may take before the benchmark gives up on it.
TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, limit: float = TIMEOUT) -> float:
    """Seconds until the page at *url* contains *text*, polled every 20 ms."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {text!r} within {limit:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of process *pid* and its live descendants (Linux /proc)."""
    total = 0.0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
        stack += [int(child) for child in children]
    return total


def measure(root: Path, lessons: int, saves: int = SAVES
            ) -> tuple[float, list[float], list[float]]:
    port = free_port()
    course = root / "content" / "courses" / "bench.yml"
    target = lessons // 2
    url = f"http://127.0.0.1:{port}/bench/module-{target // 10}/lesson-{target}.html"
    log = (root / "serve.log").open("w")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--address",
                             f"127.0.0.1:{port}"], cwd=root, stdout=log, stderr=log,
                            start_new_session=True)
    try:
        wait_for(url, f"第 {target + 1} 课", limit=600)
        first = time.perf_counter() - started
        times: list[float] = []
        cpu: list[float] = []
        text = course.read_text(encoding="utf-8")
        title = f"title: 第 {target + 1} 课：执行力专题 {target + 1}"
        assert title in text
        for n in range(saves + 1):
            marker = f"修改标记{n}号"
            before = cpu_seconds(proc.pid)
            course.write_text(text.replace(title, f"{title}{marker}"), encoding="utf-8")
            seconds = wait_for(url, marker)
            spent = cpu_seconds(proc.pid) - before
            if n:
                times.append(seconds)
                cpu.append(spent)
            time.sleep(1.0)  # let the server settle, as a person reading the page would
        return first, times, cpu
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--saves", type=int, default=SAVES, help="saves measured per size")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-bench-serve-"))
    print("| lessons | saves | first build (s) | save → page, median (s) | worst (s) "
          "| CPU, median (s) | CPU, worst (s) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    try:
        for size in args.sizes:
            first, times, cpu = measure(make_project(work, size), size, args.saves)
            print(f"| {size:,} | {len(times)} | {first:.1f} | {statistics.median(times):.2f} | "
                  f"{max(times):.2f} | {statistics.median(cpu):.2f} | {max(cpu):.2f} |",
                  flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
