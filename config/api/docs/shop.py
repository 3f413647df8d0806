"""The retail shop API (`/api/shop/`) as integrators read it; examples follow spec/shop-cvety.md."""

from . import Doc

INTRO = (
    "Shops sign in by phone: `POST /api/shop/auth/request-otp` sends a code to the Telegram chat linked to "
    "the phone, and `POST /api/shop/auth/verify-otp` exchanges it for a token valid for 24 hours. Send it "
    "as `Authorization: Bearer <access_token>`; each shop sees only its own rows, and another shop's row "
    "answers 404.\n\n"
    "Lists are `{items, total}` pages of `?page=1&limit=50` (limit at most 100). Errors are "
    '`{"detail": "..."}`; a refused value is 422 with `detail` a list of `{loc, msg, type}`; past the '
    "rate limit the answer is 429 with `retry_after` seconds in the body and `Retry-After` in the headers."
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
