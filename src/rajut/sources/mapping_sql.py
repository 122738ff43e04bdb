"""Build the one ``SELECT`` that standardises a raw table according to a contract.

The raw table (all text, from a reader) is registered in DuckDB as ``incoming``. For each
mapped column the field's standardisation rule (``rajut.standardize.rules``) gives a SQL
value expression and issue checks; they are assembled into named output columns
``<table>__<field>`` and one ``issues`` list of ``{field, code, value}`` structs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rajut.sources.contract import ColumnMapping, SourceContract
from rajut.sources.period import Period
from rajut.standard import load_standard
from rajut.standardize import Check, FieldSQL, rules
from rajut.standardize.rules.desa import desa_found_sql, desa_from_found

# Fields a contract may map that are inputs to another field's rule, not stored values.
DESA_NAME = "desa_name"
KECAMATAN_NAME = "kecamatan_name"
INPUT_ONLY = {DESA_NAME, KECAMATAN_NAME}
NUMERIC_FLAG_PREFIX = "__num__"
#: Join key standing for NULL, so lookups join with plain equality (a hash join).
NULL_KEY = "'\x00'"
#: Rules evaluated inline, row by row: their raw values are nearly unique (a lookup per
#: distinct value would cost a distinct pass and a join for no saving).
INLINE_RULES = {"nik"}


def q(identifier: str) -> str:
    """Quote a SQL identifier."""
    return '"' + identifier.replace('"', '""') + '"'


def lit(value: object) -> str:
    """A SQL literal for a constant."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def out_name(qualified: str) -> str:
    """``person.nik`` → ``person__nik`` (the staged column name)."""
    return qualified.replace(".", "__")


@dataclass
class StagedColumn:
    """One output column of the staging SELECT."""

    table: str
    name: str  # field or extra name inside the table
    sql: str
    sql_type: str


@dataclass
class Lookup:
    """A rule evaluated once per distinct key (raw values repeat: names, desa, dates)."""

    alias: str
    keys: list[str]
    sql: str


@dataclass
class StagingPlan:
    select_sql: str
    columns: list[StagedColumn] = field(default_factory=list)
    lookups: list[Lookup] = field(default_factory=list)
    #: ``row_number, record_id`` straight from ``incoming`` (no lookups, no rules).
    ids_sql: str = ""

    def tables(self) -> list[str]:
        return sorted({c.table for c in self.columns})


_SQL_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
}


