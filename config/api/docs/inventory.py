"""The parts inventory API (`/api/inventory/`) as integrators read it: parts, categories, the location
tree, users and roles, background tasks, supplier order imports, the label printer, the AI assistant
and backups. Examples follow spec/inventory-makermatrix.md and are the answers these routes give."""

from . import Doc

INTRO = (
    "Sign in with `POST /api/inventory/auth/login` (apps: `/auth/mobile-login`) or with any account of this "
    "platform (`POST /api/mfg/login`): one user and one token work on every API here. Send the access token "
    "on every call as `Authorization: Bearer <access_token>`; it lasts an hour (`expires_in`). A browser keeps "
    "its refresh token in an httponly cookie and an app gets it in the body; either trades it at "
    "`POST /api/inventory/auth/refresh` for a new pair.\n\n"
    "The inventory is shared: every signed-in user sees the same parts, categories and locations, and roles "
    "decide what each may do. `user` reads the inventory and its tasks; `manager` also changes parts, "
    "categories and locations, imports supplier files and runs tasks; `admin` does everything, including "
    "clearing the inventory, users, the label printer, the AI assistant and backups. Each operation names the "
    "permission it needs (`parts:write`); a signed-in user without it gets 403.\n\n"
    'Answers come in the envelope `{"status": "success", "message": "...", "data": ...}`. Part lists are '
    "paged with `?page=1&page_size=10` (at most 100 a page) and add `page`, `page_size`, `total_parts` and "
    "`total_pages` beside `data`. Ids are UUIDs, except users' (integers). Three groups answer bare bodies "
    "instead of the envelope: `/auth/login` and `/auth/refresh` (the token with `status` and `message`), the "
    "supplier imports under `/csv/` and the background tasks under `/tasks/`; their errors keep the envelope.\n\n"
    'Every error is the envelope with `"status": "error"`, `message` saying what is wrong and `data` null, '
    "except 422 (a refused value), where `data` lists `{field, message, code}` for each field. 400 is a body "
    "that cannot be read, 401 a missing, expired or revoked token, 403 a missing permission, 404 an id or "
    "name that matches nothing, 409 a name already taken or a change the current state does not allow, 413 a "
    "body over the route's limit, 503 something the route needs that is not set up (the label printer, the "
    "AI provider, a task worker). Each caller has 600 requests a minute; every answer carries "
    "`X-RateLimit-Limit`, `-Remaining` and `-Reset`, and past the limit the answer is 429 with `Retry-After`."
    "\n\n"
    "Task progress is pushed live on the websocket `/ws/tasks?token=<access_token>` (also at "
    "`/api/inventory/ws/tasks`, for holders of `parts:read`): `task_update` messages for your tasks (an "
    "administrator's: every task); `subscribe_task` with a `task_id` narrows them to the tasks named, `ping` "
    "is answered `pong`. A socket without a valid token is closed with code 4001, one without the permission "
    "with 4003. Administrators have `/ws/admin` besides, for system statistics and notices to every user."
)

WORKSHOP_ID = "0b6c1a52-3f7e-4d4b-9a61-2f1f8c0d7e10"
CABINET_ID = "3d2f8e14-9c5a-4b7e-8f21-6a0b5c3d9e42"
DRAWER_ID = "8a4e6c20-1b7d-4f93-a5e8-d2c0f6b91a37"
PART_ID = "5f1c9b7e-2a4d-4c8e-b3f6-91d07e2a6c58"
RESISTORS_ID = "c7e2a9d4-6b1f-4e35-8a0c-3f9d51b2e6a8"
SMD_ID = "e1b84f2c-7d3a-4a96-b5c0-8e27f4d91b63"
ORDER_ID = "9d3b7f5e-4c2a-4e18-a6d9-0b5c8e1f3a72"
TASK_ID = "4e9a2c7f-1d5b-4b38-9c6e-a0f3d82b5e91"
IMPORT_TASK_ID = "b2d5f8a1-6c3e-4f97-8d0a-5e1b9c7f2a46"
IMAGE_ID = "6a3d9e1b-8f4c-4a72-b5d0-c1e7f29a3b84"
ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwidXNlcl9pZCI6IjIifQ.c2lnbmF0dXJl"
REFRESH_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsInVzZXJfaWQiOiIyIn0.c2lnbmF0dXJl"


def answer(message: str, data=None) -> dict:
    """A success in the inventory's envelope."""
    return {"status": "success", "message": message, "data": data}


def page(message: str, rows: list, page_size: int = 10) -> dict:
    return {**answer(message, rows), "page": 1, "page_size": page_size, "total_parts": len(rows), "total_pages": 1}


# -- locations, categories, parts -------------------------------------------------------------------

WORKSHOP = {
    "id": WORKSHOP_ID,
    "name": "Workshop",
    "description": "Main room",
    "location_type": "standard",
    "parent_id": None,
    "level": 0,
}
CABINET = {
    "id": CABINET_ID,
    "name": "Cabinet A",
    "description": "",
    "location_type": "cabinet",
    "parent_id": WORKSHOP_ID,
    "level": 1,
}
DRAWER = {
    "id": DRAWER_ID,
    "name": "Drawer 3",
    "description": "Resistors and capacitors",
    "location_type": "drawer",
    "parent_id": CABINET_ID,
    "level": 2,
}
DRAWER_SUMMARY = {key: value for key, value in DRAWER.items() if key != "level"}
RESISTORS = {"id": RESISTORS_ID, "name": "Resistors", "description": "Through-hole and SMD resistors"}
SMD = {"id": SMD_ID, "name": "SMD", "description": ""}
PART_DESCRIPTION = "10kΩ ±1% 1/10W 0603 thick film resistor"
NEW_PART = {
    "id": PART_ID,
    "part_number": "C25804",
    "part_name": "Resistor 10k 0603",
    "description": PART_DESCRIPTION,
    "quantity": 100,
    "supplier": "LCSC",
    "location_id": DRAWER_ID,
    "location": DRAWER_SUMMARY,
    "image_url": f"/api/inventory/utility/get_image/{IMAGE_ID}.png",
    "additional_properties": {"package": "0603", "tolerance": "1%"},
    "categories": [RESISTORS, SMD],
    "order_items": [],
    "order_summary": None,
    "created_at": "2024-12-20T10:00:00Z",
    "updated_at": "2024-12-20T10:00:00Z",
}
PART = {
    **NEW_PART,
    "quantity": 200,
    "order_items": [
        {
            "id": "2c8f4a6e-9b1d-4d57-8e3a-7f0b2c9d4e15",
            "order_id": ORDER_ID,
            "part_id": PART_ID,
            "supplier_part_number": "C25804",
            "manufacturer_part_number": "0603WAF1002T5E",
            "description": "±1% 1/10W 10kΩ 0603 Chip Resistor - Surface Mount, ROHS",
            "manufacturer": "UNI-ROYAL(Uniroyal Elec)",
            "quantity_ordered": 100,
            "quantity_received": 100,
            "unit_price": 0.0009,
            "extended_price": 0.09,
            "status": "pending",
            "order_number": "WM2412220001",
            "order_date": "2024-12-22T00:00:00Z",
            "supplier": "LCSC",
        }
    ],
    "order_summary": {
        "total_orders": 1,
        "total_quantity_ordered": 100,
        "last_order_number": "WM2412220001",
        "last_ordered_date": "2024-12-22T00:00:00Z",
        "last_ordered_price": 0.0009,
        "lowest_price": 0.0009,
        "highest_price": 0.0009,
        "average_price": 0.0009,
        "supplier": "LCSC",
        "currency": "USD",
    },
    "updated_at": "2024-12-23T09:15:00Z",
}
PART_REQUEST = {
    "part_name": "Resistor 10k 0603",
    "part_number": "C25804",
    "quantity": 100,
    "description": PART_DESCRIPTION,
    "supplier": "LCSC",
    "location_id": DRAWER_ID,
    "image_url": f"/api/inventory/utility/get_image/{IMAGE_ID}.png",
    "additional_properties": {"package": "0603", "tolerance": "1%"},
    "category_names": ["Resistors", "SMD"],
}
PART_FIELDS = (
    "Each part carries its location (with its parent's id), its categories, the supplier order lines that "
    "stocked it (`order_items`, newest first) and `order_summary`: how often it was ordered, the last order "
    "and the lowest, highest and average unit price (null when it was never ordered)."
)
PART_LOOKUP = (
    "Name the part in the query string by `part_id`, `part_number` or `part_name`; every one given must match, "
    "and when several parts match the first by name is taken. None given answers 422; a part that does not "
    "exist (or a `part_id` that is not a UUID) answers 404."
)
LOCATION_FIELDS = (
    "A location has a `location_type` (free text: `standard` unless given, `cabinet`, `drawer`, `bin`...), its "
    "`parent_id` (null for a root) and its depth `level` (0 for a root)."
)

