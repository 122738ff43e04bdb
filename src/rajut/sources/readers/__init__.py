"""File readers: CSV, XLSX, XLS, ODS, JSON and JSON Lines into text columns.

Every value becomes text (numbers without ``.0``, dates in ISO form, booleans
``TRUE``/``FALSE``); the standardisation layer parses them. Unsafe or unreadable files raise
subclasses of :class:`rajut.sources.readers.errors.ReadError` with Bahasa Indonesia messages.

Examples:
    >>> from rajut.sources.readers import FileHints, read_table
    >>> raw = read_table(Path("dtks.xlsx"), FileHints(sheet="DATA"))  # doctest: +SKIP
"""

from rajut.sources.readers.api import read_table, sniff_file
from rajut.sources.readers.hints import FileHints
from rajut.sources.readers.table import RawTable

__all__ = ["FileHints", "RawTable", "read_table", "sniff_file"]
