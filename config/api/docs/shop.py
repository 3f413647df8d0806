"""The retail shop API (`/api/shop/`) as integrators read it; examples follow spec/shop-cvety.md."""

from . import Doc

INTRO = (
    "Shops sign in by phone: `POST /api/shop/auth/request-otp` sends a code to the Telegram chat linked to "
    "the phone, and `POST /api/shop/auth/verify-otp` exchanges it for a token valid for 24 hours. Send it "
    "as `Authorization: Bearer <access_token>`; each shop sees only its own rows, and another shop's row "
    "answers 404.\n\n"
    "Lists are `{items, total}` pages of `?page=1&limit=50` (limit at most 100). Errors are "
    '`{"detail": "..."}`; a refused value is 422 with `detail` a list of `{loc, msg, type}`; past the '
    "rate limit the answer is 429 with `retry_after` seconds in the body and `Retry-After` in the headers.\n\n"
    "Webhooks: support sets up your receiver URL and gives you its secret. Each event (`order.status_changed`, "
    "`payment.received`, `customer.created`, `customer.important_date`) is a POST of "
    "`{event, timestamp, shop_id, data}` with `X-Webhook-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw "
    "body with your secret. Answer 2xx to acknowledge; no answer, 408, 429 or 5xx is retried with back-off "
    "(1 minute up to 6 hours, six tries), and anything undelivered can be sent again by support."
)

WINDOW = {"from": "2024-12-26T14:00:00Z", "to": "2024-12-26T16:00:00Z"}
ORDER = {
    "id": 1,
    "created_at": "2024-12-26T10:00:00Z",
    "updated_at": "2024-12-26T10:05:00Z",
    "status": "paid",
    "customer_phone": "+77011234567",
    "recipient_phone": "+77017654321",
    "recipient_name": "Айгуль Касымова",
    "address": "г. Алматы, пр. Достык 89",
    "delivery_method": "delivery",
    "delivery_window": WINDOW,
    "comment": "Открытка: «С днём рождения!»",
    "flower_sum": 25000,
    "delivery_fee": 2000,
    "total": 27000,
    "tracking_token": "x5DHe_tWzKa3L8uEf3Ldqw",
    "customer": {"id": 10, "name": "Иван Петров", "phone": "+77011234567", "orders_count": 5, "total_spent": 125000},
    "items": [{"product_id": 1, "product_name": "Букет роз 'Классика'", "quantity": 1, "price": 25000, "total": 25000}],
    "photos": [],
}
ORDER_PHOTO = {
    "id": 3,
    "url": "/track/photos/6c1e9a0f-2b7d-4e55-8f3a-9d0b1c2e3f4a.jpg",
    "content_type": "image/jpeg",
    "width": 1200,
    "height": 1600,
    "size": 245760,
    "position": 0,
    "added_at": "2024-12-26T13:10:00Z",
}
NEW_ORDER = {**ORDER, "status": "new"}
PRODUCT = {
    "id": 1,
    "name": "Букет роз 'Классика'",
    "category": "bouquet",
    "description": "25 красных роз премиум класса",
    "cost_price": 12000,
    "retail_price": 25000,
    "sale_price": None,
    "is_active": True,
    "is_popular": True,
    "is_new": False,
    "current_price": 25000,
    "discount_percentage": 0,
    "photos": [
        {
            "id": 7,
            "url": "/shop/photos/0b4f2c8e-5d1a-4e8b-9a51-3c2d7f6e1a90.jpg",
            "content_type": "image/jpeg",
            "width": 1200,
            "height": 1200,
            "size": 184320,
            "position": 0,
        }
    ],
}
PHOTO = PRODUCT["photos"][0]
PRODUCT_IN = {
    key: value for key, value in PRODUCT.items() if key not in ("id", "current_price", "discount_percentage", "photos")
}
TASK = {
    "id": 3,
    "order_id": 1,
    "task_type": "bouquet",
    "priority": "urgent",
    "status": "pending",
    "deadline": "2024-12-26T14:00:00Z",
    "items": [{"product_name": "Букет роз", "quantity": 1, "special_requests": "Добавить открытку"}],
    "created_at": "2024-12-26T10:00:00Z",
    "updated_at": "2024-12-26T10:00:00Z",
}
AMOUNTS = (
    "Amounts are whole tenge (KZT); phones `+7XXXXXXXXXX` (`8 701 ...` with spaces or dashes is read as the same)."
)
ORDER_FIELDS = (
    "Each order carries its lines (`items`), its public `tracking_token`, and `customer`: the shop's customer "
    "with that phone when the shop has recorded one (`id`, `name`, else null), how many orders the phone has "
    "placed at this shop and how much it has paid (`total_spent`)."
)

