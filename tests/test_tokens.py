"""One-time 评价码: the format, the keyed tag, the key file and the slips (``tokens``)."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.scoring import tokens
from generator.scoring.codes import ALPHABET, checks
from tests.conftest import MINIMAL_COURSE, REPO
from tests.test_aggregate import RATING

KEY = bytes(range(32))
VECTORS = Path(__file__).parent / "vectors" / "tokens" / "tokens.json"
JS_TEST = Path(__file__).parent / "js" / "token.test.cjs"


def token_vectors() -> dict[str, Any]:
    """The shared vectors: tokens made under a demo key, and typed texts with how each reads."""
    issued = [{"quiz": quiz, "subject": subject, "period": period, "serial": serial,
               "code": tokens.encode(KEY, quiz, subject, period, serial)}
              for quiz, subject, period, serial in [
                  ("qunzhong-manyidu", "干部甲", "2027年第一季度", 1),
                  ("qunzhong-manyidu", "干部甲", "2027年第一季度", 2),
                  ("qunzhong-manyidu", "干部乙", "2027年第一季度", 1),
                  ("qunzhong-manyidu", "干部甲", "2027年第二季度", 200),
                  ("rate", "Zhang San", "1期", 29790)]]
    first, last = issued[0]["code"], issued[-1]["code"]
    swapped = first[:6] + first[7] + first[6] + first[8:]
    typo = first[:-1] + ("2" if first[-1] != "2" else "3")
    full_width = "".join(chr(ord(c) + 0xFEE0) if c != "-" else "－" for c in first)
    version_0 = "2" + tokens.bare(first)[1:13]  # a well-checked code of another format
    version_0 += "".join(ALPHABET[v] for v in checks([ALPHABET.index(c) for c in version_0]))
    texts = [first, first.lower(), " " + first.replace("-", " ") + " ", first.replace("-", ""),
             first.replace("-", "—"), full_width, "\u3000" + last + "\u3000", last.replace("-", "_"),
             swapped, typo, first[:-1], first + "2", first[:3] + "O" + first[4:],
             first[:2] + "1I" + first[4:], "", "   ", version_0]
    typed = []
    for text in texts:
        try:
            token = tokens.read(text)
        except tokens.TokenError as exc:
            entry: dict[str, Any] = {"typed": text, "ok": False, "error": exc.kind}
            wrong = sorted({c for c in tokens.bare(text) if c not in ALPHABET})
            if wrong:
                entry["found"] = wrong
        else:
            entry = {"typed": text, "ok": True, "code": token.text, "serial": token.serial}
        typed.append(entry)
    return {"about": "Shared vectors of one-time 评价码: tests/test_tokens.py makes them "
                     "(pytest --update-golden), generator/scoring/tokens.py and "
                     "generator/assets/kb-token.js (tests/js/token.test.cjs) must read 'typed' "
                     "alike. 'key' is a demo key for these vectors only, never for real slips.",
            "alphabet": ALPHABET, "key": KEY.hex(), "issued": issued, "typed": typed}


def test_shared_vectors_are_current(update_golden: bool) -> None:
    made = json.dumps(token_vectors(), ensure_ascii=False, indent=1) + "\n"
    if update_golden:
        VECTORS.parent.mkdir(exist_ok=True)
        VECTORS.write_text(made, encoding="utf-8")
    assert VECTORS.read_text(encoding="utf-8") == made, "run pytest tests/test_tokens.py --update-golden"


def test_python_reads_and_issues_the_shared_vectors() -> None:
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    key = bytes.fromhex(data["key"])
    for entry in data["issued"]:
        assert tokens.encode(key, entry["quiz"], entry["subject"], entry["period"],
                             entry["serial"]) == entry["code"]
        assert tokens.verify(key, entry["quiz"], entry["subject"], entry["period"],
                             tokens.read(entry["code"]))
    kinds = set()
    for entry in data["typed"]:
        if entry["ok"]:
            token = tokens.read(entry["typed"])
            assert (token.text, token.serial) == (entry["code"], entry["serial"])
        else:
            with pytest.raises(tokens.TokenError) as caught:
                tokens.read(entry["typed"])
            assert caught.value.kind == entry["error"]
            kinds.add(entry["error"])
    assert kinds == {"symbols", "length", "check", "version", "empty"}


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_js_reads_the_shared_vectors_alike() -> None:
    result = subprocess.run(["node", "--test", str(JS_TEST)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_token_reads_back_its_serial_and_verifies_only_for_its_binding() -> None:
    code = tokens.encode(KEY, "rate", "干部甲", "1期", 42)
    assert len(code) == 17 and code.count("-") == 2
    token = tokens.read(code)
    assert token.serial == 42 and token.text == code
    assert tokens.verify(KEY, "rate", "干部甲", "1期", token)
    for quiz, subject, period in [("other", "干部甲", "1期"), ("rate", "干部乙", "1期"),
                                  ("rate", "干部甲", "2期")]:
        assert not tokens.verify(KEY, quiz, subject, period, token)
    assert not tokens.verify(bytes(32), "rate", "干部甲", "1期", token)


def test_names_are_bound_as_typed_give_or_take_spaces_and_width() -> None:
    token = tokens.read(tokens.encode(KEY, "rate", "干部甲", "2027年第一季度", 1))
    assert tokens.verify(KEY, "rate", " 干部甲  ", "２０２７年第一季度", token)


def test_typing_is_forgiven_case_spaces_dashes_and_full_width() -> None:
    code = tokens.encode(KEY, "rate", "干部甲", "1期", 7)
    typed = "  " + code.lower().replace("-", " – ") + " "
    assert tokens.read(typed).text == code
    full_width = "".join(chr(ord(c) + 0xFEE0) if c != "-" else "－" for c in code)
    assert tokens.read(full_width).text == code


def test_every_single_typo_and_neighbour_swap_is_caught_without_the_key() -> None:
    text = tokens.bare(tokens.encode(KEY, "rate", "干部甲", "1期", 123))
    for i, symbol in enumerate(text):
        for other in ALPHABET:
            if other != symbol:
                with pytest.raises(tokens.TokenError, match="check symbols"):
                    tokens.read(text[:i] + other + text[i + 1:])
        if i + 1 < len(text) and text[i] != text[i + 1]:
            with pytest.raises(tokens.TokenError, match="check symbols"):
                tokens.read(text[:i] + text[i + 1] + text[i] + text[i + 2:])


@pytest.mark.parametrize(("typed", "message"), [
    ("3223S-QAD2A-5DEJ", "expected 15 symbols, found 14"),
    ("3223S-QAD2A-5DEJO", "found 'O'"),
    ("3223S-QAD2A-5DEJW-2", "expected 15 symbols, found 16"),
])
def test_unreadable_tokens_say_why(typed: str, message: str) -> None:
    with pytest.raises(tokens.TokenError, match=message):
        tokens.read(typed)


def test_serials_are_bounded() -> None:
    with pytest.raises(tokens.TokenError):
        tokens.encode(KEY, "rate", "干部甲", "1期", 0)
    assert tokens.read(tokens.encode(KEY, "rate", "干部甲", "1期", tokens.MAX_SERIAL)).serial == 29790


def test_a_key_file_holds_hexadecimal() -> None:
    assert tokens.parse_key(KEY.hex() + "\n") == KEY
    assert tokens.parse_key("abc") is None
    assert tokens.parse_key("zz" * 32) is None


@pytest.fixture
def root(project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path]) -> Path:
    write_course(MINIMAL_COURSE)
    write_quiz(RATING, "rate.yml")
    return project


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["tokens", "--project", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_new_key_is_private_and_never_overwritten(root: Path, tmp_path: Path) -> None:
    key = tmp_path / "评价密钥"
    assert run(root, "--new-key", str(key))[0] == 0
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert tokens.parse_key(key.read_text("ascii")) is not None
    before = key.read_bytes()
    code, _, err = run(root, "--new-key", str(key))
    assert code == 1 and "never overwritten" in err and key.read_bytes() == before


def test_new_key_makes_its_missing_folder_private(root: Path, tmp_path: Path) -> None:
    """docs/cli.md's ~/评价/评价密钥 works on a machine without ~/评价."""
    key = tmp_path / "评价" / "评价密钥"
    assert run(root, "--new-key", str(key))[0] == 0
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