class _Builder:
    def __init__(
        self, contract: SourceContract, available: set[str], ref_date: date | None
    ) -> None:
        self.contract = contract
        self.available = available
        self.std = load_standard()
        self.ref_date = f"DATE '{ref_date.isoformat()}'" if ref_date else "current_date"
        self.columns: list[StagedColumn] = []
        self.checks: list[tuple[str, str, Check]] = []  # (field, raw column, check)
        self.by_field = {m.field: (col, m) for col, m in contract.mappings}
        self.values: dict[str, str] = {}
        self.lookups: list[Lookup] = []
        self.inline = False  # raw columns qualified: the rule runs in the staging SELECT
        #: inline values computed once per row, as columns of ``incoming`` (name, SQL)
        self.inlined: list[tuple[str, str]] = []

    def raw(self, column: str) -> str:
        return ("incoming." if self.inline else "") + q(column)

    def numeric_flag(self, column: str) -> str | None:
        flag = NUMERIC_FLAG_PREFIX + column
        return self.raw(flag) if flag in self.available else None

    def keys_of(self, *columns: str | None) -> list[str]:
        """Raw columns a rule reads: the mapped ones and their numeric-cell flags."""
        keys: list[str] = []
        for col in filter(None, columns):
            keys.append(col)
            if NUMERIC_FLAG_PREFIX + col in self.available:
                keys.append(NUMERIC_FLAG_PREFIX + col)
        return list(dict.fromkeys(keys))

    def lookup(
        self, fsql: FieldSQL, keys: list[str], pre: dict[str, str] | None = None
    ) -> FieldSQL:
        """Evaluate ``fsql`` once per distinct key; return references into the lookup.

        ``pre`` are helper columns computed first (once) on the distinct keys, which
        ``fsql`` may reference by name (e.g. the desa name lookup).
        """
        alias = f"lk{len(self.lookups)}"
        key_list = ", ".join(q(k) for k in keys)
        distinct = f"SELECT DISTINCT {key_list} FROM incoming"
        if pre:
            helpers = ", ".join(f"{sql} AS {q(name)}" for name, sql in pre.items())
            distinct = f"SELECT *, {helpers} FROM ({distinct})"
        # the value once, as a column; checks and extras that embed it read the column
        distinct = f"SELECT *, {fsql.value} AS __v FROM ({distinct})"

        def shared(sql: str) -> str:
            return sql.replace(fsql.value, "__v")

        outs = [f"coalesce({q(k)}, {NULL_KEY}) AS {q('k_' + k)}" for k in keys]
        outs += ["__v AS v"]
        outs += [f"{shared(sql)} AS {q('x_' + name)}" for name, sql in fsql.extra.items()]
        outs += [
            f"coalesce(({shared(c.condition)}), FALSE) AS c{i}" for i, c in enumerate(fsql.checks)
        ]
        sql = f"SELECT {', '.join(outs)} FROM ({distinct})"
        self.lookups.append(Lookup(alias, keys, sql))
        return FieldSQL(
            value=f"{alias}.v",
            checks=tuple(Check(c.code, f"{alias}.c{i}") for i, c in enumerate(fsql.checks)),
            extra={name: f"{alias}.{q('x_' + name)}" for name in fsql.extra},
        )

    def hoist(self, sql: str) -> str:
        """``sql`` computed once per row, as a column of ``incoming``; returns a reference."""
        name = f"__inl{len(self.inlined)}"
        self.inlined.append((name, sql))
        return f"incoming.{q(name)}"

    def precompute(self, fsql: FieldSQL) -> FieldSQL:
        """Compute an inline rule's value once per row, as a column the checks read.

        The checks embed the value's SQL text; without this each check re-evaluates it.
        """
        ref = self.hoist(fsql.value)

        def shared(sql: str) -> str:
            return sql.replace(fsql.value, ref)

        return FieldSQL(
            value=ref,
            checks=tuple(Check(c.code, shared(c.condition)) for c in fsql.checks),
            extra={name: shared(sql) for name, sql in fsql.extra.items()},
        )

    def nik_dates(self, value: str, birth: str | None, sex: str | None) -> tuple[Check, ...]:
        """NIK date checks on ``value`` (cleaned); inline, its date number is a column."""
        number = self.hoist(rules.nik_date_number(value)) if self.inline else None
        return rules.nik_date_checks(value, birth_date=birth, sex=sex, number=number)

    def add(
        self,
        qualified: str,
        fsql: FieldSQL,
        raw_column: str | None,
        keys: list[str],
        pre: dict[str, str] | None = None,
    ) -> None:
        table, _, name = qualified.partition(".")
        std_field = self.std.tables[table].fields.get(name)
        sql_type = _SQL_TYPES[std_field.type] if std_field else "VARCHAR"
        if keys:
            fsql = self.lookup(fsql, keys, pre)
        elif self.inline:
            fsql = self.precompute(fsql)
            if std_field is not None and std_field.rule == "nik":  # same check, number hoisted
                dated = {c.code: c for c in self.nik_dates(fsql.value, None, None)}
                fsql = FieldSQL(
                    fsql.value, tuple(dated.get(c.code, c) for c in fsql.checks), fsql.extra
                )
        self.columns.append(StagedColumn(table, name, fsql.value, sql_type))
        self.values[qualified] = fsql.value
        for extra, sql in fsql.extra.items():
            self.columns.append(StagedColumn(table, f"{name}_{extra}", sql, "VARCHAR"))
        for check in fsql.checks:
            self.checks.append((qualified, raw_column or "", check))
        if name == "nik" and raw_column:
            self.add_cross_checks(qualified, fsql, raw_column)

    def add_cross_checks(self, qualified: str, fsql: FieldSQL, raw_column: str) -> None:
        """NIK vs the row's birth date and sex: checked per row, on standardised values."""
        table = qualified.partition(".")[0]
        birth, sex = self.values.get(f"{table}.birth_date"), self.values.get(f"{table}.sex")
        if birth is None and sex is None:
            return
        own = {c.code for c in fsql.checks}
        # the checks ``rules.nik(fsql.value, birth_date=…, sex=…)`` adds, on its cleaned value;
        # inline, that value is computed once per row (a column), not once per check
        cleaned = rules.nik_cleaned(fsql.value)
        if self.inline:
            cleaned = self.hoist(cleaned)
        for check in self.nik_dates(cleaned, birth, sex):
            if check.code not in own:
                self.checks.append((qualified, raw_column, check))

    def rule_for(self, qualified: str, column: str, mapping: ColumnMapping) -> FieldSQL:
        std_field = self.std.field(qualified)
        raw = self.raw(column)
        kind = std_field.rule
        values = dict(mapping.values)
        if kind == "date":
            return rules.date(raw, formats=mapping.formats, ref_date=self.ref_date)
        if kind == "name":
            return rules.name(raw)
        if kind == "nik":
            return rules.nik(raw, numeric_flag=self.numeric_flag(column))
        if kind == "kk":
            return rules.kk(raw, numeric_flag=self.numeric_flag(column))
        if kind == "sex":
            return rules.sex(raw, values or None)
        codelist = self.std.codelists.get(std_field.klasifikasi or "")
        if kind == "code" and codelist is not None:
            return rules.code(raw, {**codelist.alias_map(), **values}, codelist=codelist.name)
        if kind == "code":
            return self.patterned_text(raw, std_field.constraints.pattern)
        if kind == "boolean":
            aliases = codelist.alias_map() if codelist is not None else {}
            return rules.boolean(raw, {**aliases, **values} or None)
        if kind == "integer":
            c = std_field.constraints
            return rules.integer(
                raw,
                min=None if c.minimum is None else int(c.minimum),
                max=None if c.maximum is None else int(c.maximum),
            )
        if kind == "decimal":
            c = std_field.constraints
            return rules.decimal(raw, min=c.minimum, max=c.maximum)
        if kind == "phone":
            return rules.phone(raw)
        if kind == "rt_rw":
            return rules.rt_rw(raw)
        return rules.text(raw)

    @staticmethod
    def patterned_text(raw: str, pattern: str | None) -> FieldSQL:
        """Free codes (NISN, NPSN, card numbers): text, checked against the field pattern."""
        text = rules.text(raw)
        if not pattern:
            return text
        bad = f"({text.value}) IS NOT NULL AND NOT regexp_full_match({text.value}, {lit(pattern)})"
        return FieldSQL(text.value, (*text.checks, Check("value-format", bad)), text.extra)

    def desa_keys(self, table: str, code_column: str | None) -> list[str]:
        name_col = self.by_field.get(f"{table}.{DESA_NAME}")
        kec_col = self.by_field.get(f"{table}.{KECAMATAN_NAME}")
        return self.keys_of(
            code_column, name_col[0] if name_col else None, kec_col[0] if kec_col else None
        )

    def desa_rule(self, qualified: str, code_column: str | None) -> tuple[FieldSQL, dict[str, str]]:
        """The desa rule, with its name lookup as a helper column computed once."""
        table = qualified.partition(".")[0]
        name_col = self.by_field.get(f"{table}.{DESA_NAME}")
        kec_col = self.by_field.get(f"{table}.{KECAMATAN_NAME}")
        name = self.raw(name_col[0]) if name_col else None
        found = desa_found_sql(name, self.raw(kec_col[0]) if kec_col else None)
        fsql = desa_from_found(
            code=self.raw(code_column) if code_column else None, name=name, found=q("__found")
        )
        return fsql, {"__found": found}


