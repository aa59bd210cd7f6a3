"""What the `step`, `year`, `memory` and `workers` benchmarks share.

Each benchmark runs its own servers in a temporary folder on free ports: a Temporal dev server
configured exactly as `make run` configures it (`commands.dev.dev_server_command`: SQLite file,
WAL, synchronous=normal), worker and API processes started as `pathway worker` and `pathway api`
are (`python -m commands ...` with `PATHWAY_*` variables), and a temporary SQLite database.
Readable figures go to stdout, progress to stderr, and the last stdout line is one JSON object.
"""

import asyncio
import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from temporalio.client import Client

from commands.dev import dev_server_command
from core.clients import connect_temporal
from core.settings import Settings
from db.session import migrate


def free_port() -> int:
    """Return a TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: Sequence[float], q: int) -> float:
    """Return the q-th percentile (inclusive method), rounded to 0.1; 0 for no values."""
    if not values:
        return 0.0
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def progress(label: str, done: int, total: int) -> None:
    """Show `label: done/total` on stderr, on one line rewritten in place."""
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\r  {label}: {done}/{total}{end}")
    sys.stderr.flush()


def say(text: str) -> None:
    """Write one line of readable figures to stdout."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def note(text: str) -> None:
    """Write one line of progress to stderr."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def emit(figures: dict[str, Any]) -> None:
    """Write the benchmark's one JSON line (the last line of stdout)."""
    sys.stdout.write(json.dumps(figures) + "\n")
    sys.stdout.flush()


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
    }
    return env


@contextmanager
def process(args: list[str], settings: Settings, log: str) -> Iterator[subprocess.Popen[bytes]]:
    """Run a child process with the settings' environment, its output in the data folder."""
    out = open(settings.data_dir / log, "ab")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=settings_env(settings))
    try:
        yield proc
    finally:
        stop(proc)
        out.close()


def stop(proc: subprocess.Popen[bytes], seconds: float = 20) -> None:
    """Stop a child process (SIGTERM, then SIGKILL if it lingers); a dead one is left alone."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def worker_command() -> list[str]:
    """`pathway worker`, as `pathway dev` starts it."""
    return [sys.executable, "-m", "commands", "worker"]


@contextmanager
def dev_server(settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """The Temporal dev server as `make run` configures it, and a migrated database."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.sqlalchemy_url)
    with process(dev_server_command(settings), settings, "temporal.log") as proc:
        yield proc


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


def cpu_seconds(pid: int) -> float | None:
    """Return the user and system CPU time a process has used, from /proc (None without it)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Return a process's resident memory (VmRSS) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise ValueError(f"no VmRSS for process {pid}")
