"""Do the sample values confirm that a column holds a given standard field?

:func:`check_values` returns a :class:`Verdict`: ``ok`` (values fit; the mapping may carry
proposed ``values``/``formats``), ``empty`` (no values to judge) or ``contradicts``; plus a
reason in Bahasa Indonesia whenever the user should look at the mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rajut.sources.assistant.dates import infer_date_formats
from rajut.sources.assistant.headers import DESA_NAME, KECAMATAN_NAME
from rajut.sources.assistant.profile import ColumnProfile
from rajut.sources.assistant.shapes import (
    is_decimal,
    is_desa_code,
    is_integer,
    is_name_like,
    is_nik_like,
    share,
)
from rajut.sources.assistant.values import ValueMap, propose_values
from rajut.standard import load_standard

Status = Literal["ok", "empty", "contradicts"]


@dataclass
class Verdict:
    """How well the sample values fit a field, and what the mapping should carry."""

    status: Status
    reason: str | None = None  # set when the user should check the mapping
    values: ValueMap = field(default_factory=dict)
    formats: list[str] = field(default_factory=list)
    place_field: str | None = None


def _quote(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(repr(x) for x in items[:limit])
    return shown + (f" (+{len(items) - limit} lainnya)" if len(items) > limit else "")


def _shape(ok: bool, what: str) -> Verdict:
    return Verdict("ok") if ok else Verdict("contradicts", f"nilai contoh tidak tampak {what}")


def _date_verdict(profile: ColumnProfile) -> Verdict:
    values = profile.values
    ttl = [v.split(",", 1)[1] for v in values if "," in v]
    place = None
    if values and len(ttl) >= 0.8 * len(values):
        values, place = ttl, "person.birth_place"
    found = infer_date_formats(values)
    if found.readable < 0.8:
        odd = found.month_first + found.unreadable
        return Verdict("contradicts", f"nilai contoh tidak terbaca sebagai tanggal: {_quote(odd)}")
    verdict = Verdict("ok", formats=found.formats, place_field=place)
    if found.month_first:
        verdict.reason = (
            f"ada tanggal yang hanya terbaca bulan-dulu: {_quote(found.month_first)}; "
            "periksa urutan hari/bulan"
        )
    elif place:
        verdict.reason = "kolom berisi tempat dan tanggal lahir (TTL); periksa pemisahnya"
    return verdict


def _code_verdict(qualified: str, profile: ColumnProfile, header: str) -> Verdict:
    std_field = load_standard().field(qualified)
    proposal = propose_values(std_field, profile.distinct, header)
    if proposal.mapped_share == 0:
        return Verdict(
            "contradicts",
            f"tidak ada nilai yang dikenal daftar kode {std_field.klasifikasi}: "
            f"{_quote(proposal.unmapped)}",
        )
    verdict = Verdict("ok", values=proposal.values)
    reasons = []
    if proposal.unmapped:
        reasons.append(
            f"nilai {_quote(proposal.unmapped)} belum punya kode {std_field.klasifikasi}; "
            "tambahkan ke values"
        )
    if proposal.source_codes:
        reasons.append(
            f"kode angka dipetakan memakai penomoran {proposal.source_codes}; "
            "cocokkan dengan kamus data dinas"
        )
    verdict.reason = "; ".join(reasons) or None
    return verdict


def check_values(qualified: str, profile: ColumnProfile, header: str) -> Verdict:
    """Judge whether ``profile``'s values fit field ``qualified``.

    Args:
        qualified: ``table.field`` or a pseudo-field (``person.desa_name``).
        profile: the column's sniffed values.
        header: the normalised header (for agency code numbering hints).
    """
    values = profile.values
    if not values:
        return Verdict("empty", "kolom kosong pada baris contoh; pemetaan dari nama kolom saja")
    if qualified in (DESA_NAME, KECAMATAN_NAME):
        return _shape(share(values, is_name_like) >= 0.8, "seperti nama wilayah")
    rule = load_standard().field(qualified).rule
    if rule in ("nik", "kk"):
        return _shape(share(values, is_nik_like) >= 0.5, "seperti nomor 16 digit")
    if rule == "date":
        return _date_verdict(profile)
    if rule in ("sex", "code", "boolean"):
        return _code_verdict(qualified, profile, header)
    if rule in ("integer", "rt_rw"):
        return _shape(share(values, is_integer) >= 0.9, "seperti bilangan bulat")
    if rule == "decimal":
        return _shape(share(values, is_decimal) >= 0.9, "seperti angka")
    if rule == "desa":
        return _shape(share(values, is_desa_code) >= 0.8, "seperti kode desa Kemendagri")
    if rule == "name":
        return _shape(share(values, is_name_like) >= 0.6, "seperti nama orang")
    return Verdict("ok")
