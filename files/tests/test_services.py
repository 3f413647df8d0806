"""Measuring, storing and deleting files; the helpers the calculator and orders call."""

import io
import tracemalloc

import numpy as np
import pytest
import trimesh
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage

from accounts.tests.factories import UserFactory
from config.errors import NotFound, Refused
from files import meshes, services
from files.choices import PreviewStatus
from files.models import Document, ModelFile

from . import hostile
from .factories import PDF_BYTES, DemoModelFileFactory, ModelFileFactory, box_stl

pytestmark = pytest.mark.django_db


def rotated_box_stl(extents, angle_degrees=30):
    box = trimesh.creation.box(extents=extents)
    box.apply_transform(trimesh.transformations.rotation_matrix(np.radians(angle_degrees), [1, 1, 0]))
    box.apply_translation([100, -50, 7])
    return box.export(file_type="stl")


class TestDimensionExtraction:
    """reference/calculator.md §8: oriented bounding box, sorted length >= width >= thickness, in mm."""

    @pytest.mark.parametrize("extents", [(30, 20, 10), (10, 20, 30), (20, 30, 10), (100, 100, 5), (2.5, 0.8, 1.2)])
    def test_extents_are_sorted_descending(self, extents):
        geometry = meshes.measure(meshes.load_mesh(box_stl(extents), "stl"))
        assert (geometry.length, geometry.width, geometry.height) == pytest.approx(sorted(extents, reverse=True))

    def test_a_tilted_part_is_measured_along_its_own_axes(self):
        geometry = meshes.measure(meshes.load_mesh(rotated_box_stl((50, 30, 10)), "stl"))
        assert (geometry.length, geometry.width, geometry.height) == pytest.approx((50, 30, 10), abs=1e-3)
        assert geometry.box_volume == pytest.approx(15000, rel=1e-4)

    def test_volume_and_area_of_a_watertight_mesh(self):
        geometry = meshes.measure(meshes.load_mesh(box_stl((30, 20, 10)), "stl"))
        assert (
            geometry.is_watertight and geometry.volume == pytest.approx(6000) and geometry.area == pytest.approx(2200)
        )

    def test_an_open_mesh_has_no_volume(self):
        box = trimesh.creation.box(extents=(30, 20, 10))
        open_box = trimesh.Trimesh(box.vertices, box.faces[:-2])
        geometry = meshes.measure(meshes.load_mesh(open_box.export(file_type="stl"), "stl"))
        assert not geometry.is_watertight and geometry.volume is None and geometry.length == pytest.approx(30)

    def test_a_dense_mesh_is_measured_from_a_sample_but_still_contains_every_vertex(self):
        sphere = trimesh.creation.icosphere(subdivisions=6, radius=25)  # 40962 vertices > OBB_SAMPLE_SIZE
        sphere.apply_scale([2.0, 1.0, 0.5])
        geometry = meshes.measure(meshes.load_mesh(sphere.export(file_type="stl"), "stl"))
        assert (geometry.length, geometry.width, geometry.height) == pytest.approx((100, 50, 25), rel=0.01)

    def test_a_finely_divided_round_part_is_measured_in_bounded_memory(self):
        """Issue 9: the box search costs the square of the hull's outline; a 2,000-sided disc took
        130 MB of arrays (a 5,000-sided one 0.7 GB and 8.5 s) in the upload request."""
        mesh = meshes.load_mesh(hostile.finely_divided_disc_stl(2000), "stl")
        tracemalloc.start()
        try:
            geometry = meshes.measure(mesh)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert (geometry.length, geometry.width, geometry.height) == pytest.approx((100, 100, 5), rel=1e-4)
        assert peak < 32 * 1024 * 1024

    def test_a_flat_part_falls_back_to_axis_aligned_extents(self):
        flat = trimesh.Trimesh([[0, 0, 0], [40, 0, 0], [0, 10, 0]], [[0, 1, 2]])
        geometry = meshes.measure(meshes.load_mesh(flat.export(file_type="stl"), "stl"))
        assert geometry.length == pytest.approx(40, rel=0.02) and geometry.height == pytest.approx(0, abs=1e-6)

    @pytest.mark.parametrize(
        ("extents", "turning"),
        [
            ((80, 20, 20), (20, 80)),  # a rod: round across the two smaller extents
            ((80, 20.05, 20), (20.05, 80)),
            ((60, 60, 8), (60, 8)),  # a disc: round across the two larger
            ((80, 30, 20), None),
        ],
    )
    def test_lathe_friendly_parts_give_their_diameter_and_length(self, extents, turning):
        geometry = meshes.measure(meshes.load_mesh(box_stl(extents), "stl"))
        assert geometry.turning == (pytest.approx(turning) if turning else None)

    def test_binary_stl_corners_are_merged_as_trimesh_merges_them(self):
        data = trimesh.creation.icosphere(subdivisions=3, radius=10).export(file_type="stl")
        mesh = meshes.load_mesh(data, "stl")
        reference = trimesh.load(io.BytesIO(data), file_type="stl")
        assert len(mesh.vertices) == len(reference.vertices) and mesh.is_watertight

    def test_negative_zero_is_the_same_corner(self):
        tetrahedron = np.array([[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]], dtype=np.float32)
        triangles = tetrahedron[[[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]]]
        triangles[1, 0] = [-0.0, -0.0, -0.0]
        records = np.zeros(4, dtype=meshes.STL_RECORD)
        records["vertices"] = triangles
        data = bytes(80) + (4).to_bytes(4, "little") + records.tobytes()
        geometry = meshes.measure(meshes.load_mesh(data, "stl"))
        assert geometry.is_watertight and geometry.volume == pytest.approx(1000 / 6)

    @pytest.mark.parametrize("content", [b"", b"solid x\nendsolid x\n", b"\x00" * 84, b"random bytes" * 20])
    def test_unreadable_or_empty_meshes_are_refused(self, content):
        with pytest.raises(meshes.UnreadableMesh):
            meshes.load_mesh(content, "stl")


