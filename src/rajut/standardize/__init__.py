"""Standardisation rules as DuckDB SQL expression builders.

The ingest engine loads a raw file as an all-text table and builds one ``SELECT`` with an
expression per mapped field; every rule in :mod:`rajut.standardize.rules` returns a
:class:`FieldSQL` (value SQL, issue checks, extra columns). Issue codes are catalogued in
:data:`ISSUES`. Call :func:`register_reference_tables` on the connection first.

Examples:
    >>> from rajut.standardize import rules
    >>> rules.rt_rw('"RT"').checks[0].code
    'rt-rw-invalid'
"""

from rajut.standardize import rules
from rajut.standardize.issues import ISSUES, IssueType
from rajut.standardize.reference import register_reference_tables
from rajut.standardize.types import Check, FieldSQL

__all__ = ["ISSUES", "Check", "FieldSQL", "IssueType", "register_reference_tables", "rules"]
