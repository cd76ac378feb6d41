"""``aggregate`` on 100,000 results: time and peak memory of one run.

Writes 100,000 result codes of the default 执行力自测 (random answers, distinct
minutes) into one text file, plus 2,000 exported JSON files, then times
``python -m generator aggregate`` on them in a fresh process.

Run: ``python benchmarks/bench_aggregate.py [N]``.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_build import timed  # noqa: E402
from generator.scoring.codes import encode  # noqa: E402
from generator.scoring.scorer import score  # noqa: E402
from generator.scoring.spec import quiz_spec  # noqa: E402
from generator.site.project import load_project  # noqa: E402

FILES = 2_000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    spec = next(quiz_spec(q.quiz) for q in load_project(ROOT).quizzes
                if q.quiz.id == "zhixingli-zice")
    rng = random.Random(5)
    work = Path(tempfile.mkdtemp(prefix="kb-agg-bench-"))
    start = datetime(2027, 1, 1, tzinfo=UTC)
    items = [i for i in spec["items"] if i["type"] != "text"]

    def answers() -> dict[str, object]:
        return {i["id"]: ([rng.randrange(len(i["scores"]))] if i["type"] == "multi"
                          else rng.randrange(len(i["scores"]))) for i in items}

    with (work / "codes.txt").open("w", encoding="utf-8") as out:
        for n in range(count - FILES):
            date = (start + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
            out.write(encode(spec, answers(), date) + "\n")
    (work / "files").mkdir()
    for n in range(FILES):
        given = answers()
        date = (start - timedelta(minutes=n + 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        (work / "files" / f"{n}.json").write_text(json.dumps({
            "format": "kb-quiz-result", "version": 1, "date": date,
            "questionnaire": {k: spec[k] for k in ("id", "title", "version", "hash")},
            "answers": given, "result": score(spec, given)}), encoding="utf-8")
    seconds, peak = timed([sys.executable, "-m", "generator", "aggregate", "-C", str(ROOT),
                           str(work / "codes.txt"), str(work / "files"),
                           "--out", str(work / "report.md"), "--csv", str(work / "t.csv")], ROOT)
    print(f"aggregate of {count:,} results ({count - FILES:,} codes in one file, {FILES:,} JSON "
          f"files): {seconds:.1f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
