"""Preview images of 3D models: a numpy z-buffer rasteriser writing a shaded isometric PNG.

Fast enough for a million faces on one core (benchmarks/preview_bench.py): faces facing away are
culled, big meshes are decimated by vertex clustering to about PREVIEW_MAX_FACES, and every face is
both rasterised at the pixel centres it covers and splatted at its centroid, so sub-pixel faces leave
no holes.
"""

import io

import numpy as np
from PIL import Image

IMAGE_SIZE = 512
MARGIN = 0.06
PREVIEW_MAX_FACES = 400_000
BACKGROUND = (245, 246, 248)
BASE_COLOUR = np.array([70.0, 130.0, 200.0])
LIGHT = np.array([-0.35, 0.55, 0.75])  # view space: from the upper left, in front
# Candidate pixels are tested in chunks to bound memory for faces with large bounding boxes.
CHUNK_PIXELS = 4_000_000


def _view_rotation() -> np.ndarray:
    """Isometric view: turn 45 degrees about Z, then tilt the top towards the viewer."""
    turn, tilt = np.radians(-45.0), np.radians(-60.0)
    about_z = np.array([[np.cos(turn), -np.sin(turn), 0], [np.sin(turn), np.cos(turn), 0], [0, 0, 1]])
    about_x = np.array([[1, 0, 0], [0, np.cos(tilt), -np.sin(tilt)], [0, np.sin(tilt), np.cos(tilt)]])
    return about_x @ about_z


def cluster_vertices(pixels: np.ndarray, faces: np.ndarray, limit: int = PREVIEW_MAX_FACES):
    """Decimate by vertex clustering: vertices in one cubic cell become one; collapsed faces go.

    The cell grows with the face count, to about two pixels for a million faces; the surface stays
    closed (no holes), unlike dropping faces, and duplicate STL vertices are merged on the way.
    """
    if len(faces) <= limit:
        return pixels, faces
    cell = max(1.0, float(np.sqrt(len(faces) / limit)))
    cells = np.floor((pixels - pixels.min(axis=0)) / cell).astype(np.int64)
    spans = cells.max(axis=0) + 1
    keys = (cells[:, 0] * spans[1] + cells[:, 1]) * spans[2] + cells[:, 2]
    unique_keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    faces = inverse.reshape(-1)[faces]
    kept = (faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2]) & (faces[:, 0] != faces[:, 2])
    return pixels[first], faces[kept]


def _project(vertices: np.ndarray, size: int) -> np.ndarray:
    """View-space vertices scaled to pixels: x right, y down, z towards the viewer.

    Worked column by column: a (n, 3) @ (3, 3) product goes through BLAS threads, which on a busy
    worker cost more than the arithmetic itself.
    """
    rotation = _view_rotation()
    x, y, z = (np.ascontiguousarray(vertices[:, axis]) for axis in range(3))
    view = [rotation[row, 0] * x + rotation[row, 1] * y + rotation[row, 2] * z for row in range(3)]
    low = np.array([axis.min() for axis in view])
    high = np.array([axis.max() for axis in view])
    span = max(high[0] - low[0], high[1] - low[1]) or 1.0
    scale = size * (1 - 2 * MARGIN) / span
    centre = (low + high) / 2
    return np.column_stack(
        (
            (view[0] - centre[0]) * scale + size / 2,
            size / 2 - (view[1] - centre[1]) * scale,
            (view[2] - centre[2]) * scale,
        )
    )


