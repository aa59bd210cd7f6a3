"""Encrypted Temporal payloads: AES-GCM with key ids, each payload bound to its pathway.

Every client and worker encodes with the current key and decodes with any key it holds, so a
new key can be made current while running pathways still hold payloads under the old one.
Payloads not encrypted by this codec (recorded test histories, search attributes) pass through.

Temporal tells the codec which workflow a payload belongs to (its serialization context: the
workflow's own inputs, updates, queries and failures, and its activities' inputs and results).
The codec writes that workflow id, which for a pathway is its opaque pathway id, into the
payload's metadata in the clear and seals it as associated data with the key id. So:

- the codec server can tell which pathway a payload belongs to before decrypting it, and
  decrypt it only for someone who may read that pathway;
- a payload whose pathway id was edited, added or removed no longer decrypts;
- a worker or client decoding for one workflow refuses a payload that names another.

Payloads sealed without a workflow (before this binding, or with no context) carry no pathway
id and still decode.

Errors, all `PayloadRefused` (a branch of Pathway's tree, `core.errors`):

    PayloadRefused
    ├── UnknownKey            sealed under a key id this process does not hold
    ├── TamperedPayload       fails authentication: edited data or metadata, or a wrong key
    └── PayloadOfAnotherWorkflow   names another workflow than the one it is decoded for
"""

import base64
import copy
import json
import os
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Self

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    ActivitySerializationContext,
    PayloadCodec,
    SerializationContext,
    WithSerializationContext,
    WorkflowSerializationContext,
)

from core.errors import PayloadOfAnotherWorkflow as PayloadOfAnotherWorkflow
from core.errors import PayloadRefused as PayloadRefused
from core.errors import TamperedPayload as TamperedPayload
from core.errors import UnknownKey as UnknownKey

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
PATHWAY_ID = "pathway-id"
_NONCE = 12


def is_sealed(payload: Payload) -> bool:
    """Return whether this codec encrypted the payload."""
    return payload.metadata.get("encoding") == ENCODING


def named_pathway(payload: Payload) -> str | None:
    """The pathway (workflow) id a sealed payload names in the clear, or None.

    Only a successful decode proves the name: it is sealed as associated data.
    """
    raw = payload.metadata.get(PATHWAY_ID)
    return raw.decode(errors="replace") if raw is not None else None


def _associated_data(key_id: str, pathway_id: str | None) -> bytes:
    # Payloads sealed before pathways were bound used the key id alone; keep that form for
    # them. A JSON array cannot be confused with a bare key id a deployment configures.
    if pathway_id is None:
        return key_id.encode()
    return json.dumps([key_id, pathway_id]).encode()


def _workflow_of(context: SerializationContext) -> str | None:
    if isinstance(context, WorkflowSerializationContext | ActivitySerializationContext):
        return context.workflow_id or None
    return None


def _started_by_schedule(workflow_id: str, named: str) -> bool:
    # A schedule's action is encoded with the schedule's workflow id, and each workflow it
    # starts runs as that id plus "-" and the start time.
    return workflow_id.startswith(named + "-")


class EncryptionCodec(PayloadCodec, WithSerializationContext):
    """Encrypts each payload whole (metadata and data) under the current key."""

    def __init__(self, keys: Mapping[str, bytes], current: str) -> None:
        if current not in keys:
            raise ValueError(f"the current payload key {current!r} is not among the keys")
        bad = [k for k, v in keys.items() if len(v) != 32]
        if bad:
            raise ValueError(f"payload keys must be 32 bytes (AES-256): {', '.join(bad)}")
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self._current = current
        self._workflow_id: str | None = None

    @property
    def workflow_id(self) -> str | None:
        """The workflow this codec seals for and checks against, if Temporal named one."""
        return self._workflow_id

    def with_context(self, context: SerializationContext) -> Self:
        """A codec for one workflow's payloads (Temporal calls this per workflow or activity)."""
        workflow_id = _workflow_of(context)
        if workflow_id == self._workflow_id:
            return self
        bound = copy.copy(self)
        bound._workflow_id = workflow_id
        return bound

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        """Encrypt payloads under the current key, naming the workflow they belong to."""
        cipher = self._ciphers[self._current]
        aad = _associated_data(self._current, self._workflow_id)
        metadata = {"encoding": ENCODING, KEY_ID: self._current.encode()}
        if self._workflow_id is not None:
            metadata[PATHWAY_ID] = self._workflow_id.encode()
        out = []
        for p in payloads:
            nonce = os.urandom(_NONCE)
            sealed = cipher.encrypt(nonce, p.SerializeToString(), aad)
            out.append(Payload(metadata=metadata, data=nonce + sealed))
        return out

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        """Decrypt payloads under whichever key they name; pass others through."""
        out = []
        for p in payloads:
            if not is_sealed(p):
                out.append(p)
                continue
            key_id = p.metadata.get(KEY_ID, b"").decode(errors="replace")
            cipher = self._ciphers.get(key_id)
            if cipher is None:
                raise UnknownKey(key_id)
            named = named_pathway(p)
            if (
                named is not None
                and self._workflow_id is not None
                and named != self._workflow_id
                and not _started_by_schedule(self._workflow_id, named)
            ):
                raise PayloadOfAnotherWorkflow(
                    f"payload of workflow {named!r} presented as one of {self._workflow_id!r}"
                )
            try:
                plain = cipher.decrypt(
                    p.data[:_NONCE], p.data[_NONCE:], _associated_data(key_id, named)
                )
            except (InvalidTag, ValueError) as bad:
                raise TamperedPayload(
                    f"payload under key {key_id!r} fails authentication: it was changed"
                    " after it was sealed"
                ) from bad
            out.append(Payload.FromString(plain))
        return out


def load_or_create_keys(path: Path) -> tuple[dict[str, bytes], str]:
    """Read the development key file, creating it with a fresh key on first run."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key_id = f"dev-{secrets.token_hex(4)}"
        body = {"current": key_id, "keys": {key_id: base64.b64encode(os.urandom(32)).decode()}}
        path.write_text(json.dumps(body, indent=2))
        path.chmod(0o600)
    return parse_keys(path.read_text())


def parse_keys(text: str) -> tuple[dict[str, bytes], str]:
    """Parse `{"current": ID, "keys": {ID: base64}}` into keys and the current key id."""
    body = json.loads(text)
    keys = {k: base64.b64decode(v) for k, v in body["keys"].items()}
    return keys, str(body["current"])
