"""The `step` benchmark's rig: worker and API processes, pathways, bare workflows, probes."""

import os
import random
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import httpx
from temporalio.client import Client, WorkflowHandle
from temporalio.worker import Worker

from api.audit import audit
from api.auth import Role, User, issue_token
from benchmarks.rig import days
from benchmarks.rig.procfs import cpu_seconds
from benchmarks.rig.servers import api_command, connect, process, wait_http, worker_command
from benchmarks.step.bare import BareWorkflow, noop
from contracts.steps import ReviewBody, StepCommand
from core.clients import data_converter
from core.settings import Settings
from db.session import make_engine, make_sessions
from ingest.service import IngestService
from ingest.store import IntakeStore
from samples.orders import CASEWORKER, SUPERVISOR, TEAM, random_outcome
from workflows.pathway import PathwayWorkflow

INPROC = "-inproc"  # the bare workflow on a worker inside the bench's own process
USER = User(name=SUPERVISOR.user, role=Role.SUPERVISOR, team=TEAM)
ACTOR = SUPERVISOR
Probe = Callable[[int], Awaitable[Any]]


async def cpu_per_operation(probe: Probe, pids: dict[str, int], n: int) -> dict[str, float]:
    """Run `probe` n times back to back; return each process's CPU milliseconds per operation."""
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    for i in range(n):
        await probe(i)
    after = {name: cpu_seconds(pid) for name, pid in pids.items()}
    return {
        name: round((end - start) / n * 1000, 2)
        for name, start in before.items()
        if start is not None and (end := after[name]) is not None
    }


def today() -> str:
    """London's date today as the API reads it in a step's body."""
    return days.today().isoformat()


