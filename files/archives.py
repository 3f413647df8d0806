"""Opening zip-based model files (3MF) within bounds, so an archive bomb is refused before it inflates (issue 9).

trimesh inflates every member of an archive in memory: a 3 MB 3MF holding a 3 GiB member costs 6 GB.
Here the central directory is checked first (member count, declared sizes against the cap, compression
ratio); then the model parts are inflated a chunk at a time, and a part that gives more than it declared
is refused at once, since the directory may lie. trimesh gets those parts stored uncompressed, so it
inflates nothing itself.
"""

import io
import struct
import zipfile
import zlib

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

LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # ends with the name and extra field lengths
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


def _shown(member: zipfile.ZipInfo) -> str:
    """A member's name for a message: names may be 64 KB long."""
    name = member.filename
    return f"'{name}'" if len(name) <= 80 else f"'{name[:77]}...'"


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
            raise UnsafeArchive(f"{_shown(member)} is compressed in a way 3MF packages may not use.")
        total += member.file_size
        if total > limit:
            raise UnsafeArchive(
                f"The archive would inflate to more than {_megabytes(limit)}, the most a model may take."
            )
        if member.file_size > RATIO_EXEMPT_BYTES and member.file_size > MAX_RATIO * member.compress_size:
            raise UnsafeArchive(f"{_shown(member)} inflates more than {MAX_RATIO} times; it is not model data.")
    return archive


def _inflated_chunks(content: bytes, member: zipfile.ZipInfo):
    """The member's bytes, READ_CHUNK_BYTES at a time, inflated here rather than by zipfile so that
    nothing past the declared size is ever produced unnoticed."""
    header = LOCAL_HEADER.unpack_from(content, member.header_offset)
    if header[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"No local header for {_shown(member)}.")
    start = member.header_offset + LOCAL_HEADER.size + header[-2] + header[-1]
    packed = memoryview(content)[start : start + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(packed), READ_CHUNK_BYTES):
            yield bytes(packed[offset : offset + READ_CHUNK_BYTES])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending = packed
    while not inflater.eof:
        chunk = inflater.decompress(pending, READ_CHUNK_BYTES)
        pending = inflater.unconsumed_tail
        if not chunk and not pending:
            raise zipfile.BadZipFile(f"{_shown(member)} ends before its data does.")
        yield chunk


def _copy_member(content: bytes, member: zipfile.ZipInfo, target) -> None:
    """Copy a member, refusing it as soon as it inflates past its declared size: with every declared
    size checked against the limit, that bounds the whole copy."""
    copied = crc = 0
    for chunk in _inflated_chunks(content, member):
        copied += len(chunk)
        if copied > member.file_size:
            raise UnsafeArchive(f"{_shown(member)} holds more data than the archive's file list declares.")
        crc = zlib.crc32(chunk, crc)
        target.write(chunk)
    if copied != member.file_size or crc != member.CRC:
        raise zipfile.BadZipFile(f"{_shown(member)} is damaged.")


def stored_parts(content: bytes, wanted) -> bytes:
    """A zip of the members whose names `wanted(name)` accepts, inflated within the bounds and stored
    uncompressed, for a loader that would otherwise inflate whatever the archive holds."""
    archive = _checked_directory(content)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as stored:
        for member in archive.infolist():
            if not member.is_dir() and wanted(member.filename):
                with stored.open(member.filename, "w") as target:
                    _copy_member(content, member, target)
    return output.getvalue()
