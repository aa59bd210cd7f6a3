"""The processes a chaos run starts and breaks: a Temporal dev server and a worker.

Everything lives in one temporary folder on free ports (`benchmarks.rig.servers`): the dev
server is started with the command line `make run` uses (`commands.dev.dev_server_command`: a
SQLite file with WAL and synchronous=normal), the worker is `python -m commands worker` with
`PATHWAY_*` variables pointing at that server and a SQLite database in the folder. The worker
can be killed with SIGKILL and the server stopped and started again on the same
`--db-filename`.
"""

import signal
import subprocess
import time
from pathlib import Path

from benchmarks.rig.servers import bench_settings, port_open, spawn, stop, worker_command
from commands.dev import dev_server_command
from db.session import migrate

TASK_QUEUE = "chaos"


class Cluster:
    """A dev server, its SQLite file, a database and one worker process, in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.settings = bench_settings(folder, temporal_task_queue=TASK_QUEUE)
        self.port = int(self.settings.temporal_address.rsplit(":", 1)[1])
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.worker_kills = 0
        self.server_restarts = 0

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL of the run's database."""
        return self.settings.sqlalchemy_url

    def start(self) -> None:
        """Migrate the database, start the server, wait for it, start the worker."""
        migrate(self.database_url)
        self.start_server()
        self.start_worker()

    def start_server(self) -> None:
        """Start the dev server on the run's SQLite file and wait until its port answers."""
        self.server = spawn(dev_server_command(self.settings), self.settings, "temporal.log")
        deadline = time.monotonic() + 60
        while not port_open(self.port):
            if self.server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the dev server did not start; see {self.folder}/temporal.log")
            time.sleep(0.1)

    def stop_server(self, *, kill: bool) -> None:
        """Stop the dev server: SIGKILL (a crash) or SIGINT (a clean stop), and wait for it."""
        assert self.server is not None
        stop(self.server, 30, signal.SIGKILL if kill else signal.SIGINT)
        while port_open(self.port):
            time.sleep(0.1)

    def restart_server(self, *, kill: bool) -> None:
        """Stop the dev server and start it again on the same `--db-filename`."""
        self.stop_server(kill=kill)
        self.start_server()
        self.server_restarts += 1

    def start_worker(self) -> None:
        """Start `pathway worker` as a subprocess."""
        self.worker = spawn(worker_command(), self.settings, "worker.log")

    def kill_worker(self) -> None:
        """SIGKILL the worker (no clean-up of any kind), wait for it, start a new one."""
        assert self.worker is not None
        stop(self.worker, how=signal.SIGKILL)
        self.worker_kills += 1
        self.start_worker()

    def worker_alive(self) -> bool:
        """Return whether the current worker process is running."""
        return self.worker is not None and self.worker.poll() is None

    def stop(self) -> None:
        """Stop the worker, then the server (cleanly, then by force)."""
        for proc in (self.worker, self.server):
            if proc is not None:
                stop(proc, how=signal.SIGINT)