def _ordered(
    mappings: list[tuple[str, ColumnMapping]],
) -> Iterable[tuple[str, ColumnMapping]]:
    """Birth date and sex first: the NIK rule checks against them."""
    priority = {"birth_date": 0, "sex": 1}
    return sorted(mappings, key=lambda item: priority.get(item[1].field.partition(".")[2], 9))


_TRUNC = {"day": "day", "month": "month", "quarter": "quarter", "year": "year"}
_STEP = {
    "day": "1 day",
    "month": "1 month",
    "quarter": "3 months",
    "semester": "6 months",
    "year": "1 year",
}
_LABEL = {
    "day": "strftime({d}, '%Y-%m-%d')",
    "month": "strftime({d}, '%Y-%m')",
    "quarter": "concat(year({d}), 'Q', quarter({d}))",
    "semester": "concat(year({d}), '-S', CASE WHEN month({d}) <= 6 THEN 1 ELSE 2 END)",
    "year": "CAST(year({d}) AS VARCHAR)",
}


def _period_selects(b: _Builder, period: Period | None) -> list[str]:
    """period_label/start/end: constants for a file-level period, else from a column."""
    if period is not None:
        return [
            f"{lit(period.label)} AS period_label",
            f"DATE '{period.start.isoformat()}' AS period_start",
            f"DATE '{period.end.isoformat()}' AS period_end",
        ]
    spec = b.contract.period
    column = spec.column or ""
    day = b.lookup(rules.date(b.raw(column), ref_date=b.ref_date), b.keys_of(column)).value
    b.checks.append(("period", column, Check("period-invalid", f"({day}) IS NULL")))
    gran = spec.granularity
    if gran == "semester":
        start = f"make_date(year({day}), CASE WHEN month({day}) <= 6 THEN 1 ELSE 7 END, 1)"
    else:
        start = f"CAST(date_trunc('{_TRUNC[gran]}', {day}) AS DATE)"
    return [
        f"{_LABEL[gran].format(d=day)} AS period_label",
        f"{start} AS period_start",
        f"CAST({start} + INTERVAL {_STEP[gran]} - INTERVAL 1 day AS DATE) AS period_end",
    ]


