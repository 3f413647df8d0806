"""Zip-based models (3MF) are checked before they inflate and inflate only within bounds (issue 9)."""

import struct
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.errors import Refused
from config.testing.clients import client_for
from config.testing.dialects import MFG
from files import archives, meshes, services
from files.models import ModelFile

from . import hostile
from .factories import b64

pytestmark = pytest.mark.django_db

# Far below what any of these archives would take inflated (hundreds of MB to GB).
MEMORY_BOUND_BYTES = 16 * 1024 * 1024


@pytest.fixture(scope="module")
def bomb():
    """A 1 GiB model part in a 1 MB 3MF."""
    return hostile.zip_bomb(1024)


def refusal_and_peak_memory(content: bytes) -> tuple[str, int]:
    """The refusal of loading a 3MF, and the most memory Python allocated meanwhile."""
    tracemalloc.start()
    try:
        with pytest.raises(meshes.UnreadableMesh) as refused:
            meshes.load_mesh(content, "3mf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(refused.value), peak


class TestAcceptedPackages:
    def test_a_3mf_with_thumbnail_and_slicer_settings_loads_its_model(self):
        members = {
            **hostile.box_3mf_members(),
            "Metadata/thumbnail.png": bytes(range(256)) * 64,
            "Metadata/slice_info.config": b"<config/>" * 1000,
        }
        mesh = meshes.load_mesh(hostile.package(members), "3mf")
        assert len(mesh.faces) == 12 and list(mesh.extents) == pytest.approx([30, 20, 10])

    def test_a_stored_3mf_loads(self):
        mesh = meshes.load_mesh(hostile.package(hostile.box_3mf_members(), zipfile.ZIP_STORED), "3mf")
        assert len(mesh.faces) == 12


class TestArchiveBombs:
    def test_a_gigabyte_member_is_refused_from_the_directory_without_inflating(self, bomb):
        assert len(bomb) < 2 * hostile.MIB
        message, peak = refusal_and_peak_memory(bomb)
        assert "would inflate to more than 256.0 MB" in message
        assert peak < MEMORY_BOUND_BYTES

    def test_a_member_that_inflates_far_more_than_model_data_is_refused(self):
        message, peak = refusal_and_peak_memory(hostile.zip_bomb(8))
        assert f"inflates more than {archives.MAX_RATIO} times" in message and peak < MEMORY_BOUND_BYTES

    def test_members_together_may_not_exceed_the_limit(self, settings):
        settings.MFG_MAX_UPLOAD_BYTES = hostile.MIB  # eight times that may inflate: 8 MiB
        parts = {f"3D/Objects/part{index}.model": bytes(range(256)) * 12 * 1024 for index in range(3)}
        message, _ = refusal_and_peak_memory(hostile.package({**hostile.box_3mf_members(), **parts}))
        assert "would inflate to more than 8.0 MB" in message

    def test_a_member_larger_than_its_directory_declares_is_refused_as_it_inflates(self):
        lying = hostile.lying_zip(256, declared=1024)
        message, peak = refusal_and_peak_memory(lying)
        assert "holds more data than the archive's file list declares" in message
        assert peak < MEMORY_BOUND_BYTES

    def test_a_member_compressed_otherwise_than_3mf_allows_is_refused(self):
        message, _ = refusal_and_peak_memory(hostile.package(hostile.box_3mf_members(), zipfile.ZIP_BZIP2))
        assert "compressed in a way 3MF packages may not use" in message

    def test_a_damaged_member_is_unreadable(self):
        members = hostile.box_3mf_members()
        model = members[hostile.MODEL_PART]
        damaged = hostile.raw_zip(
            (hostile.MODEL_PART, model, zipfile.ZIP_STORED, len(model), 0),
        )
        with pytest.raises(meshes.UnreadableMesh, match="not a readable 3MF"):
            meshes.load_mesh(damaged, "3mf")


class TestMemberCount:
    def test_more_than_a_thousand_members_are_refused(self):
        members = {**hostile.box_3mf_members(), **{f"Metadata/{index}.txt": b"" for index in range(1000)}}
        message, _ = refusal_and_peak_memory(hostile.package(members))
        assert f"at most {archives.MAX_MEMBERS:,} are accepted" in message

    def test_an_end_record_that_understates_the_count_is_not_believed(self):
        members = {**hostile.box_3mf_members(), **{f"Metadata/{index}.txt": b"" for index in range(1000)}}
        data = bytearray(hostile.package(members))
        end = data.rfind(b"PK\x05\x06")
        struct.pack_into("<2H", data, end + 8, 3, 3)  # entries on this disk, entries in total
        message, _ = refusal_and_peak_memory(bytes(data))
        assert "The archive holds 1,003 files" in message

    def test_a_zip64_count_is_read_from_its_own_record(self):
        members = {**hostile.box_3mf_members(), **{f"Metadata/{index}.txt": b"" for index in range(1000)}}
        message, _ = refusal_and_peak_memory(hostile.with_zip64_end(hostile.package(members)))
        assert "The archive holds 1,003 files" in message

    def test_a_3mf_with_a_zip64_end_record_loads(self):
        mesh = meshes.load_mesh(hostile.with_zip64_end(hostile.package(hostile.box_3mf_members())), "3mf")
        assert len(mesh.faces) == 12

    def test_a_file_list_too_big_for_a_model_package_is_refused_before_it_is_read(self):
        long_names = {f"Metadata/{index:04d}" + "x" * 4000: b"" for index in range(300)}
        message, _ = refusal_and_peak_memory(hostile.package({**hostile.box_3mf_members(), **long_names}))
        assert "file list takes 1.2 MB" in message


class TestEveryEntrance:
    """The refusal reaches the customer as every bad model file does."""

    def test_service_refuses_on_file_data_and_stores_nothing(self, user, bomb):
        with pytest.raises(Refused) as refused:
            services.upload_model_file(owner=user, file_name="bracket.3mf", content=bomb)
        assert "file_data" in refused.value.by_field() and not ModelFile.objects.exists()

    def test_mfg_api_answers_422_on_file_data(self, user, bomb):
        response = client_for(user).post(
            "/api/mfg/files", {"file_name": "bracket.3mf", "file_data": b64(bomb)}, format="json"
        )
        body = MFG.assert_error(response, 422, "file_data")
        assert "would inflate" in str(body) and not ModelFile.objects.exists()

    def test_the_upload_page_shows_the_message(self, client, user, bomb):
        client.force_login(user)
        response = client.post(reverse("files:mine"), {"model": SimpleUploadedFile("bracket.3mf", bomb)})
        assert response.status_code == 422 and "would inflate to more than" in response.content.decode()

    def test_a_stored_bomb_fails_its_preview_and_its_measurement(self, user, bomb):
        model_file = ModelFile.objects.create(owner=user, original_filename="old.3mf", file_type="3mf", file_size=1)
        model_file.file.save("old.3mf", SimpleUploadedFile("old.3mf", bomb))
        services.generate_preview(model_file)
        model_file.refresh_from_db()
        assert model_file.preview_status == "failed" and "would inflate" in model_file.preview_error
        with pytest.raises(Refused) as refused:
            services.model_dimensions(model_file)
        assert "file_id" in refused.value.by_field()
