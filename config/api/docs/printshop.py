"""The 3D print shop API (`/api/printshop/`) as integrators read it: the printer side (printers, AMS
materials, filament stock, the print queue, notification settings); examples follow
spec/printshop-3d-print-shop.md and the sample Bambu reports. The Etsy sign-in, order and analytics
operations are documented beside these (printshop/api/etsy_docs.py)."""

from printshop.api.etsy_docs import ETSY_OPERATIONS

from . import Doc

INTRO = (
    "Sign in with Etsy (`GET /api/printshop/auth/login`, then `POST /api/printshop/auth/callback`) or with "
    "any account of this platform (`POST /api/mfg/login`), and send the token on every call as "
    "`Authorization: Bearer <access_token>`; the same token works on every API of this platform. Each "
    "user sees only their own printers, spools, prints and orders: another user's row answers 404.\n\n"
    "Paged lists take `?limit=50&offset=0` (limit at most 200) and answer the rows under the list's own "
    "name (`scheduled_prints`, `orders`) with `total`, `limit`, `offset`, `page` and `pages`; printers and "
    "AMS materials are plain arrays, filaments `{filaments, total}`.\n\n"
    'Every error is `{"error": "<message>", "status": <HTTP status>}`: 400 for a refused value (the '
    "message names each field), 401 without a valid token, 404 for a row that is not yours or does not "
    "exist, 409 for a move the print queue does not allow. Each user has 1,000 requests an hour, and print "
    "operations (`/bambu/scheduled-prints`) 100 a minute besides; every answer carries `X-RateLimit-Limit`, "
    "`-Remaining` and `-Reset`, and past a limit the answer is 429 with `Retry-After`.\n\n"
    "Printer status is what the printer itself last reported over MQTT, read by the print farm's listener "
    "(`manage.py listen_printers`), never a call to the printer during your request; a printer silent for "
    "60 seconds is `offline`."
)

PRINTER_EXAMPLE = {
    "id": 1,
    "name": "Main Printer",
    "type": "bambu",
    "model": "P1S",
    "connection_type": "bambu_lan",
    "serial_number": "01P00A123456789",
    "status": "printing",
    "online": True,
    "current_job": "Custom Bracket",
    "utilization_pct": 65,
    "created_at": "2025-01-01T00:00:00Z",
}
FILAMENT_EXAMPLE = {
    "id": 1,
    "material": "PLA",
    "color": "Red",
    "initial_amount": 1000,
    "current_amount": 750,
    "cost_per_gram": 0.02,
    "low_stock_threshold": 100,
    "created_at": "2025-01-01T00:00:00Z",
    "updated_at": "2025-01-05T10:00:00Z",
}
FILAMENT_REQUEST = {
    "material": "PLA",
    "color": "Blue",
    "initial_amount": 1000,
    "current_amount": 1000,
    "cost_per_gram": 0.015,
    "low_stock_threshold": 100,
}
MATERIAL_EXAMPLE = {
    "id": 1,
    "printer_id": 1,
    "slot": 1,
    "loaded": True,
    "material_type": "PLA",
    "color": "#FF0000",
    "weight_grams": 950,
    "remaining_pct": 95,
    "vendor": "Bambu",
    "cost_per_kg": 20.0,
    "loaded_at": "2025-01-01T00:00:00Z",
    "last_synced": "2025-01-01T12:34:56Z",
}
PRINT_EXAMPLE = {
    "id": 1,
    "printer_id": 1,
    "job_name": "Custom Bracket",
    "file_name": "bracket.3mf",
    "material_type": "PLA",
    "material_slot": 1,
    "estimated_duration_minutes": 240,
    "estimated_duration": 240,
    "estimated_filament_grams": 85,
    "order_id": None,
    "order_item_id": None,
    "priority": 1,
    "status": "queued",
    "scheduled_start": "2025-01-01T14:00:00Z",
    "started_at": None,
    "finished_at": None,
    "created_at": "2025-01-01T12:00:00Z",
}
NOTIFICATIONS_EXAMPLE = {
    "id": 1,
    "printer_id": 1,
    "notify_print_start": True,
    "notify_print_complete": True,
    "notify_print_failed": True,
    "notify_material_change": True,
    "notify_maintenance": False,
    "email_enabled": True,
    "webhook_url": "https://example.com/webhook",
}
PRINT_MOVES = (
    "A print moves `queued → scheduled → started → completed` or `failed`, and a queued or scheduled print "
    "may be cancelled; so a queued print is put up (`scheduled`) before it is `started`. Completed, failed "
    "and cancelled prints stay as they are (a failed order line is scheduled again as a new print). Any "
    "other move answers 409 naming the moves its current status allows, and changes nothing."
)