def build_staging_sql(
    contract: SourceContract,
    available_columns: Iterable[str],
    *,
    period: Period | None,
) -> StagingPlan:
    """The staging ``SELECT`` over ``incoming`` for ``contract``.

    Args:
        contract: the source contract.
        available_columns: columns of ``incoming`` (incl. ``__num__`` flags).
        period: the file's period; ``None`` when the contract reads it from a column.
    """
    b = _Builder(contract, set(available_columns), period.end if period else None)
    period_selects = _period_selects(b, period)
    for column, mapping in _ordered(contract.mappings):
        table, _, name = mapping.field.partition(".")
        if name in INPUT_ONLY:
            text = b.lookup(rules.text(b.raw(column)), [column])  # few distinct names
            b.columns.append(StagedColumn(table, name, text.value, "VARCHAR"))
            if name == DESA_NAME and f"{table}.desa_code" not in b.by_field:
                desa, pre = b.desa_rule(f"{table}.desa_code", None)
                b.add(f"{table}.desa_code", desa, column, b.desa_keys(table, None), pre)
            continue
        keys = b.keys_of(column)
        if mapping.place_field:
            place, when = rules.place_and_date(
                b.raw(column), formats=mapping.formats, ref_date=b.ref_date
            )
            b.add(mapping.place_field, place, column, keys)
            b.add(mapping.field, when, column, keys)
        elif b.std.field(mapping.field).rule == "desa":
            desa, pre = b.desa_rule(mapping.field, column)
            b.add(mapping.field, desa, column, b.desa_keys(table, column), pre)
        else:
            b.inline = b.std.field(mapping.field).rule in INLINE_RULES
            fsql = b.rule_for(mapping.field, column, mapping)
            b.add(mapping.field, fsql, column, [] if b.inline else keys)
            b.inline = False
        if mapping.required:
            b.checks.append(
                (
                    mapping.field,
                    column,
                    Check("required-missing", f"({b.values[mapping.field]}) IS NULL"),
                )
            )
    for qualified, value in contract.constants.items():
        table, _, name = qualified.partition(".")
        std_type = _SQL_TYPES[b.std.tables[table].fields[name].type]
        b.columns.append(StagedColumn(table, name, f"CAST({lit(value)} AS {std_type})", std_type))
    ids = [
        f"incoming.{q('__row')} AS row_number",
        f"nullif(trim(incoming.{q(contract.record_id)}), '') AS record_id",
    ]
    selects = [
        *ids,
        (
            f"nullif(trim(incoming.{q(contract.household_id)}), '') AS household_ref"
            if contract.household_id
            else "NULL::VARCHAR AS household_ref"
        ),
        *period_selects,
    ]
    selects += [f"{c.sql} AS {q(c.table + '__' + c.name)}" for c in b.columns]
    joins = [
        f"LEFT JOIN {lk.alias} ON "
        + " AND ".join(
            f"coalesce(incoming.{q(k)}, {NULL_KEY}) = {lk.alias}.{q('k_' + k)}" for k in lk.keys
        )
        for lk in b.lookups
    ]
    source = "incoming"
    for name, value in b.inlined:  # one layer each: a value may read an earlier one
        source = f"(SELECT *, {value} AS {q(name)} FROM {source}) AS incoming"
    sql = _staging_select(selects, b.checks, f"FROM {source}\n" + "\n".join(joins))
    ids_sql = f"SELECT {', '.join(ids)} FROM incoming"
    return StagingPlan(select_sql=sql, columns=b.columns, lookups=b.lookups, ids_sql=ids_sql)


