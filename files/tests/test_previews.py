import io

import numpy as np
import trimesh
from PIL import Image

from files import previews


def render(mesh, size=128):
    return np.asarray(Image.open(io.BytesIO(previews.render(mesh.vertices, mesh.faces, size=size).png)))


def test_draws_the_model_on_the_background():
    image = render(trimesh.creation.box(extents=(30, 20, 10)))
    assert image.shape == (128, 128, 3)
    background = np.all(image == previews.BACKGROUND, axis=-1)
    assert background[0, 0] and background[-1, -1]
    assert 0.2 < (~background).mean() < 0.9
    # Three visible faces of the box, each in its own shade.
    assert len({tuple(p) for p in image[~background]}) >= 3


def test_a_large_mesh_is_decimated_without_holes():
    sphere = trimesh.creation.icosphere(subdivisions=6)  # 81920 faces
    faces_kept = len(previews.cluster_vertices(sphere.vertices * 100, sphere.faces, limit=10_000)[1])
    assert 0 < faces_kept < len(sphere.faces)
    image = render(sphere)
    centre = image[40:88, 40:88]
    assert not np.any(np.all(centre == previews.BACKGROUND, axis=-1))


def test_nearer_faces_hide_farther_ones():
    near = trimesh.creation.box(extents=(10, 10, 10))
    far = trimesh.creation.box(extents=(10, 10, 10))
    far.apply_translation([-40, 40, -40])  # behind and away from the viewer in the isometric view
    image = render(trimesh.util.concatenate([near, far]))
    assert not np.all(image == previews.BACKGROUND)
