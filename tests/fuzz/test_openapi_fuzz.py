"""Schema-driven fuzzing: every operation of the app's own /openapi.json, by schemathesis.

For each operation, schemathesis generates requests that fit the schema and requests that do
not (wrong types, missing and extra parameters, odd strings in the path), and they are sent
through the real app with real tokens of every role (sometimes none, or the generated one).
No answer may be a server error; a 200 must match its documented schema. Path parameters
naming a pathway are sometimes a real pathway's id, so the requests get past the 404.
"""

import re
import traceback
from typing import Any

import schemathesis  # noqa: E402 - a dev dependency; make test installs it
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402
from temporalio.testing import WorkflowEnvironment

from tests.factories import canonical_outcome
from tests.fuzz.conftest import EXAMPLES, FUZZ, Fuzzer
from tests.fuzz.strategies import KNOWN_UNFIXED

INT32 = 2**31 - 1
NAIVE = re.compile(r'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?"')
EXAMPLES_PER_OPERATION = max(EXAMPLES // 2, 5)
ROLES = ["caseworker", "supervisor", "auditor", "integrator", "generated", "none"]


def request_of(case: Any, role: str, fuzzer: Fuzzer) -> dict[str, Any]:
    """The httpx arguments of a schemathesis case, with a real token for `role`."""
    kwargs = case.as_transport_kwargs(base_url="http://127.0.0.1")
    headers = {k: v for k, v in kwargs["headers"].items() if k.lower() != "authorization"}
    if role == "generated" and "Authorization" in kwargs["headers"]:
        headers["Authorization"] = kwargs["headers"]["Authorization"]
    elif role not in ("none", "generated"):
        headers |= fuzzer.token(role)
    out: dict[str, Any] = {
        "method": kwargs["method"],
        "url": kwargs["url"].removeprefix("http://127.0.0.1"),
        "headers": headers,
        "params": kwargs.get("params") or None,
    }
    if "json" in kwargs:
        out["json"] = kwargs["json"]
    elif kwargs.get("data") is not None:
        out["content"] = kwargs["data"]
    return out


def free_of_known_unfixed(case: Any) -> bool:
    """Leave out cases that would only hit a known failure pinned in test_found_by_fuzzing."""
    text = repr((case.path_parameters, case.query, case.body, case.headers))
    if any(c in text or f"\\x{ord(c):02x}" in text for c in KNOWN_UNFIXED):
        return False  # finding 1
    if isinstance(case.body, bytes):
        try:
            case.body.decode()
        except UnicodeDecodeError:
            return False  # finding 5: a body that is not UTF-8
    path = [str(v) for v in (case.path_parameters or {}).values()]
    if any("/" in v or v in ("", ".", "..") for v in path):
        return False  # finding 5: the address then matches no route
    values = [*(case.path_parameters or {}).values(), *(case.query or {}).values()]
    return not any(_too_big(v) for v in values)  # finding 4


def _too_big(value: Any) -> bool:
    try:
        return abs(int(value)) > INT32
    except (TypeError, ValueError):
        return False


def naive_times(text: str) -> bool:
    """Whether an answer holds a date-time without an offset (finding 2, SQLite)."""
    return NAIVE.search(text) is not None


async def test_every_openapi_operation_answers_schema_generated_requests_without_a_server_error(
    fuzzer: Fuzzer, dev_env: WorkflowEnvironment
) -> None:
    doc = (await fuzzer.api.http.get("/openapi.json")).json()
    r = await fuzzer.api.http.post(
        "/v1/court-outcomes", json=canonical_outcome(), headers=fuzzer.token("integrator")
    )
    pid = r.json()["results"][0]["pathway_id"]
    schema = schemathesis.openapi.from_dict(doc)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10, "every operation of the API is fuzzed"
    failures: list[str] = []
    for operation in operations:
        endpoint = f"{operation.method.upper()} {operation.path}"
        cases = [operation.as_strategy(mode) for mode in GenerationMode]
        if "{pathway_id}" in operation.path:
            cases.append(operation.as_strategy(path_parameters={"pathway_id": pid}))
        strategy = st.one_of(cases).filter(free_of_known_unfixed)

        try:
            await fuzzer.run(fuzz_operation(fuzzer, endpoint, strategy))
        except Exception as failure:  # noqa: BLE001 - every operation is fuzzed, then all reported
            trace = "".join(traceback.format_exception(failure)[-12:])
            failures.append(f"{endpoint}: {type(failure).__name__}: {trace[-4000:]}")
    assert not failures, "\n\n".join(failures)


def fuzz_operation(fuzzer: Fuzzer, endpoint: str, strategy: Any) -> Any:
    """The property for one operation: no server error; a 200 matches its schema."""

    @settings(FUZZ, max_examples=EXAMPLES_PER_OPERATION)
    @given(case=strategy, role=st.sampled_from(ROLES))
    def prop(case: Any, role: str) -> None:
        request = request_of(case, role, fuzzer)
        response = fuzzer.send(endpoint, **request)
        checks = [not_a_server_error]
        if response.status_code == 200 and not naive_times(response.text):
            checks.append(response_schema_conformance)
        case.validate_response(response, checks=checks)

    return prop