# -- users ---------------------------------------------------------------------------------------------

USER_ROLE = {
    "id": 3,
    "name": "user",
    "description": "Reads the inventory and its tasks",
    "permissions": ["parts:read", "categories:read", "locations:read", "orders:read", "tasks:read"],
}
MANAGER_ROLE = {
    "id": 2,
    "name": "manager",
    "description": "Reads and changes parts, categories and locations, imports supplier files, runs tasks",
    "permissions": [
        "parts:read",
        "parts:write",
        "parts:delete",
        "categories:read",
        "categories:write",
        "categories:delete",
        "locations:read",
        "locations:write",
        "locations:delete",
        "orders:read",
        "csv:import",
        "tasks:read",
        "tasks:create",
        "tasks:update",
    ],
}
ADMIN_ROLE = {
    "id": 1,
    "name": "admin",
    "description": "Everything, including clearing the inventory and managing users",
    "permissions": [
        *MANAGER_ROLE["permissions"],
        "tasks:admin",
        "users:read",
        "users:write",
        "users:delete",
        "admin",
    ],
}
USER = {
    "id": 3,
    "username": "jane",
    "email": "jane@example.com",
    "is_active": True,
    "is_admin": False,
    "created_at": "2024-12-20T09:00:00Z",
    "last_login": "2024-12-22T08:30:00Z",
    "roles": [USER_ROLE],
}
NEW_USER = {**USER, "last_login": None}
ADMIN = {
    "id": 1,
    "username": "admin",
    "email": "admin@example.com",
    "is_active": True,
    "is_admin": True,
    "created_at": "2024-12-01T09:00:00Z",
    "last_login": "2024-12-22T08:00:00Z",
    "roles": [ADMIN_ROLE],
}
TOKEN = {
    "access_token": ACCESS_TOKEN,
    "token_type": "bearer",
    "expires_in": 3600,
    "status": "success",
    "message": "Login successful",
}
CREDENTIALS = {"username": "maker", "password": "S3cure-pass-42"}
USER_CHECKS = (
    "A user may read and change their own account; another user's account needs `users:read` to read and "
    "`users:write` to change, else 403. An unknown id or username answers 404."
)

# -- tasks ---------------------------------------------------------------------------------------------

TASK = {
    "id": TASK_ID,
    "task_type": "PART_ENRICHMENT",
    "name": "Enrich Resistor 10k",
    "description": "",
    "status": "PENDING",
    "priority": "HIGH",
    "progress_percentage": 0,
    "current_step": "",
    "input_data": {"part_id": PART_ID, "supplier": "LCSC"},
    "result_data": None,
    "error_message": "",
    "max_retries": 3,
    "retry_count": 0,
    "timeout_seconds": 300,
    "created_at": "2024-12-23T10:00:00Z",
    "started_at": None,
    "completed_at": None,
    "created_by_user_id": 2,
}
DONE_TASK = {
    **TASK,
    "status": "COMPLETED",
    "progress_percentage": 100,
    "current_step": "Finished",
    "result_data": {
        "part_id": PART_ID,
        "supplier_part": {"supplier": "LCSC", "supplier_part_number": "C25804", "manufacturer": "UNI-ROYAL"},
    },
    "started_at": "2024-12-23T10:00:01Z",
    "completed_at": "2024-12-23T10:00:03Z",
}
TASK_REQUEST = {
    "task_type": "PART_ENRICHMENT",
    "name": "Enrich Resistor 10k",
    "priority": "HIGH",
    "input_data": {"part_id": PART_ID, "supplier": "LCSC"},
    "max_retries": 3,
    "timeout_seconds": 300,
}
TASK_LIST = {"tasks": [DONE_TASK], "total": 1, "limit": 50, "offset": 0}
TASK_FILTERS = (
    "Filter by `status`, `task_type` and `priority` (each repeatable or comma-separated, any case; an unknown "
    "value answers 422 naming the known ones) and `created_by_user_id`; sort with `order_by` (`created_at`, "
    "`priority`, `status`, `task_type`, `name`; default `created_at`) and `order_desc` (default true). Paged by "
    "`limit` (default 50, at most 200) and `offset`, answered as `{tasks, total, limit, offset}`."
)
TASK_RULES = (
    "Each task type has a permission its creator must hold (403 naming it) and limits per user: how many may "
    "wait or run at once, and how many may be created an hour and a day (429 with `Retry-After` past one; "
    "`GET /tasks/security/limits` shows them). The task runs on a background worker as soon as one is free; "
    "follow it with `GET /tasks/{task_id}` or on the `/ws/tasks` websocket. A worker that cannot reach the "
    "supplier tries again later, up to `max_retries` times."
)
QUICK_PART = (
    "Send the part's id and, optionally, which supplier to ask (`lcsc`, `digikey`, `mouser`; the part's own "
    "`supplier` otherwise; an unknown one answers 422). A part that does not exist answers 404, an id that is "
    "not a UUID 422. `capabilities` is accepted from the original front end and ignored. " + TASK_RULES
)
# Each type, how many of the caller's are in use, and its limits at once, per hour and per day.
TASK_LIMITS = [
    ("PART_ENRICHMENT", 1, 5, 100, 500),
    ("DATASHEET_FETCH", 0, 5, 100, 500),
    ("IMAGE_FETCH", 0, 5, 100, 500),
    ("PRICE_UPDATE", 0, 5, 100, 500),
    ("BULK_ENRICHMENT", 1, 2, 10, 50),
    ("CSV_ENRICHMENT", 0, 2, 10, 50),
    ("INVENTORY_AUDIT", 0, 1, 10, 50),
    ("DATABASE_CLEANUP", 0, 1, 4, 24),
    ("BACKUP_CREATION", 0, 1, 4, 24),
]
SUPPLIERS = [
    {
        "name": "lcsc",
        "display_name": "LCSC",
        "configured": True,
        "required_settings": ["LCSC_API_URL"],
        "capabilities": ["part_details", "datasheet", "image", "pricing"],
    },
    {
        "name": "digikey",
        "display_name": "DigiKey",
        "configured": False,
        "required_settings": ["DIGIKEY_CLIENT_ID", "DIGIKEY_CLIENT_SECRET"],
        "capabilities": ["part_details", "datasheet", "image", "pricing"],
    },
    {
        "name": "mouser",
        "display_name": "Mouser",
        "configured": True,
        "required_settings": ["MOUSER_API_KEY"],
        "capabilities": ["part_details", "datasheet", "image", "pricing"],
    },
]


def quick_task(task_type: str, name: str, input_data: dict) -> dict:
    return {**TASK, "task_type": task_type, "name": name, "priority": "NORMAL", "input_data": input_data}


# -- supplier imports ------------------------------------------------------------------------------------

