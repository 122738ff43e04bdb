"""Probabilistic linkage (Splink 5 behind :mod:`.splink_adapter`).

comparisons     rajut's comparisons and blocking rules as backend-neutral data
model           the trained model (λ, m/u per level) as JSON-serialisable data
splink_adapter  the only module that imports Splink
api             train_model / predict_pairs / score_pairs (what the orchestration calls)
baseline        "plain Splink" comparator for the benchmark
spark           a local Spark session for the Spark backend
"""

from rajut.linkage.probabilistic.api import (
    LinkageInputError,
    predict_pairs,
    prepared_records,
    score_pairs,
    train_model,
)
from rajut.linkage.probabilistic.comparisons import COMPARISON_LABELS
from rajut.linkage.probabilistic.model import (
    ComparisonExplanation,
    LinkageModel,
    LinkageModelError,
    PairExplanation,
)

__all__ = [
    "COMPARISON_LABELS",
    "ComparisonExplanation",
    "LinkageInputError",
    "LinkageModel",
    "LinkageModelError",
    "PairExplanation",
    "predict_pairs",
    "prepared_records",
    "score_pairs",
    "train_model",
]
