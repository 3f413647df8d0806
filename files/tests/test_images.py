"""Pictures are accepted by what decoding finds, within bounds of bytes and pixels."""

import io
import struct
import zlib

import pytest
from PIL import Image as PillowImage

from config.errors import Refused

from .. import services
from ..images import MAX_IMAGE_PIXELS, UnreadableImage, check_image

pytestmark = pytest.mark.django_db


def picture(image_format: str, size=(8, 6), **options) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (200, 30, 30)).save(buffer, image_format, **options)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header claims a huge canvas (a decompression bomb's first step)."""
    content = bytearray(picture("PNG"))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(content[24:29])
    content[16:29] = header[4:]
    content[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(content)


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "GIF", "WEBP"])
def test_each_accepted_format_is_stored_with_what_decoding_found(image_format):
    image = services.upload_image(owner=None, file_name="photo.bin", content=picture(image_format))
    assert (image.image_format, image.width, image.height) == (image_format, 8, 6)
    assert image.file.name.endswith(f".{image.extension}")
    assert image.file.read() == picture(image_format)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"not an image at all", "not a PNG, JPEG, GIF or WebP"),
        (picture("BMP"), "BMP images are not accepted"),
        (picture("PNG", size=(64, 64))[:-30], "could not be decoded"),
        (png_declaring(60_000, 60_000), "too large"),
    ],
)
def test_what_does_not_decode_as_an_accepted_picture_is_refused(content, reason):
    with pytest.raises(UnreadableImage, match=reason):
        check_image(content)


def test_a_declared_canvas_over_the_pixel_cap_is_refused_before_decoding():
    side = int(MAX_IMAGE_PIXELS**0.5) + 1
    with pytest.raises(UnreadableImage, match="too large"):
        check_image(png_declaring(side, side))


def test_a_name_ending_in_png_does_not_make_text_a_picture():
    with pytest.raises(Refused) as refused:
        services.upload_image(owner=None, file_name="evil.png", content=b"<script>alert(1)</script>")
    assert refused.value.by_field() == {"file": ["The file is not a PNG, JPEG, GIF or WebP image."]}


def test_over_the_byte_limit_is_refused_unread(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 100
    with pytest.raises(Refused, match="limit is"):
        services.upload_image(owner=None, file_name="big.png", content=picture("PNG", size=(64, 64)))
