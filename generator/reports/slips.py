"""Keys and slips of one-time 评价码 (``tokens``; the format is ``scoring.tokens``).

The key is a file of 32 random bytes in hexadecimal that the department keeps: it never
enters the site, the repository or a page. A key file anywhere inside a project folder (the
one given with ``--project``, or any folder above the key that is a project) is refused, for
reading and for writing: the whole tree is what git tracks and what is copied to build the
site. Slips are refused in the project's ``content/``, ``quizzes/``, ``site/`` and ``.build/``
(published or committed with the content); written elsewhere in the project, the scaffold's
``.gitignore`` keeps their default names (``评价码-*``) out of git.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from generator.config.layout import Paths
from generator.content.models.appraisal import Appraisal, Subject
from generator.errors import GeneratorError, os_error
from generator.i18n import N_, _
from generator.scoring import tokens
from generator.templating import environment

#: Folders of a project whose files are published or committed with the content.
PUBLISHED = ("content", "quizzes", "site", ".build")

PDF_HINT = N_(
    "writing a PDF needs WeasyPrint, an optional extra: pip install -e '.[pdf]' (with its "
    "system libraries on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
    "libharfbuzz-subset0 fonts-noto-cjk). Without it, write the slips with --html and print "
    "them from a browser: the page is laid out for A4"
)


class KeyFileError(GeneratorError):
    """A key file that cannot be made, read or used where it lies."""


def refuse_published(paths: Paths | None, path: Path) -> None:
    """Refuse slips in a folder of the project that is published or committed."""
    if paths is None:
        return
    where = path.resolve()
    for name in PUBLISHED:
        folder = (paths.root / name).resolve()
        if where == folder or folder in where.parents:
            raise KeyFileError(_(
                "{path}: expected the slips outside the project's {folder}/ folder, which is "
                "published or committed with the content: keep them where only the department "
                "can read them, like blank ballots").format(path=path, folder=name))


def _is_project(folder: Path) -> bool:
    paths = Paths(folder)
    return paths.config.is_file() and paths.content.is_dir()


def refuse_in_project(paths: Paths | None, path: Path) -> None:
    """Refuse a key file anywhere inside a project folder: *paths*' or one above *path*."""
    where = path.resolve()
    roots = [paths.root.resolve()] if paths is not None else []
    roots += [folder for folder in where.parents if _is_project(folder)]
    for root in roots:
        if where == root or root in where.parents:
            raise KeyFileError(_(
                "{path}: expected the key outside the project folder {root}: everything in it "
                "can be committed, copied or published with the content. Keep the key where only "
                "the department can read it, e.g. ~/评价/评价密钥").format(path=path, root=root))


def new_key(path: Path, paths: Paths | None) -> None:
    """Write a new random key to *path*, readable by its owner only; never overwrite a file."""
    refuse_in_project(paths, path)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # e.g. ~/评价 on a new machine
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(_("{path}: a file is there already: a key is never overwritten (tokens "
                          "issued under it could no longer be checked)").format(path=path)) from None
    except OSError as exc:
        raise os_error(exc, path) from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        os.fchmod(handle.fileno(), 0o600)  # whatever the umask
        handle.write(secrets.token_hex(tokens.KEY_BYTES) + "\n")


def read_key(path: Path, paths: Paths | None) -> bytes:
    """The key in *path*; KeyFileError when it is not a key file or lies inside a project."""
    refuse_in_project(paths, path)
    try:
        with path.open("rb") as handle:
            data = handle.read(1025)
    except OSError as exc:
        raise KeyFileError(_("{path}: cannot read the key file: {reason}").format(
            path=path, reason=exc.strerror)) from None
    key = None
    if len(data) <= 1024:
        try:
            key = tokens.parse_key(data.decode("ascii"))
        except UnicodeDecodeError:
            key = None
    if key is None:
        raise KeyFileError(_("{path}: expected a key file made by 'tokens --new-key' (hexadecimal "
                          "digits), found something else").format(path=path))
    return key


@dataclass(frozen=True)
class Slip:
    serial: int
    code: str


def _serials(first: int, count: int) -> range:
    last = first + count - 1
    if first < 1 or last > tokens.MAX_SERIAL:
        raise GeneratorError(_("expected serial numbers from 1 to {limit}, found {first} to "
                               "{last}").format(limit=tokens.MAX_SERIAL, first=first, last=last))
    return range(first, last + 1)


def make_slips(key: bytes, quiz: str, subject: str, period: str, first: int,
               count: int) -> list[Slip]:
    """Slips *first* to *first* + *count* − 1 for *subject* in *period*."""
    return [Slip(n, tokens.encode(key, quiz, subject, period, n)) for n in _serials(first, count)]


def make_appraisal_slips(key: bytes, form: Appraisal, group: str, rater: Subject | None,
                         first: int, count: int) -> list[Slip]:
    """Format 2 slips *first*… for raters of *group* of a 民主测评 form; *rater*: the cadre
    they go to, when the rater is one of those rated."""
    groups, subjects = [g.id for g in form.groups], [c.id for c in form.cadres()]
    return [Slip(n, tokens.encode_appraisal(key, form.id, form.period or "", groups, group, subjects,
                                            rater.id if rater else None, n))
            for n in _serials(first, count)]


def slips_html(title: str, subject: str, period: str, slips: list[Slip], group: str | None = None,
               rater: str | None = None) -> str:
    """An A4 page of cut-out slips, two a row; with *group*, slips of a 民主测评 form (for
    *rater*, when the slips go to one of the cadres rated)."""
    return environment().get_template("token-slips.html.j2").render(
        title=title, subject=tokens.normal_name(subject), period=tokens.normal_name(period),
        slips=slips, group=group, rater=rater)


def _table(header: list[str], slips: list[Slip], same: tuple[str, ...]) -> str:
    """Serial and code of each slip, then the *same* cells on every row; a BOM for Excel, and
    no cell that a spreadsheet would run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    guard = ("=", "+", "-", "@", "\t", "\r")
    cells = ["'" + v if v.startswith(guard) else v for v in same]
    for slip in slips:
        writer.writerow([slip.serial, slip.code, *cells])
    return "\ufeff" + out.getvalue()


def slips_csv(subject: str, period: str, slips: list[Slip]) -> str:
    """The slips as a table (serial, code, cadre, period)."""
    return _table(["编号", "评价码", "被评价人", "期次"], slips,
                  (tokens.normal_name(subject), tokens.normal_name(period)))


def appraisal_csv(group: str, rater: str, period: str, slips: list[Slip]) -> str:
    """A 民主测评 form's slips as a table (serial, code, group, the cadre they go to, period)."""
    return _table(["编号", "评价码", "评价人类别", "发给", "期次"], slips, (group, rater, period))


def slips_pdf(html: str) -> bytes:
    """The slips laid out by WeasyPrint (optional); nothing is fetched."""
    try:
        import weasyprint
    except ImportError:
        raise GeneratorError(_(PDF_HINT)) from None
    except OSError as exc:  # the package is there, a system library is not
        raise GeneratorError(f"{_(PDF_HINT)} ({exc})") from None
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    data: bytes = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    return data
