"""The Temporal UI's codec endpoint decodes payloads for authorised users only."""

import base64

from temporalio.api.common.v1 import Payload

from tests.api.conftest import Api

PLAIN = Payload(metadata={"encoding": b"json/plain"}, data=b'{"child_views": "I want to go home"}')


async def test_the_codec_endpoint_decodes_for_a_supervisor_and_refuses_a_caseworker(api: Api) -> None:
    from clients import payload_codec

    (sealed,) = await payload_codec(api.settings).encode([PLAIN])
    body = {"payloads": [{"metadata": {k: base64.b64encode(v).decode() for k, v in sealed.metadata.items()},
                          "data": base64.b64encode(sealed.data).decode()}]}
    r = await api.http.post("/codec/decode", json=body, headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    assert base64.b64decode(r.json()["payloads"][0]["data"]) == PLAIN.data
    r = await api.http.post("/codec/decode", json=body, headers=api.token("caseworker"))
    assert r.status_code == 403

