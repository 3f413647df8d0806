"""Issue 14: the published docs read as written for integrators, for every API with a docs module.

Each API opens the docs with how to sign in, page and read errors. Each operation has a short summary
and a description in plain words from config/api/docs/<api>.py, ending with who may call it; no
internal note leaks into them; every JSON body it takes or answers has an example, and the examples
match the published schemas (schemathesis sends the request examples in test_fuzz.py). An operation
without an entry, or an entry for an operation that is gone, fails with its name.
"""

import importlib

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from config.api import docs

INTERNAL_WORDS = [
    "query plan",
    "serializer",
    "Reference §",
    "docstring",
    "queryset",
    "select_related",
    "services.",
    "TODO",
]
METHODS = {"get", "post", "put", "patch", "delete"}
APIS = docs.documented_apis()


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(public=True)


def operations(schema, api: str):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in METHODS and operation["tags"] == [api]:
                yield f"{method.upper()} {path}", operation


def documented_operations(schema):
    for api in APIS:
        for name, operation in operations(schema, api):
            yield f"{name} ({operation['operationId']})", operation


def json_body(part: dict) -> dict | None:
    return part.get("content", {}).get("application/json")


def success_response(operation: dict) -> dict:
    return operation["responses"][min(code for code in operation["responses"] if code.startswith("2"))]


