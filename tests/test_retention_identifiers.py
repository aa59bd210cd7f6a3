"""Anonymisation removes what identifies a child or a case from every table, not only names.

The intake records are written by the intake's own stores (a court outcome claimed, victim
details held before their order and then recorded, a bad resend kept), so the columns checked
are the columns the service really fills.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from activities.retention import RetentionActivities
from contracts.court import CourtOutcome, IngestResultKind
from contracts.retention import RetentionRequest
from db.session import MIGRATIONS, make_engine, migrate
from db.tables import AuditEvent, Child, CourtRecord, HeldRecord, OutboxMessage, VictimDetailsRecord
from ingest.store import IntakeStore, Kept
from ingest.victim_details import VictimDetailsMessage, VictimDetailsStore
from readmodel.tables import BiasReflectionRow, PathwayRow, ReferralRow
from tests.conftest import sessions_for
from tests.factories import canonical_outcome
from tests.ingest.test_migration_0006 import downgrade

TODAY = date.today()
NOW = datetime.now(UTC)
CLOSED_LONG_AGO = TODAY - timedelta(days=800)
REQUEST = RetentionRequest(closed_before=TODAY - timedelta(days=365), today=TODAY)


@dataclass
class Case:
    """One child's order as the intake received it, and what identifies them."""

    pathway_id: str
    child_id: str
    record: dict[str, Any]
    victim_message_id: str

    @property
    def identifiers(self) -> dict[str, str]:
        d = self.record["defendant"]
        outcome = CourtOutcome.model_validate(self.record)
        return {
            "case URN": self.record["case_urn"],
            "defendant id": d["defendant_id"],
            "message id": self.record["message_id"],
            "business key": outcome.business_key(),
            "victim details message id": self.victim_message_id,
            "first name": d["first_name"],
            "last name": d["last_name"],
            "date of birth": d["date_of_birth"],
            "PNC id": d["pnc_id"],
        }


def receive(sessions: sessionmaker[Session], n: int, *, case_urn: str | None = None) -> Case:
    """Receive a child's order the way the intake does, with victim details and a bad resend."""
    record = canonical_outcome(
        defendant__first_name=f"Ariadne{n}",
        defendant__date_of_birth=f"2011-05-{10 + n}",
        defendant__pnc_id=f"26/{n}123456X",
    )
    if case_urn:
        record["case_urn"] = case_urn
    intake = IntakeStore(sessions)
    victims = VictimDetailsStore(sessions)
    message = VictimDetailsMessage(
        message_id=f"police-{record['message_id']}",
        case_urn=record["case_urn"].lower(),
        defendant_id=record["defendant"]["defendant_id"],
        received_on=date(2026, 3, 20),
    )
    # The victim details came first: held, their reason naming the case they wait for.
    intake.keep([Kept(
        kind="victim_details", result=IngestResultKind.HELD,
        reason=f"no pathway yet for case {record['case_urn']} and this defendant: kept; "
        "replay it once the court outcome has been received",
        errors=[], payload=message.model_dump(mode="json"), message_id=message.message_id,
        case_urn=record["case_urn"],
    )])
    claim = intake.claim(CourtOutcome.model_validate(record), record)
    pathway_id, _, _ = victims.claim(message, claim.pathway_id)
    victims.mark_recorded(message.message_id)
    # A resend of the same message, mangled on the way: rejected and kept, recently.
    intake.keep([Kept(
        kind="canonical", result=IngestResultKind.REJECTED,
        reason=f"defendant.date_of_birth: not a date; message {record['message_id']}",
        errors=[{"field": "defendant.date_of_birth", "reason": "not a date"}],
        payload={**record, "defendant": {**record["defendant"], "date_of_birth": "14/05/2011"}},
        message_id=record["message_id"],
    )])
    return Case(pathway_id, claim.child_id, record, message.message_id)


