"""Property: no body, JSON or not, near the contract or far from it, gets a 5xx from the intake.

Hypothesis runs in a worker thread and hands each request to the app on the test's loop;
`PATHWAY_FUZZ_EXAMPLES` sets the examples per case (40 by default).
Bodies are arbitrary JSON, arbitrary bytes, and valid canonical outcomes, Common Platform
messages and victim details messages with one part replaced by arbitrary JSON or removed.
"""

import asyncio
import copy
import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import Api
from tests.factories import canonical_outcome
from tests.ingest.intake import cp

EXAMPLES = int(os.environ.get("PATHWAY_FUZZ_EXAMPLES", "40"))
leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.dates().map(str)
)
any_json = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a part of a JSON value."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """`base` with one part replaced by arbitrary JSON, or removed."""
    value = copy.deepcopy(base)
    path = draw(st.sampled_from([p for p in paths(value) if p]))
    parent = value
    for part in path[:-1]:
        parent = parent[part]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(any_json)
    return value


def bodies(base: Any) -> st.SearchStrategy[bytes]:
    as_json = st.one_of(
        any_json, mutated(base), st.lists(mutated(base), min_size=1, max_size=3)
    ).map(lambda v: json.dumps(v).encode())
    return st.one_of(as_json, st.binary(max_size=300))


CASES = [
    pytest.param("/v1/court-outcomes", "canonical", id="canonical outcomes"),
    pytest.param("/v1/court-outcomes", "common_platform", id="Common Platform"),
    pytest.param("/v1/victim-details", "victim_details", id="victim details"),
]


async def base_of(api: Api, kind: str) -> Any:
    """A valid body of the kind; victim details match a pathway started here."""
    if kind == "common_platform":
        return cp("cp-referral-order-offence-level")
    outcome = canonical_outcome()
    if kind == "canonical":
        return outcome
    r = await api.http.post("/v1/court-outcomes", json=outcome, headers=api.token("integrator"))
    assert r.json()["results"][0]["result"] == "started"
    return {
        "message_id": "police-1",
        "case_urn": outcome["case_urn"],
        "defendant_id": outcome["defendant"]["defendant_id"],
        "received_on": "2026-04-01",
        "enhanced": False,
        "opted_out": False,
    }


@pytest.mark.parametrize(("url", "kind"), CASES)
async def test_no_body_makes_the_intake_answer_a_server_error(
    api: Api, url: str, kind: str
) -> None:
    base = await base_of(api, kind)
    loop = asyncio.get_running_loop()
    headers = {**api.token("integrator"), "content-type": "application/json"}
    statuses: set[int] = set()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(bodies(base))
    def never_5xx(body: bytes) -> None:
        request = api.http.post(url, content=body, headers=headers)
        response = asyncio.run_coroutine_threadsafe(request, loop).result(timeout=120)
        statuses.add(response.status_code)
        assert response.status_code < 500, (body[:500], response.text[:500])

    await asyncio.to_thread(never_5xx)
    assert statuses <= {200, 202, 409, 413, 422}
