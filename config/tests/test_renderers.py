"""The fast renderer writes byte for byte what DRF's JSONRenderer writes, or refuses."""

from decimal import Decimal

import pytest
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer

from config.api.renderers import PlainDataJSONRenderer

PLAIN = [
    {"id": 1, "name": "Ёлка «Nordic» ☃", "price": "12.50", "weight": None, "ok": True, "children": ()},
    {"id": 2, "name": 'quote " and \\ slash', "ratio": 0.25, "children": [{"id": 3, "children": ()}]},
    {"message": ErrorDetail("Node not found", code="not_found")},
]


@pytest.mark.parametrize("data", [PLAIN, {"nested": {"empty": {}}}, [], None])
def test_writes_what_drf_writes(data):
    assert PlainDataJSONRenderer().render(data) == JSONRenderer().render(data)


def test_refuses_data_that_is_not_plain():
    with pytest.raises(TypeError):
        PlainDataJSONRenderer().render({"price": Decimal("1.50")})
