"""Worst uploads within the limit: time and peak memory of validating and previewing each (issue 9).

    .venv/bin/python benchmarks/upload_worst_bench.py [--only NAME ...] [--timeout 300]

Writes each hostile file to a temporary folder, then runs each case in its own process pinned to one
CPU (BLAS/OpenMP threads limited to one), so its peak resident memory (VmHWM, Linux) is its own:
- validation is what `POST /files` does in the request before storing: the type and size checks,
  loading the mesh and measuring it (`services.upload_model_file`);
- preview is what `generate_preview_task` does: load the mesh unprocessed and render the PNG.
Memory is the process's peak resident size, and its growth over the baseline after imports, a warm-up
on a small box and reading the file. Times are wall and CPU seconds. Numbers, not a test.
"""

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def write_cases(folder: Path) -> dict[str, Path]:
    """The hostile files, by case name."""
    from preview_bench import rippled_torus

    from files.tests import hostile

    files = {
        "zip bomb: 3 GiB of zeros in a 3 MB 3MF": ("bomb.3mf", hostile.zip_bomb(3 * 1024)),
        "lying 3MF: 1 GiB declared as 1 KiB": ("lying.3mf", hostile.lying_zip(1024, declared=1024)),
        "2,000 huge overlapping triangles (STL)": ("overlap.stl", hostile.overlapping_triangles_stl(2000)),
        "1 MB STL of a 5,000-sided disc": ("disc.stl", hostile.finely_divided_disc_stl(5000)),
        "50 MB binary STL (1M faces)": ("big.stl", rippled_torus(1_000_000).export(file_type="stl")),
        "1M-face 3MF (87 MB of XML)": ("big.3mf", rippled_torus(1_000_000).export(file_type="3mf")),
        "50 MB OBJ of one sphere's faces repeated": ("repeated.obj", hostile.repeated_faces_obj(50_000_000)),
    }
    paths = {}
    for case, (name, content) in files.items():
        paths[case] = folder / name
        paths[case].write_bytes(content)
    return paths


def peak_megabytes() -> float:
    """This process's peak resident memory. Linux's VmHWM, since ru_maxrss carries over the peak of
    the parent that built the cases."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def timed(step) -> tuple[str, float, float]:
    """The step's outcome, wall seconds and CPU seconds (on a shared machine, CPU is the steadier)."""
    started, started_cpu = time.perf_counter(), time.process_time()
    try:
        outcome = step()
    except Exception as exc:  # a refusal is an outcome to report, like a success
        outcome = f"refused: {type(exc).__name__}: {str(exc)[:90]}"
    return outcome, time.perf_counter() - started, time.process_time() - started_cpu


def run_case(path: Path) -> dict:
    """In the child process: validate, then preview, the file at `path`."""
    import django
    import trimesh

    django.setup()
    from files import meshes, previews, services
    from files.choices import ModelFileType

    def validate(name, content):
        _, file_type = services.accepted_upload(name, content, ModelFileType, "3D model")
        geometry = meshes.measure(meshes.load_mesh(content, file_type))
        return f"accepted, {geometry.face_count:,} faces"

    def preview(name, content):
        mesh = meshes.load_mesh(content, services.extension_of(name), process=False)
        stats = previews.render(mesh.vertices, mesh.faces).stats
        return f"drew {stats.faces_drawn:,}/{stats.faces:,} faces, {stats.rows_scanned + stats.pixel_writes:,} work"

    # Warm up on a small box (lazy imports of scipy, lxml and friends), so the numbers are the file's own.
    box = trimesh.creation.box(extents=(30, 20, 10))
    for name, content in (("box.stl", box.export(file_type="stl")), ("box.3mf", box.export(file_type="3mf"))):
        validate(name, content)
        preview(name, content)
    content = path.read_bytes()
    baseline = peak_megabytes()
    validation = timed(lambda: validate(path.name, content))
    preview_outcome = timed(lambda: preview(path.name, content))
    return {
        "size_mb": len(content) / 1e6,
        "validation": validation,
        "preview": preview_outcome,
        "baseline_mb": baseline,
        "peak_mb": peak_megabytes(),
    }


def measure_in_child(path: Path, timeout: float) -> dict:
    command = [sys.executable, __file__, "--child", str(path)]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"still running after {timeout:.0f} s, stopped"}
    if finished.returncode != 0:
        return {"error": f"exit {finished.returncode}: {finished.stderr.strip().splitlines()[-1:]}"}
    return json.loads(finished.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run the cases whose names contain these words")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a case is stopped")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if args.child:
        print(json.dumps(run_case(args.child)))
        return 0

    with tempfile.TemporaryDirectory() as folder:
        cases = write_cases(Path(folder))
        for case, path in cases.items():
            if args.only and not any(word.lower() in case.lower() for word in args.only):
                continue
            result = measure_in_child(path, args.timeout)
            print(f"\n{case}")
            if "error" in result:
                print(f"  {result['error']}")
                continue
            growth = result["peak_mb"] - result["baseline_mb"]
            print(
                f"  file {result['size_mb']:.2f} MB, peak memory {result['peak_mb']:.0f} MB"
                f" (+{growth:.0f} MB over {result['baseline_mb']:.0f} MB after imports and warm-up)"
            )
            for step in ("validation", "preview"):
                outcome, seconds, cpu_seconds = result[step]
                print(f"  {step:<10} {seconds:6.2f} s (cpu {cpu_seconds:5.2f} s)  {outcome}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
