"""schemathesis against the app's own OpenAPI spec: whatever a client sends, the API never answers 500."""

from __future__ import annotations

from collections import Counter
from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.result import Ok

# Per operation and per mode (data the spec allows, data it forbids): bounded so the whole run stays < 60 s.
EXAMPLES = 50


def test_no_request_the_spec_allows_or_forbids_gets_a_server_error(app: FastAPI) -> None:
    # Driven by hand: schemathesis' pytest plugin (from_fixture) needs pytest internals that pytest 9 dropped.
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    calls: Counter[str] = Counter()
    server_errors: list[tuple[str, int, str]] = []
    skipped: list[str] = []
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operations.append(result.ok())
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case: schemathesis.Case[Any]) -> None:
                response = case.call()
                calls[f"{case.method} {case.path} ({case.meta.generation.mode.value if case.meta else '?'})"] += 1
                if response.status_code >= 500:
                    server_errors.append((case.as_curl_command(), response.status_code, response.text[:300]))

            try:
                call()
            except Unsatisfiable:  # an operation without parameters or body has nothing to make invalid
                assert mode is GenerationMode.NEGATIVE, operation.label
                skipped.append(operation.label)
    print(f"schemathesis: {sum(calls.values())} requests over {len(operations)} operations: {dict(calls)}")
    print(f"schemathesis: no invalid data possible for {skipped}")
    assert len(operations) >= 6
    assert server_errors == []
