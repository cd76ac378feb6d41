"""The formats of a 民主测评 form as ``aggregate`` reads them: its hash, its result codes and its
评价码 (``scoring.appraisal``, ``scoring.tokens``; docs/questionnaire-format.md, 民主测评),
and whether the inputs are of a 民主测评 at all."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.content.models.appraisal import Appraisal
from generator.errors import GeneratorError, Problem
from generator.reports.appraisal_inputs import APPRAISAL_FORMAT, Decoded
from generator.reports.appraisal_report import Codec
from generator.reports.inputs import code_lines, result_files
from generator.reports.results import BadResult, read_json
from generator.scoring.codes import ALPHABET


def _hash(form: Appraisal) -> str:  # PROVISIONAL until scoring.appraisal lands
    data = {"subjects": [s.id for s in form.cadres()], "groups": [g.id for g in form.groups],
            "scale": [g.id for g in form.scale], "dimensions": [d.id for d in form.dimensions],
            "levels": [lv.id for lv in form.levels]}
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def _read_code(text: str, forms: list[Appraisal]) -> Decoded:  # PROVISIONAL
    raise GeneratorError("result codes of 民主测评 forms are not read yet")


def _encode(decoded: Decoded) -> str:  # PROVISIONAL: identity of a form without its comments
    return json.dumps([decoded.group, decoded.date[:16], decoded.token,
                       {k: [r.grade, r.levels] for k, r in decoded.ratings.items()}],
                      sort_keys=True, ensure_ascii=False)


def _read_token(text: str) -> tuple[int, int, int]:  # PROVISIONAL
    from generator.scoring.codes import checks, number
    from generator.scoring.tokens import TokenError, bare
    values = [ALPHABET.index(c) for c in bare(text) if c in ALPHABET]
    if len(values) != 15 or checks(values[:-2]) != tuple(values[-2:]):
        raise TokenError("mistyped", "check")
    return number(values[1:4]), values[4], number(values[5:7])


def _verify(key: bytes, form: str, period: str, group: str, subject: str, token: str) -> bool:
    return False  # PROVISIONAL


CODEC = Codec(_hash, _read_code, _encode, _read_token, _verify)


#: The first symbol of a 民主测评 result code: format 3 (no 评价码) or 4.
CODE_FORMATS = (ALPHABET[3], ALPHABET[4])


def looks_like_appraisal(inputs: list[Path], forms: list[Appraisal]) -> Appraisal | None:
    """The form of the first readable input when it is a 民主测评 file or code, else None."""
    problems: list[Problem] = []
    by_hash = {CODEC.hash(f): f for f in forms}
    for path in result_files(inputs, problems):
        if path.suffix == ".json":
            try:
                data = read_json(path, str(path))
            except BadResult:
                continue
            if not isinstance(data, dict):
                return None
            head = data.get("form")
            if data.get("format") != APPRAISAL_FORMAT or not isinstance(head, dict):
                return None
            return by_hash.get(str(head.get("hash"))) or (forms[0] if len(forms) == 1 else None)
        for _line, text in code_lines(path, str(path), problems):
            if not text or text.startswith("#"):
                continue
            code = text.split(",")[-1].strip()
            if not code.upper().startswith(CODE_FORMATS):
                return None
            try:
                return CODEC.read_code(code, forms).form
            except GeneratorError:
                return forms[0] if len(forms) == 1 else None
    return None
