"""The retention workflow's and activity's contracts.

Fields added later have defaults, so a schedule created by an older worker (its stored input
lacks them) and recorded histories still decode.
"""

from datetime import date, datetime

from pydantic import BaseModel


class RetentionInput(BaseModel):
    """How long closed pathways, and audit rows, are kept.

    `audit_retention_days` is None in the input of a schedule created before audit rows had a
    retention period: such a run deletes no audit rows (the next worker start updates it).
    """

    retention_days: int
    audit_retention_days: int | None = None


class RetentionRequest(BaseModel):
    """Anonymise pathways closed before `closed_before`, as of `today`.

    Audit rows written before `audit_before` are deleted; None deletes none.
    """

    closed_before: date
    today: date
    audit_before: datetime | None = None


class RetentionResult(BaseModel):
    """What one run anonymised or deleted, by kind of record.

    `court_records` and `victim_details` count the intake records whose identifiers (case,
    defendant, message id, business key) were removed; `audit_events` the audit rows deleted.
    """

    pathways: int
    children: int
    held_records: int = 0
    court_records: int = 0
    victim_details: int = 0
    audit_events: int = 0
