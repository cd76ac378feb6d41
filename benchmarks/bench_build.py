"""Build speed and memory on synthetic curricula of N lessons.

For each N it measures, side by side in one run:

* ``generate`` – our step alone: load and validate the YAML, write the Markdown;
* ``build``    – our full ``python -m generator build`` (navigation.prune on);
* ``plain``    – a plain ``mkdocs build`` of the same Markdown with Material's
  default navigation (no ``nav``, no prune), the baseline prune must beat.

Each build runs in a fresh process; peak memory is the largest resident set of
that process tree. Run: ``python benchmarks/bench_build.py 100 1000``.

With ``--checks`` each size is built twice, without and with a 5-item 随堂测验 (one item of
each type, a second single choice) on every lesson, our build only (no plain mkdocs): what
the checks cost (issue 19's goal: no more than 10 % over the same course without them).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from generator.commands.new import create_project
from generator.site.build import generate
from generator.site.project import load_project

LESSONS_PER_MODULE = 10

PARAGRAPH = (
    "执行力是干部履行职责、推进工作、完成任务的重要保证。落实首问负责、一次性告知、限时办结，"
    "要把每一项任务分解到岗、明确时限、跟踪到底，做到件件有着落、事事有回音。"
)


#: A 5-item check for every lesson with ``--checks``: each type once, a second single choice.
CHECK = [
    {"id": "q1", "type": "single", "text": "首问责任人是谁？", "shuffle": True,
     "explanation": "第一个接待的工作人员。",
     "options": [{"label": "第一个接待的工作人员", "correct": True}, {"label": "分管负责人"},
                 {"label": "最终承办人"}]},
    {"id": "q2", "type": "multiple", "text": "一次性告知讲清哪些内容？", "explanation": PARAGRAPH[:40],
     "options": [{"label": "依据", "correct": True}, {"label": "材料", "correct": True},
                 {"label": "个人看法"}]},
    {"id": "q3", "type": "truefalse", "text": "告知单可以写“其他相关材料”。", "answer": False,
     "explanation": "不写兜底说法。"},
    {"id": "q4", "type": "fill", "text": "流程是接待、___、交接和 ___。", "explanation": "四步。",
     "blanks": [["判断"], ["跟踪", "跟踪回访"]]},
    {"id": "q5", "type": "single", "text": "确需延期时怎么办？", "explanation": "到期前说明。",
     "options": [{"label": "到期前说明原因", "correct": True}, {"label": "到期后再说"}]},
]


def synthetic_course(lessons: int, checks: bool = False) -> dict[str, object]:
    modules = []
    for m in range(0, lessons, LESSONS_PER_MODULE):
        items = []
        for i in range(m, min(m + LESSONS_PER_MODULE, lessons)):
            items.append({
                "id": f"lesson-{i}",
                "title": f"第 {i + 1} 课：执行力专题 {i + 1}",
                "summary": PARAGRAPH[:40],
                "audience": ["全体干部"],
                "channel": ["集中课堂", "网络课堂", "异地课堂"][i % 3],
                "hours": 1.5,
                "objectives": ["理解要求", "掌握方法"],
                "key_points": ["要点一", "要点二", "要点三"],
                "body": "\n\n".join(f"## 第 {k} 节\n\n{PARAGRAPH * 3}" for k in range(1, 4)),
                "cases": [{"title": "窗口服务情景", "kind": "情景", "body": PARAGRAPH * 2}],
                "discussion": ["你怎么看？", "你会怎么做？"],
                "prerequisites": [f"lesson-{i - 1}"] if i % LESSONS_PER_MODULE else [],
                "tags": [f"专题{i % 7}"],
                **({"check": CHECK} if checks else {}),
            })
        modules.append({"id": f"module-{m // LESSONS_PER_MODULE}",
                        "title": f"模块 {m // LESSONS_PER_MODULE + 1}",
                        "summary": "模块简介", "lessons": items})
    return {"id": "bench", "title": "基准课程", "summary": "合成课程", "modules": modules}


def make_project(folder: Path, lessons: int, checks: bool = False) -> Path:
    root = folder / f"project-{lessons}{'-checks' if checks else ''}"
    create_project(root, f"基准 {lessons}")
    (root / "content" / "courses" / "sample.yml").unlink()
    (root / "content" / "index.md").write_text("# 基准\n\n[课程](bench/index.md)\n", "utf-8")
    text = yaml.safe_dump(synthetic_course(lessons, checks), allow_unicode=True, sort_keys=False)
    (root / "content" / "courses" / "bench.yml").write_text(text, encoding="utf-8")
    return root


def plain_config(root: Path) -> Path:
    """Same theme and Markdown extensions, Material's default navigation."""
    ours = (root / "mkdocs.yml").read_text(encoding="utf-8")
    plain = ours.replace("    - navigation.prune\n", "")
    plain = plain.replace("  - offline\n", "").replace("  - tags\n", "")
    plain += "\ndocs_dir: .build/docs\n"
    target = root / "mkdocs.plain.yml"
    target.write_text(plain, encoding="utf-8")
    return target