def project(sessions: sessionmaker[Session], case: Case, closed_on: date | None) -> None:
    """The read model's rows for the case, with free text that names the child."""
    name = case.record["defendant"]["first_name"]
    with sessions.begin() as s:
        s.add(PathwayRow(
            pathway_id=case.pathway_id, child_id=case.child_id, disposal="referral_order",
            status="closed" if closed_on else "open", caseworker="casey", team="bromley",
            made_on=date(2026, 3, 27), order_starts_on=date(2026, 3, 27),
            order_ends_on=date(2026, 9, 27), closure_reason="completed" if closed_on else None,
            closed_on=closed_on, case_manager_changes=0, gender="male", ethnicity="B1",
            age_at_order=14, has_victim=True, version=7, updated_at=NOW,
        ))
        s.add(ReferralRow(
            pathway_id=case.pathway_id, programme="fft", status="referred",
            eligibility_at_referral="not_eligible", override_reason=f"{name}'s mother asked",
            overridden_by="casey", first_on=date(2026, 4, 1),
        ))
        s.add(BiasReflectionRow(
            pathway_id=case.pathway_id, seq=0, decision="closure", on=date(2026, 9, 27),
            by="casey", aspects_considered=["race"], colleague_consulted=True,
            note=f"talked about {name} with a colleague",
        ))
        s.add(OutboxMessage(
            key=f"{case.pathway_id}:t1:escalation", kind="escalation",
            pathway_id=case.pathway_id, team="bromley",
            message=f"first contact with {name} is overdue", created_at=NOW,
        ))
        s.add(AuditEvent(at=NOW, user="casey", role="caseworker", team="bromley",
                         action="read_pathway", pathway_id=case.pathway_id))


