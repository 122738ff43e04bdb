"""Data-sharing agreements: the walidata records, the owning agency consents or revokes."""

from __future__ import annotations

from typing import Any

from rajut.governance.agreements import create_agreement
from tests.web.authz import Case

WALIDATA = frozenset({"walidata"})
OWNERS = frozenset({"walidata", "produsen"})


def _pending(site: Any) -> int:
    """A fresh pending agreement on eppgbm (owner Dinas Kesehatan, the produsen user's)."""
    with site.app.state.ctx.state.session() as session:
        agreement = create_agreement(
            session,
            source="eppgbm",
            owner="Dinas Kesehatan",
            grantee="Dinas Sosial",
            fields=["person.name"],
            purpose="verifikasi sasaran stunting",
            created_by="wali",
        )
        return agreement.id


# Consent and revoke act on an agreement made for that one call, so they change nothing
# another case reads (and are not marked ``mutates``, which would run them after /keluar).
CASES = [
    Case("GET", "/admin/perjanjian", WALIDATA),
    # no field ticked: refused with 400 after the permission check
    Case("POST", "/admin/perjanjian", WALIDATA, data={"source": "eppgbm"}),
    Case("GET", "/perjanjian", OWNERS),
    # only the owning agency consents: the walidata is refused too
    Case(
        "POST",
        "/perjanjian/{agreement_id}/setujui",
        frozenset({"produsen"}),
        url=lambda site: f"/perjanjian/{_pending(site)}/setujui",
    ),
    Case(
        "POST",
        "/perjanjian/{agreement_id}/cabut",
        OWNERS,
        url=lambda site: f"/perjanjian/{_pending(site)}/cabut",
    ),
]
