"""Preview images of 3D models: a numpy z-buffer rasteriser writing a shaded isometric PNG.

Fast enough for a million faces on one core (benchmarks/preview_bench.py): faces facing away are
culled, big meshes are decimated by vertex clustering to about PREVIEW_MAX_FACES, and every face is
both rasterised at the pixel centres it covers and splatted at its centroid, so sub-pixel faces leave
no holes. Memory is one depth and one face per pixel plus fixed-size chunks, and the work is capped
(RASTER_WORK_PER_PIXEL), so any model within the upload limit renders in bounded time and memory.
"""

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

IMAGE_SIZE = 512
MARGIN = 0.06
PREVIEW_MAX_FACES = 400_000
BACKGROUND = (245, 246, 248)
BASE_COLOUR = np.array([70.0, 130.0, 200.0])
LIGHT = np.array([-0.35, 0.55, 0.75])  # view space: from the upper left, in front
# Work per image pixel the rasteriser may do (rows scanned plus depth tests): 32 layers of faces over
# the whole image, far beyond what a real part shows from one side. Past it, the smallest faces are
# left out, so a file of large overlapping triangles renders in bounded time and memory (issue 9).
RASTER_WORK_PER_PIXEL = 32
# Face rows and pixels handled per numpy pass: bounds the temporary arrays to a few MB each.
ROWS_PER_CHUNK = 65_536
PIXELS_PER_CHUNK = 262_144


@dataclass(frozen=True)
class RasterStats:
    """What drawing a preview cost: faces facing the viewer and drawn, rows scanned, depth tests."""

    faces: int
    faces_drawn: int
    rows_scanned: int
    pixel_writes: int


@dataclass(frozen=True)
class Preview:
    png: bytes
    stats: RasterStats


def max_raster_work(size: int) -> int:
    return RASTER_WORK_PER_PIXEL * size * size


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


def _planes(triangles: np.ndarray) -> np.ndarray:
    """Per face (a, b, c) of its depth plane z = a*x + b*y + c in pixel space (faces seen edge-on are
    culled before, so the plane is never vertical)."""
    normals = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    a, b = -normals[:, 0] / normals[:, 2], -normals[:, 1] / normals[:, 2]
    return np.column_stack((a, b, triangles[:, 0, 2] - a * triangles[:, 0, 0] - b * triangles[:, 0, 1]))


class _ZBuffer:
    """One depth and one face per pixel; each face is drawn row by row, as the span of pixel centres
    its edges enclose on that row, so the work is the rows and pixels it covers, never its bounding box."""

    def __init__(self, triangles: np.ndarray, size: int):
        self.triangles, self.size = triangles, size
        self.planes = _planes(triangles)
        self.depth_range = triangles[:, :, 2].min(axis=1), triangles[:, :, 2].max(axis=1)
        self.depth = np.full(size * size, -np.inf)
        self.face = np.full(size * size, -1, dtype=np.int64)
        ys = triangles[:, :, 1]
        self.first_row = np.clip(np.ceil(ys.min(axis=1) - 0.5), 0, size - 1).astype(np.int64)
        last_row = np.clip(np.floor(ys.max(axis=1) - 0.5), 0, size - 1).astype(np.int64)
        self.rows = np.maximum(last_row - self.first_row + 1, 0)

    def spans(self, faces: np.ndarray):
        """(face, row, first column, pixel count) of every row the faces cross, in face order."""
        rows = self.rows[faces]
        face = np.repeat(faces, rows)
        row = self.first_row[face] + np.arange(len(face)) - np.repeat(np.cumsum(rows) - rows, rows)
        centre_y = row + 0.5
        left, right = np.full(len(face), np.inf), np.full(len(face), -np.inf)
        corners = self.triangles[face]
        for start, end in ((0, 1), (1, 2), (2, 0)):
            x0, y0 = corners[:, start, 0], corners[:, start, 1]
            x1, y1 = corners[:, end, 0], corners[:, end, 1]
            crosses = (np.minimum(y0, y1) <= centre_y) & (centre_y <= np.maximum(y0, y1)) & (y0 != y1)
            with np.errstate(divide="ignore", invalid="ignore"):
                x = np.where(crosses, x0 + (centre_y - y0) * (x1 - x0) / (y1 - y0), np.nan)
            left, right = np.fmin(left, x), np.fmax(right, x)
        first_column = np.clip(np.ceil(left - 0.5), 0, self.size - 1)
        last_column = np.clip(np.floor(right - 0.5), -1, self.size - 1)
        count = np.maximum(last_column - first_column + 1, 0).astype(np.int64)
        return face, row, first_column.astype(np.int64), count

    def draw_spans(self, face, row, first_column, count) -> None:
        """Depth-test every pixel of the spans, PIXELS_PER_CHUNK at a time."""
        ends = np.cumsum(count)
        start = 0
        while start < len(face):
            done = ends[start - 1] if start else 0
            stop = max(int(np.searchsorted(ends, done + PIXELS_PER_CHUNK, side="right")), start + 1)
            part = slice(start, stop)
            counts = count[part]
            offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
            column = np.repeat(first_column[part], counts) + offsets
            pixel_row = np.repeat(row[part], counts)
            pixel_face = np.repeat(face[part], counts)
            plane = self.planes[pixel_face]
            depth = plane[:, 0] * (column + 0.5) + plane[:, 1] * (pixel_row + 0.5) + plane[:, 2]
            # A face seen almost edge-on has a steep plane; keep its depth within its own corners.
            depth = np.clip(depth, self.depth_range[0][pixel_face], self.depth_range[1][pixel_face])
            self.test(pixel_row * self.size + column, depth, pixel_face)
            start = stop

    def draw_centroids(self, faces: np.ndarray) -> None:
        """One write at each face's centroid, so faces smaller than a pixel still show."""
        centroids = self.triangles[faces].mean(axis=1)
        column = np.clip(centroids[:, 0].astype(np.int64), 0, self.size - 1)
        row = np.clip(centroids[:, 1].astype(np.int64), 0, self.size - 1)
        self.test(row * self.size + column, centroids[:, 2], faces)

    def test(self, pixel: np.ndarray, depth: np.ndarray, face: np.ndarray) -> None:
        """Keep the nearest depth per pixel (z points at the viewer) and the face it belongs to."""
        np.maximum.at(self.depth, pixel, depth)
        nearest = depth >= self.depth[pixel]
        self.face[pixel[nearest]] = face[nearest]


