"""The Temporal client every process uses: the pydantic converter and the payload codec."""

import asyncio
import dataclasses
import time
from functools import lru_cache
from pathlib import Path

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes

from core.codec import EncryptionCodec, load_or_create_keys, parse_keys
from core.settings import Settings


def payload_codec(settings: Settings) -> EncryptionCodec:
    """The codec for these settings: configured keys, or the data folder's development key."""
    return _codec(settings.payload_keys, str(settings.data_dir.resolve()))


@lru_cache(maxsize=8)
def _codec(configured: str | None, data_dir: str) -> EncryptionCodec:
    keys, current = (
        parse_keys(configured)
        if configured
        else load_or_create_keys(Path(data_dir) / "payload-keys.json")
    )
    return EncryptionCodec(keys, current)


def data_converter(settings: Settings) -> DataConverter:
    """Pydantic models in, encrypted payloads out, failure messages and stack traces included.

    A failure's message and stack trace may quote case text, so they travel encrypted in the
    failure's encoded attributes; history shows only "Encoded failure".
    """
    return dataclasses.replace(
        pydantic_data_converter,
        payload_codec=payload_codec(settings),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


async def connect_temporal(
    settings: Settings, *, wait_seconds: float | None = None
) -> Client:
    """Connect to the configured Temporal server (dev server, cluster or Temporal Cloud).

    A server that accepts connections before its frontend is healthy answers "Unavailable"
    for a moment (the dev server does, just after its port opens): the connection is tried
    again until `wait_seconds` (default: `temporal_connect_wait_seconds`) have passed, then the
    last error is raised.
    """
    wait = settings.temporal_connect_wait_seconds if wait_seconds is None else wait_seconds
    deadline = time.monotonic() + wait
    while True:
        try:
            return await Client.connect(
                settings.temporal_address,
                namespace=settings.temporal_namespace,
                data_converter=data_converter(settings),
                tls=settings.temporal_tls,
                api_key=settings.temporal_api_key,
            )
        except RuntimeError as failed:  # the SDK's "Failed client connect: ..."
            if time.monotonic() >= deadline or not _passing(failed):
                raise
            await asyncio.sleep(0.25)


def _passing(failed: RuntimeError) -> bool:
    """Whether a failed connection may succeed in a moment (starting, or not listening yet)."""
    text = str(failed)
    return any(s in text for s in ("Unavailable", "not healthy", "tcp connect error"))
