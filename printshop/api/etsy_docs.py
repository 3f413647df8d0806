"""The Etsy sign-in, order and analytics operations of the print shop API as integrators read them.

config/api/docs/printshop.py takes these into its OPERATIONS (`**ETSY_OPERATIONS`); the examples follow
spec/printshop-3d-print-shop.md and the sample Etsy receipt.
"""

from config.api.docs import Doc

ORDER_EXAMPLE = {
    "id": 1,
    "etsy_order_id": "3412345678",
    "shop_id": "700000001",
    "buyer_name": "Jordan Sample",
    "buyer_email": "",
    "status": "paid",
    "production_status": "in_progress",
    "is_paid": True,
    "is_shipped": False,
    "total_amount": 42.48,
    "subtotal_amount": 37.98,
    "shipping_amount": 4.5,
    "tax_amount": 0.0,
    "discount_amount": 2.0,
    "currency": "USD",
    "shipping": {
        "name": "Jordan Sample",
        "first_line": "12 Example Road",
        "second_line": "Unit 4",
        "city": "Portland",
        "state": "OR",
        "zip": "97201",
        "country": "US",
        "address": "Jordan Sample\n12 Example Road\nUnit 4\nPORTLAND, OR 97201\nUnited States",
    },
    "message_from_buyer": "Matte black please, name on the base: ALEX",
    "is_gift": False,
    "gift_message": "",
    "notes": "Completed and ready to ship",
    "created_at": "2025-10-09T08:53:20Z",
    "updated_at": "2025-10-09T10:00:00Z",
    "items": [
        {
            "id": 1,
            "title": "Custom Name Desk Plate - 3D Printed",
            "quantity": 1,
            "price": 29.99,
            "sku": "DESKPLATE-BLK-M",
            "variations": [{"name": "Color", "value": "Matte Black"}],
        }
    ],
}
ETSY_USER_EXAMPLE = {
    "id": 1,
    "etsy_user_id": "700000001",
    "username": "LayerLab",
    "first_name": "Robin",
    "shop_id": "900000001",
    "shop_name": "LayerLab",
    "created_at": "2025-01-01T00:00:00Z",
    "updated_at": "2025-01-01T00:00:00Z",
}
ETSY_OFF = (
    "While Etsy is not set up on this server (no app keystring, shared secret or redirect URI) the answer "
    "is 503 naming the missing setting."
)

