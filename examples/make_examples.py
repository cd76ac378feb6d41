"""Write the synthetic example results that the README's ``aggregate`` examples read.

Everything here is invented: respondents answer from a random "true level" per
dimension plus noise, with a fixed seed, so the files are the same on every run.

    python examples/make_examples.py

writes
    examples/self-assessment/2026/  30 exported results of 执行力自测 (the baseline year)
    examples/self-assessment/2027/  30 exported results, and paper-forms.txt: 10 result codes
    examples/satisfaction/ratings.txt  群众满意度测评 codes for five cadres over the declared
        quarters: one 达标 throughout, one 调整 then 诫勉谈话, one 调整 then 达标 again, one
        with too few forms (样本不足) in a quarter, one 达标 after a quarter without ratings
    examples/rating-tokens/  one-time 评价码 and both decision rules, on a small project of its
        own (project/: two copies of 群众满意度测评, one with ``token: required``, one with
        ``decision: point`` and no token):
        verified/    exports of the token form: two cadres' forms with valid codes, and for 干部甲
            one reused code, one forged, one of 干部乙's and one without a code (13–16)
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
CADRES: list[tuple[str, list[tuple[float, int] | None]]] = [
    ("干部甲", [(0.95, 12), (0.96, 14), (0.93, 12), (0.95, 11)]),
    ("干部乙", [(0.86, 12), (0.70, 13), (0.68, 12), None]),
    ("干部丙", [(0.72, 12), (0.90, 12), (0.91, 10), (0.92, 12)]),
    ("干部丁", [(0.90, 11), (0.88, 6), None, None]),
    ("干部戊", [None, (0.94, 10), (0.90, 12), None]),
]
#: The share of answers 不了解 (the rater did not see that part of the service).
UNKNOWN = 0.1


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
    """One rater's answers to the likert items: 不了解 now and then, else satisfied by chance."""
    answers = {}
    visit = min(1.0, max(0.0, rng.gauss(chance, 0.15)))  # how this visit went
    for item in spec["items"]:
        if item["type"] != "likert":
            continue
        if rng.random() < UNKNOWN:
            answers[item["id"]] = len(item["scores"])  # 不了解
        elif rng.random() < visit:
            answers[item["id"]] = rng.choice([1, 2, 2])  # 基本满意, 满意
        else:
            answers[item["id"]] = 0  # 不满意
    return answers


TOKEN_CADRES = [("干部甲", 0.95, 12), ("干部乙", 0.74, 12)]
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
    for ident, title, extra in (
            ("manyidu-pingjiama", "群众满意度测评（凭评价码）", "token: required\n"),
            ("manyidu-dianzhi", "群众满意度测评（点估计）", "decision: point\n")):
        text = source.replace("id: qunzhong-manyidu\ntitle: 群众满意度测评\n",
                              f"id: {ident}\ntitle: {title}\n{extra}")
        (project / "quizzes" / f"{ident}.yml").write_text(text, "utf-8")
    specs = {q.quiz.id: quiz_spec(q.quiz) for q in load_project(project).quizzes}
    key = secret / "评价密钥"
    generator("tokens", "-C", str(project.relative_to(ROOT)), "--new-key", str(key))
    rng = random.Random(21)
    spec = specs["manyidu-pingjiama"]
    verified = folder / "verified"
    verified.mkdir()
    issued = {name: issue(project.relative_to(ROOT), key, spec["id"], name, 14,
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
    forged = tokens.bare(issued["干部甲"][13])[:4] + "ABCDEFGHJ"
    forged = tokens.grouped(forged + "".join(tokens.ALPHABET[v] for v in tokens.checks(
        [tokens.ALPHABET.index(c) for c in forged])))
    # After the valid ones in file order: a code counts for the first file that uses it.
    for index, (name, token) in enumerate((("干部甲-13-评价码重复", issued["干部甲"][0]),
                                           ("干部甲-14-伪造", forged),
                                           ("干部甲-15-别人的评价码", issued["干部乙"][13]),
                                           ("干部甲-16-无评价码", None))):
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
            for n in range(forms):
                answers = rating_answers(rating, chance, rng)
                date = f"2027-{3 * quarter + 2:02d}-{n + 1:02d}T10:00:00Z"
                lines.append(f"{name},{period},{encode(rating, answers, date)}")
    (HERE / "satisfaction").mkdir(exist_ok=True)
    (HERE / "satisfaction" / "ratings.txt").write_text("\n".join(lines) + "\n", "utf-8")
    token_examples()


if __name__ == "__main__":
    main()