OPERATIONS = {
    "printshop_bambu_printers_list": Doc(
        summary="List your printers",
        description=(
            "Every printer of your farm, by name, as a plain array. `status` is what the printer last reported "
            "(`idle`, `preparing`, `printing`, `paused`, `finished`, `failed`) or `offline` when it has been "
            "silent for 60 seconds or never reported; `current_job` is the job it is printing, and "
            "`utilization_pct` the share of the time it was heard from that it spent printing. The access "
            "code is never answered."
        ),
        response_example=[PRINTER_EXAMPLE],
    ),
    "printshop_bambu_printers_create": Doc(
        summary="Add a printer",
        description=(
            "Adds a Bambu Lab printer by its serial number (from the printer's Device settings; it names its "
            "MQTT topic). A LAN printer (`bambu_lan`) needs its address in `api_url` (`http://192.168.1.100` or "
            "a bare IP) and the LAN access code from its screen; a cloud printer (`bambu_cloud`) needs the Bambu "
            "account id (`cloud_user_id`) and that account's token as `access_code`. The access code is stored "
            "encrypted and never answered. A serial number already added answers 400. The print farm's "
            "listener connects to the new printer when it next starts."
        ),
        request_example={
            "name": "Main Printer",
            "connection_type": "bambu_lan",
            "serial_number": "01P00A123456789",
            "api_url": "http://192.168.1.100",
            "access_code": "12345678",
            "model": "P1S",
        },
        response_example={**PRINTER_EXAMPLE, "status": "offline", "online": False, "current_job": None},
    ),
    "printshop_bambu_printers_destroy": Doc(
        summary="Remove a printer",
        description=(
            "Removes the printer with its AMS slots, its print queue and its notification settings; its access "
            "code is gone with it."
        ),
        response_example={"message": "Printer deleted"},
    ),
    "printshop_bambu_printers_status_retrieve": Doc(
        summary="Read a printer's live status",
        description=(
            "What the printer last reported over MQTT: `status` from its print state, `progress` in percent, "
            "`estimated_time_remaining` in seconds, nozzle, bed and chamber temperatures in °C, the layer it is "
            "on of `total_layers`, the job's name and any print or HMS error codes in `errors`. `last_updated` "
            "is when the report came; a printer silent for 60 seconds is `offline` (`online` false), and one "
            "that never reported answers `offline` with empty readings."
        ),
        response_example={
            "id": 1,
            "status": "printing",
            "online": True,
            "current_job": "Custom Bracket",
            "progress": 45,
            "nozzle_temp": 220.0,
            "bed_temp": 60.0,
            "chamber_temp": 45.0,
            "utilization": 65,
            "estimated_time_remaining": 1200,
            "layer": 57,
            "total_layers": 128,
            "errors": [],
            "last_updated": "2025-01-01T12:34:56Z",
        },
    ),
    "printshop_bambu_materials_list": Doc(
        summary="List the AMS materials",
        description=(
            "The spool positions of your printers (AMS trays from 1, the external holder 0) as the printers "
            "report them: material type, colour as `#RRGGBB` and remaining percent, kept in step with what is "
            "loaded; an emptied tray stays listed with `loaded` false. Vendor, cost per kg and weight are what "
            "you added. `printer_id` keeps one printer's slots."
        ),
        response_example=[MATERIAL_EXAMPLE],
    ),
    "printshop_bambu_materials_update": Doc(
        summary="Update an AMS material",
        description=(
            "Records what the printer cannot know about the spool in this slot: `vendor`, `cost_per_kg`, "
            "`weight_grams`, or a corrected `remaining_pct` (0 to 100). Send only what changes; the material "
            "type and colour come from the printer and cannot be set."
        ),
        request_example={"remaining_pct": 85, "vendor": "Prusament", "cost_per_kg": 25},
        response_example={**MATERIAL_EXAMPLE, "remaining_pct": 85, "vendor": "Prusament", "cost_per_kg": 25.0},
    ),
    "printshop_filaments_retrieve": Doc(
        summary="List your filament stock",
        description=(
            "Every spool stock you keep, by material and colour, with their count in `total`. Filter by "
            "`material` and `color` (any case), and `low_stock=true` keeps the stocks at or below their "
            "low-stock threshold. Amounts are grams."
        ),
        response_example={"filaments": [FILAMENT_EXAMPLE], "total": 1},
    ),
    "printshop_filaments_create": Doc(
        summary="Add a filament stock",
        description=(
            "Adds a stock of one material and colour: amounts in grams (the current amount at most the initial "
            "one), the cost per gram, and the threshold at or below which it counts as low (100 g unless given)."
        ),
        request_example=FILAMENT_REQUEST,
        response_example={**FILAMENT_EXAMPLE, **FILAMENT_REQUEST, "updated_at": "2025-01-01T00:00:00Z"},
    ),
    "printshop_filaments_update": Doc(
        summary="Update a filament stock",
        description=(
            "Changes a stock with the same body as adding one, most often a new `current_amount` after weighing "
            "the spool; a field left out keeps its value. The current amount may not exceed the initial one."
        ),
        request_example={**FILAMENT_REQUEST, "color": "Red", "cost_per_gram": 0.02, "current_amount": 600},
        response_example={**FILAMENT_EXAMPLE, "current_amount": 600, "initial_amount": 1000},
    ),
    "printshop_filaments_destroy": Doc(
        summary="Remove a filament stock",
        description="Removes the stock for good.",
        response_example={"message": "Filament deleted"},
    ),
    "printshop_filaments_usage_list": Doc(
        summary="Read a filament stock's usage history",
        description=(
            "What each completed print took from this stock, newest first, paged with `limit` and `offset` "
            "under `usage`: the grams, when, and the print (`scheduled_print_id`, `job_name`, `printer_id`). "
            "A print takes its `estimated_filament_grams` from a stock of its material when it completes, "
            "lowering the stock's `current_amount`. Beyond the original API."
        ),
        response_example={
            "usage": [
                {
                    "id": 7,
                    "grams": 42,
                    "used_at": "2025-01-02T16:05:00Z",
                    "scheduled_print_id": 1,
                    "job_name": "Custom Bracket",
                    "printer_id": 1,
                }
            ],
            "total": 1,
            "limit": 50,
            "offset": 0,
            "page": 1,
            "pages": 1,
        },
    ),
    "printshop_bambu_scheduled_prints_list": Doc(
        summary="List scheduled prints",
        description=(
            "Your print jobs across printers, first by priority (1 prints first) then oldest first, paged with "
            "`limit` and `offset` under `scheduled_prints`. Filter by `printer_id` (another user's printer "
            "answers 404) and by `status` (`queued`, `scheduled`, `started`, `completed`, `failed`, `cancelled`; "
            "any other answers 400). Counts against the print operations' 100 a minute."
        ),
        response_example={
            "scheduled_prints": [PRINT_EXAMPLE],
            "total": 1,
            "limit": 50,
            "offset": 0,
            "page": 1,
            "pages": 1,
        },
    ),
    "printshop_bambu_scheduled_prints_create": Doc(
        summary="Schedule a print",
        description=(
            "Puts a job in one of your printers' queue as `queued`. `priority` runs from 1 (first) to 10 "
            "(default 5); `material_slot` names the AMS slot it should print from. `scheduled_start` is when "
            "the printer should be free for it: now for an idle printer with nothing ahead, otherwise when the "
            "jobs ahead of it (the one printing, then those before it by priority and age) end, each taking its "
            "estimated duration plus a 15-minute changeover. Adding, cancelling or starting a job plans the "
            "waiting ones again, so a more urgent job moves the others back. When the printer reports a print "
            "starting, the waiting job of that name (else the first waiting one) is marked started, and its "
            "finish or failure closes it; the first queued job whose material is loaded in the printer's AMS "
            "(or that names none) then becomes `scheduled`, the one to start next. The optional "
            "`estimated_filament_grams` (the slicer's figure) is taken from your spool of the job's material, "
            "the slot's colour first, when the print completes. Counts against the print operations' 100 a minute."
        ),
        request_example={
            "printer_id": 1,
            "job_name": "Custom Bracket",
            "file_name": "bracket.3mf",
            "material_type": "PLA",
            "material_slot": 1,
            "estimated_duration_minutes": 240,
            "estimated_filament_grams": 85,
            "priority": 1,
        },
        response_example=PRINT_EXAMPLE,
    ),
    "printshop_bambu_scheduled_prints_update": Doc(
        summary="Change a print's status",
        description=(
            "Moves a print to `status`. Starting one records when it started, and completing, failing or "
            f"cancelling it when it ended. {PRINT_MOVES} Counts against the print operations' 100 a minute."
        ),
        request_example={"status": "started"},
        response_example={**PRINT_EXAMPLE, "status": "started", "started_at": "2025-01-01T14:02:00Z"},
    ),
    "printshop_bambu_scheduled_prints_destroy": Doc(
        summary="Cancel a scheduled print",
        description=(
            "Cancels a queued or scheduled print; it stays in the list as `cancelled`. A print already started "
            "or finished cannot be cancelled (409). Counts against the print operations' 100 a minute."
        ),
        response_example={"message": "Scheduled print cancelled"},
    ),
    "printshop_bambu_scheduled_prints_queue_list": Doc(
        summary="Read a printer's queue",
        description=(
            "The queue of the printer whose id is in the path: the job it is printing first, then the waiting "
            "ones in the order they will print (priority, then oldest), as a plain array. Finished and "
            "cancelled jobs are not in it. Counts against the print operations' 100 a minute."
        ),
        response_example=[PRINT_EXAMPLE],
    ),
    "printshop_bambu_notifications_retrieve": Doc(
        summary="Read a printer's notification settings",
        description=(
            "Which of the printer's events notify you (print start, completion, failure, material change, "
            "maintenance) and how (email to your account's address, a webhook: Slack and Discord webhook URLs get "
            "their own message shape, any other URL a JSON body signed `X-Webhook-Signature: sha256=<hex>`); a "
            "filament spool running low is a material alert, and the next print put up on a printer gone idle "
            "(`next_print`) comes under print complete. `printer_id` is required. A printer whose settings were "
            "never changed answers the defaults: every print event and material changes on, maintenance and "
            "email off, no webhook."
        ),
        response_example=NOTIFICATIONS_EXAMPLE,
    ),
    "printshop_bambu_notifications_update": Doc(
        summary="Change a printer's notification settings",
        description=(
            "Turns events and channels on or off for the printer these settings belong to (the `id` from "
            "reading them). Send only what changes; `webhook_url` must be an http(s) address, and empty or null "
            "removes it."
        ),
        request_example={
            "notify_print_complete": True,
            "email_enabled": True,
            "webhook_url": "https://example.com/webhook",
        },
        response_example=NOTIFICATIONS_EXAMPLE,
    ),
    "printshop_orders_schedule_create": Doc(
        summary="Print an order",
        description=(
            "Queues one print job per line of the order on one of your printers, each with the options given "
            "(material, estimated minutes and grams per job, priority 1-10), and puts the order in production "
            "(`production_status` `in_progress`). Lines that already have a queued, running or completed job are "
            "left alone, so calling it again schedules only what was cancelled or failed; when every line has "
            "its job the answer is 409. Each job names its order (`order_id`, `order_item_id`); when the printer "
            "completes the last line's job the order's `production_status` becomes `completed`. Another "
            "seller's order or printer is 404. Counts towards the 100 print operations a minute."
        ),
        request_example={"printer_id": 1, "material_type": "PLA", "estimated_duration_minutes": 90, "priority": 2},
        response_example={
            "order_id": 1,
            "production_status": "in_progress",
            "scheduled_prints": [
                {
                    **PRINT_EXAMPLE,
                    "job_name": "Planter × 2 (order 3012345678)",
                    "file_name": "",
                    "material_slot": None,
                    "estimated_duration_minutes": 90,
                    "estimated_duration": 90,
                    "estimated_filament_grams": None,
                    "order_id": 1,
                    "order_item_id": 7,
                    "priority": 2,
                }
            ],
        },
    ),
    **ETSY_OPERATIONS,
}
