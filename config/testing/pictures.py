"""Small real pictures for upload tests: decoded by the files app like any customer's photo."""

import io

from PIL import Image as PillowImage


def picture(image_format: str = "JPEG", size=(40, 30), **options) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (220, 40, 90)).save(buffer, image_format, **options)
    return buffer.getvalue()


def named_upload(content: bytes, name: str = "photo.jpg"):
    """`content` as a multipart file field named `name`."""
    stream = io.BytesIO(content)
    stream.name = name
    return stream
