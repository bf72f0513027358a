"""Fuzzing from the OpenAPI document (schemathesis): for every operation, cases valid by the
schema and cases that break it, half of them with an admin key so that write endpoints are
fuzzed past the key check. Whatever is sent, the service never answers 5xx. Examples are
bounded per operation so the run stays well under two minutes.

(The cases are drawn with schemathesis' strategies and Hypothesis directly: its pytest plugin
does not run under pytest 9.)"""

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from iceout.api.limits import MAX_BATCH

EXAMPLES = 50
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def test_no_input_gets_a_server_error(own_api) -> None:
    server, store = own_api
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    admin = {"Authorization": f"Bearer {store.admin_key}"}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode), with_key=st.booleans())
            def no_server_error(case, with_key: bool) -> None:
                response = case.call(headers=admin if with_key else {}, timeout=60)
                assert response.status_code < 500, (
                    f"{case.method} {case.formatted_path}: {response.status_code} "
                    f"{response.text[:300]}"
                )

            try:
                no_server_error()
            except Unsatisfiable:  # nothing to break: the operation takes no input
                assert mode == GenerationMode.NEGATIVE


def test_the_openapi_document_lists_every_endpoint(own_api) -> None:
    document = httpx.get(f"{own_api[0].url}/openapi.json").json()
    assert {
        "/healthz", "/api/screen", "/api/screen/csv", "/match/{dataset}", "/reconcile",
        "/reconcile/preview", "/api/families", "/api/families/{family_id}", "/api/review",
        "/api/judgements", "/api/me", "/api/keys", "/api/keys/{key_id}",
    } <= set(document["paths"])  # fmt: skip
    batch = document["components"]["schemas"]["ScreenBatch"]["properties"]["names"]
    assert batch["maxItems"] == MAX_BATCH
    judge = document["paths"]["/api/judgements"]["post"]
    assert judge["security"] == [{"ApiKey": []}] and {"401", "403"} <= set(judge["responses"])
