"""Configuration: one Settings object, read from `PATHWAY_*` environment variables.

Defaults give the embedded setup (Temporal dev server and SQLite in `./data`); environment
variables point the same code at a Temporal cluster and PostgreSQL. Nothing else reads
`os.environ`.
"""

from functools import lru_cache
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from contracts.pathway import DeadlinePolicy

DEVELOPMENT_SIGNING_KEY = "pathway-development-signing-key-not-for-production-use"


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

    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file in data_dir"
    )

    api_host: str = "127.0.0.1"
    api_port: int = 8000
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
    token_ttl_minutes: int = 12 * 60
    oidc_jwks_url: str | None = Field(
        default=None,
        description="production sign-in: verify RS256/ES256 tokens against this JWKS "
        "(with jwt_issuer and jwt_audience) instead of the shared signing key",
    )
    oidc_role_claim: str = "pathway_role"
    oidc_team_claim: str = "pathway_team"
    failed_auth_limit: int = Field(
        default=20, ge=1, description="failed tokens per client per minute"
    )
    max_body_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    retention_days: int = Field(
        default=6 * 365, ge=1, description="closed pathways are anonymised this long after closure"
    )

    max_history_events: int = Field(default=2000, ge=50)
    max_cached_workflows: int = Field(
        default=1000, ge=0, description="pathways a worker keeps in memory (~0.22 MB each)"
    )
    calendar_years_ahead: int = Field(default=5, ge=1, le=20)
    deadlines: DeadlinePolicy = Field(default_factory=DeadlinePolicy)

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

    payload_keys: str | None = Field(
        default=None,
        description='Temporal payload keys as JSON {"current": ID, "keys": {ID: base64 32 bytes}}; '
        "default in development: a key generated into the data folder",
    )

    @model_validator(mode="after")
    def _no_development_secrets_in_production(self) -> Self:
        if self.environment == "production" and self.jwt_signing_key == DEVELOPMENT_SIGNING_KEY:
            raise ValueError(
                "PATHWAY_JWT_SIGNING_KEY still has the development value; "
                "set a secret of your own before running in production"
            )
        if self.environment == "production" and not self.payload_keys:
            raise ValueError(
                "PATHWAY_PAYLOAD_KEYS is not set: production needs configured payload keys, "
                "not a key generated into the data folder"
            )
        return self

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
