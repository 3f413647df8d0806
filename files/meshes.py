"""Reading 3D models with trimesh and measuring them (reference/calculator.md §8)."""

import contextlib
import io
import logging
from dataclasses import dataclass

import numpy as np
import trimesh
from scipy.spatial import ConvexHull, QhullError

from . import archives
from .choices import CAD_TYPES, ModelFileType

logger = logging.getLogger(__name__)

# Two extents this close make a part "lathe-friendly", round across them (reference §8, from the original).
LATHE_TOLERANCE_MM = 0.1
# Bounds on the oriented-box search (issue 9). Qhull is quadratic on round parts (a ring of 10,000
# points takes 3 s, of 20,000 30 s), so it sees at most OBB_SAMPLE_SIZE of a part's vertices; the box
# search costs the square of the hull's outline per direction, so it sees at most OBB_HULL_LIMIT.
OBB_SAMPLE_SIZE = 3_000
OBB_HULL_LIMIT = 1_000


# Zip-based formats: trimesh would inflate every member, so only their bounded model parts reach it.
PACKAGE_TYPES = frozenset({ModelFileType.THREE_MF})


class UnreadableMesh(ValueError):
    """The bytes are not a mesh of the stated type, the mesh has no faces, or it would not fit the bounds."""


def _is_3mf_model_part(name: str) -> bool:
    """The parts trimesh reads from a 3MF: `3D/3dmodel.model` and the object files it references;
    thumbnails and slicer settings are never inflated."""
    return name.lower().endswith(".model")


@dataclass(frozen=True)
class Geometry:
    """A model's measurements in millimetres; `volume` only when the mesh is watertight."""

    length: float
    width: float
    height: float
    volume: float | None
    area: float
    box_volume: float
    is_watertight: bool
    face_count: int

    @property
    def turning(self) -> tuple[float, float] | None:
        """(diameter, length) of a part that can be turned: two equal extents are its round section
        (a rod when they are the smaller two, a disc when they are the larger two); None otherwise."""
        a, b, c = self.length, self.width, self.height
        if abs(b - c) <= LATHE_TOLERANCE_MM:
            return b, a
        if abs(a - b) <= LATHE_TOLERANCE_MM:
            return a, c
        return None


# One triangle of a binary STL: normal, three vertices, attribute bytes (50 bytes, little-endian).
STL_RECORD = np.dtype([("normal", "<f4", (3,)), ("vertices", "<f4", (3, 3)), ("attributes", "<u2")])
STL_HEADER_BYTES = 84


def _binary_stl_triangles(content: bytes) -> np.ndarray | None:
    """The (n, 3, 3) triangles of a well-formed binary STL, read without copying; None otherwise."""
    if len(content) < STL_HEADER_BYTES:
        return None
    count = int.from_bytes(content[80:STL_HEADER_BYTES], "little")
    if count == 0 or len(content) != STL_HEADER_BYTES + STL_RECORD.itemsize * count:
        return None
    return np.frombuffer(content, dtype=STL_RECORD, count=count, offset=STL_HEADER_BYTES)["vertices"]


