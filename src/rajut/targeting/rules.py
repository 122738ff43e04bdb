"""Load targeting rules: the shipped defaults plus the walidata's own file.

The defaults live in ``rajut/targeting/rules.yaml``. A workspace may add rules (or replace a
default with the same ``id``) in ``<workspace>/targeting/rules.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from rajut.targeting.errors import TargetingError
from rajut.targeting.models import RuleFile, TargetRule
from rajut.workspace import Workspace

WORKSPACE_RULES = Path("targeting") / "rules.yaml"


def default_rules() -> list[TargetRule]:
    """The rules shipped with rajut, in file order."""
    text = resources.files("rajut.targeting").joinpath("rules.yaml").read_text("utf-8")
    return parse_rules(text, "rules.yaml bawaan rajut")


def parse_rules(text: str, origin: str) -> list[TargetRule]:
    """Validate a rules YAML text; ``origin`` names the file in error messages.

    Examples:
        >>> parse_rules("aturan: []", "contoh.yaml")
        []
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TargetingError(
            f"Berkas aturan {origin} bukan YAML yang sah: {exc}.",
            "Periksa indentasi dan tanda kutip; contoh bentuknya ada di docs/targeting.md.",
            code="targeting-rules-yaml",
        ) from exc
    try:
        rules = RuleFile.model_validate(data or {"aturan": []}).aturan
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise TargetingError(
            f"Berkas aturan {origin} tidak sah: {problems}.",
            "Setiap aturan perlu id, judul, jenis (eksklusi/inklusi), unit (person/household), "
            "deskripsi, sql (SELECT) dan alasan. Lihat docs/targeting.md.",
            code="targeting-rules-invalid",
        ) from exc
    ids = [r.id for r in rules]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise TargetingError(
            f"Berkas aturan {origin} memuat id ganda: {', '.join(dupes)}.",
            "Beri setiap aturan id yang unik.",
            code="targeting-rules-duplicate",
        )
    return rules


def workspace_rules_path(ws: Workspace) -> Path:
    return ws.root / WORKSPACE_RULES


def load_rules(ws: Workspace | None) -> list[TargetRule]:
    """Defaults, then the workspace's rules (a workspace rule replaces a default by id)."""
    merged = {r.id: r for r in default_rules()}
    if ws is not None:
        path = workspace_rules_path(ws)
        if path.is_file():
            for rule in parse_rules(path.read_text("utf-8"), str(path)):
                merged[rule.id] = rule
    return list(merged.values())


def select_rules(rules: Sequence[TargetRule], rule_ids: Sequence[str] | None) -> list[TargetRule]:
    """The rules named by ``rule_ids`` (all when ``None`` or empty), in the order given."""
    if not rule_ids:
        return list(rules)
    by_id = {r.id: r for r in rules}
    unknown = [i for i in rule_ids if i not in by_id]
    if unknown:
        raise TargetingError(
            f"Aturan tidak dikenal: {', '.join(unknown)}.",
            f"Aturan yang tersedia: {', '.join(by_id)}.",
            code="targeting-rule-unknown",
        )
    return [by_id[i] for i in dict.fromkeys(rule_ids)]
