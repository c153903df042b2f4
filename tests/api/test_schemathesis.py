"""The API against its own OpenAPI document (schemathesis): no 500, every answer as documented.

Each operation gets a bounded number of generated requests, with a secretariat token and a
coordinator token, through the WSGI app (no server). Checks: no server error, the status code
is one the document lists, the content type and the body match the documented schema.
"""

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories

EXAMPLES = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def tokens(make, user_factory):
    node = make.node(code="LAO")
    make.quarterly_report(node, "2025Q1")
    make.agreement(reference="MOU-1")
    return {"secretariat": factories.token(user_factory("secretariat")),
            "coordinator": factories.token(user_factory("coordinator", node=node))}


def test_the_api_answers_as_documented(app, tokens):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, took = {}, {}
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            for token in tokens.values():
                case.call_and_validate(headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"},
                                     checks=CHECKS)

        started = time.monotonic()
        try:
            run()
        except BaseException as error:  # every operation is tried; all failures are reported together
            if isinstance(error, KeyboardInterrupt):
                raise
            failures[operation.label] = str(error)[:1500]
        took[operation.label] = time.monotonic() - started
    print(round(sum(took.values()), 1), sorted(took.items(), key=lambda item: -item[1])[:5])  # noqa: T201
    assert not failures, "\n\n".join(f"{label}: {error}" for label, error in failures.items())
