"""The handbook's PDF: time, pages and peak memory, for the default course and synthetic ones.

Each PDF is written by ``python -m generator handbook COURSE --pdf FILE`` in a fresh
process (start-up, loading the project, WeasyPrint's layout and font subsetting);
peak memory is that process's largest resident set.

Run: ``python benchmarks/bench_handbook.py [N …]`` (synthetic courses of N lessons,
default 100).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_build import make_project, timed  # noqa: E402
from generator.site.project import load_project  # noqa: E402


def measure(root: Path, course: str, target: Path) -> tuple[float, float, int]:
    seconds, peak = timed([sys.executable, "-m", "generator", "handbook", course, "-C", str(root),
                           "--pdf", str(target)], root)
    return seconds, peak, len(PdfReader(target).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-handbook-bench-"))
    print("| course | lessons | pages | PDF (s) | peak MB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    try:
        course = load_project(ROOT).courses[0].course
        seconds, peak, pages = measure(ROOT, course.id, work / "default.pdf")
        print(f"| {course.id} (default) | {len(course.lessons())} | {pages} | {seconds:.1f} "
              f"| {peak:.0f} |", flush=True)
        for size in args.sizes:
            seconds, peak, pages = measure(make_project(work, size), "bench", work / f"{size}.pdf")
            print(f"| synthetic | {size:,} | {pages:,} | {seconds:.1f} | {peak:.0f} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
