"""Issue 10: reads run outside a transaction, writes inside one; large API answers are compressed;
PostgreSQL connections are pooled unless turned off for PgBouncer."""

import gzip
import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from configurator.tests.factories import ManufacturingTypeFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


def savepoints(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].upper().startswith(("SAVEPOINT", "BEGIN"))]


def test_an_api_read_opens_no_transaction():
    client = client_for(SuperuserFactory())
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/configurator/v1/manufacturing-types").status_code == 200
    assert savepoints(queries) == []


def test_an_api_write_runs_in_its_own_transaction():
    client = client_for(SuperuserFactory())
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/configurator/v1/manufacturing-types", {"name": "Door", "base_price": "10"})
    assert response.status_code == 201, response.content
    assert len(savepoints(queries)) >= 1


def test_a_refused_write_writes_nothing():
    client = client_for(SuperuserFactory())
    ManufacturingTypeFactory(name="Door")
    response = client.post("/api/configurator/v1/manufacturing-types", {"name": "Door", "base_price": "10"})
    assert response.status_code == 409, response.content
    assert client.get("/api/configurator/v1/manufacturing-types").json()["total"] == 1


def test_a_paginated_list_is_identity_plus_count_plus_select():
    """The bearer token's user and its revocation come in one query (accounts/authentication.py)."""
    ManufacturingTypeFactory.create_batch(3)
    client = client_for(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/configurator/v1/manufacturing-types")
    assert response.status_code == 200 and response.json()["total"] == 3
    assert len(queries) == 3, [q["sql"] for q in queries]


def test_a_large_api_answer_is_gzipped_for_clients_that_accept_it():
    ManufacturingTypeFactory.create_batch(30)
    client = client_for(SuperuserFactory())
    plain = client.get("/api/configurator/v1/manufacturing-types")
    packed = client.get("/api/configurator/v1/manufacturing-types", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content)
    assert json.loads(gzip.decompress(packed.content)) == plain.json()


def test_small_answers_and_pages_are_not_compressed(client):
    small = client_for(SuperuserFactory()).get("/api/mfg/profile", HTTP_ACCEPT_ENCODING="gzip")
    assert small.status_code == 200 and "Content-Encoding" not in small
    page = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert page.status_code == 200 and len(page.content) > 1024 and "Content-Encoding" not in page


def database_settings(**env) -> dict:
    """DATABASES["default"] as production settings build it from this environment."""
    code = "import json, config.settings as s; print(json.dumps(s.DATABASES['default'], default=str))"
    environment = {**os.environ, "SECRET_KEY": "x" * 50, **env}
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_postgresql_connections_are_pooled_by_default():
    database = database_settings(DATABASE_URL="postgres://app@db:5432/platform")
    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 10, "timeout": 10}
    assert database.get("CONN_MAX_AGE", 0) == 0 and database["ATOMIC_REQUESTS"] is True


def test_behind_pgbouncer_the_pool_is_off_and_connections_are_checked():
    database = database_settings(DATABASE_URL="postgres://app@db:5432/platform", DB_POOL="0", DB_CONN_MAX_AGE="60")
    assert "pool" not in database.get("OPTIONS", {})
    assert database["CONN_MAX_AGE"] == 60 and database["CONN_HEALTH_CHECKS"] is True


def test_sqlite_has_no_pool():
    assert "pool" not in database_settings(DATABASE_URL="sqlite:///tmp.sqlite3").get("OPTIONS", {})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is PostgreSQL's")
def test_tests_on_postgresql_use_the_pool():
    connection.ensure_connection()
    assert connection.pool is not None
