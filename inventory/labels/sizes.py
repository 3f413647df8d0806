"""Brother QL label sizes and printer models, as brother_ql defines them (`brother_ql.labels`, `.models`).

Identifiers are Brother's: "62" is 62 mm endless tape, "29x90" a 29 x 90 mm die-cut label, "d24"
a 24 mm round one. Dots are at 300 dpi; "across" is the tape's width, "along" its feed direction.
"""

from dataclasses import dataclass

from brother_ql.labels import Color, FormFactor, LabelsManager
from brother_ql.models import ModelsManager

from config.errors import Refused


class LabelShape:
    ENDLESS = "endless"
    DIE_CUT = "die-cut"
    ROUND = "round"


SHAPES = {FormFactor.ENDLESS: LabelShape.ENDLESS, FormFactor.DIE_CUT: LabelShape.DIE_CUT}
SHAPES[FormFactor.ROUND_DIE_CUT] = LabelShape.ROUND


@dataclass(frozen=True)
class LabelSize:
    """One kind of Brother label: its printable area in dots, and which printers take it."""

    identifier: str
    name: str  # "62mm endless", "29mm x 90mm die-cut"
    shape: str
    tape_mm: tuple[int, int]  # (width, length); length 0 for endless tape
    printable_across: int
    printable_along: int  # 0 for endless tape: the label is as long as its content
    two_color: bool
    only_for_models: tuple[str, ...]

    def fits(self, model: str) -> bool:
        return not self.only_for_models or model in self.only_for_models

    def as_dict(self) -> dict:
        return {
            "identifier": self.identifier,
            "name": self.name,
            "shape": self.shape,
            "tape_mm": list(self.tape_mm),
            "printable_dots": [self.printable_across, self.printable_along],
            "two_color": self.two_color,
        }


def label_sizes() -> list[LabelSize]:
    return [from_brother(label) for label in LabelsManager().iter_elements()]


def label_size(identifier: str) -> LabelSize:
    """The label size Brother calls `identifier` ("62", "29x90"; any case), or `Refused` naming the known ones."""
    wanted = str(identifier).strip().casefold()
    for label in LabelsManager().iter_elements():
        if label.identifier.casefold() == wanted:
            return from_brother(label)
    known = ", ".join(LabelsManager().identifiers())
    raise Refused("label_size", f"Unknown label size {identifier!r}; Brother QL sizes are {known}.", "unknown_label")


def printer_models() -> list[str]:
    return ModelsManager().identifiers()


def printer_model(identifier: str) -> str:
    """Brother's name of the model (`ql-820nwb` is "QL-820NWB"), or `Refused` naming the known ones."""
    wanted = str(identifier).strip().casefold()
    for model in printer_models():
        if model.casefold() == wanted:
            return model
    raise Refused(
        "model", f"Unknown printer model {identifier!r}; supported: {', '.join(printer_models())}.", "unknown_model"
    )


def supports_two_colors(model: str) -> bool:
    return ModelsManager()[model].two_color


def feed_range(model: str) -> tuple[int, int]:
    """The shortest and longest label, in dots along the tape, that `model` prints."""
    return tuple(ModelsManager()[model].min_max_length_dots)


def from_brother(label) -> LabelSize:
    across, along = label.dots_printable
    return LabelSize(
        identifier=label.identifier,
        name=label.name,
        shape=SHAPES[label.form_factor],
        tape_mm=tuple(label.tape_size),
        printable_across=across,
        printable_along=along,
        two_color=label.color == Color.BLACK_RED_WHITE,
        only_for_models=tuple(label.restricted_to_models),
    )
