"""Preview of a ~1,000,000-face STL on one core (issue: "must preview in under 3 s").

    .venv/bin/python benchmarks/preview_bench.py [--faces 1000000] [--runs 3]

Writes a binary STL of a rippled torus with the requested number of faces to a temporary folder,
then times what the `generate_preview_task` does with it: read the file, load the mesh, render the
PNG. Pinned to one CPU, with BLAS/OpenMP threads limited to one. Prints faces and seconds.
"""

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import trimesh  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from files import meshes, previews  # noqa: E402

BUDGET_SECONDS = 3.0


def rippled_torus(faces: int) -> trimesh.Trimesh:
    """A closed torus with surface ripples, about `faces` triangles (two per grid cell)."""
    around = int(np.sqrt(faces / 2 / 3))
    along = max(3, faces // 2 // around)
    u, v = np.meshgrid(
        np.linspace(0, 2 * np.pi, along, endpoint=False), np.linspace(0, 2 * np.pi, around, endpoint=False)
    )
    tube = 12 + 0.6 * np.sin(9 * u) * np.cos(7 * v)
    x = (40 + tube * np.cos(v)) * np.cos(u)
    y = (40 + tube * np.cos(v)) * np.sin(u)
    z = tube * np.sin(v)
    vertices = np.column_stack((x.ravel(), y.ravel(), z.ravel()))
    i, j = np.meshgrid(np.arange(around), np.arange(along), indexing="ij")
    a = i * along + j
    b = i * along + (j + 1) % along
    c = ((i + 1) % around) * along + j
    d = ((i + 1) % around) * along + (j + 1) % along
    triangles = np.concatenate(
        (np.column_stack((a.ravel(), b.ravel(), d.ravel())), np.column_stack((a.ravel(), d.ravel(), c.ravel())))
    )
    return trimesh.Trimesh(vertices, triangles, process=False)


def preview_seconds(path: Path, output: Path) -> float:
    started = time.perf_counter()
    mesh = meshes.load_mesh(path.read_bytes(), "stl", process=False)
    output.write_bytes(previews.render(mesh.vertices, mesh.faces).png)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="also save the rendered PNG here")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    with tempfile.TemporaryDirectory() as folder:
        stl = Path(folder) / "bench.stl"
        png = args.keep or Path(folder) / "bench.png"
        mesh = rippled_torus(args.faces)
        stl.write_bytes(mesh.export(file_type="stl"))
        timings = [preview_seconds(stl, png) for _ in range(args.runs)]

    size_mb = len(mesh.faces) * 50 / 1e6
    print(f"faces: {len(mesh.faces)}  stl: {size_mb:.1f} MB  cpus: 1")
    print(f"preview seconds: first {timings[0]:.2f}, best {min(timings):.2f}, worst {max(timings):.2f}")
    within = max(timings) < BUDGET_SECONDS
    print(f"budget {BUDGET_SECONDS:.0f} s: {'met' if within else 'MISSED'}")
    return 0 if within else 1


if __name__ == "__main__":
    raise SystemExit(main())
