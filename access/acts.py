"""Every act a door into Pathway performs, and the roles that may perform it.

One table: a route declares its act (`api.guard.allowed`), and the guard refuses any other
role with 403 before the request's body or query is read. Scope (which pathway, which team)
is decided after that, by `access.scope`.
"""

from enum import StrEnum

from access.identity import Role

_READERS = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR})
_WRITERS = frozenset({Role.CASEWORKER, Role.SUPERVISOR})
_INTAKE = frozenset({Role.INTEGRATOR, Role.SUPERVISOR})


class Act(StrEnum):
    """An act, named as it appears in the audit log."""

    READ_PATHWAY = "read_pathway"
    READ_ELIGIBILITY = "read_eligibility"
    RECORD_STEP = "record_step"
    RECORD_FACTS = "record_facts"
    ALLOCATE = "allocate"
    LIST_TASKS = "list_tasks"
    LIST_CASELOAD = "list_caseload"
    LIST_NOTIFICATIONS = "list_notifications"
    READ_REPORT = "read_report"
    READ_AUDIT = "read_audit"
    INGEST_COURT_OUTCOMES = "ingest_court_outcomes"
    LIST_HELD_RECORDS = "list_held_records"
    READ_HELD_RECORD = "read_held_record"
    REPLAY_HELD_RECORD = "replay_held_record"
    RECEIVE_VICTIM_DETAILS = "victim_details_received"
    DECODE_PAYLOADS = "decode_payloads"
    USE_PAGES = "use_pages"


MAY: dict[Act, frozenset[Role]] = {
    Act.READ_PATHWAY: _READERS,
    Act.READ_ELIGIBILITY: _READERS,
    Act.RECORD_STEP: _WRITERS,
    Act.RECORD_FACTS: _WRITERS,
    Act.ALLOCATE: frozenset({Role.SUPERVISOR}),
    Act.LIST_TASKS: _READERS,
    Act.LIST_CASELOAD: _READERS,
    Act.LIST_NOTIFICATIONS: frozenset({Role.SUPERVISOR}),
    Act.READ_REPORT: _READERS,
    Act.READ_AUDIT: frozenset({Role.AUDITOR}),
    Act.INGEST_COURT_OUTCOMES: _INTAKE,
    # Held records hold what a court or the police sent (names, dates of birth): integrators
    # see what they sent, supervisors their area's intake, auditors read all (change nothing).
    Act.LIST_HELD_RECORDS: _INTAKE | {Role.AUDITOR},
    Act.READ_HELD_RECORD: _INTAKE | {Role.AUDITOR},
    Act.REPLAY_HELD_RECORD: _INTAKE,
    Act.RECEIVE_VICTIM_DETAILS: _INTAKE,
    Act.DECODE_PAYLOADS: _READERS,
    Act.USE_PAGES: _READERS,
}


def may(role: Role, act: Act) -> bool:
    """Whether a role may perform an act at all (scope is checked afterwards)."""
    return role in MAY[act]


def allowed_roles(act: Act) -> str:
    """The roles that may perform an act, in words for a 403."""
    return ", ".join(sorted(r.value for r in MAY[act]))
