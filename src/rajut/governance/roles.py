"""The five roles of rajut and the permissions each holds (deny by default).

A permission is a short string; web routes and API endpoints each declare the one they
need (:mod:`rajut.web.policy`), and a role that lacks it gets "403 — tidak berwenang".
"""

from __future__ import annotations

from enum import StrEnum

from rajut.errors import RajutError


def N_(text: str) -> str:  # noqa: N802 — gettext's "mark for translation"
    return text


class Role(StrEnum):
    WALIDATA = "walidata"
    PRODUSEN = "produsen"
    ANALIS = "analis"
    PIMPINAN = "pimpinan"
    AUDITOR = "auditor"


#: Bahasa labels (msgids of the web app's English catalog: extracted by the N_ keyword)
ROLE_LABELS: dict[Role, str] = {
    Role.WALIDATA: N_("Walidata (Diskominfo)"),
    Role.PRODUSEN: N_("Produsen data (staf dinas)"),
    Role.ANALIS: N_("Analis (Bappeda)"),
    Role.PIMPINAN: N_("Pimpinan"),
    Role.AUDITOR: N_("Auditor"),
}


class Perm(StrEnum):
    """What a signed-in user may do. Ownership (own agency's sources) is checked separately."""

    #: see the source catalog (SDI metadata, periods, run history) — metadata only
    CATALOG_VIEW = "catalog.view"
    #: upload, map and ingest files of the user's own agency, see their quality
    SOURCES_OWN = "sources.own"
    #: the same for every agency's sources (walidata)
    SOURCES_ALL = "sources.all"
    #: search persons/households and open integrated profiles (masked identifiers)
    PERSONS_VIEW = "persons.view"
    #: see NIK / No. KK unmasked, with a stated purpose (logged)
    NIK_UNMASK = "nik.unmask"
    #: the clerical review queue: see pairs and decide sama/beda
    REVIEW = "review.decide"
    #: aggregate dashboards (counts per kecamatan/desa, charts)
    DASHBOARD_VIEW = "dashboard.view"
    #: download lists of persons (targeting candidates), masked unless unmasked
    LISTS_EXPORT = "lists.export"
    #: run linkage and builds, manage users, agreements and settings
    ADMIN = "admin"
    #: read and verify the audit log
    AUDIT_VIEW = "audit.view"
    #: manage one's own API tokens and password
    SELF = "self"


ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.WALIDATA: frozenset(
        {
            Perm.CATALOG_VIEW,
            Perm.SOURCES_OWN,
            Perm.SOURCES_ALL,
            Perm.PERSONS_VIEW,
            Perm.NIK_UNMASK,
            Perm.REVIEW,
            Perm.DASHBOARD_VIEW,
            Perm.LISTS_EXPORT,
            Perm.ADMIN,
            Perm.SELF,
        }
    ),
    Role.PRODUSEN: frozenset({Perm.CATALOG_VIEW, Perm.SOURCES_OWN, Perm.PERSONS_VIEW, Perm.SELF}),
    Role.ANALIS: frozenset(
        {
            Perm.CATALOG_VIEW,
            Perm.PERSONS_VIEW,
            Perm.NIK_UNMASK,
            Perm.REVIEW,
            Perm.DASHBOARD_VIEW,
            Perm.LISTS_EXPORT,
            Perm.SELF,
        }
    ),
    Role.PIMPINAN: frozenset({Perm.CATALOG_VIEW, Perm.DASHBOARD_VIEW, Perm.SELF}),
    Role.AUDITOR: frozenset({Perm.AUDIT_VIEW, Perm.SELF}),
}


class RoleError(RajutError):
    code = "role-unknown"


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError as exc:
        raise RoleError(
            f"Peran {value!r} tidak dikenal.",
            "Pilih salah satu: " + ", ".join(r.value for r in Role) + ".",
        ) from exc


def has_permission(role: str, perm: Perm) -> bool:
    try:
        return perm in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def same_agency(a: str | None, b: str | None) -> bool:
    """Agency names compared loosely (``Dinas Kesehatan`` = ``dinas  kesehatan``)."""
    if not a or not b:
        return False
    return " ".join(a.lower().split()) == " ".join(b.lower().split())
