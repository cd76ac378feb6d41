"""Write the synthetic 民主测评 of a unit that the README's ``aggregate`` example reads.

Everyone here is invented. A 班子 of five is rated on one form by its own members (each slip
issued to the member, so that nobody rates themself), 4 同级干部 and 16 下属 (20 peers and
subordinates) and 60 服务对象, with answers drawn from a fixed seed:

    python examples/make_appraisal_example.py

writes examples/appraisal/
    project/    a small project holding the form (quizzes/minzhu-ceping.yml: weights, minimums,
                评价码 required of the 班子 and optional for 服务对象, a rule of the unit's)
    forms/      the 85 exported files, one a rater (the 班子's with their 评价码, 20 of the
                服务对象's with one); forms/纸质.txt: 10 more 服务对象 forms as result codes
                typed in from paper
    self/张明.json    张明's self-rating on the same form (handed in with --self)
    report/     what ``aggregate --key-file`` wrote: the page (report.md), CSV, the 反馈表
                (反馈表.html, one A4 page per cadre) and the run's messages (report.log); the
                workbook (--xlsx) is left out, as it stamps the time it was written

The 4 同级干部 are fewer than their group's minimum of 5: the report never shows them alone.
The key is made afresh on every run (``tokens --new-key``) in a temporary folder outside the
repository, used to issue the slips (``tokens --group``, and ``--subject`` for each 班子 member)
and to verify (``aggregate --key-file``), and deleted: no key is ever committed, so the
评价码 change on every run; the counts, shares and conclusions do not.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from make_examples import generator  # the sibling script: runs python -m generator

from generator.commands.new import create_project
from generator.content.models.appraisal import Appraisal
from generator.scoring import tokens
from generator.scoring.appraisal import appraisal_spec, encode
from generator.site.project import load_project

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FOLDER = HERE / "appraisal"

FORM = """\
# yaml-language-server: $schema=../schemas/appraisal.schema.json
id: minzhu-ceping
title: 2027年度局领导班子成员民主测评
version: "2027.1"
kind: appraisal
period: 2027年度
introduction: |
  请对下列每一位局领导，按这一年来您看到的表现作出评价。测评匿名进行，结果只用于考核。
subjects:
  - {id: zhang-ming, name: 张明, title: 局长}
  - {id: li-hua, name: 李华, title: 副局长}
  - {id: wang-qiang, name: 王强, title: 副局长}
  - {id: zhao-li, name: 赵丽, title: 纪检组长}
  - {id: chen-jun, name: 陈军, title: 副局长}
groups:
  - {id: banzi, name: 领导班子成员, weight: 0.3, min_forms: 3, token: required}
  - {id: tongji, name: 同级干部, weight: 0.2, min_forms: 5}
  - {id: xiashu, name: 下属, weight: 0.3, min_forms: 5}
  - {id: fuwu, name: 服务对象, weight: 0.2, min_forms: 10, token: optional}
comment: 对这位同志的意见和建议（选填）
rules:
  - id: bu-chenzhi
    text: 不称职票（按各类评价人权重加权）超过三分之一的，考核等次确定为不称职
    grades: [bu-chenzhi]
    above: 33.3
    result: 考核等次确定为不称职
  - id: youxiu-xianzhi
    text: 下属的“基本称职”和“不称职”票合计达到 30% 的，不得确定为优秀
    grades: [jiben-chenzhi, bu-chenzhi]
    groups: [xiashu]
    above: 29.9
    result: 不得确定为优秀
