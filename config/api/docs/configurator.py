"""The product configurator API (`/api/configurator/v1/`) as integrators read it; examples follow
spec/configurator-windx.md, with the fields this service really sends."""

from . import Doc

INTRO = (
    "Every call needs a signed-in user: get a token from `POST /api/mfg/login` and send it as "
    "`Authorization: Bearer <access_token>`. Users read the catalogue (product types, attribute nodes, "
    "public templates) and work on their own configurations, quotes and orders; superusers manage the "
    "catalogue and customers and see every row. Another user's configuration, quote or order answers 403.\n\n"
    "Lists are pages `{items, total, page, size, pages}` of `?page=1&size=50` (size at most 100). Creates "
    'answer 201 and deletes 204 with no body. Money and weights are decimal strings (`"200.00"`).\n\n'
    'Errors are `{"message": ..., "details": [{"detail", "field", "error_code"}], '
    '"request_id": ...}`; a refused value is 422 with one detail per problem and a code such as '
    "`value_error.missing`. Send `X-Request-ID` to have it echoed in `request_id` and the answer's headers. "
    "Past the rate limit (100 calls a minute, bursts of 20 a second, unless this server is set otherwise) "
    "the answer is 429 with `Retry-After`."
)

PAGED = (
    "The answer is a page `{items, total, page, size, pages}`: ask for others with `page` (from 1) and "
    "`size` (default 50, at most 100); a value out of range answers 422 naming the parameter."
)
SUPERUSER_SEES_ALL = "Superusers see every user's rows."


def page(*items) -> dict:
    return {"items": list(items), "total": len(items), "page": 1, "size": 50, "pages": 1}


