"""The language a report's files are written in (issue 12: "reports and their PDF in English when the reader's
language is English"). Reports are written in Indonesian, the language a board hands them in; every text a
renderer prints goes through ``_`` (gettext's convention: the Indonesian text is the message id), which gives it
in the language being rendered (``speaking``). The English texts are ``english.ENGLISH``; a text without one prints
in Indonesian (tests/unit/test_report_language.py finds every ``_("...")`` of the renderers and wants its English).

Data a board wrote (names, notes, categories) is printed as written, in either language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal, get_args

Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

_language: ContextVar[Language] = ContextVar("report_language", default="id")


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Render in ``language`` within the block."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def current() -> Language:
    return _language.get()


def _(text: str, context: str | None = None) -> str:
    """``text`` in the language being rendered. ``context`` tells apart one Indonesian word with two English ones
    (``Selesai``: a status, *Completed*; a column of dates, *End*)."""
    if _language.get() == "id":
        return text
    from functions.reports.english import ENGLISH

    return ENGLISH.get(f"{context}|{text}" if context else text) or ENGLISH.get(text) or text
