"""`pathway dev` (what `make run` starts): healthy, usable over HTTP, and resumed after a restart."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.auth import Role, issue_token
from core.settings import Settings
from tests.factories import canonical_outcome


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Dev:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.api_port, self.temporal_port, self.ui_port = free_port(), free_port(), free_port()
        self.env = {
            **os.environ,
            "PATHWAY_DATA_DIR": str(data),
            "PATHWAY_API_PORT": str(self.api_port),
            "PATHWAY_TEMPORAL_ADDRESS": f"127.0.0.1:{self.temporal_port}",
            "PATHWAY_TEMPORAL_UI_PORT": str(self.ui_port),
        }
        self.base = f"http://127.0.0.1:{self.api_port}"
        self.proc: subprocess.Popen[str] | None = None

    def start(self, *args: str) -> str:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "commands", "dev", *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            # Started as from a parent that ignores Ctrl-C (children inherit that): Ctrl-C must
            # still stop it (the full suite's process had come to ignore SIGINT).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # noqa: PLW1509
        )
        assert self.proc.stdout is not None
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            lines.append(line)
            if "Press Ctrl-C" in line or self.proc.poll() is not None:
                break
        out = "".join(lines)
        assert "Press Ctrl-C" in out, out
        # Read what it prints while it runs, as a terminal would: a pipe nobody reads fills up
        # and blocks the process's next write (its shutdown's too).
        self.rest: list[str] = []
        stream = self.proc.stdout
        self.reader = threading.Thread(target=lambda: self.rest.extend(stream), daemon=True)
        self.reader.start()
        return out

    def stop(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            raise AssertionError("pathway dev did not stop:\n" + "".join(self.rest[-40:])) from None
        self.reader.join(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()


@pytest.fixture
def dev(tmp_path: Path) -> Iterator[Dev]:
    d = Dev(tmp_path / "data")
    yield d
    if d.proc and d.proc.poll() is None:
        d.proc.kill()
        d.proc.wait()
    if d.proc and d.proc.stdout and not d.proc.stdout.closed:
        d.proc.stdout.close()


# A small year keeps this test quick; `make run` loads 125 orders and 35 referrals
# (tests/web/test_demo_pages.py loads a larger one and looks at its pages).
SMALL_DEMO = ("--demo", "--demo-orders", "6", "--demo-diversions", "2")


def test_pathway_dev_serves_the_api_and_resumes_pathways_after_a_restart(dev: Dev) -> None:
    out = dev.start(*SMALL_DEMO)
    assert f"{dev.base}/docs" in out and f"127.0.0.1:{dev.ui_port}" in out
    assert out.count(": started pw-") == 5, out
    assert "[" + "#" * 30 + "] 8/8 children" in out, out
    assert "6 court orders and 2 diversion pathways" in out, out
    assert httpx.get(f"{dev.base}/healthz").json() == {"status": "ok", "temporal": "ok"}
    settings = Settings()
    token = {
        "Authorization": "Bearer "
        + issue_token(settings, user="sam", role=Role.SUPERVISOR, team="bromley")
    }
    r = httpx.post(
        f"{dev.base}/v1/court-outcomes", json=canonical_outcome(), headers=token, timeout=30
    )
    pathway_id = r.json()["results"][0]["pathway_id"]
    assert r.json()["results"][0]["result"] == "started"
    assert httpx.get(f"{dev.base}/docs").status_code == 200
    dev.stop()
    assert dev.proc is not None and dev.proc.returncode == 0
    for port in (dev.api_port, dev.temporal_port):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, "Ctrl-C stops every process"

    out = dev.start(*SMALL_DEMO)
    assert "(13 children): resumed without reloading" in out, "demo data is loaded once"
    assert ": started" not in out and "children" in out
    r = httpx.get(f"{dev.base}/v1/pathways/{pathway_id}", headers=token, timeout=30)
    assert r.status_code == 200 and r.json()["status"] == "open"
    r = httpx.post(
        f"{dev.base}/v1/pathways/{pathway_id}/steps/restorative_enquiry",
        json={"completed_on": "2026-04-14", "not_done_reason": "The child declined to meet."},
        headers=token,
        timeout=30,
    )
    assert r.status_code == 200, r.text
    dev.stop()
