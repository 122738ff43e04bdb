"""Numbers the way Indonesian readers write them (``1.234.567``, ``97,5``), and labels cut
to fit a chart.

One place for every report, workbook and page (quality, targeting, scorecard, web).
"""

from __future__ import annotations


def thousands(value: int | None, empty: str = "–") -> str:
    """``1234567`` → ``'1.234.567'``; ``None`` → ``empty``.

    Examples:
        >>> thousands(1234567)
        '1.234.567'
        >>> thousands(None, empty="-")
        '-'
    """
    return empty if value is None else f"{int(value):,}".replace(",", ".")


def decimal(value: float | int | None, digits: int = 1, empty: str = "–") -> str:
    """``97.5`` → ``'97,5'``; ``1234.5`` → ``'1.234,5'``; integers keep no decimals.

    Examples:
        >>> decimal(1234.56)
        '1.234,6'
        >>> decimal(12)
        '12'
    """
    if value is None:
        return empty
    if isinstance(value, int):
        return thousands(value)
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis when cut.

    Examples:
        >>> clip("KECAMATAN KARANGANOM", 10)
        'KECAMATAN…'
        >>> clip("KLATEN", 10)
        'KLATEN'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"
