"""A synthetic national read model: services, children, their orders, diversions and tasks.

Seeded and deterministic (`random.Random` per service, from the seed and the service's number),
written straight into the read-model tables in bulk: COPY on PostgreSQL, `executemany` in one
transaction on SQLite. Nothing here is a real child, place or person.

Proportions, so that the reports count something like a real service's figures (rough on
purpose: the benchmark times the reports, it does not model the statistics):

- Diversion: the joint decision panel's outcomes by the shape of the youth justice statistics'
  out-of-court disposals (community resolutions the most common, youth cautions and youth
  conditional cautions fewer, some no further action and some charged). Youth Justice Board
  and Ministry of Justice, "Youth Justice Statistics 2023 to 2024", chapters on first-time
  entrants and out-of-court disposals.
- Court orders: referral orders and youth rehabilitation orders most, detention and training
  orders a small share (custody about a twentieth of sentences; "Use of custody" chapter),
  with the custody rate higher for Black children than White (the disproportionality the
  same chapter shows), so the RRI report has a difference to find.
- Re-offending: a proven re-offence within 12 months for about a third of children, by how
  they came in: youth cautions about 30%, referral orders about 39%, youth rehabilitation
  orders about 60%, releases from custody about 65-70% (Ministry of Justice, "Proven
  reoffending statistics", juvenile tables; the youth caution 29.8%, referral order 38.8%,
  YRO 66.2% and custody 70.1% figures for 2015-16 as summarised by the Youth Justice Legal
  Centre, "Significantly lower rates of reoffending for children diverted at the police
  station"). A re-offence is a later pathway of the same child: a caution or an order whose
  offence was committed after the earlier one.
- Outcome data (the YJB's KPIs, `reports.yjb_kpis`): the service records it for pathways
  started from `OUTCOME_DATA_FROM` (its second year), as if it took up the step then, so the
  first year's orders ending later are counted apart; at the start, and at the end unless the
  court ended the order or a supervisor closed without it (about one in twenty). Needs are
  more common the more serious the disposal (Youth Justice Board, "Assessing the needs of
  sentenced children in the youth justice system", experimental statistics, 28 January 2021:
  the number of concerns rises with the sentence, highest in custody), and somewhat fewer at
  the end than at the start. The shares themselves (`NEEDS`) are rough, chosen so that every
  KPI's numerator and denominator is non-trivial: the YJB's first national KPI figures were not
  available here (GOV.UK, "Key performance indicators for youth justice services").
- Management board meetings (KPI 7): quarterly, the statutory partners of the Crime and
  Disorder Act 1998, s. 39(5) expected at each, most attending (`ATTENDS`, rough).
- Population (KPI 9's rate, `population`): about 5.8 million children aged 10 to 17 in
  England and Wales (ONS mid-year population estimates; the Youth Justice Statistics' rate of
  first-time entrants per 100,000 implies the same), shared among 150 services by their size,
  growing slightly each year.
"""

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

FIRST_DAY = date(2021, 1, 1)
YEARS = 5
LAST_DAY = date(FIRST_DAY.year + YEARS - 1, 12, 31)
AS_OF = date(LAST_DAY.year + 1, 6, 30)
"""The day the reports are asked on: every cohort of the five years has some follow-up."""

Row = tuple[Any, ...]

