"""A JSON renderer for large answers built of plain data, several times faster than DRF's."""

import orjson
from rest_framework.renderers import JSONRenderer


class PlainDataJSONRenderer(JSONRenderer):
    """DRF's compact UTF-8 JSON, written by orjson.

    Only for views whose data is already str, int, float, bool, None, lists, tuples and dicts with
    string keys (the configurator's subtree, 10,000 nodes); anything else raises rather than being
    written differently from DRF's encoder.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data)
