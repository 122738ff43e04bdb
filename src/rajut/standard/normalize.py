"""Normalisation of code spellings, shared by alias maps and value maps."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9A-Z]+")


def normalize_alias(value: str) -> str:
    """Upper-case, punctuation → space, spaces collapsed, leading zeros of numbers dropped.

    Examples:
        >>> normalize_alias(" laki-laki ")
        'LAKI LAKI'
        >>> normalize_alias("SD / sederajat")
        'SD SEDERAJAT'
        >>> normalize_alias("07")
        '7'
    """
    text = unicodedata.normalize("NFKC", value).upper()
    text = _NON_ALNUM.sub(" ", text).strip()
    if text.isdigit():
        text = text.lstrip("0") or "0"
    return text
