"""The mapping assistant: a draft source contract from a sample of an agency file.

Examples:
    >>> from rajut.sources.assistant import suggest_contract  # doctest: +SKIP
    >>> draft = suggest_contract(Path("biodata_20260630.csv"), "dukcapil")  # doctest: +SKIP
    >>> print(draft.yaml)  # doctest: +SKIP
"""

from rajut.sources.assistant.headers import header_candidates, normalize_header
from rajut.sources.assistant.profile import ColumnProfile
from rajut.sources.assistant.suggest import Suggestion, UncertainChoice, suggest_contract

__all__ = [
    "ColumnProfile",
    "Suggestion",
    "UncertainChoice",
    "header_candidates",
    "normalize_header",
    "suggest_contract",
]
