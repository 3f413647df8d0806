"""Drawing part and location labels: a QR code of the row's id beside its name and details.

A label is drawn the way it is read, its text along its longer side: on a die-cut label that is
the label's length or width, on narrow endless tape (12-29 mm) a strip as long as its text, on wide
tape (38 mm and up) a label across the tape. `printing.raster_job` turns it as the printer feeds it.
The PNG preview is this same image, so what a user previews is what prints.
"""

import io
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from PIL import Image, ImageDraw, ImageFont

from .sizes import LabelShape, LabelSize, label_size

WIDE_TAPE_DOTS = 400  # tape from 38 mm up carries a label drawn across it; narrower tape, one along it
ENDLESS_ASPECT = 0.45  # a label across 62 mm tape is 62 x 28 mm, the size of the common die-cut ones
MIN_ENDLESS_DOTS = 300  # 25 mm: the shortest label every QL model feeds (QL-1050 needs 295 dots)
MAX_ENDLESS_DOTS = 2400  # 20 cm of tape for one label is plenty; longer text is shrunk or cut
MIN_TEXT_DOTS = 100  # 8.5 mm: narrower than this beside the QR code, a label carries the code alone
MAX_LINE_CHARS = 300  # more than the longest label holds at the smallest font
MIN_FONT_PX = 14
MAX_FONT_PX = 90
PRIMARY_SCALE = 1.4  # the name is this much larger than the lines under it
ELLIPSIS = "…"
WHITE, BLACK = 255, 0


@dataclass(frozen=True)
class PartLabel:
    """What a part's label shows; the QR code holds `id`."""

    id: str
    name: str
    part_number: str = ""
    location: str = ""

    def lines(self) -> list[str]:
        return [self.name, self.part_number, self.location]


@dataclass(frozen=True)
class LocationLabel:
    """What a storage location's label shows; the QR code holds `id`."""

    id: str
    name: str
    path: str = ""  # "Workshop / Shelf A / Drawer 3"
    description: str = ""

    def lines(self) -> list[str]:
        return [self.name, self.path, self.description]


@dataclass(frozen=True)
class RenderedLabel:
    """A label drawn for one label size, as it is read; `rotation` turns it as the printer feeds it."""

    image: Image.Image
    size: LabelSize
    qr_data: str
    rotation: int  # degrees: 90 when the text runs along the tape, 0 when across it

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()


def render_part_label(part: PartLabel, size: str | LabelSize) -> RenderedLabel:
    return render(str(part.id), part.lines(), size)


def render_location_label(location: LocationLabel, size: str | LabelSize) -> RenderedLabel:
    return render(str(location.id), location.lines(), size)


def render(qr_data: str, lines: list[str], size: str | LabelSize) -> RenderedLabel:
    size = size if isinstance(size, LabelSize) else label_size(size)
    across, along = size.printable_across, size.printable_along
    if size.shape == LabelShape.ENDLESS and across < WIDE_TAPE_DOTS:
        turned, width, height = True, None, across  # a strip as long as the text needs
    elif size.shape == LabelShape.ENDLESS:
        turned, width, height = False, across, max(MIN_ENDLESS_DOTS, int(across * ENDLESS_ASPECT))
    else:
        # Text runs along the label's longer side, whichever way it lies on the tape.
        turned = along > across
        width, height = (along, across) if turned else (across, along)
    margin = margin_for(height)
    qr = qr_image(qr_data, height - 2 * margin)
    text_left = margin + qr.width + max(margin, qr.width // 10)
    if width is not None and width - margin - text_left < MIN_TEXT_DOTS:
        # A round or square label holds the QR code alone: there is no room beside it for text.
        image = Image.new("L", (width, height), WHITE)
        image.paste(qr, ((width - qr.width) // 2, (height - qr.height) // 2))
        return RenderedLabel(image, size, qr_data, rotation=90 if turned else 0)
    text_lines = [line.strip()[:MAX_LINE_CHARS] for line in lines if line and line.strip()]
    fonts = fit_fonts(len(text_lines), height - 2 * margin)
    text_lines = text_lines[: len(fonts)]
    if width is None:
        widest = max((font.getlength(line) for line, font in zip(text_lines, fonts, strict=True)), default=0)
        width = min(max(int(text_left + widest + margin), MIN_ENDLESS_DOTS, height), MAX_ENDLESS_DOTS)
    image = Image.new("L", (width, height), WHITE)
    image.paste(qr, (margin, (height - qr.height) // 2))
    draw_lines(ImageDraw.Draw(image), text_lines, fonts, left=text_left, right=width - margin, height=height)
    return RenderedLabel(image, size, qr_data, rotation=90 if turned else 0)


def margin_for(height: int) -> int:
    return max(4, height // 24)


def qr_image(data: str, side: int) -> Image.Image:
    """The QR code of `data`, drawn with whole pixels per module to stay sharp, as large as fits `side`.
    No border of its own: the label's margins and the gap before the text are its quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    modules = len(matrix)
    module_px = max(1, side // modules)
    small = Image.new("L", (modules, modules), WHITE)
    small.putdata([BLACK if dark else WHITE for row in matrix for dark in row])
    return small.resize((modules * module_px, modules * module_px), Image.NEAREST)


def fit_fonts(count: int, height: int) -> list[ImageFont.FreeTypeFont]:
    """A font per line, the first one larger; lines that cannot be drawn at a readable size are left off."""
    while count:
        line_px = height / (PRIMARY_SCALE + count - 1)
        secondary = min(int(line_px * 0.8), MAX_FONT_PX)
        if secondary >= MIN_FONT_PX:
            primary = min(int(line_px * PRIMARY_SCALE * 0.8), MAX_FONT_PX)
            return [font(primary)] + [font(secondary)] * (count - 1)
        count -= 1
    return []


@lru_cache(maxsize=64)
def font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=px)


def draw_lines(draw: ImageDraw.ImageDraw, lines, fonts, *, left: int, right: int, height: int) -> None:
    """The lines stacked and centred as a block. When one is too long, all shrink alike (the name stays the
    largest); a line still too long at the smallest size is cut with an ellipsis."""
    available = right - left
    scale = min(
        [1.0] + [available / length for line, f in zip(lines, fonts, strict=True) if (length := f.getlength(line))]
    )
    fonts = [font(max(MIN_FONT_PX, int(line_font.size * scale))) for line_font in fonts]
    lines = [cut_to_width(line, line_font, available) for line, line_font in zip(lines, fonts, strict=True)]
    heights = [line_font.size * 1.15 for line_font in fonts]
    top = (height - sum(heights)) / 2
    for line, line_font, line_height in zip(lines, fonts, heights, strict=True):
        draw.text((left, top), line, font=line_font, fill=BLACK)
        top += line_height


def cut_to_width(line: str, line_font: ImageFont.FreeTypeFont, width: int) -> str:
    if line_font.getlength(line) <= width:
        return line
    while line and line_font.getlength(line + ELLIPSIS) > width:
        line = line[:-1]
    return line + ELLIPSIS