class TestModelDimensions:
    def test_uses_the_values_measured_at_upload(self, user):
        model_file = services.upload_model_file(owner=user, file_name="p.stl", content=box_stl((40, 10, 25)))
        geometry = services.model_dimensions(model_file)
        assert (geometry.length, geometry.width, geometry.height) == pytest.approx((40, 25, 10))
        assert geometry.volume == pytest.approx(10000)

    def test_a_row_without_dimensions_is_measured_and_updated(self):
        model_file = ModelFileFactory(length_mm=None, width_mm=None, height_mm=None, volume_mm3=None)
        geometry = services.model_dimensions(model_file)
        assert (geometry.length, geometry.width, geometry.height, geometry.volume) == pytest.approx((30, 20, 10, 6000))
        model_file.refresh_from_db()
        assert (model_file.length_mm, model_file.volume_mm3) == pytest.approx((30, 6000))

    def test_a_lost_file_is_a_validation_error_on_file_id(self):
        model_file = ModelFileFactory(length_mm=None)
        default_storage.delete(model_file.file.name)
        with pytest.raises(Refused) as raised:
            services.model_dimensions(model_file)
        assert "file_id" in raised.value.by_field()


class TestUsableModelFile:
    def test_own_and_demo_files_are_usable(self, user):
        own, demo = ModelFileFactory(owner=user), DemoModelFileFactory()
        assert services.usable_model_file(user, own.pk) == own
        assert services.usable_model_file(user, demo.pk) == demo

    @pytest.mark.parametrize("anonymous", [True, False])
    def test_another_users_file_is_not_found(self, user, anonymous):
        other = ModelFileFactory()
        with pytest.raises(NotFound):
            services.usable_model_file(AnonymousUser() if anonymous else user, other.pk)

    def test_anonymous_callers_may_use_demo_files(self):
        demo = DemoModelFileFactory()
        assert services.usable_model_file(AnonymousUser(), demo.pk) == demo
        assert services.usable_model_file(None, demo.pk) == demo

    def test_a_missing_id_is_not_found(self, user):
        with pytest.raises(NotFound):
            services.usable_model_file(user, 999_999)


