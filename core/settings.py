"""Configuration: one Settings object, read from `PATHWAY_*` environment variables.

Defaults give the embedded setup (Temporal dev server and SQLite in `./data`); environment
variables point the same code at a Temporal cluster and PostgreSQL. Nothing else reads
`os.environ`.
"""

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from contracts.board_meetings import STATUTORY_PARTNERS
from contracts.formulation import DEFAULT_AGENCIES, Agency
from contracts.pathway import DeadlinePolicy
from contracts.reflections import ReflectionPolicy
from reports.population import DEMO_POPULATION

DEVELOPMENT_SIGNING_KEY = "pathway-development-signing-key-not-for-production-use"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
NOTIFY_API = "https://api.notifications.service.gov.uk"
# A Notify key ends with the service id and the secret, two UUIDs (the client reads them so).
_UUID = r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"
_NOTIFY_KEY = re.compile(rf"^.+-{_UUID}-{_UUID}$")
_TEMPLATE_ID = re.compile(rf"^{_UUID}$")
MIN_SIGNING_KEY_BYTES = 32


class Settings(BaseSettings):
    """Every setting of Pathway, with the embedded defaults."""

    model_config = SettingsConfigDict(env_prefix="PATHWAY_", env_nested_delimiter="__")

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Path("data")

    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    temporal_task_queue: str = "pathway"
    temporal_tls: bool = False
    temporal_ui_port: int = 8233
    temporal_api_key: str | None = None
    temporal_connect_wait_seconds: float = Field(
        default=20.0,
        ge=0,
        le=600,
        description="how long a process waits for a Temporal server that is starting",
    )

    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file in data_dir"
    )

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    allowed_hosts: list[str] = Field(
        default_factory=lambda: list(LOOPBACK),
        description="Host header values the API answers (others get 400); a deployment "
        "lists its own names, e.g. [\"pathway.council.gov.uk\"]",
    )
    api_docs: bool | None = Field(
        default=None,
        description="serve /docs and /openapi.json; default: in development only",
    )
    api_shutdown_seconds: int = Field(
        default=10,
        ge=1,
        le=600,
        description="on SIGTERM, how long `pathway api` waits for open requests before "
        "cancelling them and stopping",
    )
    worker_shutdown_seconds: int = Field(
        default=10,
        ge=1,
        le=600,
        description="on SIGTERM, how long `pathway worker` lets running activities finish; "
        "the process exits soon after, whatever is still running (Temporal retries it)",
    )

    jwt_signing_key: str = DEVELOPMENT_SIGNING_KEY
    jwt_issuer: str = "pathway"
    jwt_audience: str = "pathway-api"
    token_ttl_minutes: int = Field(
        default=12 * 60, ge=1, description="lifetime of tokens from `pathway token`"
    )
    max_token_lifetime_minutes: int = Field(
        default=12 * 60,
        ge=1,
        description="tokens whose lifetime (exp - iat) is longer are refused, whoever signed them",
    )
    oidc_jwks_url: str | None = Field(
        default=None,
        description="production sign-in: verify RS256/ES256 tokens against this JWKS "
        "(with jwt_issuer and jwt_audience) instead of the shared signing key",
    )
    oidc_role_claim: str = "pathway_role"
    oidc_team_claim: str = "pathway_team"
    failed_auth_limit: int = Field(
        default=20,
        ge=1,
        description="failed sign-ins per minute, per client address and per credential, "
        "before further failures get 429 (a valid token is never refused)",
    )
    session_idle_minutes: int = Field(
        default=30, ge=1, description="a page session unused this long is refused"
    )
    session_max_hours: int = Field(
        default=12, ge=1, description="a page session is refused this long after sign-in"
    )
    retention_days: int = Field(
        default=6 * 365, ge=1, description="closed pathways are anonymised this long after closure"
    )
    audit_retention_days: int = Field(
        default=7 * 365, ge=1, description="audit rows are deleted this long after being written"
    )

    suppression_floor: int = Field(
        default=5,
        ge=1,
        le=1000,
        description="reports suppress counts below this; only auditors may ask for less",
    )

    max_history_events: int = Field(default=2000, ge=50)
    max_cached_workflows: int = Field(
        default=1000, ge=0, description="pathways a worker keeps in memory (~0.22 MB each)"
    )
    calendar_years_ahead: int = Field(default=5, ge=1, le=20)
    # A child, not an order (ADR 0113, 0114).
    reflection_sample_every: int = Field(
        default=10,
        ge=1,
        le=100,
        description="one decision in this many (with its bias reflection) is offered to the "
        "team's supervisors to discuss with the case manager; every override always is",
    )
    # Staff and their clinical supervision (ADR 0124).
    staff_supervision_interval_months: int = Field(
        default=1,
        ge=1,
        le=6,
        description="each case manager's one-to-one clinical supervision falls due this many "
        "months after the last (or after joining the team); overdue the day after, escalated to "
        "the team's supervisors as case tasks are",
    )
    transition_lead_months: int = Field(
        default=3,
        ge=1,
        le=12,
        description="a youth rehabilitation order or DTO running past the child's 18th birthday "
        "gets its transition planning task from the month this many months before it",
    )
    linked_order_months: int = Field(
        default=6,
        ge=0,
        le=60,
        description="a new order for a child whose pathway is open, or closed within this many "
        "months, is offered to that pathway's case manager and team",
    )
    record_in_arrears: bool = Field(
        default=False,
        description="start pathways recorded after the fact (the demo's year loader only): their "
        "clock stands at the latest day recorded until they are told they have caught up "
        "(ADR 0146); never set for a live service",
    )
    charge_link_months: int = Field(
        default=6,
        ge=0,
        le=60,
        description="a court order for a child whose diversion pathway closed with a decision to "
        "charge within this many months is linked to it (ADR 0132)",
    )
    deadlines: DeadlinePolicy = Field(default_factory=DeadlinePolicy)
    # Which decision stages need a bias reflection (`contracts.reflections.ReflectionPolicy`).
    reflections: ReflectionPolicy = Field(default_factory=ReflectionPolicy)

    smtp_host: str | None = Field(
        default=None, description="SMTP server for notifications; unset: they are logged only"
    )
    smtp_port: int = 587
    smtp_from: str = "pathway@localhost"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = Field(default=10, gt=0)
    supervisor_emails: dict[str, list[str]] = Field(
        default_factory=dict,
        description='team -> its supervisors\' addresses, e.g. {"bromley": ["sam@example.org"]}; '
        'the key "*" serves pathways not yet allocated and teams not listed',
    )
    delivery_interval_seconds: float = Field(default=30, gt=0)
    # GOV.UK Notify (ADR 0136): with a key, notifications go through Notify rather than SMTP.
    notify_api_key: SecretStr | None = Field(
        default=None,
        description="a GOV.UK Notify API key (`{key name}-{service id}-{secret}`); set: "
        "notifications are sent through Notify (not SMTP), and text reminders can be sent",
    )
    notify_base_url: str = Field(
        default=NOTIFY_API,
        max_length=300,
        description="GOV.UK Notify's API; tests point it at a local server that answers as it does",
    )
    notify_templates: dict[str, str] = Field(
        default_factory=dict,
        description='Notify template ids by notification kind, e.g. {"escalation": "UUID", '
        '"appointment_reminder": "UUID"}; "default" serves kinds not listed',
    )
    notify_timeout_seconds: float = Field(default=10, gt=0, le=120)
    delivery_max_backoff_seconds: float = Field(
        default=3600,
        gt=0,
        description="a message Notify did not take (rate limited, key refused, Notify down) is "
        "tried again after the delivery interval, doubling each time up to this",
    )

    team_areas: dict[str, str] = Field(
        default_factory=dict,
        description="team -> the area (youth justice service) it belongs to, e.g. "
        '{"bromley": "bromley", "bromley-east": "bromley"}; a supervisor sees the unallocated '
        "intake of their own area. Unset: one service, every supervisor sees all intake",
    )
    court_areas: dict[str, str] = Field(
        default_factory=dict,
        description="court code -> area, for court records that name no youth justice area",
    )
    default_area: str | None = Field(
        default=None,
        description="the area of intake whose area is unknown; unset: every supervisor's",
    )

    population: dict[str, dict[int, int]] = Field(
        default_factory=lambda: dict(DEMO_POPULATION),
        description='children aged 10 to 17 by team and year, as {"TEAM": {"2026": 32100}} '
        'with "*" for the whole service (ONS mid-year estimates); the default is a demonstration '
        "(`reports.population`)",
    )

    # The board pack's PDF is printed by headless Chromium (ADR 0142).
    chromium_path: str = Field(
        default="/usr/bin/chromium", description="the Chromium that prints the board pack's PDF"
    )
    pdf_timeout_seconds: float = Field(default=30, gt=0, le=300)

    formulation_agencies: list[Agency] = Field(
        default_factory=lambda: list(DEFAULT_AGENCIES),
        min_length=3,
        max_length=60,
        description='the agencies a case formulation names, as [{"id": "police", "label": '
        '"Police"}, ...]; "yjs" is the youth justice service itself (issue 18, ADR 0115)',
    )

    board_partners: list[Agency] = Field(
        default_factory=lambda: list(STATUTORY_PARTNERS),
        min_length=1,
        max_length=30,
        description='the partners expected at the management board, as [{"id": "police", '
        '"label": "Police"}, ...]; default the statutory partners of the Crime and Disorder Act '
        "1998 s. 39(5) (issue 21, KPI 7)",
    )

    payload_keys: str | None = Field(
        default=None,
        description='Temporal payload keys as JSON {"current": ID, "keys": {ID: base64 32 bytes}}; '
        "default in development: a key generated into the data folder",
    )

    @model_validator(mode="after")
    def _tokens_live_no_longer_than_allowed(self) -> Self:
        if self.token_ttl_minutes > self.max_token_lifetime_minutes:
            raise ValueError(
                f"PATHWAY_TOKEN_TTL_MINUTES ({self.token_ttl_minutes}) is longer than "
                f"PATHWAY_MAX_TOKEN_LIFETIME_MINUTES ({self.max_token_lifetime_minutes}): "
                "tokens issued would be refused; shorten the first or raise the second"
            )
        return self

    @model_validator(mode="after")
    def _safe_defaults(self) -> Self:
        """Refuse settings that would expose children's data, naming the variable to fix."""
        if self.environment == "development" and self.api_host not in LOOPBACK:
            raise ValueError(
                f"PATHWAY_API_HOST is {self.api_host!r}, but development mode (demo sign-in, "
                "development keys) serves only this machine: use 127.0.0.1, or set "
                "PATHWAY_ENVIRONMENT=production with production secrets"
            )
        known = set(self.team_areas.values())
        if self.default_area is not None and self.default_area not in known:
            raise ValueError(
                f"PATHWAY_DEFAULT_AREA {self.default_area!r} is not an area of "
                "PATHWAY_TEAM_AREAS: no supervisor would see that intake"
            )
        if unknown := sorted(set(self.court_areas.values()) - known):
            raise ValueError(
                f"PATHWAY_COURT_AREAS names areas no team belongs to ({', '.join(unknown)}): "
                "add them to PATHWAY_TEAM_AREAS"
            )
        if self.notify_api_key is not None and not _NOTIFY_KEY.match(
            self.notify_api_key.get_secret_value()
        ):
            raise ValueError(
                "PATHWAY_NOTIFY_API_KEY is not a GOV.UK Notify API key: copy the whole key from "
                "Notify's API integration page (its name, then the service id and the secret)"
            )
        if bad := sorted(k for k, v in self.notify_templates.items() if not _TEMPLATE_ID.match(v)):
            raise ValueError(
                f"PATHWAY_NOTIFY_TEMPLATES: {', '.join(bad)} is not a Notify template id (a UUID: "
                "copy it from the template's page in Notify)"
            )
        if self.environment == "production":
            self._production_secrets()
        return self

    def _production_secrets(self) -> None:
        if self.jwt_signing_key == DEVELOPMENT_SIGNING_KEY:
            raise ValueError(
                "PATHWAY_JWT_SIGNING_KEY still has the development value; "
                "set a secret of your own before running in production"
            )
        if len(self.jwt_signing_key.encode()) < MIN_SIGNING_KEY_BYTES:
            raise ValueError(
                f"PATHWAY_JWT_SIGNING_KEY is shorter than {MIN_SIGNING_KEY_BYTES} bytes: use a "
                "random secret of at least 32 bytes (e.g. `openssl rand -base64 48`)"
            )
        if self.oidc_jwks_url is not None and not self.oidc_jwks_url.startswith("https://"):
            raise ValueError(
                "PATHWAY_OIDC_JWKS_URL must be an https:// URL in production: keys fetched "
                "over plain HTTP could be replaced on the way"
            )
        if self.notify_api_key is not None and not self.notify_base_url.startswith("https://"):
            raise ValueError(
                "PATHWAY_NOTIFY_BASE_URL must be an https:// URL in production: the key signs "
                "every request and the messages name children's appointments"
            )
        if not self.payload_keys:
            raise ValueError(
                "PATHWAY_PAYLOAD_KEYS is not set: production needs configured payload keys, "
                "not a key generated into the data folder"
            )

    @property
    def docs_enabled(self) -> bool:
        """Whether /docs and /openapi.json are served (by default in development only)."""
        return self.environment == "development" if self.api_docs is None else self.api_docs

    def area_of_team(self, team: str | None) -> str | None:
        """The area a team belongs to (None when areas are not configured)."""
        return self.team_areas.get(team) if team else None

    def intake_area(self, yjs_area: str | None, court_code: str | None) -> str | None:
        """The area of a new court record: the area it names, else its court's, else default.

        An area the record names that no team belongs to is not trusted: a typing error in a
        feed must not hide a child from every supervisor.
        """
        if not self.team_areas:
            return None
        known = set(self.team_areas.values())
        named = (yjs_area or "").strip().lower()
        for area in known:
            if area.lower() == named:
                return area
        court = self.court_areas.get(court_code or "")
        if court in known:
            return court
        return self.default_area

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'pathway.db').resolve()}"


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings (cached; tests clear the cache to change them)."""
    return Settings()
