"""Questionnaire runtime: shipped size, and time to score and render a 200-item result.

* size: the project's own JS and CSS on a questionnaire page, gzipped (level 9);
* time: in Chromium, from submitting a fully answered 200-item questionnaire to
  the laid-out results (scoring, table, chart, texts): the first submit after
  each of 9 page loads (cold: JIT and first restyle included), and 24 more.

Run: ``python benchmarks/bench_quiz.py``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.commands.build import build_site  # noqa: E402
from generator.commands.new import create_project  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402
from tests.weights import PAGE_TYPES, own_assets  # noqa: E402

ITEMS = 200
RUNS = 25
LOADS = 9


def weights() -> list[tuple[str, str, dict[str, int]]]:
    """Our JS and CSS on one page of each type of the default site, gzipped."""
    site = Path(tempfile.mkdtemp(prefix="kb-weight-")) / "site"
    build_site(ROOT, site)
    return [(kind, page, own_assets(site, page)) for kind, page in PAGE_TYPES]


def big_questionnaire() -> dict[str, object]:
    bands = [{"from": 0, "to": 50, "label": "低", "interpretation": "偏低，需要加强。",
              "advice": "从推荐课程学起。"},
             {"from": 50, "to": 100, "label": "高", "interpretation": "较好。"}]
    dims = [{"id": f"d{i}", "name": f"维度{i}", "bands": bands} for i in range(8)]
    items: list[dict[str, object]] = []
    for n in range(ITEMS):
        kind = ["likert", "single", "multi", "yesno"][n % 4]
        item: dict[str, object] = {"id": f"q{n}", "type": kind, "dimension": f"d{n % 8}",
                                   "text": f"第 {n + 1} 题：我能按时办结交办的事项。",
                                   "reverse": n % 7 == 0}
        if kind == "likert":
            item["scale"] = "agree5"
        elif kind in ("single", "multi"):
            item["options"] = [{"label": f"选项{k}", "score": k} for k in range(4)]
        items.append(item)
    return {"id": "big", "title": "两百题问卷", "version": "1", "introduction": "基准。",
            "dimensions": dims, "items": items, "bands": bands,
            "profiles": [{"id": "p", "label": "画像", "advice": "建议。",
                          "when": [{"dimension": "d0", "at_least": 10}]}]}


def render_times() -> tuple[list[float], list[float]]:
    root = Path(tempfile.mkdtemp(prefix="kb-quiz-bench-")) / "proj"
    create_project(root, "基准")
    (root / "quizzes" / "big.yml").write_text(
        yaml.safe_dump(big_questionnaire(), allow_unicode=True), encoding="utf-8")
    build_site(root)
    cold: list[float] = []
    warm: list[float] = []
    with serve_folder(root / "site") as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(LOADS):
            # A fresh profile per load: a reader with no history yet (the submits of earlier
            # loads would otherwise pile up hundreds of 200-item attempts in one storage).
            context = browser.new_context()
            page = context.new_page()
            page.goto(origin + "/quizzes/big.html")
            page.evaluate("""() => document.querySelectorAll('.kbq-item').forEach(f => {
                const boxes = f.querySelectorAll('input');
                boxes[boxes.length > 2 ? 2 : 0].checked = true;
            })""")
            times = page.evaluate(f"""() => {{
                const form = document.querySelector('.kbq-form');
                const out = [];
                for (let i = 0; i < {RUNS}; i++) {{
                    const t = performance.now();
                    form.requestSubmit();
                    document.querySelector('.kbq-report-body').getBoundingClientRect();  // layout
                    out.push(performance.now() - t);
                }}
                return out;
            }}""")
            assert page.locator(".kbq-overall").inner_text().startswith("总体：")
            cold.append(times[0])
            warm += times[1:]
            context.close()
        browser.close()
    return cold, warm


def main() -> None:
    print("| page type | page | our JS + CSS, gzipped | files |")
    print("| --- | --- | ---: | --- |")
    for kind, page, found in weights():
        files = ", ".join(f"{Path(a).name} {b:,}" for a, b in found.items())
        print(f"| {kind} | `{page}` | {sum(found.values()):,} B | {files} |")
    cold, warm = render_times()
    print(f"\nScore and render {ITEMS} items, over {LOADS} page loads: first submit after "
          f"loading (cold) median {statistics.median(cold):.1f} ms (range {min(cold):.1f}–"
          f"{max(cold):.1f}); later submits median {statistics.median(warm):.1f} ms")


if __name__ == "__main__":
    main()
