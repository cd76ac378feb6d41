"""JSON Schemas of the content formats, for editors and CI."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from generator.content.models.appraisal import Appraisal
from generator.content.models.course import Course
from generator.content.models.questionnaire import Questionnaire
from generator.content.models.responsibility import ResponsibilityList
from generator.errors import os_error

#: File name → model; a new content format adds one line here.
FORMATS: dict[str, type[BaseModel]] = {
    "course.schema.json": Course,
    "questionnaire.schema.json": Questionnaire,
    "appraisal.schema.json": Appraisal,
    "responsibility-list.schema.json": ResponsibilityList,
}


def schema_text(model: type[BaseModel]) -> str:
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write one schema file per format into *folder*; return their paths."""
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, model in FORMATS.items():
            target = folder / name
            target.write_text(schema_text(model), encoding="utf-8")
            written.append(target)
    except OSError as exc:
        raise os_error(exc, folder) from None
    return written
