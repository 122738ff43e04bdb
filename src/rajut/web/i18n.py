"""Bahasa Indonesia first, English second: gettext catalogs for the templates.

Message ids are the Indonesian texts themselves, so Indonesian needs no catalog and a
missing English translation shows Indonesian rather than a key. English lives in
``locale/en/LC_MESSAGES/rajut.po`` (plain text, reviewed like code) and is compiled in
memory when the app starts. ``tests/web/test_i18n.py`` fails when a template text has no
English entry.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi import Request

LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"
COOKIE = "rajut_lang"
CATALOG_DIR = Path(__file__).parent / "locale"
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """Compiled translations for ``locale`` (identity for Indonesian)."""
    if locale == DEFAULT_LOCALE:
        return gettext.NullTranslations()
    po = CATALOG_DIR / locale / "LC_MESSAGES" / "rajut.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def pick_locale(request: Request, user_locale: str | None, default: str) -> str:
    """Cookie choice, else the user's preference, else the workspace default."""
    for candidate in (request.cookies.get(COOKIE), user_locale, default):
        if candidate in LOCALES:
            return candidate
    return DEFAULT_LOCALE


def gettext_for(locale: str) -> gettext.NullTranslations:
    return translations(locale if locale in LOCALES else DEFAULT_LOCALE)


def N_(text: str) -> str:  # noqa: N802 — the gettext convention for "mark, translate later"
    """Mark a Python string for translation; the template translates it when shown."""
    return text


#: month names (msgids), January first: ``MONTHS[day.month - 1]``
MONTHS = (
    N_("Januari"),
    N_("Februari"),
    N_("Maret"),
    N_("April"),
    N_("Mei"),
    N_("Juni"),
    N_("Juli"),
    N_("Agustus"),
    N_("September"),
    N_("Oktober"),
    N_("November"),
    N_("Desember"),
)
