"""Issue 15, points 2 and 3: identity linking never discloses; every record is scoped.

Two youth justice services (areas) share one deployment: Bromley (teams bromley and
bromley-east) and Croydon. A supervisor sees their own team's records and the unallocated
intake of their own area; an auditor reads everything; an integrator sees what it sent.
"""

import asyncio
from typing import Any

from sqlalchemy import select

from activities.delivery import addressed_to, recipients
from core.settings import Settings
from db.tables import HeldRecord, OutboxMessage
from tests.api.conftest import AREAS, Api
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import canonical_outcome
from tests.ingest.intake import post

CROYDON_COURT = {"code": "C01CY00", "name": "Croydon Youth Court"}


def bromley(**overrides: Any) -> dict[str, Any]:
    return canonical_outcome(defendant__yjs_area="Bromley", **overrides)


def croydon(**overrides: Any) -> dict[str, Any]:
    return canonical_outcome(defendant__yjs_area="croydon", court=CROYDON_COURT, **overrides)


async def started(api: Api, record: dict[str, Any], role: str = "integrator") -> str:
    status, answer = await post(api, record, role)
    assert status == 200 and answer["results"][0]["result"] == "started", answer
    pathway_id: str = answer["results"][0]["pathway_id"]
    return pathway_id


async def allocate(api: Api, pid: str, team: str, caseworker: str = "casey") -> None:
    r = await api.http.post(
        f"/v1/pathways/{pid}/steps/allocation",
        json={"completed_on": "2026-03-27", "caseworker": caseworker, "team": team},
        headers=api.token("supervisor", team=team if team in AREAS else "bromley"),
    )
    assert r.status_code == 200, r.text


async def test_a_known_pnc_id_under_another_name_is_held_with_a_reason_naming_neither_child(
    areas_api: Api,
) -> None:
    api = areas_api
    first = bromley(defendant__pnc_id="26/1234567A")
    pid = await started(api, first)
    impostor = bromley(defendant__pnc_id="26/1234567A", defendant__first_name="Jordan")
    status, answer = await post(api, impostor)
    (result,) = answer["results"]
    assert status == 200 and result["result"] == "held" and result["held_id"], answer
    text = str(answer)
    for secret in (pid, first["defendant"]["last_name"], impostor["defendant"]["last_name"],
                   "Alex", "Jordan", "2011-05-14"):
        assert secret not in text, secret
    # Nothing was linked or started, and a supervisor sees it held with the same reason.
    r = await api.http.get(f"/v1/court-outcomes/held/{result['held_id']}", headers=api.token("supervisor"))
    assert r.status_code == 200 and r.json()["result"] == "held"
    r = await api.http.get(f"/v1/pathways/{pid}", headers=api.token("supervisor"))
    assert not [t for t in r.json()["tasks"] if t["step"] == "review"]


async def test_an_integrator_is_never_told_the_childs_other_pathways(areas_api: Api) -> None:
    api = areas_api
    first = bromley()
    old = await started(api, first)
    second = bromley(defendant=first["defendant"] | {"defendant_id": "other-id"},
                     disposal__type="youth_rehabilitation_order")
    _, answer = await post(api, second)
    (result,) = answer["results"]
    assert result["result"] == "started"
    assert old not in str(answer) and "1 other pathway(s) of the child: review opened" in result["reason"]
    # The area's supervisor sending the same kind of record is told which pathway.
    third = bromley(defendant=first["defendant"] | {"defendant_id": "third-id"},
                    disposal__type="youth_rehabilitation_order", disposal__length_months=12)
    _, answer = await post(api, third, "supervisor")
    assert old in answer["results"][0]["reason"]
    # Croydon's supervisor is not, though the review is opened all the same.
    fourth = bromley(defendant=first["defendant"] | {"defendant_id": "fourth-id"},
                     disposal__type="detention_and_training_order", disposal__length_months=4)
    r = await api.http.post("/v1/court-outcomes", json=fourth, headers=api.token("supervisor", team="croydon"))
    assert old not in r.text and r.json()["results"][0]["result"] == "started"


