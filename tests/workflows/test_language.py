"""The child's and family's language on the pathway (`workflows.language`, ADR 0144)."""

from datetime import UTC, datetime, timedelta

from contracts.common import DisposalType, PathwayStatus, TaskStatus
from contracts.language import Language, LanguagePreferenceBody
from contracts.steps import Actor, ClosureBody, ClosureReason
from core.workdays import london_date
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from tests.workflows.harness import Harness

POLICE_FEED = Actor(user="police-feed", role="integrator")


async def test_a_pathway_has_no_language_until_the_family_is_asked_then_keeps_the_latest_choice(ts: Harness) -> None:
    today = london_date(datetime.now(UTC))
    handle = await ts.start(pathway_input(today))
    await ts.allocate(handle)
    assert (await ts.state(handle)).language is None

    state = await ts.step(handle, CASEWORKER, LanguagePreferenceBody(completed_on=today, language=Language.WELSH))
    assert state.language == Language.WELSH
    # A step with no task: recording it opens, closes and moves no task.
    before = {(t.task_id, t.status, t.due_date) for t in state.tasks}
    state = await ts.step(handle, CASEWORKER, LanguagePreferenceBody(completed_on=today, language=Language.ENGLISH))
    assert state.language == Language.ENGLISH
    assert {(t.task_id, t.status, t.due_date) for t in state.tasks} == before
    entries = [e for e in state.timeline if e.kind == "language_preference"]
    assert [e.details["language"] for e in entries] == ["cy", "en"] and entries[0].by == CASEWORKER.user
    await ts.terminate_all()


async def test_no_feed_records_a_familys_language_and_none_is_recorded_in_the_future_or_after_closure(ts: Harness) -> None:
    today = london_date(datetime.now(UTC))
    handle = await ts.start(pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12))
    await ts.allocate(handle)
    welsh = LanguagePreferenceBody(completed_on=today, language=Language.WELSH)
    assert "may not record language_preference" in await ts.refused(handle, POLICE_FEED, welsh)
    tomorrow = welsh.model_copy(update={"completed_on": today + timedelta(days=1)})
    assert "is in the future" in await ts.refused(handle, CASEWORKER, tomorrow)

    closure = ClosureBody(bias_reflection=REFLECTION, completed_on=today, reason=ClosureReason.REVOKED_EARLY,
                          no_formulation_reason="Revoked for good progress.",
                          no_outcome_data_reason="Revoked before the end.")
    state = await ts.step(handle, SUPERVISOR, closure)
    assert state.status == PathwayStatus.CLOSED
    assert all(t.status != TaskStatus.OPEN for t in state.tasks)
    assert "this pathway is closed" in await ts.refused(handle, CASEWORKER, welsh)
    assert (await ts.state(handle)).language is None
