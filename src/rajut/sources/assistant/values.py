"""Value maps for code fields, proposed from the standard's code-list aliases.

Only what the standardisation rule would not understand on its own goes into the map: the
rule already applies every alias of the field's code list, so a map is proposed for numeric
codes (which differ between agencies), for spellings that must be mapped to ``true/false``
and for sex spellings other than ``L``/``P``. Values that no alias explains are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rajut.standard import CodeList, load_standard, normalize_alias
from rajut.standard.models import StandardField
from rajut.standardize.rules.basic import BOOLEAN_ALIASES, SEX_ALIASES

ValueMap = dict[str, str | int | bool]  # booleans are written as the codes "true"/"false"

# Header fragments that tell which agency numbering a numeric code column follows.
_SOURCE_HINTS: tuple[tuple[str, str], ...] = (("KRT", "dtks"), ("SHDK", "siak"), ("HBKEL", "siak"))


@dataclass
class ValueProposal:
    """A proposed value map and the values it leaves unexplained."""

    values: ValueMap = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    mapped_share: float = 0.0
    source_codes: str | None = None  # the code list's agency numbering used, if any


def engine_key(value: str) -> str:
    """How the standardisation rule compares raw values with map keys (upper, spaces).

    Examples:
        >>> engine_key(" laki  laki ")
        'LAKI LAKI'
    """
    return " ".join(value.strip().upper().split())


def _pick_source(codelist: CodeList, distinct: Sequence[str], header: str) -> str | None:
    generic = codelist.alias_map()
    numeric = [
        v for v in distinct if normalize_alias(v).isdigit() and normalize_alias(v) not in generic
    ]
    if not numeric or not codelist.source_codes:
        return None
    for fragment, prefix in _SOURCE_HINTS:
        if fragment in header:
            hinted = [s for s in codelist.source_codes if s.startswith(prefix)]
            if hinted:
                return hinted[0]

    def coverage(source: str) -> int:
        keys = {normalize_alias(k) for k in codelist.source_codes[source]}
        return sum(1 for v in numeric if normalize_alias(v) in keys)

    return max(codelist.source_codes, key=coverage)


def _understood(std_field: StandardField, codelist: CodeList) -> set[str]:
    """Raw spellings the rule maps without any contract map (engine keys)."""
    if std_field.rule == "sex":
        keys = set(SEX_ALIASES)
    elif std_field.rule == "boolean":
        keys = set(BOOLEAN_ALIASES) if codelist.name == "ya_tidak" else set()
    else:
        keys = set(codelist.alias_map()) | {c.upper() for c in codelist.codes}
    return {engine_key(k) for k in keys}


def _complete(found: dict[str, str], codelist: CodeList) -> ValueMap:
    """The sample's map plus every spelling of the codes the sample did not show."""
    values: ValueMap = dict(found)
    seen = set(found.values())
    for code in codelist.codes.values():
        if code.code in seen:
            continue
        for spelling in (code.label.upper(), *code.aliases):
            values.setdefault(engine_key(spelling), code.code)
    return values


def propose_values(std_field: StandardField, distinct: Sequence[str], header: str) -> ValueProposal:
    """Value map for a code, sex or boolean field from the distinct sample values.

    Args:
        std_field: the standard field the column maps to.
        distinct: distinct non-empty sample values as written in the file.
        header: the normalised header (hints which agency numbering applies).

    Examples:
        >>> sex = load_standard().field("person.sex")
        >>> propose_values(sex, ["1", "2"], "JNSKELAMIN").values
        {'1': 'L', '2': 'P'}
        >>> propose_values(sex, ["L", "P"], "JK").values
        {}
    """
    std = load_standard()
    if std_field.klasifikasi is None or std_field.klasifikasi not in std.codelists:
        return ValueProposal(mapped_share=1.0)
    codelist = std.codelists[std_field.klasifikasi]
    source = _pick_source(codelist, distinct, header)
    full = codelist.alias_map(source) if source else codelist.alias_map()
    understood = _understood(std_field, codelist)
    # sex and boolean rules replace their defaults with a given map: it must be complete.
    complete = std_field.rule in ("sex", "boolean")
    proposal = ValueProposal(source_codes=source)
    found: dict[str, str] = {}
    partial: dict[str, str] = {}
    for value in distinct:
        code = full.get(normalize_alias(value))
        if code is None:
            proposal.unmapped.append(value)
            continue
        found[value.strip()] = code
        key = engine_key(value)
        if key not in understood or key.isdigit() or (source and key in full):
            partial[value.strip()] = code
    if partial or (complete and not understood and found):
        proposal.values = _complete(found, codelist) if complete else dict(partial)
    proposal.mapped_share = len(found) / len(distinct) if distinct else 1.0
    return proposal
