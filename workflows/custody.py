"""A detention and training order (DTO): custody tasks, then supervision from the release.

The law (Sentencing Act 2020):

- s. 233: a DTO is a period of detention and training followed by a period of supervision;
- s. 241(2): the period of detention and training is half of the term (the half-way point);
- s. 241(3): the Secretary of State may release the child at any time on compassionate
  grounds, in exceptional circumstances;
- s. 241(4): for a term of 8 months or more but under 18 months, release may be at any time
  in the month ending with the half-way point; for 18 months or more, in the 2 months ending
  with it;
- s. 241(5): on the Secretary of State's application a youth court may order release 1 month
  after the half-way point (a term of 8 to under 18 months), or 1 or 2 months after it (18
  months or more).

The practice (YJB, "Case management guidance", the custody and resettlement section): the
secure establishment's practitioner and the youth justice service's case manager meet the
child and family early in the sentence to plan (the initial planning meeting; by default
within `custody_planning`, 10 working days, of the order), keep reviewing the plan in custody
(`custody_review_interval_months`) and plan the resettlement before release
(`resettlement_planning` working days before the expected release); supervision in the
community (the intervention plan, then reviews) runs from the actual release. Every timescale
is a `DeadlinePolicy` field a service sets for itself.

Every task of the supervision falls due after the release: due from the expected release at
first, and moved when a `release` step records the actual day (`workflows/release.py`).
Pathways started before the `dto-release-2026-12` patch have no `custody` state and keep the
old tasks (ADR 0111).
"""

from datetime import date, timedelta
from typing import Protocol

from contracts.common import DisposalType, Step, TaskStatus
from contracts.custody import CustodyState, ReleaseKind
from contracts.pathway import DeadlinePolicy, OrderDetails, PathwayState, Task
from core.workdays import add_months, is_working_day

DTO_RELEASE_PATCH = "dto-release-2026-12"
EARLY_OR_LATE_FROM_MONTHS = 8  # s. 241(4) and (5): terms under 8 months have neither
TWO_MONTHS_FROM_MONTHS = 18  # s. 241(4)(b) and (5)(b): 2 months for terms of 18 or more
_OPEN = (TaskStatus.OPEN, TaskStatus.OVERDUE)


class TaskClock(Protocol):
    """What custody planning needs of `workflows.tasks.Clock`."""

    policy: DeadlinePolicy
    holidays: frozenset[date]

    def due(self, base: date, working_days: int) -> date:
        """Return the due date `working_days` working days after `base`."""
        ...

    def open_task(
        self, state: PathwayState, task_id: str, step: Step, due_date: date, opened_on: date
    ) -> Task:
        """Add an open task (or return the existing one)."""
        ...

    def move_task(self, task: Task, due_date: date) -> None:
        """Give an open task a new due date."""
        ...