def _largest_first(triangles: np.ndarray) -> np.ndarray:
    """Faces by projected area, largest first: when the work cap stops drawing, the faces left out are
    the ones that cover the least of the image."""
    edge1 = triangles[:, 1, :2] - triangles[:, 0, :2]
    edge2 = triangles[:, 2, :2] - triangles[:, 0, :2]
    area = np.abs(edge1[:, 0] * edge2[:, 1] - edge1[:, 1] * edge2[:, 0])
    return np.argsort(-area, kind="stable")


def rasterise(triangles: np.ndarray, size: int) -> tuple[np.ndarray, RasterStats]:
    """The nearest face at each pixel, row by row (-1 for background), and what drawing cost.

    Faces are drawn largest first, a chunk at a time, until `max_raster_work(size)` rows scanned plus
    pixel writes are spent; the rest are left out.
    """
    buffer = _ZBuffer(triangles, size)
    order = _largest_first(triangles)
    cumulative_rows = np.cumsum(buffer.rows[order])
    room = max_raster_work(size)
    rows_scanned = pixel_writes = drawn = start = 0
    while start < len(order):
        done = int(cumulative_rows[start - 1]) if start else 0
        stop = max(int(np.searchsorted(cumulative_rows, done + ROWS_PER_CHUNK, side="right")), start + 1)
        chunk = order[start:stop]
        rows = buffer.rows[chunk]
        scanned = int(np.searchsorted(np.cumsum(rows), room, side="right"))
        chunk, rows = chunk[:scanned], rows[:scanned]
        face, row, first_column, count = buffer.spans(chunk)
        rows_scanned += int(rows.sum())
        room -= int(rows.sum())
        # Pixels of each face: its rows are consecutive in the spans.
        row_ends = np.cumsum(rows)
        count_ends = np.concatenate(([0], np.cumsum(count)))
        writes = count_ends[row_ends] - count_ends[row_ends - rows] + 1  # + its centroid
        fitting = int(np.searchsorted(np.cumsum(writes), room, side="right"))
        spans_drawn = int(row_ends[fitting - 1]) if fitting else 0
        buffer.draw_spans(face[:spans_drawn], row[:spans_drawn], first_column[:spans_drawn], count[:spans_drawn])
        buffer.draw_centroids(chunk[:fitting])
        drawn += fitting
        pixel_writes += int(writes[:fitting].sum())
        room -= int(writes[:fitting].sum())
        if fitting < stop - start:
            break
        start = stop
    stats = RasterStats(faces=len(triangles), faces_drawn=drawn, rows_scanned=rows_scanned, pixel_writes=pixel_writes)
    return buffer.face, stats


def _median_3x3(light: np.ndarray) -> np.ndarray:
    """Median of each covered pixel's covered neighbours (NaN is background): removes the odd speck
    left by a sliver face after decimation, keeps straight edges."""
    size = light.shape[0]
    padded = np.pad(light, 1, constant_values=np.nan)
    stack = np.sort(np.stack([padded[dy : dy + size, dx : dx + size] for dy in range(3) for dx in range(3)]), axis=0)
    middle = np.maximum((~np.isnan(stack)).sum(axis=0) - 1, 0) // 2  # NaN sorts last
    smoothed = np.take_along_axis(stack, middle[None], axis=0)[0]
    return np.where(np.isnan(light), np.nan, smoothed)


def render(vertices: np.ndarray, faces: np.ndarray, size: int = IMAGE_SIZE) -> Preview:
    """A shaded isometric PNG of the mesh, `size` pixels square, and what drawing it cost."""
    pixels, faces = cluster_vertices(_project(np.asarray(vertices, dtype=np.float64), size), np.asarray(faces))
    triangles = pixels[faces]
    brightness, visible = _shade(triangles)
    nearest_face, stats = rasterise(triangles[visible], size)

    light = np.full(size * size, np.nan)
    drawn = nearest_face >= 0
    light[drawn] = brightness[nearest_face[drawn]]
    light = _median_3x3(light.reshape(size, size)).reshape(-1)
    covered = ~np.isnan(light)

    image = np.empty((size * size, 3), dtype=np.uint8)
    image[:] = BACKGROUND
    shade = light[covered, None]
    image[covered] = np.clip(shade * BASE_COLOUR[None, :] + 40 * shade**8, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(image.reshape(size, size, 3)).save(buffer, format="PNG", optimize=False)
    return Preview(buffer.getvalue(), stats)
