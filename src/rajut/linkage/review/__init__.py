"""Clerical review: decisions "sama orang" / "beda orang" and the queue of uncertain pairs.

Tables (schema ``link``), every pair stored with ``uid_l < uid_r``:

``review_decisions``  the decision in force per pair (one row per pair); a later decision
                      on the same pair replaces the earlier one
``review_log``        every decision ever recorded, oldest first (the audit trail)
``review_queue``      pairs from ``link.pairs`` in the uncertainty band that nobody has
                      decided yet and that no decision already settles

Decisions override the model on every later run: the clustering treats ``same=True`` as a
must-link and ``same=False`` as a cannot-link (:func:`load_decisions`), and training uses
them as labels.

Examples:
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE SCHEMA link")
    >>> _ = con.execute("CREATE TABLE link.records AS FROM (VALUES ('a:1'), ('b:2')) t(uid)")
    >>> record_decision(con, "b:2", "a:1", same=False, by="walidata").uid_l
    'a:1'
    >>> [d.same for d in load_decisions(con)]
    [False]
"""

from rajut.linkage.review.bulk import ImportResult, import_decisions
from rajut.linkage.review.decisions import (
    Decision,
    ReviewError,
    check_uids,
    decision_for,
    decision_history,
    decision_labels,
    ensure_review_tables,
    load_decisions,
    ordered_pair,
    record_decision,
    require_records,
)
from rajut.linkage.review.queue import QueueItem, in_queue, list_queue, queue_size, refresh_queue
from rajut.store.analytics import table_exists

__all__ = [
    "Decision",
    "ImportResult",
    "QueueItem",
    "ReviewError",
    "check_uids",
    "decision_for",
    "decision_history",
    "decision_labels",
    "ensure_review_tables",
    "import_decisions",
    "in_queue",
    "list_queue",
    "load_decisions",
    "ordered_pair",
    "queue_size",
    "record_decision",
    "refresh_queue",
    "require_records",
    "table_exists",
]
