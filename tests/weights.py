"""What a page of the built site loads of our own: its JS and CSS, gzipped as a server sends them.

Shared by the size test (tests/test_build.py) and the benchmark (benchmarks/bench_quiz.py).
"""

from __future__ import annotations

import gzip
import posixpath
import re
from pathlib import Path

#: Our assets in a built site; Material's own bundle and the vendored shim are not ours.
OWN = re.compile(r'(?:src|href)="([^"]*assets/kb/(?!vendor/)[^"]+\.(?:js|css))"')

#: One page of each type in the default site, as (type, path in the site).
PAGE_TYPES = [
    ("home", "index.html"), ("course", "zhixingli/index.html"),
    ("module", "zhixingli/yuanwei/index.html"),
    # Every lesson of the default course has a 随堂测验; a lesson without one is weighed on a
    # project of its own (tests/test_build.py).
    ("lesson with a check", "zhixingli/shanwei/shouwen-fuze.html"),
    ("self-assessment", "quizzes/zhixingli-zice.html"), ("rating form", "quizzes/qunzhong-manyidu.html"),
    ("list", "lists/dangzhengban-zhuren.html"), ("tags", "tags.html"),
    ("hand-written page", "bendi-shuju.html"), ("not found", "404.html"),
    ("handbook", "zhixingli/handbook.html"),
]


def own_assets(site: Path, page: str) -> dict[str, int]:
    """Each of our JS and CSS files *page* loads → its gzipped size in bytes."""
    html = (site / page).read_text(encoding="utf-8")
    found = {}
    for link in OWN.findall(html):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), link.split("?")[0]))
        found[path] = len(gzip.compress((site / path).read_bytes(), compresslevel=9))
    return found
