"""Property tests of the whole API from its own OpenAPI schema (schemathesis, in-process
over WSGI): no server error and no response that breaks the schema, for generated
valid and invalid input alike. The number of examples per operation is bounded so the
run stays well under a minute."""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from didgah.api.services import token_create

from didgah.news.tests.factories import make_article, make_category, make_source

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Valid and invalid input both: invalid must come back as a documented 4xx, never a 500.
schema.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]
# Enough to reach every parameter's edges (0, huge ids, odd dates, NUL and RTL text)
# for each operation while keeping the whole run near 30 s on SQLite.
EXAMPLES = 30


@pytest.fixture
def api_content(db, settings):
    settings.API_READS_PER_MINUTE_ANON = 0  # unlimited: the run is one address
    settings.API_READS_PER_MINUTE_READER = 0
    settings.API_WRITES_PER_MINUTE = 0
    settings.COMMUNITY_REQUIRE_VERIFIED_EMAIL = False
    # The community's own per-reader limits would turn most generated writes into
    # refusals; raise them so the writes reach the services.
    settings.COMMENT_RATE_PER_MINUTE = settings.COMMENT_RATE_PER_HOUR = settings.VOTE_RATE_PER_MINUTE = 100000
    cache.clear()
    reader = get_user_model().objects.create_user("schema-reader", "s@example.com", "pass-Word-123")
    category = make_category(name="سیاست", slug="siasat")
    source = make_source(name="منبع نمونه", slug="nemune")
    for i in range(3):
        make_article(title=f"خبر نمونهٔ سیاسی {i}", source=source, categories=[category],
                     original_url=f"https://nemune.example/{i}")
    _, raw = token_create(user=reader, name="schemathesis")
    # The raw WSGI handler closes "old" connections at each request's start and end;
    # inside the test's transaction that would drop it (PostgreSQL). Django's test
    # client unhooks the same receivers while it runs a request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {raw}"}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    cache.clear()


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_conforms_to_its_schema(case, api_content):
    # Writes go in as a signed-in reader (token), so they reach the community services.
    # The WSGI test client does not decompress: ask for the plain body.
    headers = {"Accept-Encoding": "identity"}
    if case.method == "POST":
        headers.update(api_content)
    case.call_and_validate(checks=CHECKS, headers=headers)
