"""Issue 13 (6): a bounded schemathesis run over the whole API finds no server error, and every
answer is one the schema documents (status code, content type).

Bounded on purpose (a few examples per operation, no stateful phase): the full campaign is
run by hand (docs/testing.md); this keeps the suite honest at a cost of seconds."""
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    status_code_conformance,
)

from core.roles import Role

EXAMPLES_PER_OPERATION = 3


# The schema is read through the WSGI app, as a client reads it; requests go the same way.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
# Valid and invalid inputs alike: the server errors found by hand came from invalid ones.
schema.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: a request must not close the test's database connection
    (on PostgreSQL that would end the test's transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    from accounts.models import User
    from accounts.testing import bearer
    from geo.testing import make_province

    # No password: hashing one per operation would cost more than the requests.
    user = User.objects.create(username="fuzz", role=Role.COORDINATOR, province=make_province("23"))
    return bearer(user)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_as_documented(case, token):
    case.call_and_validate(headers=token,
                           checks=[not_a_server_error, status_code_conformance, content_type_conformance])