def as_json_schema(node, components: dict, direction: str):
    """An OpenAPI 3.0 schema as draft-4 JSON Schema, for one direction: `$ref`s inlined, `nullable`
    as a union with null, and fields of the other direction neither required nor allowed."""
    if isinstance(node, list):
        return [as_json_schema(item, components, direction) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return as_json_schema(components[node["$ref"].rsplit("/", 1)[-1]], components, direction)
    other_direction = "readOnly" if direction == "request" else "writeOnly"
    converted = {}
    for key, value in node.items():
        if key in {"nullable", "readOnly", "writeOnly"}:
            continue
        if key == "properties":
            converted[key] = {
                name: {"not": {}} if field.get(other_direction) else as_json_schema(field, components, direction)
                for name, field in value.items()
            }
        elif key == "required":
            converted[key] = [name for name in value if not node["properties"][name].get(other_direction)]
        else:
            converted[key] = as_json_schema(value, components, direction)
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def example_problems(content: dict, components: dict, direction: str) -> list[str]:
    validator = jsonschema.Draft4Validator(
        as_json_schema(content["schema"], components, direction),
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )
    return [
        f"{name}: {error.message} at {list(error.absolute_path)}"
        for name, example in content.get("examples", {}).items()
        for error in validator.iter_errors(example["value"])
    ]


def test_the_docs_cover_the_apis_served_today():
    """Which APIs are held to these tests; an API gets its docs module, and so its tests, when it is built."""
    assert {"mfg", "configurator", "shop"} <= set(APIS)


@pytest.mark.parametrize("api", APIS)
def test_the_docs_open_with_how_to_use_each_api(schema, api):
    intro = importlib.import_module(f"config.api.docs.{api}").INTRO
    [tag] = [tag for tag in schema["tags"] if tag["name"] == api]
    assert f"**{tag['description']}**\n\n{intro}" in schema["info"]["description"]
    assert "Authorization: Bearer" in intro


@pytest.mark.parametrize("api", APIS)
def test_every_operation_has_an_entry_and_no_entry_is_stale(schema, api):
    published = {operation["operationId"]: name for name, operation in operations(schema, api)}
    table = docs.operations(api)
    assert published, f"config/api/docs/{api}.py documents an API with no operation in the schema"
    missing = sorted(f"{published[operation_id]} ({operation_id})" for operation_id in published.keys() - table.keys())
    assert not missing, f"operations without an entry in config/api/docs/{api}.py: {missing}"
    stale = sorted(table.keys() - published.keys())
    assert not stale, f"entries in config/api/docs/{api}.py for operations the schema no longer has: {stale}"


def test_every_operation_has_a_short_summary_and_a_description(schema):
    for name, operation in documented_operations(schema):
        summary = operation.get("summary", "")
        assert summary and len(summary) <= 50 and not summary.endswith("."), f"{name}: summary {summary!r}"
        description = operation.get("description", "")
        text, _, who = description.partition("\n\n**Who may call:** ")
        assert len(text) >= 20, f"{name}: no description"
        assert who.endswith("."), f"{name}: no 'Who may call' line"


def test_no_internal_note_leaks_into_the_docs(schema):
    leaks = [
        f"{name}: {word!r}"
        for name, operation in documented_operations(schema)
        for word in INTERNAL_WORDS
        if word.lower() in (operation.get("summary", "") + operation.get("description", "")).lower()
    ]
    assert leaks == []


def test_every_json_body_has_an_example_that_matches_its_schema(schema):
    components = schema["components"]["schemas"]
    missing, problems = [], []
    for name, operation in documented_operations(schema):
        for direction, part in (
            ("request", operation.get("requestBody", {})),
            ("response", success_response(operation)),
        ):
            content = json_body(part)
            if content is None:
                continue
            if not content.get("examples"):
                missing.append(f"{name} {direction}")
            problems += [
                f"{name} {direction} {problem}" for problem in example_problems(content, components, direction)
            ]
    assert missing == []
    assert problems == []


def test_the_example_check_catches_wrong_examples(schema):
    components = schema["components"]["schemas"]
    order = json_body(schema["paths"]["/api/mfg/orders"]["post"]["requestBody"])
    wrong_order = {**order, "examples": {"Request": {"value": {"service_id": "cnc-milling", "quantity": 0}}}}
    assert example_problems(wrong_order, components, "request") == [
        "Request: 0 is not valid under any of the given schemas at ['quantity']",
        "Request: 'file_id' is a required property at []",
    ]
    configuration = json_body(schema["paths"]["/api/configurator/v1/configurations/{id}"]["patch"]["requestBody"])
    read_only_sent = {**configuration, "examples": {"Request": {"value": {"reference_code": "WIN-1", "name": None}}}}
    assert example_problems(read_only_sent, components, "request") == [
        "Request: None is not of type 'string' at ['name']",
        "Request: 'WIN-1' should not be valid under {} at ['reference_code']",
    ]
    answer = json_body(schema["paths"]["/api/mfg/orders/{order_id}"]["get"]["responses"]["200"])
    partial = {**answer, "examples": {"Answer": {"value": {"order_id": 1, "created_at": "yesterday"}}}}
    assert len(example_problems(partial, components, "response")) == 7  # six required fields and a bad date


@pytest.mark.parametrize(
    ("path", "method", "who"),
    [
        ("/api/mfg/services", "get", "no sign-in needed"),
        ("/api/mfg/calculate-price", "post", "no sign-in needed; a bearer token, when sent, identifies the caller"),
        ("/api/mfg/profile", "get", "any signed-in user"),
        ("/api/mfg/orders", "get", "any signed-in user; the list holds only the caller's own rows"),
        ("/api/mfg/orders/{order_id}", "get", "any signed-in user, on rows they own; another user's row answers 404"),
        ("/api/mfg/users", "get", "staff users only"),
        ("/api/configurator/v1/manufacturing-types", "get", "any signed-in user"),
        ("/api/configurator/v1/manufacturing-types", "post", "superusers only"),
        ("/api/configurator/v1/customers", "get", "superusers only"),
        (
            "/api/configurator/v1/quotes/{id}",
            "patch",
            "any signed-in user, on rows they own; another user's row answers 403 (superusers reach every row)",
        ),
        ("/api/shop/auth/request-otp", "post", "no sign-in needed"),
    ],
)
def test_who_may_call_follows_the_views_permissions(schema, path, method, who):
    assert schema["paths"][path][method]["description"].endswith(f"\n\n**Who may call:** {who}.")


def test_an_operation_without_an_entry_still_hides_its_docstring(schema, monkeypatch):
    """What an API shows before its table has the operation: who may call, never our notes."""
    monkeypatch.delitem(docs.operations("mfg"), "mfg_profile_retrieve")
    operation = SchemaGenerator().get_schema(public=True)["paths"]["/api/mfg/profile"]["get"]
    assert operation["description"] == "**Who may call:** any signed-in user."
    assert "summary" not in operation
