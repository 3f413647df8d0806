"""The calculator's tables as the reference gives them (calculator.md §3-4), so a fresh database prices.

Process codes: M cnc-milling, L cnc-lathe, P painting, 3D printing. The original's underscore
spellings (`cnc_milling`) are read as the hyphenated services (docs/calculator.md, decision 7).
"""

from decimal import Decimal as D

from django.db import migrations

PROCESS = {"M": "cnc-milling", "L": "cnc-lathe", "P": "painting", "3D": "printing"}

LOCATIONS = [
    # id, name, price_of_hour, d, i, o, a, pm, op
    ("location_1", "rudnevo", "874.57", "0.1124", "0.3170", "1.7568", "0.8731", "0.01", "0.25"),
    ("location_2", "dubna", "667.88", "0.11", "0.3170", "1.4097", "1.4208", "0.01", "0.25"),
    ("location_3", "saransk", "469.03", "0.13", "0.2985", "2.328", "0.995", "0.01", "0.25"),
]

SERVICES = [
    # id, name, description, formula, location, default material, form, certificates
    ("cnc-milling", "CNC Milling", "Precision milling operations", "milling", "location_1", "alum_D16", "sheet", "af"),
    ("cnc-lathe", "CNC Lathe", "Turning and facing operations", "lathe", "location_1", "alum_D16", "rod", "af"),
    ("printing", "3D Printing", "Additive manufacturing", "printing", "location_3", "PA11", "powder", "af"),
    ("painting", "Painting", "Surface finishing", "painting", None, "alum_D16", "sheet", "afgd"),
]

MACHINES = [
    ("location_1", "cnc-milling", ["machine_101", "machine_102", "machine_103", "machine_104"]),
    ("location_1", "cnc-lathe", ["machine_105", "machine_106"]),
    ("location_3", "printing", ["ONSINT SM300", "ONSINT SM500", "ONSINT SM800"]),
]

FAMILIES = [
    ("alum", "Алюминий", "1.1"),
    ("plastic", "Пластик", "0.9"),
    ("steel", "Сталь", "1.3"),
    ("wood", "Дерево", "1.0"),
    ("latun", "Латунь", None),
    ("bronze", "Бронза", None),
]

MATERIALS = [
    # id, name, family, density kg/m³, k_handle, processes, forms: (form, RUB/kg, processes)
    ("alum_D16", "Алюминий Д16", "alum", "2800", "0.03", "M L P",
     [("sheet", "847.62", "M P"), ("rod", "531.08", "M L P"), ("hexagon", "587.44", "M L P")]),
    ("alum_AMC", "Алюминий АМц", "alum", "2800", "0.03", "M L P",
     [("sheet", "408.22", "M L P"), ("rod", "471.89", "M L P")]),
    ("alum_AMG3", "Алюминий АМг3", "alum", "2800", "0.03", "M L P",
     [("sheet", "433.31", "M P"), ("rod", "425.75", "M L P"), ("hexagon", "490.65", "M L P")]),
    ("alum_AMG6", "Алюминий АМг6", "alum", "2800", "0.03", "M L P",
     [("sheet", "675.13", "M P"), ("rod", "560.12", "M L P"), ("hexagon", "705.20", "M L P")]),
    ("steel_12X18H10T", "Сталь 12Х18Н10Т", "steel", "7850", "0.045", "M L P",
     [("sheet", "515.80", "M P"), ("rod", "340.40", "M L P")]),
    ("steel_30XGSA", "Сталь 30ХГСА", "steel", "7850", "0.045", "M L P",
     [("sheet", "263.81", "M P"), ("rod", "244.63", "M L P"), ("hexagon", "244.63", "M L P")]),
    ("PA11", "Порошок PA11", "plastic", "1020", "0", "3D P", [("powder", "14000", "3D P")]),
    ("PA12", "Порошок PA12", "plastic", "930", "0", "3D P", [("powder", "9200", "3D P")]),
    ("steel_14X17H2", "Сталь 14Х17Н2", "steel", "7850", "0", "M L P",
     [("sheet", "2000", "M P"), ("rod", "261.92", "M L")]),
    ("alum_1163", "Алюминий 1163", "alum", "2800", "0.03", "M L P", [("sheet", "1200", "M P")]),
    ("alum_B95och", "Алюминий В95оч", "alum", "2800", "0.03", "M L P", [("sheet", "1300", "M P")]),
    ("alum_ad31", "Алюминий АД31", "alum", "2710", "0", "M L P",
     [("sheet", "267.09", "M P"), ("rod", "509.17", "M L P")]),
    ("alum_ad1", "Алюминий АД1", "alum", "2710", "0", "M L P",
     [("sheet", "310.28", "M P"), ("rod", "283.33", "M L P")]),
    ("alum_D16T", "Алюминий Д16Т", "alum", "2800", "0", "M L", [("sheet", "465.6", "M"), ("rod", "545.9", "M L")]),
    ("steel_40\u042513", "Сталь 40Х13", "steel", "7770", "0", "M L", [("rod", "196.89", "M L")]),
    ("alum_\u0410\u041a4", "Алюминий АК4", "alum", "2770", "0", "M", [("sheet", "856.53", "M")]),
    ("latun_\u041b63", "Латунь Л63", "latun", "8440", "0", "M L", [("rod", "428.52", "M L")]),
    ("bronze_\u0411\u0440\u0410\u0416\u041c\u044610-3-1.5", "Бронза БрАЖМц10-3-1.5", "bronze", "7500", "0", "M L",
     [("rod", "610.21", "M L")]),
    ("steel_45", "Сталь 45", "steel", "7826", "0", "M L", [("rod", "63.03", "M L")]),
    ("steel_20", "Сталь 20", "steel", "7859", "0", "M L", [("sheet", "68.565", "M"), ("rod", "55.23", "M L")]),
    ("steel_40\u0425", "Сталь 40Х", "steel", "7820", "0", "M L", [("hexagon", "74.45", "M L")]),
]

