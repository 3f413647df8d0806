"""Hostile model files, built in milliseconds: archive bombs, lying zip directories, and STLs of huge
overlapping triangles (issue 9). Shared by the tests and benchmarks/upload_worst_bench.py."""

import io
import struct
import zipfile
import zlib

import numpy as np
import trimesh

MIB = 1024 * 1024
MODEL_PART = "3D/3dmodel.model"
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
DIRECTORY_ENTRY = struct.Struct("<4s6H3L5H2L")
END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
ZIP64_END_OF_DIRECTORY = struct.Struct("<4sQ2H2L4Q")
ZIP64_LOCATOR = struct.Struct("<4sLQL")
DOS_DATE_1980 = (1 << 5) | 1


def deflated_zeros(mebibytes: int) -> bytes:
    """Raw deflate data of that many MiB of zeros. A full flush resets the compressor, so every MiB
    compresses to the same bytes and the stream is one compressed MiB repeated: 3 GiB in 3 MB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    one = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return one * mebibytes + compressor.flush()


def crc_of_zeros(mebibytes: int) -> int:
    crc, zeros = 0, bytes(MIB)
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    return crc


def raw_zip(*members: tuple[str, bytes, int, int, int]) -> bytes:
    """A zip written by hand from (name, data as stored, method, declared size, crc) members, so a
    member may declare any size, whatever its data inflates to."""
    body, directory = bytearray(), bytearray()
    for name, data, method, size, crc in members:
        encoded, offset = name.encode(), len(body)
        sizes = (crc, len(data), size, len(encoded))
        body += LOCAL_HEADER.pack(b"PK\x03\x04", 20, 0, method, 0, DOS_DATE_1980, *sizes, 0) + encoded + data
        entry = DIRECTORY_ENTRY.pack(b"PK\x01\x02", 20, 20, 0, method, 0, DOS_DATE_1980, *sizes, 0, 0, 0, 0, 0, offset)
        directory += entry + encoded
    count = len(members)
    end = END_OF_DIRECTORY.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    return bytes(body + directory + end)


def zip_bomb(mebibytes: int, name: str = MODEL_PART) -> bytes:
    """A 3MF whose model part is that many MiB of zeros, honestly declared."""
    return raw_zip((name, deflated_zeros(mebibytes), zipfile.ZIP_DEFLATED, mebibytes * MIB, crc_of_zeros(mebibytes)))


def lying_zip(mebibytes: int, declared: int) -> bytes:
    """A 3MF whose model part inflates to that many MiB of zeros but declares `declared` bytes."""
    return raw_zip((MODEL_PART, deflated_zeros(mebibytes), zipfile.ZIP_DEFLATED, declared, crc_of_zeros(mebibytes)))


def with_zip64_end(data: bytes) -> bytes:
    """The same zip with its end record deferring to a zip64 record, as some writers always do."""
    at = data.rfind(b"PK\x05\x06")
    entries, size, offset = struct.unpack_from("<H2L", data, at + 10)
    zip64 = ZIP64_END_OF_DIRECTORY.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, size, offset)
    locator = ZIP64_LOCATOR.pack(b"PK\x06\x07", 0, at, 1)
    end = END_OF_DIRECTORY.pack(b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[:at] + zip64 + locator + end


def package(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An ordinary zip of these members, as zipfile writes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def box_3mf_members() -> dict[str, bytes]:
    """The parts of a real 3MF of a 30 x 20 x 10 mm box, as trimesh exports it."""
    exported = trimesh.creation.box(extents=(30.0, 20.0, 10.0)).export(file_type="3mf")
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def overlapping_triangles_stl(count: int = 2000, seed: int = 0) -> bytes:
    """A binary STL of `count` triangles, each spanning most of a 100 mm disc and all facing up, so
    every one covers most of the preview and they overlap `count` deep (50 bytes per triangle)."""
    angles = np.sort(np.random.default_rng(seed).uniform(0, 2 * np.pi, size=(count, 3)), axis=1)
    heights = np.random.default_rng(seed + 1).uniform(0, 5, size=(count, 1)).repeat(3, axis=1)
    corners = np.stack((50 * np.cos(angles), 50 * np.sin(angles), heights), axis=-1)
    mesh = trimesh.Trimesh(corners.reshape(-1, 3), np.arange(3 * count).reshape(-1, 3), process=False)
    return mesh.export(file_type="stl")


def repeated_faces_obj(size_bytes: int) -> bytes:
    """An OBJ of one small sphere's faces written over and over up to about `size_bytes`: the most
    faces a text format fits in the upload limit (a 50 MB OBJ holds six times the faces of an STL)."""
    sphere = trimesh.creation.icosphere(subdivisions=3)
    vertices = "".join(f"v {x:.4f} {y:.4f} {z:.4f}\n" for x, y, z in sphere.vertices)
    faces = "".join(f"f {a + 1} {b + 1} {c + 1}\n" for a, b, c in sphere.faces).encode()
    return vertices.encode() + faces * max(1, (size_bytes - len(vertices)) // len(faces))


def finely_divided_disc_stl(sections: int) -> bytes:
    """A 100 mm disc, 5 mm thick, with this many sides: every vertex is on its convex hull."""
    return trimesh.creation.cylinder(radius=50, height=5, sections=sections).export(file_type="stl")