@pytest.mark.parametrize("where", ["content/key", "quizzes/key", "site/key", "评价密钥",
                                   "private/评价密钥", ".keys/key.hex"])
def test_a_key_anywhere_inside_the_project_is_refused(root: Path, where: str) -> None:
    """Not only the published folders: git tracks, and a copy takes, the whole project tree."""
    key = root / where
    key.parent.mkdir(parents=True, exist_ok=True)
    code, _, err = run(root, "--new-key", str(key))
    assert code == 1 and f"expected the key outside the project folder {root}" in err
    assert not key.exists()


def test_a_key_inside_a_project_is_refused_whatever_project_is_given(root: Path,
                                                                     tmp_path: Path) -> None:
    """--project elsewhere (or none: the current folder, not a project) does not make a key in
    a project tree safe: every folder above the key that is a project counts."""
    elsewhere = tmp_path / "not-a-project"
    elsewhere.mkdir()
    code, _, err = run(elsewhere, "--new-key", str(root / "private" / "key"))
    assert code == 1 and f"outside the project folder {root}" in err
    assert not (root / "private").exists()


def test_a_key_inside_the_project_is_refused_for_reading_too(root: Path, tmp_path: Path) -> None:
    key = root / "评价密钥"  # put there by hand: read neither by tokens nor by aggregate
    key.write_text(KEY.hex() + "\n", "ascii")
    code, _, err = run(root, "rate", "--subject", "干部甲", "--period", "1期", "--count", "1",
                       "--key-file", str(key), "--csv", str(tmp_path / "s.csv"))
    assert code == 1 and "expected the key outside the project folder" in err
    assert not (tmp_path / "s.csv").exists()
    folder = tmp_path / "in"
    folder.mkdir()
    result = CliRunner().invoke(main, ["aggregate", "-C", str(root), str(folder),
                                       "--key-file", str(key), "--out", str(tmp_path / "r.md")])
    assert result.exit_code == 1 and "expected the key outside the project folder" in result.stderr


