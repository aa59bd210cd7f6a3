"""The evaluation extract: auditors take a pseudonymised extract for a named purpose (ADR 0130).

`POST /v1/evaluation-extracts` (auditors only, refused before the body is read) records the
extract (who, when, the period, its purpose and lawful basis, how many rows) and answers its
rows as JSON or CSV; the audit log keeps the act with its outcome. `GET` lists the extracts
taken, without rows.
"""

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from access import Act, User
from api.deps import SessionsDep
from api.guard import GuardedRoute, allowed, note
from contracts.evaluation import Extract, ExtractRecord, ExtractRequest, LawfulBasis
from core.workdays import london_date
from db.tables import EvaluationExtract
from reports.csv import rows_csv
from reports.evaluation import extract_rows

router = APIRouter(prefix="/v1/evaluation-extracts", tags=["evaluation"], route_class=GuardedRoute)
BODY_BYTES = 8 * 1024
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]


def _record(row: EvaluationExtract) -> ExtractRecord:
    return ExtractRecord(
        extract_id=row.extract_id,
        requested_by=row.requested_by,
        requested_at=row.requested_at,
        since=row.since,
        until=row.until,
        team=row.team,
        purpose=row.purpose,
        lawful_basis=LawfulBasis(row.lawful_basis),
        rows=row.rows,
        children=row.children,
    )


@router.post(
    "",
    response_model=Extract,
    responses={200: {"content": {"text/csv": {}}, "description": "the extract (JSON, or CSV)"}},
)
async def take_extract(
    asked: ExtractRequest,
    request: Request,
    user: Annotated[User, allowed(Act.EXPORT_EVALUATION, max_body=BODY_BYTES)],
    sessions: SessionsDep,
    format: Format = "json",
) -> Extract | Response:
    """Take a pseudonymised extract: one row per child per quarter, for the purpose given."""
    now = datetime.now(UTC)

    def take() -> Extract:
        with sessions.begin() as session:
            rows = extract_rows(
                session,
                since=asked.since,
                until=asked.until,
                as_of=london_date(now),
                team=asked.team,
            )
            kept = EvaluationExtract(
                requested_by=user.name,
                requested_at=now,
                since=asked.since,
                until=asked.until,
                team=asked.team,
                purpose=asked.purpose,
                lawful_basis=asked.lawful_basis.value,
                rows=len(rows),
                children=len({r.pseudonym for r in rows}),
            )
            session.add(kept)
            session.flush()
            return Extract(extract=_record(kept), rows=rows)

    extract = await asyncio.to_thread(take)
    record = extract.extract
    note(
        request,
        detail=f"extract {record.extract_id}: {record.rows} rows, {record.children} children, "
        f"{record.since}..{record.until} team={record.team or '*'} "
        f"basis={record.lawful_basis.value}",
    )
    if format == "csv":
        return Response(
            rows_csv(extract.rows),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="extract-{record.extract_id}.csv"'
            },
        )
    return extract


@router.get("", response_model=list[ExtractRecord])
async def list_extracts(
    user: Annotated[User, allowed(Act.EXPORT_EVALUATION)], sessions: SessionsDep
) -> list[ExtractRecord]:
    """The extracts taken, newest first: who, when, why, on what basis (never their rows)."""

    def read() -> list[ExtractRecord]:
        with sessions() as session:
            query = select(EvaluationExtract).order_by(EvaluationExtract.extract_id.desc())
            return [_record(row) for row in session.scalars(query)]

    return await asyncio.to_thread(read)
