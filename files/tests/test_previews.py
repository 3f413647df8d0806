import io
import tracemalloc

import numpy as np
import trimesh
from PIL import Image

from files import meshes, previews

from . import hostile


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


def test_a_face_covers_exactly_the_pixel_centres_inside_it():
    triangle = np.array([[[0.0, 0.0, 1.0], [0.0, 4.0, 1.0], [4.0, 0.0, 1.0]]])
    nearest, stats = previews.rasterise(triangle, 8)
    rows, columns = np.divmod(np.arange(64), 8)
    inside = columns + rows + 1 <= 4  # centre (x + 0.5, y + 0.5) under the hypotenuse x + y = 4
    assert np.array_equal(nearest == 0, inside)
    assert (stats.rows_scanned, stats.pixel_writes) == (4, 10 + 1)  # four rows, ten pixels and the centroid


def test_an_ordinary_model_is_drawn_whole_far_below_the_work_cap():
    box = trimesh.creation.box(extents=(30, 20, 10))
    stats = previews.render(box.vertices, box.faces).stats
    assert stats.faces_drawn == stats.faces == 6  # the three sides facing the viewer
    # A convex part is one layer deep: less work than one write per image pixel, a 32nd of the cap.
    assert stats.rows_scanned + stats.pixel_writes < previews.IMAGE_SIZE**2


def test_huge_overlapping_triangles_render_within_the_work_cap_and_bounded_memory():
    """Issue 9: 2,000 triangles each covering most of the image took 18-29 s and 2-4 GB."""
    mesh = meshes.load_mesh(hostile.overlapping_triangles_stl(2000), "stl", process=False)
    tracemalloc.start()
    try:
        preview = previews.render(mesh.vertices, mesh.faces)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    stats = preview.stats
    assert stats.faces == 2000 and 0 < stats.faces_drawn < stats.faces
    assert stats.rows_scanned + stats.pixel_writes <= previews.max_raster_work(previews.IMAGE_SIZE)
    assert peak < 64 * 1024 * 1024
    image = np.asarray(Image.open(io.BytesIO(preview.png)))
    assert not np.any(np.all(image[200:312, 200:312] == previews.BACKGROUND, axis=-1))


def test_past_the_cap_the_smallest_faces_are_left_out():
    size = 32
    corners = np.array([[0.0, 0.0], [0.0, 32.0], [32.0, 0.0]])
    big = np.concatenate((np.repeat(corners[None], 200, axis=0), np.zeros((200, 3, 1))), axis=2)
    small = big[:100] * [0.25, 0.25, 0] + [0, 0, 10]  # nearer the viewer, but a sixteenth of the area
    nearest, stats = previews.rasterise(np.concatenate((big, small)), size)
    assert stats.faces_drawn < 200 and stats.rows_scanned + stats.pixel_writes <= previews.max_raster_work(size)
    assert nearest.max() < 200  # only big faces reached the image
