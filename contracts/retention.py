"""The retention workflow's and activity's contracts."""

from datetime import date

from pydantic import BaseModel


class RetentionInput(BaseModel):
    """How long closed pathways are kept before they are anonymised."""

    retention_days: int


class RetentionRequest(BaseModel):
    """Anonymise pathways closed before `closed_before`, as of `today`."""

    closed_before: date
    today: date


class RetentionResult(BaseModel):
    """How many pathways, children and held (or rejected) court records were anonymised."""

    pathways: int
    children: int
    held_records: int = 0
