"""Path and query parameters shared by the routes, each with a length limit.

A parameter longer than any real value is refused with a 422 naming it, before it reaches a
workflow id, a query or the audit log.
"""

from typing import Annotated

from fastapi import Path, Query

MAX_ID = 100
"""Longer than any pathway id (`pw-` and 16 hex digits) or held record key."""
MAX_NAME = 200
"""As long as a caseworker's or team's name may be when a step records it."""

PathwayId = Annotated[str, Path(min_length=1, max_length=MAX_ID, description="the pathway's id")]
HeldId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the held record's id")]
TeamQuery = Annotated[
    str | None,
    Query(max_length=MAX_NAME, description="a team (default: your own; auditors: all)"),
]
CaseworkerQuery = Annotated[str | None, Query(max_length=MAX_NAME, description="a caseworker")]
UserQuery = Annotated[str | None, Query(max_length=MAX_NAME, description="a user's name")]
PathwayIdQuery = Annotated[str | None, Query(max_length=MAX_ID, description="a pathway's id")]