_EMPTY_ISSUES = "[]::STRUCT(field VARCHAR, code VARCHAR, value VARCHAR)[]"


def _staging_select(selects: list[str], checks: list[tuple[str, str, Check]], source: str) -> str:
    """The staging SELECT; each check condition is evaluated once per row (inner query).

    The inner query computes the staged columns, every check as a boolean ``__chk<i>`` and
    the raw values issues quote as ``__val<i>``; the outer one folds them into ``issues``.
    """
    if not checks:
        return (
            "SELECT\n  " + ",\n  ".join([*selects, f"{_EMPTY_ISSUES} AS issues"]) + ("\n" + source)
        )
    raw_cols = list(dict.fromkeys(col for _, col, _ in checks if col))
    inner = [*selects]
    inner += [
        f"coalesce(({chk.condition}), FALSE) AS __chk{i}" for i, (_, _, chk) in enumerate(checks)
    ]
    inner += [f"incoming.{q(col)}::VARCHAR AS __val{j}" for j, col in enumerate(raw_cols)]
    items = [
        f"CASE WHEN __chk{i} THEN {{'field': {lit(fld)}, 'code': {lit(chk.code)}, "
        f"'value': {'__val' + str(raw_cols.index(col)) if col else 'NULL::VARCHAR'}}} END"
        for i, (fld, col, chk) in enumerate(checks)
    ]
    any_issue = " OR ".join(f"__chk{i}" for i in range(len(checks)))
    issues = (
        f"CASE WHEN {any_issue} THEN list_filter([{', '.join(items)}], lambda x: x IS NOT NULL) "
        f"ELSE {_EMPTY_ISSUES} END AS issues"
    )
    hidden = [f"__chk{i}" for i in range(len(checks))]
    hidden += [f"__val{j}" for j in range(len(raw_cols))]
    body = "SELECT\n  " + ",\n  ".join(inner) + "\n" + source
    return f"SELECT * EXCLUDE ({', '.join(hidden)}), {issues}\nFROM (\n{body}\n)"