LCSC_FILENAME = "LCSC_Exported__20241222_232705.csv"
LCSC_CSV = (
    "LCSC Part Number,Manufacture Part Number,Manufacturer,Customer NO.,Package,Description,RoHS,Order Qty.,"
    "Min\\Mult Order Qty.,Unit Price($),Order Price($)\n"
    "C25804,0603WAF1002T5E,UNI-ROYAL(Uniroyal Elec),,0603,"
    '"±1% 1/10W 10kΩ 0603 Chip Resistor - Surface Mount, ROHS",YES,100,100\\100,0.0009,0.09\n'
    "C14663,CL10B104KB8NNNC,Samsung Electro-Mechanics,,0603,"
    '"50V 100nF X7R ±10% 0603 Multilayer Ceramic Capacitors MLCC - SMD/SMT, ROHS",YES,500,100\\100,0.0021,1.05\n'
)
LCSC_HEADERS = [
    "LCSC Part Number",
    "Manufacture Part Number",
    "Manufacturer",
    "Customer NO.",
    "Package",
    "Description",
    "RoHS",
    "Order Qty.",
    "Min\\Mult Order Qty.",
    "Unit Price($)",
    "Order Price($)",
]
LCSC_ROWS = [
    {
        "line": 2,
        "part_name": "0603WAF1002T5E",
        "part_number": "C25804",
        "manufacturer_part_number": "0603WAF1002T5E",
        "manufacturer": "UNI-ROYAL(Uniroyal Elec)",
        "description": "±1% 1/10W 10kΩ 0603 Chip Resistor - Surface Mount, ROHS",
        "quantity": 100,
        "unit_price": "0.0009",
        "extended_price": "0.09",
        "package": "0603",
        "properties": {"rohs": "YES", "min_mult_order_qty": "100\\100"},
    },
    {
        "line": 3,
        "part_name": "CL10B104KB8NNNC",
        "part_number": "C14663",
        "manufacturer_part_number": "CL10B104KB8NNNC",
        "manufacturer": "Samsung Electro-Mechanics",
        "description": "50V 100nF X7R ±10% 0603 Multilayer Ceramic Capacitors MLCC - SMD/SMT, ROHS",
        "quantity": 500,
        "unit_price": "0.0021",
        "extended_price": "1.05",
        "package": "0603",
        "properties": {"rohs": "YES", "min_mult_order_qty": "100\\100"},
    },
]
LCSC_FORMAT_COLUMNS = [
    "LCSC Part Number",
    "Manufacture Part Number",
    "Manufacturer",
    "Package",
    "Description",
    "Order Qty.",
    "Unit Price($)",
    "Order Price($)",
    "Customer NO.",
    "RoHS",
    "Min\\Mult Order Qty.",
]
LCSC_PARSER = {
    "type": "lcsc",
    "name": "LCSC",
    "supplier": "LCSC",
    "description": "LCSC order export (CSV, or the same columns saved as .xlsx)",
    "file_types": ["csv", "xlsx"],
    "required_columns": ["LCSC Part Number", "Order Qty."],
    "sample_columns": LCSC_FORMAT_COLUMNS,
    "formats": [
        {"name": "lcsc", "required_columns": ["LCSC Part Number", "Order Qty."], "sample_columns": LCSC_FORMAT_COLUMNS}
    ],
}
MOUSER_COLUMNS = [
    "Mouser #",
    "Mfr. #",
    "Manufacturer",
    "Desc.",
    "Order Qty.",
    "Price (USD)",
    "Ext. (USD)",
    "Sales Order #",
    "Order Date",
    "Customer #",
    "RoHS",
    "Lifecycle",
]
MOUSER_PARSER = {
    "type": "mouser",
    "name": "Mouser",
    "supplier": "Mouser",
    "description": "Mouser order history (.xls workbook) or cart export",
    "file_types": ["xls", "xlsx", "csv"],
    "required_columns": ["Mouser #", "Order Qty."],
    "sample_columns": MOUSER_COLUMNS,
    "formats": [{"name": "mouser", "required_columns": ["Mouser #", "Order Qty."], "sample_columns": MOUSER_COLUMNS}],
}
CSV_REQUEST = {"csv_content": LCSC_CSV, "filename": LCSC_FILENAME}
EXPORT_BODY = (
    "Send the export as text in `csv_content` (JSON) or as an uploaded `file` (multipart; Mouser's order "
    "history is an `.xls` workbook), with its `filename` when you have it (LCSC's names carry the order's date). "
    "The supplier is recognised from the columns; `parser_type` (`lcsc`, `digikey`, `mouser`) insists on one, "
    "and a file from another supplier then answers 422 on `parser_type`. A file that is not a known export "
    "answers 422 on `file` naming the columns each supplier's export has, and so does a file over 10 MB or "
    "20,000 rows."
)
CSV_CONFIG = {
    "download_datasheets": True,
    "download_images": True,
    "overwrite_existing_files": False,
    "download_timeout_seconds": 30,
    "show_progress": True,
}

# -- assistant, printer ----------------------------------------------------------------------------------

SYSTEM_PROMPT = (
    "You are the assistant of an electronic parts inventory. Answer briefly and concretely about parts, their "
    "quantities, locations and suppliers, using the inventory facts given to you. Say so when you do not know."
)
AI_DEFAULTS = {
    "enabled": False,
    "provider": "ollama",
    "api_url": "http://localhost:11434",
    "api_key": "",
    "model_name": "llama3.2",
    "temperature": 0.7,
    "max_tokens": 2000,
    "system_prompt": SYSTEM_PROMPT,
}
AI_CONFIG = {
    **AI_DEFAULTS,
    "enabled": True,
    "provider": "openai",
    "api_url": "https://api.openai.com",
    "api_key": "sk-…abcd",
    "model_name": "gpt-4o-mini",
}
AI_OFF = (
    "While the assistant is off (as it is until an administrator turns it on) or its provider needs a key that "
    "is not set, the answer is 503 saying so; a provider that refuses or cannot be reached is 503 too."
)
PRINTER = {
    "model": "QL-820NWB",
    "backend": "network",
    "printer_identifier": "tcp://192.168.1.50:9100",
    "label_size": "29x90",
    "timeout_seconds": 10.0,
}
LABEL_BODY = (
    "Name what to label: `part_id` (or the spec's `part` object with its `id`) or a storage `location_id`; "
    "neither answers 422 on `part_id`, an unknown one 404. `label_size` (Brother's names: `62`, `29x90`...) "
    "defaults to the labels loaded in the printer."
)
PRINTED = answer("Label sent to the printer", {"backend": "network", "destination": "tcp://192.168.1.50:9100"})

# -- the operations ----------------------------------------------------------------------------------------