@pytest.mark.parametrize("folder", ["content", "quizzes", "site"])
def test_slips_inside_what_is_published_are_refused(root: Path, tmp_path: Path,
                                                    folder: str) -> None:
    key = tmp_path / "key"
    key.write_text(KEY.hex() + "\n", "ascii")
    out = root / folder / "slips.csv"
    code, _, err = run(root, "rate", "--subject", "干部甲", "--period", "1期", "--count", "1",
                       "--key-file", str(key), "--csv", str(out))
    assert code == 1 and f"expected the slips outside the project's {folder}/ folder" in err
    assert not out.exists()


#: The one key-like text git may hold: the shared vectors' key, bytes 0 to 31, not random and
#: never a real key (tests/vectors/tokens/tokens.json; nobody makes slips with it).
VECTORS_KEY = bytes(range(32)).hex()
#: A run of hexadecimal digits that parse_key would take for a key (a key file holds 64), with
#: at least one of a-f: a random key of 32 bytes lacks them once in 10^13, while runs of decimal
#: digits are data (register/data/strokes.txt writes a character's strokes as digits 1 to 5).
HEX_RUN = re.compile(r"(?<![0-9A-Za-z])(?=[0-9]*[A-Fa-f])[0-9A-Fa-f]{32,}(?![0-9A-Za-z])")


def test_a_key_is_a_hex_run_and_stroke_digits_are_not() -> None:
    assert HEX_RUN.findall(f"key: {KEY.hex()}\n") == [KEY.hex()]
    assert HEX_RUN.findall(KEY.hex().upper()[::-1]) == [KEY.hex().upper()[::-1]]
    assert HEX_RUN.findall("齉" + "5" * 36 + "\n" + "9" * 64) == []


