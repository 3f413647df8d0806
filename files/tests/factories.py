import base64

import factory
import trimesh

from accounts.tests.factories import UserFactory
from files.choices import PreviewStatus
from files.models import Document, ModelFile

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def box_stl(extents=(30.0, 20.0, 10.0)) -> bytes:
    """A real binary STL of a box with these extents in mm."""
    return trimesh.creation.box(extents=extents).export(file_type="stl")


BOX_STL = box_stl()


def mesh_bytes(file_type: str, mesh=None) -> bytes:
    exported = (mesh or trimesh.creation.box(extents=(30.0, 20.0, 10.0))).export(file_type=file_type)
    return exported.encode() if isinstance(exported, str) else exported


def box_step(extents=(30.0, 20.0, 10.0)) -> bytes:
    """A STEP AP214 file, in mm, of an axis-aligned box: a B-rep of six planar faces."""
    length, width, height = extents
    lines = []

    def add(entity: str) -> str:
        ref = f"#{len(lines) + 1}"
        lines.append(f"{ref}={entity};")
        return ref

    def point(p):
        return add("CARTESIAN_POINT('',({:.6f},{:.6f},{:.6f}))".format(*p))

    def direction(d):
        return add("DIRECTION('',({:.6f},{:.6f},{:.6f}))".format(*d))

    corners = [((i & 1) * length, (i >> 1 & 1) * width, (i >> 2 & 1) * height) for i in range(8)]
    vertices = [add(f"VERTEX_POINT('',{point(c)})") for c in corners]
    edges = {}

    def oriented_edge(a, b):
        key = (min(a, b), max(a, b))
        if key not in edges:
            start, end = corners[key[0]], corners[key[1]]
            span = [e - s for s, e in zip(start, end, strict=True)]
            size = max(abs(s) for s in span)
            vector = add(f"VECTOR('',{direction([s / size for s in span])},{size:.6f})")
            line = add(f"LINE('',{point(start)},{vector})")
            edges[key] = add(f"EDGE_CURVE('',{vertices[key[0]]},{vertices[key[1]]},{line},.T.)")
        sense = ".T." if a < b else ".F."
        return add(f"ORIENTED_EDGE('',*,*,{edges[key]},{sense})")

    # Each face: its corners counter-clockwise seen from outside, and its outward normal.
    faces = [
        ((0, 2, 3, 1), (0, 0, -1)),
        ((4, 5, 7, 6), (0, 0, 1)),
        ((0, 1, 5, 4), (0, -1, 0)),
        ((2, 6, 7, 3), (0, 1, 0)),
        ((0, 4, 6, 2), (-1, 0, 0)),
        ((1, 3, 7, 5), (1, 0, 0)),
    ]
    face_refs = []
    for loop, normal in faces:
        edge_loop = add(
            "EDGE_LOOP('',({}))".format(",".join(oriented_edge(loop[i], loop[(i + 1) % 4]) for i in range(4)))
        )
        bound = add(f"FACE_OUTER_BOUND('',{edge_loop},.T.)")
        reference = (1, 0, 0) if normal[0] == 0 else (0, 1, 0)
        placement = add(f"AXIS2_PLACEMENT_3D('',{point(corners[loop[0]])},{direction(normal)},{direction(reference)})")
        plane = add(f"PLANE('',{placement})")
        face_refs.append(add(f"ADVANCED_FACE('',({bound}),{plane},.T.)"))
    shell = add("CLOSED_SHELL('',({}))".format(",".join(face_refs)))
    brep = add(f"MANIFOLD_SOLID_BREP('box',{shell})")

    mm = add("( LENGTH_UNIT() NAMED_UNIT(*) SI_UNIT(.MILLI.,.METRE.) )")
    radian = add("( NAMED_UNIT(*) PLANE_ANGLE_UNIT() SI_UNIT($,.RADIAN.) )")
    steradian = add("( NAMED_UNIT(*) SI_UNIT($,.STERADIAN.) SOLID_ANGLE_UNIT() )")
    accuracy = add(f"UNCERTAINTY_MEASURE_WITH_UNIT(LENGTH_MEASURE(1.E-07),{mm},'distance_accuracy_value','')")
    context = add(
        f"( GEOMETRIC_REPRESENTATION_CONTEXT(3) GLOBAL_UNCERTAINTY_ASSIGNED_CONTEXT(({accuracy})) "
        f"GLOBAL_UNIT_ASSIGNED_CONTEXT(({mm},{radian},{steradian})) REPRESENTATION_CONTEXT('','') )"
    )
    origin = add(f"AXIS2_PLACEMENT_3D('',{point((0, 0, 0))},{direction((0, 0, 1))},{direction((1, 0, 0))})")
    shape = add(f"ADVANCED_BREP_SHAPE_REPRESENTATION('',({origin},{brep}),{context})")
    application = add("APPLICATION_CONTEXT('automotive design')")
    add(f"APPLICATION_PROTOCOL_DEFINITION('international standard','automotive_design',2000,{application})")
    product_context = add(f"PRODUCT_CONTEXT('',{application},'mechanical')")
    product = add(f"PRODUCT('box','box','',({product_context}))")
    formation = add(f"PRODUCT_DEFINITION_FORMATION('','',{product})")
    definition_context = add(f"PRODUCT_DEFINITION_CONTEXT('part definition',{application},'design')")
    definition = add(f"PRODUCT_DEFINITION('design','',{formation},{definition_context})")
    definition_shape = add(f"PRODUCT_DEFINITION_SHAPE('','',{definition})")
    add(f"SHAPE_DEFINITION_REPRESENTATION({definition_shape},{shape})")

    header = (
        "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\n"
        "FILE_NAME('box.step','2024-01-01T00:00:00',(''),(''),'','','');\n"
        "FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));\nENDSEC;\nDATA;\n"
    )
    return (header + "\n".join(lines) + "\nENDSEC;\nEND-ISO-10303-21;\n").encode()


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


class ModelFileFactory(factory.django.DjangoModelFactory):
    """A stored 30 x 20 x 10 mm box STL, measured as an upload would be; no preview yet."""

    class Meta:
        model = ModelFile

    owner = factory.SubFactory(UserFactory)
    file = factory.django.FileField(filename="box.stl", data=BOX_STL)
    original_filename = "box.stl"
    file_size = len(BOX_STL)
    file_type = "stl"
    length_mm, width_mm, height_mm = 30.0, 20.0, 10.0
    volume_mm3 = 6000.0
    area_mm2 = 2200.0
    box_volume_mm3 = 6000.0
    is_watertight = True
    face_count = 12
    preview_status = PreviewStatus.PENDING


class DemoModelFileFactory(ModelFileFactory):
    owner = None
    is_demo = True
    original_filename = "demo_box.stl"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    owner = factory.SubFactory(UserFactory)
    file = factory.django.FileField(filename="spec.pdf", data=PDF_BYTES)
    original_filename = "spec.pdf"
    file_size = len(PDF_BYTES)
    file_type = "pdf"
    category = "technical_spec"
