"""Our rows as Bitrix24 entity fields (reference §3), always built from the current database row."""

ORIGINATOR = "workshop-platform"
SOURCE = {"SOURCE_ID": "WEB", "SOURCE_DESCRIPTION": "Manufacturing Service API"}


def _multi(value: str) -> list[dict] | None:
    return [{"VALUE": value, "VALUE_TYPE": "WORK"}] if value else None


def _compact(fields: dict) -> dict:
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def contact_fields(user) -> dict:
    return _compact(
        {
            "NAME": user.full_name or user.username,
            "EMAIL": _multi(user.email),
            "PHONE": _multi(user.phone),
            "SOURCE_ID": "WEB",
            "TYPE_ID": "CLIENT",
            "OPENED": "Y",
            "ORIGINATOR_ID": ORIGINATOR,
            "ORIGIN_ID": str(user.pk),
            "UF_CRM_APP_USER_ID": str(user.pk),
            "UF_CRM_APP_IS_ADMIN": "Y" if user.is_staff else "N",
        }
    )


def _dimensions(order) -> str:
    inputs = order.calculation_inputs
    if order.service_id == "cnc-lathe" and inputs.get("dia"):
        return f"Ø{inputs['dia']}×{inputs.get('length', '?')} mm"
    sizes = [inputs.get(name) for name in ("length", "width", "height")]
    return "×".join(str(size) for size in sizes if size is not None) + " mm" if any(sizes) else ""


def deal_comments(order) -> str:
    inputs = order.calculation_inputs
    material = inputs.get("material_id", "")
    if material and inputs.get("material_form"):
        material = f"{material} ({inputs['material_form']})"
    lines = [
        f"Service: {order.service_id}",
        f"Quantity: {order.quantity}",
        f"Status: {order.status}",
        f"Material: {material}" if material else "",
        f"Dimensions: {_dimensions(order)}" if _dimensions(order) else "",
        f"Special instructions: {order.special_instructions}" if order.special_instructions else "",
    ]
    return "\n".join(line for line in lines if line)


def deal_fields(order, *, contact_id: int, category_id: int, stage_id: str) -> dict:
    return _compact(
        {
            "TITLE": f"Order #{order.pk} - {order.service_id}",
            "CATEGORY_ID": category_id,
            "STAGE_ID": stage_id,
            "OPPORTUNITY": str(order.total_price or 0),
            "CURRENCY_ID": "RUB",
            "CONTACT_ID": contact_id,
            "CONTACT_IDS": [contact_id],
            "COMMENTS": deal_comments(order),
            **SOURCE,
            "ORIGINATOR_ID": ORIGINATOR,
            "ORIGIN_ID": str(order.pk),
        }
    )


def lead_origin(call_request_id: int) -> dict:
    """The filter that finds our lead for a call request: a re-sent lead is found, not added twice."""
    return {"ORIGINATOR_ID": ORIGINATOR, "ORIGIN_ID": f"call-request-{call_request_id}"}


def lead_fields(call_request, contact_id: int | None = None) -> dict:
    comments = [
        f"Product: {call_request.product}" if call_request.product else "",
        f"Preferred time: {call_request.time}" if call_request.time else "",
        f"Additional: {call_request.additional}" if call_request.additional else "",
    ]
    email = call_request.user.email if call_request.user_id else ""
    return _compact(
        {
            "TITLE": f"Call Request: {call_request.name}",
            "NAME": call_request.name,
            "PHONE": _multi(call_request.phone),
            "EMAIL": _multi(email),
            "COMMENTS": "\n".join(line for line in comments if line),
            "SOURCE_ID": "WEB",
            "STATUS_ID": "NEW",
            "CONTACT_ID": contact_id,
            **lead_origin(call_request.pk),
        }
    )
