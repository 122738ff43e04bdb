"""Alias normalisation: case, punctuation and spacing never change the code found."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rajut.standard import load_standard, normalize_alias

STD = load_standard()
SPELLINGS = sorted(
    (name, spelling, code.code)
    for name, cl in STD.codelists.items()
    for code in cl.codes.values()
    for spelling in code.spellings()
)


@given(st.text(max_size=30))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_alias(text)
    assert normalize_alias(once) == once
    assert once == once.strip() and "  " not in once


def test_examples() -> None:
    assert normalize_alias(" laki-laki ") == "LAKI LAKI"
    assert normalize_alias("SD / sederajat") == "SD SEDERAJAT"
    assert normalize_alias("007") == "7"
    assert normalize_alias("0") == "0"
    assert normalize_alias("Katolik.") == "KATOLIK"


@given(
    st.sampled_from(SPELLINGS),
    st.sampled_from([str.lower, str.upper, str.title, lambda s: s]),
    st.sampled_from(["", " ", "  ", "\t"]),
    st.sampled_from([" ", "-", "/", " / ", "_"]),
)
def test_spelling_variants_find_the_same_code(
    item: tuple[str, str, str], case: object, pad: str, sep: str
) -> None:
    name, spelling, code = item
    variant = pad + case(spelling).replace(" ", sep) + pad  # type: ignore[operator]
    assert STD.codelists[name].lookup(variant) == code
