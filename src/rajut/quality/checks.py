"""Run-level metrics: uniqueness, consistency groups and reconciliation."""

from __future__ import annotations

from dataclasses import dataclass

from rajut.quality.context import RunContext
from rajut.quality.model import ConsistencyGroup, IssueCount, Reconciliation, Uniqueness

DUPLICATE_ID_REASON = "record_id:record-id-duplicate"


@dataclass(frozen=True)
class GroupSpec:
    key: str
    title: str
    description: str
    codes: tuple[str, ...]


CONSISTENCY_GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        "nik_biodata",
        "NIK cocok dengan biodata",
        "Tanggal lahir dan jenis kelamin yang tersimpan di dalam NIK dibandingkan dengan "
        "kolom tanggal lahir dan jenis kelamin.",
        ("nik-birthdate-mismatch", "nik-sex-mismatch", "nik-date-invalid"),
    ),
    GroupSpec(
        "wilayah",
        "Wilayah cocok dengan kabupaten",
        "Kode/nama desa dan kode wilayah di NIK/KK dicocokkan dengan daftar wilayah "
        "Kemendagri dan kabupaten ruang kerja.",
        (
            "desa-outside-kabupaten",
            "desa-unknown",
            "desa-ambiguous",
            "desa-name-approximate",
            "nik-region-unknown",
            "kk-region-unknown",
        ),
    ),
    GroupSpec(
        "tanggal",
        "Tanggal masuk akal",
        "Tanggal tidak boleh di masa depan; tanggal bawaan (1 Juli, 31 Desember) hanya perkiraan.",
        ("date-future", "date-default"),
    ),
)


def uniqueness(ctx: RunContext) -> Uniqueness:
    """Duplicate NIKs among accepted rows, and repeated record ids (quarantined)."""
    nik_mapped = "person.nik" in ctx.field_by_name()
    dup_niks = dup_records = 0
    if nik_mapped:
        row = ctx.con.execute(
            "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT nik, count(*) AS n "
            "FROM std.person WHERE run_id = ? AND nik IS NOT NULL GROUP BY nik HAVING n > 1)",
            [ctx.run_id],
        ).fetchone()
        assert row is not None
        dup_niks, dup_records = int(row[0]), int(row[1])
    row = ctx.con.execute(
        "SELECT count(DISTINCT record_id), count(*) FROM quarantine.rows "
        "WHERE run_id = ? AND list_contains(reasons, ?)",
        [ctx.run_id, DUPLICATE_ID_REASON],
    ).fetchone()
    assert row is not None
    return Uniqueness(
        nik_mapped=nik_mapped,
        duplicate_niks=dup_niks,
        records_with_duplicate_nik=dup_records,
        duplicate_record_ids=int(row[0]),
        quarantined_duplicate_rows=int(row[1]),
    )


def consistency(ctx: RunContext) -> list[ConsistencyGroup]:
    """Accepted rows failing each family of cross-field checks."""
    groups = []
    for spec in CONSISTENCY_GROUPS:
        codes = list(spec.codes)
        row = ctx.con.execute(
            "SELECT count(DISTINCT row_number) FROM std.row_issues "
            "WHERE run_id = ? AND list_contains(?, code)",
            [ctx.run_id, codes],
        ).fetchone()
        assert row is not None
        counts = ctx.con.execute(
            "SELECT code, count(*) FROM std.row_issues WHERE run_id = ? AND list_contains(?, code) "
            "GROUP BY code ORDER BY 2 DESC, 1",
            [ctx.run_id, codes],
        ).fetchall()
        groups.append(
            ConsistencyGroup(
                key=spec.key,
                title=spec.title,
                description=spec.description,
                rows=int(row[0]),
                share=ctx.share(int(row[0])),
                issues=[IssueCount(c, ctx.title_of(c), int(n)) for c, n in counts],
            )
        )
    return groups


def reconciliation(ctx: RunContext) -> Reconciliation:
    """Input rows = accepted + quarantined, with the reasons rows were quarantined."""
    errors = sorted(ctx.error_codes())
    reasons = ctx.con.execute(
        "SELECT code, count(*) FROM (SELECT split_part(unnest(reasons), ':', 2) AS code "
        "FROM quarantine.rows WHERE run_id = ?) WHERE list_contains(?, code) "
        "GROUP BY code ORDER BY 2 DESC, 1",
        [ctx.run_id, errors],
    ).fetchall()
    run = ctx.run
    input_rows, accepted, quarantined = (
        int(run["input_rows"]),
        int(run["accepted"]),
        int(run["quarantined"]),
    )
    return Reconciliation(
        input_rows=input_rows,
        accepted=accepted,
        quarantined=quarantined,
        balanced=input_rows == accepted + quarantined,
        reasons=[IssueCount(c, ctx.title_of(c), int(n), "error") for c, n in reasons],
    )
