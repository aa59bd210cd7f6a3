"""Failed sign-ins are limited per client address and per credential, never refusing a valid one.

A failure is counted twice: against the address it came from, and against the credential
presented (a bearer token, a session cookie, a sign-in name), kept only as a SHA-256 hash. Once
either has failed `limit` times within the window, further failures are answered 429 instead
of 401. Callers verify first and consult the limiter only when the credential failed: a valid
token or session is never refused, so an attacker sharing a user's address (a council's NAT)
or replaying a user's name cannot lock that user out.

Use from any caller (the API, the pages, the codec)::

    try:
        user = verify_token(settings, token)
    except InvalidToken:
        if limiter.failed(address, token):  # counts, and says whether it was over the limit
            ...  # answer 429
        ...  # answer 401
"""

import hashlib
import threading
import time
from collections import deque

# Keys remembered per table (addresses, credentials). When full, keys with no failure in the
# window are dropped, then the oldest until a tenth is free, so a flood of distinct guesses
# costs bounded memory and a sweep only every tenth of this many new keys.
MAX_KEYS = 50_000


class _Counts:
    """Failure times per key over a sliding window, at most `limit` kept per key."""

    def __init__(self, limit: int, window: float) -> None:
        self._limit = limit
        self._window = window
        self._times: dict[str, deque[float]] = {}

    def over(self, key: str, now: float) -> bool:
        times = self._times.get(key)
        if times is None:
            return False
        if times[-1] <= now - self._window:
            del self._times[key]
            return False
        return len(times) >= self._limit and times[0] > now - self._window

    def add(self, key: str, now: float) -> None:
        times = self._times.get(key)
        if times is None:
            if len(self._times) >= MAX_KEYS:
                self._make_room(now)
            # Only the latest `limit` failures matter: the limit is reached when the oldest of
            # them is still inside the window.
            times = self._times[key] = deque(maxlen=self._limit)
        times.append(now)

    def _make_room(self, now: float) -> None:
        stale = [k for k, t in self._times.items() if t[-1] <= now - self._window]
        for key in stale:
            del self._times[key]
        keep = MAX_KEYS - MAX_KEYS // 10
        for key in list(self._times)[: max(0, len(self._times) - keep)]:
            del self._times[key]

    def __len__(self) -> int:
        return len(self._times)


def credential_key(credential: str) -> str:
    """The key a credential is counted under (a hash: the limiter keeps no secret)."""
    return hashlib.sha256(credential.encode("utf-8", "surrogatepass")).hexdigest()


class FailedAuthLimiter:
    """Counts failures per address and per credential over a sliding window (thread-safe)."""

    def __init__(self, limit: int, window_seconds: float = 60) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._addresses = _Counts(limit, window_seconds)
        self._credentials = _Counts(limit, window_seconds)
        # Page routes consult the limiter from the thread pool, the API from the event loop.
        self._lock = threading.Lock()

    def _over(self, address: str, credential: str | None, now: float) -> bool:
        if self._addresses.over(address, now):
            return True
        return credential is not None and self._credentials.over(credential_key(credential), now)

    def blocked(self, address: str, credential: str | None = None) -> bool:
        """Return whether the address, or the credential, has failed `limit` times lately.

        Ask only about a credential that failed: a valid one must be accepted regardless.
        """
        with self._lock:
            return self._over(address, credential, time.monotonic())

    def failed(self, address: str, credential: str | None = None) -> bool:
        """Count one failure of `credential` from `address`.

        Returns:
            Whether the address or credential was already over the limit before this failure:
            answer 429 if so, else 401 (or the page's own refusal).
        """
        now = time.monotonic()
        with self._lock:
            over = self._over(address, credential, now)
            self._addresses.add(address, now)
            if credential is not None:
                self._credentials.add(credential_key(credential), now)
            return over
