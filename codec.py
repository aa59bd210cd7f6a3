"""Encrypted Temporal payloads: AES-GCM with key ids, so keys rotate without breaking pathways.

Every client and worker encodes with the current key and decodes with any key it holds, so a
new key can be made current while running pathways still hold payloads under the old one.
Payloads not encrypted by this codec (recorded test histories, search attributes) pass through.
"""

import base64
import json
import os
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
_NONCE = 12


class UnknownKey(Exception):
    """A payload was encrypted under a key this process does not hold."""


class EncryptionCodec(PayloadCodec):
    """Encrypts each payload whole (metadata and data) under the current key."""

    def __init__(self, keys: Mapping[str, bytes], current: str) -> None:
        if current not in keys:
            raise ValueError(f"the current payload key {current!r} is not among the keys")
        bad = [k for k, v in keys.items() if len(v) != 32]
        if bad:
            raise ValueError(f"payload keys must be 32 bytes (AES-256): {', '.join(bad)}")
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self._current = current

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        """Encrypt payloads under the current key."""
        cipher = self._ciphers[self._current]
        out = []
        for p in payloads:
            nonce = os.urandom(_NONCE)
            sealed = cipher.encrypt(nonce, p.SerializeToString(), self._current.encode())
            out.append(
                Payload(
                    metadata={"encoding": ENCODING, KEY_ID: self._current.encode()},
                    data=nonce + sealed,
                )
            )
        return out

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        """Decrypt payloads under whichever key they name; pass others through."""
        out = []
        for p in payloads:
            if p.metadata.get("encoding") != ENCODING:
                out.append(p)
                continue
            key_id = p.metadata.get(KEY_ID, b"").decode()
            cipher = self._ciphers.get(key_id)
            if cipher is None:
                raise UnknownKey(f"payload encrypted under key {key_id!r}, which is not configured")
            plain = cipher.decrypt(p.data[:_NONCE], p.data[_NONCE:], key_id.encode())
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
