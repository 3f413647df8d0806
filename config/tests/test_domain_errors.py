"""Services raise domain errors; every dialect renders them, and pages read them by field."""

import pytest

from config import errors as domain
from config.api import configurator, mfg
from config.api.errors import to_api_error


@pytest.mark.parametrize(
    ("error", "status", "kind"),
    [
        (domain.Rejected("Username already registered"), 400, "bad_request"),
        (domain.Forbidden(), 403, "forbidden"),
        (domain.NotFound("File not found"), 404, "not_found"),
        (domain.Conflict("Customer with this email already exists"), 409, "conflict"),
        (domain.Unavailable("Bitrix24 is off", setting="BITRIX_WEBHOOK_URL"), 503, "unavailable"),
    ],
)
def test_each_domain_error_has_its_status(error, status, kind):
    api_error = to_api_error(error)
    assert (api_error.status, api_error.kind, api_error.message) == (status, kind, error.message)


def test_refused_collects_every_problem_as_field_errors():
    refused = domain.Refused.of({"quantity": ["Must be at least 1."], "length": ["Too long.", "Not a number."]})
    api_error = to_api_error(refused, validation_status=422)
    assert api_error.status == 422 and api_error.is_validation
    assert api_error.fields_by_name() == {"quantity": ["Must be at least 1."], "length": ["Too long.", "Not a number."]}
    assert domain.problems_by_field(refused) == api_error.fields_by_name()


def test_a_refusal_without_a_field_is_a_non_field_problem():
    refused = domain.Refused(None, "The quote expired", "invalid_status")
    assert refused.by_field() == {domain.NON_FIELD: ["The quote expired"]}
    assert domain.problems_by_field(domain.NotFound("Quote not found")) == {domain.NON_FIELD: ["Quote not found"]}


def test_dialects_render_domain_errors_in_their_own_body():
    not_found = to_api_error(domain.NotFound("File not found"))
    assert mfg.dialect.error_body(not_found) == {"error": "NOT_FOUND", "message": "File not found", "details": {}}
    refused = to_api_error(domain.Refused("name", "Too long", "max_length"))
    body = configurator.dialect.error_body(refused)
    assert body["message"] == "Validation Error"
    assert body["details"] == [{"detail": "Too long", "field": "name", "error_code": "value_error.str.max_length"}]
