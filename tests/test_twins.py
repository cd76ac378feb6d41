"""The Python twins of the page's JS against the shared vectors (tests/vectors/*.json).

The same vectors hold the JS twins in tests/js/twins.test.cjs: result codes (kb-score.js:
resultCode), the CSV formula guard (kb-store.js: csvText) and the shape check of imported
answers (kb-quiz-tools.js: misfits). Each side must reproduce every vector, so the two can
only disagree by failing one of them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

# The Python twins, by their current module names (imported here only).
from generator.reports.render import csv_text
from generator.reports.results import BadResult, check_answers
from generator.scoring.codes import decode, encode

VECTORS = Path(__file__).parent / "vectors"


def vectors(key: str) -> list[Any]:
    """(spec, vector) for each vector under *key*, with the spec of its file."""
    found = []
    for path in sorted(VECTORS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found += [pytest.param(data["spec"], v, id=f"{path.stem}: {v['name']}")
                  for v in data.get(key, [])]
    return found


@pytest.mark.parametrize(("spec", "vector"), vectors("codes"))
def test_result_code(spec: dict[str, Any], vector: dict[str, Any]) -> None:
    code = encode(spec, vector["answers"], vector["date"])
    assert code == vector["code"]
    assert decode(code, [spec])[0] is spec


def refused(spec: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    """The ids of the answers check_answers refuses, each checked on its own, in order."""
    out = []
    for ident, answer in answers.items():
        try:
            check_answers({ident: answer}, spec, "result.json")
        except BadResult:
            out.append(ident)
    return out


@pytest.mark.parametrize(("spec", "vector"), vectors("shapes"))
def test_answer_shapes(spec: dict[str, Any], vector: dict[str, Any]) -> None:
    answers, expected = vector["answers"], vector["refused"]
    if expected is None:  # not an object of answers at all
        with pytest.raises(BadResult):
            check_answers(answers, spec, "result.json")
        return
    assert refused(spec, answers) == expected
    if expected:
        with pytest.raises(BadResult):
            check_answers(answers, spec, "result.json")
    else:
        assert check_answers(answers, spec, "result.json") == answers


CELLS = [cell for path in sorted(VECTORS.glob("*.json"))
         for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", [])]


@pytest.mark.parametrize(("text", "shown"), CELLS, ids=[repr(c[0]) for c in CELLS])
def test_csv_formula_guard(text: str, shown: str) -> None:
    assert csv_text(text) == shown


def test_every_twin_has_vectors() -> None:
    assert len(vectors("codes")) >= 10
    assert len(vectors("shapes")) >= 15
    assert len(CELLS) >= 10
