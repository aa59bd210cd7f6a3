"""One rule for who sees a pathway with a transfer pending: the scope, the workflow, the lists."""

from datetime import date
from itertools import product

import pytest

from access import Role, User, may_see, scope_of
from contracts.common import DisposalType
from contracts.pathway import PathwayState
from contracts.transfers import PendingTransfer
from samples.orders import pathway_input
from workflows.visibility import only_deciding, visible_to

USERS = [
    User(name=f"{role.value}-{team}", role=role, team=team, area=area)
    for role, (team, area) in product(
        (Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR, Role.INTEGRATOR),
        (("bromley", "bromley"), ("croydon", "croydon"), ("lewisham", "lewisham")),
    )
]


def state_of(team: str | None, incoming: str | None) -> PathwayState:
    inp = pathway_input(date(2026, 3, 27), DisposalType.YOUTH_REHABILITATION_ORDER)
    state = PathwayState(
        pathway_id=inp.pathway_id,
        child=inp.child,
        order=inp.order.model_copy(update={"area": "bromley"}),
        team=team,
        order_starts_on=inp.order.made_on,
        order_ends_on=date(2027, 3, 27),
    )
    if incoming is not None:
        state.transfer = PendingTransfer(
            to_team=incoming,
            from_team=team or "",
            reason="moved",
            requested_on=date(2026, 4, 1),
            requested_by="sam",
        )
    return state


@pytest.mark.parametrize("user", USERS, ids=lambda u: u.name)
@pytest.mark.parametrize("team,incoming", [("bromley", None), ("bromley", "croydon"), (None, None)])
def test_the_scope_the_workflow_and_the_lists_agree_on_who_sees_a_pathway(
    user: User, team: str | None, incoming: str | None
) -> None:
    state = state_of(team, incoming)
    by_rule = may_see(user.role, user.team, user.area, team, "bromley", incoming)
    assert scope_of(user.role, user.team, user.area).sees(team, "bromley", incoming) == by_rule
    assert visible_to(state, user.actor) == by_rule


def test_only_the_receiving_teams_supervisors_see_a_pending_transfer_only_to_decide() -> None:
    state = state_of("bromley", "croydon")
    deciding = {u.name for u in USERS if only_deciding(state, u.actor)}
    assert deciding == {"supervisor-croydon"}
    seeing = {u.name for u in USERS if visible_to(state, u.actor)}
    assert seeing == {
        "caseworker-bromley",
        "supervisor-bromley",
        "supervisor-croydon",
        "auditor-bromley",
        "auditor-croydon",
        "auditor-lewisham",
    }