def _shade(triangles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-face brightness, and which faces point at the viewer.

    Pixel space has y pointing down, which mirrors the cross product: x and z are flipped back.
    """
    normals = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    normals[:, 0] *= -1
    normals[:, 2] *= -1
    lengths = np.linalg.norm(normals, axis=1)
    visible = (normals[:, 2] > 0) & (lengths > 0)
    unit = normals[visible] / lengths[visible, None]
    light = LIGHT / np.linalg.norm(LIGHT)
    return 0.45 + 0.55 * np.clip(unit @ light, 0, 1), visible


def _covered_pixels(triangles: np.ndarray, size: int):
    """(face index, pixel index, depth) for every pixel centre inside a face, plus face centroids."""
    xs, ys = triangles[:, :, 0], triangles[:, :, 1]
    x0 = np.clip(np.floor(xs.min(axis=1) - 0.5), 0, size - 1).astype(np.int64)
    y0 = np.clip(np.floor(ys.min(axis=1) - 0.5), 0, size - 1).astype(np.int64)
    x1 = np.clip(np.ceil(xs.max(axis=1) - 0.5), 0, size - 1).astype(np.int64)
    y1 = np.clip(np.ceil(ys.max(axis=1) - 0.5), 0, size - 1).astype(np.int64)
    # Faces are grouped by bounding-box width and height, each rounded up to a power of two, so each
    # group tests a fixed rectangle of pixels (a long thin face does not pay for a square).
    box_w = 2 ** np.ceil(np.log2(x1 - x0 + 1)).astype(np.int64)
    box_h = 2 ** np.ceil(np.log2(y1 - y0 + 1)).astype(np.int64)
    shape_key = box_w * (2 * size) + box_h

    centroids = triangles.mean(axis=1)
    cx = np.clip(centroids[:, 0].astype(np.int64), 0, size - 1)
    cy = np.clip(centroids[:, 1].astype(np.int64), 0, size - 1)
    faces, pixels, depths = [np.arange(len(triangles))], [cy * size + cx], [centroids[:, 2]]

    for key in np.unique(shape_key):
        width, height = divmod(int(key), 2 * size)
        members = np.flatnonzero(shape_key == key)
        offsets_y, offsets_x = np.divmod(np.arange(width * height), width)
        per_chunk = max(1, CHUNK_PIXELS // (width * height))
        for start in range(0, len(members), per_chunk):
            group = members[start : start + per_chunk]
            px = x0[group, None] + offsets_x[None, :]
            py = y0[group, None] + offsets_y[None, :]
            inside, depth = _barycentric_inside(triangles[group], px + 0.5, py + 0.5)
            inside &= (px <= x1[group, None]) & (py <= y1[group, None])
            rows, cols = np.nonzero(inside)
            faces.append(group[rows])
            pixels.append(py[rows, cols] * size + px[rows, cols])
            depths.append(depth[rows, cols])
    return np.concatenate(faces), np.concatenate(pixels), np.concatenate(depths)


def _barycentric_inside(triangles: np.ndarray, px: np.ndarray, py: np.ndarray):
    a, b, c = triangles[:, 0, None, :], triangles[:, 1, None, :], triangles[:, 2, None, :]
    v0x, v0y = b[..., 0] - a[..., 0], b[..., 1] - a[..., 1]
    v1x, v1y = c[..., 0] - a[..., 0], c[..., 1] - a[..., 1]
    v2x, v2y = px - a[..., 0], py - a[..., 1]
    denominator = v0x * v1y - v1x * v0y
    with np.errstate(divide="ignore", invalid="ignore"):
        u = (v2x * v1y - v1x * v2y) / denominator
        v = (v0x * v2y - v2x * v0y) / denominator
    inside = (u >= 0) & (v >= 0) & (u + v <= 1) & (denominator != 0)
    depth = a[..., 2] + u * (b[..., 2] - a[..., 2]) + v * (c[..., 2] - a[..., 2])
    return inside, depth


def _median_3x3(light: np.ndarray) -> np.ndarray:
    """Median of each covered pixel's covered neighbours (NaN is background): removes the odd speck
    left by a sliver face after decimation, keeps straight edges."""
    size = light.shape[0]
    padded = np.pad(light, 1, constant_values=np.nan)
    stack = np.sort(np.stack([padded[dy : dy + size, dx : dx + size] for dy in range(3) for dx in range(3)]), axis=0)
    middle = np.maximum((~np.isnan(stack)).sum(axis=0) - 1, 0) // 2  # NaN sorts last
    smoothed = np.take_along_axis(stack, middle[None], axis=0)[0]
    return np.where(np.isnan(light), np.nan, smoothed)


def render_png(vertices: np.ndarray, faces: np.ndarray, size: int = IMAGE_SIZE) -> bytes:
    """A shaded isometric PNG of the mesh, `size` pixels square."""
    pixels, faces = cluster_vertices(_project(np.asarray(vertices, dtype=np.float64), size), np.asarray(faces))
    triangles = pixels[faces]
    brightness, visible = _shade(triangles)
    triangles = triangles[visible]

    face_of, pixel, depth = _covered_pixels(triangles, size)
    # Nearest face wins: sort by pixel, then by depth towards the viewer, keep the first of each pixel.
    order = np.lexsort((-depth, pixel))
    pixel, face_of = pixel[order], face_of[order]
    first = np.ones(len(pixel), dtype=bool)
    first[1:] = pixel[1:] != pixel[:-1]

    light = np.full(size * size, np.nan)
    light[pixel[first]] = brightness[face_of[first]]
    light = _median_3x3(light.reshape(size, size)).reshape(-1)
    covered = ~np.isnan(light)

    image = np.empty((size * size, 3), dtype=np.uint8)
    image[:] = BACKGROUND
    shade = light[covered, None]
    image[covered] = np.clip(shade * BASE_COLOUR[None, :] + 40 * shade**8, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(image.reshape(size, size, 3)).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
