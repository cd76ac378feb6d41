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
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

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


def export(spec: dict[str, Any], answers: dict[str, Any], date: str) -> dict[str, Any]:
    return {"format": "kb-quiz-result", "version": 1,
            "questionnaire": {k: spec[k] for k in ("id", "title", "version", "hash")},
            "date": date, "answers": answers, "result": score(spec, answers)}


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
                answers = {}
                visit = min(1.0, max(0.0, rng.gauss(chance, 0.15)))  # how this visit went
                for item in rating["items"]:
                    if item["type"] != "likert":
                        continue
                    if rng.random() < UNKNOWN:
                        answers[item["id"]] = len(item["scores"])  # 不了解
                    elif rng.random() < visit:
                        answers[item["id"]] = rng.choice([1, 2, 2])  # 基本满意, 满意
                    else:
                        answers[item["id"]] = 0  # 不满意
                date = f"2027-{3 * quarter + 2:02d}-{n + 1:02d}T10:00:00Z"
                lines.append(f"{name},{period},{encode(rating, answers, date)}")
    (HERE / "satisfaction").mkdir(exist_ok=True)
    (HERE / "satisfaction" / "ratings.txt").write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
