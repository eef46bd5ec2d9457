"""Fuzz API v1 from its own OpenAPI document: no server errors, responses match the schema.

Schemathesis generates requests (valid and invalid) for every operation in
/api/v1/openapi.json and checks each response against the schema, including problem+json
for errors. The WSGI app is called in-process, on the test database.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_test_connection_open():
    # As Django's test client does: a real WSGI call would close the connection that holds
    # the test transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_operation_answers_within_its_schema(case):
    case.call_and_validate()