def test_no_file_git_tracks_holds_a_key() -> None:
    """Keys never enter the repository: no tracked file is a key file (what --key-file reads)
    or holds a key's run of hexadecimal digits, and none has a key file's usual name."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git work tree")
    names = [n for n in listed.stdout.decode("utf-8").split("\0") if n]
    assert "examples/make_examples.py" in names  # the listing is the repository's
    found = []
    for name in names:
        path = REPO / name
        if not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if len(data) <= 1024 and data.isascii() and tokens.parse_key(data.decode("ascii")):
            found.append(f"{name}: a key file")
        text = data.decode("utf-8", errors="replace")
        found += [f"{name}: {run_[:8]}…" for run_ in HEX_RUN.findall(text) if run_ != VECTORS_KEY]
        if Path(name).name.startswith(("评价密钥", "评价码-")) or name.endswith((".key", ".hex")):
            found.append(f"{name}: named like a key file or slips")
    assert found == []


def test_slips_as_html_and_csv(root: Path, tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_text(KEY.hex() + "\n", "ascii")
    html, csv = tmp_path / "s.html", tmp_path / "s.csv"
    code, out, err = run(root, "rate", "--subject", "干部甲", "--period", "2期", "--count", "3",
                         "--first", "11", "--key-file", str(key), "--html", str(html),
                         "--csv", str(csv))
    assert code == 0, err
    assert "slips 11 to 13" in out
    rows = csv.read_text("utf-8").splitlines()
    assert rows[0] == "\ufeff编号,评价码,被评价人,期次"
    assert rows[1] == f"11,{tokens.encode(KEY, 'rate', '干部甲', '2期', 11)},干部甲,2期"
    page = html.read_text("utf-8")
    assert page.count('class="slip"') == 3 and tokens.encode(KEY, "rate", "干部甲", "2期", 13) in page
    assert KEY.hex() not in page


def test_slips_need_a_declared_period_and_a_rating_form(root: Path, tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_text(KEY.hex(), "ascii")
    code, _, err = run(root, "rate", "--subject", "干部甲", "--period", "第2期", "--count", "3",
                       "--key-file", str(key), "--csv", str(tmp_path / "s.csv"))
    assert code == 1 and "did you mean '2期'" in err
    (tmp_path / "not-a-key").write_text("评价密钥", "utf-8")
    code, _, err = run(root, "rate", "--subject", "干部甲", "--period", "2期", "--count", "3",
                       "--key-file", str(tmp_path / "not-a-key"), "--csv", str(tmp_path / "s.csv"))
    assert code == 1 and "expected a key file" in err


def test_slips_as_pdf(root: Path, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    key = tmp_path / "key"
    key.write_text(KEY.hex(), "ascii")
    pdf = tmp_path / "s.pdf"
    assert run(root, "rate", "--subject", "干部甲", "--period", "1期", "--count", "12",
               "--key-file", str(key), "--pdf", str(pdf))[0] == 0
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 2  # ten slips an A4 page
    assert tokens.encode(KEY, "rate", "干部甲", "1期", 1) in reader.pages[0].extract_text()


def test_a_new_projects_gitignore_keeps_default_slips_and_key_names_out_of_git(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slips written with no --html/--csv land in the current folder, often the project's own:
    the scaffold's .gitignore (``new``) keeps them, and a key by its usual names, out of git."""
    if shutil.which("git") is None:
        pytest.skip("no git")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    key = tmp_path / "评价密钥"
    assert run(root, "--new-key", str(key))[0] == 0
    monkeypatch.chdir(root)
    code, _, err = run(root, "rate", "--subject", "干部甲", "--period", "1期", "--count", "2",
                         "--key-file", str(key))
    assert code == 0, err
    written = sorted(p.name for p in root.glob("评价码-*"))
    assert written == ["评价码-干部甲-1期-1-2.csv", "评价码-干部甲-1期-1-2.html"]
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root,
                            capture_output=True, text=True, check=True).stdout
    assert "评价码" not in status and "\\350" not in status and ".gitignore" in status
    for name in ("评价密钥", "评价密钥.txt", "department.key"):
        assert subprocess.run(["git", "check-ignore", "-q", name], cwd=root).returncode == 0, name