OPERATIONS = {
    "shop_auth_request_otp_create": Doc(
        summary="Send a sign-in code",
        description=(
            "Sends a 6-digit sign-in code for a shop's phone number (`+7XXXXXXXXXX`; `8 701 ...` and spaces "
            "or dashes are accepted too) to the Telegram chat linked to it. The code is valid for 5 minutes "
            "and asking again replaces it. A phone not linked yet answers 400 with a sentence telling its "
            "owner to open the shop's bot, press Start and share the number. At most 3 requests a minute "
            "per phone (429 with `retry_after`). On a development server (`debug` delivery) the code comes "
            "back in `otp_code` instead. While Telegram is not set up on this server the answer is 503."
        ),
        request_example={"phone": "+77011234567"},
        response_example={"message": "OTP sent to your Telegram", "delivery_method": "telegram"},
    ),
    "shop_auth_verify_otp_create": Doc(
        summary="Sign in with the code",
        description=(
            "Exchanges the phone and its current code for an access token, valid for 24 hours: send it as "
            "`Authorization: Bearer <access_token>`. The first sign-in with a phone creates its shop. A wrong "
            "or expired code answers 422 on `otp_code`; after 3 wrong codes the phone is locked for 15 "
            "minutes (429), even for the right code."
        ),
        request_example={"phone": "+77011234567", "otp_code": "123456"},
        response_example={
            "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoxfQ.c2lnbmF0dXJl",
            "token_type": "bearer",
            "shop_id": 1,
            "shop_name": "Цветочный магазин 4567",
        },
    ),
    "shop_telegram_webhook_create": Doc(
        summary="Receive a Telegram bot update",
        description=(
            "Where Telegram delivers messages sent to the shop's bot; register it with Telegram's "
            "`setWebhook`, passing the secret this server is set with as `secret_token`. Telegram then sends "
            "it in the `X-Telegram-Bot-Api-Secret-Token` header: a wrong or missing one answers 401, and "
            "without a secret set on this server the answer is 503. When a user shares their own phone "
            "contact with the bot, that phone's sign-in codes go to their chat from then on; any other "
            "message is answered with a request to share it."
        ),
        request_example={
            "update_id": 10000,
            "message": {
                "message_id": 1365,
                "date": 1735200000,
                "chat": {"id": 1111111, "type": "private"},
                "from": {"id": 1111111, "is_bot": False, "first_name": "Aigerim"},
                "contact": {"phone_number": "+77011234567", "first_name": "Aigerim", "user_id": 1111111},
            },
        },
        response_example={"message": "ok"},
    ),
    "shop_orders_list": Doc(
        summary="List orders",
        description=(
            "The shop's orders, newest first, in pages (`page`, `limit` up to 100). Filter by `status`; `search` "
            "looks in the customer's and recipient's phones, the recipient's name and the order number; "
            "`dateFrom` / `dateTo` (ISO 8601, UTC when no zone is given) bound the creation time, and a plain "
            "date in `dateTo` takes that whole day. " + ORDER_FIELDS
        ),
        response_example={"items": [ORDER], "total": 1},
    ),
    "shop_orders_create": Doc(
        summary="Create an order",
        description=(
            "Records a `new` order with the amounts you give: `total`, when sent, must equal `flower_sum + "
            "delivery_fee` (it is computed when left out). A delivery needs an `address`; `delivery_window` "
            "is optional and must end after it starts. The answer holds the order with its `tracking_token` "
            "for the customer's tracking page. " + AMOUNTS
        ),
        request_example={
            "customer_phone": "+77011234567",
            "recipient_phone": "+77017654321",
            "recipient_name": "Айгуль Касымова",
            "address": "г. Алматы, пр. Достык 89, кв. 45",
            "delivery_method": "delivery",
            "delivery_window": {"from_time": "2024-12-26T14:00:00Z", "to_time": "2024-12-26T16:00:00Z"},
            "flower_sum": 25000,
            "delivery_fee": 2000,
            "total": 27000,
        },
        response_example={
            **NEW_ORDER,
            "customer": {**ORDER["customer"], "orders_count": 1, "total_spent": 0},
            "items": [],
        },
    ),
    "shop_orders_with_items_create": Doc(
        summary="Create an order from products",
        description=(
            "Records a `new` order whose lines are the shop's own active products at their current price (the "
            "sale price when set); the same product named twice is one line. `flower_sum` is the sum of the "
            "lines and `total` adds `delivery_fee`. A product that is not the shop's, or is inactive, is "
            "refused with 422 on its line. When the warehouse cannot supply the products the answer is 400 "
            "saying why, and nothing is recorded. " + AMOUNTS
        ),
        request_example={
            "customer_phone": "+77011234567",
            "recipient_name": "Айгуль",
            "address": "пр. Достык 89",
            "delivery_method": "delivery",
            "delivery_fee": 2000,
            "items": [{"product_id": 1, "quantity": 2}, {"product_id": 5, "quantity": 1}],
        },
        response_example=NEW_ORDER,
    ),
    "shop_orders_retrieve": Doc(
        summary="Read an order",
        description="One of the shop's orders, as the list shows it. " + ORDER_FIELDS,
        response_example=ORDER,
    ),
    "shop_orders_status_partial_update": Doc(
        summary="Move an order to another status",
        description=(
            "Orders move `new → paid → assembled → delivery` or `self_pickup` `→ delivered → completed`, one "
            "step at a time, and from any status to `issue` (reporting one with `/issue` keeps what went "
            "wrong). Any other move is refused with 400 naming the statuses the order may go to, and nothing "
            "changes. The answer is the order as it now is."
        ),
        request_example={"status": "paid"},
        response_example=ORDER,
    ),
    "shop_orders_issue_partial_update": Doc(
        summary="Report a problem with an order",
        description=(
            "Puts the order in `issue`, from any status, and keeps the problem with its comment. `issue_type` "
            "is one of `wrong_address`, `recipient_unavailable`, `quality_issue`, `wrong_order`, "
            "`delivery_delay`, `other`. The answer is the order as it now is."
        ),
        request_example={"issue_type": "wrong_address", "comment": "Клиент указал неправильный адрес"},
        response_example={**ORDER, "status": "issue"},
    ),
    "shop_orders_photos_create": Doc(
        summary="Add a photo of an order's flowers",
        description=(
            "Uploads a photo of the bouquet as made, as the multipart field `file`: a PNG, JPEG, GIF or WebP "
            "of at most 10 MB, checked by decoding it (a renamed file of another kind is refused with 422). "
            "An order keeps up to 10 photos. The customer sees them on the order's public tracking (`photos` "
            "of `GET /tracking/{token}` and the tracking page), so they should show only the flowers."
        ),
        response_example=ORDER_PHOTO,
    ),
    "shop_orders_photos_destroy": Doc(
        summary="Delete a photo of an order",
        description="Deletes one photo of one of the shop's orders; its `url` stops answering.",
    ),
    "shop_orders_payment_webhook_create": Doc(
        summary="Receive a payment notice",
        description=(
            "Called by the payment provider, not with a token: the raw body must be signed with HMAC-SHA256 "
            "using the secret this server shares with the provider, sent as `X-Webhook-Signature: "
            "sha256=<hex>`. A missing or wrong signature answers 401 and changes nothing; while no secret is "
            "set on this server the answer is 503. Each `payment_id` is recorded once: sending it again "
            "answers the first answer again. Only a `success` of exactly the order's `total` pays a `new` "
            "order (it moves to `paid`); a failed payment, another amount, or an order no longer awaiting "
            "payment is recorded with `accepted: false` and the order is unchanged."
        ),
        request_example={"payment_method": "kaspi", "payment_id": "KASPI-12345", "amount": 27000, "status": "success"},
        response_example={
            "order_id": 1,
            "payment_id": "KASPI-12345",
            "accepted": True,
            "order_status": "paid",
            "message": "Payment received; the order is paid",
        },
    ),
    "shop_products_list": Doc(
        summary="List products",
        description=(
            "The shop's catalogue in pages. Filter by `category` (`bouquet`, `composition`, `gift`, `other`), "
            "`search` (name and description), `is_popular`, `is_new`, `is_active`, `on_sale` (`true` / "
            "`false`), and `min_price` / `max_price` on the current price. `current_price` is the sale price "
            "when set, else the retail price; `discount_percentage` is how much below retail it is."
        ),
        response_example={"items": [PRODUCT], "total": 1},
    ),
    "shop_products_create": Doc(
        summary="Add a product",
        description=(
            "Adds a product to the shop's catalogue. Prices are whole tenge; a `sale_price`, when set, must be "
            "below `retail_price`."
        ),
        request_example=PRODUCT_IN,
        response_example=PRODUCT,
    ),
    "shop_products_retrieve": Doc(
        summary="Read a product", description="One product of the shop's catalogue.", response_example=PRODUCT
    ),
    "shop_products_partial_update": Doc(
        summary="Change a product",
        description=(
            "Changes the fields sent. Set `is_active` to false to take a product out of sale (orders keep "
            "their lines); send `sale_price: null` to end a sale."
        ),
        request_example={"sale_price": 21000, "is_popular": True},
        response_example={**PRODUCT, "sale_price": 21000, "current_price": 21000, "discount_percentage": 16},
    ),
    "shop_products_photos_create": Doc(
        summary="Add a product photo",
        description=(
            "Uploads a photo of one of the shop's products as the multipart field `file`: a PNG, JPEG, GIF or "
            "WebP of at most 10 MB, checked by decoding it (a renamed file of another kind is refused with 422). "
            "A product keeps up to 10 photos, shown in the order added; the first is the one the shop's "
            "storefront shows in its catalogue. `url` is public, for the shop's own site or bots."
        ),
        response_example=PHOTO,
    ),
    "shop_products_photos_destroy": Doc(
        summary="Delete a product photo",
        description="Deletes one photo of one of the shop's products; its `url` stops answering.",
    ),
    "shop_production_tasks_list": Doc(
        summary="List production tasks",
        description=(
            "The florists' queue, newest first, in pages. Filter by `status` (`pending`, `assigned`, "
            "`in_progress`, `completed`), `task_type`, `priority` or `order_id`."
        ),
        response_example={"items": [TASK], "total": 1},
    ),
    "shop_production_tasks_create": Doc(
        summary="Create a production task",
        description=(
            "Adds a task to the queue as `pending`. `task_type` is `bouquet`, `composition`, `wedding` or "
            "`event`; `priority` `low`, `normal` (when left out), `high` or `urgent`; `order_id`, when sent, "
            "must be one of the shop's orders."
        ),
        request_example={
            "order_id": 1,
            "task_type": "bouquet",
            "priority": "urgent",
            "deadline": "2024-12-26T14:00:00Z",
            "items": [{"product_name": "Букет роз", "quantity": 1, "special_requests": "Добавить открытку"}],
        },
        response_example=TASK,
    ),
    "shop_tracking_retrieve": Doc(
        summary="Track an order",
        description=(
            "Public, no token: what the customer may see of the order whose `tracking_token` this is: its "
            "status, when it last changed, how it arrives and when, and the address with the street name "
            "masked and the flat left out. No names or phones are shown. An unknown token answers 404."
        ),
        response_example={
            "status": "delivery",
            "updated_at": "2024-12-26T12:00:00Z",
            "delivery_method": "delivery",
            "delivery_window": WINDOW,
            "address": "г. Алматы, пр. ***** 89",
            "photos": [ORDER_PHOTO["url"]],
            "tracking_token": "x5DHe_tWzKa3L8uEf3Ldqw",
        },
    ),
}