async def test_a_new_order_opens_reviews_only_on_pathways_of_the_same_service(areas_api: Api) -> None:
    api = areas_api
    first = bromley()
    in_bromley = await started(api, first)
    moved = croydon(
        defendant=first["defendant"] | {"defendant_id": "croydon-id", "yjs_area": "croydon"}
    )
    _, answer = await post(api, moved)
    assert answer["results"][0]["result"] == "started" and answer["results"][0]["reason"] is None
    r = await api.http.get(f"/v1/pathways/{in_bromley}", headers=api.token("auditor", team=None))
    assert not [t for t in r.json()["tasks"] if t["step"] == "review"]


async def test_many_records_for_one_child_open_one_review_per_existing_pathway(api: Api) -> None:
    """200 orders of one child once fanned out into ~20,000 updates and stalled for minutes."""
    first = canonical_outcome()
    old = await started(api, first)
    batch = [canonical_outcome(defendant=first["defendant"] | {"defendant_id": f"d{i}"},
                               case_urn=f"01LY99{i:05d}") for i in range(200)]
    status, answer = await asyncio.wait_for(post(api, batch), 120)
    assert status == 200 and {r["result"] for r in answer["results"]} == {"started"}
    r = await api.http.get(f"/v1/pathways/{old}", headers=api.token("supervisor"))
    assert len([t for t in r.json()["tasks"] if t["step"] == "review"]) == 1
    started_now = {x["pathway_id"] for x in answer["results"]}
    r = await api.http.get(f"/v1/pathways/{answer['results'][-1]['pathway_id']}", headers=api.token("supervisor"))
    assert not [t for t in r.json()["tasks"] if t["step"] == "review"], "new pathways need none"
    assert len(started_now) == 200


async def held_ids(api: Api, headers: dict[str, str]) -> set[int]:
    r = await api.http.get("/v1/court-outcomes/held", headers=headers)
    assert r.status_code == 200, r.text
    return {h["id"] for h in r.json()["records"]}


async def test_held_records_are_scoped_to_their_area_their_sender_and_auditors(areas_api: Api) -> None:
    api = areas_api
    bad_bromley, bad_croydon = bromley(disposal__type="fine"), croydon(disposal__type="fine")
    _, a = await post(api, bad_bromley)
    _, b = await post(api, bad_croydon)
    in_bromley, in_croydon = a["results"][0]["held_id"], b["results"][0]["held_id"]
    assert await held_ids(api, api.token("supervisor", "eve", "bromley-east")) == {in_bromley}
    assert await held_ids(api, api.token("supervisor", "cy", "croydon")) == {in_croydon}
    assert await held_ids(api, api.token("integrator")) == {in_bromley, in_croydon}  # sam sent both
    assert await held_ids(api, api.token("integrator", user="another-feed")) == set()
    assert await held_ids(api, api.token("auditor", team=None)) == {in_bromley, in_croydon}
    # Another area's record is not found, read or replayed, exactly as a record that never was.
    for path in (f"/v1/court-outcomes/held/{in_bromley}", "/v1/court-outcomes/held/999999"):
        r = await api.http.get(path, headers=api.token("supervisor", "cy", "croydon"))
        assert r.status_code == 404 and "no held court record" in r.json()["detail"]
    r = await api.http.post(f"/v1/court-outcomes/held/{in_bromley}/replay",
                            headers=api.token("supervisor", "cy", "croydon"))
    assert r.status_code == 404


async def test_victim_details_for_another_teams_pathway_are_held_as_if_it_did_not_exist(
    areas_api: Api,
) -> None:
    api = areas_api
    record = bromley()
    pid = await started(api, record)
    await allocate(api, pid, "bromley")
    message = {"message_id": "police-1", "case_urn": record["case_urn"],
               "defendant_id": record["defendant"]["defendant_id"], "received_on": "2026-04-01"}
    nowhere = message | {"message_id": "police-2", "case_urn": "01LY0000000"}
    croydon_sup = api.token("supervisor", team="croydon")
    r1 = await api.http.post("/v1/victim-details", json=message, headers=croydon_sup)
    r2 = await api.http.post("/v1/victim-details", json=nowhere, headers=croydon_sup)
    assert r1.status_code == r2.status_code == 202
    one, two = r1.json(), r2.json()
    assert one["pathway_id"] is None and pid not in r1.text
    assert one["reason"].replace(record["case_urn"], "X") == two["reason"].replace("01LY0000000", "X")
    r = await api.http.get(f"/v1/pathways/{pid}", headers=api.token("supervisor"))
    assert r.json()["victims"] == []
    # The pathway's own team records them.
    r = await api.http.post("/v1/victim-details", json=message | {"message_id": "police-3"},
                            headers=api.token("supervisor"))
    assert r.status_code == 200 and r.json()["pathway_id"] == pid


