"""The Temporal client every process uses, with the pydantic data converter."""

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from settings import Settings


async def connect_temporal(settings: Settings) -> Client:
    """Connect to the configured Temporal server (dev server, cluster or Temporal Cloud)."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
        tls=settings.temporal_tls,
        api_key=settings.temporal_api_key,
    )
