"""Orders keep their offences: canonical and Common Platform records through the intake, the
workflow's state (the pathway's view) and the read model, each offence with its group."""

import copy
from typing import Any

from sqlalchemy import select

from readmodel.tables import OffenceRow
from tests.api.conftest import Api
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import canonical_outcome
from tests.ingest.intake import cp, post

KEPT = {"offence_code", "title", "offence_date", "group", "mapping_version"}


async def started(api: Api, record: Any) -> str:
    status, answer = await post(api, record)
    assert status == 200, answer
    (result,) = [r for r in answer["results"] if r["result"] == "started"]
    return str(result["pathway_id"])


async def offences_in_view(api: Api, pid: str) -> list[dict[str, Any]]:
    r = await api.http.get(f"/v1/pathways/{pid}", headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    return list(r.json()["order"]["offences"])


async def offence_rows(api: Api, pid: str, count: int) -> list[tuple[Any, ...]]:
    def rows() -> list[tuple[Any, ...]]:
        with sessions_for(api.settings.sqlalchemy_url) as sessions, sessions() as s:
            query = select(OffenceRow.seq, OffenceRow.offence_code, OffenceRow.offence_group,
                           OffenceRow.mapping_version).where(OffenceRow.pathway_id == pid)
            return [tuple(r) for r in s.execute(query.order_by(OffenceRow.seq))]

    return await eventually(rows, lambda found: len(found) == count, what=f"{count} offences projected")


async def test_a_canonical_order_keeps_each_offence_with_its_group_and_an_unknown_code_as_unclassified(api: Api) -> None:
    record = canonical_outcome(offences=[
        {"offence_code": "TH68023", "title": "Robbery", "offence_date": "2026-02-01", "has_identified_victim": True},
        {"offence_code": "XX99001", "title": "An offence of an Act the mapping does not know"},
        {"offence_code": "th68010", "title": "Theft from a shop", "offence_date": "2026-02-03"},
    ])
    pid = await started(api, record)

    offences = await offences_in_view(api, pid)
    assert offences == [
        {"offence_code": "TH68023", "title": "Robbery", "offence_date": "2026-02-01",
         "group": "robbery", "mapping_version": "2026.1"},
        {"offence_code": "XX99001", "title": "An offence of an Act the mapping does not know",
         "offence_date": None, "group": "unclassified", "mapping_version": "2026.1"},
        {"offence_code": "th68010", "title": "Theft from a shop", "offence_date": "2026-02-03",
         "group": "theft_and_handling", "mapping_version": "2026.1"},
    ]
    # The victim stays a fact of the order, not of an offence the workflow carries.
    r = await api.http.get(f"/v1/pathways/{pid}", headers=api.token("supervisor"))
    assert r.json()["order"]["has_identified_victim"] is True
    assert all(set(o) == KEPT for o in offences)

    assert await offence_rows(api, pid, 3) == [
        (0, "TH68023", "robbery", "2026.1"),
        (1, "XX99001", "unclassified", "2026.1"),
        (2, "th68010", "theft_and_handling", "2026.1"),
    ]


async def test_a_common_platform_order_keeps_the_offences_it_was_made_for_with_their_groups(api: Api) -> None:
    # The referral order is the first offence's result; the second offence had no separate penalty.
    pid = await started(api, cp("cp-referral-order-offence-level"))
    offences = await offences_in_view(api, pid)
    assert [(o["offence_code"], o["title"], o["offence_date"], o["group"]) for o in offences] == [
        ("TH68010", "Theft from a shop", "2026-08-01", "theft_and_handling"),
    ]

    both = copy.deepcopy(cp("cp-referral-order-offence-level"))
    both["hearing"]["id"] = "b1c2d3e4-0000-4000-8000-000000000017"
    (case,) = both["hearing"]["prosecutionCases"]
    case["prosecutionCaseIdentifier"]["caseURN"] = "01LY7654317"  # another case: not a duplicate
    (defendant,) = case["defendants"]
    first, second = defendant["offences"]
    second["judicialResults"] = copy.deepcopy(first["judicialResults"])
    pid = await started(api, both)
    offences = await offences_in_view(api, pid)
    assert [(o["offence_code"], o["group"], o["mapping_version"]) for o in offences] == [
        ("TH68010", "theft_and_handling", "2026.1"),
        ("CD71039", "criminal_damage", "2026.1"),
    ]
    assert await offence_rows(api, pid, 2) == [
        (0, "TH68010", "theft_and_handling", "2026.1"),
        (1, "CD71039", "criminal_damage", "2026.1"),
    ]