MANUFACTURING_TYPE = {
    "id": 1,
    "name": "Casement Window",
    "description": "Energy-efficient casement windows with superior ventilation",
    "base_category": "window",
    "image_url": "/images/casement.jpg",
    "base_price": "200.00",
    "base_weight": "15.00",
    "is_active": True,
    "created_at": "2024-01-01T00:00:00Z",
    "updated_at": "2024-01-01T00:00:00Z",
}
NEW_MANUFACTURING_TYPE = {
    "name": "Sliding Glass Door",
    "description": "Modern sliding glass doors with energy-efficient glazing",
    "base_category": "door",
    "image_url": "/images/sliding-door.jpg",
    "base_price": "450.00",
    "base_weight": "35.00",
    "is_active": True,
}
NODE = {
    "id": 3,
    "manufacturing_type_id": 1,
    "parent_node_id": 2,
    "name": "Aluminum",
    "node_type": "option",
    "data_type": "string",
    "display_condition": None,
    "validation_rules": None,
    "required": False,
    "price_impact_type": "fixed",
    "price_impact_value": "50.00",
    "price_formula": None,
    "weight_impact": "2.00",
    "weight_formula": None,
    "technical_property_type": None,
    "technical_impact_formula": None,
    "ltree_path": "frame_options.material_type.aluminum",
    "depth": 2,
    "sort_order": 1,
    "ui_component": "radio",
    "description": "Durable aluminum frame",
    "help_text": "Best for coastal areas",
    "created_at": "2024-01-01T00:00:00Z",
    "updated_at": "2024-01-01T00:00:00Z",
}
NEW_NODE = {
    "manufacturing_type_id": 1,
    "parent_node_id": 2,
    "name": "Wood",
    "node_type": "option",
    "data_type": "string",
    "required": False,
    "price_impact_type": "fixed",
    "price_impact_value": "100.00",
    "weight_impact": "3.00",
    "sort_order": 3,
    "ui_component": "radio",
    "description": "Natural wood frame",
    "help_text": "Premium wood option",
}
CONFIGURATION = {
    "id": 123,
    "manufacturing_type_id": 1,
    "customer_id": 42,
    "name": "Living Room Window",
    "description": "Bay window facing south",
    "status": "draft",
    "reference_code": "WIN-20240120-001",
    "base_price": "200.00",
    "total_price": "492.50",
    "calculated_weight": "22.00",
    "calculated_technical_data": {"u_value": 0.28},
    "created_at": "2024-01-20T09:00:00Z",
    "updated_at": "2024-01-20T14:30:00Z",
}
SELECTIONS = [
    {
        "id": 10,
        "configuration_id": 123,
        "attribute_node_id": 3,
        "string_value": "Aluminum",
        "numeric_value": None,
        "boolean_value": None,
        "json_value": None,
        "calculated_price_impact": "50.00",
        "calculated_weight_impact": "2.00",
        "calculated_technical_impact": None,
        "selection_path": "frame_options.material_type.aluminum",
        "created_at": "2024-01-20T09:15:00Z",
    },
    {
        "id": 11,
        "configuration_id": 123,
        "attribute_node_id": 12,
        "string_value": None,
        "numeric_value": 48.5,
        "boolean_value": None,
        "json_value": None,
        "calculated_price_impact": "242.50",
        "calculated_weight_impact": "5.00",
        "calculated_technical_impact": {"u_value": 0.28},
        "selection_path": "dimensions.width",
        "created_at": "2024-01-20T09:20:00Z",
    },
]
SELECTIONS_SENT = [
    {"attribute_node_id": 3, "string_value": "Aluminum"},
    {"attribute_node_id": 12, "numeric_value": 48.5},
]
TEMPLATE = {
    "id": 10,
    "name": "Standard Casement Window",
    "description": "Most popular configuration for residential use",
    "manufacturing_type_id": 1,
    "template_type": "standard",
    "is_public": True,
    "usage_count": 47,
    "success_rate": "25.50",
    "estimated_price": "450.00",
    "estimated_weight": "20.00",
    "created_by": 1,
    "is_active": True,
    "created_at": "2024-01-01T00:00:00Z",
    "updated_at": "2024-01-20T00:00:00Z",
}
QUOTE = {
    "id": 501,
    "configuration_id": 123,
    "customer_id": 42,
    "quote_number": "Q-20240120-001",
    "subtotal": "525.00",
    "tax_rate": "8.50",
    "tax_amount": "44.63",
    "discount_amount": "0.00",
    "total_amount": "569.63",
    "technical_requirements": {"installation": "professional", "warranty": "10_years"},
    "valid_until": "2024-02-19",
    "status": "sent",
    "created_at": "2024-01-20T15:00:00Z",
    "updated_at": "2024-01-20T15:00:00Z",
}
ADDRESS = {
    "street": "123 Main St",
    "city": "Springfield",
    "state": "IL",
    "zip": "62701",
    "country": "USA",
    "contact_name": "John Doe",
    "contact_phone": "555-1234",
}
ORDER = {
    "id": 301,
    "quote_id": 501,
    "order_number": "O-20240125-001",
    "order_date": "2024-01-25",
    "required_date": "2024-02-15",
    "status": "confirmed",
    "special_instructions": "Call before delivery",
    "installation_address": ADDRESS,
    "created_at": "2024-01-25T10:00:00Z",
    "updated_at": "2024-01-25T10:00:00Z",
}
CUSTOMER = {
    "id": 42,
    "company_name": "ABC Construction",
    "contact_person": "John Doe",
    "email": "john@abc.com",
    "phone": "555-1234",
    "address": {"street": "456 Business Ave", "city": "Chicago", "state": "IL", "zip": "60601", "country": "USA"},
    "customer_type": "commercial",
    "tax_id": "12-3456789",
    "payment_terms": "net_30",
    "is_active": True,
    "notes": "Preferred contractor for large projects",
    "created_at": "2024-01-01T00:00:00Z",
    "updated_at": "2024-01-15T00:00:00Z",
}

