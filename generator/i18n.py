"""The language of every message: Chinese by default, English on request.

Messages are written in English in the code (the msgids), wrapped in ``_()`` with named
placeholders filled by ``str.format`` after translation, so that a translation may put
them in any order. The Chinese catalogue is ``locale/zh_CN/LC_MESSAGES/generator.po``;
``pybabel extract`` finds the msgids and ``pybabel compile`` writes the ``.mo`` that
ships beside it and that this module reads with the standard library (see
docs/cli.md, 语言; a test fails when a msgid has no translation or the ``.mo`` is stale).

The language is chosen by ``--lang``, else by an English locale in ``LC_ALL``,
``LC_MESSAGES`` or ``LANG`` (the first one set, as POSIX reads them), else Chinese.
``KBGEN_LANG`` carries the choice into the MkDocs process of ``build`` and ``serve``.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "generator"
LOCALE_DIR = Path(__file__).with_name("locale")

#: The languages of the messages: the catalogue's and the msgids'.
LANGUAGES = ("zh", "en")

#: Set by the CLI for the processes it starts (MkDocs, whose serve hook writes messages).
ENV = "KBGEN_LANG"

_current: gettext.NullTranslations | None = None
_language = ""


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``en`` when the environment asks for English, else ``zh``."""
    env = os.environ if environ is None else environ
    if env.get(ENV) in LANGUAGES:
        return env[ENV]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def use(language: str | None = None) -> str:
    """Speak *language* from now on (``zh`` or ``en``; None: as the environment says)."""
    global _current, _language
    language = language or language_from_env()
    if language == "en":
        _current = gettext.NullTranslations()
    else:
        with (LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
            _current = gettext.GNUTranslations(handle)
    _language = language
    # Click says its own words ("Usage:", "Options", "Error: …") through the standard
    # library's gettext: send those to this catalogue too, in the same language.
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN if language == "zh" else "messages")
    if language == "zh":
        os.environ["LANGUAGE"] = "zh_CN"
    return language


def language() -> str:
    """The language messages are written in now."""
    if _current is None:
        use()
    return _language


def translate(message: str) -> str:
    """*message* in the current language."""
    if _current is None:
        use()
    assert _current is not None
    return _current.gettext(message)


_ = translate


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for *count* things, in the current language."""
    if _current is None:
        use()
    assert _current is not None
    return _current.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark *message* for the catalogue where it is defined; ``_()`` translates it where used."""
    return message


def join_or(items: list[str]) -> str:
    """``a, b or c`` in the current language."""
    if len(items) <= 1:
        return "".join(items)
    return _("{items} or {last}").format(items=_(", ").join(items[:-1]), last=items[-1])
