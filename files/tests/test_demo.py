import io

import pytest

from files import demo
from files.models import ModelFile

pytestmark = pytest.mark.django_db


def test_load_creates_measured_demo_models_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(io.StringIO())
        demo.load(io.StringIO())
    rows = ModelFile.objects.order_by("original_filename")
    assert [r.original_filename for r in rows] == sorted(demo.DEMO_MODELS)
    assert all(r.is_demo and r.owner is None and r.preview_generated for r in rows)
    block = rows.get(original_filename="demo_bracket_block.stl")
    assert (block.length_mm, block.width_mm, block.height_mm) == pytest.approx((60, 40, 20))
