"""Personal names: a display value and a matching-normalised ``norm``.

``norm`` is for record linkage only (never shown as the person's name):

* upper case, accents and apostrophes removed, other punctuation → space, spaces collapsed;
* titles removed: leading H., HJ., KH., DR., DRS., DRA., PROF., IR., NS., ALM.; academic
  degrees (S.PD, S.KEP, S.KM, A.MD, S.SOS, S.T, S.E, S.H, M.PD, SPD, …) anywhere after the
  first word, and any degree list after a comma (``SITI, S.PD., M.PD``);
* BIN/BINTI/BINTU/BT particles dropped (both names kept);
* Muhammad variants → ``MUHAMMAD`` (MUHAMAD, MOHAMMAD, MOCHAMAD, …; the abbreviations MOH,
  MOCH, MUH, MHD, M only as first word); ABD → ABDUL; ST → SITI (first word); NOR → NUR;
  ACHMAD/AKHMAD → AHMAD;
* old spelling: OE→U, DJ→J, TJ→C, SJ→SY everywhere; CHOI/CHAI/CHAE/CHUS → KHOI/…;
  J→Y only in names that also contain OE/DJ/TJ/SJ (``TJAHJONO`` → ``CAHYONO`` but ``JOKO``
  stays; a bare ``JANTI`` is not changed to ``YANTI``);
* placeholders for unnamed babies (``BY NY SRI``, ``BY. NY. SRI``, ``BAYI NY SRI``,
  ``AN. NY SRI``) → ``norm`` = ``''``, extra ``placeholder_mother`` = the mother's ``norm``.
"""

from __future__ import annotations

from rajut.standardize.sql import clean, let, lit
from rajut.standardize.types import Check, FieldSQL

PLACEHOLDER = r"^(BY|BAYI|AN|ANAK)[\s.]*(NY|NYONYA|NN)[\s.]+(.+)$"

_LEADING_TITLES = (
    "H|HJ|HJH|HAJI|HAJJAH|KH|DR|DRS|DRA|PROF|IR|NS|DRG|ALM|ALMH|ALMARHUM|ALMARHUMAH|TN|NY"
)
_DOTTED_DEGREE = (
    r"\b[SMAD]\.(PD|KEP|KM|SOS|T|E|H|AG|KOM|SI|IP|PSI|FARM|KED|GZ|TR|HUT|PI|HI|EI|IKOM|MD"
    r"|KES|M|AK|KEB|P|STP|TP|HUM|PT|SN|SY|AP|KG)\b(\.\s?[A-Z]{1,4}\b)*\.?"
)
DEGREES = (
    "SPD SPDI SPDSD SKEP SKM AMD AMDKEB AMDKEP AMK AMKEB SSOS SE ST SH MPD SAG SKOM SSI MSI MM"
    " SIP SPSI MKES SST SHI SEI SPT SP MH MAG SFARM APT SKED SGZ SHUT SIKOM BSC MBA MSC PHD LC"
    " SSTP STR STRKEB SKEB MKEP MKM SPDK"
).split()
MUHAMMAD_FULL = (
    "MUHAMAD MUHAMMMAD MUHAMMED MOHAMMAD MOHAMAD MOHAMMED MOHAMED MOCHAMAD MOCHAMMAD"
    " MOCHAMMED MOEHAMMAD MOEHAMAD MUCHAMMAD MUCHAMAD MUHAMMADH MOHAMMAT MOCHAMAT MUHAMMAT"
).split()
MUHAMMAD_SHORT = "MOH MOCH MUH MHD MOHD MUHD MUCH M MUHM".split()
_PARTICLES = ("BIN", "BINTI", "BINTU", "BT")


def _strip_titles(x: str) -> str:
    x = rf"regexp_replace({x}, ',([\s.,]*[A-Z]{{1,4}})+[\s.,]*$', '')"
    x = rf"regexp_replace({x}, '^(({_LEADING_TITLES})(\.\s*|\s+))+', '')"
    return f"regexp_replace({x}, {lit(_DOTTED_DEGREE)}, ' ', 'g')"


