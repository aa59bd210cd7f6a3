"""Payloads are encrypted with key ids, keys rotate, and the UI's codec endpoint decodes."""

import os

import pytest
from temporalio.api.common.v1 import Payload

from codec import EncryptionCodec, UnknownKey

K1, K2 = os.urandom(32), os.urandom(32)
PLAIN = Payload(metadata={"encoding": b"json/plain"}, data=b'{"child_views": "I want to go home"}')


async def test_a_payload_is_encrypted_and_decrypted_whole() -> None:
    codec = EncryptionCodec({"k1": K1}, "k1")
    (sealed,) = await codec.encode([PLAIN])
    assert b"go home" not in sealed.SerializeToString()
    assert sealed.metadata["encryption-key-id"] == b"k1"
    assert await codec.decode([sealed]) == [PLAIN]


async def test_a_new_current_key_still_reads_payloads_sealed_under_the_old_one() -> None:
    (old,) = await EncryptionCodec({"k1": K1}, "k1").encode([PLAIN])
    rotated = EncryptionCodec({"k1": K1, "k2": K2}, "k2")
    (new,) = await rotated.encode([PLAIN])
    assert new.metadata["encryption-key-id"] == b"k2"
    assert await rotated.decode([old, new]) == [PLAIN, PLAIN]


async def test_a_payload_under_a_key_we_do_not_hold_is_refused_and_plain_ones_pass_through() -> None:
    (sealed,) = await EncryptionCodec({"k1": K1}, "k1").encode([PLAIN])
    with pytest.raises(UnknownKey):
        await EncryptionCodec({"k2": K2}, "k2").decode([sealed])
    assert await EncryptionCodec({"k2": K2}, "k2").decode([PLAIN]) == [PLAIN]


def test_keys_must_be_256_bits_and_the_current_one_present() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        EncryptionCodec({"k1": b"short"}, "k1")
    with pytest.raises(ValueError, match="not among the keys"):
        EncryptionCodec({"k1": K1}, "k9")