def timed(args: list[str], cwd: Path, cpu: list[float] | None = None) -> tuple[float, float]:
    """Seconds and peak MB of a command run in a fresh process tree (its CPU seconds, user
    and system, appended to *cpu*: steadier than the clock on a shared machine)."""
    script = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL)\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - t, r.ru_maxrss / 1024, r.ru_utime + r.ru_stime)\n"
    )
    out = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, check=True,
                         capture_output=True, text=True).stdout.split()
    if cpu is not None:
        cpu.append(float(out[2]))
    return float(out[0]), float(out[1])


def measure(root: Path, plain: bool = True,
            cpu: list[float] | None = None) -> dict[str, tuple[float, float]]:
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    generate(load_project(root))
    generation = time.perf_counter() - started, before
    build = timed([sys.executable, "-m", "generator", "build", "--out", "site-ours"], root, cpu)
    if not plain:
        return {"generate": generation, "build": build}
    baseline = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain_config(root)),
                      "-d", "site-plain"], root)
    return {"generate": generation, "build": build, "plain": baseline}


def measure_checks(work: Path, sizes: list[int], rounds: int = 3) -> None:
    """Our build of each size without and with a check on every lesson, alternating, *rounds*
    times each; the best of each (the least disturbed by other work on the machine)."""
    print("| lessons | checks | generate (s) | our build (s) | CPU (s) | peak MB | CPU vs. without |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        roots = {checks: make_project(work, size, checks) for checks in (False, True)}
        best: dict[bool, tuple[float, float, float, float]] = {}
        for _ in range(rounds):
            for checks, root in roots.items():
                cpu: list[float] = []
                result = measure(root, plain=False, cpu=cpu)
                row = (result["generate"][0], *result["build"], cpu[0])
                if checks not in best or row[3] < best[checks][3]:
                    best[checks] = row
        for checks, (gen, ours, ours_mb, seconds) in best.items():
            print(f"| {size:,} | {'5 items each' if checks else 'none'} | {gen:.2f} | {ours:.1f} | "
                  f"{seconds:.1f} | {ours_mb:.0f} | {seconds / best[False][3] - 1:+.1%} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--checks", action="store_true",
                        help="Build each size without and with a 5-item check on every lesson.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    if args.checks:
        try:
            measure_checks(work, args.sizes)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    print("| lessons | generate (s) | our build (s) | peak MB | plain mkdocs (s) | peak MB "
          "| generate / build | plain / ours |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    try:
        for size in args.sizes:
            result = measure(make_project(work, size))
            gen, (ours, ours_mb), (plain, plain_mb) = (
                result["generate"][0], result["build"], result["plain"])
            print(f"| {size:,} | {gen:.2f} | {ours:.1f} | {ours_mb:.0f} | {plain:.1f} | "
                  f"{plain_mb:.0f} | {gen / ours:.1%} | {plain / ours:.2f}× |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
