"""Write the synthetic example results that the README's ``aggregate`` examples read.

Everything here is invented: respondents answer from a random "true level" per
dimension plus noise, with a fixed seed, so the files are the same on every run.

    python examples/make_examples.py

writes
    examples/self-assessment/2026/  30 exported results of 执行力自测 (the baseline year)
    examples/self-assessment/2027/  30 exported results, and paper-forms.txt: 10 result codes
    examples/satisfaction/ratings.txt  群众满意度测评 codes for six cadres over the declared
        quarters, 12 to 26 forms a quarter (the form asks for 20), with its yes/no items, 未遇到,
        不了解, the unit-scope items and the overall item: one 达标 throughout, one 调整 then
        诫勉谈话, one 调整 then 达标 again, one with too few forms (样本不足) in a quarter, one
        达标 after a quarter without ratings, one below 80 % but within the sampling error
        (低于要求（在抽样误差范围内，需核实）); each cadre's quarter has a seed of its own
    examples/rating-tokens/  one-time 评价码 and both decision rules, on a small project of its
        own (project/: two copies of 群众满意度测评, one with ``token: required``, one with
        ``decision: point`` and no token):
        verified/    exports of the token form: two cadres' forms with valid codes, and for 干部甲
            one reused code, one forged, one of 干部乙's and one without a code (23–26)
        point.txt    result codes of the form without tokens, judged by the point rule
        report/      what ``aggregate`` wrote of them: with the key (verified.*), without it
            (unverified.*: the codes not checked) and by the point rule (point.*); each run's
            command and messages in its .log

The key of examples/rating-tokens is made afresh on every run (``tokens --new-key``) in a
temporary folder outside the repository, used to issue the slips (``tokens``) and to verify
(``aggregate --key-file``), and deleted: no key is ever committed, and nobody can make a code
these examples accept. So the 评价码 in verified/ and report/ differ on every run; the counts,
rates and conclusions do not (the answers come from fixed seeds).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from generator.commands.new import create_project
from generator.scoring import tokens
from generator.scoring.codes import encode
from generator.scoring.scorer import score
from generator.scoring.spec import quiz_spec
from generator.site.project import load_project

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: Rated cadres: per quarter, (chance that an answer is satisfied, forms); None: no ratings.
#: The form asks for 20 forms a period (min_forms) and judges by the interval (decision).
CADRES: list[tuple[str, list[tuple[float, int] | None]]] = [
    ("干部甲", [(0.97, 24), (0.96, 26), (0.95, 22), (0.95, 21)]),
    ("干部乙", [(0.90, 22), (0.50, 24), (0.40, 23), None]),
    ("干部丙", [(0.48, 22), (0.93, 24), (0.93, 20), (0.94, 23)]),
    ("干部丁", [(0.94, 21), (0.90, 12), None, None]),
    ("干部戊", [None, (0.94, 20), (0.93, 22), None]),
    ("干部己", [(0.94, 21), (0.93, 25), (0.80, 24), (0.94, 22)]),
]
#: The share of answers 不了解 (the rater cannot say), and of 未遇到 on the items that offer
#: it (this visit did not meet that: no documents to add, done on the spot).
UNKNOWN = 0.06
NOT_MET = 0.4
#: The chance that a unit-scope item (waiting, order, fees) is answered satisfied.
UNIT = {"danwei-dengdai": 0.82, "danwei-shunxu": 0.93, "danwei-feiyong": 0.99}


def answer(spec: dict[str, Any], levels: dict[str, float], rng: random.Random) -> dict[str, Any]:
    """Answers of someone whose level in each dimension is 0–1, with noise."""
    answers: dict[str, Any] = {}
    for item in spec["items"]:
        if item["type"] == "text":
            continue
        size = len(item["scores"])
        level = min(1.0, max(0.0, levels[item["dimension"]] + rng.gauss(0, 0.15)))
        if item["type"] == "multi":
            low, high = item["picks"]
            answers[item["id"]] = sorted(rng.sample(range(size), rng.randint(low, high)))
            continue
        ranked = sorted(range(size), key=lambda i: item["scores"][i])
        if item["reverse"]:
            ranked.reverse()
        answers[item["id"]] = ranked[round(level * (size - 1))]
    return answers


def export(spec: dict[str, Any], answers: dict[str, Any], date: str,
           **rated: str) -> dict[str, Any]:
    """An exported result; on a rating form *rated* is its subject, period and token."""
    return {"format": "kb-quiz-result", "version": 1,
            "questionnaire": {k: spec[k] for k in ("id", "title", "version", "hash")},
            "date": date, "answers": answers, "result": score(spec, answers), **rated}


def rating_answers(spec: dict[str, Any], chance: float, rng: random.Random) -> dict[str, Any]:
    """One rater's answers: 不了解 now and then, 未遇到 often where offered; else satisfied by
    chance on the person-scope items (the overall one too), by the unit's own chance on the
    unit-scope ones. Yes/no items pick the answer their ``satisfied`` names, or the other."""
    answers = {}
    visit = min(1.0, max(0.0, rng.gauss(chance, 0.15)))  # how this visit went
    for item in spec["items"]:
        if item["type"] not in ("likert", "yesno"):
            continue
        size, extra = len(item["scores"]), [k for k in ("na", "nm") if item.get(k)]
        if "nm" in extra and rng.random() < NOT_MET:
            answers[item["id"]] = size + extra.index("nm")  # 未遇到
        elif "na" in extra and rng.random() < UNKNOWN:
            answers[item["id"]] = size + extra.index("na")  # 不了解
        else:
            good = rng.random() < UNIT.get(item["id"], visit)
            if item["type"] == "yesno":
                yes = item["labels"].index(item["satisfied"])
                answers[item["id"]] = yes if good else 1 - yes
            else:
                answers[item["id"]] = rng.choice([1, 2, 2]) if good else 0  # 基本满意, 满意; 不满意
    return answers


TOKEN_CADRES = [("干部甲", 0.95, 22), ("干部乙", 0.74, 22)]
SLIPS = 24  #: slips issued to each: two more than the forms, so 干部乙 has an unused one
PERIOD = "2027年第一季度"


def generator(*args: str, log: Path | None = None) -> str:
    """Run ``python -m generator --lang zh ARGS`` in the repository, as a trainer would; its
    messages (and, with *log*, the command and messages in that file)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = subprocess.run([sys.executable, "-m", "generator", "--lang", "zh", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"python -m generator {' '.join(args)} failed:\n{done.stderr}")
    said = done.stdout + done.stderr
    if log is not None:
        log.write_text(f"$ python -m generator {' '.join(args)}\n{said}", "utf-8")
    return said


def issue(project: Path, key: Path, quiz: str, name: str, count: int, out: Path) -> list[str]:
    """The codes of slips 1 to *count* for *name* in PERIOD, made by the tokens command."""
    generator("tokens", quiz, "-C", str(project), "--subject", name, "--period", PERIOD,
              "--count", str(count), "--key-file", str(key), "--csv", str(out))
    rows = out.read_text("utf-8").lstrip("\ufeff").splitlines()[1:]  # 编号,评价码,被评价人,期次
    return [row.split(",")[1] for row in rows]


def token_examples() -> None:
    """examples/rating-tokens: a small project with two rating forms, results, and reports."""
    with tempfile.TemporaryDirectory(prefix="kb-example-key-") as secret:
        token_examples_with(Path(secret))  # the key lives and dies in *secret*


def token_examples_with(secret: Path) -> None:
    folder = HERE / "rating-tokens"
    shutil.rmtree(folder, ignore_errors=True)
    project = folder / "project"
    create_project(project, "评价码示例")
    (project / "content" / "courses" / "sample.yml").unlink()
    (project / "content" / "index.md").write_text(
        "# 评价码示例\n\n[需要评价码的测评表](quizzes/manyidu-pingjiama.md)，"
        "[按点估计下结论的测评表](quizzes/manyidu-dianzhi.md)。\n", "utf-8")
    source = (ROOT / "quizzes" / "qunzhong-manyidu.yml").read_text("utf-8")
    for ident, title, changes in (
            ("manyidu-pingjiama", "群众满意度测评（凭评价码）",
             {"token: optional\n": "token: required\n"}),
            ("manyidu-dianzhi", "群众满意度测评（点估计）",
             {"token: optional\n": "", "decision: interval\n": "decision: point\n"})):
        text = source.replace("id: qunzhong-manyidu\ntitle: 群众满意度测评\n",
                              f"id: {ident}\ntitle: {title}\n")
        for line, replacement in changes.items():
            if f"\n{line}" not in text:
                raise SystemExit(f"quizzes/qunzhong-manyidu.yml: no line {line.strip()!r}")
            text = text.replace(f"\n{line}", f"\n{replacement}")
        (project / "quizzes" / f"{ident}.yml").write_text(text, "utf-8")
    specs = {q.quiz.id: quiz_spec(q.quiz) for q in load_project(project).quizzes}
    key = secret / "评价密钥"
    generator("tokens", "-C", str(project.relative_to(ROOT)), "--new-key", str(key))
    rng = random.Random(21)
    spec = specs["manyidu-pingjiama"]
    verified = folder / "verified"
    verified.mkdir()
    issued = {name: issue(project.relative_to(ROOT), key, spec["id"], name, SLIPS,
                          secret / f"{name}.csv") for name, _, _ in TOKEN_CADRES}
    point_lines = ["# 被评价人,期次,结果码 — 群众满意度测评（点估计，虚构）"]
    for name, chance, forms in TOKEN_CADRES:
        for n in range(forms):
            date = f"2027-02-{n + 1:02d}T10:00:00Z"
            answers = rating_answers(spec, chance, rng)
            data = export(spec, answers, date, subject=name, period=PERIOD, token=issued[name][n])
            (verified / f"{name}-{n + 1:02d}.json").write_text(
                json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
            point_lines.append(f"{name},{PERIOD},{encode(specs['manyidu-dianzhi'], answers, date)}")
    forged = tokens.bare(issued["干部甲"][-1])[:4] + "ABCDEFGHJ"
    forged = tokens.grouped(forged + "".join(tokens.ALPHABET[v] for v in tokens.checks(
        [tokens.ALPHABET.index(c) for c in forged])))
    first = TOKEN_CADRES[0][2] + 1
    # After the valid ones in file order: a code counts for the first file that uses it.
    for index, (name, token) in enumerate(((f"干部甲-{first}-评价码重复", issued["干部甲"][0]),
                                           (f"干部甲-{first + 1}-伪造", forged),
                                           (f"干部甲-{first + 2}-别人的评价码", issued["干部乙"][-1]),
                                           (f"干部甲-{first + 3}-无评价码", None))):
        answers = rating_answers(spec, 0.5, rng)
        data = export(spec, answers, f"2027-03-{index + 1:02d}T10:00:00Z", subject="干部甲",
                      period=PERIOD, **({} if token is None else {"token": token}))
        (verified / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                               "utf-8")
    (folder / "point.txt").write_text("\n".join(point_lines) + "\n", "utf-8")
    reports(folder, key)


def reports(folder: Path, key: Path) -> None:
    """report/: aggregate of verified/ with the key and without it, and of point.txt."""
    out = folder / "report"
    out.mkdir()
    here = folder.relative_to(ROOT)
    project = str(here / "project")
    for name, inputs, options in (("verified", here / "verified", ["--key-file", str(key)]),
                                  ("unverified", here / "verified", []),
                                  ("point", here / "point.txt", [])):
        target = (out / name).relative_to(ROOT)
        generator("aggregate", "-C", project, str(inputs), *options, "--out", f"{target}.md",
                  "--csv", f"{target}.csv", log=out / f"{name}.log")
    for log in out.glob("*.log"):  # the key's folder, made afresh each run, is not the point
        log.write_text(log.read_text("utf-8").replace(str(key), "<临时文件夹>/评价密钥"), "utf-8")


def main() -> None:
    specs = {q.quiz.id: quiz_spec(q.quiz) for q in load_project(ROOT).quizzes}
    self_check, rating = specs["zhixingli-zice"], specs["qunzhong-manyidu"]
    rng = random.Random(2027)
    folder = HERE / "self-assessment"
    shutil.rmtree(folder, ignore_errors=True)
    for year, lift in (("2026", 0.0), ("2027", 0.08)):
        (folder / year).mkdir(parents=True)
        codes = []
        for n in range(40 if year == "2027" else 30):
            levels = {d["id"]: min(1.0, rng.uniform(0.35, 0.85) + lift)
                      for d in self_check["dimensions"]}
            levels["gan"] -= 0.1  # daring to act is the weak spot the course targets
            answers = answer(self_check, levels, rng)
            if year == "2027" and n in (3, 17):  # agreeing with everything: flagged, still counted
                answers.update({i["id"]: len(i["scores"]) - 1 for i in self_check["items"]
                                if i["type"] == "likert"})
            date = f"{year}-12-{n % 28 + 1:02d}T{9 + n // 28:02d}:{n:02d}:00Z"
            if n < 30:
                data = export(self_check, answers, date)
                path = folder / year / f"result-{n + 1:02d}.json"
                path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
            else:
                codes.append(encode(self_check, answers, date))
        if codes:
            (folder / year / "paper-forms.txt").write_text(
                "# 纸质自评报告上抄录的结果码\n" + "\n".join(codes) + "\n", "utf-8")

    lines = ["# 被评价人,期次,结果码 — 群众满意度测评（虚构）"]
    for name, quarters in CADRES:
        for quarter, (period, plan) in enumerate(zip(rating["periods"], quarters, strict=True)):
            if plan is None:
                continue
            chance, forms = plan
            cell = random.Random(f"manyidu-{name}-{period}")  # each cadre's quarter on its own
            for n in range(forms):
                answers = rating_answers(rating, chance, cell)
                date = f"2027-{3 * quarter + 2:02d}-{n + 1:02d}T10:00:00Z"
                lines.append(f"{name},{period},{encode(rating, answers, date)}")
    (HERE / "satisfaction").mkdir(exist_ok=True)
    (HERE / "satisfaction" / "ratings.txt").write_text("\n".join(lines) + "\n", "utf-8")
    token_examples()


if __name__ == "__main__":
    main()
