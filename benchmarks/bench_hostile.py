"""Time and peak memory of refusing hostile input: each case must fail fast, in little memory.

Every case runs the CLI in a fresh process and must end with exit 1 and one ``Error:``
report; the table gives the wall time and the peak resident set of that process. The
largest accepted input, a 1,000-lesson course, is measured beside them for scale.
Run: ``python benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from generator.commands.new import create_project

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import synthetic_course

REPO = Path(__file__).resolve().parent.parent
QUIZ = REPO / "quizzes" / "zhixingli-zice.yml"
COURSE = REPO / "content" / "courses" / "zhixingli.yml"


def measure(args: list[str], cwd: Path) -> tuple[int, float, float, str]:
    """Exit code, seconds, peak MB and the first stderr line of a command in a fresh process."""
    script = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(p.returncode, time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
        "print((p.stderr.splitlines() or [''])[-1][:100])\n"
    )
    out = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    code, seconds, peak = out[0].split()
    return int(code), float(seconds), float(peak), out[1]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="kb-hostile-"))
    try:
        root = work / "project"
        create_project(root, "基准")
        (root / "content" / "courses" / "sample.yml").unlink()
        shutil.copy(QUIZ, root / "quizzes" / QUIZ.name)
        courses = root / "content" / "courses"
        shutil.copy(COURSE, courses / COURSE.name)  # the questionnaire recommends its lessons
        cases: list[tuple[str, Callable[[], list[str]]]] = []

        def course(name: str, text: str) -> Callable[[], list[str]]:
            def write() -> list[str]:
                (courses / "c.yml").write_text(text, encoding="utf-8")
                return ["validate"]
            return write

        def answers(name: str, text: str) -> Callable[[], list[str]]:
            def write() -> list[str]:
                (courses / "c.yml").unlink(missing_ok=True)
                (work / name).write_text(text, encoding="utf-8")
                return ["score", "zhixingli-zice", str(work / name)]
            return write

        mappings = "items:\n" + "- {a: 1}\n" * (50 * 1024 * 1024 // 9)
        cases.append(("YAML of 50 MB of small mappings", course("big", mappings)))
        cases.append(("YAML of 7.9 MB of small mappings", course(
            "many", "items:\n" + "- {a: 1}\n" * (int(7.9 * 1024 * 1024) // 9))))
        cases.append(("YAML with brackets nested 1,000 deep", course(
            "deep", "title: " + "[" * 1000 + "]" * 1000 + "\n")))
        bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
            for i in range(8))
        cases.append(("YAML alias bomb (10⁹ values)", course("bomb", bomb)))
        cases.append(("result JSON nested 500,000 deep (1 MB)",
                      answers("deep.json", "[" * 500_000 + "]" * 500_000)))
        cases.append(("result JSON with a 5,000-digit number",
                      answers("long.json", json.dumps({"q": 1})[:-1] + ', "n": ' + "9" * 5000 + "}")))
        cases.append(("result file of 200 MB",
                      answers("huge.json", '{"pad": "' + "x" * 200 * 1024 * 1024 + '"}')))
        accepted = yaml.safe_dump(synthetic_course(1000), allow_unicode=True, sort_keys=False)
        cases.insert(0, ("accepted: a course of 1,000 lessons (3.3 MB)", course("ok", accepted)))

        print("| input | exit | time (s) | peak MB | message |")
        print("| --- | ---: | ---: | ---: | --- |")
        for label, prepare in cases:
            args = [sys.executable, "-m", "generator", *prepare()]
            code, seconds, peak, message = measure(args, root)
            print(f"| {label} | {code} | {seconds:.2f} | {peak:.0f} | {message} |", flush=True)
        print(f"\n(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
