"""Every act a door into Pathway performs, and the roles that may perform it.

One table: a route or a page declares its act (`api.guard.allowed`, `web.guard.page`), and
the guard refuses any other role with 403 before the request's body or query is read. Scope
(which pathway, which team) is decided after that, by `access.scope`. No route or page checks
a role by hand: a page for some roles only (the supervisor's dashboard, a caseworker's own
work, a form to record a step) is an act of its own.
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
    READ_BOARD_PACK = "read_board_pack"
    READ_AUDIT = "read_audit"
    INGEST_COURT_OUTCOMES = "ingest_court_outcomes"
    INGEST_DIVERSION_REFERRALS = "ingest_diversion_referrals"
    OPEN_PREVENTION_REFERRAL = "open_prevention_referral"
    LIST_HELD_RECORDS = "list_held_records"
    READ_HELD_RECORD = "read_held_record"
    REPLAY_HELD_RECORD = "replay_held_record"
    RECEIVE_VICTIM_DETAILS = "victim_details_received"
    DECODE_PAYLOADS = "decode_payloads"
    USE_PAGES = "use_pages"
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_MY_WORK = "view_my_work"
    OPEN_STEP_FORM = "open_step_form"
    LIST_TRANSFERS = "list_transfers"
    LIST_STAFF = "list_staff"
    MANAGE_STAFF = "manage_staff"
    RECORD_SUPERVISION = "record_supervision"
    LIST_DISCUSSIONS = "list_discussions"
    RECORD_DISCUSSION = "record_discussion"
    EXPORT_EVALUATION = "export_evaluation"
    LIST_CONTACT_CONSENTS = "list_contact_consents"
    RECORD_CONTACT_CONSENT = "record_contact_consent"
    LIST_SMS_REMINDERS = "list_sms_reminders"
    SEND_SMS_REMINDER = "send_sms_reminder"


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
    # The quarterly board pack is for the management board: a team's supervisors and auditors
    # print it; caseworkers read the same figures on the outcomes page (ADR 0142).
    Act.READ_BOARD_PACK: frozenset({Role.SUPERVISOR, Role.AUDITOR}),
    Act.READ_AUDIT: frozenset({Role.AUDITOR}),
    Act.INGEST_COURT_OUTCOMES: _INTAKE,
    # Referrals for diversion (issue 20): the police's through an integrator, or a supervisor;
    # a prevention referral (a school, the family) opened from the pages by the team (ADR 0131).
    Act.INGEST_DIVERSION_REFERRALS: _INTAKE,
    Act.OPEN_PREVENTION_REFERRAL: _WRITERS,
    # Held records hold what a court or the police sent (names, dates of birth): integrators
    # see what they sent, supervisors their area's intake, auditors read all (change nothing).
    Act.LIST_HELD_RECORDS: _INTAKE | {Role.AUDITOR},
    Act.READ_HELD_RECORD: _INTAKE | {Role.AUDITOR},
    Act.REPLAY_HELD_RECORD: _INTAKE,
    Act.RECEIVE_VICTIM_DETAILS: _INTAKE,
    Act.DECODE_PAYLOADS: _READERS,
    Act.USE_PAGES: _READERS,
    # The pages: a team's dashboard is for supervisors (and auditors, who read every team);
    # "my work" is a caseworker's own; the forms that record steps are for those who may.
    Act.VIEW_DASHBOARD: frozenset({Role.SUPERVISOR, Role.AUDITOR}),
    Act.VIEW_MY_WORK: frozenset({Role.CASEWORKER}),
    Act.OPEN_STEP_FORM: _WRITERS,
    # Transfers another team asks a team to take on: its supervisors decide (ADR 0113).
    Act.LIST_TRANSFERS: frozenset({Role.SUPERVISOR, Role.AUDITOR}),
    # Staff and their clinical supervision (ADR 0124): a team's supervisors manage their own
    # team's staff and record the supervisions they hold; auditors read every team's.
    Act.LIST_STAFF: frozenset({Role.SUPERVISOR, Role.AUDITOR}),
    Act.MANAGE_STAFF: frozenset({Role.SUPERVISOR}),
    Act.RECORD_SUPERVISION: frozenset({Role.SUPERVISOR}),
    # The supervision queue of decisions and their bias reflections (`readmodel.discussions`): the
    # team's supervisors discuss them with the case manager; auditors read every team's.
    Act.LIST_DISCUSSIONS: frozenset({Role.SUPERVISOR, Role.AUDITOR}),
    Act.RECORD_DISCUSSION: frozenset({Role.SUPERVISOR}),
    # The pseudonymised evaluation extract (issue 21, ADR 0130): auditors only, each audited.
    Act.EXPORT_EVALUATION: frozenset({Role.AUDITOR}),
    # Numbers given with consent and the text reminders sent to them (ADR 0137): the team's
    # caseworkers and supervisors record and send; auditors read (never the number itself).
    Act.LIST_CONTACT_CONSENTS: _READERS,
    Act.RECORD_CONTACT_CONSENT: _WRITERS,
    Act.LIST_SMS_REMINDERS: _READERS,
    Act.SEND_SMS_REMINDER: _WRITERS,
}

AUDITED_AS: dict[Act, Act] = {
    Act.VIEW_DASHBOARD: Act.LIST_TASKS,
    Act.VIEW_MY_WORK: Act.LIST_CASELOAD,
    Act.OPEN_STEP_FORM: Act.READ_PATHWAY,
}
"""Page acts the audit log records as the act they amount to (opening a form reads the case)."""


def may(role: Role, act: Act) -> bool:
    """Whether a role may perform an act at all (scope is checked afterwards)."""
    return role in MAY[act]


def audited_as(act: Act) -> str:
    """The action the audit log records for an act."""
    return AUDITED_AS.get(act, act).value


def allowed_roles(act: Act) -> str:
    """The roles that may perform an act, in words for a 403."""
    return ", ".join(sorted(r.value for r in MAY[act]))
