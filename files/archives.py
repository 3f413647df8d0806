"""Opening zip-based model files (3MF) within bounds, so an archive bomb is refused before it inflates (issue 9).

trimesh inflates every member of an archive in memory: a 3 MB 3MF holding a 3 GiB member costs 6 GB.
Here the central directory is checked first (member count, declared sizes, compression ratio); then the
model parts are inflated through a stream that stops at each member's declared size and at the overall
cap, since the directory may lie. trimesh gets those parts stored uncompressed, so it inflates nothing.
"""

import io
import struct
import zipfile

from django.conf import settings

MAX_MEMBERS = 1000
# The directory is parsed into one object per entry before the members can be counted; a few bytes
# per entry would let a 50 MB upload hold a million of them, so its size is checked first.
MAX_DIRECTORY_BYTES = 1024 * 1024
INFLATED_CEILING_BYTES = 256 * 1024 * 1024
INFLATED_PER_UPLOAD_BYTE = 8
# Model XML deflates about 4:1 (a million-face 3MF: 87 MB in 22 MB); a run of zeros 1000:1.
MAX_RATIO = 100
RATIO_EXEMPT_BYTES = 4 * 1024 * 1024  # small parts (headers, relationships) may compress as well as they like
READ_CHUNK_BYTES = 1024 * 1024
# Open Packaging Conventions (ECMA-376 Part 2, which 3MF builds on) allow only these two methods.
PACKAGE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})

END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_END_OF_DIRECTORY = struct.Struct("<4sQ2H2L4Q")
ZIP64_ENTRIES_MARK, ZIP64_SIZE_MARK = 0xFFFF, 0xFFFFFFFF


class UnsafeArchive(ValueError):
    """The archive would inflate beyond the bounds, or holds more than it declares."""


def inflated_limit() -> int:
    """The most an archive may inflate to: eight times the upload limit, and never more than 256 MiB."""
    return min(INFLATED_PER_UPLOAD_BYTE * settings.MFG_MAX_UPLOAD_BYTES, INFLATED_CEILING_BYTES)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def _declared_directory(content: bytes) -> tuple[int, int] | None:
    """(entry count, directory size) from the end-of-directory record, found the way zipfile finds it;
    None when there is none (zipfile then refuses the bytes as not a zip)."""
    tail_start = len(content) - END_OF_DIRECTORY.size
    if content[tail_start : tail_start + 4] == b"PK\x05\x06":
        position = tail_start
    else:
        position = content.rfind(b"PK\x05\x06", max(0, tail_start - 0xFFFF))
    if position < 0 or position + END_OF_DIRECTORY.size > len(content):
        return None
    record = END_OF_DIRECTORY.unpack_from(content, position)
    entries, size = record[4], record[5]
    locator_at = position - ZIP64_LOCATOR.size
    if (entries == ZIP64_ENTRIES_MARK or size == ZIP64_SIZE_MARK) and locator_at >= 0:
        locator = ZIP64_LOCATOR.unpack_from(content, locator_at)
        zip64_at = locator[2]
        if locator[0] == b"PK\x06\x07" and zip64_at + ZIP64_END_OF_DIRECTORY.size <= len(content):
            zip64 = ZIP64_END_OF_DIRECTORY.unpack_from(content, zip64_at)
            if zip64[0] == b"PK\x06\x06":
                entries, size = zip64[7], zip64[8]
    return entries, size


def _check_count(count: int) -> None:
    if count > MAX_MEMBERS:
        raise UnsafeArchive(f"The archive holds {count:,} files; at most {MAX_MEMBERS:,} are accepted.")


def _checked_directory(content: bytes) -> zipfile.ZipFile:
    """The archive, once its directory promises nothing beyond the bounds."""
    declared = _declared_directory(content)
    if declared is not None:
        _check_count(declared[0])
        if declared[1] > MAX_DIRECTORY_BYTES:
            raise UnsafeArchive(f"The archive's file list takes {_megabytes(declared[1])}; it is not a model package.")
    archive = zipfile.ZipFile(io.BytesIO(content))
    members = archive.infolist()
    _check_count(len(members))
    limit, total = inflated_limit(), 0
    for member in members:
        if member.compress_type not in PACKAGE_METHODS:
            raise UnsafeArchive(f"'{member.filename}' is compressed in a way 3MF packages may not use.")
        total += member.file_size
        if total > limit:
            raise UnsafeArchive(
                f"The archive would inflate to more than {_megabytes(limit)}, the most a model may take."
            )
        if member.file_size > RATIO_EXEMPT_BYTES and member.file_size > MAX_RATIO * member.compress_size:
            raise UnsafeArchive(f"'{member.filename}' inflates more than {MAX_RATIO} times; it is not model data.")
    return archive


def _copy_bounded(source, target, declared: int, room: int) -> int:
    """Copy an inflating member, refusing it as soon as it gives more than it declared or than `room`."""
    copied = 0
    while chunk := source.read(READ_CHUNK_BYTES):
        copied += len(chunk)
        if copied > declared:
            raise UnsafeArchive("The archive holds more data than its file list declares.")
        if copied > room:
            raise UnsafeArchive(f"The archive inflates to more than {_megabytes(inflated_limit())}.")
        target.write(chunk)
    return copied


def stored_parts(content: bytes, wanted) -> bytes:
    """A zip of the members whose names `wanted(name)` accepts, inflated within the bounds and stored
    uncompressed, for a loader that would otherwise inflate whatever the archive holds."""
    archive = _checked_directory(content)
    room = inflated_limit()
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as stored:
        for member in archive.infolist():
            if member.is_dir() or not wanted(member.filename):
                continue
            with archive.open(member) as source, stored.open(member.filename, "w") as target:
                room -= _copy_bounded(source, target, member.file_size, room)
    return output.getvalue()
