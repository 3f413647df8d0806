"""The catalogue answers are built once per change of the tables (issue 10)."""

import pytest
from django.core.cache import cache

from catalog.models import Service
from catalog.tables import tables_generation
from catalog.tests.factories import MaterialFactory
from config.testing.clients import client_for

pytestmark = pytest.mark.django_db


def cached(name):
    return cache.get(f"catalog:answer:{tables_generation()}:{name}")


def test_the_services_answer_is_kept_once_built():
    assert cached("services") is None
    body = client_for().get("/api/mfg/services").json()
    assert cached("services") == body


def test_a_changed_service_is_answered_at_once():
    client_for().get("/api/mfg/services")
    before = tables_generation()
    service = Service.objects.get(pk="cnc-milling")
    service.name = "Milling, 5-axis"
    service.save()
    assert tables_generation() != before
    assert client_for().get("/api/mfg/services").json()["cnc-milling"]["name"] == "Milling, 5-axis"


def test_materials_are_kept_per_process_and_follow_a_new_material():
    everything = client_for().get("/api/mfg/materials").json()
    lathe = client_for().get("/api/mfg/materials", {"process": "cnc-lathe"}).json()
    assert set(cached("materials:")) == set(everything) and set(cached("materials:cnc-lathe")) == set(lathe)
    new = MaterialFactory()
    assert new.pk in client_for().get("/api/mfg/materials").json()


def test_a_cached_answer_costs_no_query(django_assert_num_queries):
    client = client_for()
    client.get("/api/mfg/materials")
    with django_assert_num_queries(0):
        assert client.get("/api/mfg/materials").status_code == 200