# -- warehouse (inventory) ---------------------------------------------------------------------

OPERATIONS |= {
    "shop_warehouse_list": Doc(
        summary="List the shop's stock",
        description=(
            "The shop's warehouse: one row per variety, stem height and supplier, with the stems left "
            "(`quantity`, already less what orders reserved) and the latest cost per stem in KZT. Filter with "
            "`variety` and `supplier` (parts of the name), `onShowcase=true|false` (on display in the shop) "
            "and `toWriteOff=true|false` (marked to be written off). Sorted by variety."
        ),
        response_example={
            "items": [
                {
                    "id": 12,
                    "variety": "Роза Красная",
                    "supplier": "Flower Direct",
                    "height_cm": 50,
                    "quantity": 180,
                    "cost_per_stem": 235,
                    "on_showcase": True,
                    "to_write_off": False,
                    "updated_at": "2024-12-20T10:05:00Z",
                }
            ],
            "total": 1,
        },
    ),
    "shop_warehouse_deliveries_create": Doc(
        summary="Record a supply delivery",
        description=(
            "Records stems delivered by a supplier and adds every position to the shop's stock at once (a "
            "refused delivery adds nothing). Positions of the same variety, height and supplier add to the "
            "same warehouse row. Costs are per stem in the delivery's `currency`: `USD` and `EUR` need `rate` "
            "(KZT for one unit) and are converted to whole tenge, rounding half up; `KZT` is taken as it is. "
            "The answer is the delivery with each line's cost in KZT and the total."
        ),
        request_example={
            "supplier": "Flower Direct",
            "farm": "Ecuador Roses",
            "delivery_date": "2024-12-20T10:00:00Z",
            "currency": "USD",
            "rate": 470.0,
            "positions": [{"variety": "Роза Красная", "height_cm": 50, "qty": 200, "cost_per_stem": 0.5}],
        },
        response_example={
            "id": 3,
            "supplier": "Flower Direct",
            "farm": "Ecuador Roses",
            "delivery_date": "2024-12-20T10:00:00Z",
            "currency": "USD",
            "rate": 470.0,
            "total_cost": 47000,
            "lines": [
                {
                    "item_id": 12,
                    "variety": "Роза Красная",
                    "height_cm": 50,
                    "qty": 200,
                    "cost_per_stem": 0.5,
                    "cost_per_stem_kzt": 235,
                    "total_kzt": 47000,
                }
            ],
            "created_at": "2024-12-20T10:05:00Z",
        },
    ),
}

