"""The trained linkage model as plain, JSON-serialisable data (no Splink objects).

A model is rajut's comparison declarations (identified by :func:`spec_fingerprint`) plus
the estimated parameters: λ (the probability that two random records match) and the
m/u probabilities of every comparison level. The adapter turns it into Splink settings
for any backend, so a model trained on DuckDB predicts identically on Spark.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from rajut.errors import RajutError
from rajut.linkage.probabilistic.comparisons import BLOCKING_RULES, COMPARISONS

MODEL_FORMAT = "rajut-linkage-model/1"


class LinkageModelError(RajutError):
    code = "linkage-model-error"


def spec_fingerprint() -> str:
    """A short hash of the comparison and blocking declarations the model was trained for."""
    text = repr((COMPARISONS, BLOCKING_RULES))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class LevelParameters:
    """m and u of one comparison level (None: not observed in training)."""

    key: str
    m: float | None
    u: float | None


@dataclass(frozen=True)
class LinkageModel:
    """Trained parameters. ``comparisons`` maps comparison name → its levels' m/u."""

    probability_two_random_records_match: float
    comparisons: dict[str, list[LevelParameters]]
    fingerprint: str = field(default_factory=spec_fingerprint)
    training: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise (stable key order) for storage in ``link.models``."""
        payload = {"format": MODEL_FORMAT, **asdict(self)}
        return json.dumps(payload, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> LinkageModel:
        """Load a model written by :meth:`to_json`.

        Raises:
            LinkageModelError: the text is not a rajut linkage model.
        """
        try:
            data = json.loads(text)
            if data.get("format") != MODEL_FORMAT:
                raise ValueError(data.get("format"))
            comparisons = {
                name: [LevelParameters(**level) for level in levels]
                for name, levels in data["comparisons"].items()
            }
            return cls(
                probability_two_random_records_match=float(
                    data["probability_two_random_records_match"]
                ),
                comparisons=comparisons,
                fingerprint=str(data["fingerprint"]),
                training=dict(data.get("training", {})),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise LinkageModelError(
                f"Model linkage tersimpan tidak bisa dibaca ({exc}).",
                "Latih ulang model dengan `rajut link --train`.",
            ) from exc

    def level(self, comparison: str, key: str) -> LevelParameters | None:
        """Parameters of one level, or None when the model does not have it."""
        for params in self.comparisons.get(comparison, []):
            if params.key == key:
                return params
        return None


@dataclass(frozen=True)
class ComparisonExplanation:
    """One comparison's contribution to a pair's score."""

    name: str
    label: str
    level: str
    level_label: str
    match_weight: float


@dataclass(frozen=True)
class PairExplanation:
    """Why two records were (not) matched: per-comparison weights and the total.

    ``match_weight`` = prior weight (log2 λ/(1-λ)) + Σ comparison weights.
    """

    uid_l: str
    uid_r: str
    prior_weight: float
    comparisons: list[ComparisonExplanation]
    match_weight: float
    match_probability: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