OPERATIONS = {
    # auth
    "inventory_auth_login_create": Doc(
        summary="Sign in",
        description=(
            "Exchanges a username and password for an access token, answered as the spec shows it (not in the "
            "envelope): `access_token`, `token_type` `bearer`, `expires_in` seconds, `status` and `message`. "
            "The refresh token is set as an httponly cookie for `/api/inventory/auth/`, for "
            "`POST /auth/refresh`. The body may be JSON or the OAuth2 password form "
            "(`application/x-www-form-urlencoded`). A wrong username or password answers 401; the token works "
            "on every API of this platform."
        ),
        request_example=CREDENTIALS,
        response_example=TOKEN,
    ),
    "inventory_auth_mobile_login_create": Doc(
        summary="Sign in from an app",
        description=(
            "The same sign-in for clients that keep no cookies: the answer is in the envelope and carries both "
            "tokens in `data`. Keep `refresh_token` safe and send it to `POST /auth/refresh` when the access "
            "token expires. A wrong username or password answers 401."
        ),
        request_example=CREDENTIALS,
        response_example=answer(
            "Login successful",
            {"access_token": ACCESS_TOKEN, "refresh_token": REFRESH_TOKEN, "token_type": "bearer", "expires_in": 3600},
        ),
    ),
    "inventory_auth_refresh_create": Doc(
        summary="Refresh the access token",
        description=(
            "Trades a refresh token for a new access token and a new refresh token; the old one stops working. "
            "A browser's comes and goes in the cookie set at sign-in (send an empty body); an app sends it as "
            "`refresh_token` and gets the new one back in the body. A missing, expired or already used refresh "
            "token, or one issued before a password change, answers 401."
        ),
        request_example={"refresh_token": REFRESH_TOKEN},
        response_example={**TOKEN, "message": "Token refreshed", "refresh_token": REFRESH_TOKEN},
    ),
    "inventory_auth_logout_create": Doc(
        summary="Sign out",
        description=(
            "Revokes the bearer token sent with it (on every API) and the refresh token in the cookie, and clears "
            "the cookie. It succeeds without a token too, and with one that has already expired."
        ),
        response_example=answer("Logout successful"),
    ),
    "inventory_auth_register_create": Doc(
        summary="Register an account",
        description=(
            "Creates an account with the `user` role (read-only). Usernames are letters, digits and `@.+-_`; the "
            "password must pass this platform's password rules (422 on `password` saying why). A username or "
            "email already registered answers 400. Asking for a higher role in `roles` (`manager`, `admin`) "
            "needs a signed-in caller holding `users:write`, else 403; an unknown role answers 422."
        ),
        request_example={"username": "jane", "email": "jane@example.com", "password": "An0ther-pass-77"},
        response_example=answer("User registered successfully", NEW_USER),
    ),
    # users
    "inventory_users_register_create": Doc(
        summary="Register a user",
        description=(
            "The same as `POST /auth/register`, at the spec's user path: an account with the roles asked for "
            "(`user` when none). Roles above `user` need a signed-in caller holding `users:write` (403 otherwise); "
            "an unknown role answers 422, a username or email already registered 400."
        ),
        request_example={
            "username": "ken",
            "email": "ken@example.com",
            "password": "An0ther-pass-77",
            "roles": ["manager"],
        },
        response_example=answer(
            "User registered successfully",
            {**NEW_USER, "id": 5, "username": "ken", "email": "ken@example.com", "roles": [MANAGER_ROLE]},
        ),
    ),
    "inventory_users_all_retrieve": Doc(
        summary="List users",
        description=(
            "Every account by username, with its roles and the permissions each role grants. Needs `users:read` "
            "(administrators); anyone else gets 403."
        ),
        response_example=answer("Users retrieved successfully", [ADMIN, USER]),
    ),
    "inventory_users_retrieve": Doc(
        summary="Read a user",
        description="One account by its id, with its roles and their permissions. " + USER_CHECKS,
        response_example=answer("User retrieved successfully", USER),
    ),
    "inventory_users_by_username_retrieve": Doc(
        summary="Find a user by username",
        description="One account by its exact username, with its roles and their permissions. " + USER_CHECKS,
        response_example=answer("User retrieved successfully", USER),
    ),
    "inventory_users_update": Doc(
        summary="Update a user",
        description=(
            "Changes an account; send only what changes. Anyone may change their own `username` and `email`; "
            "changing another user's account, `roles` (which replace the current ones) or `is_active` needs "
            "`users:write`, else 403. A username or email another account has answers 409, an unknown role 422, "
            "an unknown id 404."
        ),
        request_example={"email": "jane.doe@example.com", "roles": ["manager"]},
        response_example=answer(
            "User updated successfully", {**USER, "email": "jane.doe@example.com", "roles": [MANAGER_ROLE]}
        ),
    ),
    "inventory_users_password_update": Doc(
        summary="Change a password",
        description=(
            "Sets a new password, which must pass this platform's password rules (422 on `new_password`). Your "
            "own needs `current_password` (422 on it when wrong); an administrator holding `users:write` sets "
            "anyone else's without it, and anyone else gets 403 on another user's. Every token issued before "
            "the change stops working: sign in again."
        ),
        request_example={"current_password": "S3cure-pass-42", "new_password": "N3w-secret-99"},
        response_example=answer("Password updated successfully"),
    ),
    "inventory_users_destroy": Doc(
        summary="Delete a user",
        description=(
            "Deletes an account; the tasks it created stay, without their creator. Needs `users:delete` "
            "(administrators), else 403. Deleting your own account answers 409; an unknown id 404."
        ),
        response_example=answer("User 'olduser' deleted"),
    ),
    # parts
    "inventory_parts_add_part_create": Doc(
        summary="Add a part",
        description=(
            "Adds a part; only `part_name` is required and it must be unique (409 when taken). `quantity` is a "
            "count from 0 (default 0); `location_id` places it (404 for an unknown location); `category_names` "
            "tags it, creating categories that do not exist yet. For a picture, upload it first with "
            "`POST /utility/upload_image` and put the `url` it answers in `image_url`. `additional_properties` "
            "holds anything else as JSON. " + PART_FIELDS
        ),
        request_example=PART_REQUEST,
        response_example=answer("Part 'Resistor 10k 0603' added successfully", NEW_PART),
    ),
    "inventory_parts_get_all_parts_list": Doc(
        summary="List parts",
        description=(
            "Every part by name, paged with `page` and `page_size` (default 10, at most 100); `total_parts` and "
            "`total_pages` count them all. A page past the end is empty. " + PART_FIELDS
        ),
        response_example=page("Parts retrieved successfully", [PART]),
    ),
    "inventory_parts_get_part_retrieve": Doc(
        summary="Read a part",
        description="One part with its location, categories and order history. " + PART_LOOKUP,
        response_example=answer("Part retrieved successfully", PART),
    ),
    "inventory_parts_update_part_update": Doc(
        summary="Update a part",
        description=(
            "Changes a part with the body of adding one, every field optional: send only what changes. "
            "`category_names`, when sent, replaces the part's categories (new names are created); "
            "`location_id: null` takes it out of its location. A name another part has answers 409, an unknown "
            "location or part 404."
        ),
        request_example={"quantity": 200, "location_id": DRAWER_ID},
        response_example=answer("Part updated successfully", PART),
    ),
    "inventory_parts_delete_part_destroy": Doc(
        summary="Delete a part",
        description=(
            "Deletes a part and answers it as it was. Its supplier order lines stay in their orders, no longer "
            "linked to it. " + PART_LOOKUP
        ),
        response_example=answer("Part 'Resistor 10k 0603' deleted successfully", PART),
    ),
    "inventory_parts_search_create": Doc(
        summary="Search parts",
        description=(
            "Parts matching every filter given. `search_term` looks in the name, number, description and "
            "supplier (any case); without `sort_by`, exact name or number matches come first, then names "
            "starting with the term, then the rest. `min_quantity`/`max_quantity` bound the stock (422 when the "
            "minimum is above the maximum); `category_names` keeps parts in all of them; `location_id` keeps "
            "parts in that location or anywhere below it (404 for an unknown one); `supplier` is matched exactly "
            "in any case. `sort_by` is `part_name`, `part_number`, `quantity` or `location`, `sort_order` `asc` "
            "or `desc`. The page is chosen in the body (`page`, `page_size` up to 100)."
        ),
        request_example={
            "search_term": "10k",
            "min_quantity": 10,
            "category_names": ["Resistors"],
            "location_id": WORKSHOP_ID,
            "sort_by": "quantity",
            "sort_order": "desc",
            "page": 1,
            "page_size": 10,
        },
        response_example=page("Search completed", [PART]),
    ),
    "inventory_parts_search_text_list": Doc(
        summary="Search parts by text",
        description=(
            "Parts whose name, number, description or supplier contains `query` (any case), best matches first: "
            "the exact name or number, then names starting with it, then the rest. Paged with `page` and "
            "`page_size` (default 20). A missing `query` answers 422."
        ),
        response_example=page("Found parts matching 'resistor'", [PART], page_size=20),
    ),
    "inventory_parts_suggestions_retrieve": Doc(
        summary="Suggest part names",
        description=(
            "Part names containing `query` (at least 3 characters, else 422), for autocomplete: the exact name "
            "first, then names starting with it, then the rest; at most `limit` (default 10, up to 50)."
        ),
        response_example=answer("Found 2 suggestions", ["Resistor 10k 0603", "Resistor 10k 0805"]),
    ),
    "inventory_parts_clear_all_destroy": Doc(
        summary="Delete every part",
        description=(
            "Deletes every part of the inventory at once and answers how many went. Categories, locations and "
            "supplier orders stay. Cannot be undone: download a backup first."
        ),
        response_example=answer("All parts cleared", {"deleted_count": 150}),
    ),
    # categories
    "inventory_categories_get_all_categories_retrieve": Doc(
        summary="List categories",
        description='Every category by name, under `data.categories` (the spec\'s `{"categories": [...]}`).',
        response_example=answer("All categories retrieved successfully", {"categories": [RESISTORS, SMD]}),
    ),
    "inventory_categories_add_category_create": Doc(
        summary="Add a category",
        description=(
            "Adds a category; names are unique (409 when taken) and trimmed. Categories also appear on their own "
            "when a part names one that does not exist yet."
        ),
        request_example={"name": "Resistors", "description": "Through-hole and SMD resistors"},
        response_example=answer("Category 'Resistors' added successfully", RESISTORS),
    ),
    "inventory_categories_update_category_update": Doc(
        summary="Update a category",
        description=(
            "Renames a category or changes its description; send only what changes. A name another category has "
            "answers 409, an unknown id 404. Categories are flat: a `parent_id` sent by older clients is ignored."
        ),
        request_example={"description": "Through-hole and SMD resistors"},
        response_example=answer("Category updated successfully", RESISTORS),
    ),
    "inventory_categories_get_category_retrieve": Doc(
        summary="Read a category",
        description=(
            "One category by `category_id` or `name` in the query string (both must match when both are given). "
            "Neither answers 422; no such category (or an id that is not a UUID) 404."
        ),
        response_example=answer("Category 'Resistors' retrieved successfully", RESISTORS),
    ),
    "inventory_categories_remove_category_destroy": Doc(
        summary="Remove a category",
        description=(
            "Deletes one category, named by `cat_id` or `name` in the query string, and answers it as it was; "
            "its parts stay, without it. Neither given answers 422, no such category 404."
        ),
        response_example=answer("Category 'SMD' removed", SMD),
    ),
    "inventory_categories_delete_all_categories_destroy": Doc(
        summary="Delete every category",
        description=(
            "Deletes every category and answers how many went; parts stay, without categories. Cannot be undone."
        ),
        response_example=answer("Deleted 12 categories", {"deleted_count": 12}),
    ),
    # locations
    "inventory_locations_get_all_locations_retrieve": Doc(
        summary="List locations",
        description=(
            "The whole location tree as one list in tree order: each root, then everything below it, depth "
            "first. Rebuild the tree from `parent_id`, or indent by `level`. " + LOCATION_FIELDS
        ),
        response_example=answer("All locations retrieved successfully", [WORKSHOP, CABINET, DRAWER]),
    ),
    "inventory_locations_add_location_create": Doc(
        summary="Add a location",
        description=(
            "Adds a storage location, at the root or below `parent_id` (404 for an unknown parent). Names are "
            "unique among siblings: a second 'Drawer 3' in the same cabinet answers 409. " + LOCATION_FIELDS
        ),
        request_example={"name": "Drawer 3", "parent_id": CABINET_ID, "location_type": "drawer"},
        response_example=answer("Location 'Drawer 3' added successfully", {**DRAWER, "description": ""}),
    ),
    "inventory_locations_get_location_retrieve": Doc(
        summary="Read a location",
        description=(
            "One location by `location_id` or `name` in the query string (neither answers 422, none found 404). "
            "Names repeat in different places, so when several locations have the name the answer is 409: ask "
            "by `location_id`."
        ),
        response_example=answer("Location retrieved successfully", DRAWER),
    ),
    "inventory_locations_update_location_update": Doc(
        summary="Update or move a location",
        description=(
            "Changes a location; send only what changes. A new `parent_id` moves it with everything below it "
            "(`null` makes it a root); moving it under itself or one of its sub-locations answers 422 on "
            "`parent_id`, a name a sibling already has 409, an unknown location or parent 404."
        ),
        request_example={"description": "Resistors and capacitors"},
        response_example=answer("Location updated successfully", DRAWER),
    ),
    "inventory_locations_get_location_details_retrieve": Doc(
        summary="Read a location with its children",
        description=(
            "A location with its direct sub-locations (`children`) and how many parts it holds itself "
            "(`parts_count`, not counting those below it). An unknown id answers 404."
        ),
        response_example=answer(
            "Location details retrieved successfully", {**CABINET, "children": [DRAWER_SUMMARY], "parts_count": 0}
        ),
    ),
    "inventory_locations_get_location_path_retrieve": Doc(
        summary="Read a location's path to the root",
        description=(
            "The location with its parent nested in `parent`, that one's in its own `parent`, up to the root "
            "(whose `parent` is null): read it as 'Drawer 3 in Cabinet A in Workshop'. An unknown id answers 404."
        ),
        response_example=answer(
            "Location path retrieved successfully",
            {
                "id": DRAWER_ID,
                "name": "Drawer 3",
                "description": "Resistors and capacitors",
                "location_type": "drawer",
                "parent": {
                    "id": CABINET_ID,
                    "name": "Cabinet A",
                    "description": "",
                    "location_type": "cabinet",
                    "parent": {
                        "id": WORKSHOP_ID,
                        "name": "Workshop",
                        "description": "Main room",
                        "location_type": "standard",
                        "parent": None,
                    },
                },
            },
        ),
    ),
    "inventory_locations_preview_location_delete_retrieve": Doc(
        summary="Preview deleting a location",
        description=(
            "What deleting the location would take, without deleting anything: how many locations go with it "
            "(itself and every sub-location), how many of those are below it, and how many parts would be left "
            "without a location. An unknown id answers 404."
        ),
        response_example=answer(
            "Location delete preview generated",
            {
                "location_id": CABINET_ID,
                "location_name": "Cabinet A",
                "affected_locations_count": 2,
                "child_locations_count": 1,
                "affected_parts_count": 14,
            },
        ),
    ),
    "inventory_locations_delete_location_destroy": Doc(
        summary="Delete a location",
        description=(
            "Deletes the location and every sub-location below it. Their parts are kept, without a location; the "
            "answer counts what was affected, as the preview does. An unknown id answers 404."
        ),
        response_example=answer(
            "Location 'Cabinet A' deleted",
            {
                "location_id": CABINET_ID,
                "location_name": "Cabinet A",
                "affected_locations_count": 2,
                "child_locations_count": 1,
                "affected_parts_count": 14,
            },
        ),
    ),
    "inventory_locations_cleanup_locations_destroy": Doc(
        summary="Repair the location tree",
        description=(
            "Rebuilds the tree's ordering from each location's parent, keeping roots and siblings in their "
            "present order, and answers how many locations needed repair (0 for a sound tree, which is left "
            "untouched). Nothing is deleted."
        ),
        response_example=answer("Repaired 0 locations", {"repaired_count": 0}),
    ),
    # tasks
    "inventory_tasks_list": Doc(
        summary="List tasks",
        description=(
            "Background tasks, newest first: everyone's for a caller holding `tasks:admin`, the caller's own for "
            "anyone else. " + TASK_FILTERS
        ),
        response_example=TASK_LIST,
    ),
    "inventory_tasks_create": Doc(
        summary="Create a task",
        description=(
            "Starts a background task and answers it as `PENDING`. `task_type` is one of `PART_ENRICHMENT`, "
            "`DATASHEET_FETCH`, `IMAGE_FETCH`, `PRICE_UPDATE` (each with `input_data.part_id`, optionally "
            "`supplier`), `BULK_ENRICHMENT` (`input_data.part_ids`, 1 to 1,000, or none for every part with a "
            "supplier), `CSV_ENRICHMENT` (`input_data.order_id` of an imported order), `INVENTORY_AUDIT`, "
            "`DATABASE_CLEANUP` and `BACKUP_CREATION`; enums are accepted in any case. Imports are started with "
            "`POST /csv/import/with-progress` instead (422 here). `priority` is `LOW`, `NORMAL` (default), `HIGH` "
            "or `URGENT`; `max_retries` 0 to 10 (default 3); `timeout_seconds` 10 to 3,600 (default 300). Bad "
            "`input_data` answers 422 on its field, a part or order that does not exist 404. "
            "`scheduled_at` and `related_entity_*` are accepted from the original front end and ignored. " + TASK_RULES
        ),
        request_example=TASK_REQUEST,
        response_example=TASK,
    ),
    "inventory_tasks_my_retrieve": Doc(
        summary="List your tasks",
        description="The tasks you created, whatever your role, with the filters of `GET /tasks/`. " + TASK_FILTERS,
        response_example=TASK_LIST,
    ),
    "inventory_tasks_retrieve": Doc(
        summary="Read a task",
        description=(
            "One task with its progress (`progress_percentage`, `current_step`), and once it has finished its "
            "`result_data` or `error_message`. Statuses: `PENDING`, `RUNNING`, `RETRY` (waiting to try again), "
            "`COMPLETED`, `FAILED`, `CANCELLED`. Another user's task answers 404 unless you hold `tasks:admin`."
        ),
        response_example=DONE_TASK,
    ),
    "inventory_tasks_update": Doc(
        summary="Correct a task",
        description=(
            "An administrator's correction of a task's state: `status`, `progress_percentage` (0 to 100), "
            "`current_step`, `result_data`, `error_message`; send only what changes. Setting a finished status "
            "stamps `completed_at`. Nothing is queued or revoked: cancel and retry stop and rerun a task. "
            "An unknown id answers 404."
        ),
        request_example={"status": "COMPLETED", "progress_percentage": 100, "current_step": "Checked by hand"},
        response_example={**DONE_TASK, "current_step": "Checked by hand"},
    ),
    "inventory_tasks_cancel_create": Doc(
        summary="Cancel a task",
        description=(
            "Cancels a waiting or running task: it is marked `CANCELLED` at once, a waiting one never starts and "
            "a running one stops at its next step. A task that has already finished answers 409; another user's "
            "task 404 unless you hold `tasks:admin`."
        ),
        response_example={
            **TASK,
            "status": "CANCELLED",
            "current_step": "Cancelled",
            "completed_at": "2024-12-23T10:00:02Z",
        },
    ),
    "inventory_tasks_retry_create": Doc(
        summary="Retry a task",
        description=(
            "Runs a failed or cancelled task again from the start with the same input, counting it in "
            "`retry_count`. Any other status answers 409, and so does an import (its file is not kept: start the "
            "import again). Another user's task answers 404 unless you hold `tasks:admin`."
        ),
        response_example={**TASK, "retry_count": 1},
    ),
    "inventory_tasks_types_available_retrieve": Doc(
        summary="List task types",
        description=(
            "The task types `POST /tasks/` creates, each with what it does and the permission its creator needs."
        ),
        response_example={
            "task_types": [
                {
                    "type": "PART_ENRICHMENT",
                    "description": "Ask the part's supplier about it and keep the answer",
                    "required_permission": "parts:write",
                },
                {
                    "type": "INVENTORY_AUDIT",
                    "description": "Find parts without a place, out of stock or doubled",
                    "required_permission": "parts:read",
                },
                {
                    "type": "BACKUP_CREATION",
                    "description": "Write a backup archive of the inventory to storage",
                    "required_permission": "admin",
                },
            ]
        },
    ),
    "inventory_tasks_stats_summary_retrieve": Doc(
        summary="Count tasks",
        description=(
            "How many tasks there are, by status and by type, across all users; `pending_tasks` includes those "
            "waiting to retry."
        ),
        response_example={
            "total_tasks": 8,
            "by_status": {"COMPLETED": 6, "PENDING": 1, "FAILED": 1},
            "by_type": {"PART_ENRICHMENT": 5, "CSV_IMPORT": 3},
            "running_tasks": 0,
            "pending_tasks": 1,
            "failed_tasks": 1,
            "completed_tasks": 6,
        },
    ),
    "inventory_tasks_worker_status_retrieve": Doc(
        summary="Read the task workers' status",
        description=(
            "Whether background workers are running: the workers that answered, whether any takes inventory "
            "tasks (`consuming`) and how many tasks are running. On a server that runs tasks inside the web "
            'process (no task broker set up) the answer is `{"is_running": true, "mode": "eager"}` with no workers.'
        ),
        response_example={
            "is_running": True,
            "mode": "celery",
            "workers": ["celery@worker-1"],
            "consuming": True,
            "running_tasks": 1,
        },
    ),
    "inventory_tasks_worker_start_create": Doc(
        summary="Resume the task workers",
        description=(
            "Tells every running worker to take inventory tasks again and answers how many did. It cannot start "
            "a worker process: with none running the answer is 409, and on a server without a task broker 503."
        ),
        response_example={"message": "Workers consume the default queue", "workers": 1},
    ),
    "inventory_tasks_worker_stop_create": Doc(
        summary="Pause the task workers",
        description=(
            "Tells every running worker to stop taking new inventory tasks (those running finish) and answers "
            "how many did; tasks created meanwhile wait. No worker running answers 409, a server without a task "
            "broker 503."
        ),
        response_example={"message": "Workers stopped taking from the default queue", "workers": 1},
    ),
    "inventory_tasks_quick_part_enrichment": Doc(
        summary="Enrich a part from its supplier",
        description=(
            "Creates a `PART_ENRICHMENT` task: the supplier is asked about the part, empty description and image "
            "are filled, and what only the supplier knows (manufacturer, datasheet, price breaks, stock, "
            "parameters) is kept in the part's `additional_properties`; nothing you wrote is overwritten. " + QUICK_PART
        ),
        request_example={"part_id": PART_ID, "supplier": "lcsc", "capabilities": ["fetch_datasheet", "fetch_image"]},
        response_example=quick_task(
            "PART_ENRICHMENT",
            "Ask the part's supplier about it and keep the answer",
            {"part_id": PART_ID, "supplier": "lcsc"},
        ),
    ),
    "inventory_tasks_quick_datasheet_fetch": Doc(
        summary="Find a part's datasheet",
        description=(
            "Creates a `DATASHEET_FETCH` task: the part is enriched from its supplier and the task's result "
            "is the datasheet's address (`datasheet_url`), also kept on the part. " + QUICK_PART
        ),
        request_example={"part_id": PART_ID},
        response_example=quick_task(
            "DATASHEET_FETCH", "Find the part's datasheet at its supplier", {"part_id": PART_ID}
        ),
    ),
    "inventory_tasks_quick_image_fetch": Doc(
        summary="Find a part's picture",
        description=(
            "Creates an `IMAGE_FETCH` task: the part is enriched from its supplier and the task's result is the "
            "picture's address (`image_url`), set on the part when it has none. " + QUICK_PART
        ),
        request_example={"part_id": PART_ID, "supplier": "digikey"},
        response_example=quick_task(
            "IMAGE_FETCH", "Find the part's picture at its supplier", {"part_id": PART_ID, "supplier": "digikey"}
        ),
    ),
    "inventory_tasks_quick_price_update": Doc(
        summary="Update a part's prices",
        description=(
            "Creates a `PRICE_UPDATE` task: the part is enriched from its supplier and the task's result is its "
            "current price breaks (`price_breaks`), also kept on the part. " + QUICK_PART
        ),
        request_example={"part_id": PART_ID},
        response_example=quick_task("PRICE_UPDATE", "Read the part's current price breaks", {"part_id": PART_ID}),
    ),
    "inventory_tasks_quick_bulk_enrichment": Doc(
        summary="Enrich many parts",
        description=(
            "Creates a `BULK_ENRICHMENT` task that enriches the parts in `part_ids` (1 to 1,000 UUIDs) one after "
            "another, or every part that names a supplier when `part_ids` is left out. A part that fails does "
            "not stop the others: the result counts the enriched ones and lists each failure with its reason. "
            + TASK_RULES
        ),
        request_example={"part_ids": [PART_ID, "7b2e4d6f-8a1c-4e3b-9d5f-0c6a8e2b4d71"]},
        response_example=quick_task(
            "BULK_ENRICHMENT",
            "Enrich many parts, one after another",
            {"part_ids": [PART_ID, "7b2e4d6f-8a1c-4e3b-9d5f-0c6a8e2b4d71"]},
        ),
    ),
    "inventory_tasks_quick_csv_enrichment": Doc(
        summary="Enrich the parts of an imported order",
        description=(
            "Creates a `CSV_ENRICHMENT` task that enriches every part of an imported supplier order: `order_id` "
            "is the `order_id` an import answered (404 when no such order has lines). Failures are listed in "
            "the result without stopping the others. " + TASK_RULES
        ),
        request_example={"order_id": ORDER_ID},
        response_example=quick_task(
            "CSV_ENRICHMENT", "Enrich every part of an imported supplier order", {"order_id": ORDER_ID}
        ),
    ),
    "inventory_tasks_capabilities_suppliers_list": Doc(
        summary="List the suppliers' capabilities",
        description=(
            "The suppliers enrichment tasks can ask (`lcsc`, `digikey`, `mouser`), what each can tell "
            "(`part_details`, `datasheet`, `image`, `pricing`), and whether this server is set up to ask it "
            "(`configured`; `required_settings` names what the operator must set)."
        ),
        response_example={"suppliers": SUPPLIERS},
    ),
    "inventory_tasks_capabilities_suppliers_retrieve": Doc(
        summary="Read one supplier's capabilities",
        description="One supplier by name (any case), as the list shows it. An unknown supplier answers 404.",
        response_example=SUPPLIERS[0],
    ),
    "inventory_tasks_capabilities_find_retrieve": Doc(
        summary="Find suppliers with a capability",
        description=(
            "The suppliers that can do one thing, named as the spec does (`get_part_details`, `fetch_datasheet`, "
            "`fetch_image`, `fetch_pricing`) or as the capability lists do (`datasheet`...). An unknown "
            "capability answers 404 naming the known ones."
        ),
        response_example={"capability": "fetch_datasheet", "suppliers": ["lcsc", "digikey", "mouser"]},
    ),
    "inventory_tasks_security_permissions_retrieve": Doc(
        summary="Read your task permissions",
        description=(
            "The task permissions you hold (`tasks:read`, `tasks:create`, `tasks:update`, `tasks:admin`) and the "
            "task types you may create."
        ),
        response_example={
            "permissions": ["tasks:read", "tasks:create", "tasks:update"],
            "allowed_task_types": [
                "PART_ENRICHMENT",
                "DATASHEET_FETCH",
                "IMAGE_FETCH",
                "PRICE_UPDATE",
                "BULK_ENRICHMENT",
                "CSV_ENRICHMENT",
                "INVENTORY_AUDIT",
            ],
        },
    ),
    "inventory_tasks_security_limits_retrieve": Doc(
        summary="Read your task limits",
        description=(
            "For each task type, how many of your tasks wait or run now, were created in the last hour and in the "
            "last day, against the limit for each; a new task past a limit answers 429."
        ),
        response_example={
            "limits": {
                task_type: {
                    "running": {"used": used, "limit": running},
                    "per_hour": {"used": used, "limit": per_hour},
                    "per_day": {"used": used, "limit": per_day},
                }
                for task_type, used, running, per_hour, per_day in TASK_LIMITS
            }
        },
    ),
    "inventory_tasks_security_validate_create": Doc(
        summary="Check a task before creating it",
        description=(
            "Answers whether `POST /tasks/` would accept this body now, creating nothing: `valid` true, or false "
            "with the `reason` (a missing permission, a limit reached, a part that does not exist). A body that "
            "cannot be a task at all (an unknown `task_type`) answers 422."
        ),
        request_example={"task_type": "PART_ENRICHMENT", "input_data": {"part_id": PART_ID}},
        response_example={
            "valid": False,
            "reason": "Creating PART_ENRICHMENT tasks needs the `parts:write` permission.",
        },
    ),
    # supplier imports
    "inventory_csv_supported_types_retrieve": Doc(
        summary="List the supported supplier exports",
        description=(
            "The supplier order exports that can be imported (LCSC, DigiKey, Mouser): the file types each is read "
            "from, the columns that identify it, and every column layout known for it."
        ),
        response_example={"supported_types": [LCSC_PARSER, MOUSER_PARSER]},
    ),
    "inventory_csv_preview_create": Doc(
        summary="Preview a supplier export",
        description=(
            "Reads an export without storing anything: which supplier it is from, its columns, how many rows, the "
            "first 10 rows as they would be imported, the rows that could not be read (`problems`, by line) and "
            "what the file name tells (`filename_info`, else null). " + EXPORT_BODY
        ),
        request_example=CSV_REQUEST,
        response_example={
            "is_supported": True,
            "detected_parser": "lcsc",
            "supplier": "LCSC",
            "file_type": "csv",
            "headers": LCSC_HEADERS,
            "total_rows": 2,
            "preview_rows": LCSC_ROWS,
            "problems": [],
            "filename_info": {"supplier": "LCSC", "order_date": "2024-12-22", "exported_at": "2024-12-22T23:27:05"},
        },
    ),
    "inventory_csv_parse_create": Doc(
        summary="Parse a supplier export",
        description=(
            "Reads a whole export without storing anything: every row, the rows that could not be read, and the "
            "order's number, date and totals when the export carries them. Prices are strings, so no cent is "
            "lost. " + EXPORT_BODY
        ),
        request_example={"csv_content": LCSC_CSV, "parser_type": "lcsc"},
        response_example={
            "parser": "lcsc",
            "supplier": "LCSC",
            "file_type": "csv",
            "header_format": "lcsc",
            "headers": LCSC_HEADERS,
            "order_number": "",
            "order_date": None,
            "subtotal": None,
            "shipping": None,
            "tax": None,
            "total": None,
            "currency": "USD",
            "total_rows": 2,
            "rows": LCSC_ROWS,
            "problems": [],
        },
    ),
    "inventory_csv_import_create": Doc(
        summary="Import a supplier export",
        description=(
            "Imports an export at once and answers when it is stored. Each row's part is found by name (the "
            "manufacturer part number, or the supplier's when the export has none) and its ordered quantity "
            "added to the stock, or a new part is created; the order is recorded with a line per row, under the "
            "supplier and order number from `order_info` when given, else from the file. Importing the same "
            "file twice adds the quantities again and records a second order. Rows that could not be read are "
            "listed in `failed_rows` and the rest import. For big files prefer "
            "`POST /csv/import/with-progress`. " + EXPORT_BODY
        ),
        request_example={**CSV_REQUEST, "order_info": {"order_number": "WM2412220001"}},
        response_example={
            "success": True,
            "order_id": ORDER_ID,
            "supplier": "LCSC",
            "order_number": "WM2412220001",
            "parts_created": 1,
            "parts_updated": 1,
            "items_imported": 2,
            "failed_rows": [],
        },
    ),
    "inventory_csv_import_with_progress_create": Doc(
        summary="Import a supplier export in the background",
        description=(
            "Checks the export now (a file that is not one is refused at once) and imports it as a background "
            "task (`CSV_IMPORT`), answering its `task_id` straight away. Follow it with "
            "`GET /csv/import/progress`, `GET /tasks/{task_id}` or the `/ws/tasks` websocket; the import's "
            "outcome, as `POST /csv/import` answers it, becomes the task's result. The file is not kept once "
            "the task has finished. " + EXPORT_BODY
        ),
        request_example=CSV_REQUEST,
        response_example={"task_id": IMPORT_TASK_ID, "status": "PENDING", "message": "Import started"},
    ),
    "inventory_csv_import_progress_retrieve": Doc(
        summary="Follow your latest import",
        description=(
            "The progress of the latest import you started with `POST /csv/import/with-progress`: its status, "
            "percentage and step, and once finished its `result` (the import's outcome) or `error_message`. "
            "Without any import of yours the answer is 404."
        ),
        response_example={
            "task_id": IMPORT_TASK_ID,
            "status": "COMPLETED",
            "progress_percentage": 100,
            "current_step": "Finished",
            "result": {
                "success": True,
                "order_id": ORDER_ID,
                "supplier": "LCSC",
                "order_number": "",
                "parts_created": 2,
                "parts_updated": 0,
                "items_imported": 2,
                "failed_rows": [],
            },
            "error_message": None,
            "started_at": "2024-12-23T10:00:01Z",
            "completed_at": "2024-12-23T10:00:02Z",
        },
    ),
    "inventory_csv_extract_filename_info_create": Doc(
        summary="Read order details from a file name",
        description=(
            "What a supplier export's file name tells about the order: LCSC names its exports "
            "`LCSC_Exported__YYYYMMDD_HHMMSS.csv`, which gives the supplier, the order date and the export time. "
            'A name that tells nothing answers `{"found": false}`.'
        ),
        request_example={"filename": LCSC_FILENAME},
        response_example={
            "found": True,
            "supplier": "LCSC",
            "order_date": "2024-12-22",
            "exported_at": "2024-12-22T23:27:05",
        },
    ),
    "inventory_csv_parsers_info_retrieve": Doc(
        summary="Read one supplier export's format",
        description=(
            "One supported export by its parser name (`lcsc`, `digikey`, `mouser`; any case), as "
            "`GET /csv/supported-types` lists it. An unknown parser answers 404 naming the known ones."
        ),
        response_example=LCSC_PARSER,
    ),
    "inventory_csv_config_retrieve": Doc(
        summary="Read the import settings",
        description=(
            "The import preferences kept for the inventory's front end (whether to download datasheets and "
            "images, overwrite files, the download timeout, whether to show progress) and, in `limits`, the "
            "bounds an uploaded export must keep: its size in bytes, its rows and columns, and the file types "
            "read. Imports themselves record parts and orders and download nothing: enrichment tasks fetch "
            "datasheets and pictures."
        ),
        response_example={
            **CSV_CONFIG,
            "limits": {
                "max_file_bytes": 10485760,
                "max_rows": 20000,
                "max_columns": 100,
                "file_types": ["csv", "xls", "xlsx"],
            },
        },
    ),
    "inventory_csv_config_update": Doc(
        summary="Change the import settings",
        description=(
            "Changes the import preferences; send only what changes. `download_timeout_seconds` is 1 to 600. "
            "The answer is the settings as stored, without `limits`."
        ),
        request_example=CSV_CONFIG,
        response_example=CSV_CONFIG,
    ),
    # AI assistant
    "inventory_ai_config_retrieve": Doc(
        summary="Read the AI assistant's settings",
        description=(
            "The assistant's one configuration: whether it is on, the provider (`ollama`, `openai`, `anthropic`), "
            "its address, the model, temperature, answer length and system prompt. The API key is never "
            "answered whole: only its first three and last four characters (`sk-…abcd`), or empty when none is set."
        ),
        response_example=answer("AI configuration", AI_CONFIG),
    ),
    "inventory_ai_config_update": Doc(
        summary="Change the AI assistant's settings",
        description=(
            "Changes the assistant's configuration; send only what changes. Choosing another `provider` without "
            "an `api_url` sets that provider's own address; an `api_key` left out or blank keeps the stored one. "
            "`temperature` is 0 to 2, `max_tokens` 1 to 100,000. OpenAI and Anthropic need a key before the "
            "assistant can answer."
        ),
        request_example={
            "enabled": True,
            "provider": "openai",
            "api_key": "sk-proj-1234567890abcd",
            "model_name": "gpt-4o-mini",
            "temperature": 0.7,
            "max_tokens": 2000,
        },
        response_example=answer("AI configuration updated", AI_CONFIG),
    ),
    "inventory_ai_chat_create": Doc(
        summary="Ask the AI assistant",
        description=(
            "Sends a question to the configured provider with the earlier turns of the conversation (at most "
            "50, each `user` or `assistant`). The assistant is told the inventory's totals and the parts the "
            "question's words find (their number, stock, location and supplier), so it can answer about them. " + AI_OFF
        ),
        request_example={
            "message": "How many 10k resistors are left?",
            "conversation_history": [
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello! What are you looking for?"},
            ],
        },
        response_example=answer(
            "AI response",
            {
                "response": "There are 200 of Resistor 10k 0603 in Drawer 3.",
                "provider": "openai",
                "model": "gpt-4o-mini",
            },
        ),
    ),
    "inventory_ai_test_create": Doc(
        summary="Test the AI provider",
        description="Asks the configured provider for a one-word answer and shows what came back. " + AI_OFF,
        response_example=answer(
            "AI connection works", {"success": True, "provider": "openai", "model": "gpt-4o-mini", "response": "OK"}
        ),
    ),
    "inventory_ai_reset_create": Doc(
        summary="Reset the AI assistant's settings",
        description=(
            "Puts the assistant's configuration back to its defaults: off, Ollama at `http://localhost:11434` "
            "with `llama3.2`, the stored API key forgotten."
        ),
        response_example=answer("AI configuration reset to defaults", AI_DEFAULTS),
    ),
    "inventory_ai_providers_retrieve": Doc(
        summary="List the AI providers",
        description="The providers the assistant can use, each with its default address and whether it needs a key.",
        response_example=answer(
            "AI providers",
            [
                {
                    "name": "ollama",
                    "display_name": "Ollama",
                    "default_url": "http://localhost:11434",
                    "needs_api_key": False,
                },
                {
                    "name": "openai",
                    "display_name": "OpenAI",
                    "default_url": "https://api.openai.com",
                    "needs_api_key": True,
                },
                {
                    "name": "anthropic",
                    "display_name": "Anthropic",
                    "default_url": "https://api.anthropic.com",
                    "needs_api_key": True,
                },
            ],
        ),
    ),
    "inventory_ai_models_retrieve": Doc(
        summary="List the provider's models",
        description="The models the configured provider offers, as it lists them. " + AI_OFF,
        response_example=answer("Models of the configured provider", ["gpt-4o-mini", "gpt-4o"]),
    ),
    # label printer
    "inventory_printer_config_create": Doc(
        summary="Set up the label printer",
        description=(
            "Sets the inventory's one Brother QL printer: its `model` (`QL-820NWB`...), where jobs go "
            "(`printer_identifier`: `tcp://host[:port]` for a network printer, port 9100 by default, or "
            "`file:///path` inside the server's folder for label files, when it has one), the labels loaded "
            "(`label_size`, default `62`) and the send timeout in seconds (default 10). Every wrong field is "
            "named at once in the 422, including a label the model cannot print. `backend`, when sent, must "
            "agree with the identifier; `driver`, `dpi`, `scaling_factor` and `additional_settings` are accepted "
            "from the original front end and ignored."
        ),
        request_example={"model": "QL-820NWB", "printer_identifier": "tcp://192.168.1.50:9100", "label_size": "29x90"},
        response_example=answer("Printer configured", PRINTER),
    ),
    "inventory_printer_current_printer_retrieve": Doc(
        summary="Read the label printer",
        description=(
            "The printer labels go to: model, where jobs are sent and the labels loaded. Before one is set up "
            "the answer is 503."
        ),
        response_example=answer("Current printer", PRINTER),
    ),
    "inventory_printer_load_config_retrieve": Doc(
        summary="Read the label printer (spec path)",
        description=(
            "The same answer as `GET /printer/current_printer`, at the spec's other path; 503 before a printer is "
            "set up."
        ),
        response_example=answer("Current printer", PRINTER),
    ),
    "inventory_printer_print_label_create": Doc(
        summary="Print a label",
        description=(
            "Prints a label on the printer: for a part its name, number, location path and a QR code of its id; "
            "for a location its name, path and a QR code. " + LABEL_BODY + " A size other than the one loaded "
            "answers 422 on `label_size`; no printer set up, or one that cannot be reached, 503. The answer says "
            "where the job went and how many bytes."
        ),
        request_example={"part_id": PART_ID, "label_size": "29x90"},
        response_example={**PRINTED, "data": {**PRINTED["data"], "bytes_sent": 21185}},
    ),
    "inventory_printer_print_qr_create": Doc(
        summary="Print a part's QR code",
        description=(
            "Prints only the QR code of the part's id, for small labels. " + LABEL_BODY + " A size other than "
            "the one loaded answers 422 on `label_size`; no printer set up, or one that cannot be reached, 503."
        ),
        request_example={"part_id": PART_ID},
        response_example={**PRINTED, "data": {**PRINTED["data"], "bytes_sent": 13861}},
    ),
    "inventory_printer_preview_label_create": Doc(
        summary="Preview a label as PNG",
        description=(
            "Draws the label `print_label` would print and answers it as a PNG image, without printing. "
            + LABEL_BODY
            + " Without `label_size` and with no printer set up the answer is 503."
        ),
        request_example={"location_id": DRAWER_ID, "label_size": "62"},
    ),
    # utility
    "inventory_utility_upload_image_create": Doc(
        summary="Upload a picture",
        description=(
            "Stores a part's picture sent as the multipart field `file`: PNG, JPEG, GIF or WebP, at most 5 MB, "
            "checked by decoding it (anything else answers 422 on `file`). Put the answered `url` in a part's "
            "`image_url`; `image_id` is also answered at the top, as the spec has it."
        ),
        response_example={
            "image_id": IMAGE_ID,
            "status": "success",
            "message": "Image uploaded successfully",
            "data": {
                "image_id": IMAGE_ID,
                "url": f"/api/inventory/utility/get_image/{IMAGE_ID}.png",
                "content_type": "image/png",
                "width": 640,
                "height": 480,
                "size": 48213,
            },
        },
    ),
    "inventory_utility_get_image_retrieve": Doc(
        summary="Download a picture",
        description=(
            "The uploaded picture, with its own content type, named by its id with or without the extension "
            "(`{image_id}.png`). An id never changes its picture, so it may be cached for good. An unknown id "
            "answers 404."
        ),
    ),
    "inventory_utility_get_counts_retrieve": Doc(
        summary="Count parts, locations and categories",
        description="How many parts, locations and categories the inventory holds.",
        response_example=answer("Counts retrieved successfully", {"parts": 150, "locations": 25, "categories": 12}),
    ),
    "inventory_utility_backup_download_retrieve": Doc(
        summary="Download a backup archive",
        description=(
            "A zip archive of the whole inventory: every category, location, part, supplier order and line as "
            "JSON (`inventory.json`) and the pictures parts show (`images/`), downloaded as "
            "`inventory-backup-<date>-<time>.zip`. The server's operator can load it back into an empty inventory."
        ),
    ),
    "inventory_utility_backup_export_retrieve": Doc(
        summary="Export the inventory as JSON",
        description=(
            "The inventory's records as one JSON document, downloaded as `inventory-export-<date>-<time>.json`: "
            "`format`, `version`, `exported_at` and `records`, each with its `model`, `pk` and `fields`. It is "
            "the `inventory.json` of the backup archive, without the pictures."
        ),
        response_example={
            "format": "workshop-inventory-backup",
            "version": 1,
            "exported_at": "2024-12-23T10:00:00+00:00",
            "records": [
                {
                    "model": "inventory.category",
                    "pk": RESISTORS_ID,
                    "fields": {"name": "Resistors", "description": "Through-hole and SMD resistors"},
                }
            ],
        },
    ),
    "inventory_utility_backup_status_retrieve": Doc(
        summary="Read the backup status",
        description=(
            "What a backup would hold: the bytes the inventory's tables take in the database, when a part, "
            "location or order last changed, and how many records there are (parts, locations and categories, "
            "and all of them with supplier orders and their lines in `total_records`)."
        ),
        response_example=answer(
            "Backup status retrieved successfully",
            {
                "database_size": 1048576,
                "last_modified": "2024-12-23T09:15:00+00:00",
                "total_records": 187,
                "parts_count": 150,
                "locations_count": 25,
                "categories_count": 12,
            },
        ),
    ),
}
