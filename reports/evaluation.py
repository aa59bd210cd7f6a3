"""The evaluation extract's rows: one per child per quarter, pseudonymised per extract.

A child is in a quarter when any of their pathways (court order or diversion) was open in it:
made on or before its last day, and not closed before its first. Each row says what the child
had (orders by type, diversions by the joint decision's outcome, programmes with how they went)
and whether they entered a proven re-offending cohort in the quarter and re-offended
(`reports.reoffending`: null while the cohort is provisional).

The pseudonym is an HMAC-SHA256 of the child's id under a random salt made for the extract and
never stored, so the same child has one pseudonym within an extract, and none that links two
extracts or leads back to the child. Nothing else identifying leaves: no names, dates of
birth, pathway or referral ids, court or police references; ages as bands, ethnicity as the
top-level group.
"""

import hashlib
import hmac
import secrets
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.common import DisposalType
from contracts.evaluation import ExtractRow
from core.workdays import add_months
from readmodel.tables import DiversionRow, PathwayRow, ReferralRow
from reports.groups import age_band, ethnic_group
from reports.reoffending import entries, proven_offences, quarter_of, reoffences_of

GENDERS = {"male": "Male", "female": "Female", "other": "Other"}


def quarters(since: date, until: date) -> Iterator[tuple[date, date]]:
    """The calendar quarters from the one holding `since` to the one holding `until`."""
    start, _ = quarter_of(since)
    while start <= until:
        yield quarter_of(start)
        start = add_months(start, 3)


def _label(start: date) -> str:
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def extract_rows(
    session: Session, *, since: date, until: date, as_of: date, team: str | None = None
) -> list[ExtractRow]:
    """The rows of an extract of `team` (None: the service) for the quarters since..until."""
    salt = secrets.token_bytes(32)

    def pseudonym(child_id: str) -> str:
        return hmac.new(salt, child_id.encode(), hashlib.sha256).hexdigest()[:20]

    query = select(PathwayRow).where(PathwayRow.made_on <= quarter_of(until)[1])
    if team is not None:
        query = query.where(PathwayRow.team == team)
    pathways = list(session.scalars(query))
    outcomes = dict(session.execute(select(DiversionRow.pathway_id, DiversionRow.outcome)).all())
    programmes: dict[str, list[str]] = defaultdict(list)
    referrals = select(
        ReferralRow.pathway_id,
        ReferralRow.programme,
        ReferralRow.status,
        ReferralRow.sessions_attended,
        ReferralRow.sessions_planned,
    )
    for pid, programme, status, attended, planned in session.execute(referrals):
        programmes[pid].append(f"{programme}:{status}:{attended}/{planned}")
    ways_in = defaultdict(list)
    for entry in entries(session, team):
        ways_in[entry.child_id].append(entry)
    proven = defaultdict(list)
    for offence in proven_offences(session, {p.child_id for p in pathways}):
        if offence.proven_on <= as_of:
            proven[offence.child_id].append(offence)
    rows: list[ExtractRow] = []
    for start, end in quarters(since, until):
        open_in: dict[str, list[PathwayRow]] = defaultdict(list)
        for p in pathways:
            if p.made_on <= end and (p.closed_on is None or p.closed_on >= start):
                open_in[p.child_id].append(p)
        final = as_of >= add_months(end, 18)
        for child, mine in sorted(open_in.items(), key=lambda item: pseudonym(item[0])):
            mine.sort(key=lambda p: (p.made_on, p.pathway_id))
            court = [p for p in mine if p.disposal != DisposalType.DIVERSION.value]
            diversions = [p for p in mine if p.disposal == DisposalType.DIVERSION.value]
            entered = sorted(
                (e for e in ways_in[child] if start <= e.on <= end), key=lambda e: e.on
            )
            counted = reoffences_of(entered[0], proven[child]) if entered and final else None
            rows.append(
                ExtractRow(
                    pseudonym=pseudonym(child),
                    quarter=_label(start),
                    age_band=age_band(mine[0].age_at_order),
                    gender=GENDERS.get(mine[0].gender, "Not specified"),
                    ethnic_group=ethnic_group(mine[0].ethnicity),
                    court_orders=len(court),
                    order_types=";".join(sorted({p.disposal for p in court})),
                    diversions=len(diversions),
                    diversion_outcomes=";".join(
                        sorted({outcomes.get(p.pathway_id) or "undecided" for p in diversions})
                    ),
                    programmes=";".join(
                        sorted(item for p in mine for item in programmes.get(p.pathway_id, []))
                    ),
                    in_reoffending_cohort=bool(entered),
                    reoffended=None if counted is None else counted > 0,
                    reoffences=counted,
                )
            )
    return rows