@dataclass
class Rig:
    """Everything the probes use, set up against one running server."""

    settings: Settings
    client: Client  # Pathway's client: pydantic converter and encryption codec
    plain: Client  # the default converter, no codec: the bare baseline
    http: aiohttp.ClientSession  # the timed HTTP calls (a C-accelerated client, as a browser's)
    httpx_client: httpx.AsyncClient  # the same calls through httpx, to show the client's share
    bare_queue: str
    step_pathways: list[str] = field(default_factory=list)
    direct_pathways: list[str] = field(default_factory=list)
    bare: list[WorkflowHandle[Any, Any]] = field(default_factory=list)
    inproc: list[WorkflowHandle[Any, Any]] = field(default_factory=list)
    projecting: list[WorkflowHandle[Any, Any]] = field(default_factory=list)
    encrypted: list[WorkflowHandle[Any, Any]] = field(default_factory=list)
    big_text: str = ""
    sessions: Any = None
    pids: dict[str, int] = field(default_factory=dict)  # the processes whose CPU `--cpu` reads

    @classmethod
    @asynccontextmanager
    async def running(cls, settings: Settings, *, pathways: int) -> AsyncIterator["Rig"]:
        """Start `pathway worker` and `pathway api`, a bare worker, pathways and bare workflows."""
        base = f"http://{settings.api_host}:{settings.api_port}"
        token = issue_token(settings, user=USER.name, role=USER.role, team=USER.team)
        engine = make_engine(settings.sqlalchemy_url)
        async with AsyncExitStack() as stack:
            stack.callback(engine.dispose)
            worker = stack.enter_context(process(worker_command(), settings, "worker.log"))
            pids = {"worker": worker.pid}
            api = stack.enter_context(process(api_command(settings), settings, "api.log"))
            pids["api"] = api.pid
            client = await connect(settings)
            plain = await Client.connect(settings.temporal_address)
            await wait_http(f"{base}/healthz")
            auth = {"Authorization": f"Bearer {token}"}
            http = await stack.enter_async_context(aiohttp.ClientSession(base, headers=auth))
            slow = await stack.enter_async_context(httpx.AsyncClient(base_url=base, headers=auth))
            queue = f"{settings.temporal_task_queue}-bare"
            bare_worker = [sys.executable, "-m", "benchmarks.step.bare_worker", queue]
            pids["bare worker"] = stack.enter_context(
                process(bare_worker, settings, "bare-worker.log")
            ).pid
            pids["bench"] = os.getpid()
            await stack.enter_async_context(
                Worker(
                    plain, task_queue=queue + INPROC, workflows=[BareWorkflow], activities=[noop]
                )
            )
            sessions = make_sessions(engine)
            rig = cls(settings, client, plain, http, slow, queue, sessions=sessions, pids=pids)
            await rig._set_up(pathways)
            try:
                yield rig
            finally:
                for handle in rig.bare + rig.projecting + rig.encrypted + rig.inproc:
                    await handle.signal(BareWorkflow.finish)

    async def _set_up(self, pathways: int) -> None:
        service = IngestService(IntakeStore(self.sessions), self.client, self.settings)
        rng = random.Random(1)
        made = days.today()
        for kind in (self.step_pathways, self.direct_pathways):
            records = [random_outcome(rng, made, victim_share=0.0) for _ in range(pathways)]
            for result in await service.ingest(records):
                assert result.pathway_id is not None, result
                kind.append(result.pathway_id)
                await self._post(result.pathway_id, 0)  # allocated, so a caseworker could see it
        kinds = (
            (self.plain, "", False, self.bare),
            (self.plain, "", True, self.projecting),
            (self.client, "-codec", False, self.encrypted),
            (self.plain, INPROC, False, self.inproc),
        )
        for client, suffix, projecting, handles in kinds:
            for _ in range(pathways):
                handles.append(
                    await client.start_workflow(
                        BareWorkflow.run,
                        projecting,
                        id=f"bench-bare-{uuid.uuid4().hex[:10]}",
                        task_queue=self.bare_queue + suffix,
                    )
                )
        state = await self.client.get_workflow_handle(self.step_pathways[0]).query(
            PathwayWorkflow.state
        )
        self.big_text = "x" * len(state.model_dump_json())

    async def _post(self, pathway_id: str, n: int) -> None:
        step, body = self._step(n)
        url = f"/v1/pathways/{pathway_id}/steps/{step}"
        async with self.http.post(url, json=body) as answer:
            text = await answer.text()  # read whole, as a client would
            if answer.status != 200:
                raise RuntimeError(f"step {step} answered {answer.status}: {text}")

    async def _post_httpx(self, pathway_id: str, n: int) -> None:
        step, body = self._step(n)
        url = f"/v1/pathways/{pathway_id}/steps/{step}"
        answer = await self.httpx_client.post(url, json=body)
        if answer.status_code != 200:
            raise RuntimeError(f"step {step} answered {answer.status_code}: {answer.text}")

    @staticmethod
    def _step(n: int) -> tuple[str, dict[str, str]]:
        if n % 2 == 0:
            return "allocation", {
                "completed_on": today(),
                "caseworker": CASEWORKER.user,
                "team": TEAM,
            }
        return "review", {"completed_on": today()}

    def probes(self) -> dict[str, Probe]:
        """The operations timed in each round, by name (see `benchmarks.step.bench`)."""
        pick = self._pick

        async def direct_step(n: int) -> None:
            handle = self.client.get_workflow_handle(pick(self.direct_pathways, n))
            command = StepCommand(
                actor=ACTOR,
                body=ReviewBody.model_validate({"completed_on": today()}),
                check_visibility=True,
                caller_projects=True,  # as the API sends it (the bench writes no read model)
            )
            await handle.execute_update(PathwayWorkflow.record_step, command)

        async def http_get(n: int) -> None:
            async with self.http.get(f"/v1/pathways/{pick(self.step_pathways, n)}") as answer:
                answer.raise_for_status()
                await answer.read()

        async def query(n: int) -> None:
            handle = self.client.get_workflow_handle(pick(self.step_pathways, n))
            await handle.query(PathwayWorkflow.state)

        async def http_docs(n: int) -> None:
            async with self.http.get("/docs") as answer:
                answer.raise_for_status()
                await answer.read()

        return {
            "http_docs": http_docs,
            "http_step": lambda n: self._post(pick(self.step_pathways, n), n),
            "http_step_httpx": lambda n: self._post_httpx(pick(self.step_pathways, n), n),
            "raw_update": lambda n: pick(self.bare, n).execute_update(BareWorkflow.bump, 1),
            "raw_update_inprocess": lambda n: pick(self.inproc, n).execute_update(
                BareWorkflow.bump, 1
            ),
            "raw_update_codec": lambda n: pick(self.encrypted, n).execute_update(
                BareWorkflow.bump, 1
            ),
            "raw_update_big": lambda n: pick(self.bare, n).execute_update(
                BareWorkflow.echo, self.big_text
            ),
            "raw_update_activity": lambda n: pick(self.projecting, n).execute_update(
                BareWorkflow.bump, 1
            ),
            "direct_step": direct_step,
            "query": query,
            "http_get": http_get,
            "audit": lambda n: audit(self.sessions, USER, "bench", pick(self.step_pathways, n)),
        }

    @staticmethod
    def _pick(items: list[Any], n: int) -> Any:
        return items[n % len(items)]

    async def payload_sizes(self) -> dict[str, int]:
        """Encoded sizes of what an update carries: Pathway's state and command, the bare int."""
        state = await self.client.get_workflow_handle(self.step_pathways[0]).query(
            PathwayWorkflow.state
        )
        command = StepCommand(
            actor=ACTOR, body=ReviewBody.model_validate({"completed_on": today()})
        )
        converter = data_converter(self.settings)
        sizes = {}
        for name, value, conv in (
            ("state_payload_bytes", state, converter),
            ("command_payload_bytes", command, converter),
            ("bare_payload_bytes", 1, self.plain.data_converter),
        ):
            payloads = await conv.encode([value])
            sizes[name] = payloads[0].ByteSize()
        return sizes