OPERATIONS = {
    # -- manufacturing types ---------------------------------------------------------------------
    "configurator_manufacturing_types_list": Doc(
        summary="List product types",
        description=(
            "The products that can be configured (a casement window, a sliding door). Filter with "
            "`is_active`, `base_category` and `search` (in name and description); sort with `sort_by` "
            f"(`created_at`, `name`, `base_price`) and `sort_order` (`asc`, `desc`). {PAGED}"
        ),
        response_example=page(MANUFACTURING_TYPE),
    ),
    "configurator_manufacturing_types_create": Doc(
        summary="Create a product type",
        description=(
            "Adds a product that customers can configure. The name must be unique (409 otherwise); prices "
            "and weights are decimal strings with at most 2 places."
        ),
        request_example=NEW_MANUFACTURING_TYPE,
        response_example={
            **NEW_MANUFACTURING_TYPE,
            "id": 5,
            "created_at": "2024-01-27T10:30:00Z",
            "updated_at": "2024-01-27T10:30:00Z",
        },
    ),
    "configurator_manufacturing_types_retrieve": Doc(
        summary="Read a product type",
        description="One product type by its id; 404 when there is none.",
        response_example=MANUFACTURING_TYPE,
    ),
    "configurator_manufacturing_types_partial_update": Doc(
        summary="Update a product type",
        description=("Changes the fields you send and keeps the others. A name another type already has answers 409."),
        request_example={"description": "Updated description", "base_price": "210.00"},
        response_example={
            **MANUFACTURING_TYPE,
            "description": "Updated description",
            "base_price": "210.00",
            "updated_at": "2024-01-27T10:45:00Z",
        },
    ),
    "configurator_manufacturing_types_destroy": Doc(
        summary="Retire a product type",
        description=(
            "Sets `is_active` to false: the type stays for existing configurations, quotes and orders, but "
            "new configurations of it are refused. Answers 204 with no body."
        ),
    ),
    # -- attribute nodes ---------------------------------------------------------------------------
    "configurator_attribute_nodes_list": Doc(
        summary="List attribute nodes",
        description=(
            "The options tree of the products, flat and ordered by path. Filter with `manufacturing_type_id`, "
            "`node_type` (`category`, `attribute`, `option`, `component`, `technical_spec`) and "
            "`parent_node_id` (a node's id for its children, `null` for the top level); without it every "
            f"node is listed. {PAGED}"
        ),
        response_example=page(NODE),
    ),
    "configurator_attribute_nodes_create": Doc(
        summary="Create an attribute node",
        description=(
            "Adds a node under `parent_node_id` (or at the top level without one). `ltree_path` and `depth` "
            "are worked out from the parent; a child takes its parent's product type when "
            "`manufacturing_type_id` is left out, and naming another type is 422. Price impacts are `fixed`, "
            "`percentage` (of the type's base price) or `formula` (then `price_formula` is required); "
            "formulas are plain arithmetic over `value`, `width`, `height`, `depth` and `quantity`, checked "
            "when the node is saved. An unknown parent or product type answers 404."
        ),
        request_example=NEW_NODE,
        response_example={
            **NODE,
            **NEW_NODE,
            "id": 5,
            "display_condition": None,
            "validation_rules": None,
            "ltree_path": "frame_options.material_type.wood",
            "created_at": "2024-01-27T11:00:00Z",
            "updated_at": "2024-01-27T11:00:00Z",
        },
    ),
    "configurator_attribute_nodes_retrieve": Doc(
        summary="Read an attribute node",
        description="One node by its id, with its rules and price impact; 404 when there is none.",
        response_example=NODE,
    ),
    "configurator_attribute_nodes_partial_update": Doc(
        summary="Update or move an attribute node",
        description=(
            "Changes the fields you send. A new `parent_node_id` moves the node with everything under it "
            "(paths and depths follow); moving a node under itself or one of its own descendants is 422 "
            "`value_error.tree.invalid_move` and nothing changes."
        ),
        request_example={"price_impact_value": "55.00", "description": "Updated aluminum frame description"},
        response_example={
            **NODE,
            "price_impact_value": "55.00",
            "description": "Updated aluminum frame description",
            "updated_at": "2024-01-27T11:15:00Z",
        },
    ),
    "configurator_attribute_nodes_destroy": Doc(
        summary="Delete an attribute node",
        description=(
            "Deletes the node and everything under it. Configurations that had selected any of them are "
            "priced again without those selections. Answers 204 with no body."
        ),
    ),
    "configurator_attribute_nodes_children_list": Doc(
        summary="List a node's children",
        description=(
            'The nodes directly under one node, as a plain array (not a page); 404 "Parent node not found" '
            "when the node does not exist."
        ),
        response_example=[NODE],
    ),
    "configurator_attribute_nodes_tree_list": Doc(
        summary="Get a node's whole subtree",
        description=(
            "The node and everything under it, however deep, nested in `children`: a plain array holding "
            'the node. Use it to draw a configurator in one call; 404 "Node not found" when the node does '
            "not exist."
        ),
        response_example=[
            {
                "id": 1,
                "name": "Frame Options",
                "node_type": "category",
                "ltree_path": "frame_options",
                "depth": 0,
                "price_impact_value": None,
                "weight_impact": "0.00",
                "children": [
                    {
                        "id": 2,
                        "name": "Material Type",
                        "node_type": "attribute",
                        "ltree_path": "frame_options.material_type",
                        "depth": 1,
                        "price_impact_value": None,
                        "weight_impact": "0.00",
                        "children": [
                            {
                                "id": 3,
                                "name": "Aluminum",
                                "node_type": "option",
                                "ltree_path": "frame_options.material_type.aluminum",
                                "depth": 2,
                                "price_impact_value": "50.00",
                                "weight_impact": "2.00",
                                "children": [],
                            }
                        ],
                    }
                ],
            }
        ],
    ),
    # -- configurations ----------------------------------------------------------------------------
    "configurator_configurations_list": Doc(
        summary="List your configurations",
        description=(
            f"Your configurations, newest first. {SUPERUSER_SEES_ALL} Filter with `manufacturing_type_id` and "
            f"`status` (`draft`, `saved`, `quoted`, `ordered`). {PAGED}"
        ),
        response_example=page(CONFIGURATION),
    ),
    "configurator_configurations_create": Doc(
        summary="Start a configuration",
        description=(
            "Starts configuring a product for yourself: a `draft` at the product's base price, with a "
            "`reference_code` such as `WIN-20240127-001`. You may send the first `selections` at once (the "
            "same items as `PATCH /configurations/{id}/selections`). Only superusers may name a "
            "`customer_id`. An unknown product type is 404; a retired one is 422."
        ),
        request_example={
            "manufacturing_type_id": 1,
            "name": "Living Room Window",
            "description": "Bay window facing south",
            "selections": [],
        },
        response_example={
            **CONFIGURATION,
            "total_price": "200.00",
            "calculated_weight": "15.00",
            "calculated_technical_data": {},
        },
    ),
    "configurator_configurations_retrieve": Doc(
        summary="Read a configuration",
        description="One configuration with every selection and what each adds to the price and weight.",
        response_example={**CONFIGURATION, "selections": SELECTIONS},
    ),
    "configurator_configurations_partial_update": Doc(
        summary="Rename a configuration or change its status",
        description=(
            "Changes `name`, `description` and `status` (`draft` or `saved`; `quoted` and `ordered` follow "
            "from quotes and orders). Selections change through `PATCH /configurations/{id}/selections`. "
            "An ordered configuration can no longer change: 409."
        ),
        request_example={"name": "Updated Window Name", "description": "Updated description"},
        response_example={
            **CONFIGURATION,
            "name": "Updated Window Name",
            "description": "Updated description",
            "updated_at": "2024-01-27T12:15:00Z",
        },
    ),
    "configurator_configurations_destroy": Doc(
        summary="Delete a configuration",
        description=(
            "Deletes the configuration and its selections for good; its quotes keep their amounts. An "
            "ordered configuration cannot be deleted: 409. Answers 204 with no body."
        ),
    ),
    "configurator_configurations_selections_partial_update": Doc(
        summary="Set a configuration's selections",
        description=(
            "Replaces every selection with the array you send (an empty array goes back to the base "
            "product) and prices the configuration again. Each item names an `attribute_node_id` of the "
            "same product and one value: `string_value`, `numeric_value` (at most 15 significant digits, 6 "
            "after the point), `boolean_value` or `json_value`. An unknown node is 404; a node of another "
            "product, the same node twice, an option hidden by another choice or a value its rules refuse "
            "is 422 naming `selections.<index>`, and nothing is saved. An ordered configuration answers 409."
        ),
        request_example=SELECTIONS_SENT,
        response_example={**CONFIGURATION, "selections": SELECTIONS},
    ),
    # -- templates ---------------------------------------------------------------------------------
    "configurator_templates_list": Doc(
        summary="List templates",
        description=(
            "Ready-made configurations to start from: public, active templates (superusers see private "
            "ones too). Filter with `manufacturing_type_id` and `template_type` (`standard`, `premium`, "
            f"`economy`, `custom`). `success_rate` is the share of configurations made from it that were "
            f"ordered, in percent. {PAGED}"
        ),
        response_example=page(TEMPLATE),
    ),
    "configurator_templates_create": Doc(
        summary="Create a template",
        description=(
            "Adds a template for a product type, optionally with its `selections` (the same items as a "
            "configuration's). `estimated_price` and `estimated_weight` default to what those selections "
            "cost. An unknown product type is 404."
        ),
        request_example={
            "name": "Premium Energy-Efficient Window",
            "description": "High-performance window with triple-pane glass",
            "manufacturing_type_id": 1,
            "template_type": "premium",
            "is_public": True,
            "estimated_price": "750.00",
            "estimated_weight": "28.00",
            "selections": [{"attribute_node_id": 4, "string_value": "Vinyl"}],
        },
        response_example={
            **TEMPLATE,
            "id": 15,
            "name": "Premium Energy-Efficient Window",
            "description": "High-performance window with triple-pane glass",
            "template_type": "premium",
            "usage_count": 0,
            "success_rate": "0.00",
            "estimated_price": "750.00",
            "estimated_weight": "28.00",
            "created_at": "2024-01-27T13:00:00Z",
            "updated_at": "2024-01-27T13:00:00Z",
        },
    ),
    "configurator_templates_retrieve": Doc(
        summary="Read a template",
        description=(
            "One template with its selections. A private or retired template answers 404 to users who are "
            "not superusers."
        ),
        response_example={
            **TEMPLATE,
            "selections": [
                {
                    "id": 1,
                    "template_id": 10,
                    "attribute_node_id": 4,
                    "string_value": "Vinyl",
                    "numeric_value": None,
                    "boolean_value": None,
                    "json_value": None,
                    "selection_path": "frame_options.material_type.vinyl",
                    "created_at": "2024-01-01T00:00:00Z",
                }
            ],
        },
    ),
    "configurator_templates_apply_create": Doc(
        summary="Start a configuration from a template",
        description=(
            "Creates a configuration of your own with the template's selections, which you can then change. "
            "Name it with the `configuration_name` query parameter (up to 200 characters); no request body. "
            "A template you cannot see answers 404."
        ),
        response_example={"configuration_id": 124, "message": "Template applied successfully"},
    ),
    # -- quotes ------------------------------------------------------------------------------------
    "configurator_quotes_list": Doc(
        summary="List your quotes",
        description=(
            f"Your quotes, newest first. {SUPERUSER_SEES_ALL} Filter with `status` (`draft`, `sent`, "
            f"`accepted`, `rejected`, `expired`). {PAGED}"
        ),
        response_example=page(QUOTE),
    ),
    "configurator_quotes_create": Doc(
        summary="Get a quote for a configuration",
        description=(
            "Prices one of your configurations and keeps the amounts, so later price changes do not alter "
            "the quote: `subtotal` is the configuration's total, `tax_amount` = subtotal x `tax_rate` / 100 "
            "(0 to 100, rounded to cents) and `total_amount` = subtotal + tax - `discount_amount`. The quote "
            "is valid for `valid_days` (default 30) or until `valid_until`. Only superusers set a discount "
            "or a longer validity; from others they are ignored. Another user's configuration is 403, an "
            "unknown one 404."
        ),
        request_example={
            "configuration_id": 123,
            "tax_rate": "8.50",
            "discount_amount": "0.00",
            "technical_requirements": {"installation": "professional", "warranty": "10_years"},
            "valid_days": 30,
        },
        response_example={
            **QUOTE,
            "id": 502,
            "quote_number": "Q-20240127-002",
            "valid_until": "2024-02-26",
            "status": "draft",
            "created_at": "2024-01-27T14:00:00Z",
            "updated_at": "2024-01-27T14:00:00Z",
        },
    ),
    "configurator_quotes_retrieve": Doc(
        summary="Read a quote",
        description="One quote with its amounts, validity and status.",
        response_example=QUOTE,
    ),
    "configurator_quotes_partial_update": Doc(
        summary="Accept, reject or send a quote",
        description=(
            "Moves a quote along `draft` → `sent` → `accepted`, `rejected` or `expired`. The quote's owner "
            "may accept or reject a `sent` quote; every other move needs a superuser (403). A move that does "
            "not follow, or accepting after `valid_until`, is 422 `INVALID_QUOTE_STATUS`. An accepted quote "
            "can be ordered with `POST /orders`."
        ),
        request_example={"status": "accepted"},
        response_example={**QUOTE, "status": "accepted", "updated_at": "2024-01-21T09:00:00Z"},
    ),
    # -- orders ------------------------------------------------------------------------------------
    "configurator_orders_list": Doc(
        summary="List your orders",
        description=(
            f"Orders placed from your quotes, newest first. {SUPERUSER_SEES_ALL} Filter with `status` "
            f"(`confirmed`, `production`, `shipped`, `installed`). {PAGED}"
        ),
        response_example=page(ORDER),
    ),
    "configurator_orders_create": Doc(
        summary="Order an accepted quote",
        description=(
            "Places the order for one of your quotes; it starts as `confirmed`. The quote must be "
            "`accepted` (otherwise 422 `INVALID_QUOTE_STATUS`) and may be ordered once (otherwise 422 "
            "`ORDER_ALREADY_EXISTS`). `required_date` may not be in the past; `installation_address` "
            "defaults to the customer's address. Another user's quote is 403, an unknown one 404."
        ),
        request_example={
            "quote_id": 501,
            "required_date": "2024-02-15",
            "special_instructions": "Call before delivery",
            "installation_address": ADDRESS,
        },
        response_example=ORDER,
    ),
    "configurator_orders_retrieve": Doc(
        summary="Read an order",
        description="One order with its items and each item's production status.",
        response_example={
            **ORDER,
            "status": "production",
            "items": [
                {
                    "id": 1,
                    "order_id": 301,
                    "configuration_id": 123,
                    "quantity": 1,
                    "unit_price": "569.63",
                    "total_price": "569.63",
                    "production_status": "in_production",
                    "created_at": "2024-01-25T10:00:00Z",
                    "updated_at": "2024-01-26T14:30:00Z",
                }
            ],
        },
    ),
    # -- customers ---------------------------------------------------------------------------------
    "configurator_customers_list": Doc(
        summary="List customers",
        description=(
            "Every customer, oldest first. Filter with `is_active` and `customer_type` (`residential`, "
            f"`commercial`, `contractor`). {PAGED}"
        ),
        response_example=page(CUSTOMER),
    ),
    "configurator_customers_create": Doc(
        summary="Create a customer",
        description=(
            "Adds a customer. `contact_person`, `email` and `customer_type` are required, and "
            "`company_name` too for commercial customers and contractors. The e-mail address must be unique "
            "regardless of case: 409 otherwise."
        ),
        request_example={
            "company_name": "XYZ Builders",
            "contact_person": "Jane Smith",
            "email": "jane@xyz.com",
            "phone": "555-5678",
            "address": {
                "street": "789 Construction Blvd",
                "city": "Springfield",
                "state": "IL",
                "zip": "62701",
                "country": "USA",
            },
            "customer_type": "contractor",
            "tax_id": "98-7654321",
            "payment_terms": "net_15",
            "notes": "New contractor, requires credit check",
        },
        response_example={
            "id": 43,
            "company_name": "XYZ Builders",
            "contact_person": "Jane Smith",
            "email": "jane@xyz.com",
            "phone": "555-5678",
            "address": {
                "street": "789 Construction Blvd",
                "city": "Springfield",
                "state": "IL",
                "zip": "62701",
                "country": "USA",
            },
            "customer_type": "contractor",
            "tax_id": "98-7654321",
            "payment_terms": "net_15",
            "is_active": True,
            "notes": "New contractor, requires credit check",
            "created_at": "2024-01-27T16:00:00Z",
            "updated_at": "2024-01-27T16:00:00Z",
        },
    ),
    "configurator_customers_retrieve": Doc(
        summary="Read a customer",
        description='One customer by its id; 404 "Customer not found" when there is none.',
        response_example=CUSTOMER,
    ),
    "configurator_customers_partial_update": Doc(
        summary="Update a customer",
        description=(
            "Changes the fields you send and keeps the others. An e-mail address another customer has "
            "answers 409; changing the type to commercial or contractor needs a `company_name`."
        ),
        request_example={"phone": "555-9999", "payment_terms": "net_30"},
        response_example={**CUSTOMER, "phone": "555-9999", "updated_at": "2024-01-27T16:15:00Z"},
    ),
}
