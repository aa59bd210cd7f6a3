"""Fuzzing step commands and facts: no 5xx, refusals leave no trace, state stays consistent.

Three pathways (a referral order with a victim, a youth rehabilitation order, a detention and
training order made three weeks ago; two allocated, one not) take random step bodies, facts
and reads from random roles. Afterwards each pathway is still queryable; its timeline grew by
exactly one entry per accepted command (a refused or invalid command left nothing behind);
its tasks are consistent; and the read model caught up with it.
"""

import asyncio
import json
from datetime import timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from contracts.common import Step, TaskStatus
from contracts.pathway import PathwayState
from readmodel.tables import PathwayRow, TaskRow
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import canonical_outcome
from tests.fuzz.conftest import FUZZ, Fuzzer
from tests.fuzz.strategies import TODAY, any_json, facts, step_body, text, valid_facts
from workflows.pathway import PathwayWorkflow

MADE = TODAY - timedelta(days=21)
DISPOSALS = ["referral_order", "youth_rehabilitation_order", "detention_and_training_order"]
# Closure ends a pathway's fuzzing: keep it rare so the other steps get explored.
STEPS = [s.value for s in Step if s != Step.CLOSURE] * 8 + [Step.CLOSURE.value, "tea_break"]
ROLES = ["caseworker"] * 8 + ["supervisor"] * 8 + ["auditor", "integrator", "none", "forged"]


def make_pathways(fuzzer: Fuzzer) -> list[str]:
    """Start the three pathways through the API; allocate the first two to bromley."""
    ids = []
    for n, disposal in enumerate(DISPOSALS):
        record = canonical_outcome(
            hearing_date=MADE.isoformat(),
            disposal__made_on=MADE.isoformat(),
            disposal__type=disposal,
            disposal__length_months=12,
        )
        r = fuzzer.send(
            "setup", "POST", "/v1/court-outcomes", json=record, headers=fuzzer.token("integrator")
        )
        pid = r.json()["results"][0]["pathway_id"]
        ids.append(pid)
        if n < 2:
            body = {"completed_on": MADE.isoformat(), "caseworker": "casey", "team": "bromley"}
            r = fuzzer.send(
                "setup",
                "POST",
                f"/v1/pathways/{pid}/steps/allocation",
                json=body,
                headers=fuzzer.token("supervisor"),
            )
            assert r.status_code == 200, r.text
    return ids


def as_json(body: Any) -> str:
    """JSON as a client library writes it: ASCII, so a lone surrogate travels as an escape."""
    return json.dumps(body)


def headers_for(fuzzer: Fuzzer, role: str, team: str) -> dict[str, str]:
    if role == "none":
        return {}
    if role == "forged":
        return {
            "Authorization": "Bearer " + fuzzer.token("supervisor")["Authorization"][7:-2] + "xx"
        }
    return fuzzer.token(role, team=team)


async def test_fuzzed_steps_and_facts_never_cause_a_server_error_and_refusals_leave_no_trace(
    fuzzer: Fuzzer, dev_env: WorkflowEnvironment
) -> None:
    ids = await asyncio.to_thread(make_pathways, fuzzer)
    handles = {pid: dev_env.client.get_workflow_handle_for(PathwayWorkflow.run, pid) for pid in ids}
    before = {
        pid: len((await h.query(PathwayWorkflow.state)).timeline) for pid, h in handles.items()
    }
    accepted = dict.fromkeys(ids, 0)

    @FUZZ
    @given(
        pid=st.sampled_from(ids),
        step=st.sampled_from(STEPS),
        data=st.data(),
        role=st.sampled_from(ROLES),
        team=st.sampled_from(["bromley"] * 9 + ["croydon"]),
        kind=st.sampled_from(
            ["step"] * 8 + ["facts", "facts", "facts-wild", "read", "eligibility"]
        ),
    )
    def prop(pid: str, step: str, data: st.DataObject, role: str, team: str, kind: str) -> None:
        headers = headers_for(fuzzer, role, team)
        if kind == "step":
            body = data.draw(step_body(step, MADE))
            url = f"/v1/pathways/{pid}/steps/{step}"
            r = fuzzer.send(
                "POST /v1/pathways/{id}/steps/{step}",
                "POST",
                url,
                content=as_json(body),
                headers=headers,
            )
        elif kind.startswith("facts"):
            wild = facts() | any_json | text().map(lambda t: {"placement": t})
            body = data.draw(valid_facts() if kind == "facts" else wild)
            url = f"/v1/pathways/{pid}/facts"
            r = fuzzer.send(
                "PUT /v1/pathways/{id}/facts", "PUT", url, content=as_json(body), headers=headers
            )
        elif kind == "read":
            r = fuzzer.send("GET /v1/pathways/{id}", "GET", f"/v1/pathways/{pid}", headers=headers)
        else:
            url = f"/v1/pathways/{pid}/eligibility"
            r = fuzzer.send("GET /v1/pathways/{id}/eligibility", "GET", url, headers=headers)
        if role in ("none", "forged"):
            assert r.status_code == 401, r.text
        elif role == "integrator":
            # A malformed request is refused (422) before the role is looked at.
            assert r.status_code in (403, 422), r.text
        assert r.status_code in (200, 401, 403, 404, 409, 422), r.text
        if r.status_code != 200:
            assert isinstance(r.json().get("detail"), str) and r.json()["detail"], r.text
        elif kind != "read" and kind != "eligibility":
            accepted[pid] += 1

    await fuzzer.run(prop)
    for pid, handle in handles.items():
        state = await handle.query(PathwayWorkflow.state)
        assert len(state.timeline) == before[pid] + accepted[pid], "one entry per accepted command"
        assert_consistent(state)
        await read_model_caught_up(fuzzer.api.settings.sqlalchemy_url, state)


def assert_consistent(state: PathwayState) -> None:
    ids = [t.task_id for t in state.tasks]
    assert len(ids) == len(set(ids)), "task ids are unique"
    for t in state.tasks:
        assert (t.status == TaskStatus.DONE) == (t.completed_on is not None), t
        assert t.escalate_on >= t.due_date, t
    if state.status == "closed":
        assert not [t for t in state.tasks if t.status in (TaskStatus.OPEN, TaskStatus.OVERDUE)]
    assert len({r.programme for r in state.referrals}) == len(state.referrals)


async def read_model_caught_up(url: str, state: PathwayState, seconds: float = 30) -> None:
    want = sorted((t.task_id, t.status.value, t.completed_on) for t in state.tasks)

    def rows() -> tuple[Any, list[Any]]:
        with sessions_for(url) as sessions, sessions() as s:
            version = s.scalar(
                select(PathwayRow.version).where(PathwayRow.pathway_id == state.pathway_id)
            )
            tasks = s.execute(
                select(TaskRow.task_id, TaskRow.status, TaskRow.completed_on).where(
                    TaskRow.pathway_id == state.pathway_id
                )
            ).all()
        return version, sorted(tuple(t) for t in tasks)

    await eventually(
        lambda: asyncio.to_thread(rows),
        lambda got: got == (state.version, want),
        what=f"the read model catching up with the state's version {state.version}",
        seconds=seconds,
        every=0.2,
    )
