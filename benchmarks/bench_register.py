"""``register`` on 100,000 records against a 100,000-row roster: time and peak memory.

Writes a roster of N cadres in 100 units (CSV in GB18030, with 编号), then one record for each:
90 % as 学习记录码 in one code list, 10 % as exported JSON files (v2) with the default course's
checks answered, and times ``python -m generator register`` on them in a fresh process (page,
CSV and XLSX written).

Run: ``python benchmarks/bench_register.py [N]``.
"""

from __future__ import annotations

import csv
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_build import timed  # noqa: E402
from generator.scoring.records import encode, record_document, record_spec  # noqa: E402
from generator.site.project import load_project  # noqa: E402

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭"
            "曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力"
RIGHT = {
    "shouwen-fuze": {"shei-shi-shouwen": 0, "linshi-dinggang": False, "bu-shu-benwei": [0, 1, 2],
                     "jiben-liucheng": ["判断", "跟踪"]},
    "yicixing-gaozhi": {"gaozhi-neirong": [0, 1, 2, 3], "doudi-shuofa": False, "yanqi-banjie": 1,
                        "fen-jiedian": ["环节", "预警"]},
}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    course = next(c.course for c in load_project(ROOT).courses if c.course.id == "zhixingli")
    spec = record_spec(course)
    ids = [lesson["id"] for lesson in spec["lessons"]]
    rng = random.Random(20)
    work = Path(tempfile.mkdtemp(prefix="kb-reg-bench-"))
    cadres = []
    for n in range(count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        cadres.append((f"第{n % 100 + 1}单位", name, "科员", rng.choice(["县处级", "乡科级", "一般干部"]),
                       f"N{n:06d}"))
    with (work / "roster.csv").open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["单位", "姓名", "职务", "层级", "编号"])
        writer.writerows(cadres)
    files = count // 10
    (work / "records").mkdir()
    with (work / "records" / "codes.txt").open("w", encoding="utf-8") as out:
        for n, (unit, name, _title, _level, number) in enumerate(cadres[files:]):
            done = rng.randrange(len(ids) + 1)
            states = {i: {"studied": True, "answers": RIGHT.get(i, {}),
                          "fill": {"jiben-liucheng": True, "fen-jiedian": True}} for i in ids[:done]}
            code = encode(spec, f"2027-04-01T{n % 24:02d}:{n % 60:02d}:00Z", "2027-04-01", states)
            out.write(f"{name},{unit},{number},{code}\n")
    for n, (unit, name, _title, _level, number) in enumerate(cadres[:files]):
        done = ids[:rng.randrange(len(ids) + 1)]
        profile = {"name": name, "unit": unit, "number": number}
        data = record_document(course, "2027-04-02T08:00:00.000Z", profile,
                               {i: "2027-04-01T08:00:00.000Z" for i in done},
                               {i: a for i, a in RIGHT.items() if i in done})
        (work / "records" / f"{n}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    seconds, peak = timed([sys.executable, "-m", "generator", "register", "-C", str(ROOT),
                           str(work / "records"), "--roster", str(work / "roster.csv"),
                           "--date", "2027-04-15",
                           "--out", str(work / "register.md"), "--csv", str(work / "r.csv"),
                           "--xlsx", str(work / "r.xlsx")], ROOT)
    print(f"register of {count:,} records ({count - files:,} codes in one file, {files:,} JSON files) "
          f"against {count:,} cadres: {seconds:.1f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
