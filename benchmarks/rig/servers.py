"""A benchmark's own servers: a Temporal dev server, worker and API processes, a database.

Each benchmark runs its own servers in a temporary folder on free ports, so it never touches a
developer's `data/` folder or a running `make run`: a Temporal dev server configured exactly as
`make run` configures it (`commands.dev.dev_server_command`: SQLite file, WAL,
synchronous=normal), worker and API processes started as `pathway worker` and `pathway api`
are (`python -m commands ...` with `PATHWAY_*` variables), and a temporary SQLite database.
"""

import asyncio
import base64
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from temporalio.client import Client
from temporalio.runtime import LoggingConfig, Runtime, TelemetryConfig, TelemetryFilter

from commands.dev import dev_server_command
from core.clients import connect_temporal
from core.settings import Settings
from db.session import migrate

QUIET = LoggingConfig(filter=TelemetryFilter(core_level="ERROR", other_level="ERROR"))
"""The SDK core's logging with warnings left out: the last stdout line must be the JSON."""


def quiet_sdk() -> None:
    """Keep the SDK core's warnings (slow tasks, retries while a server restarts) off stdout."""
    runtime = Runtime(telemetry=TelemetryConfig(logging=QUIET))
    Runtime.set_default(runtime, error_if_already_set=False)


def free_port() -> int:
    """Return a TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    """Whether something listens on the port on 127.0.0.1."""
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


def bench_settings(folder: Path, **overrides: Any) -> Settings:
    """Settings for a benchmark's own servers: free ports, a temporary database, fresh keys."""
    key_id = f"bench-{uuid.uuid4().hex[:6]}"
    keys = {"current": key_id, "keys": {key_id: base64.b64encode(os.urandom(32)).decode()}}
    values: dict[str, Any] = dict(
        data_dir=folder,
        temporal_address=f"127.0.0.1:{free_port()}",
        temporal_ui_port=free_port(),
        temporal_task_queue=f"bench-{uuid.uuid4().hex[:8]}",
        database_url=f"sqlite:///{folder / 'pathway.db'}",
        api_port=free_port(),
        payload_keys=json.dumps(keys),
    )
    return Settings(**(values | overrides))


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment a `python -m commands ...` child needs to use these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PATHWAY_")}
    env |= {
        "PATHWAY_DATA_DIR": str(settings.data_dir),
        "PATHWAY_TEMPORAL_ADDRESS": settings.temporal_address,
        "PATHWAY_TEMPORAL_NAMESPACE": settings.temporal_namespace,
        "PATHWAY_TEMPORAL_TASK_QUEUE": settings.temporal_task_queue,
        "PATHWAY_TEMPORAL_UI_PORT": str(settings.temporal_ui_port),
        "PATHWAY_DATABASE_URL": settings.sqlalchemy_url,
        "PATHWAY_API_HOST": settings.api_host,
        "PATHWAY_API_PORT": str(settings.api_port),
        "PATHWAY_PAYLOAD_KEYS": settings.payload_keys or "",
        "PATHWAY_MAX_CACHED_WORKFLOWS": str(settings.max_cached_workflows),
        "PATHWAY_MAX_HISTORY_EVENTS": str(settings.max_history_events),
    }
    return env


def spawn(args: list[str], settings: Settings, log: str) -> subprocess.Popen[bytes]:
    """Start a child process with the settings' environment, its output in the data folder."""
    with open(settings.data_dir / log, "ab") as out:
        return subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, env=settings_env(settings)
        )


@contextmanager
def process(args: list[str], settings: Settings, log: str) -> Iterator[subprocess.Popen[bytes]]:
    """Run a child process (see `spawn`) until the block ends, then stop it."""
    proc = spawn(args, settings, log)
    try:
        yield proc
    finally:
        stop(proc)


def stop(
    proc: subprocess.Popen[bytes], seconds: float = 20, how: signal.Signals = signal.SIGTERM
) -> None:
    """Stop a child process (`how`, then SIGKILL if it lingers); a dead one is left alone."""
    if proc.poll() is None:
        proc.send_signal(how)
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def worker_command() -> list[str]:
    """`pathway worker`, as `pathway dev` starts it."""
    return [sys.executable, "-m", "commands", "worker"]


def api_command(settings: Settings) -> list[str]:
    """`pathway api` on the settings' port, as `pathway dev` starts it."""
    return [sys.executable, "-m", "commands", "api", "--port", str(settings.api_port)]


@contextmanager
def dev_server(settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """The Temporal dev server as `make run` configures it, and a migrated database."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.sqlalchemy_url)
    with process(dev_server_command(settings), settings, "temporal.log") as proc:
        yield proc


@contextmanager
def fresh_dev_server(name: str) -> Iterator[tuple[Settings, subprocess.Popen[bytes]]]:
    """A dev server and database in a temporary folder, removed afterwards, and their settings."""
    with tempfile.TemporaryDirectory(prefix=f"pathway-bench-{name}-") as folder:
        settings = bench_settings(Path(folder))
        with dev_server(settings) as server:
            yield settings, server


async def connect(settings: Settings, seconds: float = 60) -> Client:
    """Connect to the settings' Temporal server, waiting for it to come up."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            client = await connect_temporal(settings)
            await client.count_workflows()  # the frontend answers only once the server is ready
            return client
        except Exception:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.3)


async def wait_http(url: str, seconds: float = 60) -> None:
    """Wait until `url` answers 200."""
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient() as http:
        while True:
            try:
                if (await http.get(url, timeout=2)).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer within {seconds:.0f} s")
            await asyncio.sleep(0.2)
