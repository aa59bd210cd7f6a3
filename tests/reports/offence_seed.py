"""Offences for the seeded caseload (`tests.reports.seed`), with counts known by hand.

On top of `seed_caseload` (93 pathways of one team, orders made 5 January 2026):

- White children 0-39: theft (TH68010); 40-49: robbery (TH68023), the ten of them on
  detention and training orders (the caseload's White custody);
- Black children 0-9: theft; 10-19: robbery, and 15-19 theft as well (two groups, one order);
  of the Black children 12-19 are on detention and training orders;
- Asian children: a drugs offence (MD71230), and 0-1 also a code no mapping knows (XX99001);
- Mixed, Other and Not stated children (13): no offences held (orders from before).

So: robbery 20 orders (White 10, custody 10; Black 10, custody 8), theft 55 (40 + 10 + 5),
drugs 10, unclassified 2 orders with 2 offences, 80 orders with offences. Allocation was late
for every tenth child of a group (i % 10 == 0): among robbery orders White 40 and Black 10,
so 18 of 20 on time.
"""

from datetime import date

from sqlalchemy.orm import Session

from readmodel.tables import OffenceRow
from tests.reports.seed import seed_caseload

THEFT = ("TH68010", "Theft from a shop", "theft_and_handling")
ROBBERY = ("TH68023", "Robbery", "robbery")
DRUGS = ("MD71230", "Possess with intent to supply a controlled drug of Class A - Cocaine", "drugs")
UNKNOWN = ("XX99001", "An offence whose code no mapping knows", "unclassified")


def add_offences(session: Session, pathway_id: str, *offences: tuple[str, str, str]) -> None:
    for seq, (code, title, group) in enumerate(offences):
        session.add(OffenceRow(pathway_id=pathway_id, seq=seq, offence_code=code, title=title,
                               offence_date=date(2025, 12, 1), offence_group=group,
                               mapping_version="2026.1"))


def seed_with_offences(session: Session, *, team: str = "bromley", prefix: str = "pw-seed") -> list[str]:
    ids = seed_caseload(session, team=team, prefix=prefix)
    for pid in ids:
        group, number = pid.removeprefix(f"{prefix}-").rsplit("-", 1)
        i = int(number)
        if group == "white":
            add_offences(session, pid, ROBBERY if i >= 40 else THEFT)
        elif group == "black":
            add_offences(session, pid, *((ROBBERY, THEFT) if i >= 15 else (ROBBERY,) if i >= 10 else (THEFT,)))
        elif group == "asian":
            add_offences(session, pid, *((DRUGS, UNKNOWN) if i < 2 else (DRUGS,)))
    return ids
