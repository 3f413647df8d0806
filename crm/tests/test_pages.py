"""The customer's call request page."""

import pytest
from django.urls import reverse

from crm.models import CallRequest

pytestmark = pytest.mark.django_db


def test_call_request_form(client, user):
    client.force_login(user)
    form = {"name": "Ann", "phone": "+77011234567", "product": "Lathe", "time": "Evening", "agreement": "on"}
    assert client.post(reverse("crm:call-request"), form).status_code == 302
    assert CallRequest.objects.get().user == user
    refused = client.post(reverse("crm:call-request"), {**form, "agreement": ""})
    assert "Please agree" in refused.content.decode() and CallRequest.objects.count() == 1
