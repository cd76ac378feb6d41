"""Questionnaire runtime: shipped size, and time to score and render a 200-item result.

* size: the project's own JS and CSS on each type of page, gzipped (level 9), as the page
  loads them; a questionnaire page then loads its scorer and core as the reader starts
  answering (kb-score.js, kb-quiz-core.js), its tools on first use (kb-quiz-tools.js,
  kb-store-later.js): those are listed apart;
* time: in Chromium, a 200-item questionnaire answered as a reader does (the first answer's
  change loads the scorer and core: the time until the count shows is listed), then from
  submitting it to the laid-out results (scoring, table, chart, texts): the first submit
  after each of 9 page loads (cold: first restyle included), and 24 more.

Run: ``python benchmarks/bench_quiz.py``.
"""

from __future__ import annotations

import gzip
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


#: What a questionnaire page loads after the page: as the reader starts, on first use of a tool.
LATER = {"on the first answer": ["kb-score.js", "kb-quiz-core.js"],
         "on the first tool": ["kb-quiz-tools.js", "kb-store-later.js"]}


def weights() -> tuple[list[tuple[str, str, dict[str, int]]], dict[str, dict[str, int]]]:
    """Our JS and CSS on one page of each type of the default site, gzipped; and the files a
    questionnaire page loads later."""
    site = Path(tempfile.mkdtemp(prefix="kb-weight-")) / "site"
    build_site(ROOT, site)
    later = {when: {f: len(gzip.compress((site / "assets" / "kb" / f).read_bytes(), compresslevel=9))
                    for f in files} for when, files in LATER.items()}
    return [(kind, page, own_assets(site, page)) for kind, page in PAGE_TYPES], later


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


def render_times() -> tuple[list[float], list[float], list[float]]:
    root = Path(tempfile.mkdtemp(prefix="kb-quiz-bench-")) / "proj"
    create_project(root, "基准")
    (root / "quizzes" / "big.yml").write_text(
        yaml.safe_dump(big_questionnaire(), allow_unicode=True), encoding="utf-8")
    build_site(root)
    cold: list[float] = []
    warm: list[float] = []
    ready: list[float] = []
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
            # The change a reader's first tap makes: the scorer and core load, the count shows.
            ready.append(page.evaluate(f"""() => new Promise(done => {{
                const t = performance.now(), count = document.querySelector('.kbq-count');
                document.querySelector('.kbq-form').dispatchEvent(new Event('change'));
                (function wait() {{
                    if (count.textContent === '{ITEMS}') done(performance.now() - t);
                    else setTimeout(wait, 1);
                }})();
            }})"""))
            # The answers on screen, as they are long before a reader submits.
            page.evaluate("""() => new Promise(done => {
                document.body.getBoundingClientRect();
                requestAnimationFrame(() => setTimeout(done, 50));
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
    return cold, warm, ready


def main() -> None:
    print("| page type | page | our JS + CSS, gzipped | files |")
    print("| --- | --- | ---: | --- |")
    pages, later = weights()
    for kind, page, found in pages:
        files = ", ".join(f"{Path(a).name} {b:,}" for a, b in found.items())
        print(f"| {kind} | `{page}` | {sum(found.values()):,} B | {files} |")
    for when, found in later.items():
        files = ", ".join(f"{a} {b:,}" for a, b in found.items())
        print(f"| questionnaire, {when} | | +{sum(found.values()):,} B | {files} |")
    cold, warm, ready = render_times()
    print(f"\nFirst answer of {ITEMS} (loads kb-score.js and kb-quiz-core.js) to the count shown: "
          f"median {statistics.median(ready):.1f} ms (range {min(ready):.1f}–{max(ready):.1f})")
    print(f"Score and render {ITEMS} items, over {LOADS} page loads: first submit after "
          f"loading (cold) median {statistics.median(cold):.1f} ms (range {min(cold):.1f}–"
          f"{max(cold):.1f}); later submits median {statistics.median(warm):.1f} ms")


if __name__ == "__main__":
    main()
