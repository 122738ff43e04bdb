"""The data standard: canonical tables every agency file is mapped onto.

The standard is declared as data — ``standard.yaml``, ``tables/*.yaml`` and
``codelists/*.yaml`` in this package — and checked by pydantic models on load.

Examples:
    >>> from rajut.standard import load_standard
    >>> std = load_standard()
    >>> std.field("person.sex").klasifikasi
    'sex'
    >>> std.codelists["sex"].alias_map()["PEREMPUAN"]
    'P'
"""

from rajut.standard.errors import StandardError
from rajut.standard.loader import load_standard, load_standard_from
from rajut.standard.models import Code, CodeList, Constraints, ExternalCodeList, Rule, Table
from rajut.standard.models import StandardField as Field
from rajut.standard.normalize import normalize_alias
from rajut.standard.standard import Standard
from rajut.standard.wilayah_codes import RegionCodeList

__all__ = [
    "Code",
    "CodeList",
    "Constraints",
    "ExternalCodeList",
    "Field",
    "RegionCodeList",
    "Rule",
    "Standard",
    "StandardError",
    "Table",
    "load_standard",
    "load_standard_from",
    "normalize_alias",
]