async def test_a_caseworker_sees_no_intake_and_a_supervisor_only_their_areas(areas_api: Api) -> None:
    api = areas_api
    in_bromley = await started(api, bromley())
    in_croydon = await started(api, croydon())
    for team, sees, hidden in (("bromley-east", in_bromley, in_croydon),
                               ("croydon", in_croydon, in_bromley)):
        headers = api.token("supervisor", team=team)
        assert (await api.http.get(f"/v1/pathways/{sees}", headers=headers)).status_code == 200
        assert (await api.http.get(f"/v1/pathways/{hidden}", headers=headers)).status_code == 404
        r = await api.http.post(f"/v1/pathways/{hidden}/steps/first_contact",
                                json={"completed_on": "2026-03-30"}, headers=headers)
        assert r.status_code == 404
    r = await api.http.get(f"/v1/pathways/{in_bromley}", headers=api.token("caseworker"))
    assert r.status_code == 404
    async def croydons_caseload() -> set[str]:
        r = await api.http.get("/v1/caseload", headers=api.token("supervisor", team="croydon"))
        return {c["pathway_id"] for c in r.json()}

    ids = await eventually(croydons_caseload, lambda ids: in_croydon in ids,
                           what="the read model catching up", seconds=5)
    assert in_croydon in ids and in_bromley not in ids
    r = await api.http.get("/v1/tasks/overdue", headers=api.token("supervisor", team="croydon"))
    assert {t["pathway_id"] for t in r.json()} == {in_croydon}


async def test_notifications_are_for_the_team_and_their_areas_unallocated_pathways(
    areas_api: Api,
) -> None:
    api = areas_api
    url = api.settings.sqlalchemy_url
    with sessions_for(url) as sessions, sessions.begin() as s:
        for key, team, area in (("a", "bromley", "bromley"), ("b", None, "bromley"),
                                ("c", None, "croydon"), ("d", "croydon", "croydon")):
            s.add(OutboxMessage(key=key, kind="escalation", pathway_id=f"pw-{key}", team=team,
                                area=area, message="m", created_at=__import__("datetime").datetime.now(
                                    __import__("datetime").UTC)))
    r = await api.http.get("/v1/notifications", headers=api.token("supervisor", team="bromley-east"))
    assert {n["key"] for n in r.json()} == {"b"}
    r = await api.http.get("/v1/notifications", headers=api.token("supervisor", team="croydon"))
    assert {n["key"] for n in r.json()} == {"c", "d"}


def test_an_escalation_on_an_unallocated_pathway_goes_to_the_supervisors_of_its_area() -> None:
    settings = Settings(
        team_areas=AREAS,
        supervisor_emails={"bromley": ["sam@bromley.example"], "bromley-east": ["eve@bromley.example"],
                           "croydon": ["cy@croydon.example"], "*": ["duty@example.org"]},
    )
    assert recipients(settings, None, "bromley") == ["eve@bromley.example", "sam@bromley.example"]
    assert recipients(settings, "croydon", "croydon") == ["cy@croydon.example"]
    assert recipients(settings, None, None) == ["duty@example.org"]
    row = OutboxMessage(key="k", kind="escalation", pathway_id="pw-1", team=None, area="bromley", message="m")
    assert addressed_to(row) == "the supervisors of area bromley (not yet allocated)"
    assert "None" not in addressed_to(OutboxMessage(key="k", kind="escalation", pathway_id="p", team=None, area=None, message="m"))


async def test_held_intake_records_its_area_and_who_sent_it(areas_api: Api) -> None:
    api = areas_api
    _, answer = await post(api, croydon(disposal__type="fine"))
    held_id = answer["results"][0]["held_id"]
    with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as s:
        row = s.scalars(select(HeldRecord).where(HeldRecord.id == held_id)).one()
    assert (row.area, row.received_by) == ("croydon", "sam")