ETSY_OPERATIONS = {
    "printshop_auth_login_retrieve": Doc(
        summary="Start signing in with Etsy",
        description=(
            "Answers Etsy's authorization page (`auth_url`, OAuth 2.0 with PKCE) with the `code_verifier` and "
            "`state` it was made for. Keep both, send the seller to `auth_url`; Etsy sends them back to this "
            "server's redirect URI with `code` and `state`, and `POST /auth/callback` finishes the sign-in. "
            "The state is good for 15 minutes. " + ETSY_OFF
        ),
        response_example={
            "auth_url": "https://www.etsy.com/oauth/connect?response_type=code&client_id=keystring"
            "&redirect_uri=https%3A%2F%2Fdashboard.example.com%2Fetsy%2Fcallback&scope=transactions_r+shops_r"
            "&state=eyJ0IjoiIn0&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
            "&code_challenge_method=S256",
            "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "state": "eyJ0IjoiIn0:1vQy2k:abc",
        },
    ),
    "printshop_auth_callback_create": Doc(
        summary="Finish signing in with Etsy",
        description=(
            "Exchanges the `code` Etsy sent back (with the `code_verifier`, and the `state` when you have it) "
            "for Etsy's tokens, reads the seller and their shop, and answers a platform access token: send it "
            "as `Authorization: Bearer <token>` here and on every other API of this platform. A first-time "
            "seller gets a new account; a caller already signed in (on any API) links the shop to their own "
            "account. A shop already linked to someone else answers 409, a refused or used code or a foreign "
            "`state` 400, Etsy not answering 503. Etsy's tokens are kept encrypted and renewed before they "
            "expire. " + ETSY_OFF
        ),
        request_example={
            "code": "auth_code_from_etsy",
            "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "state": "eyJ0IjoiIn0:1vQy2k:abc",
        },
        response_example={
            "token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoxfQ.c2lnbmF0dXJl",
            "user": ETSY_USER_EXAMPLE,
        },
    ),
    "printshop_auth_logout_create": Doc(
        summary="Sign out",
        description="Revokes the access token the request is sent with, on every API of this platform.",
        response_example={"message": "Logged out successfully"},
    ),
    "printshop_auth_user_retrieve": Doc(
        summary="Read the signed-in user",
        description=(
            "The signed-in user with their linked Etsy shop. For an account that has not linked a shop yet, "
            "`etsy_user_id`, `shop_id` and `shop_name` are null."
        ),
        response_example=ETSY_USER_EXAMPLE,
    ),
    "printshop_orders_list": Doc(
        summary="List orders",
        description=(
            "The caller's Etsy orders, newest first, each with its items. Filter by `status` (Etsy's: `open`, "
            "`payment_processing`, `paid`, `shipped`, `completed`, `canceled`, `fully_refunded`, "
            "`partially_refunded`), `production_status` (`pending`, `in_progress`, `on_hold`, `completed`) and "
            "the order date (`start_date`, `end_date`, `YYYY-MM-DD`, both inclusive). Pages of `limit` (default "
            "50, at most 200) from `offset`; amounts are numbers in the order's `currency`."
        ),
        response_example={"orders": [ORDER_EXAMPLE], "total": 150, "limit": 50, "offset": 0, "page": 1, "pages": 3},
    ),
    "printshop_orders_retrieve": Doc(
        summary="Read an order",
        description="One order with its items, shipping address and the buyer's message.",
        response_example=ORDER_EXAMPLE,
    ),
    "printshop_orders_update": Doc(
        summary="Update an order's status or notes",
        description=(
            "Changes any of `status`, `production_status` and `notes`; what is not sent stays. The production "
            "status and notes are yours alone; Etsy's fields (buyer, amounts, items, and the status when Etsy "
            "changes the receipt) are refreshed by each sync."
        ),
        request_example={"status": "shipped", "production_status": "completed", "notes": "Completed and ready to ship"},
        response_example=ORDER_EXAMPLE,
    ),
    "printshop_orders_sync_create": Doc(
        summary="Sync orders from Etsy now",
        description=(
            "Fetches the receipts changed on Etsy since the last sync of each linked shop and answers how many "
            "orders are new. Orders are also synced in the background every 15 minutes; a sync run twice never "
            "duplicates an order. At most 5 a minute. Without a linked shop the answer is 400; when Etsy is down "
            "or rate-limiting, 503 and the sync is retried in the background. " + ETSY_OFF
        ),
        response_example={"message": "Synced 5 new orders", "synced_count": 5, "total_orders": 150},
    ),
    "printshop_orders_notes_create": Doc(
        summary="Add an internal note",
        description="Adds a note to the order, seen only by the shop, never by the buyer.",
        request_example={"content": "Printed successfully, no defects"},
        response_example={
            "id": 1,
            "order_id": 1,
            "content": "Printed successfully, no defects",
            "created_at": "2025-01-01T00:00:00Z",
        },
    ),
    "printshop_orders_notes_list": Doc(
        summary="List an order's notes",
        description="The order's internal notes, oldest first.",
        response_example=[{"id": 1, "order_id": 1, "content": "Note content", "created_at": "2025-01-01T00:00:00Z"}],
    ),
    "printshop_orders_communications_create": Doc(
        summary="Log a message with the buyer",
        description=(
            "Records a message exchanged with the buyer: `direction` is `inbound` (from the buyer) or `outbound`, "
            "`channel` one of `etsy_message` (the default), `email`, `phone`, `other`."
        ),
        request_example={
            "message": "Customer asked about delivery date",
            "direction": "inbound",
            "channel": "etsy_message",
        },
        response_example={
            "id": 1,
            "order_id": 1,
            "message": "Customer asked about delivery date",
            "direction": "inbound",
            "channel": "etsy_message",
            "created_at": "2025-01-01T00:00:00Z",
        },
    ),
    "printshop_analytics_dashboard_retrieve": Doc(
        summary="Dashboard figures",
        description=(
            "The shop at a glance: orders in all and this month, this month's revenue and the average order "
            "(cancelled and refunded orders left out, money in one `currency`: the one asked for, else the one "
            "most orders are in), prints that ran and how many completed, the success rate among finished "
            "prints in percent, filament used in kilograms, spools in stock and spools at or under their "
            "low-stock threshold."
        ),
        response_example={
            "total_orders": 150,
            "orders_this_month": 25,
            "revenue_this_month": 1249.5,
            "average_order_value": 49.98,
            "currency": "USD",
            "total_prints": 300,
            "prints_completed": 295,
            "print_success_rate": 98.3,
            "filament_used_kg": 45.5,
            "materials_in_stock": 12,
            "low_stock_alerts": 2,
        },
    ),
    "printshop_analytics_revenue_retrieve": Doc(
        summary="Revenue report",
        description=(
            "Revenue and order counts per `period` (`daily`, the default, `weekly` from Mondays, or `monthly`) "
            "from `start_date` to `end_date` (`YYYY-MM-DD`, inclusive; by default the last 30 days, 12 weeks or "
            "12 months to today). Every bucket is listed, quiet ones with zero. Cancelled and refunded orders are "
            "left out, and all figures are in one `currency`: the one asked for, else the one most orders are in."
        ),
        response_example={
            "period": "monthly",
            "currency": "USD",
            "start_date": "2025-01-01",
            "end_date": "2025-01-31",
            "data": [{"date": "2025-01-01", "revenue": 249.5, "order_count": 5, "average_order": 49.9}],
            "total_revenue": 249.5,
            "total_orders": 5,
        },
    ),
}
