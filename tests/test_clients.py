"""Connecting to Temporal: a server that is still starting is waited for, within a bound."""

import asyncio
import socket
import subprocess
import time
from pathlib import Path

import pytest

from core.clients import connect_temporal
from core.settings import Settings
from tests.conftest import _binary


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_a_worker_started_before_its_temporal_server_connects_once_it_is_up(
    tmp_path: Path,
) -> None:
    """`pathway dev` starts the worker and the API as the dev server's port opens, when its
    frontend may still answer "not healthy yet": they must wait, not die."""
    port = _free_port()
    settings = Settings(data_dir=tmp_path, temporal_address=f"127.0.0.1:{port}")
    connecting = asyncio.create_task(connect_temporal(settings, wait_seconds=30))
    await asyncio.sleep(1.0)
    assert not connecting.done(), "nothing listens yet: it must still be trying"
    server = subprocess.Popen(
        [_binary("temporal"), "server", "start-dev", "--headless", "--ip", "127.0.0.1",
         "--port", str(port), "--log-level", "error"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        client = await asyncio.wait_for(connecting, 40)
        assert (await client.service_client.check_health()) is not None
    finally:
        server.terminate()
        server.wait(timeout=15)


async def test_an_unreachable_server_is_given_up_on_after_the_bound(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, temporal_address=f"127.0.0.1:{_free_port()}")
    began = time.monotonic()
    with pytest.raises(RuntimeError, match="Failed client connect"):
        await connect_temporal(settings, wait_seconds=1.0)
    assert 1.0 <= time.monotonic() - began < 10
