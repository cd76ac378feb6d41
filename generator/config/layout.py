"""Where a project keeps its parts: folder and file names, and ``find_paths``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import ProjectError
from generator.i18n import _

CONTENT_DIR = "content"


QUIZZES_DIR = "quizzes"


COURSES_DIR = "courses"


LISTS_DIR = "lists"


#: Folders of content/ that hold YAML data rather than pages to publish as they are.
DATA_DIRS = (COURSES_DIR, LISTS_DIR)


CONFIG_FILE = "mkdocs.yml"
#: Where generated Markdown and MkDocs configs are written, inside the project.
BUILD_DIR = ".build"


YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Paths:
    """Where a project keeps its parts."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / CONTENT_DIR

    @property
    def quizzes(self) -> Path:
        return self.root / QUIZZES_DIR

    @property
    def config(self) -> Path:
        return self.root / CONFIG_FILE

    def course_files(self) -> list[Path]:
        return yaml_files(self.content / COURSES_DIR)

    def list_files(self) -> list[Path]:
        return yaml_files(self.content / LISTS_DIR)

    def quiz_files(self) -> list[Path]:
        return yaml_files(self.quizzes)

    def page_files(self) -> list[Path]:
        """Hand-written files under content/ that go to the site as they are."""
        data = [self.content / name for name in DATA_DIRS]
        return sorted(
            p for p in self.content.rglob("*")
            if p.is_file() and not any(d in p.parents for d in data) and not p.name.startswith(".")
        )


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def find_paths(root: Path) -> Paths:
    """Check that *root* looks like a project and return its paths."""
    paths = Paths(root.resolve())
    if not paths.config.is_file() or not paths.content.is_dir():
        raise ProjectError(_(
            "{root} is not a project: expected {config} and a {content}/ folder (create one "
            "with: python -m generator new DIR)").format(root=root, config=CONFIG_FILE,
                                                          content=CONTENT_DIR))
    return paths
