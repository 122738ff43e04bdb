"""The clerical review queue: walidata and analis decide pairs."""

from __future__ import annotations

from tests.web.authz import Case

REVIEWERS = frozenset({"walidata", "analis"})

CASES = [
    Case("GET", "/tinjauan", REVIEWERS),
    # a pair that is not queued: allowed roles get a friendly 400, nothing is stored
    Case(
        "POST",
        "/tinjauan/putuskan",
        REVIEWERS,
        data={"uid_l": "dtks:0", "uid_r": "dukcapil:0", "keputusan": "sama"},
    ),
]