# -- customers (crm) ---------------------------------------------------------------------------

CUSTOMER_EXAMPLE = {
    "id": 10,
    "phone": "+77017654321",
    "name": "Мария Иванова",
    "email": "maria@example.com",
    "address": "ул. Сатпаева 22",
    "birth_date": "1990-05-15",
    "preferences": "Любит белые розы",
    "important_dates": [
        {"id": 4, "date_type": "birthday", "date": "1990-05-15", "description": "День рождения", "reminder_days": 3}
    ],
    "orders_count": 5,
    "total_spent": 125000,
    "created_at": "2024-12-26T10:00:00Z",
}

OPERATIONS |= {
    "shop_customers_list": Doc(
        summary="List the shop's customers",
        description=(
            "The shop's customers, newest first, each with their important dates, `orders_count` (orders "
            "placed with their phone) and `total_spent` (KZT of those paid). `search` finds a part of the phone, "
            "name or e-mail; `has_orders=true|false` keeps customers with or without orders; `min_spent` those "
            "who paid at least that many KZT. A customer is added by `POST /customers/` or by their first order."
        ),
        response_example={"items": [CUSTOMER_EXAMPLE], "total": 1},
    ),
    "shop_customers_create": Doc(
        summary="Add a customer",
        description=(
            "Adds a customer to the shop. `phone` is required (`+7XXXXXXXXXX`; `8 701 ...` is accepted too) "
            "and is the customer's key within the shop: a phone the shop already has answers 409. Everything "
            "else is optional. The shop's webhook endpoints are told with a `customer.created` event."
        ),
        request_example={
            key: CUSTOMER_EXAMPLE[key] for key in ("phone", "name", "email", "address", "birth_date", "preferences")
        },
        response_example=CUSTOMER_EXAMPLE | {"important_dates": [], "orders_count": 0, "total_spent": 0},
    ),
    "shop_customers_retrieve": Doc(
        summary="Show one customer",
        description="One customer of the shop with their important dates; another shop's customer answers 404.",
        response_example=CUSTOMER_EXAMPLE,
    ),
    "shop_customers_important_dates_create": Doc(
        summary="Add an important date",
        description=(
            "Remembers a date of the customer's (`birthday`, `anniversary` or `other`). Every year, "
            "`reminder_days` days before it (3 unless said, at most 60), the shop is reminded: a Telegram "
            "message to the chat linked to the shop's phone, and a `customer.important_date` webhook event."
        ),
        request_example={
            "date_type": "birthday",
            "date": "1990-05-15",
            "description": "День рождения",
            "reminder_days": 3,
        },
        response_example={
            "id": 4,
            "date_type": "birthday",
            "date": "1990-05-15",
            "description": "День рождения",
            "reminder_days": 3,
        },
    ),
}
