"""Demo product for `manage.py demo_data`: a casement window to configure on /configure/."""

from decimal import Decimal

from . import services
from .choices import DataType, NodeType, PriceImpactType
from .models import ManufacturingType

NAME = "Casement Window"
SIZE_RULES = {"min": 400, "max": 2400, "message": "Sizes run from 400 to 2400 mm"}
WITH_GRILLES = {"operator": "exists", "field": "extras.grilles"}


def option(name, price="0", weight="0", **fields):
    return {
        "name": name,
        "node_type": NodeType.OPTION,
        "price_impact_value": Decimal(price),
        "weight_impact": Decimal(weight),
        **fields,
    }


TREE = [
    (
        "Frame",
        [
            (
                {
                    "name": "Frame Material",
                    "node_type": NodeType.ATTRIBUTE,
                    "data_type": DataType.STRING,
                    "ui_component": "radio",
                    "help_text": "Aluminium suits coastal homes; wood insulates best.",
                },
                [
                    option("Vinyl", sort_order=1),
                    option("Aluminum", "50", "2", sort_order=2),
                    option("Wood", "120", "3.5", sort_order=3),
                ],
            ),
        ],
    ),
    (
        "Glazing",
        [
            (
                {
                    "name": "Glass",
                    "node_type": NodeType.ATTRIBUTE,
                    "data_type": DataType.STRING,
                    "ui_component": "select",
                },
                [
                    option(
                        "Double pane",
                        "0",
                        "0",
                        sort_order=1,
                        technical_property_type="u_value",
                        technical_impact_formula="1.4",
                    ),
                    option(
                        "Triple pane",
                        "25",
                        "6",
                        sort_order=2,
                        price_impact_type=PriceImpactType.PERCENTAGE,
                        technical_property_type="u_value",
                        technical_impact_formula="0.8",
                    ),
                ],
            ),
        ],
    ),
    (
        "Size",
        [
            (
                {
                    "name": "Width",
                    "node_type": NodeType.ATTRIBUTE,
                    "data_type": DataType.NUMBER,
                    "ui_component": "number",
                    "sort_order": 1,
                    "help_text": "Millimetres, 400 to 2400.",
                    "price_impact_type": PriceImpactType.FORMULA,
                    "price_formula": "value * 0.15",
                    "weight_formula": "value * 0.004",
                    "validation_rules": SIZE_RULES,
                },
                [],
            ),
            (
                {
                    "name": "Height",
                    "node_type": NodeType.ATTRIBUTE,
                    "data_type": DataType.NUMBER,
                    "ui_component": "number",
                    "sort_order": 2,
                    "help_text": "Millimetres, 400 to 2400.",
                    "price_impact_type": PriceImpactType.FORMULA,
                    "price_formula": "value * 0.12",
                    "weight_formula": "value * 0.004",
                    "validation_rules": SIZE_RULES,
                },
                [],
            ),
        ],
    ),
    (
        "Extras",
        [
            (
                {
                    "name": "Grilles",
                    "node_type": NodeType.ATTRIBUTE,
                    "data_type": DataType.BOOLEAN,
                    "ui_component": "checkbox",
                    "sort_order": 1,
                    "price_impact_value": Decimal("35"),
                    "weight_impact": Decimal("1"),
                },
                [],
            ),
            (
                {
                    "name": "Grille Pattern",
                    "node_type": NodeType.ATTRIBUTE,
                    "data_type": DataType.STRING,
                    "ui_component": "radio",
                    "sort_order": 2,
                    "help_text": "Only with grilles.",
                },
                [
                    option("Colonial", "0", sort_order=1, display_condition=WITH_GRILLES),
                    option("Prairie", "15", sort_order=2, display_condition=WITH_GRILLES),
                ],
            ),
        ],
    ),
]


def load(stdout) -> None:
    if not ManufacturingType.objects.filter(name=NAME).exists():
        window = ManufacturingType.objects.create(
            name=NAME,
            description="Energy-efficient casement windows with superior ventilation",
            base_category="window",
            base_price=Decimal("200.00"),
            base_weight=Decimal("15.00"),
        )
        for sort_order, (category, attributes) in enumerate(TREE, start=1):
            root = services.create_node(
                name=category, node_type=NodeType.CATEGORY, manufacturing_type=window, sort_order=sort_order
            )
            for fields, options in attributes:
                attribute = services.create_node(parent=root, **fields)
                for option_fields in options:
                    services.create_node(parent=attribute, **option_fields)
    stdout.write(f"  configurator product: {NAME} (/configure/)")