def half_way(made_on: date, term_months: int) -> date:
    """The half-way point of a term (s. 241(2)): half its whole months, then half a month's days.

    A 12-month order made on 5 January 2026 reaches it on 5 July 2026; an odd term (allowed
    since 28 June 2022) adds half of the middle month's days, rounded down.
    """
    start = add_months(made_on, term_months // 2)
    if term_months % 2 == 0:
        return start
    return start + (add_months(made_on, term_months // 2 + 1) - start) // 2


def custody_for(order: OrderDetails) -> CustodyState | None:
    """The custody state a new pathway starts with: a DTO's term and expected release."""
    if order.disposal != DisposalType.DETENTION_AND_TRAINING_ORDER:
        return None
    return CustodyState(
        term_months=order.length_months,
        release_expected_on=half_way(order.made_on, order.length_months),
    )


def release_problem(custody: CustodyState, released_on: date, kind: ReleaseKind) -> str | None:
    """Why a release on this day, of this kind, is not one s. 241 allows; None if it is."""
    term, expected = custody.term_months, custody.release_expected_on
    months = 2 if term >= TWO_MONTHS_FROM_MONTHS else 1
    if kind == ReleaseKind.HALF_WAY:
        if released_on != expected:
            return (
                f"a release at the half-way point of a {term}-month term is on {expected} "
                "(Sentencing Act 2020, s. 241(2)); record an early or late release otherwise"
            )
    elif kind == ReleaseKind.COMPASSIONATE:
        if released_on >= expected:
            return f"a release on compassionate grounds (s. 241(3)) comes before {expected}"
    elif term < EARLY_OR_LATE_FROM_MONTHS:
        return (
            f"a {term}-month term has no {kind.value} release: only terms of 8 months or more "
            "do (Sentencing Act 2020, s. 241(4) and (5))"
        )
    elif kind == ReleaseKind.EARLY:
        earliest = add_months(expected, -months)
        if not earliest <= released_on < expected:
            return (
                f"an early release of a {term}-month term is from {earliest} to the day before "
                f"the half-way point {expected} (Sentencing Act 2020, s. 241(4))"
            )
    else:
        allowed = [add_months(expected, n) for n in range(1, months + 1)]
        if released_on not in allowed:
            days = " or ".join(d.isoformat() for d in allowed)
            return (
                f"a late release of a {term}-month term is on {days}, {months} month(s) at "
                f"most after the half-way point (Sentencing Act 2020, s. 241(5))"
            )
    return None


def working_days_before(day: date, days: int, holidays: frozenset[date]) -> date:
    """The `days`-th working day before `day` (`day` itself not counted)."""
    current, remaining = day, days
    while remaining > 0:
        current -= timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def plan_custody(clock: TaskClock, state: PathwayState) -> None:
    """At the order: the resettlement meeting before release, the supervision after it."""
    custody = state.custody
    if custody is None:
        return
    release = custody.release_expected_on
    before = working_days_before(release, clock.policy.resettlement_planning, clock.holidays)
    step = Step.RESETTLEMENT_PLANNING
    made = state.order.made_on
    clock.open_task(state, step.value, step, max(before, made), made)
    plan = state.task(Step.INTERVENTION_PLAN.value)
    if plan is not None and plan.status in _OPEN:
        clock.move_task(plan, clock.due(release, clock.policy.intervention_plan))


def _regular_reviews(state: PathwayState) -> list[Task]:
    # Reviews a new order triggers ("review-t1") are outside the schedule.
    return [
        t for t in state.tasks if t.step == Step.REVIEW and not t.task_id.startswith("review-t")
    ]


def schedule_review(clock: TaskClock, state: PathwayState, opened_on: date) -> None:
    """Open a DTO's next review: in custody from the order, then in the community from release.

    Custody reviews run every `custody_review_interval_months` from the order while before the
    (expected or actual) release; supervision reviews every `review_interval_months` from the
    release, until the order ends. Once the release is recorded only supervision reviews remain.
    """
    custody = state.custody
    assert custody is not None
    policy = clock.policy
    release = custody.released_on or custody.release_expected_on
    dates: list[date] = []
    if custody.in_custody:
        every, n = policy.custody_review_interval_months, 1
        while (due := add_months(state.order_starts_on, every * n)) < release:
            dates.append(due)
            n += 1
    n = 1
    while (due := add_months(release, policy.review_interval_months * n)) < state.order_ends_on:
        dates.append(due)
        n += 1
    kept = [t.due_date for t in _regular_reviews(state) if t.status != TaskStatus.CANCELLED]
    last = max(kept, default=None)
    following = [d for d in dates if last is None or d > last]
    if not following:
        return
    state.reviews_scheduled += 1
    number = state.reviews_scheduled
    clock.open_task(state, f"review-{number}", Step.REVIEW, following[0], opened_on)


def move_to_release(clock: TaskClock, state: PathwayState, released_on: date, on: date) -> None:
    """Move the tasks a recorded release changes: nothing of the supervision falls due before it.

    The resettlement meeting, if still open, is due by the release at the latest; the
    intervention plan is due from the release; the supervision reviews run from the release.
    """
    resettlement = state.task(Step.RESETTLEMENT_PLANNING.value)
    if resettlement is not None and resettlement.status in _OPEN:
        if resettlement.due_date > released_on:
            clock.move_task(resettlement, released_on)
    plan = state.task(Step.INTERVENTION_PLAN.value)
    if plan is not None and plan.status in _OPEN:
        clock.move_task(plan, clock.due(released_on, clock.policy.intervention_plan))
    # The one review scheduled after the release (if any) moves to the first supervision
    # review's date, or is cancelled when the order ends first.
    first = add_months(released_on, clock.policy.review_interval_months)
    after = [r for r in _regular_reviews(state) if r.status in _OPEN and r.due_date > released_on]
    for number, review in enumerate(after):
        if number == 0 and first < state.order_ends_on:
            clock.move_task(review, first)
        else:
            review.status = TaskStatus.CANCELLED
    if not any(t.status in _OPEN for t in _regular_reviews(state)):
        schedule_review(clock, state, on)