class TestStorage:
    def test_stored_names_are_generated(self, user):
        first = services.upload_model_file(owner=user, file_name="same.stl", content=box_stl())
        second = services.upload_model_file(owner=user, file_name="same.stl", content=box_stl())
        assert first.file.name != second.file.name
        assert first.file.name.startswith("models/") and first.filename != "same.stl"

    @pytest.mark.parametrize(
        ("name", "cleaned"),
        [("C:\\Users\\me\\part.stl", "part.stl"), ("a/b/../c.stl", "c.stl"), ("bad\x00name\n.stl", "badname.stl")],
    )
    def test_client_names_lose_folders_and_control_characters(self, name, cleaned):
        assert services.clean_original_name(name) == cleaned

    def test_a_database_failure_leaves_no_stored_file(self, user, monkeypatch):
        def fail(*args, **kwargs):
            raise RuntimeError("database down")

        monkeypatch.setattr(Document, "save", fail)
        with pytest.raises(RuntimeError):
            services.upload_document(owner=user, file_name="a.pdf", content=PDF_BYTES)
        assert not default_storage.exists("documents") or default_storage.listdir("documents")[1] == []

    def test_deleting_the_owner_keeps_demo_files(self):
        owner = UserFactory()
        ModelFileFactory(owner=owner)
        DemoModelFileFactory()
        owner.delete()
        assert list(ModelFile.objects.values_list("is_demo", flat=True)) == [True]


class TestPreviewGeneration:
    def test_renders_a_png_and_marks_it_ready(self):
        model_file = ModelFileFactory()
        services.generate_preview(model_file)
        model_file.refresh_from_db()
        assert model_file.preview_status == PreviewStatus.READY and model_file.preview_generated
        assert model_file.preview.read().startswith(b"\x89PNG") and model_file.preview_error == ""

    def test_running_again_replaces_the_image_and_removes_the_old_one(self):
        model_file = ModelFileFactory()
        services.generate_preview(model_file)
        model_file.refresh_from_db()
        first = model_file.preview.name
        services.generate_preview(model_file)
        model_file.refresh_from_db()
        assert model_file.preview.name != first and not default_storage.exists(first)
        assert default_storage.exists(model_file.preview.name)

    def test_a_broken_model_is_recorded_as_failed_not_as_a_preview(self):
        model_file = ModelFileFactory()
        with default_storage.open(model_file.file.name, "wb") as stored:
            stored.write(b"garbage")
        services.generate_preview(model_file)
        model_file.refresh_from_db()
        assert model_file.preview_status == PreviewStatus.FAILED and not model_file.preview_generated
        assert "STL" in model_file.preview_error

    def test_a_row_deleted_while_rendering_leaves_no_image(self):
        model_file = ModelFileFactory()
        ModelFile.objects.filter(pk=model_file.pk).delete()
        services.generate_preview(model_file)
        assert not default_storage.exists("previews") or default_storage.listdir("previews")[1] == []

    def test_request_preview_resets_the_status_and_renders_after_commit(self, django_capture_on_commit_callbacks):
        model_file = ModelFileFactory(preview_status=PreviewStatus.FAILED, preview_error="old")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.request_preview(model_file)
            assert ModelFile.objects.get(pk=model_file.pk).preview_status == PreviewStatus.PENDING
        assert len(callbacks) == 1
        model_file.refresh_from_db()
        assert model_file.preview_status == PreviewStatus.READY and model_file.preview_error == ""
