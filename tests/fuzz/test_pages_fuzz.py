"""Pages: free text is escaped wherever it is shown, and fuzzed forms never break a page.

Markup written through the API (a case manager's name, review notes) must appear on the case
page, its summary and the dashboard only escaped. Every step form and the facts
form take fuzzed values (markup, odd characters, long text) with a valid CSRF token: no
server error, and a form shown again with its errors shows the values escaped.
"""

import asyncio
import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from api.auth import Role, User
from contracts.common import Step
from db.session import make_engine, make_sessions
from tests.factories import canonical_outcome
from tests.fuzz.conftest import EXAMPLES, FUZZ, Fuzzer
from tests.fuzz.strategies import MARKUP, TODAY, text, valid_text
from web.session_store import open_session

PAGES = ["/cases/{pid}", "/cases/{pid}/summary", "/dashboard"]
NAME = re.compile(r'<(?:input|textarea|select)[^>]*\sname="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
DANGEROUS = [m for m in MARKUP if "<" in m]


def pages_built(fuzzer: Fuzzer) -> bool:
    """Whether this app serves the case pages yet (they are being built beside this)."""
    import api.app

    return hasattr(api.app, "mount_pages")


def sign_in(fuzzer: Fuzzer, role: str = "supervisor") -> None:
    """Sign the client in: a server-side session, its id in the session cookie."""
    name = "sam.supervisor" if role == "supervisor" else "casey.worker"
    user = User(name=name, role=Role(role), team="bromley")
    engine = make_engine(fuzzer.api.settings.sqlalchemy_url)
    try:
        session_id = open_session(make_sessions(engine), fuzzer.api.settings, user)
    finally:
        engine.dispose()
    fuzzer.api.http.cookies.set("pathway_session", session_id)


def started(fuzzer: Fuzzer) -> str:
    made = TODAY.isoformat()
    record = canonical_outcome(hearing_date=made, disposal__made_on=made)
    r = fuzzer.send(
        "setup", "POST", "/v1/court-outcomes", json=record, headers=fuzzer.token("integrator")
    )
    return str(r.json()["results"][0]["pathway_id"])


def assert_escaped(html: str, injected: list[str], where: str) -> None:
    for value in injected:
        if "<" in value:
            assert value not in html, f"{where} shows {value!r} unescaped"


async def test_free_text_written_through_the_api_is_escaped_on_every_page(fuzzer: Fuzzer) -> None:
    assert pages_built(fuzzer), "the pages must be mounted on the app (api/app.py)"
    pid = await asyncio.to_thread(started, fuzzer)
    sign_in(fuzzer)

    @settings(FUZZ, max_examples=max(EXAMPLES // 3, 5))
    @given(
        name=st.sampled_from(DANGEROUS) | valid_text(),
        notes=st.sampled_from(DANGEROUS) | valid_text(5000),
    )
    def prop(name: str, notes: str) -> None:
        body = {"completed_on": TODAY.isoformat(), "caseworker": name, "team": "bromley"}
        headers = fuzzer.token("supervisor") | {"content-type": "application/json"}
        r = fuzzer.send(
            "POST /v1/pathways/{id}/steps/{step}",
            "POST",
            f"/v1/pathways/{pid}/steps/allocation",
            content=json.dumps(body),
            headers=headers,
        )
        assert r.status_code == 200, r.text
        body = {"completed_on": TODAY.isoformat(), "notes": notes}
        r = fuzzer.send(
            "POST /v1/pathways/{id}/steps/{step}",
            "POST",
            f"/v1/pathways/{pid}/steps/review",
            content=json.dumps(body),
            headers=headers,
        )
        assert r.status_code == 200, r.text
        for page in PAGES:
            url = page.format(pid=pid)
            r = fuzzer.send(f"GET {page}", "GET", url)
            assert r.status_code == 200, (url, r.status_code)
            assert_escaped(r.text, [name, notes], url)

    await fuzzer.run(prop)


def _encodable(value: str) -> bool:
    return not any(0xD800 <= ord(c) <= 0xDFFF for c in value)


def form_fields(html: str) -> tuple[str, list[str]]:
    token = CSRF.search(html)
    assert token, "every form carries a CSRF token"
    return token.group(1), sorted({n for n in NAME.findall(html) if n != "csrf_token"})


async def test_every_step_form_answers_fuzzed_values_without_a_server_error_and_escapes_them(
    fuzzer: Fuzzer,
) -> None:
    assert pages_built(fuzzer), "the pages must be mounted on the app (api/app.py)"
    pid = await asyncio.to_thread(started, fuzzer)
    sign_in(fuzzer)
    body = {"completed_on": TODAY.isoformat(), "caseworker": "sam.supervisor", "team": "bromley"}
    headers = fuzzer.token("supervisor")
    await fuzzer.api.http.post(f"/v1/pathways/{pid}/steps/allocation", json=body, headers=headers)
    forms: dict[str, tuple[str, list[str]]] = {}
    for path in [f"record/{s.value}" for s in Step if s != Step.ALLOCATION] + ["facts"]:
        r = await fuzzer.api.http.get(f"/cases/{pid}/{path}")
        if r.status_code == 200 and "csrf_token" in r.text:
            forms[path] = form_fields(r.text)
    assert forms, "the step forms are shown"

    @FUZZ
    @given(path=st.sampled_from(sorted(forms)), data=st.data())
    def prop(path: str, data: Any) -> None:
        token, names = forms[path]
        posted: dict[str, Any] = {"csrf_token": token}
        for name in names:
            if data.draw(st.integers(0, 4)) > 0:
                value = st.sampled_from(DANGEROUS) | text(300) | st.just(TODAY.isoformat())
                # A browser sends a lone surrogate as U+FFFD: a form cannot carry one.
                posted[name] = data.draw(value.filter(_encodable), label=name)
        r = fuzzer.send(
            f"POST /cases/{{id}}/{path.split('/')[0]}", "POST", f"/cases/{pid}/{path}", data=posted
        )
        assert r.status_code in (303, 400, 409, 422), r.status_code
        assert_escaped(r.text, [str(v) for v in posted.values()], f"/cases/{pid}/{path}")

    await fuzzer.run(prop)
