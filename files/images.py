"""Pictures checked by decoding them, not by their name: the format is what Pillow finds inside.

Decoding is bounded: the header gives the size before any pixel is read, and an image of more than
`MAX_IMAGE_PIXELS` is refused unread (a 5 MB PNG can declare a 50,000 × 50,000 canvas that would
take gigabytes to inflate). Animated GIF and WebP frames are counted too.
"""

import io
from dataclasses import dataclass

from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

from .choices import ImageFormat

MAX_IMAGE_PIXELS = 40_000_000  # a 50-megapixel camera photo is refused; a part photo is far smaller
MAX_FRAMES = 500


class UnreadableImage(ValueError):
    pass


@dataclass(frozen=True)
class CheckedImage:
    image_format: str
    width: int
    height: int


def check_image(content: bytes) -> CheckedImage:
    """The decoded format and size of `content`, or `UnreadableImage` saying why it is refused."""
    try:
        with PillowImage.open(io.BytesIO(content)) as image:
            found = image.format
            if found not in ImageFormat.values:
                raise UnreadableImage(f"{found} images are not accepted. Accepted: PNG, JPEG, GIF, WebP.")
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
            if width * height > MAX_IMAGE_PIXELS or frames > MAX_FRAMES:
                raise UnreadableImage(f"The image is too large to accept ({width} × {height} pixels, {frames} frames).")
            image.load()  # decodes the first frame: a truncated or corrupt file fails here
    except UnreadableImage:
        raise
    except PillowImage.DecompressionBombError:
        raise UnreadableImage("The image is too large to accept (its declared size is over the pixel limit).") from None
    except UnidentifiedImageError:
        raise UnreadableImage("The file is not a PNG, JPEG, GIF or WebP image.") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnreadableImage(f"The image could not be decoded: {exc}") from None
    return CheckedImage(found, width, height)
