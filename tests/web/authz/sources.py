"""Sources area: catalog (metadata, every role but auditor), upload/map/ingest/quality
(produsen of the owner agency and walidata), jobs (the submitter; walidata all)."""

from __future__ import annotations

from typing import Any

from tests.web.authz import Case

CATALOG = frozenset({"walidata", "produsen", "analis", "pimpinan"})
OWN = frozenset({"walidata", "produsen"})
SIGNED_IN = frozenset({"walidata", "produsen", "analis", "pimpinan", "auditor"})
CSV = ("uji.csv", b"a;b\n1;2\n", "text/csv")


def _unknown_upload(_site: Any) -> str:
    return "/unggah/999999/peta"


CASES = [
    Case("GET", "/sumber", CATALOG),
    Case("GET", "/sumber/{name}", CATALOG, url="/sumber/eppgbm"),
    # the produsen user is Dinas Kesehatan: eppgbm is theirs
    Case("GET", "/sumber/{name}/mutu", OWN, url="/sumber/eppgbm/mutu"),
    Case("GET", "/sumber/{name}/mutu.xlsx", OWN, url="/sumber/eppgbm/mutu.xlsx"),
    Case("GET", "/unggah", OWN),
    Case("POST", "/unggah", OWN, data={"sumber": "eppgbm"}, mutates=True),
    Case("GET", "/unggah/{upload_id}/peta", OWN, url=_unknown_upload),
    Case("POST", "/unggah/{upload_id}/peta", OWN, url=_unknown_upload, mutates=True),
    Case("POST", "/unggah/{upload_id}/muat", OWN, url="/unggah/999999/muat", mutates=True),
    Case("GET", "/tugas/{job_id}", SIGNED_IN, url="/tugas/999999"),
    Case("GET", "/api/v1/sources", CATALOG),
    Case("GET", "/api/v1/sources/{name}", CATALOG, url="/api/v1/sources/eppgbm"),
    Case("GET", "/api/v1/sources/{name}/quality", OWN, url="/api/v1/sources/eppgbm/quality"),
    Case(
        "POST",
        "/api/v1/sources/{name}/uploads",
        OWN,
        url="/api/v1/sources/eppgbm/uploads",
        files={"file": CSV},
        mutates=True,
    ),
    Case(
        "POST",
        "/api/v1/sources/{name}/ingest",
        OWN,
        url="/api/v1/sources/eppgbm/ingest",
        data={"upload_id": 999999},
        json=True,
        mutates=True,
    ),
    Case("GET", "/api/v1/jobs/{job_id}", SIGNED_IN, url="/api/v1/jobs/999999"),
]
