"""rajut's comparisons and blocking rules, declared as backend-neutral data.

Nothing here imports Splink. Each comparison is a list of levels; a level is a SQL
condition over the prepared columns (``<col>_l`` / ``<col>_r``) written in the SQL
subset that DuckDB and Spark share. The only backend-specific piece is the Jaro-Winkler
function, written ``{jw}`` and filled in by the adapter. Levels are evaluated in order
(like ``CASE WHEN``): a level's condition may assume that the earlier ones were false.

The prepared input (:data:`PREPARE_SQL`) derives cheap columns from ``link.records`` once,
so that comparisons stay simple integer/string equalities (fast u-estimation, identical
results on both backends).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Level:
    """One comparison level: stable key, Bahasa label, SQL condition."""

    key: str
    label: str
    sql: str
    is_null: bool = False
    tf_column: str | None = None
    fixed_m: float | None = None


@dataclass(frozen=True)
class Comparison:
    """A comparison: its output name (``mw_<name>`` in Splink), Bahasa label, levels."""

    name: str
    label: str
    columns: tuple[str, ...]
    levels: tuple[Level, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class BlockingRule:
    """A blocking rule: candidate pairs share these expressions (SQL over l./r.)."""

    name: str
    sql: str
    description: str


#: Derived columns, computed in DuckDB from ``link.records``.
PREPARE_SQL = """
SELECT
    uid,
    source,
    name_norm,
    CASE WHEN name_norm IS NOT NULL
         THEN array_to_string(list_sort(string_split(name_norm, ' ')), ' ') END AS name_sorted,
    CASE WHEN name_norm IS NOT NULL THEN string_split(name_norm, ' ')[1] END AS name_first,
    CASE WHEN name_norm IS NOT NULL THEN string_split(name_norm, ' ')[-1] END AS name_last,
    CASE WHEN name_norm IS NOT NULL THEN array_to_string(
        list_transform(string_split(name_norm, ' '), lambda t: left(t, 1)), '') END
        AS name_initials,
    placeholder_mother,
    sex,
    CAST(year(birth_date) AS INTEGER) AS dob_y,
    CAST(month(birth_date) AS INTEGER) AS dob_m,
    CAST(day(birth_date) AS INTEGER) AS dob_d,
    CAST(birth_date - DATE '1900-01-01' AS INTEGER) AS dob_days,
    coalesce(birth_date_weak, FALSE) AS dob_weak,
    CASE WHEN regexp_full_match(nik_raw, '[0-9]{16}') THEN nik_raw END AS nik16,
    CASE WHEN regexp_full_match(nik_raw, '[0-9]{16}') THEN left(nik_raw, 12) END AS nik_head,
    coalesce(nik_float, FALSE) AS nik_float,
    kk_number,
    mother_name_norm,
    mother_nik,
    birth_place,
    desa_code,
    kecamatan_code