def _old_spelling(x: str) -> str:
    def convert(v: str) -> str:
        j_to_y = f"regexp_replace({v}, '(^|[^DTS])J', '\\1Y', 'g')"
        y = f"CASE WHEN regexp_matches({v}, 'OE|DJ|TJ|SJ') THEN {j_to_y} ELSE {v} END"
        y = f"replace(replace(replace(replace({y}, 'OE', 'U'), 'DJ', 'J'), 'TJ', 'C'), 'SJ', 'SY')"
        return rf"regexp_replace({y}, '\bCH(OI|AI|AE|US|OL)', 'KH\1', 'g')"

    return let(x, convert)


def _tokens(x: str) -> str:
    """Word-level rewrites on a space-separated upper-case string (no lists: faster)."""
    drop = "|".join(DEGREES + list(_PARTICLES))
    x = rf"regexp_replace({x}, ' ({drop})\b', '', 'g')"
    full = "|".join(MUHAMMAD_FULL)
    short = "|".join(MUHAMMAD_SHORT)
    x = let(
        x,
        lambda v: (
            rf"CASE WHEN starts_with({v}, 'M') "
            rf"THEN regexp_replace({v}, '^({short})\b', 'MUHAMMAD') ELSE {v} END"
        ),
    )
    return let(
        x,
        lambda v: (
            rf"regexp_replace(regexp_replace(regexp_replace(regexp_replace("
            rf"CASE WHEN regexp_matches({v}, 'AMAD|AMMAD|AMED|AMAT') "
            rf"THEN regexp_replace({v}, '\b({full})\b', 'MUHAMMAD', 'g') ELSE {v} END, "
            rf"'^ST\b', 'SITI'), '\bABD\b', 'ABDUL', 'g'), '\bNOR\b', 'NUR', 'g'), "
            rf"'\b(ACHMAD|AKHMAD)\b', 'AHMAD', 'g')"
        ),
    )


def norm_sql(upper_name: str) -> str:
    """Matching-normalised name from an upper-case SQL expression (see module docstring)."""
    x = f"regexp_replace(strip_accents({upper_name}), '[''`’‘]', '', 'g')"
    x = _strip_titles(x)
    x = _old_spelling(x)
    x = f"trim(regexp_replace({x}, '[^A-Z]+', ' ', 'g'))"
    return _tokens(x)


def name(raw: str) -> FieldSQL:
    """Display name (trimmed, spaces collapsed, upper case) plus ``norm`` for matching.

    Extra columns: ``norm`` and ``placeholder_mother`` (only for ``BY NY …`` placeholders).
    Issues: ``name-missing``, ``name-invalid`` (digits or no letters), ``name-placeholder``.
    """
    value = f"upper({clean(raw)})"
    placeholder = f"regexp_matches({value}, {lit(PLACEHOLDER)})"
    norm = let(
        value,
        lambda v: (
            f"CASE WHEN regexp_matches({v}, {lit(PLACEHOLDER)}) THEN '' ELSE {norm_sql(v)} END"
        ),
    )
    mother = let(
        value,
        lambda v: (
            f"CASE WHEN regexp_matches({v}, {lit(PLACEHOLDER)}) "
            f"THEN {norm_sql(f'regexp_extract({v}, {lit(PLACEHOLDER)}, 3)')} END"
        ),
    )
    invalid = f"(regexp_matches({value}, '[0-9]') OR NOT regexp_matches({value}, '[A-Z]'))"
    checks = (
        Check("name-missing", f"({value} IS NULL)"),
        Check("name-invalid", invalid),
        Check("name-placeholder", placeholder),
    )
    return FieldSQL(value, checks, {"norm": norm, "placeholder_mother": mother})
