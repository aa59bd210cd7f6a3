"""Payloads are encrypted with key ids, keys rotate, and each payload is bound to its pathway."""

import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    ActivitySerializationContext,
    NexusSerializationContext,
    WorkflowSerializationContext,
)

from core.codec import (
    PATHWAY_ID,
    EncryptionCodec,
    PayloadOfAnotherWorkflow,
    TamperedPayload,
    UnknownKey,
    named_pathway,
)

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


def for_workflow(codec: EncryptionCodec, workflow_id: str) -> EncryptionCodec:
    return codec.with_context(WorkflowSerializationContext(namespace="default", workflow_id=workflow_id))


def for_activity_of(codec: EncryptionCodec, workflow_id: str) -> EncryptionCodec:
    return codec.with_context(ActivitySerializationContext(
        namespace="default", activity_id="1", activity_type="project_pathway", activity_task_queue="q",
        workflow_id=workflow_id, workflow_type="PathwayWorkflow", is_local=False))


async def test_a_payload_sealed_for_a_pathway_names_it_in_the_clear_and_decodes_for_it() -> None:
    codec = EncryptionCodec({"k1": K1}, "k1")
    (sealed,) = await for_workflow(codec, "pw-a").encode([PLAIN])
    assert sealed.metadata[PATHWAY_ID] == b"pw-a" and named_pathway(sealed) == "pw-a"
    # The workflow, its activities and the codec server (no context) all read it.
    assert await for_workflow(codec, "pw-a").decode([sealed]) == [PLAIN]
    assert await for_activity_of(codec, "pw-a").decode([sealed]) == [PLAIN]
    assert await codec.decode([sealed]) == [PLAIN]
    (from_activity,) = await for_activity_of(codec, "pw-a").encode([PLAIN])
    assert named_pathway(from_activity) == "pw-a"


async def test_a_payload_moved_to_another_pathway_does_not_decrypt() -> None:
    codec = EncryptionCodec({"k1": K1}, "k1")
    (sealed,) = await for_workflow(codec, "pw-a").encode([PLAIN])
    # Moved as it is: the workflow it was moved into refuses it.
    with pytest.raises(PayloadOfAnotherWorkflow):
        await for_workflow(codec, "pw-b").decode([sealed])
    with pytest.raises(PayloadOfAnotherWorkflow):
        await for_activity_of(codec, "pw-b").decode([sealed])
    # Moved and relabelled: it fails authentication everywhere.
    relabelled = Payload(metadata={**sealed.metadata, PATHWAY_ID: b"pw-b"}, data=sealed.data)
    for reader in (codec, for_workflow(codec, "pw-b")):
        with pytest.raises(TamperedPayload):
            await reader.decode([relabelled])


async def test_a_payload_whose_pathway_id_is_removed_or_added_does_not_decrypt() -> None:
    codec = EncryptionCodec({"k1": K1}, "k1")
    (bound,) = await for_workflow(codec, "pw-a").encode([PLAIN])
    stripped = Payload(metadata={k: v for k, v in bound.metadata.items() if k != PATHWAY_ID}, data=bound.data)
    (unbound,) = await codec.encode([PLAIN])
    labelled = Payload(metadata={**unbound.metadata, PATHWAY_ID: b"pw-a"}, data=unbound.data)
    for payload in (stripped, labelled):
        with pytest.raises(TamperedPayload):
            await codec.decode([payload])


async def test_a_payload_with_a_changed_byte_is_refused_as_tampered() -> None:
    codec = EncryptionCodec({"k1": K1}, "k1")
    (sealed,) = await for_workflow(codec, "pw-a").encode([PLAIN])
    data = bytearray(sealed.data)
    data[20] ^= 1
    with pytest.raises(TamperedPayload):
        await codec.decode([Payload(metadata=sealed.metadata, data=bytes(data))])
    with pytest.raises(TamperedPayload):
        await codec.decode([Payload(metadata=sealed.metadata, data=b"short")])


async def test_a_payload_sealed_before_pathways_were_bound_still_decodes_in_any_workflow() -> None:
    # Sealed as the codec did before: associated data is the key id alone, no pathway id.
    nonce = os.urandom(12)
    old = Payload(
        metadata={"encoding": b"binary/encrypted", "encryption-key-id": b"k1"},
        data=nonce + AESGCM(K1).encrypt(nonce, PLAIN.SerializeToString(), b"k1"),
    )
    codec = EncryptionCodec({"k1": K1}, "k1")
    assert named_pathway(old) is None
    assert await for_workflow(codec, "pw-a").decode([old]) == [PLAIN]
    assert await codec.decode([old]) == [PLAIN]


async def test_payloads_with_no_workflow_context_name_no_pathway() -> None:
    codec = EncryptionCodec({"k1": K1}, "k1")
    nexus = codec.with_context(NexusSerializationContext(endpoint="e", service="s", operation="o"))
    standalone = codec.with_context(ActivitySerializationContext(
        namespace="default", activity_id="1", activity_type=None, activity_task_queue=None,
        workflow_id=None, workflow_type=None, is_local=False))
    for c in (codec, nexus, standalone):
        (sealed,) = await c.encode([PLAIN])
        assert PATHWAY_ID not in sealed.metadata


async def test_a_workflow_started_by_a_schedule_reads_the_input_sealed_for_the_schedule() -> None:
    # A schedule's action is sealed under the schedule's workflow id; each run is that id,
    # a dash and its start time.
    codec = EncryptionCodec({"k1": K1}, "k1")
    (action,) = await for_workflow(codec, "pathway-retention").encode([PLAIN])
    run = for_workflow(codec, "pathway-retention-2026-12-01T00:00:00Z")
    assert await run.decode([action]) == [PLAIN]
    with pytest.raises(PayloadOfAnotherWorkflow):
        await for_workflow(codec, "pathway-retentio").decode([action])
