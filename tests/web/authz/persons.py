"""Persons area: search, profiles, unmasking, persons API."""

from __future__ import annotations

from typing import Any

from tests.web.authz import Case

VIEW = frozenset({"walidata", "produsen", "analis"})
UNMASK = frozenset({"walidata", "analis"})


def _person(site: Any) -> str:
    with site.app.state.ctx.analytics() as con:
        row = con.execute(
            "SELECT person_id FROM integ.person ORDER BY person_id LIMIT 1"
        ).fetchone()
    return str(row[0])


def _household(site: Any) -> str:
    with site.app.state.ctx.analytics() as con:
        row = con.execute(
            "SELECT household_id FROM integ.household ORDER BY household_id LIMIT 1"
        ).fetchone()
    return str(row[0])


CASES = [
    Case("GET", "/cari", VIEW, url="/cari?q=siti"),
    Case("GET", "/orang/{person_id}", VIEW, url=lambda s: f"/orang/{_person(s)}"),
    Case(
        "POST",
        "/orang/{person_id}/buka",
        UNMASK,
        url=lambda s: f"/orang/{_person(s)}/buka",
        data={"purpose": "uji matriks otorisasi"},
    ),
    Case("GET", "/keluarga/{household_id}", VIEW, url=lambda s: f"/keluarga/{_household(s)}"),
    Case("GET", "/api/v1/persons", VIEW, url="/api/v1/persons?q=siti"),
    Case("GET", "/api/v1/persons/{person_id}", VIEW, url=lambda s: f"/api/v1/persons/{_person(s)}"),
    Case(
        "GET",
        "/api/v1/households/{household_id}",
        VIEW,
        url=lambda s: f"/api/v1/households/{_household(s)}",
    ),
]