def _mesh_from_triangles(triangles: np.ndarray, merge: bool) -> trimesh.Trimesh:
    """A mesh from STL triangles; `merge` joins corners with bit-identical coordinates (as STL repeats
    them), with one sort instead of trimesh's general merge, about three times faster on big files."""
    corners = triangles.reshape(-1, 3)
    if not merge:
        return trimesh.Trimesh(corners, np.arange(len(corners)).reshape(-1, 3), process=False)
    bits = (corners + np.float32(0)).view(np.uint32).astype(np.uint64)  # + 0 turns -0.0 into 0.0
    high, low = (bits[:, 0] << np.uint64(32)) | bits[:, 1], bits[:, 2]
    order = np.lexsort((low, high))
    high, low = high[order], low[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = (high[1:] != high[:-1]) | (low[1:] != low[:-1])
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return trimesh.Trimesh(corners[order[starts]], inverse.reshape(-1, 3), process=False)


def load_mesh(content: bytes, file_type: str, *, process: bool = True) -> trimesh.Trimesh:
    """One mesh in millimetres from file bytes; every part of a multi-part file is included.

    `process=False` skips merging vertices, which a preview does not need and a big file pays for.
    A binary STL is read straight into numpy; other files go through trimesh's loaders, a 3MF only
    once its archive has been found safe to inflate (files/archives.py).
    """
    triangles = _binary_stl_triangles(content) if file_type == "stl" else None
    try:
        if triangles is not None:
            mesh = _mesh_from_triangles(triangles, merge=process)
        else:
            if file_type in PACKAGE_TYPES:
                content = archives.stored_parts(content, _is_3mf_model_part)
            mesh = trimesh.load(io.BytesIO(content), file_type=file_type, force="mesh", process=process)
    except archives.UnsafeArchive as exc:
        logger.info("Unsafe %s archive refused: %s", file_type, exc)
        raise UnreadableMesh(str(exc)) from exc
    except Exception as exc:  # each loader fails in its own way on bad bytes; all mean "unreadable"
        logger.info("Unreadable %s mesh: %s", file_type, exc)
        raise UnreadableMesh(f"The file is not a readable {file_type.upper()} model.") from exc
    if not isinstance(mesh, trimesh.Trimesh) or len(mesh.faces) == 0:
        raise UnreadableMesh(f"The {file_type.upper()} file contains no triangles.")
    if not np.isfinite(mesh.vertices).all():
        raise UnreadableMesh("The model has vertices that are not finite numbers.")
    if file_type in CAD_TYPES:
        mesh.apply_scale(1000.0)  # OpenCASCADE tessellates to glTF, whose unit is the metre
        # Each CAD face arrives with its own vertices and normals; join them so a closed solid is watertight.
        mesh.merge_vertices(merge_tex=True, merge_norm=True)
    return mesh


def _direction_set(count: int) -> np.ndarray:
    """`count` unit vectors spread evenly over a half sphere (Fibonacci lattice)."""
    index = np.arange(count) + 0.5
    z = index / count
    radius = np.sqrt(1 - z**2)
    angle = np.pi * (1 + 5**0.5) * index
    return np.column_stack((radius * np.cos(angle), radius * np.sin(angle), z))


def _orientation_sample(vertices: np.ndarray, size: int) -> np.ndarray:
    """About `size` vertices that hold the shape's outline: extremes along many directions plus a spread."""
    projections = _direction_set(64) @ vertices.T  # one row per direction: contiguous for argmax
    extremes = np.concatenate((projections.argmax(axis=1), projections.argmin(axis=1)))
    spread = np.random.default_rng(0).choice(len(vertices), min(size, len(vertices)), replace=False)
    return vertices[np.unique(np.concatenate((extremes, spread)))]


def _orientation_points(vertices: np.ndarray) -> np.ndarray:
    """The points the box's axes are searched on: the vertices of the convex hull of at most about
    OBB_SAMPLE_SIZE vertices, and at most about OBB_HULL_LIMIT of those. Unbounded, a 1 MB STL of a
    5,000-sided disc took 8.5 s and 0.7 GB to measure in the upload request (issue 9)."""
    sample = vertices if len(vertices) <= OBB_SAMPLE_SIZE else _orientation_sample(vertices, OBB_SAMPLE_SIZE)
    with contextlib.suppress(QhullError):  # flat or collinear: trimesh measures it in its plane, from these points
        sample = sample[ConvexHull(sample).vertices]
    return sample if len(sample) <= OBB_HULL_LIMIT else _orientation_sample(sample, OBB_HULL_LIMIT)


def oriented_extents(mesh: trimesh.Trimesh) -> np.ndarray:
    """Extents of the mesh along its oriented bounding box axes.

    The exact box needs the convex hull, which takes seconds to minutes for a million-face scan or a
    finely divided round part; above OBB_SAMPLE_SIZE vertices, or OBB_HULL_LIMIT hull vertices, the
    axes come from a sample, and the extents are still measured over every vertex, so the box always
    contains the whole part.
    """
    vertices = mesh.vertices
    try:
        transform, _ = trimesh.bounds.oriented_bounds(_orientation_points(vertices))
    except Exception as exc:  # qhull refuses flat or collinear input; such a part has axis-aligned extents
        logger.info("Oriented bounds failed, using axis-aligned extents: %s", exc)
        return mesh.extents
    return np.ptp(trimesh.transform_points(vertices, transform), axis=0)


def measure(mesh: trimesh.Trimesh) -> Geometry:
    """Oriented bounding box extents sorted descending, plus area and (watertight) volume."""
    extents = oriented_extents(mesh)
    length, width, height = sorted((float(e) for e in extents), reverse=True)
    watertight = bool(mesh.is_watertight)
    corners = mesh.triangles
    # Signed volume of the closed surface: the sum of tetrahedra to the origin (cheaper than mass_properties).
    volume = abs(float(np.einsum("ij,ij->", corners[:, 0], np.cross(corners[:, 1], corners[:, 2])))) / 6
    return Geometry(
        length=length,
        width=width,
        height=height,
        volume=volume if watertight else None,
        area=float(mesh.area),
        box_volume=length * width * height,
        is_watertight=watertight,
        face_count=len(mesh.faces),
    )