COLUMNS: dict[str, tuple[str, ...]] = {
    "rm_pathways": (
        "pathway_id", "child_id", "disposal", "status", "caseworker", "team", "area", "made_on",
        "order_starts_on", "order_ends_on", "closure_reason", "closed_on",
        "case_manager_changes", "gender", "ethnicity", "age_at_order", "has_victim", "version",
        "updated_at", "transfer_to", "formulation_version", "closed_without_formulation",
        "charged_from", "resentenced_from", "released_on", "anonymised_on",
        "outcome_data_rules", "closed_without_outcome_data",
    ),
    "rm_tasks": (
        "pathway_id", "task_id", "step", "status", "due_date", "escalate_on", "opened_on",
        "completed_on", "escalated", "caseworker", "team", "area", "not_done", "owner_agency",
        "owner_person",
    ),
    "rm_offences": (
        "pathway_id", "seq", "offence_code", "title", "offence_date", "offence_group",
        "mapping_version",
    ),
    "rm_diversions": (
        "pathway_id", "referral_id", "source", "referred_on", "force", "trigger", "trigger_on",
        "offence_code", "offence_group", "outcome", "decided_on", "conditions",
        "conditions_complied", "conditions_not_complied", "plan_agreed_on", "exit_plan_on",
    ),
    "rm_compliance": ("pathway_id", "seq", "kind", "on", "reasonable_excuse", "referred_to",
                      "outcome"),
    "rm_victims": (
        "pathway_id", "victim_id", "stage", "enhanced", "details_received_on", "consent",
        "option", "told_work_ended_on", "kind", "under_18", "ever_consented", "consented_on",
        "withdrawn_on", "suitable", "risk", "progress_updates",
    ),
    "rm_decisions": ("pathway_id", "programme", "status", "ruleset_version", "evaluated_on",
                     "missing_facts"),
    "rm_referrals": (
        "pathway_id", "programme", "status", "eligibility_at_referral", "override_reason",
        "overridden_by", "first_on", "referred_on", "started_on", "ended_on", "participants",
        "sessions_planned", "sessions_attended", "sessions_missed", "sessions_missed_unexcused",
    ),
    "rm_bias_reflections": ("pathway_id", "seq", "decision", "on", "by", "aspects_considered",
                            "colleague_consulted", "note"),
    "rm_outcome_data": (
        "pathway_id", "point", "on", "accommodation", "accommodation_suitable", "ete",
        "ete_hours_offered", "ete_hours_attended", "ete_suitable", "send_identified",
        "send_formal_plan", "mental_health_need", "mental_health_offered",
        "mental_health_attended", "substance_use_need", "substance_use_offered",
        "substance_use_attended", "looked_after", "child_protection_plan", "child_in_need",
        "early_help",
    ),
    "board_meetings": ("team", "area", "met_on", "expected", "attended", "recorded_by",
                       "recorded_at"),
}  # fmt: skip
"""Every column of each table written, in the order the rows give them."""
JSON_COLUMNS = {("rm_decisions", "missing_facts"), ("rm_referrals", "participants"),
                ("rm_bias_reflections", "aspects_considered"), ("board_meetings", "expected"),
                ("board_meetings", "attended")}  # fmt: skip

ETHNICITY = (("W1", 62), ("W3", 6), ("B1", 5), ("B2", 5), ("B3", 2), ("A1", 3), ("A2", 3),
             ("A3", 1), ("M1", 3), ("M2", 2), ("M3", 2), ("O1", 2), (None, 4))  # fmt: skip
OUTCOMES_POLICE = (("community_resolution", 32), ("youth_caution", 14),
                   ("youth_conditional_caution", 9), ("turnaround", 14),
                   ("no_further_action", 15), ("charge", 10), ("prevention", 6))  # fmt: skip
GROUPS = (("violence_against_the_person", 30), ("theft_and_handling", 14), ("robbery", 7),
          ("drugs", 10), ("criminal_damage", 8), ("public_order", 8), ("motoring", 7),
          ("domestic_burglary", 3), ("non_domestic_burglary", 2), ("sexual_offences", 2),
          ("fraud_and_forgery", 1), ("other", 7), ("unclassified", 1))  # fmt: skip
# Chance of a proven re-offence within about a year, by the way in (see the module's note).
REOFFEND = {"community_resolution": 0.22, "youth_caution": 0.30,
            "youth_conditional_caution": 0.35, "turnaround": 0.20, "prevention": 0.12,
            "no_further_action": 0.18, "referral_order": 0.39,
            "youth_rehabilitation_order": 0.58, "detention_and_training_order": 0.66}  # fmt: skip
COURT_STEPS = (("allocation", 2), ("first_contact", 5), ("assessment", 15),
               ("case_formulation", 20), ("intervention_plan", 25),
               ("victim_contact", 10), ("review", 90), ("review", 180))  # fmt: skip
EXTRA_STEPS = {"referral_order": (("restorative_enquiry", 10), ("initial_panel", 20)),
               "detention_and_training_order": (("custody_planning", 10),
                                                ("resettlement_planning", 60))}  # fmt: skip
