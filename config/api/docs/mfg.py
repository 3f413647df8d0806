"""The manufacturing service API (`/api/mfg/`) as integrators read it; examples follow
spec/mfg-manufacturing-service.md, with the fields this service really sends."""

import base64

from . import Doc

INTRO = (
    "Sign in with `POST /api/mfg/login` and send the token on every call as `Authorization: Bearer "
    "<access_token>`; the same token works on every API of this platform. The catalogue (`/services`, "
    "`/materials`, `/coefficients`, `/locations`, `/files/demo`) and `/calculate-price` need no token.\n\n"
    "Bodies are JSON, files included (as base64). Lists are JSON arrays paged with `skip` and `limit` "
    "(default 100, at most 1000), with the whole count in the `X-Total-Count` header. Creates answer 200.\n\n"
    'Errors are `{"error": CODE, "message": ..., "details": {field: [messages]}}` with the codes '
    "`BAD_REQUEST` (400, a body that cannot be read), `UNAUTHORIZED` (401), `FORBIDDEN` (403), `NOT_FOUND` "
    "(404, also for another customer's row) and `VALIDATION_ERROR` (422, each refused field in `details`). "
    "Every answer carries `X-RateLimit-Limit`, `-Remaining` and `-Reset`; past the limit the answer is 429 "
    "with `Retry-After`."
)

PAGED = (
    "The answer is a JSON array. Page through it with `skip` (rows to leave out, default 0) and `limit` "
    "(default 100, at most 1000); the `X-Total-Count` header holds the number of rows in the whole list."
)
FILE_BYTES = (
    "The answer is the file itself (`Content-Disposition: attachment` with the name it was uploaded under), "
    "whatever `Accept` header you send; errors are still JSON."
)
UPLOAD_RULES = (
    "Send the file as base64 in `file_data` (the standard alphabet with `=` padding; no line breaks and no "
    "`data:` prefix). The file may be at most 50 MB once decoded (the limit this server is set to); a larger "
    "one, or one that is not what its name says, is refused with 422 and a sentence on `file_data`. "
    "Nothing is stored when an upload is refused."
)
STAFF_STATUS = "The answer is only a confirmation; read the row again to see it."

USER = {
    "id": 123,
    "username": "jdoe",
    "email": "jdoe@example.com",
    "full_name": "John Doe",
    "phone": "+79161234567",
    "user_type": "individual",
    "is_admin": False,
    "created_at": "2024-01-01T00:00:00Z",
}
MODEL_FILE = {
    "id": 123,
    "filename": "9f1c2e4a7b3d4c5e8f60718293a4b5c6.stl",
    "original_filename": "bracket.stl",
    "file_size": 395,
    "file_type": "stl",
    "uploaded_at": "2024-01-01T00:00:00Z",
    "preview_generated": True,
}
DOCUMENT = {
    "id": 124,
    "filename": "2b7d0c9e5f6a4b3c8d1e0f9a8b7c6d5e.txt",
    "original_filename": "drawing-notes.txt",
    "file_size": 28,
    "file_type": "txt",
    "category": "technical_spec",
    "uploaded_at": "2024-01-01T00:00:00Z",
}
ORDER = {
    "order_id": 456,
    "user_id": 123,
    "service_id": "cnc-milling",
    "file_id": 123,
    "quantity": 1,
    "status": "pending",
    "total_price": 2293.0,
    "created_at": "2024-01-01T00:00:00Z",
}
CALL_REQUEST_SENT = {
    "name": "John Doe",
    "phone": "+79161234567",
    "product": "CNC Milling",
    "time": "Morning",
    "additional": "Need an urgent quote",
    "agreement": True,
}
CALL_REQUEST = {"id": 789, **CALL_REQUEST_SENT, "status": "new", "created_at": "2024-01-01T00:00:00Z"}
PRICE_REQUEST = {
    "service_id": "cnc-milling",
    "material_id": "alum_D16",
    "material_form": "rod",
    "quantity": 1,
    "length": 100,
    "width": 50,
    "height": 25,
    "n_dimensions": 3,
    "tolerance_id": "1",
    "finish_id": "1",
    "cover_id": ["1"],
    "k_otk": 1,
    "k_cert": ["a", "f"],
    "k_complexity": 1.0,
}
# A tetrahedron, 10 mm along each axis, as an ASCII STL: small enough to try the upload from these docs.
TETRAHEDRON_STL = """solid tetra
facet normal 0 0 -1
outer loop
vertex 0 0 0
vertex 0 10 0
vertex 10 0 0
endloop
endfacet
facet normal 0 -1 0
outer loop
vertex 0 0 0
vertex 10 0 0
vertex 0 0 10
endloop
endfacet
facet normal -1 0 0
outer loop
vertex 0 0 0
vertex 0 0 10
vertex 0 10 0
endloop
endfacet
facet normal 0.577 0.577 0.577
outer loop
vertex 10 0 0
vertex 0 10 0
vertex 0 0 10
endloop
endfacet
endsolid tetra
"""
DOCUMENT_TEXT = "Tolerance IT7 on all bores.\n"

