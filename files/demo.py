"""Demo 3D models for `manage.py demo_data`: small real meshes anyone can price (`GET /files/demo`)."""

import trimesh

from . import services
from .models import ModelFile

DEMO_MODELS = {
    "demo_bracket_block.stl": ("A 60 x 40 x 20 mm block", lambda: trimesh.creation.box(extents=(60, 40, 20))),
    "demo_shaft.stl": (
        "A 20 mm shaft, 80 mm long",
        lambda: trimesh.creation.cylinder(radius=10, height=80, sections=96),
    ),
}


def load(stdout) -> None:
    existing = set(ModelFile.objects.filter(is_demo=True).values_list("original_filename", flat=True))
    for name, (description, make_mesh) in DEMO_MODELS.items():
        if name not in existing:
            services.create_demo_model_file(name, make_mesh().export(file_type="stl"), description)
    stdout.write(f"  demo 3D models: {', '.join(DEMO_MODELS)} (GET /api/mfg/files/demo)")
