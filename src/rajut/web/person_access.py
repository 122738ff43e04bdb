"""Who may see which person data: shared by the persons pages and the persons API.

Produsen staff see values whose source belongs to their own agency, or that a data-sharing
agreement in force grants them (:func:`rajut.governance.agreements.visible_fields`).
Walidata and analis see every integrated value; NIK and No. KK stay masked for everyone
unless a user holding ``nik.unmask`` states a purpose for that one view.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from rajut.errors import RajutError
from rajut.governance.agreements import ALL_FIELDS, visible_fields
from rajut.governance.roles import Role
from rajut.governance.users import Principal
from rajut.integrate.build import source_info
from rajut.privacy.masking import mask_nik
from rajut.search import digits_of
from rajut.search.profile import Visible, see_all
from rajut.web.context import WebContext

MIN_PURPOSE = 10


class PurposeMissing(RajutError):
    code = "purpose-missing"

    def __init__(self) -> None:
        super().__init__(
            "Tujuan membuka NIK/No. KK harus diisi (minimal 10 karakter).",
            "Tulis untuk apa NIK dibuka, mis. 'verifikasi penerima PKH desa Kotesan'.",
        )


def check_purpose(purpose: str | None) -> str:
    text = " ".join((purpose or "").split())
    if len(text) < MIN_PURPOSE:
        raise PurposeMissing()
    return text


@dataclass
class Access:
    """The viewer's visibility rule and the owner (agency) of each source."""

    visible: Visible
    owners: dict[str, str]
    restricted: bool

    def owner(self, source: str | None) -> str:
        return self.owners.get(source or "", source or "")


def access_for(ctx: WebContext, who: Principal, con: duckdb.DuckDBPyConnection) -> Access:
    owners = source_info(ctx.ws, con).owners
    if who.role != Role.PRODUSEN:
        return Access(see_all, owners, restricted=False)
    cache: dict[str, set[str]] = {}
    with ctx.state.session() as session:
        for source, owner in owners.items():
            cache[source] = visible_fields(session, who, source, owner)

    def visible(source: str | None, field: str) -> bool:
        if source is None:
            return True
        fields = cache.get(source, set())
        table = field.split(".", 1)[0]
        return ALL_FIELDS in fields or field in fields or f"{table}.*" in fields

    return Access(visible, owners, restricted=True)


def loggable_query(text: str) -> str:
    """Search text for the audit log: a NIK-looking query is masked."""
    digits = digits_of(text.strip()) if text.strip() else None
    if digits is not None:
        return mask_nik(digits) or ""
    return text.strip()[:100]
