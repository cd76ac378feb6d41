"""The 民主测评 page: what it weighs and how fast it completes, for 4 and 30 cadres.

* weight: our JS and CSS on the page, gzipped (level 9), and the page's HTML, gzipped;
* time: in Chromium at 390×844, from clicking 完成评价 on a fully answered form (every cadre's
  grade and five dimensions) to the result code shown, median of RUNS page loads;
* code: the result code's length in symbols, which a rater may have to copy by hand.

Run: ``python benchmarks/bench_appraisal.py``.
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
from tests.weights import own_assets  # noqa: E402

RUNS = 9
SIZES = (4, 30)
#: Pick the first option of every grade and dimension of every cadre.
ANSWER_ALL = """() => document.querySelectorAll('.kba-card .kba-options')
    .forEach(o => o.querySelector('input').click())"""
#: Click 完成评价; resolve with the milliseconds until the next frame (the code shown).
SUBMIT = """() => { const t = performance.now();
    document.querySelector('.kba-form button[type=submit]').click();
    return new Promise(done => requestAnimationFrame(() => done(performance.now() - t))); }"""


def form(cadres: int) -> dict[str, object]:
    return {"id": f"ceping-{cadres}", "title": "民主测评", "version": "1", "kind": "appraisal",
            "introduction": "基准。", "period": "2027年度", "comment": "意见建议（选填）",
            "subjects": [{"id": f"c{n}", "name": f"干部{n}", "title": "副局长"} for n in range(cadres)],
            "groups": [{"id": "banzi", "name": "领导班子成员", "weight": 0.4, "token": "required"},
                       {"id": "xiashu", "name": "下属", "weight": 0.6}]}


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="kb-appraisal-")) / "project"
    create_project(root, "基准")
    for cadres in SIZES:
        (root / "quizzes" / f"ceping-{cadres}.yml").write_text(
            yaml.safe_dump(form(cadres), allow_unicode=True), "utf-8")
    site = build_site(root).out
    print("| cadres | our JS+CSS (gz) | HTML (gz) | submit → code (ms, median) | code symbols |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    with serve_folder(site) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for cadres in SIZES:
            page_path = f"quizzes/ceping-{cadres}.html"
            weight = sum(own_assets(site, page_path).values())
            html = len(gzip.compress((site / page_path).read_bytes(), compresslevel=9))
            times, code = [], ""
            for _run in range(RUNS):
                context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
                page = context.new_page()
                page.goto(f"{origin}/{page_path}")
                page.check('input[name="kba-group"][value="xiashu"]')
                page.evaluate(ANSWER_ALL)
                took = page.evaluate(SUBMIT)
                code = page.locator(".kba-code").inner_text()
                times.append(took)
                context.close()
            symbols = len(code.replace("-", ""))
            print(f"| {cadres} | {weight / 1024:.1f} KB | {html / 1024:.1f} KB | "
                  f"{statistics.median(times):.1f} | {symbols} |")
        browser.close()


if __name__ == "__main__":
    main()
