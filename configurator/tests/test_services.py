"""Business rules the pages used to apply themselves, now one service call each (issue 8)."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.errors import Forbidden, NotFound, Refused
from configurator import services
from configurator.choices import ConfigurationStatus, QuoteStatus
from configurator.models import Configuration

from .factories import ConfigurationFactory, ManufacturingTypeFactory, SuperuserFactory, make_node

pytestmark = pytest.mark.django_db


def writes_to(table: str, queries) -> list[str]:
    return [q["sql"].split()[0] for q in queries if table in q["sql"] and not q["sql"].startswith("SELECT")]


def test_a_requested_quote_is_created_sent_in_one_write(user):
    configuration = ConfigurationFactory(user=user)
    with CaptureQueriesContext(connection) as queries:
        quote = services.request_quote(configuration)
    assert quote.status == QuoteStatus.SENT
    assert writes_to('"configurator_quote"', queries.captured_queries) == ["INSERT"]
    configuration.refresh_from_db()
    assert configuration.status == ConfigurationStatus.QUOTED


def test_a_configuration_saved_from_a_page_is_created_saved(user):
    configuration = services.create_configuration(
        user=user, manufacturing_type=ManufacturingTypeFactory(), name="Mine", status=ConfigurationStatus.SAVED
    )
    assert Configuration.objects.get(pk=configuration.pk).status == ConfigurationStatus.SAVED


def test_saving_a_draft_marks_it_saved_and_replaces_its_selections(user):
    configuration = ConfigurationFactory(user=user)
    node = make_node(manufacturing_type=configuration.manufacturing_type, price_impact_value="25.00")
    services.save_configuration(
        configuration, name="Renamed", description=None, selections=[{"attribute_node_id": node.pk}]
    )
    stored = Configuration.objects.get(pk=configuration.pk)
    assert (stored.name, stored.status, stored.total_price) == ("Renamed", ConfigurationStatus.SAVED, 225)
    assert list(stored.selections.values_list("attribute_node_id", flat=True)) == [node.pk]


def test_a_refused_save_changes_nothing(user):
    configuration = ConfigurationFactory(user=user)
    before = (configuration.name, configuration.status)
    node = make_node(manufacturing_type=configuration.manufacturing_type)
    with pytest.raises(Refused):
        services.save_configuration(
            configuration, name="Renamed", description=None, selections=[{"attribute_node_id": node.pk}] * 2
        )
    stored = Configuration.objects.get(pk=configuration.pk)
    assert (stored.name, stored.status) == before


def test_only_superusers_link_a_configuration_to_a_customer(user):
    manufacturing_type = ManufacturingTypeFactory()
    with pytest.raises(Forbidden):
        services.create_configuration(user=user, manufacturing_type=manufacturing_type, name="X", customer_id=1)
    with pytest.raises(NotFound, match="Customer not found"):
        services.create_configuration(
            user=SuperuserFactory(), manufacturing_type=manufacturing_type, name="X", customer_id=999999
        )
    assert not Configuration.objects.exists()


def test_an_owner_may_not_send_a_quote(user):
    quote = services.create_quote(configuration=ConfigurationFactory(user=user))
    with pytest.raises(Forbidden):
        services.change_quote_status(quote, QuoteStatus.SENT, by_superuser=False)


def test_services_never_speak_http():
    """Refusals are `config.errors` domain errors; the dialects write them (STYLE.md "Between apps")."""
    for module in Path(services.__file__).parent.glob("*.py"):
        assert "rest_framework" not in module.read_text(), module.name
