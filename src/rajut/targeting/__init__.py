"""Targeting: rules that list exclusion- and inclusion-error candidates, and their outputs.

Rules are YAML with SQL over the integrated model (``integ.*``); defaults ship in
``rules.yaml`` and a walidata adds rules in ``<workspace>/targeting/rules.yaml``.
"""

from __future__ import annotations

from datetime import date

from rajut.targeting.engine import run_targets
from rajut.targeting.models import RuleCount, TargetRule, TargetsResult
from rajut.targeting.rules import default_rules, load_rules
from rajut.targeting.service import TargetsExport, ensure_build, export_targets
from rajut.workspace import Workspace

__all__ = [
    "RuleCount",
    "TargetRule",
    "TargetsExport",
    "TargetsResult",
    "default_rules",
    "ensure_build",
    "export_targets",
    "load_rules",
    "run_targets",
    "run_targets_for_benchmark",
]


def run_targets_for_benchmark(ws: Workspace, as_of: date) -> TargetsResult:
    """Benchmark hook (``benchmarks/integrate.py``): every rule on the newest build of ``as_of``.

    Makes the build when it is missing.
    """
    build_id, _ = ensure_build(ws, as_of)
    return run_targets(ws, build_id)
