"""What a page answers when it cannot show what was asked: an error page, or the sign-in page.

Page routes raise these instead of `HTTPException`, whose handler answers JSON for the API;
`web.mount` turns them into HTML. Pathway's own errors (`core.errors`) raised by a page become
the error page in one place, `PageError.of` (called by `web.guard.PageRoute`); a form that
can be put right instead shows itself again, with the error beside its field.
"""

from fastapi import HTTPException

from core.errors import PathwayError

TITLES = {403: "You cannot see this page", 404: "Page not found"}


class PageError(Exception):
    """Show an error page with a status, a heading and a sentence saying what to do."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message

    @classmethod
    def of(cls, error: PathwayError | HTTPException) -> "PageError":
        """Return the page for one of Pathway's errors, or an HTTP error of shared code."""
        if isinstance(error, PathwayError):
            status, detail = error.status, error.detail
        else:
            status = error.status_code
            detail = error.detail if isinstance(error.detail, str) else "the request was refused"
        return cls(status, TITLES.get(status, "There is a problem"), detail)


class SignInRequired(Exception):
    """The caller is not signed in: send them to sign in, then back to `next_path`.

    `expired`: the browser's session was refused (expired, idle, revoked or unknown), so the
    sign-in page says so and the cookie is forgotten.
    """

    def __init__(self, next_path: str, *, expired: bool = False) -> None:
        super().__init__(next_path)
        self.next_path = next_path
        self.expired = expired


def local_path(candidate: str | None, default: str = "/") -> str:
    """Return `candidate` if it is a path on this site, else `default` (no open redirects)."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return default
    if "\\" in candidate or any(ord(c) < 32 for c in candidate):
        return default
    return candidate
