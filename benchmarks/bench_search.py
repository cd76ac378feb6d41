"""What keeping domain terms whole for queries costs: index size, and the browser's tokenizing.

For each N it builds a synthetic course of N lessons (as bench_build.py does) and reports the
search index's size, the part of it that is the separator (generator/site/search.py), and the
CPU time Node takes to split every document's text as Material's search worker does when it
builds the index in the browser (a copy of its ``split``), with Material's own separator for
Chinese and with the one the build wrote: best of 15 runs, so that a busy machine skews less.

Run: ``python benchmarks/bench_search.py 100 1000`` (needs ``node``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from benchmarks.bench_build import make_project
from generator.commands.build import build_site
from generator.site.search import DEFAULT_SEPARATOR

#: Material 9.8's tokenizer split (integrations/search/internal/_/index.ts), and a timer.
SPLIT_JS = r"""
const fs = require("fs");
function split(input, separator, fn) {
  separator = new RegExp(separator, "g");
  let match, index = 0;
  do {
    match = separator.exec(input);
    const until = match ? match.index : input.length;
    if (index < until) fn(index, until);
    if (match) {
      index = match.index + match[0].length;
      if (match[0].length === 0) separator.lastIndex = match.index + 1;
    }
  } while (match);
}
const [file, ...separators] = process.argv.slice(2);
const index = JSON.parse(fs.readFileSync(file, "utf8"));
const texts = index.docs.flatMap(d => [d.title, ...(d.text || "").split(/<[^>]+>/)]);
const out = separators.map(source => {
  const separator = new RegExp(source);
  let best = Infinity, tokens = 0;
  for (let round = 0; round < 15; round++) {
    const start = process.cpuUsage();
    tokens = 0;
    for (const text of texts) split(text, separator, () => tokens++);
    best = Math.min(best, process.cpuUsage(start).user / 1000);
  }
  return { ms: best, tokens };
});
console.log(JSON.stringify(out));
"""


def measure(work: Path, lessons: int) -> str:
    site = build_site(make_project(work, lessons), work / "site").out
    path = site / "search" / "search_index.json"
    ours = json.loads(path.read_text(encoding="utf-8"))["config"]["separator"]
    script = work / "split.js"
    script.write_text(SPLIT_JS, encoding="utf-8")
    result = subprocess.run(["node", str(script), str(path), DEFAULT_SEPARATOR, ours],
                            capture_output=True, text=True, check=True)
    material, split = json.loads(result.stdout)
    return (f"| {lessons:,} | {path.stat().st_size / 1024:.0f} | {len(ours.encode()):,} | "
            f"{material['ms']:.1f} | {split['ms']:.1f} | {material['tokens']:,} | {split['tokens']:,} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    sizes = parser.parse_args().sizes
    print("| lessons | index (KB) | separator (bytes) | split, Material's (ms CPU) "
          "| split, ours (ms CPU) | tokens, Material's | tokens, ours |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="kb-bench-search-") as work:
            print(measure(Path(work), size), flush=True)


if __name__ == "__main__":
    main()