OPERATIONS = {
    # -- accounts ------------------------------------------------------------------------------
    "mfg_register_create": Doc(
        summary="Create an account",
        description=(
            "Creates a customer account. Only `username`, `email` and `password` are required; `user_type` is "
            "`individual` (the default) or `legal`. A taken username or e-mail address (compared without "
            "regard to case) answers 400 with a sentence saying which; a password that is too short, too "
            "common or entirely numeric answers 422 on `password`. Sign in with `POST /login` afterwards."
        ),
        request_example={
            "username": "jdoe",
            "email": "jdoe@example.com",
            "password": "correct-horse-battery",
            "full_name": "John Doe",
            "phone": "+79161234567",
            "user_type": "individual",
        },
        response_example={"message": "User registered successfully", "user_id": 123},
    ),
    "mfg_login_create": Doc(
        summary="Sign in and get an access token",
        description=(
            "Exchanges a username and password for an access token. Send it on later calls as "
            "`Authorization: Bearer <access_token>`; it is valid for `expires_in` seconds (an hour unless "
            "this server is set otherwise) and works on every API of this platform. Wrong credentials "
            "answer 401. After 5 failed attempts for one username from one address within 15 minutes, "
            "that pair is locked: 429 with `Retry-After` (60 seconds, doubling with each further lock up "
            "to an hour), even for the right password."
        ),
        request_example={"username": "jdoe", "password": "correct-horse-battery"},
        response_example={
            "access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxMjN9.c2lnbmF0dXJl",
            "token_type": "bearer",
            "expires_in": 3600,
        },
    ),
    "mfg_logout_create": Doc(
        summary="Sign out",
        description=(
            "Revokes the access token sent with this request: from now on it answers 401 everywhere. "
            "Other tokens of the same user keep working. No request body."
        ),
        response_example={"message": "Successfully logged out"},
    ),
    "mfg_profile_retrieve": Doc(
        summary="Read your profile",
        description="The signed-in user's account. `is_admin` is true for staff.",
        response_example=USER,
    ),
    "mfg_profile_update": Doc(
        summary="Update your profile",
        description=(
            "Changes your `full_name` and `phone`; fields you leave out stay as they are. Other fields "
            "(`is_admin`, `email`, ...) are ignored rather than refused, so a client may send the whole "
            "profile back."
        ),
        request_example={"full_name": "John Doe", "phone": "+79161234567"},
        response_example={"message": "Profile updated successfully"},
    ),
    "mfg_users_list": Doc(
        summary="List all users",
        description=f"Every account, oldest first. {PAGED}",
        response_example=[USER],
    ),
    "mfg_users_retrieve": Doc(
        summary="Read a user",
        description="One account by its id; 404 when there is none.",
        response_example=USER,
    ),
    "mfg_users_update": Doc(
        summary="Update a user",
        description=(
            "Changes a user's `full_name`, `phone` and `is_admin` (which grants or removes staff rights); "
            "fields you leave out stay as they are."
        ),
        request_example={"full_name": "John Doe", "phone": "+79161234567", "is_admin": False},
        response_example={"message": "User updated successfully"},
    ),
    # -- 3D models -----------------------------------------------------------------------------
    "mfg_files_create": Doc(
        summary="Upload a 3D model",
        description=(
            "Stores a 3D model for pricing and ordering. Accepted types, by the extension of `file_name`: "
            "`stl` (binary or ASCII), `obj`, `ply`, `3mf`, `step` and `stp`. The model is read and measured "
            f"while you wait, so a file that is not a readable model of its type is refused at once. "
            f"{UPLOAD_RULES}\n\n"
            "The preview image is drawn in the background, so the answer says `preview_generated: false`; "
            "poll `GET /files/{file_id}` until it is true, then fetch `preview_url` (relative to this API's "
            "base URL, `/api/mfg`). `filename` is the name the server stores it under; your name is kept as "
            "`original_filename`."
        ),
        request_example={
            "file_name": "bracket.stl",
            "file_data": base64.b64encode(TETRAHEDRON_STL.encode()).decode(),
            "description": "Mounting bracket, rev. B",
        },
        response_example={**MODEL_FILE, "preview_generated": False, "preview_url": "/files/123/preview"},
    ),
    "mfg_files_list": Doc(
        summary="List your 3D models",
        description=f"Your own uploaded models, newest first (staff too see only their own here). {PAGED}",
        response_example=[MODEL_FILE],
    ),
    "mfg_files_demo_list": Doc(
        summary="List the demo models",
        description=(
            "Sample models anyone may price with `POST /calculate-price` (pass the `id` as `file_id`), oldest "
            f"first. {PAGED}"
        ),
        response_example=[
            {
                "id": 1,
                "filename": "4c3b2a1908f7e6d5c4b3a29180f7e6d5.stl",
                "original_filename": "demo_block.stl",
                "file_size": 684,
                "file_type": "stl",
                "is_demo": True,
            }
        ],
    ),
    "mfg_files_retrieve": Doc(
        summary="Read a 3D model",
        description=(
            "One of your models, or a demo model. Another user's model answers 404, as if it did not exist "
            "(staff may read any). `preview_generated` turns true once the preview image is ready."
        ),
        response_example=MODEL_FILE,
    ),
    "mfg_files_destroy": Doc(
        summary="Delete a 3D model",
        description=(
            "Deletes one of your own models and its preview (staff may delete any). A demo model or another "
            "user's model answers 404."
        ),
        response_example={"message": "File deleted successfully"},
    ),
    "mfg_files_download_retrieve": Doc(
        summary="Download a 3D model",
        description=f"The model exactly as uploaded, for your own models and demo models. {FILE_BYTES}",
    ),
    "mfg_files_preview_retrieve": Doc(
        summary="Get a model's preview image",
        description=(
            "A 512 x 512 PNG rendering of the model. Until it has been drawn (or when drawing it failed) the "
            'answer is 404 with the message "Preview not generated yet"; `preview_generated` on the model '
            "tells you when to ask."
        ),
    ),
    # -- documents -----------------------------------------------------------------------------
    "mfg_documents_create": Doc(
        summary="Upload a document",
        description=(
            "Stores a document with your account: a drawing, a specification, a contract. Accepted types, by "
            "the extension of `file_name`: pdf, doc, docx, xls, xlsx, odt, ods, rtf, txt, csv, png, jpg, jpeg, "
            "dwg, dxf; PDF, image and Office files must really be of their type. `category` is optional "
            f"(default `other`): letters, digits, `_` and `-`, up to 50 characters. {UPLOAD_RULES}"
        ),
        request_example={
            "file_name": "drawing-notes.txt",
            "file_data": base64.b64encode(DOCUMENT_TEXT.encode()).decode(),
            "category": "technical_spec",
            "description": "Notes for the bracket drawing",
        },
        response_example=DOCUMENT,
    ),
    "mfg_documents_list": Doc(
        summary="List your documents",
        description=f"Your own documents, newest first (staff too see only their own here). {PAGED}",
        response_example=[DOCUMENT],
    ),
    "mfg_documents_retrieve": Doc(
        summary="Read a document",
        description="One of your documents; another user's answers 404 (staff may read any).",
        response_example=DOCUMENT,
    ),
    "mfg_documents_destroy": Doc(
        summary="Delete a document",
        description="Deletes one of your documents; another user's answers 404 (staff may delete any).",
        response_example={"message": "Document deleted successfully"},
    ),
    "mfg_documents_download_retrieve": Doc(
        summary="Download a document",
        description=f"The document exactly as uploaded. {FILE_BYTES}",
    ),
    "mfg_admin_documents_list": Doc(
        summary="List every customer's documents",
        description=(
            "Documents of all users, newest first, each with the `user_id` of its owner. Filter with "
            f"`?category=technical_spec`. {PAGED}"
        ),
        response_example=[{**DOCUMENT, "user_id": 456}],
    ),
    # -- the calculator ------------------------------------------------------------------------
    "mfg_calculate_price_create": Doc(
        summary="Get an instant price",
        description=(
            "Prices a part without ordering it. Only `service_id` is required: everything you leave out takes "
            "the service's defaults (its usual material and form, quantity 1, the default tolerance, finish "
            "and covers). Ids come from `GET /services`, `/materials` and `/coefficients`.\n\n"
            "Send `file_id` (one of your models, or a demo model) to price a real part: its measured size "
            "fills the dimensions you do not send, and a dimension you send counts only where it is larger "
            "than the model's. Without a model, the sizes you send (mm) are the part.\n\n"
            "Every field that is wrong is named at once in one 422 (`details` by field). Multipliers below "
            "their defaults, and `k_type`/`k_process`, are applied only for staff. The answer repeats what "
            "was priced (`dimensions`, `material_form`, the multipliers as applied); prices are whole "
            "roubles, `manufacturing_cycle` is a sentence and `manufacturing_cycle_days` the number. "
            "Fields that do not apply to the service (painting's, for a milled part) are null."
        ),
        request_example=PRICE_REQUEST,
        response_example={
            "service_id": "cnc-milling",
            "material_id": "alum_D16",
            "material_form": "rod",
            "quantity": 1,
            "dimensions": {"length": 100.0, "width": 50.0, "height": 25.0},
            "total_price": 2293,
            "detail_price": 2293,
            "detail_price_one": 2293,
            "mat_price": 223.05,
            "work_price": 403.94,
            "mat_weight": 0.35,
            "mat_volume": 0.000125,
            "total_time": 0.425,
            "detail_time": 0.425,
            "manufacturing_cycle": "10 days",
            "manufacturing_cycle_days": 10.0,
            "location": "location_1",
            "suitable_machines": ["machine_101", "machine_102", "machine_103", "machine_104"],
            "k_quantity": 1.0,
            "k_complexity": 1.0,
            "k_cover": 1.05,
            "k_otk": 1.0,
            "k_cert": ["a", "f"],
            "k_type": None,
            "k_process": None,
            "paint_type": None,
            "surface_area": None,
            "base_paint_price": None,
            "prep_cost": None,
            "cert_cost": None,
            "process_coeff": None,
            "k_control": None,
        },
    ),
    "mfg_services_retrieve": Doc(
        summary="List the manufacturing services",
        description=(
            "The services that can be priced and ordered, as an object keyed by `service_id`, with the "
            "location each is made at."
        ),
        response_example={
            "cnc-milling": {
                "name": "CNC Milling",
                "description": "Precision milling operations",
                "location": "location_1",
            },
            "cnc-lathe": {
                "name": "CNC Lathe",
                "description": "Turning and facing operations",
                "location": "location_1",
            },
            "printing": {"name": "3D Printing", "description": "Additive manufacturing", "location": "location_3"},
            "painting": {"name": "Painting", "description": "Surface finishing", "location": None},
        },
    ),
    "mfg_materials_retrieve": Doc(
        summary="List the materials",
        description=(
            "Materials as an object keyed by `material_id`. `density` is in g/cm³ (`density_kg_m3` "
            "alongside); `price_per_kg` is the cheapest form's price, and `forms` gives each form's price "
            "and the services that can use it. `?process=cnc-lathe` keeps only materials usable for that "
            "service, with only those forms; an unknown service answers 422 on `process`."
        ),
        response_example={
            "alum_D16": {
                "name": "Aluminium D16",
                "density": 2.8,
                "price_per_kg": 531.08,
                "density_kg_m3": 2800.0,
                "family": "alum",
                "k_handle": 0.03,
                "processes": ["cnc-lathe", "cnc-milling", "painting"],
                "forms": {
                    "sheet": {"price_per_kg": 847.62, "processes": ["cnc-milling", "painting"]},
                    "rod": {"price_per_kg": 531.08, "processes": ["cnc-lathe", "cnc-milling", "painting"]},
                },
            }
        },
    ),
    "mfg_coefficients_retrieve": Doc(
        summary="List the pricing options",
        description=(
            "Every option the calculator takes, by the request field it fills: `tolerance` and `finish` "
            "(`tolerance_id`, `finish_id`), `cover` (`cover_id`, with extra days in `cycle_time`), "
            "`certificate` (`k_cert`), `paint_type`, `paint_prepare`, `paint_primer`, `paint_lakery`; and the "
            "discount brackets `complexity` (by number of dimensions) and `quantity` (by parts, with extra "
            "days in `cycle_days`), keyed by the first value of their range."
        ),
        response_example={
            "tolerance": {"1": {"name": "IT7", "multiplier": 1.15}, "4": {"name": "IT10", "multiplier": 1.0}},
            "finish": {"1": {"name": "Ra 12.5 µm", "multiplier": 0.9}, "3": {"name": "Ra 3.2 µm", "multiplier": 1.0}},
            "cover": {"1": {"name": "Painting", "multiplier": 1.05, "cycle_time": 1.0}},
            "certificate": {"a": {"name": "Certificate a", "cost": 0.0}},
            "complexity": {"1": {"name": "1-15 dimensions", "multiplier": 0.75}},
            "quantity": {"21": {"name": "21-100 parts", "multiplier": 0.95, "cycle_days": 1}},
            "paint_type": {"epoxy": {"name": "Epoxy", "base_price": 25.0, "k_type": 1.2, "k_prepare": 1.1}},
            "paint_prepare": {"a": {"name": "Preparation a", "multiplier": 1.0}},
            "paint_primer": {"a": {"name": "Primer a", "multiplier": 1.0}},
            "paint_lakery": {"a": {"name": "Lacquer a", "multiplier": 1.0}},
        },
    ),
    "mfg_locations_retrieve": Doc(
        summary="List the production sites",
        description=(
            "Where parts are made, as an object keyed by location id: the name, `shipping_cost` (not added "
            "to calculated prices), the hourly rate and the machines per service."
        ),
        response_example={
            "location_1": {
                "name": "rudnevo",
                "shipping_cost": 0.0,
                "price_of_hour": 874.57,
                "machines": {"cnc-milling": ["machine_101", "machine_102"], "cnc-lathe": ["machine_105"]},
            }
        },
    ),
    # -- orders --------------------------------------------------------------------------------
    "mfg_orders_create": Doc(
        summary="Place an order",
        description=(
            "Orders one of your uploaded models (`file_id`, required) with the same fields as "
            "`POST /calculate-price`, plus `special_instructions`. The order is priced as the calculator "
            "would price it now, and that price is kept whatever changes later. Demo models can be priced "
            "but not ordered: like another user's model they answer 404. A part that prices at 0 is "
            "refused with 400 and a sentence saying what to change (order more pieces, or ask for a call). "
            "New orders start as `pending`."
        ),
        request_example={
            **PRICE_REQUEST,
            "file_id": 123,
            "special_instructions": "Handle with care",
        },
        response_example=ORDER,
    ),
    "mfg_orders_list": Doc(
        summary="List your orders",
        description=f"Your own orders, newest first (staff use `GET /admin/orders` for everyone's). {PAGED}",
        response_example=[ORDER],
    ),
    "mfg_orders_retrieve": Doc(
        summary="Read one of your orders",
        description="One of your orders, with the model it was placed for. Another user's order answers 404.",
        response_example={
            **ORDER,
            "file": {
                "id": 123,
                "filename": "9f1c2e4a7b3d4c5e8f60718293a4b5c6.stl",
                "original_filename": "bracket.stl",
            },
        },
    ),
    "mfg_orders_invoice_retrieve": Doc(
        summary="Download an order's invoice",
        description=(
            "The invoice PDF for one of your orders, once the CRM has issued it; before that, 404 with the "
            'message "Invoice not available yet".'
        ),
    ),
    "mfg_orders_invoice_refresh_create": Doc(
        summary="Ask for an order's invoice again",
        description=(
            "Asks the CRM (Bitrix24) for the invoice of one of your orders now, instead of waiting for the "
            "hourly check; fetch it with `GET /orders/{order_id}/invoice` a little later. Answers 503 when "
            "this server has no CRM connection. No request body."
        ),
        response_example={"message": "Invoice refresh initiated"},
    ),
    "mfg_orders_invoices_missing_list": Doc(
        summary="List orders without an invoice",
        description=(
            "Every order that has no invoice yet and is not cancelled, newest first. `has_deal` is true when "
            f"the CRM holds the order's deal, the only orders an invoice can come from. {PAGED}"
        ),
        response_example=[
            {
                "order_id": 456,
                "user_id": 123,
                "status": "completed",
                "created_at": "2024-01-01T00:00:00Z",
                "has_deal": True,
            }
        ],
    ),
    "mfg_admin_orders_list": Doc(
        summary="List every order",
        description=f"The orders of all customers, newest first. {PAGED}",
        response_example=[ORDER],
    ),
    "mfg_admin_orders_retrieve": Doc(
        summary="Read any order",
        description="Any customer's order by its id, with its model; 404 when there is none.",
        response_example={
            **ORDER,
            "file": {
                "id": 123,
                "filename": "9f1c2e4a7b3d4c5e8f60718293a4b5c6.stl",
                "original_filename": "bracket.stl",
            },
        },
    ),
    "mfg_admin_orders_update": Doc(
        summary="Change an order's status",
        description=(
            "Moves an order to `pending`, `processing`, `completed` or `cancelled`; the CRM deal follows. "
            f"{STAFF_STATUS}"
        ),
        request_example={"status": "processing"},
        response_example={"message": "Order updated successfully"},
    ),
    # -- call requests -------------------------------------------------------------------------
    "mfg_call_request_create": Doc(
        summary="Ask for a call back",
        description=(
            "Records a request for a manager to call, which becomes a lead in the CRM. `agreement` must be "
            "true (consent to be contacted) and `phone` must hold 5 to 15 digits; otherwise 422 on that "
            "field. New requests start as `new`."
        ),
        request_example=CALL_REQUEST_SENT,
        response_example=CALL_REQUEST,
    ),
    "mfg_call_requests_create": Doc(
        summary="Ask for a call back (plural path)",
        description="The same as `POST /call-request`, kept at this path for older clients.",
        request_example=CALL_REQUEST_SENT,
        response_example=CALL_REQUEST,
    ),
    "mfg_admin_call_requests_list": Doc(
        summary="List call requests",
        description=f"Every call request, newest first. {PAGED}",
        response_example=[CALL_REQUEST],
    ),
    "mfg_admin_call_requests_retrieve": Doc(
        summary="Read a call request",
        description="One call request by its id; 404 when there is none.",
        response_example=CALL_REQUEST,
    ),
    "mfg_admin_call_requests_update": Doc(
        summary="Change a call request's status",
        description=f"Moves a call request to `new`, `contacted`, `completed` or `cancelled`. {STAFF_STATUS}",
        request_example={"status": "contacted"},
        response_example={"message": "Call request updated successfully"},
    ),
    # -- CRM sync --------------------------------------------------------------------------------
    "mfg_sync_status_retrieve": Doc(
        summary="Read the CRM sync status",
        description=(
            "Whether the Bitrix24 connection is on, how many items wait in the sync queue (by kind), and "
            "when an item last went through. While the connection is off, work still queues and waits."
        ),
        response_example={
            "bitrix_enabled": True,
            "queue_size": 5,
            "last_sync": "2024-01-01T00:00:00Z",
            "pending_deals": 2,
            "pending_contacts": 1,
            "pending_leads": 2,
        },
    ),
    "mfg_sync_queue_list": Doc(
        summary="List the CRM sync queue",
        description=(
            "Items sent or waiting to be sent to Bitrix24 (a contact per customer, a deal per order, a lead "
            "per call request), newest first, with their status and tries so far. An item is tried up to 5 "
            f"times, waiting longer each time, before it is marked `failed`. {PAGED}"
        ),
        response_example=[
            {
                "id": 1,
                "entity_type": "deal",
                "entity_id": 456,
                "operation": "create",
                "status": "pending",
                "attempts": 0,
                "created_at": "2024-01-01T00:00:00Z",
            }
        ],
    ),
    "mfg_sync_process_create": Doc(
        summary="Send queued items to the CRM now",
        description=(
            "Sends up to `limit` waiting items (default 10, at most 500; also accepted as a query parameter) "
            "and reports how they went. Each item's outcome is saved as soon as it is known, so an "
            "interrupted call loses nothing. With the connection off, nothing is sent and all counts are 0."
        ),
        request_example={"limit": 10},
        response_example={"processed": 5, "successful": 4, "failed": 1},
    ),
    "mfg_sync_all_create": Doc(
        summary="Queue everything the CRM is missing",
        description=(
            "Queues every customer, order and call request that Bitrix24 does not have yet, or that changed "
            "since it was last sent, unless it is already waiting in the queue, and answers how many were "
            "queued. No request body."
        ),
        response_example={"message": "Full sync initiated", "queued_items": 15},
    ),
    "mfg_sync_pending_create": Doc(
        summary="Retry waiting CRM items now",
        description=(
            "Makes every waiting item due at once, instead of at its next scheduled try, starts sending them "
            "and answers how many. No request body."
        ),
        response_example={"message": "Pending sync initiated", "queued_items": 5},
    ),
    "mfg_bitrix_webhook_create": Doc(
        summary="Receive a Bitrix24 event",
        description=(
            "Where Bitrix24 reports changes to deals (a stage moved, an invoice made). It takes Bitrix24's "
            "own form-encoded events, checked by their application token, or JSON such as "
            '`{"event_type": "deal_updated", "entity_type": "deal", "entity_id": "12345", "data": '
            '{"stage_id": "NEW"}}` with the shared token in `?token=`, an `X-Bitrix-Token` header or '
            "`Authorization: Bearer`. A wrong or missing token answers 403; while no token is set on this "
            'server the answer is 503. An event without an entity id answers 400 "Missing entity_id". '
            "The event is stored before the answer and applied in the background."
        ),
        response_example={"message": "Webhook processed successfully"},
    ),
}
