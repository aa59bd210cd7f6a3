"""Driving scripted pathways through faults: retried, and never recording a command twice.

Every call is retried on connection and RPC errors (the server may be restarting) and on a
timeout of its own (the worker that would answer may just have been killed). A command whose
outcome the driver did not see may still have been applied, so after any error the driver asks
the workflow how many commands it has recorded (one timeline entry each) and goes on from
there. Each update also carries an id made of the pathway id and the command's position, so
the server itself folds a resent update into the first.
"""

import asyncio
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.service import RPCError

from benchmarks.chaos.scripts import Command, Script
from contracts.court import IngestResultKind
from contracts.pathway import PathwayState
from contracts.referrals import FactsCommand
from ingest.service import IngestService
from workflows.pathway import PathwayWorkflow

T = TypeVar("T")
RETRYABLE = (
    RPCError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
    TimeoutError,
    ConnectionError,
)
Handle = WorkflowHandle[PathwayWorkflow, PathwayState]


@dataclass
class Tally:
    """What the driver did: commands sent, retries and their causes, refusals."""

    commands: int = 0
    retries: int = 0
    resumed: int = 0
    causes: Counter[str] = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)


def recorded(state: PathwayState) -> int:
    """Return how many commands the pathway has recorded (one timeline entry each)."""
    return sum(1 for entry in state.timeline if entry.kind != "new_order")


class Driver:
    """Starts scripted pathways through the intake and records their commands."""

    def __init__(self, client: Client, ingest: IngestService, *, timeout: float = 30.0) -> None:
        self._client = client
        self._ingest = ingest
        self._timeout = timeout
        self.tally = Tally()

    async def retry(self, call: Callable[[], Awaitable[T]], timeout: float | None = None) -> T:
        """Call until it answers: after a retryable error or a timeout, wait longer each time."""
        delay = 0.2
        while True:
            try:
                return await asyncio.wait_for(call(), timeout or self._timeout)
            except RETRYABLE as error:
                self._note(error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 3.0)

    def _note(self, error: BaseException) -> None:
        self.tally.retries += 1
        self.tally.causes[type(error).__name__] += 1

    async def start(self, script: Script) -> str:
        """Ingest the script's court outcome (again, if need be); return its pathway id."""
        results = await self.retry(lambda: self._ingest.ingest([script.outcome]))
        (result,) = results
        if result.result not in (IngestResultKind.STARTED, IngestResultKind.DUPLICATE):
            raise RuntimeError(f"pathway {script.index} was not started: {result.reason}")
        assert result.pathway_id is not None
        return result.pathway_id

    async def run(
        self, script: Script, pathway_id: str, rng: random.Random, think: float = 0.0
    ) -> None:
        """Record every command of the script, pausing up to `think` seconds before each."""
        handle = self._client.get_workflow_handle_for(PathwayWorkflow.run, pathway_id)
        refused = 0
        k = 0
        while k < len(script.commands):
            if think:
                await asyncio.sleep(rng.uniform(0, think))
            try:
                await asyncio.wait_for(
                    self._send(handle, f"{pathway_id}:{k}", script.commands[k]), self._timeout
                )
                k += 1
            except WorkflowUpdateFailedError as failed:
                self.tally.refused.append(f"pathway {script.index} command {k}: {failed.cause}")
                refused += 1
                k += 1
            except RETRYABLE as error:
                self._note(error)
                state = await self.retry(lambda: handle.query(PathwayWorkflow.state))
                k = recorded(state) + refused
                self.tally.resumed += 1

    async def _send(self, handle: Handle, update_id: str, command: Command) -> None:
        self.tally.commands += 1
        if isinstance(command, FactsCommand):
            await handle.execute_update(PathwayWorkflow.record_facts, command, id=update_id)
        else:
            await handle.execute_update(PathwayWorkflow.record_step, command, id=update_id)

    async def final_state(self, pathway_id: str) -> PathwayState:
        """Wait for the pathway's workflow to finish (its I/O drained); return its result."""
        handle = self._client.get_workflow_handle_for(PathwayWorkflow.run, pathway_id)
        return await self.retry(handle.result, timeout=120)