DIVERSION_STEPS = (("allocation", 2), ("joint_decision_panel", 10), ("diversion_plan", 20),
                   ("exit_plan", 90))  # fmt: skip
REFERRAL_STATES = (("proposed", 10), ("referred", 15), ("started", 20), ("completed", 40),
                   ("disengaged", 10), ("declined", 5))  # fmt: skip
PROGRAMMES = ("fft", "nvr", "dv_groups", "violence_reduction")
UPDATED_AT = datetime(AS_OF.year, AS_OF.month, AS_OF.day, tzinfo=UTC)
OUTCOME_DATA_FROM = date(FIRST_DAY.year + 1, 1, 1)
"""Pathways started from this day take outcome data (the service's take-up of the step)."""
# The chance of each need at the start, by disposal (diversion: an out-of-court disposal's
# intervention); at the end a need is a little less likely, a plan or attendance more.
NEEDS = {  # send, mental health, substance use, looked after, protection, in need, early help
    "diversion": (0.25, 0.35, 0.20, 0.06, 0.03, 0.10, 0.15),
    "referral_order": (0.30, 0.45, 0.30, 0.08, 0.04, 0.12, 0.10),
    "youth_rehabilitation_order": (0.40, 0.60, 0.45, 0.15, 0.06, 0.18, 0.08),
    "detention_and_training_order": (0.50, 0.70, 0.55, 0.25, 0.08, 0.20, 0.05),
}
ACCOMMODATION = (("family_home", 78), ("foster_care", 6), ("residential_care", 4),
                 ("supported_accommodation", 4), ("independent", 1), ("temporary", 4),
                 ("no_fixed_abode", 1), ("other", 2))  # fmt: skip
UNSUITABLE = frozenset({"temporary", "no_fixed_abode"})
ETE = (("school", 48), ("alternative_provision", 14), ("college", 14), ("training", 6),
       ("employment", 4), ("elective_home_education", 2), ("none", 12))  # fmt: skip
PARTNERS = ("police", "probation", "childrens_social_care", "education", "health")
"""`contracts.board_meetings.STATUTORY_PARTNERS`, the partners every meeting expects."""
ATTENDS = {"police": 0.9, "probation": 0.75, "childrens_social_care": 0.95, "education": 0.7,
           "health": 0.65}  # fmt: skip
CHILDREN_10_TO_17 = 5_800_000
POPULATION_SERVICES = 150


