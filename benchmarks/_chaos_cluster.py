"""The processes a chaos run starts and breaks: a Temporal dev server and a worker.

Everything lives in one temporary folder on free ports: the dev server is started with the
command line `make run` uses (`commands.dev.dev_server_command`: a SQLite file with WAL and
synchronous=normal), the worker is `python -m commands worker` with `PATHWAY_*` variables
pointing at that server, a SQLite database in the folder and the folder itself as the data
folder (so the worker and the benchmark's client share the payload key the worker generates
into `payload-keys.json`). The worker can be killed with SIGKILL and the server stopped and
started again on the same `--db-filename`.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from commands.dev import dev_server_command
from core.settings import Settings
from db.session import migrate

TASK_QUEUE = "chaos"


def free_port() -> int:
    """Return a TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Cluster:
    """A dev server, its SQLite file, a database and one worker process, in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.settings = Settings(
            data_dir=folder,
            temporal_address=f"127.0.0.1:{self.port}",
            temporal_ui_port=free_port(),
            temporal_task_queue=TASK_QUEUE,
            database_url=f"sqlite:///{(folder / 'pathway.db').resolve()}",
        )
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.worker_kills = 0
        self.server_restarts = 0

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL of the run's database."""
        return self.settings.sqlalchemy_url

    def _env(self) -> dict[str, str]:
        s = self.settings
        return {
            **os.environ,
            "PATHWAY_DATA_DIR": str(self.folder.resolve()),
            "PATHWAY_TEMPORAL_ADDRESS": s.temporal_address,
            "PATHWAY_TEMPORAL_UI_PORT": str(s.temporal_ui_port),
            "PATHWAY_TEMPORAL_TASK_QUEUE": TASK_QUEUE,
            "PATHWAY_DATABASE_URL": self.database_url,
        }

    def _spawn(self, args: list[str], log: str) -> subprocess.Popen[bytes]:
        with open(self.folder / log, "ab") as out:
            return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=self._env())

    def start(self) -> None:
        """Migrate the database, start the server, wait for it, start the worker."""
        migrate(self.database_url)
        self.start_server()
        self.start_worker()

    def start_server(self) -> None:
        """Start the dev server on the run's SQLite file and wait until its port answers."""
        self.server = self._spawn(dev_server_command(self.settings), "temporal.log")
        deadline = time.monotonic() + 60
        while not _port_open(self.port):
            if self.server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the dev server did not start; see {self.folder}/temporal.log")
            time.sleep(0.1)

    def stop_server(self, *, kill: bool) -> None:
        """Stop the dev server: SIGKILL (a crash) or SIGINT (a clean stop), and wait for it."""
        assert self.server is not None
        self.server.send_signal(signal.SIGKILL if kill else signal.SIGINT)
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
        while _port_open(self.port):
            time.sleep(0.1)

    def restart_server(self, *, kill: bool) -> None:
        """Stop the dev server and start it again on the same `--db-filename`."""
        self.stop_server(kill=kill)
        self.start_server()
        self.server_restarts += 1

    def start_worker(self) -> None:
        """Start `pathway worker` as a subprocess."""
        self.worker = self._spawn([sys.executable, "-m", "commands", "worker"], "worker.log")

    def kill_worker(self) -> None:
        """SIGKILL the worker (no clean-up of any kind), wait for it, start a new one."""
        assert self.worker is not None
        self.worker.send_signal(signal.SIGKILL)
        self.worker.wait()
        self.worker_kills += 1
        self.start_worker()

    def worker_alive(self) -> bool:
        """Return whether the current worker process is running."""
        return self.worker is not None and self.worker.poll() is None

    def stop(self) -> None:
        """Stop the worker and the server (cleanly, then by force)."""
        for proc in (self.worker, self.server):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in (self.worker, self.server):
            if proc is None:
                continue
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
