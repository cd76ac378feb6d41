"""Write the synthetic roster and study records that the README's ``register`` example reads.

Everyone here is invented. The files are the same on every run.

    python examples/make_register_example.py

writes examples/register/
    名册.csv      the 干部名册 in GB18030, as Excel saves “CSV (逗号分隔)” on a Chinese Windows
    名册.xlsx     the same roster as an Excel workbook
    records/      study records (v2) exported by the course page, one a cadre; one v1 record
                  named after its cadre; one record of a cadre not on the roster
    records/纸质记录码.txt   学习记录码 typed in from printed 学习记录
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from generator.content.models.course import Course
from generator.scoring.records import record_document
from generator.site.project import load_project

HERE = Path(__file__).resolve().parent / "register"
#: The workbook's creation date and its zip entries' times: fixed, so every run writes the
#: same bytes (openpyxl would stamp the time of the run).
FIXED = dt.datetime(2027, 3, 1, 8, 0, 0)
ROOT = HERE.parent.parent

ROSTER = [  # 单位, 姓名, 职务, 层级, 编号
    ("县委组织部", "王建国", "部长", "县处级", "A001"),
    ("县委组织部", "田晓燕", "干部科科长", "乡科级", "A002"),
    ("县委组织部", "白　雪", "科员", "一般干部", "A003"),
    ("县委组织部", "丁　浩", "副部长", "县处级", "A004"),
    ("县发展和改革局", "欧阳明", "局长", "县处级", "B001"),
    ("县发展和改革局", "李红梅", "办公室主任", "乡科级", "B002"),
    ("县发展和改革局", "张　伟", "科员", "一般干部", "B003"),
    ("县发展和改革局", "张　伟", "综合科副科长", "乡科级", "B004"),
    ("城关镇", "马永强", "镇长", "乡科级", "C001"),
    ("城关镇", "刘　芳", "副镇长", "乡科级", "C002"),
    ("城关镇", "孙丽娟", "党政办主任", "一般干部", "C003"),
    ("城关镇", "周　涛", "科员", "一般干部", "C004"),
]

RIGHT = {  # answers that pass the two checks of the default course
    "shouwen-fuze": {"shei-shi-shouwen": 0, "linshi-dinggang": False, "bu-shu-benwei": [0, 1, 2],
                     "jiben-liucheng": ["判断", "跟踪"]},
    "yicixing-gaozhi": {"gaozhi-neirong": [0, 1, 2, 3], "doudi-shuofa": False, "yanqi-banjie": 1,
                        "fen-jiedian": ["环节", "预警"]},
}


def studied(course: Course, ids: list[str], day: str) -> dict[str, str]:
    known = {lesson.id for _m, lesson in course.lessons()}
    return {i: f"{day}T02:30:00.000Z" for i in ids if i in known}


def same_every_run(xlsx: bytes) -> bytes:
    """*xlsx* with every zip entry, and the workbook's modified date, FIXED instead of the time
    it was written."""
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save as modified
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            dst.writestr(entry, data)
    return out.getvalue()


def main() -> None:
    course = next(c.course for c in load_project(ROOT).courses if c.course.id == "zhixingli")
    all_ids = [lesson.id for _m, lesson in course.lessons()]
    plain = [i for i in all_ids if i not in RIGHT]
    if HERE.exists():
        shutil.rmtree(HERE)
    (HERE / "records").mkdir(parents=True)
    head = ["单位", "姓名", "职务", "层级", "编号"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["2027年度执行力专题轮训 干部名册"])
    writer.writerows([head, *ROSTER])
    (HERE / "名册.csv").write_bytes(out.getvalue().encode("gb18030"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名册"
    for row in [head, *ROSTER]:
        sheet.append(list(row))
    book.properties.created = book.properties.modified = FIXED
    saved = io.BytesIO()
    book.save(saved)
    (HERE / "名册.xlsx").write_bytes(same_every_run(saved.getvalue()))

    def record(name: str, unit: str, ids: list[str], checks: dict[str, Any], made: str,
               number: str = "") -> dict[str, Any]:
        return record_document(course, f"{made}T09:00:00.000Z",
                               {"name": name, "unit": unit, "number": number},
                               studied(course, ids, made), checks)

    files = {
        "王建国.json": record("王建国", "县委组织部", plain, RIGHT, "2027-04-10"),
        "田晓燕.json": record("田晓燕", "县委组织部", plain[:6], {"shouwen-fuze": RIGHT["shouwen-fuze"]},
                           "2027-04-02"),
        "丁浩.json": record("丁 浩", "县委组织部", [], {}, "2027-03-20"),
        "欧阳明.json": record("欧阳明", "县发改局", plain[:9], RIGHT, "2027-04-12"),
        "张伟-B004.json": record("张伟", "县发展和改革局", plain[:3], {}, "2027-03-28", "B004"),
        "马永强-早.json": record("马永强", "城关镇", plain[:2], {}, "2027-03-10"),
        "马永强.json": record("马永强", "城关镇", plain, RIGHT, "2027-04-14"),
        "刘芳.json": record("刘芳", "城关镇", plain[:4], {"yicixing-gaozhi": {"doudi-shuofa": True}},
                          "2027-04-01"),
        "赵敏.json": record("赵敏", "城关镇", plain[:2], {}, "2027-04-03"),
    }
    for name, data in files.items():
        (HERE / "records" / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")
    # A record exported before profiles existed (version 1) names nobody: its file is named
    # after the cadre.
    (HERE / "records" / "城关镇-周涛.json").write_text(json.dumps(
        {"format": "kb-study-record", "version": 1, "studied": studied(course, plain[:5], "2027-03-25")},
        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paper = [record("李红梅", "县发展和改革局", plain[:10], RIGHT, "2027-04-11"),
             record("孙丽娟", "城关镇", plain[:8], {"shouwen-fuze": RIGHT["shouwen-fuze"]}, "2027-04-09")]
    lines = ["# 从交回的纸质学习记录上抄录：姓名,单位,学习记录码"]
    lines += [f"{d['profile']['name']},{d['profile']['unit']},{d['code']}" for d in paper]
    (HERE / "records" / "纸质记录码.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