def _pick(rng: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def team_name(service: int) -> str:
    """The team (service) name of service number `service`."""
    return f"yjs-{service:03d}"


def service_sizes(services: int, seed: int) -> list[float]:
    """Each service's size relative to the mean (lognormal: a few cities, many small areas)."""
    rng = random.Random(f"{seed}-sizes")
    raw = [math.exp(rng.gauss(0, 0.5)) for _ in range(services)]
    mean = sum(raw) / len(raw)
    return [r / mean for r in raw]


@dataclass
class Tables:
    """Rows by table, for one service."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in COLUMNS})

    def add(self, table: str, row: Row) -> None:
        """Add one row (in `COLUMNS[table]`'s order)."""
        self.rows[table].append(row)


@dataclass
class _Event:
    """A child's pathway to be written: a diversion, or a court order."""

    kind: str  # a joint decision outcome or a court disposal
    on: date  # referral (diversion) or order made
    committed_on: date
    charged_from: str | None = None


class ServiceGenerator:
    """One service's five years: its children, their careers, and every row they make."""

    def __init__(self, service: int, size: float, seed: int, scale: float) -> None:
        self.service, self.team = service, team_name(service)
        self.area = f"region-{service % 10}"
        self.rng = random.Random(f"{seed}-{service}")
        # Mean children first seen per service per year at scale 1: about 127,000 children over
        # 150 services and 5 years, making about 72,000 orders and 105,000 diversions.
        self.children = max(2, round(170 * size * scale * YEARS))
        self.caseworkers = [f"cw{service:03d}-{n:02d}" for n in range(max(2, round(12 * size)))]
        self.tables = Tables()
        self.serial = 0
        # Outcome data and board meetings draw from their own generator, so that adding them
        # left every other row as it was.
        self.outcomes = random.Random(f"{seed}-{service}-outcome-data")

    def _day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def _career(self) -> list[_Event]:
        rng = self.rng
        span = (LAST_DAY - FIRST_DAY).days
        committed = FIRST_DAY + timedelta(days=rng.randrange(span))
        court_first = rng.random() < 0.32
        events: list[_Event] = []
        while True:
            if court_first:
                kind = _pick(rng, (("referral_order", 52), ("youth_rehabilitation_order", 41),
                                   ("detention_and_training_order", 7)))  # fmt: skip
                on = committed + timedelta(days=rng.randrange(30, 120))
            else:
                kind = _pick(rng, OUTCOMES_POLICE)
                on = committed + timedelta(days=rng.randrange(3, 30))
            if on > LAST_DAY:
                return events
            event = _Event(kind, on, committed)
            events.append(event)
            if kind == "charge":
                # Charged: the court's order follows for the same offence (no re-offence).
                disposal = _pick(rng, (("referral_order", 50), ("youth_rehabilitation_order", 42),
                                       ("detention_and_training_order", 8)))  # fmt: skip
                made = on + timedelta(days=rng.randrange(30, 100))
                if made > LAST_DAY:
                    return events
                events.append(_Event(disposal, made, committed, charged_from="prev"))
                kind = disposal
            if rng.random() >= REOFFEND[kind]:
                return events
            start = events[-1].on
            if kind == "detention_and_training_order":
                start += timedelta(days=rng.randrange(60, 180))  # after release
            # Mostly within a year: the follow-up period the statistics count.
            committed = start + timedelta(days=1 + min(int(rng.expovariate(1 / 140)), 700))
            court_first = rng.random() < (0.75 if kind in REOFFEND_COURT else 0.4)

    def generate(self) -> Tables:
        """Every row of the service."""
        for child in range(self.children):
            self._child(f"c{self.service:03d}-{child:06d}")
        self._board_meetings()
        return self.tables

    def _board_meetings(self) -> None:
        rng = self.outcomes
        for n in range(YEARS * 4):
            year, quarter = FIRST_DAY.year + n // 4, n % 4
            met = date(year, 3 * quarter + 2, 1) + timedelta(days=rng.randrange(28))
            attended = [p for p in PARTNERS if rng.random() < ATTENDS[p]]
            self.tables.add("board_meetings", (
                self.team, self.area, met, list(PARTNERS), attended, "synthetic", UPDATED_AT,
            ))  # fmt: skip

    def _child(self, child_id: str) -> None:
        rng = self.rng
        ethnicity = _pick(rng, ETHNICITY)
        gender = _pick(rng, (("male", 83), ("female", 16), ("not_specified", 1)))
        caseworker = rng.choice(self.caseworkers)
        career = self._career()
        if not career:
            return
        first_age = _pick(rng, ((10, 2), (11, 3), (12, 6), (13, 10), (14, 15), (15, 20), (16, 24),
                                (17, 20)))  # fmt: skip
        born = career[0].on - timedelta(days=first_age * 365 + rng.randrange(365))
        previous: str | None = None
        for event in career:
            age = (event.on - born).days // 365
            if age > 17:
                return  # an adult's case is not the youth justice service's
            self.serial += 1
            pid = f"p{self.service:03d}-{self.serial:06d}"
            charged = previous if event.charged_from else None
            if event.kind in REOFFEND_COURT:
                if ethnicity and ethnicity[0] == "B" and event.kind == "youth_rehabilitation_order":
                    # Black children sent to custody more often than White for like offences.
                    if rng.random() < 0.07:
                        event.kind = "detention_and_training_order"
                self._order(pid, child_id, event, caseworker, gender, ethnicity, age, charged)
            else:
                self._diversion(pid, child_id, event, caseworker, gender, ethnicity, age)
            previous = pid

    def _pathway(
        self, pid: str, child: str, disposal: str, made: date, ends: date, caseworker: str,
        demographics: tuple[str, str | None, int], **extra: Any,
    ) -> None:  # fmt: skip
        rng = self.rng
        closed = ends < AS_OF
        gender, ethnicity, age = demographics
        closure = extra.get("closure")
        rules = made >= OUTCOME_DATA_FROM and closure not in ("no_further_action", "charged")
        waived = rules and closed and self.outcomes.random() < 0.05
        changes = _pick(rng, ((0, 78), (1, 16), (2, 5), (3, 1)))
        formulation = (
            None if disposal == "diversion" else _pick(rng, ((None, 15), (1, 60), (2, 25)))
        )
        self.tables.add("rm_pathways", (
            pid, child, disposal, "closed" if closed else "open", caseworker, self.team,
            self.area, made, made, ends, extra.get("closure") if closed else None,
            ends if closed else None, changes, gender, ethnicity, age,
            extra.get("has_victim", False), 1, UPDATED_AT, None, formulation,
            (formulation is None and rng.random() < 0.3) if closed else None,
            extra.get("charged_from"), extra.get("resentenced_from"), extra.get("released_on"),
            None, rules, waived,
        ))  # fmt: skip
        if rules:
            court_ended = closure in ("returned_to_court", "revoked_by_court")
            self._outcome_data(pid, disposal, made, ends if closed and not waived
                               and not court_ended else None)  # fmt: skip

    def _outcome_data(self, pid: str, disposal: str, made: date, ended: date | None) -> None:
        """The answers at the start and, if `ended` is given, at the end (`NEEDS`)."""
        rng = self.outcomes
        chances = NEEDS[disposal]
        for point, on, less in (("start", made + timedelta(days=10), 1.0),
                                ("end", ended, 0.85)):  # fmt: skip
            if on is None or on > AS_OF:
                continue
            send, mental, substance, *services = (rng.random() < c * less for c in chances)
            better = point == "end"
            accommodation = _pick(rng, ACCOMMODATION)
            ete = _pick(rng, ETE)
            offered = 0 if ete == "none" else rng.choice((10, 15, 20, 25, 30))
            attended = round(offered * rng.uniform(0.4 if not better else 0.55, 1.0))

            bonus = 0.1 if better else 0.0

            def planned(need: bool, share: float, bonus: float = bonus) -> bool:
                return need and rng.random() < share + bonus

            mental_offered = planned(mental, 0.7)
            substance_offered = planned(substance, 0.65)
            self.tables.add("rm_outcome_data", (
                pid, point, on, accommodation, accommodation not in UNSUITABLE, ete, offered,
                attended, ete != "none" and attended >= offered * 0.6, send,
                planned(send, 0.55), mental, mental_offered, planned(mental_offered, 0.65),
                substance, substance_offered, planned(substance_offered, 0.55), *services,
            ))  # fmt: skip

    def _order(
        self, pid: str, child: str, event: _Event, caseworker: str, gender: str,
        ethnicity: str | None, age: int, charged_from: str | None,
    ) -> None:  # fmt: skip
        rng = self.rng
        made = event.on
        months = rng.choice((4, 6, 9, 12)) if event.kind != "detention_and_training_order" else (
            rng.choice((4, 6, 8, 10, 12, 18, 24)))  # fmt: skip
        ends = made + timedelta(days=30 * months)
        released = (
            made + timedelta(days=15 * months)
            if event.kind == "detention_and_training_order" else None
        )  # fmt: skip
        has_victim = rng.random() < 0.5
        closure = _pick(rng, (("completed", 85), ("revoked_early", 5), ("returned_to_court", 6),
                              ("revoked_by_court", 4)))  # fmt: skip
        self._pathway(
            pid, child, event.kind, made, ends, caseworker, (gender, ethnicity, age),
            closure=closure, has_victim=has_victim, charged_from=charged_from,
            released_on=released if released and released <= AS_OF else None,
        )  # fmt: skip
        for seq in range(1, 1 + _pick(rng, ((1, 60), (2, 28), (3, 12)))):
            group = _pick(rng, GROUPS)
            committed = event.committed_on - timedelta(days=rng.randrange(0, 10) if seq > 1 else 0)
            self.tables.add("rm_offences", (
                pid, seq, f"SY{rng.randrange(100000):05d}", "Synthetic offence", committed,
                group, "2026.1",
            ))  # fmt: skip
        steps = [*COURT_STEPS, *EXTRA_STEPS.get(event.kind, ())]
        if not has_victim:
            steps = [s for s in steps if s[0] != "victim_contact"]
        self._tasks(pid, made, ends, caseworker, steps)
        if has_victim:
            consent = _pick(rng, (("consented", 45), ("declined", 35), (None, 20)))
            self.tables.add("rm_victims", (
                pid, "v1", "contacted" if consent else "details_received", rng.random() < 0.2,
                made + timedelta(days=5), consent,
                "letter" if consent == "consented" and rng.random() < 0.6 else None, None,
                "person", rng.random() < 0.3, consent == "consented",
                made + timedelta(days=12) if consent == "consented" else None, None, None,
                None, 0,
            ))  # fmt: skip
        self._compliance(pid, made, ends, event.kind)
        self._programmes(pid, made, caseworker)
        if rng.random() < 0.03 and ends + timedelta(days=40) <= LAST_DAY:
            # A breach re-sentenced: a new order, no new offence (`reports.reoffending`).
            self.serial += 1
            again = f"p{self.service:03d}-{self.serial:06d}"
            redo = ends - timedelta(days=20)
            self._pathway(
                again, child, "youth_rehabilitation_order", redo, redo + timedelta(days=180),
                caseworker, (gender, ethnicity, age), closure="completed", resentenced_from=pid,
            )  # fmt: skip
            self.tables.add("rm_offences", (
                again, 1, "SY99999", "Synthetic breach", redo, "breach_of_statutory_order",
                "2026.1",
            ))  # fmt: skip
            self._tasks(again, redo, redo + timedelta(days=180), caseworker, list(COURT_STEPS[:3]))

    def _diversion(
        self, pid: str, child: str, event: _Event, caseworker: str, gender: str,
        ethnicity: str | None, age: int,
    ) -> None:  # fmt: skip
        rng = self.rng
        referred, outcome = event.on, event.kind
        decided = referred + timedelta(days=rng.randrange(5, 25))
        police = outcome != "prevention" or rng.random() < 0.3
        source = (
            "police"
            if police
            else rng.choice(("school", "childrens_social_care", "self_or_family", "other_agency"))
        )
        if decided > AS_OF:
            outcome_or_none, decided_or_none = None, None
        else:
            outcome_or_none, decided_or_none = outcome, decided
        closing = outcome in ("no_further_action", "charge")
        ends = decided if closing else decided + timedelta(days=rng.choice((90, 120, 180)))
        closure = {"no_further_action": "no_further_action", "charge": "charged"}.get(
            outcome, "completed"
        )
        self._pathway(pid, child, "diversion", referred, ends, caseworker,
                      (gender, ethnicity, age), closure=closure)  # fmt: skip
        conditions = rng.randrange(1, 4) if outcome == "youth_conditional_caution" else 0
        broken = 1 if conditions and rng.random() < 0.15 else 0
        self.tables.add("rm_diversions", (
            pid, f"ref-{pid}", source, referred, "Synthetic Police" if police else None,
            "arrest" if police else None, event.committed_on if police else None,
            f"SY{rng.randrange(100000):05d}" if police else None,
            _pick(rng, GROUPS) if police else None, outcome_or_none, decided_or_none,
            conditions, conditions - broken, broken,
            None if closing else decided + timedelta(days=14),
            None if closing else ends - timedelta(days=7),
        ))  # fmt: skip
        steps = list(DIVERSION_STEPS[:2] if closing else DIVERSION_STEPS)
        self._tasks(pid, referred, ends, caseworker, steps)

    def _tasks(
        self, pid: str, made: date, ends: date, caseworker: str, steps: list[tuple[str, int]]
    ) -> None:
        rng = self.rng
        for n, (step, days) in enumerate([*steps, ("closure", (ends - made).days + 10)]):
            due = made + timedelta(days=days)
            opened = made if step != "closure" else ends
            escalate = due + timedelta(days=2)
            completed: date | None = None
            not_done = False
            if due > AS_OF:
                status = "open"
            else:
                roll = rng.random()
                if roll < 0.86:
                    status = "done"
                    late = rng.random() < 0.2
                    completed = due + timedelta(
                        days=rng.randrange(1, 30) if late else -rng.randrange(0, max(1, days // 2))
                    )
                    completed = max(completed, opened)
                elif roll < 0.91:
                    status = "overdue"
                else:
                    status, not_done = "cancelled", roll > 0.985
            escalated = status == "overdue" or (completed is not None and completed > escalate)
            self.tables.add("rm_tasks", (
                pid, f"{step}-{n}", step, status, due, escalate, opened, completed, escalated,
                caseworker, self.team, self.area, not_done, None, None,
            ))  # fmt: skip

    def _compliance(self, pid: str, made: date, ends: date, disposal: str) -> None:
        rng = self.rng
        if rng.random() >= 0.25 or (ends - made).days < 60:
            return
        on = made + timedelta(days=rng.randrange(20, 60))
        rows: list[tuple[str, bool | None, str | None, str | None]] = [
            ("failure", rng.random() < 0.3, None, None)
        ]
        if rng.random() < 0.5:
            rows.append(("warning", None, None, None))
            if rng.random() < 0.5:
                rows.append(("failure", False, None, None))
                route = "panel" if disposal == "referral_order" else "court"
                outcome = _pick(rng, (("continued", 40), ("extended", 20), ("revoked", 10),
                                      ("revoked_and_resentenced", 20),
                                      ("detention_for_breach", 10)))  # fmt: skip
                if route == "panel" and rng.random() < 0.6:
                    outcome = "panel_continued"
                rows.append(("breach", None, route, outcome))
        for seq, (kind, excuse, to, result) in enumerate(rows, start=1):
            self.tables.add("rm_compliance", (
                pid, seq, kind, on + timedelta(days=7 * seq), excuse, to, result,
            ))  # fmt: skip

    def _programmes(self, pid: str, made: date, caseworker: str) -> None:
        rng = self.rng
        if rng.random() >= 0.45:
            return
        seq = 0
        for programme in PROGRAMMES:
            if rng.random() >= 0.4:
                continue
            eligible = rng.random() < 0.55
            on = made + timedelta(days=rng.randrange(20, 40))
            status = "eligible" if eligible else "not_eligible"
            self.tables.add("rm_decisions", (pid, programme, status, "2026.1", on, []))
            override = not eligible and rng.random() < 0.1
            if not (eligible and rng.random() < 0.6) and not override:
                continue
            state = _pick(rng, REFERRAL_STATES)
            started = on + timedelta(days=20) if state in ("started", "completed",
                                                           "disengaged") else None  # fmt: skip
            self.tables.add("rm_referrals", (
                pid, programme, state, status, "the family asked for it" if override else None,
                caseworker if override else None, on, None if state == "proposed" else on,
                started, on + timedelta(days=120) if state in ("completed", "disengaged") else None,
                ["child", "parent_or_carer"] if rng.random() < 0.6 else ["child"], 8,
                rng.randrange(4, 9) if started else 0, rng.randrange(0, 3) if started else 0, 0,
            ))  # fmt: skip
            seq += 1
            aspects = rng.sample(["race", "gender", "class", "culture", "age"], rng.randrange(1, 4))
            self.tables.add("rm_bias_reflections", (
                pid, seq, "override" if override else f"programme_referral:{programme}", on,
                caseworker, aspects, rng.random() < 0.4, None,
            ))  # fmt: skip


REOFFEND_COURT = frozenset(
    {"referral_order", "youth_rehabilitation_order", "detention_and_training_order"}
)


def population(seed: int = 1, scale: float = 1.0) -> dict[str, dict[int, int]]:
    """Children aged 10 to 17 by team and year (`reports.population.Population.by_team`).

    The 150 services' shares of `CHILDREN_10_TO_17` by their size (`service_sizes`), so the
    same team has the same population whatever number of services is loaded; `"*"`: the sum.
    """
    sizes = service_sizes(POPULATION_SERVICES, seed)
    years = range(FIRST_DAY.year, FIRST_DAY.year + YEARS)
    mean = CHILDREN_10_TO_17 / POPULATION_SERVICES * scale
    table = {
        team_name(s): {y: round(mean * size * 1.005 ** (y - FIRST_DAY.year)) for y in years}
        for s, size in enumerate(sizes)
    }
    table["*"] = {y: sum(t[y] for t in table.values()) for y in years}
    return table


def services(count: int, seed: int, scale: float) -> Iterator[Tables]:
    """Each service's rows in turn (one service's in memory at a time)."""
    for service, size in enumerate(service_sizes(count, seed)):
        yield ServiceGenerator(service, size, seed, scale).generate()
