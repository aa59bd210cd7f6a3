"""The intake's limits through the real app: records counted as the intake sees them.

A Common Platform message is one record per defendant of each prosecution case, so a single
message can be over the cap that an array is held to; it is refused before anything is stored
or started, with a detail naming the count. So is JSON nested too deeply or too large in values.
"""

from typing import Any

from temporalio.testing import WorkflowEnvironment

from ingest.sizing import MAX_DEPTH, MAX_VALUES
from tests.api.conftest import Api
from tests.factories import canonical_outcome
from tests.ingest.intake import court_records, cp, held_records, post, workflows_on


def many_defendants(*cases: int) -> dict[str, Any]:
    """A hearing resulted message whose prosecution cases hold these many defendants each."""
    message = cp("cp-two-defendants")
    case = message["hearing"]["prosecutionCases"][0]
    message["hearing"]["prosecutionCases"] = [
        {**case, "defendants": [{"id": f"d{i}"} for i in range(n)]} for n in cases
    ]
    return message


async def nothing_happened(api: Api, dev_env: WorkflowEnvironment) -> bool:
    url, queue = api.settings.sqlalchemy_url, api.settings.temporal_task_queue
    started = await workflows_on(dev_env.client, queue, at_least=0)
    return court_records(url) == 0 and not held_records(url) and started == 0


async def test_one_common_platform_message_with_6000_defendants_is_refused_with_413_before_anything_is_stored(
    api: Api, dev_env: WorkflowEnvironment
) -> None:
    status, answer = await post(api, many_defendants(3000, 3000))
    assert status == 413, answer
    assert "holds 6,000 records" in answer["detail"] and "at most 5000" in answer["detail"]
    assert await nothing_happened(api, dev_env)


async def test_an_array_whose_messages_add_up_to_more_than_5000_defendants_is_refused_with_413(
    api: Api, dev_env: WorkflowEnvironment
) -> None:
    status, answer = await post(api, [many_defendants(2500), canonical_outcome(), many_defendants(2500)])
    assert status == 413, answer
    assert "holds 5,001 records" in answer["detail"]
    assert await nothing_happened(api, dev_env)


async def test_a_replay_corrected_to_6000_defendants_is_refused_with_413(api: Api) -> None:
    r = await api.http.post(
        "/v1/court-outcomes/held/1/replay", json=many_defendants(6000), headers=api.token("integrator")
    )
    assert r.status_code == 413, r.text
    assert "holds 6,000 records" in r.json()["detail"]


async def test_a_record_nested_deeper_than_the_limit_is_refused_with_422(
    api: Api, dev_env: WorkflowEnvironment
) -> None:
    deep: Any = "x"
    for _ in range(MAX_DEPTH + 1):
        deep = {"a": deep}
    status, answer = await post(api, canonical_outcome(defendant__notes=deep))
    assert status == 422, answer
    assert f"nested more than {MAX_DEPTH} levels deep" in answer["detail"]
    assert await nothing_happened(api, dev_env)


async def test_a_record_holding_more_json_values_than_the_limit_is_refused_with_413(
    api: Api, dev_env: WorkflowEnvironment
) -> None:
    status, answer = await post(api, canonical_outcome(defendant__notes=[0] * MAX_VALUES))
    assert status == 413, answer
    assert f"more than {MAX_VALUES:,} values" in answer["detail"]
    assert await nothing_happened(api, dev_env)
