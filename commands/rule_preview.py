"""`pathway eligibility --preview VERSION`: what a proposed rule set version would change.

The proposal is read from a TOML file of proposals (`--proposals`, default
`rule_proposals.toml`; `samples/rule_proposals.toml` is an example), one table per proposal:

    [[proposal]]
    version = "2027.1"
    effective_from = 2027-04-01
    parameters = { vr_min_age = 14 }

Every open pathway in the read model is decided under the version in force and under the
proposal (`reports.rule_preview`), nothing is changed, and the counts are printed as JSON.
Bad input raises a `ValueError` naming the file and the field.
"""

import datetime
import json
import pathlib
import tomllib

from pydantic import ValidationError

from core.settings import Settings
from db.session import make_engine, make_sessions
from reports.rule_preview import Proposal, rule_preview

DEFAULT_PROPOSALS = pathlib.Path("rule_proposals.toml")


def load_proposal(path: pathlib.Path, version: str) -> Proposal:
    """Return the proposal `version` of a proposals file.

    Raises:
        ValueError: The file cannot be read or parsed, has no such version, or a field of the
            proposal is invalid (the message names it).
    """
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"{path}: cannot be read: {error.strerror}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{path}: not valid TOML: {error}") from None
    proposals = document.get("proposal", [])
    if not isinstance(proposals, list):
        raise ValueError(f"{path}: field proposal: must be an array of tables ([[proposal]])")
    for index, proposal in enumerate(proposals):
        if isinstance(proposal, dict) and proposal.get("version") == version:
            try:
                return Proposal.model_validate(proposal)
            except ValidationError as error:
                fields = "; ".join(
                    f"field {'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                    for e in error.errors()
                )
                raise ValueError(f"{path}: proposal {index}: {fields}") from None
    known = ", ".join(str(p.get("version")) for p in proposals if isinstance(p, dict))
    raise ValueError(f"{path}: no proposal with version {version!r} (found: {known or 'none'})")


def preview_command(
    settings: Settings,
    version: str,
    proposals: pathlib.Path,
    *,
    on: datetime.date | None,
    team: str | None,
    min_count: int,
) -> str:
    """Preview a proposal against every open pathway and return the JSON to print."""
    proposal = load_proposal(proposals, version)
    engine = make_engine(settings.sqlalchemy_url)
    try:
        with make_sessions(engine)() as session:
            preview = rule_preview(
                session,
                proposal,
                on=on or datetime.date.today(),
                team=team,
                min_count=min_count,
            )
    finally:
        engine.dispose()
    return json.dumps(preview.model_dump(mode="json"), indent=2)