FROM link.records
"""

#: Columns of the prepared input (the order of PREPARE_SQL).
PREPARED_COLUMNS = (
    "uid", "source", "name_norm", "name_sorted", "name_first", "name_last", "name_initials",
    "placeholder_mother", "sex", "dob_y", "dob_m", "dob_d", "dob_days", "dob_weak", "nik16",
    "nik_head", "nik_float", "kk_number", "mother_name_norm", "mother_nik", "birth_place",
    "desa_code", "kecamatan_code",
)  # fmt: skip


def _hamming(first: int, last: int) -> str:
    """Portable SQL: number of differing digits of nik16 in positions first..last."""
    terms = [
        f"CASE WHEN substr(nik16_l, {i}, 1) <> substr(nik16_r, {i}, 1) THEN 1 ELSE 0 END"
        for i in range(first, last + 1)
    ]
    return "(" + " + ".join(terms) + ")"


_DOB_COMPATIBLE = (
    "(dob_days_l IS NULL OR dob_days_r IS NULL OR abs(dob_days_l - dob_days_r) <= 366"
    " OR (dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r))"
)
_NIK_IS_KK = "(nik16_l = kk_number_l OR nik16_r = kk_number_r)"

NAME = Comparison(
    name="name",
    label="Nama",
    columns=("name_norm", "name_sorted", "name_first", "name_last", "name_initials",
             "placeholder_mother", "mother_name_norm", "mother_nik"),  # fmt: skip
    levels=(
        Level("null", "nama kosong", "(name_norm_l IS NULL AND placeholder_mother_l IS NULL)"
              " OR (name_norm_r IS NULL AND placeholder_mother_r IS NULL)", is_null=True),
        Level("placeholder_both", "keduanya 'BY NY', nama ibu mirip",
              "name_norm_l IS NULL AND name_norm_r IS NULL"
              " AND {jw}(placeholder_mother_l, placeholder_mother_r) >= 0.9"),
        Level("placeholder", "salah satu nama 'BY NY <ibu>' (bayi belum bernama)",
              "name_norm_l IS NULL OR name_norm_r IS NULL"),
        Level("exact", "nama sama persis", "name_norm_l = name_norm_r", tf_column="name_norm"),
        Level("token_order", "nama sama, urutan kata berbeda", "name_sorted_l = name_sorted_r"),
        Level("jw95", "nama sangat mirip (Jaro-Winkler ≥ 0,95)",
              "{jw}(name_norm_l, name_norm_r) >= 0.95"),
        Level("jw88", "nama mirip (Jaro-Winkler ≥ 0,88)",
              "{jw}(name_norm_l, name_norm_r) >= 0.88"),
        Level("initials", "inisial cocok dan kata pertama atau terakhir sama",
              "name_initials_l = name_initials_r"
              " AND (name_first_l = name_first_r OR name_last_l = name_last_r)"),
        Level("sibling", "nama berbeda, ibu sama (saudara kandung/kembar)",
              "mother_name_norm_l = mother_name_norm_r OR mother_nik_l = mother_nik_r",
              fixed_m=1e-7),
        Level("else", "nama berbeda", "ELSE"),
    ),
)  # fmt: skip

BIRTH_DATE = Comparison(
    name="birth_date",
    label="Tanggal lahir",
    columns=("dob_y", "dob_m", "dob_d", "dob_days", "dob_weak"),
    levels=(
        Level("null", "tanggal lahir kosong", "dob_days_l IS NULL OR dob_days_r IS NULL",
              is_null=True),
        Level("exact", "tanggal lahir sama",
              "dob_days_l = dob_days_r AND NOT dob_weak_l AND NOT dob_weak_r"),
        Level("exact_default", "tanggal lahir sama, tetapi tanggal default (01-07/31-12)",
              "dob_days_l = dob_days_r"),
        Level("swap", "tanggal dan bulan tertukar",
              "dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r"),
        Level("default_year", "salah satu tanggal default, tahun sama",
              "(dob_weak_l OR dob_weak_r) AND dob_y_l = dob_y_r"),
        Level("year_month", "tahun dan bulan sama", "dob_y_l = dob_y_r AND dob_m_l = dob_m_r"),
        Level("within_year", "selisih kurang dari setahun",
              "abs(dob_days_l - dob_days_r) <= 366"),
        Level("else", "tanggal lahir berbeda", "ELSE"),
    ),
)  # fmt: skip

NIK = Comparison(
    name="nik",
    label="NIK",
    columns=("nik16", "nik_float", "kk_number"),
    levels=(
        Level("null", "NIK kosong atau tidak 16 digit", "nik16_l IS NULL OR nik16_r IS NULL",
              is_null=True),
        Level("is_kk", "salah satu NIK berisi No. KK", _NIK_IS_KK),
        Level("exact", "NIK sama, tanggal lahir cocok",
              f"nik16_l = nik16_r AND {_DOB_COMPATIBLE}"),
        Level("exact_other_dob", "NIK sama, tanggal lahir jauh berbeda (NIK orang tua/ganda)",
              "nik16_l = nik16_r"),
        Level("float15", "NIK terpotong Excel, 15 digit pertama sama",
              "(nik_float_l OR nik_float_r) AND substr(nik16_l, 1, 15) = substr(nik16_r, 1, 15)"),
        Level("one_digit_head", "NIK beda satu digit di bagian wilayah/tanggal",
              f"substr(nik16_l, 13, 4) = substr(nik16_r, 13, 4) AND {_hamming(1, 12)} = 1"),
        Level("two_digits_head", "NIK beda dua digit di bagian wilayah/tanggal (mis. tertukar)",
              f"substr(nik16_l, 13, 4) = substr(nik16_r, 13, 4) AND {_hamming(1, 12)} = 2"),
        Level("else", "NIK berbeda", "ELSE"),
    ),
)  # fmt: skip

SEX = Comparison(
    name="sex",
    label="Jenis kelamin",
    columns=("sex",),
    levels=(
        Level("null", "jenis kelamin kosong", "sex_l IS NULL OR sex_r IS NULL", is_null=True),
        Level("exact", "jenis kelamin sama", "sex_l = sex_r"),
        Level("else", "jenis kelamin berbeda", "ELSE"),
    ),
)

MOTHER = Comparison(
    name="mother",
    label="Ibu kandung",
    columns=("mother_name_norm", "mother_nik"),
    levels=(
        Level("null", "data ibu kosong",
              "(mother_name_norm_l IS NULL AND mother_nik_l IS NULL)"
              " OR (mother_name_norm_r IS NULL AND mother_nik_r IS NULL)", is_null=True),
        Level("nik", "NIK ibu sama", "mother_nik_l = mother_nik_r"),
        Level("exact", "nama ibu sama persis", "mother_name_norm_l = mother_name_norm_r"),
        Level("jw92", "nama ibu sangat mirip (Jaro-Winkler ≥ 0,92)",
              "{jw}(mother_name_norm_l, mother_name_norm_r) >= 0.92"),
        Level("jw80", "nama ibu agak mirip (Jaro-Winkler ≥ 0,80)",
              "{jw}(mother_name_norm_l, mother_name_norm_r) >= 0.80"),
        Level("else", "nama ibu berbeda", "ELSE"),
    ),
)  # fmt: skip

BIRTH_PLACE = Comparison(
    name="birth_place",
    label="Tempat lahir",
    columns=("birth_place",),
    levels=(
        Level("null", "tempat lahir kosong", "birth_place_l IS NULL OR birth_place_r IS NULL",
              is_null=True),
        Level("exact", "tempat lahir sama", "birth_place_l = birth_place_r"),
        Level("jw88", "tempat lahir mirip", "{jw}(birth_place_l, birth_place_r) >= 0.88"),
        Level("else", "tempat lahir berbeda", "ELSE"),
    ),
)  # fmt: skip

GEOGRAPHY = Comparison(
    name="geography",
    label="Wilayah (desa/kecamatan)",
    columns=("desa_code", "kecamatan_code"),
    levels=(
        Level("null", "kode wilayah kosong", "desa_code_l IS NULL OR desa_code_r IS NULL",
              is_null=True),
        Level("desa", "desa/kelurahan sama", "desa_code_l = desa_code_r"),
        Level("kecamatan", "kecamatan sama", "kecamatan_code_l = kecamatan_code_r"),
        Level("else", "kecamatan berbeda (kabupaten sama)", "ELSE"),
    ),
)  # fmt: skip

KK = Comparison(
    name="kk",
    label="Nomor KK",
    columns=("kk_number",),
    levels=(
        Level("null", "No. KK kosong", "kk_number_l IS NULL OR kk_number_r IS NULL",
              is_null=True),
        Level("exact", "No. KK sama", "kk_number_l = kk_number_r"),
        Level("else", "No. KK berbeda", "ELSE"),
    ),
)  # fmt: skip

COMPARISONS: tuple[Comparison, ...] = (NAME, BIRTH_DATE, NIK, SEX, MOTHER, BIRTH_PLACE,
                                       GEOGRAPHY, KK)  # fmt: skip

#: comparison name → Bahasa label
COMPARISON_LABELS: dict[str, str] = {c.name: c.label for c in COMPARISONS}

#: Blocking rules for prediction (OR-ed). Recall is measured in docs/linkage.md.
#: Every rule keys on something selective (an exact date, a NIK part, a No. KK, a desa) so
#: that candidate pairs grow about linearly with the population: a rule on very common
#: values alone (a name + birth year) explodes at a kabupaten's scale.
#:
#: Default dates (01-07, 31-12: ``dob_weak``) are shared by thousands of people, and common
#: names (SITI AMINAH, MUHAMMAD RIZKI) by tens of thousands: a date rule on a weak date
#: therefore also asks for the same kecamatan or a shared name token. The extra conditions
#: are filters on the join, so they cut the pairs to score, not the join keys.
_NAME_TOKEN = (
    "l.name_first = r.name_first OR l.name_last = r.name_last"
    " OR l.name_norm IS NULL OR r.name_norm IS NULL"
)
_SHARES_A_TOKEN = f"({_NAME_TOKEN})"
_SHARES_A_TOKEN_OR_FAMILY = (
    f"({_NAME_TOKEN} OR l.mother_name_norm = r.mother_name_norm OR l.kk_number = r.kk_number)"
)
BLOCKING_RULES: tuple[BlockingRule, ...] = (
    BlockingRule("nik", "l.nik16 = r.nik16", "NIK sama"),
    BlockingRule("dob_desa", "l.dob_days = r.dob_days AND l.desa_code = r.desa_code"
                 f" AND (NOT l.dob_weak OR {_SHARES_A_TOKEN_OR_FAMILY})",
                 "tanggal lahir dan desa sama (tanggal default: juga satu kata nama, nama"
                 " ibu atau No. KK sama)"),
    BlockingRule("sorted_dob", "l.name_sorted = r.name_sorted AND l.dob_days = r.dob_days"
                 " AND (NOT l.dob_weak OR l.kecamatan_code = r.kecamatan_code)",
                 "kata-kata nama (urutan bebas) dan tanggal lahir sama (tanggal default:"
                 " juga kecamatan sama)"),
    BlockingRule("dob_mother", "l.dob_days = r.dob_days"
                 " AND l.mother_name_norm = r.mother_name_norm AND l.sex = r.sex"
                 " AND (NOT l.dob_weak OR l.kecamatan_code = r.kecamatan_code)"
                 f" AND {_SHARES_A_TOKEN}",
                 "tanggal lahir, nama ibu, jenis kelamin dan satu kata nama sama"),
    BlockingRule("dob_placeholder", "l.dob_days = r.dob_days"
                 " AND l.placeholder_mother = r.placeholder_mother",
                 "tanggal lahir sama, keduanya 'BY NY <ibu>' dengan nama ibu sama"),
    BlockingRule("swap_kec", "l.dob_y = r.dob_y AND l.dob_m = r.dob_d AND l.dob_d = r.dob_m"
                 " AND l.dob_m <> l.dob_d AND l.kecamatan_code = r.kecamatan_code"
                 f" AND l.sex = r.sex AND {_SHARES_A_TOKEN_OR_FAMILY}",
                 "tanggal/bulan lahir tertukar, kecamatan, jenis kelamin dan satu kata nama"
                 " (atau ibu/KK) sama"),
    BlockingRule("kk_dob", "l.kk_number = r.kk_number AND l.dob_y = r.dob_y",
                 "No. KK dan tahun lahir sama"),
    BlockingRule("nik_head_name", "l.nik_head = r.nik_head AND l.name_first = r.name_first",
                 "12 digit pertama NIK (wilayah + tanggal lahir) dan kata pertama nama sama:"
                 " salah ketik di nomor urut NIK, NIK terpotong Excel"),
)  # fmt: skip


def blocked_pairs_sql(table: str, *, skip_settled: bool) -> str:
    """SQL for every candidate pair of ``table``: ``match_key, join_key_l, join_key_r``.

    The same pairs Splink's own blocking would produce (each pair once, ``match_key`` = the
    first rule that finds it), computed as one join per rule and a GROUP BY instead of
    Splink's chain of "and not found by an earlier rule" filters, which re-evaluates
    every earlier rule on every joined pair. ``skip_settled``: leave out pairs inside one
    group the NIK pass settled (``settled_group``).
    """
    settled = " AND l.settled_group <> r.settled_group" if skip_settled else ""
    per_rule = " UNION ALL ".join(
        f"SELECT {i} AS k, l.uid AS uid_l, r.uid AS uid_r FROM {table} l JOIN {table} r"
        f" ON {rule.sql}{settled} AND l.uid < r.uid"
        for i, rule in enumerate(BLOCKING_RULES)
    )
    return (
        "SELECT CAST(min(k) AS VARCHAR) AS match_key, uid_l AS join_key_l, uid_r AS join_key_r"
        f" FROM ({per_rule}) GROUP BY uid_l, uid_r"
    )


#: Blocking rules for EM training: each leaves other comparisons free to be estimated.
TRAINING_BLOCKS: tuple[str, ...] = (
    "l.nik16 = r.nik16",
    "l.dob_days = r.dob_days AND l.kecamatan_code = r.kecamatan_code",
    "l.name_norm = r.name_norm AND l.dob_y = r.dob_y",
    "l.name_norm = r.name_norm AND l.desa_code = r.desa_code",
)

#: Deterministic rules to estimate λ (probability that two random records match).
LAMBDA_RULES: tuple[str, ...] = (
    "l.nik16 = r.nik16 AND l.dob_days = r.dob_days",
    "l.name_norm = r.name_norm AND l.dob_days = r.dob_days",
)
LAMBDA_RECALL = 0.9