def before_0009() -> str:
    """The revision migration 0009 follows (the chain may be re-ordered when branches merge)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    down = ScriptDirectory.from_config(config).get_revision("0009").down_revision
    assert isinstance(down, str)
    return down


def every_value(url: str) -> list[tuple[str, str, str]]:
    """(table, column, value as text) for every column of every row of every table."""
    engine = make_engine(url)
    found = []
    try:
        with engine.connect() as c:
            for table in inspect(engine).get_table_names():
                result = c.execute(text(f'select * from "{table}"'))
                for row in result.mappings():
                    for column, value in row.items():
                        shown = value if isinstance(value, str) else json.dumps(value, default=str)
                        found.append((table, column, shown))
    finally:
        engine.dispose()
    return found


def test_anonymisation_removes_case_urns_defendant_ids_message_ids_and_business_keys(
    database_url: str,
) -> None:
    with sessions_for(database_url) as sessions:
        gone = receive(sessions, 1)
        codefendant = receive(sessions, 2, case_urn=gone.record["case_urn"])  # same case, open
        project(sessions, gone, CLOSED_LONG_AGO)
        project(sessions, codefendant, None)
        result = RetentionActivities(sessions).anonymise_closed_pathways(REQUEST)
        again = RetentionActivities(sessions).anonymise_closed_pathways(REQUEST)
        with sessions() as s:
            court = {r.pathway_id: r for r in s.scalars(select(CourtRecord))}
            victims = {r.pathway_id: r for r in s.scalars(select(VictimDetailsRecord))}
            held = list(s.scalars(select(HeldRecord).order_by(HeldRecord.id)))
            child = s.get(Child, gone.child_id)
    assert (result.pathways, result.court_records, result.victim_details) == (1, 1, 1)
    assert result.held_records == 2, "the held victim details and the rejected resend"
    assert (again.pathways, again.court_records, again.victim_details, again.held_records) == (
        0, 0, 0, 0,
    ), "a second run changes nothing"

    record = court[gone.pathway_id]
    assert record.message_id == record.business_key == f"anonymised:{record.id}"
    assert (record.case_urn, record.defendant_id, record.payload) == (None, None, {"anonymised": True})
    victim = victims[gone.pathway_id]
    assert (victim.message_id, victim.case_urn) == (f"anonymised:{victim.id}", "anonymised")
    mine = [h for h in held if h.message_id is None]
    assert [h.reason for h in mine] == [
        "no pathway yet for case (anonymised) and this defendant: kept; "
        "replay it once the court outcome has been received",
        "defendant.date_of_birth: not a date; message (anonymised)",
    ], "the reasons stay, without the identifiers they quoted"
    for h in mine:
        assert (h.case_urn, h.payload) == (None, {"anonymised": True})
        assert h.resolution is not None and h.resolution.endswith("after the retention period")
    assert mine[1].errors == [{"field": "defendant.date_of_birth", "reason": "not a date"}]
    assert child is not None and child.date_of_birth == date(2011, 1, 1)

    # The co-defendant's pathway is open: every identifier of theirs stays.
    kept = court[codefendant.pathway_id]
    assert (kept.message_id, kept.case_urn) == (codefendant.record["message_id"], gone.record["case_urn"])
    assert kept.defendant_id == codefendant.record["defendant"]["defendant_id"]
    assert kept.business_key == codefendant.identifiers["business key"]
    assert victims[codefendant.pathway_id].message_id == codefendant.victim_message_id
    held_ids = {h.message_id for h in held}
    assert {codefendant.record["message_id"], codefendant.victim_message_id} <= held_ids


def test_nothing_that_identifies_an_anonymised_pathway_remains_in_any_column_of_any_table(
    database_url: str,
) -> None:
    with sessions_for(database_url) as sessions:
        gone = receive(sessions, 1)
        kept = receive(sessions, 2)  # another case, still open
        project(sessions, gone, CLOSED_LONG_AGO)
        project(sessions, kept, None)
        before = every_value(database_url)
        RetentionActivities(sessions).anonymise_closed_pathways(REQUEST)
    after = every_value(database_url)

    def holding(values: list[tuple[str, str, str]], case: Case) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for what, secret in case.identifiers.items():
            found[what] = {f"{t}.{c}" for t, c, v in values if secret.lower() in v.lower()}
        return found

    assert all(holding(before, gone).values()), "each identifier was stored somewhere"
    assert holding(after, gone) == {what: set() for what in gone.identifiers}
    # The free text that named the child went too (the name is in gone.identifiers).
    assert holding(after, kept) == holding(before, kept), "the open case keeps everything"


def test_pathways_anonymised_before_migration_0009_lose_their_identifiers_at_the_next_run(
    database_url: str,
) -> None:
    """A pathway anonymised by the earlier code kept its keys: the migration and the next run
    finish the job."""
    # Written by today's code, then taken back to the schema before 0009 (later migrations'
    # columns go with it) and marked anonymised there, with only the columns that schema has.
    with sessions_for(database_url) as sessions:
        earlier = receive(sessions, 1)
        project(sessions, earlier, CLOSED_LONG_AGO)
    downgrade(database_url, before_0009())
    with sessions_for(database_url) as sessions, sessions.begin() as s:
        s.execute(
            update(PathwayRow)
            .where(PathwayRow.pathway_id == earlier.pathway_id)
            .values(anonymised_on=TODAY - timedelta(days=30))
            .execution_options(synchronize_session=False)
        )
    migrate(database_url)
    with sessions_for(database_url) as sessions:
        result = RetentionActivities(sessions).anonymise_closed_pathways(REQUEST)
        with sessions() as s:
            record = s.scalars(select(CourtRecord)).one()
            victim = s.scalars(select(VictimDetailsRecord)).one()
            row = s.get_one(PathwayRow, earlier.pathway_id)
            held = list(s.scalars(select(HeldRecord.message_id)))
    assert (result.pathways, result.court_records, result.victim_details) == (0, 1, 1)
    assert (record.message_id, record.case_urn, record.defendant_id) == (f"anonymised:{record.id}", None, None)
    assert record.business_key == record.message_id
    assert victim.message_id == f"anonymised:{victim.id}"
    assert held == [None, None] and result.held_records == 2
    assert row.anonymised_on == TODAY - timedelta(days=30), "the first anonymisation's date stays"


def test_a_read_model_restored_from_before_its_anonymisation_is_anonymised_again(
    database_url: str,
) -> None:
    """Even once the period has been lengthened, so the pathway would not be due today."""
    with sessions_for(database_url) as sessions:
        gone = receive(sessions, 1)
        project(sessions, gone, CLOSED_LONG_AGO)
        RetentionActivities(sessions).anonymise_closed_pathways(REQUEST)
        with sessions.begin() as s:  # the backup's rows: not anonymised, the free text back
            s.get_one(PathwayRow, gone.pathway_id).anonymised_on = None
            s.get_one(ReferralRow, (gone.pathway_id, "fft")).override_reason = "Ariadne1's mother"
        longer = REQUEST.model_copy(update={"closed_before": CLOSED_LONG_AGO - timedelta(days=1)})
        result = RetentionActivities(sessions).anonymise_closed_pathways(longer)
        with sessions() as s:
            row = s.get_one(PathwayRow, gone.pathway_id)
            referral = s.get_one(ReferralRow, (gone.pathway_id, "fft"))
    assert result.pathways == 1
    assert (row.anonymised_on, referral.override_reason) == (TODAY, None)
