"""Issue 9: every operation documents the errors it can answer, in its API's error body, and its bounds."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from config.api.mounts import DIALECTS

ERROR_COMPONENT = {
    "mfg": "MfgError",
    "configurator": "ConfiguratorError",
    "shop": "ShopError",
    "inventory": "InventoryError",
    "printshop": "PrintshopError",
}
WRITES = {"post", "put", "patch"}
VALIDATION_STATUS = {dialect.name: dialect.validation_status for dialect in DIALECTS}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in {"get", "post", "put", "patch", "delete"} and operation["tags"][0] in ERROR_COMPONENT:
                yield path, method, operation


def error_ref(operation, code) -> str:
    return operation["responses"][code]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def test_every_operation_documents_its_errors_in_its_dialect(schema):
    checked = 0
    for path, method, operation in operations(schema):
        api = operation["tags"][0]
        expected = {"429"}
        if "{" in path:
            expected.add("404")
        if method in WRITES:  # the print shop refuses values with 400, as its spec writes
            expected |= {"400", "413", str(VALIDATION_STATUS[api])}
        if operation.get("security") and {} not in operation["security"]:
            expected.add("401")
        documented = set(operation["responses"])
        assert expected <= documented, f"{method.upper()} {path} lacks {sorted(expected - documented)}"
        for code in expected:
            assert error_ref(operation, code) == ERROR_COMPONENT[api], (method, path, code)
        assert "Retry-After" in operation["responses"]["429"]["headers"]
        checked += 1
    assert checked > 70


def test_ids_in_paths_are_published_with_their_bounds(schema):
    """Database ids are integers of at least 1; the inventory's row ids are UUIDs, as its spec says."""
    id_parameters = [
        parameter
        for _, _, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path" and (parameter["name"] in {"id", "pk"} or parameter["name"].endswith("_id"))
    ]
    assert id_parameters
    for parameter in id_parameters:
        bounds = parameter["schema"]
        integer = bounds["type"] == "integer" and bounds["minimum"] == 1
        uuid = bounds["type"] == "string" and bounds.get("format") == "uuid"
        assert integer or uuid, parameter


def test_configurator_routes_with_rows_document_403_for_other_users_rows(schema):
    operation = schema["paths"]["/api/configurator/v1/configurations/{id}"]["get"]
    assert error_ref(operation, "403") == "ConfiguratorError"