COEFFICIENTS = [
    # kind, code, name, value, cycle days, default
    *[("tolerance", str(n), f"IT{n + 6}", v, "0", n == 1)
      for n, v in enumerate(["1.15", "1.10", "1.05", "1.00", "0.95", "0.90"], start=1)],
    *[("finish", str(n), f"Ra {ra} µm", v, "0", n == 1)
      for n, (ra, v) in enumerate(
          [("12.5", "0.90"), ("6.3", "0.95"), ("3.2", "1.00"), ("1.6", "1.05"), ("0.8", "1.10")], start=1)],
    ("cover", "1", "Покраска (painting)", "1.05", "1.0", True),
    ("cover", "2", "Гальваника (electroplating)", "1.15", "2.0", False),
    *[("certificate", code, f"Certificate {code}", "0", "0", False) for code in "abcdefg"],
    ("paint_prepare", "a", "Preparation a", "1.0", "0", True),
    ("paint_prepare", "b", "Preparation b", "1.1", "0", False),
    ("paint_prepare", "c", "Preparation c", "1.2", "0", False),
    ("paint_primer", "a", "Primer a", "1.0", "0", False),
    ("paint_primer", "b", "Primer b", "1.15", "0", True),
    ("paint_primer", "c", "Primer c", "1.3", "0", False),
    ("paint_lakery", "a", "Lacquer a", "1.0", "0", True),
    ("paint_lakery", "b", "Lacquer b", "1.1", "0", False),
    ("paint_lakery", "c", "Lacquer c", "1.2", "0", False),
]

QUANTITY_DISCOUNTS = [(1, "1.00", 0), (21, "0.95", 1), (101, "0.85", 2), (501, "0.80", 3)]
COMPLEXITY_LEVELS = [(1, "0.75"), (16, "1.00"), (51, "1.25")]
PAINT_TYPES = [
    ("epoxy", "Epoxy", "25.0", "1.2", "1.1", True),
    ("acrylic", "Acrylic", "20.0", "1.0", "1.0", False),
    ("polyurethane", "Polyurethane", "30.0", "1.3", "1.2", False),
]


def processes(codes: str) -> list[str]:
    return [PROCESS[code] for code in codes.split()]


def load(apps, schema_editor):
    get = apps.get_model
    Location, Service, Machine = get("catalog", "Location"), get("catalog", "Service"), get("catalog", "Machine")
    MaterialFamily, Material, MaterialForm = (
        get("catalog", "MaterialFamily"),
        get("catalog", "Material"),
        get("catalog", "MaterialForm"),
    )
    Coefficient = get("catalog", "Coefficient")

    for id_, name, hour, d, i, o, a, pm, op in LOCATIONS:
        Location.objects.create(
            id=id_, name=name, price_of_hour=D(hour), additional_salary=D(d), insurance=D(i), overhead=D(o),
            administrative=D(a), profit_material=D(pm), profit_other=D(op),
        )
    for code, name, k_clean in FAMILIES:
        MaterialFamily.objects.create(code=code, name=name, paint_k_clean=D(k_clean) if k_clean else None)
    for position, (id_, name, description, formula, location, *_rest) in enumerate(SERVICES, start=1):
        Service.objects.create(
            id=id_, name=name, description=description, formula=formula, location_id=location, position=position
        )
    for position, (id_, name, family, density, k_handle, material_processes, forms) in enumerate(MATERIALS, 1):
        material = Material.objects.create(
            id=id_, name=name, family_id=family, density=D(density), k_handle=D(k_handle), position=position
        )
        material.processes.set(processes(material_processes))
        for form, price, form_processes in forms:
            MaterialForm.objects.create(material=material, form=form, price_per_kg=D(price)).processes.set(
                processes(form_processes)
            )
    for location, service, names in MACHINES:
        for name in names:
            Machine.objects.create(location_id=location, service_id=service, name=name)
    for kind, code, name, value, days, is_default in COEFFICIENTS:
        Coefficient.objects.create(
            kind=kind, code=code, name=name, value=D(value), cycle_days=D(days), is_default=is_default
        )
    for id_, _name, _description, _formula, _location, material, form, certificates in SERVICES:
        service = Service.objects.get(pk=id_)
        service.default_material_id, service.default_form = material, form
        service.save(update_fields=["default_material", "default_form"])
        service.default_certificates.set(Coefficient.objects.filter(kind="certificate", code__in=list(certificates)))
    for start, multiplier, days in QUANTITY_DISCOUNTS:
        get("catalog", "QuantityDiscount").objects.create(min_quantity=start, multiplier=D(multiplier), cycle_days=days)
    for start, multiplier in COMPLEXITY_LEVELS:
        get("catalog", "ComplexityLevel").objects.create(min_dimensions=start, multiplier=D(multiplier))
    for code, name, base_price, k_type, k_prepare, is_default in PAINT_TYPES:
        get("catalog", "PaintType").objects.create(
            code=code, name=name, base_price=D(base_price), k_type=D(k_type), k_prepare=D(k_prepare),
            is_default=is_default,
        )
    get("catalog", "PricingRules").objects.create()


def unload(apps, schema_editor):
    for name in ["Machine", "MaterialForm", "Service", "Material", "MaterialFamily", "Location", "Coefficient",
                 "QuantityDiscount", "ComplexityLevel", "PaintType", "PricingRules"]:
        apps.get_model("catalog", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
