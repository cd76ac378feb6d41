"""``aggregate`` on a 民主测评 of 30 cadres: time and peak memory at 1,000 and 10,000 forms.

Writes a project with one appraisal form (30 cadres, four rater groups, 德能勤绩廉), then N
forms with random grades and levels (about 5 % 不了解): N − 500 as result codes in one text file,
500 as exported files with a comment on every cadre. Times ``python -m generator aggregate``
(page, CSV, XLSX and 反馈表) in a fresh process, by the clock and in CPU seconds (steadier on a
shared machine); peak memory is the largest resident set of that
process. Reading is streamed, so memory should stay flat as N grows.

Run: ``python benchmarks/bench_appraisal_report.py [N …]`` (default 1000 10000).
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_build import timed  # noqa: E402
from generator.commands.new import create_project  # noqa: E402
from generator.scoring.appraisal import appraisal_spec, encode  # noqa: E402
from generator.site.project import load_project  # noqa: E402

CADRES = 30
FILES = 500
GROUPS = [("banzi", "领导班子成员", 0.3, 0.05), ("tongji", "同级干部", 0.2, 0.15),
          ("xiashu", "下属", 0.3, 0.4), ("fuwu", "服务对象", 0.2, 0.4)]


def project(folder: Path) -> Path:
    root = folder / "project"
    create_project(root, "基准")
    subjects = "\n".join(f"  - {{id: c{n:02d}, name: 干部{n:02d}, title: 科长}}" for n in range(CADRES))
    groups = "\n".join(f"  - {{id: {g}, name: {name}, weight: {w}, min_forms: 5}}"
                       for g, name, w, _share in GROUPS)
    (root / "quizzes" / "ceping.yml").write_text(
        "id: ceping\ntitle: 民主测评\nversion: '1'\nkind: appraisal\nintroduction: 说明\n"
        f"period: 2027年度\ncomment: 意见建议\nsubjects:\n{subjects}\ngroups:\n{groups}\n"
        "rules:\n  - {id: bu, text: 不称职票超过三分之一的，确定为不称职, grades: [bu-chenzhi], "
        "above: 33.3, result: 确定为不称职}\n", "utf-8")
    return root


def write_forms(root: Path, folder: Path, count: int) -> None:
    form = load_project(root).appraisals[0].form
    spec = appraisal_spec(form)
    rng = random.Random(7)
    grades = [g.id for g in form.scale] + ["不了解"]
    levels = [lv.id for lv in form.levels] + ["不了解"]
    start = datetime(2027, 12, 1, tzinfo=UTC)
    folder.mkdir()

    def one() -> tuple[str, dict[str, dict[str, object]]]:
        group = rng.choices([g[0] for g in GROUPS], [g[3] for g in GROUPS])[0]
        return group, {s.id: {"grade": rng.choices(grades, [30, 50, 12, 3, 5])[0],
                              "dimensions": {d.id: rng.choices(levels, [30, 40, 20, 5, 5])[0]
                                             for d in form.dimensions}}
                       for s in form.cadres()}

    with (folder / "codes.txt").open("w", encoding="utf-8") as out:
        for n in range(count - FILES):
            group, rated = one()
            date = (start + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
            out.write(encode(spec, group, rated, date) + "\n")
    for n in range(FILES):
        group, rated = one()
        for entry in rated.values():
            entry["comment"] = "希望在抓落实上更进一步" + str(n)
        date = (start - timedelta(minutes=n + 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        (folder / f"{n}.json").write_text(json.dumps({
            "format": "kb-appraisal", "version": 1,
            "form": {k: spec[k] for k in ("id", "title", "version", "hash")},
            "period": form.period, "group": group, "token": None, "self": None, "date": date,
            "code": encode(spec, group, rated, date), "ratings": rated}, ensure_ascii=False),
            "utf-8")


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [1_000, 10_000]
    print("| forms | cadres | seconds | CPU seconds | peak MB |\n| ---: | ---: | ---: | ---: | ---: |")
    for count in counts:
        work = Path(tempfile.mkdtemp(prefix="kb-appraisal-bench-"))
        root = project(work)
        write_forms(root, work / "forms", count)
        cpu: list[float] = []
        seconds, peak = timed([sys.executable, "-m", "generator", "aggregate", "-C", str(root),
                               str(work / "forms"), "--out", str(work / "r.md"),
                               "--csv", str(work / "r.csv"), "--xlsx", str(work / "r.xlsx"),
                               "--feedback", str(work / "f.html")], ROOT, cpu)
        shutil.rmtree(work)
        print(f"| {count:,} | {CADRES} | {seconds:.1f} | {cpu[0]:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
