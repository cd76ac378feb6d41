"""One-time 评价码: the format, the keyed tag, the key file and the slips (``tokens``)."""

from __future__ import annotations

import json
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
from tests.conftest import MINIMAL_COURSE
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


@pytest.mark.parametrize("folder", ["content", "quizzes", "site"])
def test_a_key_inside_what_is_published_is_refused(root: Path, folder: str) -> None:
    code, _, err = run(root, "--new-key", str(root / folder / "key"))
    assert code == 1 and f"outside the project's {folder}/ folder" in err
    assert not (root / folder / "key").exists()


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
