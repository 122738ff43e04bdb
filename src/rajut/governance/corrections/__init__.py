"""Correction proposals across agencies: propose → owner accepts or rejects → overlay → closed.

proposals   the state machine (draft → submitted → accepted | rejected | withdrawn), who may
            do what, deduplication, history and audit
values      a record's current values and checking proposed values against the data standard
drafts      discrepancies found by integration become draft proposals (deduplicated)
overlay     accepted corrections shown over integrated values, closed when the owner's next
            file carries the fix
changelist  the owner's change list in its own column names and formats (xlsx / CSV)
notify      in-app notifications and optional e-mail (SMTP)
ideas       suggestions to improve another unit's data process

The owning agency stays in control: nothing here modifies a source file or a standardised
row; an accepted correction is an overlay with provenance until the owner's own data agrees.
"""

from rajut.governance.corrections.proposals import (
    OPEN_STATES,
    STATUS_LABELS,
    CorrectionError,
    DecisionConflict,
    decide,
    get_proposal,
    list_proposals,
    propose,
    submit,
    withdraw,
)

__all__ = [
    "OPEN_STATES",
    "STATUS_LABELS",
    "CorrectionError",
    "DecisionConflict",
    "decide",
    "get_proposal",
    "list_proposals",
    "propose",
    "submit",
    "withdraw",
]