"""

#: Per cadre: the chance of each grade (优秀, 称职, 基本称职, 不称职) and the level around
#: which their dimensions are rated (0 好 … 3 较差).
CADRES: dict[str, tuple[tuple[float, float, float, float], float]] = {
    "zhang-ming": ((0.55, 0.40, 0.05, 0.00), 0.6),
    "li-hua": ((0.30, 0.60, 0.10, 0.00), 0.9),
    "wang-qiang": ((0.05, 0.45, 0.35, 0.15), 1.6),
    "zhao-li": ((0.40, 0.55, 0.05, 0.00), 0.7),
    "chen-jun": ((0.05, 0.20, 0.30, 0.45), 2.1),
}
GROUPS = [("banzi", 5), ("tongji", 4), ("xiashu", 16), ("fuwu", 60)]
PAPER = 10  # of the 服务对象's forms, typed in from paper as result codes
TOKENED = 20  # of the 服务对象's files, with a 评价码
UNKNOWN = 0.08  # the chance a rater says 不了解 (服务对象: four times as often on 德 and 廉)
COMMENTS = ["工作扎实，抓落实有力", "希望多到基层和窗口听听意见", "有些事情推得慢，要盯紧",
            "作风务实，对群众的事情上心", "会议多了一些，建议精简", "分管工作进展明显"]


def ratings(form: Appraisal, rng: random.Random, group: str, own: str | None) -> dict[str, Any]:
    grades = [g.id for g in form.scale]
    levels = [lv.id for lv in form.levels]
    result: dict[str, Any] = {}
    for subject, (chances, level) in CADRES.items():
        if subject == own:
            continue
        grade = rng.choices(grades, chances)[0]
        if group == "fuwu" and rng.random() < UNKNOWN:
            grade = "不了解"
        dims = {}
        for dim in form.dimensions:
            unknown = UNKNOWN * (4 if group == "fuwu" and dim.id in ("de", "lian") else 1)
            if rng.random() < unknown:
                dims[dim.id] = "不了解"
            else:
                dims[dim.id] = levels[min(3, max(0, round(rng.gauss(level, 0.7))))]
        result[subject] = {"grade": grade, "dimensions": dims}
        if form.comment and rng.random() < 0.12:
            result[subject]["comment"] = rng.choice(COMMENTS)
    return result


def export(form: Appraisal, group: str, rated: dict[str, Any], date: str, token: str | None,
           own: str | None) -> dict[str, Any]:
    spec = appraisal_spec(form)
    bare = tokens.bare(token) if token else None
    return {"format": "kb-appraisal", "version": 1,
            "form": {k: spec[k] for k in ("id", "title", "version", "hash")},
            "period": form.period, "group": group, "token": token, "self": own, "date": date,
            "code": encode(spec, group, rated, date, bare), "ratings": rated}


def main() -> None:
    shutil.rmtree(FOLDER, ignore_errors=True)
    project = FOLDER / "project"
    create_project(project, "民主测评示例")
    (project / "content" / "courses" / "sample.yml").unlink()
    (project / "content" / "index.md").write_text(
        "# 民主测评示例\n\n[民主测评表](quizzes/minzhu-ceping.md)\n", "utf-8")
    (project / "quizzes" / "minzhu-ceping.yml").write_text(FORM, "utf-8")
    form = load_project(project).appraisals[0].form
    with tempfile.TemporaryDirectory(prefix="kb-example-key-") as secret:
        key_file = Path(secret) / "评价密钥"
        where = str(project.relative_to(ROOT))
        generator("tokens", "-C", where, "--new-key", str(key_file))
        slips = {("banzi", n): issue(where, key_file, Path(secret), "banzi", subject.id, n + 1, 1)[0]
                 for n, subject in enumerate(form.cadres())}
        slips |= {("fuwu", n): token for n, token in enumerate(
            issue(where, key_file, Path(secret), "fuwu", None, 1, TOKENED))}
        write_forms(form, slips)
        report(key_file)


def issue(project: str, key: Path, secret: Path, group: str, subject: str | None, first: int,
          count: int) -> list[str]:
    """The 评价码 of slips *first*… for raters of *group* (given to *subject*, one of the cadres
    rated), as the tokens command makes them (its CSV: 编号,评价码,评价人类别,发给,期次)."""
    out = secret / f"{group}-{first}.csv"
    generator("tokens", "minzhu-ceping", "-C", project, "--group", group,
              *(["--subject", subject] if subject else []), "--first", str(first),
              "--count", str(count), "--key-file", str(key), "--csv", str(out))
    return [row.split(",")[1] for row in out.read_text("utf-8").lstrip("\ufeff").splitlines()[1:]]


def write_forms(form: Appraisal, slips: dict[tuple[str, int], str]) -> None:
    rng = random.Random(2027)
    forms, paper = FOLDER / "forms", []
    forms.mkdir()
    subjects = [s.id for s in form.cadres()]
    spec = appraisal_spec(form)
    for group, count in GROUPS:
        for n in range(count):
            own = subjects[n] if group == "banzi" else None  # each 班子 member is one of them
            token = slips.get((group, n))
            rated = ratings(form, rng, group, own)
            date = f"2027-12-{n % 20 + 8:02d}T{9 + n // 20:02d}:{n % 60:02d}:00Z"
            if group == "fuwu" and n >= count - PAPER:
                for entry in rated.values():
                    entry.pop("comment", None)  # comments are never in a code
                paper.append(encode(spec, group, rated, date))
                continue
            data = export(form, group, rated, date, token, own)
            (forms / f"{group}-{n + 1:02d}.json").write_text(
                json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    (forms / "纸质.txt").write_text("# 服务对象纸质测评表上抄录的结果码（虚构）\n" + "\n".join(paper) + "\n",
                                   "utf-8")
    mine = {"de": "hao", "neng": "jiaohao", "qin": "hao", "ji": "jiaohao", "lian": "jiaohao"}
    own = {"zhang-ming": {"grade": "youxiu", "dimensions": mine}}
    (FOLDER / "self").mkdir()
    (FOLDER / "self" / "张明.json").write_text(json.dumps(
        export(form, "banzi", own, "2027-12-05T08:00:00Z", None, None), ensure_ascii=False,
        indent=1), "utf-8")


def report(key: Path) -> None:
    out = FOLDER / "report"
    out.mkdir()
    here = FOLDER.relative_to(ROOT)
    log = out / "report.log"
    generator("aggregate", "-C", str(here / "project"), str(here / "forms"),
              "--key-file", str(key), "--self", f"zhang-ming={here / 'self' / '张明.json'}",
              "--out", str(here / "report" / "report.md"), "--csv", str(here / "report" / "report.csv"),
              "--feedback", str(here / "report" / "反馈表.html"),
              "--issuer", "某某县某某局党组", "--date", "2027-12-28", log=log)
    log.write_text(log.read_text("utf-8").replace(str(key), "<临时文件夹>/评价密钥"), "utf-8")


if __name__ == "__main__":
    main()
