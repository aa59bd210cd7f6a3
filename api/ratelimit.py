"""Failed sign-ins are rate-limited per client address, so tokens cannot be guessed at speed."""

import time
from collections import defaultdict, deque


class FailedAuthLimiter:
    """Counts failures per client over a sliding minute; over the limit, the client must wait."""

    def __init__(self, limit: int, window_seconds: float = 60) -> None:
        self._limit = limit
        self._window = window_seconds
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures[client]
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return deque()
        return failures

    def blocked(self, client: str) -> bool:
        """Return whether the client has failed too often lately."""
        return len(self._recent(client, time.monotonic())) >= self._limit

    def failed(self, client: str) -> None:
        """Count one failure."""
        now = time.monotonic()
        self._recent(client, now)
        self._failures[client].append(now)
